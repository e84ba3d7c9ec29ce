// The Node worker pool: shared/pool.ts over worker_threads running cli/sim-node-worker.ts. A worker that exits or
// throws an uncaught error on its own is reported to the pool (PoolSlot.died), which replaces it and retries the
// call once (shared/pool.ts).
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { wrap, releaseProxy, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { WorkerPool } from '../shared/pool';
import type { SimApi } from '../shared/api/worker-api';

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

export interface NodePoolOptions {
  /** Tests only: the workers honour the fault-injection field of requests (shared/api/worker-api.ts `faults`). */
  faultInjection?: boolean;
}

export function createNodeSimPool(size = defaultWorkerCount(), opts: NodePoolOptions = {}): WorkerPool<RemoteSim> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new WorkerPool<RemoteSim>(size, () => {
    const worker = spawnWorker(new URL(`./sim-node-worker${ext}`, import.meta.url), {
      workerData: opts.faultInjection ? { faultInjection: true } : {},
    });
    const api = wrap<SimApi>(nodeEndpoint(worker));
    let terminating = false;
    const died = new Promise<string>((resolve) => {
      worker.once('error', (e) => resolve(`its worker thread threw ${e?.name ?? 'an error'}: ${e?.message ?? String(e)}`));
      worker.once('exit', (code) => { if (!terminating) resolve(`its worker thread exited (code ${code})`); });
    });
    return {
      api,
      died,
      async terminate() {
        terminating = true;
        try { api[releaseProxy](); } catch { /* released already */ }
        await worker.terminate();
      },
    };
  });
}
