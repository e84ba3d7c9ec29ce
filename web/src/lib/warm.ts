// How the Search view warms its simulation workers ahead of a search (SearchState.prewarm, or the study worker's
// own workers: web/src/study-worker.ts prewarmSims; Explore waits the same settle time after its solver warm-up). No
// imports beyond the presets and types: both the page and the study worker load it.
import { PRESETS } from '../../../shared/hardware/presets';
import type { ScorerPool } from '../../../shared/search/pool-scorer';

/** What prewarm scores on each worker: a small design with GMEM and local memory (HiGHS loads for its fusion solve). */
export const WARM_DESIGN = { ...PRESETS['teaching-8x8'], globalMemoryMiB: 4 };
/** The request that scores it (evaluateTrials). */
export const WARM_UP_REQUEST = { workloads: ['teaching-cnn'], batch: 1, designs: [WARM_DESIGN] };
/**
 * After its solver warm-up a worker counts as warm this much later: V8 optimizes the hot HiGHS functions on background
 * threads, which on 2 cores compete with a search started at once. Measured with npm run bench:browser (quiet 2-core
 * machine, 2026-12-06): a search started right after the warm-up ran at 32–49 trials/s with main-thread tasks of
 * 107–206 ms; 3 s later at 75–85 trials/s with none over 96 ms; without the warm-up 34–37 trials/s, no long task.
 */
export const WARM_SETTLE_MS = 3000;

/**
 * Rounds of warmUpSolvers per worker (each round solves every warm-up design once, one call per design). V8 optimizes a
 * function (HiGHS's Wasm, the model's JS) only once it has run enough: after one round much of a trial's code is still
 * optimized during the search, on background threads that take the 2 cores from the search and the page (measured in
 * Chromium on the 2-core machine during the bench's 200-trial search: 0.67 s of CPU optimizing Wasm and about 500 JS
 * compilations). The in-page search of bench:browser, A/B the same hour (docs/model.md §6.7): 77–111 trials/s after one
 * round, 95–127 after 3, 115–153 after 6, 129–157 after 10; each round adds about 0.9 s to the warm-up.
 */
export const WARM_UP_ROUNDS = 6;

/**
 * `rounds` rounds of the solvers' warm-up, one call per warm-up design (`solve(design)`, answering a WarmUpReport, or
 * null where the worker cannot warm), while `go()` holds: a simulation or search that needs the worker waits for one
 * design's solve at most. Ends early on a null report; a failed call rejects.
 */
export async function warmSolverRounds(
  solve: (design: number) => Promise<{ designs: number } | null | undefined>, go: () => boolean, rounds = WARM_UP_ROUNDS,
): Promise<void> {
  let designs = 1; // known after the first call
  for (let call = 0; call < rounds * designs && go(); call++) {
    const report = await solve(call % designs);
    if (!report) return;
    designs = report.designs;
  }
}

/**
 * Warm `workers` workers of `pool` for a search: each scores WARM_UP_REQUEST (loading the simulator and HiGHS), then
 * compiles the fusion solvers (warmSolverRounds: HiGHS's first hard solves in a fresh worker otherwise run several
 * times slower, and a search's first batches wait on them), and counts as warm WARM_SETTLE_MS later, once V8 has
 * optimized them on its background threads: `ready()` once per worker, unless `current()` has turned false.
 * `current()` turns false when a search takes these workers or another count replaces them; no further solve starts
 * then. Failures are ignored (a search replaces a failed worker itself).
 */
export function warmForSearch(pool: ScorerPool, workers: number, current: () => boolean, ready: () => void): void {
  const opts = { deadlineMs: 60_000 };
  const solve = (design: number) => pool.run((api) => api.warmUpSolvers?.(design) ?? Promise.resolve(null), opts);
  for (let i = 0; i < workers; i++) {
    void pool.run((api) => api.evaluateTrials(WARM_UP_REQUEST), opts)
      .then(() => warmSolverRounds(solve, current))
      .then(() => new Promise((settled) => setTimeout(settled, WARM_SETTLE_MS)))
      .then(() => { if (current()) ready(); }, () => {});
  }
}
