// Node worker_threads host of the simulation API (the twin of web/src/worker.ts).
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createSimApi } from '../shared/sim/api';

if (!parentPort) throw new Error('sim-node-worker must run in a worker thread');
expose(createSimApi(), nodeEndpoint(parentPort));
