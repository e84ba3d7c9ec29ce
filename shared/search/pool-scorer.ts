// A study's scorer over a worker pool (poolScorer): each chunk of designs is one evaluateTrials call on the
// least-busy worker, with a deadline; worker faults are retried, and a design whose worker faults twice becomes an
// infeasible 'error' trial so the study goes on (docs/model.md §8.3).
import type { HardwareSpec } from '../hardware';
import { WorkerFaultError, type RunOptions } from '../pool';
import type { EvaluateTrialsRequest, TrialEvaluation } from './evaluate';
import { checkDesign } from './objective';
import type { TrialScorer } from './study';
import { evaluationSettings, type StudySpec } from './study-spec';
import type { WarmUpReport } from './warm-up';

/** The worker API surface a pool scorer needs (shared/api/worker-api.ts `evaluateTrials`). */
export interface TrialApi {
  evaluateTrials(req: EvaluateTrialsRequest): Promise<TrialEvaluation[]>;
  /**
   * Compile the fusion solvers ahead of a search (shared/search/warm-up.ts; the page's prewarm), all warm-up designs or
   * the one given. Optional: a pool without it is simply not warmed.
   */
  warmUpSolvers?(design?: number): Promise<WarmUpReport>;
}

/** What poolScorer needs of a pool (shared/pool.ts WorkerPool: the browser's or Node's). */
export interface ScorerPool {
  size: number;
  run<R>(fn: (api: TrialApi) => Promise<R>, opts?: RunOptions): Promise<R>;
}

/**
 * One call scoring a trial may take this long before its worker counts as hung (terminated, replaced, retried once).
 * Generous: a trial is tens of milliseconds to a few seconds (a suite of the largest workloads with fusion).
 */
export const TRIAL_DEADLINE_MS = 300_000;

export interface PoolScorerOptions extends Pick<EvaluateTrialsRequest, 'highsWasmUrl'> {
  /** Per-call deadline (default TRIAL_DEADLINE_MS). */
  deadlineMs?: number;
}

/**
 * A scorer over a worker pool: each chunk is one `evaluateTrials` call on the least-busy worker. `workloads` are zoo
 * names or WorkloadSpec JSON, in the study's order. Worker faults (a trap, a worker that dies or hangs past the
 * deadline) are retried once on a fresh worker by the pool; a chunk that faults twice is split into single designs
 * (each retried likewise), and a design that still faults becomes an infeasible trial with code 'error' and the
 * reason — the study goes on. Cancellations and the evaluator's own errors (a bad request) propagate.
 */
export function poolScorer(pool: ScorerPool, study: StudySpec, workloads: (string | unknown)[], opts: PoolScorerOptions = {}): TrialScorer {
  const { deadlineMs = TRIAL_DEADLINE_MS, ...extra } = opts;
  const settings = { ...evaluationSettings(study), ...extra, workloads };
  const constraints = { maxAreaMm2: study.maxAreaMm2, maxTdpWatts: study.maxTdpWatts, assumed: study.assumed };
  const score = async (designs: HardwareSpec[]): Promise<TrialEvaluation[]> => {
    try {
      return await pool.run((api) => api.evaluateTrials({ ...settings, designs }), { deadlineMs, retries: 1 });
    } catch (e) {
      if (!(e instanceof WorkerFaultError)) throw e;
      if (designs.length > 1) return (await Promise.all(designs.map((d) => score([d])))).flat();
      const c = checkDesign(designs[0], constraints);
      return [{
        status: 'infeasible', code: 'error', reason: e.message, gainVsTpuV3: null, perfPerTdp: null,
        areaMm2: c.cost?.areaMm2 ?? null, tdpWatts: c.cost?.tdpWatts ?? null, workloads: [],
      }];
    }
  };
  return { lanes: pool.size, score };
}
