// The browser worker pool: shared/pool.ts over module Web Workers running web/src/worker.ts.
// Only state classes (web/src/state) use it; components never talk to workers. A worker whose script fails
// (an `error` event) is reported to the pool (PoolSlot.died), which replaces it and retries the call once; a worker
// that stops answering (e.g. it closed itself) is caught by the call's deadline (shared/pool.ts).
// Also the Search view's study worker (web/src/study-worker.ts: the study loop off the page thread).
import { wrap, releaseProxy, type Remote } from 'comlink';
import { WorkerPool } from '../../shared/pool';
import type { SimApi, SimulateMessage } from '../../shared/api/worker-api';
import type { SimulateReport } from '../../shared/api/simulate';
import type { ServingCurveMessage, ServingCurveReport } from '../../shared/api/llm';
import type { StudyWorkerApi } from './study-worker';

export type RemoteSim = Remote<SimApi>;

/** Workers with this name honour requests' fault-injection field (tests only; see shared/api/worker-api.ts). */
export const FAULT_TEST_WORKER_NAME = 'fast-sim+fault-injection';

/**
 * Comlink's proxy of a started worker, a promise that resolves with a reason if the worker fails on its own (its
 * script, an uncaught error; `who` names it in that reason) and never settles otherwise, and its terminate().
 */
function wrapWorker<T>(worker: Worker, who: string): { api: Remote<T>; died: Promise<string>; terminate(): void } {
  const api = wrap<T>(worker);
  const died = new Promise<string>((resolve) => {
    worker.addEventListener('error', (e) => resolve(`${who} failed: ${e.message || 'an uncaught error'}`), { once: true });
  });
  return {
    api,
    died,
    terminate() {
      try { api[releaseProxy](); } catch { /* released already */ }
      worker.terminate();
    },
  };
}

/** One Explore simulation may take this long before its worker counts as hung (replaced, retried once). */
export const SIMULATE_DEADLINE_MS = 120_000;

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
}

export interface BrowserPoolOptions {
  /** Tests only: start workers that honour the fault-injection field of requests. */
  faultInjection?: boolean;
}

export function createBrowserSimPool(size = defaultWorkerCount(), opts: BrowserPoolOptions = {}): WorkerPool<RemoteSim> {
  return new WorkerPool<RemoteSim>(size, () => {
    // The URL literal must sit inside `new Worker(...)` for Vite to bundle the worker chunk.
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: opts.faultInjection ? FAULT_TEST_WORKER_NAME : 'fast-sim' });
    return wrapWorker<SimApi>(worker, 'its worker');
  });
}

let shared: WorkerPool<RemoteSim> | undefined;
/** The page's one pool, started lazily. */
export function simPool(): WorkerPool<RemoteSim> {
  return (shared ??= createBrowserSimPool());
}

/** An LLM's serving curve (up to 11 decode simulations, batch 1 … 1,024) may take this long before its worker counts as hung. */
export const SERVING_CURVE_DEADLINE_MS = 600_000;

/** The Explore state's view of the pool: one simulation (or one LLM serving curve) per call, on the least-busy worker. */
export function simRunner(pool: WorkerPool<RemoteSim> = simPool()): {
  simulate: (msg: SimulateMessage) => Promise<SimulateReport>;
  llmServingCurve: (msg: ServingCurveMessage) => Promise<ServingCurveReport>;
} {
  return {
    simulate: (msg) => pool.run((api) => api.simulate(msg), { deadlineMs: SIMULATE_DEADLINE_MS }),
    llmServingCurve: (msg) => pool.run((api) => api.llmServingCurve(msg), { deadlineMs: SERVING_CURVE_DEADLINE_MS }),
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
