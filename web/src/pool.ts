// The browser worker pool: shared/pool.ts over module Web Workers running web/src/worker.ts.
// Only state classes (web/src/state) use it; components never talk to workers. A worker whose script fails
// (an `error` event) is reported to the pool (PoolSlot.died), which replaces it and retries the call once; a worker
// that stops answering (e.g. it closed itself) is caught by the call's deadline (shared/pool.ts).
// Also the Search view's study worker (web/src/study-worker.ts: the study loop off the page thread).
import type { WorkerPool } from '../../shared/pool';
import type { SimulateMessage } from '../../shared/api/worker-api';
import type { SimulateReport } from '../../shared/api/simulate';
import type { ServingCurveMessage, ServingCurveReport } from '../../shared/api/llm';
import type { WarmUpReport } from '../../shared/search/warm-up';
import type { StudyWorkerApi } from './study-worker';

export {
  FAULT_TEST_WORKER_NAME, SIMULATE_DEADLINE_MS, createBrowserSimPool, defaultWorkerCount, wrapWorker, type BrowserPoolOptions, type RemoteSim,
} from './sim-pool';
import { SIMULATE_DEADLINE_MS, createBrowserSimPool, wrapWorker, type RemoteSim } from './sim-pool';
import type { Remote } from 'comlink';

let shared: WorkerPool<RemoteSim> | undefined;
/** The page's one pool, started lazily. */
export function simPool(): WorkerPool<RemoteSim> {
  return (shared ??= createBrowserSimPool());
}

/** An LLM's serving curve (up to 11 decode simulations, batch 1 … 1,024) may take this long before its worker counts as hung. */
export const SERVING_CURVE_DEADLINE_MS = 600_000;

/** The Explore state's view of the pool: one simulation (or one LLM serving curve, or the solvers' warm-up) per call, on the least-busy worker. */
export function simRunner(pool: WorkerPool<RemoteSim> = simPool()): {
  simulate: (msg: SimulateMessage) => Promise<SimulateReport>;
  llmServingCurve: (msg: ServingCurveMessage) => Promise<ServingCurveReport>;
  warmUpSolvers: (design?: number) => Promise<WarmUpReport>;
} {
  return {
    simulate: (msg) => pool.run((api) => api.simulate(msg), { deadlineMs: SIMULATE_DEADLINE_MS }),
    llmServingCurve: (msg) => pool.run((api) => api.llmServingCurve(msg), { deadlineMs: SERVING_CURVE_DEADLINE_MS }),
    // on the least-busy worker: with none busy, the first, which the next simulation goes to as well
    warmUpSolvers: (design) => pool.run((api) => api.warmUpSolvers(design), { deadlineMs: SIMULATE_DEADLINE_MS }),
  };
}

/** A started study worker (web/src/study-worker.ts). */
export interface StudyWorker {
  api: Remote<StudyWorkerApi>;
  /** Resolves with a reason if the worker fails on its own (its script, an uncaught error); never settles otherwise. */
  died: Promise<string>;
  terminate(): void;
}

export function startStudyWorker(): StudyWorker {
  // The URL literal must sit inside `new Worker(...)` for Vite to bundle the worker chunk.
  const worker = new Worker(new URL('./study-worker.ts', import.meta.url), { type: 'module', name: 'fast-study' });
  return wrapWorker<StudyWorkerApi>(worker, 'the study worker');
}
