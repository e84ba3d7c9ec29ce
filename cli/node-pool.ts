// The Node worker pool: shared/pool.ts over worker_threads running cli/sim-node-worker.ts.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { wrap, releaseProxy, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { WorkerPool } from '../shared/pool';
import type { SimApi } from '../shared/sim/api';

export type RemoteSim = Remote<SimApi>;

/** Start a worker from a .ts entry through the tsx boot shim, or a .js entry directly. */
export function spawnWorker(url: URL, opts: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, opts);
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), {
    ...opts,
    workerData: { ...(opts.workerData ?? {}), __tsEntry: url.href },
  });
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 16));
}

export function createNodeSimPool(size = defaultWorkerCount()): WorkerPool<RemoteSim> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new WorkerPool<RemoteSim>(size, () => {
    const worker = spawnWorker(new URL(`./sim-node-worker${ext}`, import.meta.url));
    const api = wrap<SimApi>(nodeEndpoint(worker));
    return {
      api,
      async terminate() {
        api[releaseProxy]();
        await worker.terminate();
      },
    };
  });
}
