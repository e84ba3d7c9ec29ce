// The browser's simulation worker pool: shared/pool.ts over module Web Workers running web/src/worker.ts. Used by
// the page (web/src/pool.ts re-exports it) and by the study worker, which runs a search on its own nested simulation
// workers (web/src/study-worker.ts). A worker whose script fails (an `error` event) is reported to the pool
// (PoolSlot.died), which replaces it and retries the call once; a worker that stops answering (e.g. it closed itself)
// is caught by the call's deadline (shared/pool.ts).
import { wrap, releaseProxy, type Remote } from 'comlink';
import { WorkerPool } from '../../shared/pool';
import type { SimApi } from '../../shared/api/worker-api';

export type RemoteSim = Remote<SimApi>;

/** Workers with this name honour requests' fault-injection field (tests only; see shared/api/worker-api.ts). */
export const FAULT_TEST_WORKER_NAME = 'fast-sim+fault-injection';

/**
 * Comlink's proxy of a started worker, a promise that resolves with a reason if the worker fails on its own (its
 * script, an uncaught error; `who` names it in that reason) and never settles otherwise, and its terminate().
 */
export function wrapWorker<T>(worker: Worker, who: string): { api: Remote<T>; died: Promise<string>; terminate(): void } {
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

