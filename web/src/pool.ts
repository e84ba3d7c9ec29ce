// The browser worker pool: shared/pool.ts over module Web Workers running web/src/worker.ts.
// Only state classes (web/src/state) use it; components never talk to workers.
import { wrap, releaseProxy, type Remote } from 'comlink';
import { WorkerPool } from '../../shared/pool';
import type { SimApi, SimulateMessage } from '../../shared/sim/api';
import type { SimulateReport } from '../../shared/sim/simulate';

export type RemoteSim = Remote<SimApi>;

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
}

export function createBrowserSimPool(size = defaultWorkerCount()): WorkerPool<RemoteSim> {
  return new WorkerPool<RemoteSim>(size, () => {
    // The URL literal must sit inside `new Worker(...)` for Vite to bundle the worker chunk.
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'fast-sim' });
    const api = wrap<SimApi>(worker);
    return {
      api,
      terminate() {
        api[releaseProxy]();
        worker.terminate();
      },
    };
  });
}

let shared: WorkerPool<RemoteSim> | undefined;
/** The page's one pool, started lazily. */
export function simPool(): WorkerPool<RemoteSim> {
  return (shared ??= createBrowserSimPool());
}

/** The Explore state's view of the pool: one simulation per call, on the least-busy worker. */
export function simRunner(pool: WorkerPool<RemoteSim> = simPool()): { simulate: (msg: SimulateMessage) => Promise<SimulateReport> } {
  return { simulate: (msg) => pool.run((api) => api.simulate(msg)) };
}
