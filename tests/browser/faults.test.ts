// Worker faults in Chromium (docs/model.md §8): module Web Workers with faults injected into chosen designs. A trap,
// a hang past the deadline and a worker that closes itself (no event reaches the page: the deadline catches it),
// each once, leave a study identical to a clean run; a design that traps every time becomes an infeasible trial with
// code 'error' and the reason while every other trial matches the clean run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import highsWasmUrl from 'highs/runtime?url';
import { createBrowserSimPool } from '../../web/src/pool';
import { normalizeStudy, poolScorer, runStudy, studySpace, type StudyResult, type StudySpec } from '../../shared/search/index';
import { faultyPool, type PlannedFault } from '../fuzz/fault-plan';

describe('faults in Web Workers during a study', () => {
  const DEADLINE_MS = 15_000; // generous: a teaching-cnn trial takes milliseconds, but a loaded CI machine can take seconds to boot a worker and load HiGHS
  const pool = createBrowserSimPool(2, { faultInjection: true });
  afterAll(() => pool.close());
  const study: StudySpec = normalizeStudy({ workloads: ['teaching-cnn'], algorithm: 'random', seed: 9, trials: 24, trialsPerBatch: 8 });
  const key = (d: unknown) => studySpace(study).key(d as never);
  const opts = { highsWasmUrl, deadlineMs: DEADLINE_MS };
  let clean: StudyResult;
  let ok: StudyResult['trials'];

  beforeAll(async () => {
    clean = await runStudy({ study, workloadDigest: 'f', scorer: poolScorer(pool, study, study.workloads, opts) });
    ok = clean.trials.filter((t) => t.status === 'ok' && t.duplicateOf === undefined);
    expect(ok.length).toBeGreaterThanOrEqual(6);
    expect(pool.faults).toHaveLength(0);
  }, 60_000);

  it('a trap, a hang and a self-closed worker, each once: identical to the clean run', async () => {
    const plan = new Map<string, PlannedFault>([
      [key(ok[0].hardware), { kind: 'trap', times: 1 }],
      [key(ok[2].hardware), { kind: 'hang', times: 1 }],
      [key(ok[4].hardware), { kind: 'kill', times: 1 }],
    ]);
    const before = pool.faults.length;
    const faulty = faultyPool(pool, plan, key);
    const r = await runStudy({ study, workloadDigest: 'f', scorer: poolScorer(faulty, study, study.workloads, opts) });
    expect(pool.faults.slice(before).map((f) => f.kind).sort()).toEqual(['timeout', 'timeout', 'trap']);
    expect([...faulty.sent.values()]).toEqual([2, 2, 2]);
    expect(r).toEqual(clean);
  }, 60_000);

  it('a design that traps every time becomes an error trial; every other trial as in the clean run', async () => {
    const bad = key(ok[1].hardware);
    const r = await runStudy({
      study, workloadDigest: 'f',
      scorer: poolScorer(faultyPool(pool, new Map([[bad, { kind: 'trap', times: 99 }]]), key), study, study.workloads, opts),
    });
    expect(r.trials).toHaveLength(clean.trials.length);
    let errors = 0;
    r.trials.forEach((t, i) => {
      if (key(t.hardware) !== bad) { expect(t).toEqual(clean.trials[i]); return; }
      errors++;
      expect(t).toMatchObject({ status: 'infeasible', code: 'error', areaMm2: clean.trials[i].areaMm2 });
      expect(t.reason).toMatch(/^worker fault: failed 2 times, each on a fresh worker: trapped: RuntimeError: unreachable/);
    });
    expect(errors).toBeGreaterThanOrEqual(1);
    expect(r.infeasible.error).toBe(errors);
  }, 60_000);
});
