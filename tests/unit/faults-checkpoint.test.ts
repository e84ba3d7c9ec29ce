// Checkpoint files as they fail in practice (docs/model.md §8): every unusable checkpoint of `fast search` and `fast
// reproduce` — not JSON, truncated mid-write by an older tool, empty, another tool's, damaged trials, an edited design
// that no longer replays, a damaged finished study — is exit 2 and one line naming the file and the choice (delete
// it or --restart), never a crash; --restart starts over and gives the uninterrupted result. The writer is atomic and
// serialized: a burst of writes leaves the last value and no temp file.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { CheckpointFile, readCheckpointFile } from '../../cli/checkpoint-file';
import { asJsonCheckpoint, viewLog } from '../fixtures/trial-log';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fast-cp-'));
const WAY_OUT = /: delete it or pass --restart to start over\n$/;

describe('CheckpointFile', () => {
  it('serializes atomic writes: the last value wins, no temp file is left, throttled writes are skipped', async () => {
    const path = join(dir, 'burst.json');
    const f = new CheckpointFile(path, { minIntervalMs: 60_000 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => f.write({ i, pad: 'x'.repeat(10_000 * (i % 3)) })));
    expect(JSON.parse(readFileSync(path, 'utf8')).i).toBe(19);
    await f.write({ i: 'throttled-1' }, { throttle: true });
    await f.write({ i: 'throttled-2' }, { throttle: true }); // within the interval: skipped
    expect(JSON.parse(readFileSync(path, 'utf8')).i).toBe('throttled-1');
    expect(readdirSync(dir).filter((n) => n.startsWith('burst.json.tmp'))).toEqual([]);
    expect(await readCheckpointFile(join(dir, 'none.json'))).toBeUndefined();
  });
});

describe('fast search: unusable checkpoints', () => {
  const args = ['search', '--workload', 'teaching-cnn', '--trials', '8', '--trials-per-batch', '4', '--seed', '3', '--algorithm', 'evolution', '--workers', '1', '--json'];
  let good = '';
  let uninterrupted = '';

  let goodLog = '';
  it('writes a checkpoint (a trial log) that a rerun resumes', async () => {
    const cp = join(dir, 'good.json');
    const r = await run([...args, '--checkpoint', cp]);
    expect(r.code, r.err).toBe(0);
    uninterrupted = r.out;
    goodLog = readFileSync(cp, 'utf8');
    expect(viewLog(goodLog).trials).toHaveLength(8);
    // The older whole-JSON checkpoint of the same study (still read): the damage below is done to it.
    good = asJsonCheckpoint(goodLog);
    const old = join(dir, 'old-format.json');
    writeFileSync(old, good);
    const again = await run([...args, '--checkpoint', old]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toBe(uninterrupted);
    expect(viewLog(readFileSync(old, 'utf8')).trials).toHaveLength(8); // converted to a log
  });

  const damage: [string, (text: string) => string, RegExp][] = [
    ['not JSON', () => '{ "format": "fast-search-checkpoint", ', /the file is corrupt \(not JSON/],
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2)), /the file is corrupt \(not JSON/],
    ['empty', () => '   \n', /the file is empty/],
    ['another tool\'s JSON', () => '[1, 2, 3]', /checkpoint is not a FAST search checkpoint/],
    ['a damaged trial', (t) => { const j = JSON.parse(t); j.trials[2].gainVsTpuV3 = 'fast'; return JSON.stringify(j); }, /checkpoint is damaged: trials\[2\]\.gainVsTpuV3/],
    ['a trial without a design', (t) => { const j = JSON.parse(t); delete j.trials[5].hardware; return JSON.stringify(j); }, /checkpoint is damaged: trials\[5\]\.hardware is not a valid design/],
    ['trials out of order', (t) => { const j = JSON.parse(t); [j.trials[0], j.trials[1]] = [j.trials[1], j.trials[0]]; return JSON.stringify(j); }, /trials\[0\] is out of order/],
    ['an edited design', (t) => {
      const j = JSON.parse(t);
      j.trials[1].hardware.dataflow = j.trials[1].hardware.dataflow === 'ws' ? 'os' : 'ws';
      return JSON.stringify(j);
    }, /checkpoint does not replay: trial 1 differs/],
    ['a huge study field', (t) => { const j = JSON.parse(t); j.study.seed = 'x'.repeat(100_000); return JSON.stringify(j); }, /checkpoint belongs to another study: seed is "x{50,60}… in the checkpoint but 3 now/],
  ];
  it.each(damage)('%s: exit 2, one line naming the file and the way out', async (_, edit, problem) => {
    const cp = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(cp, edit(good));
    const r = await run([...args, '--checkpoint', cp]);
    expect(r.code, r.err).toBe(2);
    expect(r.err.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.err).toMatch(new RegExp(`^fast: checkpoint "${cp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": `));
    expect(r.err).toMatch(problem);
    expect(r.err).toMatch(WAY_OUT);
    expect(r.err.length).toBeLessThan(600);
    // --restart ignores it, starts over and ends as the uninterrupted run did; the file then holds the new study.
    const again = await run([...args, '--checkpoint', cp, '--restart']);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toBe(uninterrupted);
    expect(viewLog(readFileSync(cp, 'utf8')).trials).toHaveLength(8);
  });

  // The same damage to a trial log: one line naming the file, the line and the way out.
  const edit = (n: number, f: (v: Record<string, any>) => void) => (t: string) => t.split('\n').map((l, i) => {
    if (i !== n) return l;
    const v = JSON.parse(l);
    f(v);
    return JSON.stringify(v);
  }).join('\n');
  const trialLine = (t: string, index: number) => t.split('\n').findIndex((l) => l.startsWith(`{"index":${index},`));
  const logDamage: [string, (text: string) => string, RegExp][] = [
    ['a header cut short', (t) => t.slice(0, 40), /the file is corrupt \(not JSON/],
    ['another tool\'s lines', () => '{"format":"fast-search-log","version":7}\n', /trial log version 7 is not supported/],
    ['a line that is not JSON', (t) => { const l = t.split('\n'); l[trialLine(t, 2)] = '{"index":2,'; return l.join('\n'); }, /checkpoint is damaged: line \d+ is not JSON/],
    ['a damaged trial', (t) => edit(trialLine(t, 2), (v) => { v.gainVsTpuV3 = 'fast'; })(t), /checkpoint is damaged: trials\[2\]\.gainVsTpuV3/],
    ['a trial missing', (t) => t.split('\n').filter((_, i) => i !== trialLine(t, 1)).join('\n'), /holds trial 2, expected 1/],
    ['an edited design', (t) => edit(trialLine(t, 1), (v) => { v.hardware.dataflow = v.hardware.dataflow === 'ws' ? 'os' : 'ws'; })(t), /checkpoint does not replay: trial 1 differs/],
    ['another study\'s header', (t) => edit(0, (v) => { v.study.seed = 4; })(t), /checkpoint belongs to another study: seed is 4 in the checkpoint but 3 now/],
  ];
  it.each(logDamage)('trial log, %s: exit 2, one line naming the file and the way out', async (_, damage, problem) => {
    const cp = join(dir, `bad-log-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(cp, damage(goodLog));
    const r = await run([...args, '--checkpoint', cp]);
    expect(r.code, r.err).toBe(2);
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toMatch(problem);
    expect(r.err).toMatch(WAY_OUT);
  });

  it('--restart without --checkpoint is a usage error', async () => {
    const r = await run([...args, '--restart']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('fast: --restart needs --checkpoint F (it starts F over)\n');
  });
});

describe('fast reproduce: unusable checkpoints', () => {
  const args = ['reproduce', '--quick', '--trials', '4', '--workloads', 'efficientnet-b0', '--workers', '1', '--json'];
  let good = '';
  let first = '';

  it('writes a checkpoint that a rerun reads back', async () => {
    const ck = join(dir, 'repro.json');
    const r = await run([...args, '--checkpoint', ck]);
    expect(r.code, r.err).toBe(0);
    first = r.out;
    good = readFileSync(ck, 'utf8');
    expect(Object.keys(JSON.parse(good).done).length).toBeGreaterThan(0);
  }, 120_000);

  const damage: [string, (text: string) => string, RegExp][] = [
    ['not JSON', (t) => t.slice(0, 100), /the file is corrupt \(not JSON/],
    ['another tool\'s', () => '{"format":"something-else"}', /it is not a fast reproduce checkpoint of this version/],
    ['other settings', (t) => { const j = JSON.parse(t); j.settings.seed = 99; return JSON.stringify(j); }, /other settings .*: use the same flags, delete it, or pass --restart/],
    ['no finished-studies record', (t) => { const j = JSON.parse(t); j.done = [1]; return JSON.stringify(j); }, /it is damaged/],
    ['a damaged finished study', (t) => {
      const j = JSON.parse(t);
      const id = Object.keys(j.done)[0];
      j.done[id].trials[0].hardware = { cores: 'many' };
      return JSON.stringify(j);
    }, /study ".*": checkpoint is damaged: trials\[0\]\.hardware/],
    ['a finished study cut short', (t) => {
      const j = JSON.parse(t);
      const id = Object.keys(j.done)[0];
      j.done[id].trials.pop();
      return JSON.stringify(j);
    }, /its finished study holds 3 trials, not 4/],
  ];
  it.each(damage)('%s: exit 2, one line naming the file and the way out', async (_, edit, problem) => {
    const ck = join(dir, `repro-bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(ck, edit(good));
    const r = await run([...args, '--checkpoint', ck]);
    expect(r.code, r.err).toBe(2);
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toMatch(problem);
    expect(r.err).toMatch(/delete it,? or pass --restart to start over\n$/);
  }, 60_000);

  it('--restart starts over and reproduces the same report', async () => {
    const ck = join(dir, 'repro-restart.json');
    writeFileSync(ck, '{ torn');
    const r = await run([...args, '--checkpoint', ck, '--restart']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(first));
    expect(existsSync(ck)).toBe(true);
    expect(JSON.parse(readFileSync(ck, 'utf8')).format).toBe('fast-reproduce-checkpoint');
  }, 120_000);
});
