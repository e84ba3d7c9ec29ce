// The versioned IndexedDB store (web/src/lib/idb-store.ts) in Chromium: schema upgrades run from the stored version
// to the new one (and only those), records round-trip, an old record is migrated step by step on read, and every
// kind of damage is reported as `corrupt` with a reason that says what is wrong — never thrown.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, readEnvelope, VersionedStore, type SchemaUpgrade } from '../../web/src/lib/idb-store';

const NAME = `fast-explorer-test-${Math.random().toString(36).slice(2)}`;
const deleteDb = (name: string) => new Promise<void>((resolve) => {
  const r = indexedDB.deleteDatabase(name);
  r.onsuccess = r.onerror = r.onblocked = () => resolve();
});
afterAll(() => deleteDb(NAME));

interface Point { x: number; y: number; label: string }
const validate = (v: unknown): Point => {
  const p = v as Partial<Point> | null;
  if (!p || typeof p.x !== 'number' || typeof p.y !== 'number' || typeof p.label !== 'string') throw new Error('a point needs numbers x and y and a label');
  return p as Point;
};

describe('openDatabase: schema versions', () => {
  it('creates the stores of every step on first open, then runs only the newer steps on upgrade', async () => {
    const ran: string[] = [];
    const v1: SchemaUpgrade[] = [{ toVersion: 1, apply: (db) => { ran.push('1'); db.createObjectStore('points'); } }];
    const db1 = await openDatabase(NAME, 1, v1);
    expect([...db1.objectStoreNames]).toEqual(['points']);
    db1.close();
    const v2: SchemaUpgrade[] = [...v1, { toVersion: 2, apply: (db) => { ran.push('2'); db.createObjectStore('extra'); } }];
    const db2 = await openDatabase(NAME, 2, v2);
    expect([...db2.objectStoreNames].sort()).toEqual(['extra', 'points']);
    expect(ran).toEqual(['1', '2']); // step 1 did not run again
    db2.close();
  });

  it('refuses to open an older schema version than the one stored, with a message', async () => {
    await expect(openDatabase(NAME, 1, [])).rejects.toThrow(/could not open/);
  });

  it('says so when there is no IndexedDB', async () => {
    await expect(openDatabase(NAME, 1, [], null)).rejects.toThrow(/no IndexedDB/);
  });
});

describe('VersionedStore: records and record versions', () => {
  const db = () => openDatabase(NAME, 2, []);
  const v2 = new VersionedStore<Point>(db, {
    store: 'points', format: 'test/point', version: 2, validate,
    // version 1 stored [x, y]; version 2 stores { x, y, label }
    migrations: { 1: (v) => { const [x, y] = v as [number, number]; return { x, y, label: 'migrated' }; } },
  });

  it('round-trips a record and reports a missing key as missing', async () => {
    await v2.put('a', { x: 1, y: 2, label: 'a' });
    const r = await v2.get('a');
    expect(r).toMatchObject({ status: 'ok', value: { x: 1, y: 2, label: 'a' } });
    expect(r.status === 'ok' && r.savedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(await v2.get('nope')).toEqual({ status: 'missing' });
  });

  it('migrates a record written by version 1', async () => {
    await v2.putRaw('old', { format: 'test/point', version: 1, savedAt: 5, value: [3, 4] });
    expect(await v2.get('old')).toEqual({ status: 'ok', value: { x: 3, y: 4, label: 'migrated' }, savedAt: 5, migratedFrom: 1 });
  });

  it.each([
    ['not an object', 42, /not an object/],
    ['another format', { format: 'other', version: 2, value: {} }, /format is "other", expected "test\/point"/],
    ['a newer version', { format: 'test/point', version: 3, value: {} }, /newer version of this app \(record version 3; this app reads up to 2\)/],
    ['a bad version', { format: 'test/point', version: 'x', value: {} }, /version "x" is not a whole number/],
    ['a failing migration', { format: 'test/point', version: 1, value: null }, /migrating the record from version 1 failed/],
    ['an invalid value', { format: 'test/point', version: 2, value: { x: 'one' } }, /needs numbers x and y/],
  ])('reports %s as corrupt, with the reason and the raw record', async (_what, raw, reason) => {
    await v2.putRaw('bad', raw);
    const r = await v2.get('bad');
    expect(r.status).toBe('corrupt');
    if (r.status !== 'corrupt') return;
    expect(r.reason).toMatch(reason);
    expect(r.raw).toEqual(raw);
  });

  it('has no migration for a version gap and says so', () => {
    const r = readEnvelope({ format: 'f', version: 1, value: 1 }, { format: 'f', version: 3, validate: (v) => v, migrations: { 1: (v) => v } });
    expect(r).toMatchObject({ status: 'corrupt', reason: 'no migration from record version 2 to 3' });
  });

  it('lists every record, readable or not, and deletes', async () => {
    const all = await v2.all();
    expect(all.map((a) => a.key).sort()).toEqual(['a', 'bad', 'old']);
    expect(all.find((a) => a.key === 'bad')!.result.status).toBe('corrupt');
    await v2.delete('bad');
    expect(await v2.get('bad')).toEqual({ status: 'missing' });
  });
});
