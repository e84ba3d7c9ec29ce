// The ABI between the Wasm core and shared/sim/pack.ts: integer constants only, so this one file is valid
// AssemblyScript (compiled into the core) and valid TypeScript (imported by pack.ts, the only JS module that
// knows record layouts). Bump ABI_VERSION whenever a field moves; pack.ts refuses a core built from other sources.

export const ABI_VERSION = 1;

// Result status of one record (never a trap: invalid input is data).
export const STATUS_OK = 0;
export const STATUS_INVALID_INPUT = 1;

// Dataflow codes (SCALE-Sim names).
export const DATAFLOW_OS = 0;
export const DATAFLOW_WS = 1;
export const DATAFLOW_IS = 2;

// Most records one batch call may carry (the static I/O buffers are sized from this).
export const MAX_RECORDS = 4096;

// GemmIn: one GEMM (M×K)·(K×N) on one R×C systolic array, SCALE-Sim v2 compute model.
export const GEMM_IN_M = 0;
export const GEMM_IN_N = 1;
export const GEMM_IN_K = 2;
export const GEMM_IN_ROWS = 3;
export const GEMM_IN_COLS = 4;
export const GEMM_IN_DATAFLOW = 5;
export const GEMM_IN_SUBLAYERS = 6; // identical sub-layers run back to back (SCALE-Sim's `DP` depthwise split)
export const GEMM_IN_FIELDS = 7;

// GemmOut: the result record.
export const GEMM_OUT_STATUS = 0;
export const GEMM_OUT_TOTAL_CYCLES = 1;
export const GEMM_OUT_FOLDS = 2;
export const GEMM_OUT_CYCLES_PER_FOLD = 3;
export const GEMM_OUT_MACS = 4;
export const GEMM_OUT_MAPPING_EFF_PCT = 5;
export const GEMM_OUT_COMPUTE_UTIL_PCT = 6;
export const GEMM_OUT_OVERALL_UTIL_PCT = 7;
export const GEMM_OUT_SRAM_IFMAP_READS = 8;
export const GEMM_OUT_SRAM_FILTER_READS = 9;
export const GEMM_OUT_SRAM_OFMAP_WRITES = 10;
export const GEMM_OUT_FIELDS = 11;
