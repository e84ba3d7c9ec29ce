// The only module in shared/ that knows the Wasm record layouts (assembly/abi.ts). It checks ABI_VERSION,
// packs typed specs into the core's static input buffer, runs a batch and unpacks typed results.
import * as ABI from '../../assembly/abi';
import type { Core } from '../core';
import type { Dataflow, GemmSpec, GemmResult } from './gemm';

const DATAFLOW_CODE: Record<Dataflow, number> = { os: ABI.DATAFLOW_OS, ws: ABI.DATAFLOW_WS, is: ABI.DATAFLOW_IS };

export const ABI_VERSION = ABI.ABI_VERSION;

/** Throws when the loaded core was built from other sources than this module (stale build/). */
export function checkAbi(core: Core): void {
  const got = core.abiVersion();
  if (got !== ABI.ABI_VERSION) {
    throw new Error(`Wasm core ABI version ${got} does not match the JavaScript side (${ABI.ABI_VERSION}): rebuild with "npm run asbuild"`);
  }
}

const checked = new WeakSet<Core>();

/** Evaluate validated GEMM specs with the SCALE-Sim compute model, in batches of at most MAX_RECORDS. */
export function scalesimGemms(core: Core, specs: readonly GemmSpec[]): GemmResult[] {
  if (!checked.has(core)) { checkAbi(core); checked.add(core); }
  const results: GemmResult[] = [];
  for (let start = 0; start < specs.length; start += ABI.MAX_RECORDS) {
    const chunk = specs.slice(start, start + ABI.MAX_RECORDS);
    // Views are re-created per call: memory.grow would detach an older ArrayBuffer.
    const inView = new Float64Array(core.memory.buffer, core.inPtr(), chunk.length * ABI.GEMM_IN_FIELDS);
    chunk.forEach((s, i) => {
      const o = i * ABI.GEMM_IN_FIELDS;
      inView[o + ABI.GEMM_IN_M] = s.m;
      inView[o + ABI.GEMM_IN_N] = s.n;
      inView[o + ABI.GEMM_IN_K] = s.k;
      inView[o + ABI.GEMM_IN_ROWS] = s.rows;
      inView[o + ABI.GEMM_IN_COLS] = s.cols;
      inView[o + ABI.GEMM_IN_DATAFLOW] = DATAFLOW_CODE[s.dataflow] ?? -1;
      inView[o + ABI.GEMM_IN_SUBLAYERS] = s.sublayers ?? 1;
    });
    const done = core.scalesimGemmBatch(chunk.length);
    const out = new Float64Array(core.memory.buffer, core.outPtr(), done * ABI.GEMM_OUT_FIELDS);
    for (let i = 0; i < done; i++) {
      const o = i * ABI.GEMM_OUT_FIELDS;
      results.push({
        status: out[o + ABI.GEMM_OUT_STATUS] === ABI.STATUS_OK ? 'ok' : 'invalid_input',
        totalCycles: out[o + ABI.GEMM_OUT_TOTAL_CYCLES],
        folds: out[o + ABI.GEMM_OUT_FOLDS],
        cyclesPerFold: out[o + ABI.GEMM_OUT_CYCLES_PER_FOLD],
        macs: out[o + ABI.GEMM_OUT_MACS],
        mappingEfficiencyPct: out[o + ABI.GEMM_OUT_MAPPING_EFF_PCT],
        computeUtilizationPct: out[o + ABI.GEMM_OUT_COMPUTE_UTIL_PCT],
        overallUtilizationPct: out[o + ABI.GEMM_OUT_OVERALL_UTIL_PCT],
        sramIfmapReads: out[o + ABI.GEMM_OUT_SRAM_IFMAP_READS],
        sramFilterReads: out[o + ABI.GEMM_OUT_SRAM_FILTER_READS],
        sramOfmapWrites: out[o + ABI.GEMM_OUT_SRAM_OFMAP_WRITES],
      });
    }
  }
  return results;
}
