// The core's input limits: the largest values the Wasm core accepts for each input, stated once for TypeScript.
// The schemas in front of the core (shared/scalesim/, shared/workload/schema.ts) validate against these, so a
// value the core would refuse gets one clear line naming the field before it reaches the Wasm; the core still
// checks its own copies (assembly/systolic.ts, assembly/scalesim-memory.ts, assembly/perf.ts) and returns a status,
// never a trap. tests/unit/core-limits.test.ts reads those AssemblyScript constants and checks they agree.
export { MAX_RECORDS } from '../../assembly/abi';

/** GEMM dimensions (M, N, K, sub-layers) ≤ 2^24 keep every f64 counter of the compute model exact. */
export const MAX_GEMM_DIM = 2 ** 24;
/** Systolic-array rows and columns. */
export const MAX_ARRAY_EDGE = 4096;
/** SRAM words the SCALE-Sim memory model accepts: SCALE-Sim cuts each SRAM into 100 sets, so at least 100 words. */
export const MIN_SRAM_WORDS = 100;
export const MAX_SRAM_WORDS = 2 ** 40;
/** USER-mode DRAM bandwidth, words per cycle per interface. */
export const MAX_BANDWIDTH_WORDS_PER_CYCLE = 2 ** 24;
/** Every dimension and byte count of a performance-model record (assembly/perf.ts `MAX_DIM`). */
export const MAX_PERF_DIM = 2 ** 40;
