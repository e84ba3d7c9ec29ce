// The ABI between the Wasm core and shared/core/pack.ts: integer constants only, so this one file is valid
// AssemblyScript (compiled into the core) and valid TypeScript (imported by pack.ts, the only JS module that
// knows record layouts). Bump ABI_VERSION whenever a field moves; pack.ts refuses a core built from other sources.

export const ABI_VERSION = 7;

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

// ---------------------------------------------------------------------------------------------------------------
// Performance model (assembly/perf.ts): one hardware record (HW_*) in its own static buffer, then a batch of op
// records (OP_IN_*) evaluated into result records (OP_OUT_*). Record stride in the I/O buffers: RECORD_WORDS.
export const RECORD_WORDS = 32;

export const HW_CORES = 0;
export const HW_ARRAYS_PER_CORE = 1;
export const HW_ROWS = 2;
export const HW_COLS = 3;
export const HW_DATAFLOW = 4;
export const HW_VECTOR_LANES = 5; // per core, FMA per cycle
export const HW_L1_BYTES = 6; // per core
export const HW_GMEM_BYTES = 7; // shared by cores (0: none)
export const HW_GMEM_BYTES_PER_CYCLE = 8;
export const HW_DRAM_BYTES_PER_CYCLE = 9;
export const HW_L1_BYTES_PER_CYCLE = 10; // per core
export const HW_OP_OVERHEAD_CYCLES = 11;
export const HW_SCHEDULER = 12; // bit flags: SEARCH_SCHEDULE | SEARCH_LAYOUT (0 = the baseline software)
export const HW_ACCUM_BYTES = 13; // accumulator element bytes (fp32: 4)
export const HW_FIELDS = 14;

export const SEARCH_SCHEDULE = 1; // search core/array splits, loop orders, tiles, double buffering
export const SEARCH_LAYOUT = 2; // search packing / padding of grouped convs and the unit that runs depthwise

export const OP_KIND_GEMM = 0;
export const OP_KIND_VECTOR = 1;

export const LOC_DRAM = 0;
export const LOC_GMEM = 1;
// Resident in the cores' local memory (the fusion pass, docs/model.md §5.1): no DRAM or GMEM transfer; its reads and
// writes through local memory are the op's local-memory (l1) bytes already. Any other code is read as DRAM.
export const LOC_LOCAL = 2;

export const OP_IN_KIND = 0;
export const OP_IN_COUNT = 1; // GEMM: independent products (groups, heads × batch); vector: unused (1)
export const OP_IN_M = 2; // GEMM: rows of A per product (batch folded in when B is a weight); vector: output elements
export const OP_IN_K = 3; // GEMM: reduction length; vector: ops per output element
export const OP_IN_N = 4; // GEMM: columns of B per product
export const OP_IN_ELEM_BYTES = 5;
export const OP_IN_A_LOC = 6; // where A (vector: the input) lives: LOC_*
export const OP_IN_B_LOC = 7; // where B (weights) live
export const OP_IN_C_LOC = 8; // where the output goes
export const OP_IN_EPILOGUE_OPS = 9; // fused vector ops per output element (bias, BN, activation, residual add)
export const OP_IN_EXTRA_IN_BYTES = 10; // bytes of extra inputs in DRAM (fused residuals, BN parameters, 2nd inputs)
export const OP_IN_EXTRA_GMEM_BYTES = 11; // bytes of extra inputs in GMEM
export const OP_IN_VECTOR_ALT_OPS = 12; // GEMM (grouped conv): > 0 allows the vector unit, ops per output element
export const OP_IN_PACKABLE = 13; // GEMM: 1 when products may be packed block-diagonally (grouped conv)
export const OP_IN_IN_BYTES = 14; // vector: input bytes read per pass
export const OP_IN_OUT_BYTES = 15; // vector: output bytes written
export const OP_IN_PASSES = 16; // vector: input passes when a row's working set does not fit in local memory
export const OP_IN_ROW_BYTES = 17; // vector: working set of one row (softmax/layernorm row); 0 = streaming
export const OP_IN_WEIGHT_BYTES = 18; // vector: weight bytes (e.g. depthwise filters, BN scale)
export const OP_IN_PROLOGUE_OPS = 19; // GEMM: fused vector ops per element of A as stored (input fusion: BN, ReLU…)
export const OP_IN_FIELDS = 20;

export const OP_OUT_STATUS = 0;
export const OP_OUT_CYCLES = 1;
export const OP_OUT_COMPUTE_CYCLES = 2; // systolic arrays
export const OP_OUT_VECTOR_CYCLES = 3;
export const OP_OUT_DRAM_CYCLES = 4;
export const OP_OUT_GMEM_CYCLES = 5;
export const OP_OUT_L1_CYCLES = 6;
export const OP_OUT_OVERHEAD_CYCLES = 7;
export const OP_OUT_BOUND = 8; // BOUND_*
export const OP_OUT_MACS = 9;
export const OP_OUT_DRAM_BYTES = 10;
export const OP_OUT_GMEM_BYTES = 11;
export const OP_OUT_L1_BYTES = 12;
export const OP_OUT_UTILIZATION = 13; // MACs / (cycles × peak MACs per cycle of all arrays)
export const OP_OUT_MAPPING_EFF = 14; // useful / occupied PE-slots of the chosen mapping (1 on the vector unit)
export const OP_OUT_UNIT = 15; // UNIT_*
export const OP_OUT_CORE_SPLIT = 16; // SPLIT_*
export const OP_OUT_ARRAY_SPLIT = 17;
export const OP_OUT_LOOP_ORDER = 18; // ORDER_*
export const OP_OUT_TILE_M = 19;
export const OP_OUT_TILE_N = 20;
export const OP_OUT_TILE_K = 21;
export const OP_OUT_DOUBLE_BUFFER = 22;
export const OP_OUT_PACK = 23; // products packed per block-diagonal GEMM
export const OP_OUT_VECTOR_OPS = 24;
export const OP_OUT_EXPOSED_CYCLES = 25; // load before the first tile can start (not overlapped)
// Bytes moved per operand at its level (DRAM or GMEM) under the chosen schedule, re-reads included (fusion ILP).
export const OP_OUT_A_BYTES = 26;
export const OP_OUT_B_BYTES = 27;
export const OP_OUT_C_BYTES = 28;
export const OP_OUT_EXTRA_BYTES = 29;
export const OP_OUT_FIELDS = 30;

export const BOUND_COMPUTE = 0;
export const BOUND_VECTOR = 1;
export const BOUND_MEMORY = 2;
export const BOUND_OVERHEAD = 3;

export const UNIT_SYSTOLIC = 0;
export const UNIT_VECTOR = 1;

export const SPLIT_M = 0;
export const SPLIT_N = 1;
export const SPLIT_COUNT = 2;

export const ORDER_B_RESIDENT = 0; // weights (B) stay in local memory, A streams (re-read per N tile)
export const ORDER_A_RESIDENT = 1; // inputs (A) stay, B streams (re-read per M tile)
export const ORDER_C_RESIDENT = 2; // output tile accumulates while A and B slices stream over K

// ---------------------------------------------------------------------------------------------------------------
// SCALE-Sim v2 memory model (assembly/scalesim-memory.ts): DRAM reads/writes of the three SRAMs and, in USER mode,
// DRAM stall cycles. Records travel in IN/OUT with strides SCALESIM_MEM_IN_FIELDS / SCALESIM_MEM_OUT_FIELDS.
// ScalesimMemIn: one layer in SCALE-Sim's conv form (a GEMM row M,N,K is the conv H=M, W=K, Fh=1, Fw=K, C=1, N
// filters, stride 1), one R×C array, SRAM sizes in words (1 word = 1 byte in SCALE-Sim, so kB × 1024).
export const SCALESIM_MEM_IN_IFMAP_H = 0;
export const SCALESIM_MEM_IN_IFMAP_W = 1;
export const SCALESIM_MEM_IN_FILTER_H = 2;
export const SCALESIM_MEM_IN_FILTER_W = 3;
export const SCALESIM_MEM_IN_CHANNELS = 4;
export const SCALESIM_MEM_IN_NUM_FILTERS = 5;
export const SCALESIM_MEM_IN_STRIDE = 6;
export const SCALESIM_MEM_IN_ROWS = 7;
export const SCALESIM_MEM_IN_COLS = 8;
export const SCALESIM_MEM_IN_DATAFLOW = 9; // DATAFLOW_*
export const SCALESIM_MEM_IN_SUBLAYERS = 10; // identical sub-layers back to back (`DP` split), each with fresh SRAMs
export const SCALESIM_MEM_IN_IFMAP_SRAM_WORDS = 11;
export const SCALESIM_MEM_IN_FILTER_SRAM_WORDS = 12;
export const SCALESIM_MEM_IN_OFMAP_SRAM_WORDS = 13;
export const SCALESIM_MEM_IN_MODE = 14; // SCALESIM_MEM_MODE_*
export const SCALESIM_MEM_IN_BANDWIDTH_WORDS_PER_CYCLE = 15; // USER mode only (ignored in CALC)
export const SCALESIM_MEM_IN_FIELDS = 16;

export const SCALESIM_MEM_MODE_CALC = 0; // InterfaceBandwidth: CALC (no stalls; DRAM traffic estimated)
export const SCALESIM_MEM_MODE_USER = 1; // InterfaceBandwidth: USER (Bandwidth words/cycle per interface, stalls)

// Extra status of this record kind: the input is valid but exceeds the core's work budget (never a trap).
export const SCALESIM_MEM_STATUS_WORK_LIMIT = 2;

// ScalesimMemOut. Cycles, stalls and DRAM counts are summed over sub-layers; start/stop cycles are per sub-layer
// (SCALE-Sim's DETAILED_ACCESS_REPORT columns; negative = before compute cycle 0).
export const SCALESIM_MEM_OUT_STATUS = 0;
export const SCALESIM_MEM_OUT_TOTAL_CYCLES = 1; // incl. stalls (SCALE-Sim "Total Cycles")
export const SCALESIM_MEM_OUT_STALL_CYCLES = 2;
export const SCALESIM_MEM_OUT_DRAM_IFMAP_READS = 3;
export const SCALESIM_MEM_OUT_DRAM_FILTER_READS = 4;
export const SCALESIM_MEM_OUT_DRAM_OFMAP_WRITES = 5;
export const SCALESIM_MEM_OUT_IFMAP_START_CYCLE = 6;
export const SCALESIM_MEM_OUT_IFMAP_STOP_CYCLE = 7;
export const SCALESIM_MEM_OUT_FILTER_START_CYCLE = 8;
export const SCALESIM_MEM_OUT_FILTER_STOP_CYCLE = 9;
export const SCALESIM_MEM_OUT_OFMAP_START_CYCLE = 10;
export const SCALESIM_MEM_OUT_OFMAP_STOP_CYCLE = 11;
export const SCALESIM_MEM_OUT_APPROX = 12; // bit set of SCALESIM_MEM_APPROX_*: which outputs are approximations
export const SCALESIM_MEM_OUT_FIELDS = 13;

export const SCALESIM_MEM_APPROX_IFMAP_READS = 1; // conv with overlapping windows (CALC: duplicate-address walk)
export const SCALESIM_MEM_APPROX_STALLS = 2; // USER, conv with overlapping windows: other copies of an address ignored
