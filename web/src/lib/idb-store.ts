// A small versioned IndexedDB store for what must survive a reload (a running search's checkpoint, imported
// workloads). Two kinds of versions:
// - the database's schema version (IndexedDB's own): `openDatabase` runs every upgrade step from the old version to
//   the new one inside `onupgradeneeded` (the migration hook for object stores);
// - each record's format version: a record is `{ format, version, savedAt, value }`; reading one written by an
//   older version runs the `migrations` steps (v → v + 1) before `validate`, so old data is upgraded, not lost.
// A record that cannot be read (not an envelope, another format, a version newer than this app, a failing migration
// or validation) is reported as `corrupt` with the reason and the raw value — never thrown, never silently dropped:
// the caller shows a message and lets the user choose (download it, discard it). Pure DOM code, no Svelte.

/** A schema upgrade: runs inside `onupgradeneeded` when the database is older than `toVersion`. */
export interface SchemaUpgrade {
  toVersion: number;
  apply(db: IDBDatabase, tx: IDBTransaction): void;
}

/** Open (creating or upgrading) a database. Rejects with a one-line reason when IndexedDB is unavailable or blocked. */
export function openDatabase(name: string, version: number, upgrades: readonly SchemaUpgrade[], factory: IDBFactory | null = globalThis.indexedDB ?? null): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (!factory) { reject(new Error('this browser offers no IndexedDB (private mode?)')); return; }
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name, version);
    } catch (e) {
      reject(new Error(`IndexedDB refused to open "${name}": ${(e as Error).message}`));
      return;
    }
    req.onupgradeneeded = (ev) => {
      const db = req.result;
      const tx = req.transaction!;
      const from = ev.oldVersion;
      for (const u of [...upgrades].sort((a, b) => a.toVersion - b.toVersion)) {
        if (u.toVersion > from && u.toVersion <= version) u.apply(db, tx);
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab opening a newer schema asks us to close; do, so its upgrade is not blocked.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(new Error(`IndexedDB could not open "${name}": ${req.error?.message ?? 'unknown error'}`));
    req.onblocked = () => reject(new Error(`IndexedDB "${name}" is held open by an older version of this page in another tab; close it and reload`));
  });
}

/** What a stored record looks like. */
export interface Envelope {
  format: string;
  version: number;
  savedAt: number;
  value: unknown;
}

export type ReadResult<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T; savedAt: number; migratedFrom?: number }
  | { status: 'corrupt'; reason: string; raw: unknown };

export interface VersionedStoreOptions<T> {
  /** Object store name (created by a SchemaUpgrade). */
  store: string;
  /** Record format tag, e.g. "fast-explorer/search". */
  format: string;
  /** The record version this app writes. */
  version: number;
  /** migrations[v] upgrades a value of version v to version v + 1. */
  migrations?: Readonly<Record<number, (value: unknown) => unknown>>;
  /** Check a (migrated) value: return it typed, or throw an Error whose message says what is wrong. */
  validate(value: unknown): T;
}

function request<R>(req: IDBRequest<R>): Promise<R> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(req.error?.message ?? 'IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(new Error(tx.error?.message ?? 'IndexedDB transaction failed'));
    tx.onabort = () => reject(new Error(tx.error?.message ?? 'IndexedDB transaction aborted (storage full?)'));
  });
}

/** Turn a stored value into a typed record, or say why it cannot be. Exported for tests. */
export function readEnvelope<T>(raw: unknown, o: Pick<VersionedStoreOptions<T>, 'format' | 'version' | 'migrations' | 'validate'>): ReadResult<T> {
  const e = raw as Partial<Envelope> | null;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return { status: 'corrupt', reason: 'the record is not an object', raw };
  if (e.format !== o.format) return { status: 'corrupt', reason: `the record's format is ${JSON.stringify(e.format)}, expected "${o.format}"`, raw };
  if (typeof e.version !== 'number' || !Number.isInteger(e.version) || e.version < 1) {
    return { status: 'corrupt', reason: `the record's version ${JSON.stringify(e.version)} is not a whole number ≥ 1`, raw };
  }
  if (e.version > o.version) {
    return { status: 'corrupt', reason: `the record was written by a newer version of this app (record version ${e.version}; this app reads up to ${o.version})`, raw };
  }
  let value = e.value;
  for (let v = e.version; v < o.version; v++) {
    const step = o.migrations?.[v];
    if (!step) return { status: 'corrupt', reason: `no migration from record version ${v} to ${v + 1}`, raw };
    try {
      value = step(value);
    } catch (err) {
      return { status: 'corrupt', reason: `migrating the record from version ${v} failed: ${(err as Error).message}`, raw };
    }
  }
  try {
    const typed = o.validate(value);
    return {
      status: 'ok', value: typed, savedAt: typeof e.savedAt === 'number' ? e.savedAt : 0,
      ...(e.version < o.version ? { migratedFrom: e.version } : {}),
    };
  } catch (err) {
    return { status: 'corrupt', reason: (err as Error).message, raw };
  }
}

/** Typed records under string keys in one object store (`Stored`: what `put` takes, when it differs from what is read). */
export class VersionedStore<T, Stored = T> {
  readonly #db: () => Promise<IDBDatabase>;
  readonly #o: VersionedStoreOptions<T>;

  /** `db` opens (or returns) the database on each use, so a failed open can be retried. */
  constructor(db: () => Promise<IDBDatabase>, options: VersionedStoreOptions<T>) {
    this.#db = db;
    this.#o = options;
  }

  async get(key: string): Promise<ReadResult<T>> {
    const db = await this.#db();
    const raw = await request(db.transaction(this.#o.store, 'readonly').objectStore(this.#o.store).get(key));
    if (raw === undefined) return { status: 'missing' };
    return readEnvelope(raw, this.#o);
  }

  /** Every record, keyed (corrupt ones included, so they can be shown and discarded). */
  async all(): Promise<{ key: string; result: ReadResult<T> }[]> {
    const db = await this.#db();
    const store = db.transaction(this.#o.store, 'readonly').objectStore(this.#o.store);
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    return keys.map((k, i) => ({ key: String(k), result: readEnvelope<T>(values[i], this.#o) }));
  }

  /** Write a value (plain data: structured-cloneable; `$state.snapshot` Svelte state first). */
  async put(key: string, value: Stored): Promise<void> {
    const db = await this.#db();
    const tx = db.transaction(this.#o.store, 'readwrite');
    const envelope: Envelope = { format: this.#o.format, version: this.#o.version, savedAt: Date.now(), value };
    tx.objectStore(this.#o.store).put(envelope, key);
    await done(tx);
  }

  /** Write a raw value as is (tests: simulate a damaged or old record). */
  async putRaw(key: string, raw: unknown): Promise<void> {
    const db = await this.#db();
    const tx = db.transaction(this.#o.store, 'readwrite');
    tx.objectStore(this.#o.store).put(raw, key);
    await done(tx);
  }

  async delete(key: string): Promise<void> {
    const db = await this.#db();
    const tx = db.transaction(this.#o.store, 'readwrite');
    tx.objectStore(this.#o.store).delete(key);
    await done(tx);
  }
}
