// The solvers' warm-up (shared/search/warm-up.ts, the page's prewarm): it runs HiGHS on real fusion programs, and a
// search after it gives exactly the trials it gives without it. The Search view's rounds of it (web/src/lib/warm.ts
// warmForSearch): design by design, stopped as soon as a search takes the workers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { createSimApi } from '../../shared/api/worker-api';
import { TrialEvaluator } from '../../shared/search/evaluate';
import { evaluationSettings, normalizeStudy, runStudy } from '../../shared/search';
import { WARM_UP_DESIGNS, type WarmUpReport } from '../../shared/search/warm-up';
import type { ScorerPool, TrialApi } from '../../shared/search/pool-scorer';
import { WARM_SETTLE_MS, WARM_UP_REQUEST, WARM_UP_ROUNDS, warmForSearch } from '../../web/src/lib/warm';

describe('warmUpSolvers', () => {
  it('solves every warm-up design\'s fusion program with HiGHS and changes no trial of a search that follows', async () => {
    const core = await loadCore();
    const study = normalizeStudy({ workloads: ['efficientnet-b0'], algorithm: 'random', seed: 5, trials: 12, trialsPerBatch: 6 });
    const search = () => {
      const evaluator = new TrialEvaluator(core, loadHighs); // a fresh evaluator: no simulation cached
      const base = { ...evaluationSettings(study), workloads: study.workloads };
      return runStudy({ study, workloadDigest: '-', scorer: { lanes: 1, score: (designs) => evaluator.evaluate({ ...base, designs }) } });
    };
    const before = await search();
    const report = await createSimApi().warmUpSolvers();
    expect(report.programs).toBe(WARM_UP_DESIGNS.length);
    expect(report.highsSolves).toBe(WARM_UP_DESIGNS.length);
    expect(report.ms).toBeGreaterThan(0);
    const after = await search();
    expect(after.trials).toEqual(before.trials);
    expect(after.trials.filter((t) => t.status === 'ok').length).toBeGreaterThan(0);
  });

  it('solves one design when given its index, and names a bad index', async () => {
    const api = createSimApi();
    const one = await api.warmUpSolvers(1);
    expect(one).toMatchObject({ programs: 1, highsSolves: 1, designs: WARM_UP_DESIGNS.length });
    for (const bad of [-1, WARM_UP_DESIGNS.length, 0.5, Number.NaN]) {
      await expect(api.warmUpSolvers(bad)).rejects.toThrow(`warmUpSolvers: the design must be an index 0–${WARM_UP_DESIGNS.length - 1}, not ${bad}`);
    }
  });
});

describe('warmForSearch (the Search view\'s warm-up)', () => {
  afterEach(() => { vi.useRealTimers(); });

  /** A pool whose workers answer each call a few milliseconds later, recording the calls in order. */
  const fakePool = (size: number, opts: { solvers?: boolean } = {}) => {
    const calls: (['score', unknown] | ['warm', number | undefined])[] = [];
    const later = <T>(v: T) => new Promise<T>((r) => setTimeout(() => r(v), 5));
    const api: TrialApi = {
      evaluateTrials: (req) => { calls.push(['score', req]); return later([]); },
      ...(opts.solvers === false ? {} : {
        warmUpSolvers: (design?: number) => {
          calls.push(['warm', design]);
          return later<WarmUpReport>({ programs: 1, highsSolves: 1, designs: WARM_UP_DESIGNS.length, ms: 1 });
        },
      }),
    };
    const pool: ScorerPool = { size, run: (fn) => fn(api) };
    return { pool, calls };
  };

  it('scores the small design, then solves every warm-up design WARM_UP_ROUNDS times, and is ready after the settle time', async () => {
    vi.useFakeTimers();
    const { pool, calls } = fakePool(2);
    let ready = 0;
    warmForSearch(pool, 2, () => true, () => { ready++; });
    await vi.advanceTimersByTimeAsync(5 * (1 + WARM_UP_ROUNDS * WARM_UP_DESIGNS.length) + 10);
    expect(calls.filter(([k]) => k === 'score')).toEqual([['score', WARM_UP_REQUEST], ['score', WARM_UP_REQUEST]]);
    const warm = calls.filter(([k]) => k === 'warm').map(([, d]) => d);
    expect(warm).toHaveLength(2 * WARM_UP_ROUNDS * WARM_UP_DESIGNS.length);
    // each worker's calls go design by design, round after round
    const expected = Array.from({ length: WARM_UP_ROUNDS * WARM_UP_DESIGNS.length }, (_, i) => i % WARM_UP_DESIGNS.length);
    expect(warm.filter((_, i) => i % 2 === 0)).toEqual(expected);
    expect(warm.filter((_, i) => i % 2 === 1)).toEqual(expected);
    expect(ready).toBe(0); // not before the settle time
    await vi.advanceTimersByTimeAsync(WARM_SETTLE_MS);
    expect(ready).toBe(2);
  });

  it('starts no further solve once current() turns false (a search took the workers), and is not ready then', async () => {
    vi.useFakeTimers();
    const { pool, calls } = fakePool(1);
    let current = true, ready = 0;
    warmForSearch(pool, 1, () => current, () => { ready++; });
    await vi.advanceTimersByTimeAsync(5 * 3 + 1); // the small design and two solves done, the third in flight
    current = false;
    const made = calls.length;
    expect(made).toBe(4);
    await vi.advanceTimersByTimeAsync(5 * WARM_UP_ROUNDS * WARM_UP_DESIGNS.length + WARM_SETTLE_MS);
    expect(calls).toHaveLength(made);
    expect(ready).toBe(0);
  });

  it('a pool without the solver warm-up is ready after the small design', async () => {
    vi.useFakeTimers();
    const { pool, calls } = fakePool(1, { solvers: false });
    let ready = 0;
    warmForSearch(pool, 1, () => true, () => { ready++; });
    await vi.advanceTimersByTimeAsync(10 + WARM_SETTLE_MS);
    expect(calls).toEqual([['score', WARM_UP_REQUEST]]);
    expect(ready).toBe(1);
  });
});
