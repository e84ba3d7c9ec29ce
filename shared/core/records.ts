// Typed records exchanged with the performance core (packed by pack.ts, the only module that knows the layout).

/** Which software levers are searched; everything else uses the fixed TPU-style baseline. */
export interface Software {
  /** Per-op schedule: core/array splits, loop order, tiles, double buffering. */
  schedule: 'baseline' | 'searched';
  /** Layout / padding of grouped convs (packing) and the unit that runs depthwise convs. */
  layout: 'baseline' | 'searched';
}
export const BASELINE_SOFTWARE: Software = { schedule: 'baseline', layout: 'baseline' };
export const SEARCHED_SOFTWARE: Software = { schedule: 'searched', layout: 'searched' };
/** Where a whole tensor lives: DRAM, the global memory (GMEM), or resident in the cores' local memory (fusion pass). */
export type Location = 'dram' | 'gmem' | 'local';

/** What the simulator needs to know about a design (derived from a HardwareSpec by shared/sim/machine.ts). */
export interface Machine {
  cores: number;
  arraysPerCore: number;
  arrayRows: number;
  arrayCols: number;
  dataflow: Dataflow;
  vectorLanesPerCore: number;
  localMemoryBytesPerCore: number;
  globalMemoryBytes: number;
  globalMemoryBytesPerCycle: number;
  dramBytesPerCycle: number;
  localMemoryBytesPerCyclePerCore: number;
  opOverheadCycles: number;
  accumulatorBytes: number;
  clockHz: number;
}

/** One op as the core sees it: a GEMM on the arrays or a streaming vector-unit op. */
export type OpRecord =
  | {
      kind: 'gemm';
      /** Independent products (groups; heads × batch for attention). */
      count: number; m: number; k: number; n: number;
      elementBytes: number;
      /** Real bytes of the input tensor A in memory (im2col duplication happens on chip). */
      inBytes: number;
      aLoc: Location; bLoc: Location; cLoc: Location;
      /** Vector ops per output element fused after the GEMM (bias, BN, activation, residual add). */
      epilogueOps: number;
      /** Vector ops per element of A as stored, fused before the GEMM (input fusion: an elementwise producer such as
       * BN and ReLU recomputed as A is loaded; docs/model.md §4.4). */
      prologueOps: number;
      /** Extra inputs (fused residuals, small weights such as BN parameters) by where they live. */
      extraDramBytes: number; extraGmemBytes: number;
      /** Grouped conv: may run on the vector unit with this many ops per output (0: not allowed). */
      vectorAltOps: number;
      /** Grouped conv: products may be packed block-diagonally onto the array. */
      packable: boolean;
    }
  | {
      kind: 'vector';
      outputs: number; opsPerOutput: number;
      inBytes: number; outBytes: number; weightBytes: number;
      /** Input passes when one row's working set does not fit in local memory (softmax 3 or 2, layernorm 2). */
      passes: number; rowBytes: number;
      aLoc: Location; bLoc: Location; cLoc: Location;
      extraDramBytes: number; extraGmemBytes: number;
    };

export type Bound = 'compute' | 'vector' | 'memory' | 'overhead';
export type Split = 'm' | 'n' | 'count';
export type LoopOrder = 'weights-resident' | 'inputs-resident' | 'outputs-resident';

export interface OpSchedule {
  unit: 'systolic' | 'vector';
  coreSplit: Split;
  arraySplit: Split;
  loopOrder: LoopOrder;
  tileM: number; tileN: number; tileK: number;
  doubleBuffer: boolean;
  /** Products packed per block-diagonal GEMM (1: none). */
  pack: number;
}

export interface OpResult {
  status: 'ok' | 'invalid_input';
  cycles: number;
  computeCycles: number;
  vectorCycles: number;
  dramCycles: number;
  gmemCycles: number;
  localCycles: number;
  overheadCycles: number;
  exposedCycles: number;
  bound: Bound;
  macs: number;
  vectorOps: number;
  dramBytes: number;
  gmemBytes: number;
  localBytes: number;
  /** Bytes moved per operand at its level under the chosen schedule (re-reads included): A, B, C, fused extras. */
  operandBytes: { a: number; b: number; c: number; extra: number };
  utilization: number;
  mappingEfficiency: number;
  schedule: OpSchedule;
}

// ---- SCALE-Sim compute model (GEMM on one array) ----

export type Dataflow = 'os' | 'ws' | 'is';
export const DATAFLOWS: readonly Dataflow[] = ['os', 'ws', 'is'];

export interface GemmSpec {
  m: number;
  n: number;
  k: number;
  rows: number;
  cols: number;
  dataflow: Dataflow;
  /** Identical sub-layers simulated one after another (SCALE-Sim's `DP` depthwise split); default 1. */
  sublayers?: number;
}

export interface GemmResult {
  status: 'ok' | 'invalid_input';
  totalCycles: number;
  folds: number;
  cyclesPerFold: number;
  macs: number;
  mappingEfficiencyPct: number;
  computeUtilizationPct: number;
  overallUtilizationPct: number;
  sramIfmapReads: number;
  sramFilterReads: number;
  sramOfmapWrites: number;
}

// ---- SCALE-Sim memory model ----

export type ScalesimMemoryMode = 'CALC' | 'USER';

export interface ScalesimConvShape {
  ifmapHeight: number;
  ifmapWidth: number;
  filterHeight: number;
  filterWidth: number;
  channels: number;
  numFilters: number;
  stride: number;
}

export interface ScalesimGemmShape { m: number; n: number; k: number }

export interface ScalesimMemorySpec {
  /** Exactly one of `conv` (SCALE-Sim conv topology row) and `gemm` (SCALE-Sim GEMM row). */
  conv?: ScalesimConvShape;
  gemm?: ScalesimGemmShape;
  rows: number;
  cols: number;
  dataflow: Dataflow;
  /** Identical sub-layers run back to back, each with fresh SRAMs (SCALE-Sim's `DP` split); default 1. */
  sublayers?: number;
  /** SRAM sizes in words (SCALE-Sim: kB × 1024, 1-byte words). */
  ifmapSramWords: number;
  filterSramWords: number;
  ofmapSramWords: number;
  /** CALC (default): no stalls, DRAM traffic estimated. USER: `bandwidthWordsPerCycle` per interface, stalls. */
  mode?: ScalesimMemoryMode;
  bandwidthWordsPerCycle?: number;
}

export interface ScalesimMemoryResult {
  /** `work_limit`: valid but beyond the core's work budget (absurdly many folds, drains or window changes). */
  status: 'ok' | 'invalid_input' | 'work_limit';
  /** SCALE-Sim "Total Cycles": compute cycles plus stalls, summed over sub-layers. */
  totalCycles: number;
  stallCycles: number;
  dramIfmapReads: number;
  dramFilterReads: number;
  dramOfmapWrites: number;
  /** DETAILED_ACCESS_REPORT start/stop cycles of each DRAM interface, per sub-layer (negative: before cycle 0). */
  dramIfmapStartCycle: number;
  dramIfmapStopCycle: number;
  dramFilterStartCycle: number;
  dramFilterStopCycle: number;
  dramOfmapStartCycle: number;
  dramOfmapStopCycle: number;
  /** BANDWIDTH_REPORT: DRAM words / (stop − start + 1), per sub-layer. */
  avgIfmapDramWordsPerCycle: number;
  avgFilterDramWordsPerCycle: number;
  avgOfmapDramWordsPerCycle: number;
  /** Which outputs are approximations of SCALE-Sim (empty: all exact by construction). */
  approximate: Array<'dramIfmapReads' | 'stallCycles'>;
}

/** SCALE-Sim's conv encoding of a spec's layer (GEMM rows become IFMAP M×K, filter 1×K, 1 channel, stride 1). */
export function scalesimConvOf(spec: ScalesimMemorySpec): ScalesimConvShape {
  if (spec.conv) return spec.conv;
  const g = spec.gemm!;
  return { ifmapHeight: g.m, ifmapWidth: g.k, filterHeight: 1, filterWidth: g.k, channels: 1, numFilters: g.n, stride: 1 };
}
