// Node worker_threads host of the simulation API (the twin of web/src/worker.ts). Fault injection (tests only) is
// switched on by the pool's workerData; a "kill" fault ends this worker thread as a crash would.
import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createSimApi } from '../shared/api/worker-api';

if (!parentPort) throw new Error('sim-node-worker must run in a worker thread');
const faults = (workerData as { faultInjection?: boolean } | null)?.faultInjection === true;
expose(createSimApi(faults ? { faultInjection: { kill: () => process.exit(70) } } : {}), nodeEndpoint(parentPort));
