// Browser module worker hosting the simulation API (the twin of cli/sim-node-worker.ts).
// No top-level await and no eager Wasm import: the core loads inside the first call (STACK.md pitfall P3).
import { expose } from 'comlink';
import { createSimApi } from '../../shared/sim/api';

expose(createSimApi());
