// Browser module worker hosting the simulation API (the twin of cli/sim-node-worker.ts).
// No top-level await and no eager Wasm import: the core loads inside the first call (docs/architecture.md, Stack pitfalls P3).
// HiGHS (the fusion ILP) finds its wasm through the URL Vite gives the `?url` import (docs/architecture.md, Stack pitfalls P11).
// Fault injection (tests only) is on only in workers the pool names FAULT_TEST_WORKER_NAME (web/src/pool.ts).
import { expose } from 'comlink';
import highsWasmUrl from 'highs/runtime?url';
import { createSimApi } from '../../shared/api/worker-api';

const faults = (self as unknown as { name?: string }).name === 'fast-sim+fault-injection';
expose(createSimApi({ highsWasmUrl, ...(faults ? { faultInjection: { kill: () => self.close() } } : {}) }));
