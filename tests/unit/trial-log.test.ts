// The append-only trial log of `fast search --checkpoint F` (shared/search/trial-log.ts, cli/trial-log-file.ts):
// a log cut anywhere by a kill — in the middle of a trial line (a torn last line), between a batch's trial lines and
// its batch end, in the middle of a pending result — resumes to the uninterrupted run's output, leaves a log that
// holds every trial once and reads back whole; a line damaged anywhere but last is refused with its line number.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { CheckpointError, normalizeStudy } from '../../shared/search/index';
import { TrialLogReader, trialLogText } from '../../shared/search/trial-log';
import { viewLog } from '../fixtures/trial-log';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fast-log-'));
const args = ['search', '--workload', 'teaching-cnn', '--trials', '12', '--trials-per-batch', '4', '--seed', '9', '--algorithm', 'evolution', '--workers', '1', '--json'];

/** Read `text` with TrialLogReader as the CLI does (line by line, the last line torn when it has no line break). */
function read(text: string) {
  const study = normalizeStudy({ workloads: ['teaching-cnn'], trials: 12, trialsPerBatch: 4, seed: 9, algorithm: 'evolution' });
  const r = new TrialLogReader();
  const lines = text.split('\n');
  let offset = 0;
  lines.forEach((l, i) => {
    const last = i === lines.length - 1;
    if (last && l === '') return;
    offset += Buffer.byteLength(l) + (last ? 0 : 1);
    r.line(l, offset, last);
  });
  return { study, r };
}

describe('trial log: a kill anywhere, then resume', () => {
  let full = '';
  let uninterrupted = '';

  it('a finished run writes header, pending results, trials and batch ends', async () => {
    const cp = join(dir, 'full.jsonl');
    const r = await run([...args, '--checkpoint', cp]);
    expect(r.code, r.err).toBe(0);
    uninterrupted = r.out;
    full = readFileSync(cp, 'utf8');
    const v = viewLog(full);
    expect(v.header.format).toBe('fast-search-log');
    expect(v.trials.map((t) => t.index)).toEqual([...Array(12).keys()]);
    expect(v.lines.filter((l) => l.startsWith('{"batchEnd"'))).toEqual(['{"batchEnd":0,"told":4}', '{"batchEnd":1,"told":8}', '{"batchEnd":2,"told":12}']);
    expect(v.lines.some((l) => l.startsWith('{"pending"'))).toBe(true);
    expect(JSON.parse(r.out).trials).toEqual(v.trials);
  }, 60_000);

  const cuts: [string, (log: string) => string][] = [
    ['in the middle of a trial line (a torn last line)', (t) => { const at = t.indexOf('{"index":9,'); return t.slice(0, at + 40); }],
    ['between a batch\'s trial lines and its batch end', (t) => t.slice(0, t.indexOf('\n', t.indexOf('{"index":9,')) + 1)],
    ['in the middle of a pending result', (t) => { const end = t.indexOf('{"batchEnd":1'); const at = t.indexOf('{"pending"', end); return t.slice(0, at + 30); }],
    ['right after a batch end', (t) => t.slice(0, t.indexOf('\n', t.indexOf('{"batchEnd":0')) + 1)],
  ];
  it.each(cuts)('cut %s: resumes to the uninterrupted output, every trial once', async (_, cut) => {
    const cp = join(dir, `cut-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(cp, cut(full));
    const r = await run([...args, '--checkpoint', cp]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(uninterrupted);
    const after = readFileSync(cp, 'utf8');
    expect(after.endsWith('\n')).toBe(true);
    const lines = after.split('\n').slice(0, -1);
    for (const l of lines) JSON.parse(l); // no torn or stray line is left behind
    const indices = lines.filter((l) => l.startsWith('{"index"')).map((l) => JSON.parse(l).index);
    expect(indices).toEqual([...Array(12).keys()]);
  }, 60_000);

  it('the reader: a torn last line is ignored, a damaged line anywhere else is refused with its number', () => {
    const { study, r } = read(full.slice(0, full.indexOf('{"index":9,') + 40));
    const got = r.finish(study, JSON.parse(full.split('\n')[0]).workloadDigest);
    expect(got.kind).toBe('log');
    if (got.kind !== 'log') return;
    expect(got.tornLastLine).toBe(true);
    expect(got.checkpoint.trials).toHaveLength(8);
    expect(got.checkpoint.pending.length).toBeGreaterThan(0); // trial 8 of the batch cut short, restored
    const lines = full.split('\n');
    const bad = lines.findIndex((l) => l.startsWith('{"index":5,'));
    lines[bad] = lines[bad].slice(0, 30);
    expect(() => read(lines.join('\n')).r).toThrow(new CheckpointError(`checkpoint is damaged: line ${bad + 1} is not JSON`));
  });

  it('a whole log written from a checkpoint (conversion of an older JSON one) reads back to the same checkpoint', () => {
    const { study, r } = read(full);
    const digest = JSON.parse(full.split('\n')[0]).workloadDigest;
    const first = r.finish(study, digest);
    if (first.kind !== 'log') throw new Error('not a log');
    const again = read(trialLogText(first.checkpoint)).r.finish(study, digest);
    if (again.kind !== 'log') throw new Error('not a log');
    expect(again.checkpoint).toEqual(first.checkpoint);
    expect(again.tornLastLine).toBe(false);
  });
});
