// Boots a TypeScript worker entry on Node 20 (docs/architecture.md, Stack pitfalls P2): worker threads do not inherit
// `--import tsx`, so register tsx's ESM loader here, then import the real entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__tsEntry);
