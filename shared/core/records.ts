// Typed records exchanged with the performance core (packed by pack.ts, the only module that knows the layout).
import type { Dataflow } from './gemm';

/** Which software levers are searched; everything else uses the fixed TPU-style baseline. */
export interface Software {
  /** Per-op schedule: core/array splits, loop order, tiles, double buffering. */
  schedule: 'baseline' | 'searched';
  /** Layout / padding of grouped convs (packing) and the unit that runs depthwise convs. */
  layout: 'baseline' | 'searched';
}
export const BASELINE_SOFTWARE: Software = { schedule: 'baseline', layout: 'baseline' };
export const SEARCHED_SOFTWARE: Software = { schedule: 'searched', layout: 'searched' };
export type Location = 'dram' | 'gmem';

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
