// The one simulation API object. Exposed with Comlink from the browser worker (web/src/worker.ts) and
// from the Node worker (cli/sim-node-worker.ts); also callable in-process (CLI, tests). Every method loads
// the core lazily, so no worker entry has a top-level await (pitfall P3).
import { loadCore } from '../core';
import { scalesimGemms, ABI_VERSION } from './pack';
import { parseGemmSpec, type GemmResult } from './gemm';

export function createSimApi() {
  return {
    /** Round trip through the core: the ABI version it was built with. */
    async ping(): Promise<{ abiVersion: number }> {
      const core = await loadCore();
      return { abiVersion: core.abiVersion() };
    },
    /** SCALE-Sim-compatible compute cycles, utilisations and SRAM counts for a batch of GEMMs. */
    async scalesimGemms(specs: unknown[]): Promise<GemmResult[]> {
      const valid = specs.map((s, i) => parseGemmSpec(s, `gemm[${i}]`));
      return scalesimGemms(await loadCore(), valid);
    },
  };
}

export type SimApi = ReturnType<typeof createSimApi>;
export { ABI_VERSION };
