// From a HardwareSpec (shared/hardware, the one parameter table) to the Machine the simulator core needs.
// The per-op overhead is the only constant introduced here (docs/model.md §4.1).
import type { HardwareSpec } from '../hardware/params';
import {
  ACCUMULATOR_BYTES, clockHz, dramBytesPerCycle, globalMemoryBytes, localMemoryBytes, localMemoryBytesPerCycle,
} from '../hardware/derived';
import type { Machine } from '../core/records';

/**
 * Fixed cost of issuing one executed op (one fused kernel): scalar-core dispatch, synchronisation and pipeline
 * drain between kernels. Assumed at 1 µs (the order of a kernel launch on accelerators); a time, so it scales
 * with the clock.
 */
export const OP_OVERHEAD_SECONDS = 1e-6;

/**
 * Vector-unit issue slots per lane per cycle: 1, the one ALU per lane the cost model prices (shared/hardware/cost.ts)
 * and LLMCompass's TPU-v3 model (1,024 fp32 ops per cycle per core on 8 × 128 lanes). Hot Chips 2020 describes
 * TPU-v3's vector ALU as dual-issue, which would be 2 (docs/model.md §4.3 discusses the choice).
 */
export const VECTOR_SLOTS_PER_LANE = 1;

export function machineFromHardware(h: HardwareSpec): Machine {
  const hz = clockHz(h);
  return {
    cores: h.cores,
    arraysPerCore: h.arraysPerCore,
    arrayRows: h.arrayRows,
    arrayCols: h.arrayCols,
    dataflow: h.dataflow,
    // The core issues one slot per lane per cycle; a lane with more issue slots counts as that many lanes.
    vectorLanesPerCore: h.vectorLanesPerCore * VECTOR_SLOTS_PER_LANE,
    localMemoryBytesPerCore: localMemoryBytes(h),
    globalMemoryBytes: globalMemoryBytes(h),
    // The core needs a positive bandwidth even without GMEM; with 0 bytes nothing is ever placed there.
    globalMemoryBytesPerCycle: Math.max(1, h.globalMemoryBytesPerCycle),
    dramBytesPerCycle: dramBytesPerCycle(h),
    localMemoryBytesPerCyclePerCore: localMemoryBytesPerCycle(h),
    opOverheadCycles: OP_OVERHEAD_SECONDS * hz,
    accumulatorBytes: ACCUMULATOR_BYTES,
    clockHz: hz,
  };
}
