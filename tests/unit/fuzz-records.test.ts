// The browser's saved state (IndexedDB records of issue 9: the current search and imported workloads), fuzzed in
// Node through the same validators the page's store runs (web/src/lib: validateSearchRecord, validateImportRecord,
// readEnvelope): a saved record mutated in every way ends as a record that resumes to a complete study, or as
// "corrupt" with a clear one-line reason — never an exception, which the store would otherwise report as the reason.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateSearchRecord, workloadDigest, SEARCH_RECORD_FORMAT, SEARCH_RECORD_VERSION } from '../../web/src/lib/search-record';
import { validateImportRecord, toImported } from '../../web/src/lib/import-files';
import { readEnvelope } from '../../web/src/lib/idb-store';
import { runStudy, type Checkpoint } from '../../shared/search/index';
import { checkpointSeeds, cpStudy, evilValue, mutationArb, mutate, stubScorer, unclear } from '../fuzz/targets';
import { tinyWorkload } from '../fixtures/tiny-workload';

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_123);

/** A thrown Error must be a clear message; anything else (TypeError, …) is a crash the store would hide as a reason. */
function expectClear(e: unknown, input: unknown) {
  const u = unclear(e);
  if (u) throw new Error(`${u.kind}: ${u.detail}\ninput: ${JSON.stringify(input)?.slice(0, 400)}`);
}

describe('saved browser records, fuzzed', () => {
  let seeds: Checkpoint[] = [];
  beforeAll(async () => { seeds = await checkpointSeeds(); });

  it('a saved search: valid, or refused with a clear reason; a valid one resumes to a complete study', async () => {
    const digest = workloadDigest(['teaching-cnn']);
    const records = () => seeds.map((cp, i) => ({ status: (['running', 'paused', 'done'] as const)[i % 3], checkpoint: { ...cp, workloadDigest: digest }, payload: ['teaching-cnn'], workers: 2, elapsedSeconds: 3 }));
    let ok = 0, refused = 0;
    await fc.assert(fc.asyncProperty(fc.nat(), fc.array(mutationArb, { minLength: 0, maxLength: 3 }), async (i, ms) => {
      const rec = mutate(records()[i % seeds.length], ms);
      let valid;
      try { valid = validateSearchRecord(rec); } catch (e) { expectClear(e, rec); refused++; return; }
      ok++;
      const r = await runStudy({ study: valid.checkpoint.study, workloadDigest: valid.checkpoint.workloadDigest, scorer: stubScorer, resume: valid.checkpoint })
        .catch((e) => { expectClear(e, rec); return undefined; });
      if (r) expect(r.trials).toHaveLength(valid.checkpoint.study.trials);
      // the store's read path: the same verdict, inside an envelope
      const read = readEnvelope({ format: SEARCH_RECORD_FORMAT, version: SEARCH_RECORD_VERSION, savedAt: 1, value: rec }, { format: SEARCH_RECORD_FORMAT, version: SEARCH_RECORD_VERSION, validate: validateSearchRecord });
      expect(read.status).toBe('ok');
    }), { numRuns: 80, seed: SEED });
    expect(ok).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(cpStudy.trials).toBe(12);
  });

  it('a saved search whose checkpoint is JSON text (as the study worker writes it), cut or with bytes changed: the same record as the object, or refused with a clear reason', () => {
    const digest = workloadDigest(['teaching-cnn']);
    let same = 0, refused = 0;
    fc.assert(fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.constantFrom('cut', 'flip', 'drop', 'none')), { minLength: 0, maxLength: 3 }), (i, edits) => {
      const cp = { ...seeds[i % seeds.length], workloadDigest: digest };
      let text = JSON.stringify(cp);
      for (const [at, kind] of edits) {
        const k = at % Math.max(1, text.length);
        if (kind === 'cut') text = text.slice(0, k);
        else if (kind === 'flip') text = text.slice(0, k) + String.fromCharCode(33 + (at % 90)) + text.slice(k + 1);
        else if (kind === 'drop') text = text.slice(0, k) + text.slice(k + 1);
      }
      const rec = { status: 'running', checkpoint: text, payload: ['teaching-cnn'], workers: 2, elapsedSeconds: 3 };
      let valid;
      try { valid = validateSearchRecord(rec); } catch (e) { expectClear(e, rec); refused++; return; }
      if (text === JSON.stringify(cp)) {
        same++;
        expect(valid).toEqual(validateSearchRecord({ ...rec, checkpoint: cp }));
      }
    }), { numRuns: 150, seed: SEED });
    expect(same).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('a saved import: valid, or refused with a clear reason; a valid one gives its counts', () => {
    const record = { spec: tinyWorkload, files: [{ name: 'tiny.json', bytes: 1234, kind: 'json' }] };
    fc.assert(fc.property(fc.oneof(fc.array(mutationArb, { minLength: 1, maxLength: 3 }).map((ms) => mutate(record, ms)), evilValue), (rec) => {
      let valid;
      try { valid = validateImportRecord(rec); } catch (e) { expectClear(e, rec); return; }
      const w = toImported(valid);
      expect(Number.isFinite(w.counts.macs)).toBe(true);
    }), { numRuns: 150, seed: SEED });
  });
});
