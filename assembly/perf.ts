// The performance model: one op (a GEMM on the systolic arrays, or a vector-unit op) on one hardware design,
// with the per-op schedule search. Equations and constants: docs/model.md §4. Everything is closed form over
// folds and tiles (no per-cycle simulation), so one op with its schedule choice costs well under 1 µs.
// This file reads an op record, dispatches it and writes the result record; the parts live in
//   perf-machine.ts  the design (hardware record, validated once per batch), limits, numeric helpers
//   perf-array.ts    a GEMM on the arrays: cycles, mapping efficiency, local traffic, splits over cores/arrays
//   perf-score.ts    a schedule candidate: where operands live, bytes per level, cycles, the best so far
//   perf-search.ts   a GEMM op: the layout and schedule search (packing, splits, loop orders, tiles, buffering)
//   perf-vector.ts   vector-unit ops, and depthwise convs on the vector unit
import {
  STATUS_OK, STATUS_INVALID_INPUT, OP_KIND_GEMM, OP_KIND_VECTOR, RECORD_WORDS,
  OP_IN_KIND, OP_IN_COUNT, OP_IN_M, OP_IN_K, OP_IN_N, OP_IN_A_LOC, OP_IN_B_LOC, OP_IN_C_LOC,
  OP_IN_EXTRA_IN_BYTES, OP_IN_EXTRA_GMEM_BYTES,
  OP_OUT_STATUS, OP_OUT_CYCLES, OP_OUT_COMPUTE_CYCLES, OP_OUT_VECTOR_CYCLES, OP_OUT_DRAM_CYCLES, OP_OUT_GMEM_CYCLES,
  OP_OUT_L1_CYCLES, OP_OUT_OVERHEAD_CYCLES, OP_OUT_BOUND, OP_OUT_MACS, OP_OUT_DRAM_BYTES, OP_OUT_GMEM_BYTES,
  OP_OUT_L1_BYTES, OP_OUT_UTILIZATION, OP_OUT_MAPPING_EFF, OP_OUT_UNIT, OP_OUT_CORE_SPLIT, OP_OUT_ARRAY_SPLIT,
  OP_OUT_LOOP_ORDER, OP_OUT_TILE_M, OP_OUT_TILE_N, OP_OUT_TILE_K, OP_OUT_DOUBLE_BUFFER, OP_OUT_PACK,
  OP_OUT_VECTOR_OPS, OP_OUT_EXPOSED_CYCLES, OP_OUT_A_BYTES, OP_OUT_B_BYTES, OP_OUT_C_BYTES, OP_OUT_EXTRA_BYTES, OP_OUT_FIELDS,
  BOUND_COMPUTE, BOUND_VECTOR, BOUND_MEMORY, BOUND_OVERHEAD,
} from './abi';
import { Machine, MAX_DIM, INF, isAmount } from './perf-machine';
import { Placement, best } from './perf-score';
import { evalGemm } from './perf-search';
import { evalVector } from './perf-vector';

export { loadHardware } from './perf-machine';

/** Read where the op's operands live and its extra inputs (both op kinds); false when a byte count is out of range. */
function readPlacement(op: StaticArray<f64>, o: i32): bool {
  Placement.aLoc = unchecked(op[o + OP_IN_A_LOC]); Placement.bLoc = unchecked(op[o + OP_IN_B_LOC]);
  Placement.cLoc = unchecked(op[o + OP_IN_C_LOC]);
  Placement.extraDram = unchecked(op[o + OP_IN_EXTRA_IN_BYTES]); Placement.extraGmem = unchecked(op[o + OP_IN_EXTRA_GMEM_BYTES]);
  return isAmount(Placement.extraDram, MAX_DIM) && isAmount(Placement.extraGmem, MAX_DIM);
}

/** Evaluate the op record at `op[o..]` into the result record at `out[r..]`. */
export function evalOp(op: StaticArray<f64>, o: i32, out: StaticArray<f64>, r: i32, hwOk: bool): void {
  const kind = unchecked(op[o + OP_IN_KIND]);
  let ok = false, macs: f64 = 0;
  if (hwOk && kind == OP_KIND_GEMM) {
    ok = readPlacement(op, o) && evalGemm(op, o);
    if (ok) macs = unchecked(op[o + OP_IN_COUNT]) * unchecked(op[o + OP_IN_M]) * unchecked(op[o + OP_IN_K]) * unchecked(op[o + OP_IN_N]);
  } else if (hwOk && kind == OP_KIND_VECTOR) {
    ok = readPlacement(op, o) && evalVector(op, o);
  }
  if (!ok || !(best.cycles < INF)) {
    for (let i = 0; i < RECORD_WORDS; i++) unchecked(out[r + i] = 0);
    unchecked(out[r + OP_OUT_STATUS] = STATUS_INVALID_INPUT);
    return;
  }
  writeResult(out, r, macs); // every OP_OUT_* field; the record's words past them stay zero
  for (let i = OP_OUT_FIELDS; i < RECORD_WORDS; i++) unchecked(out[r + i] = 0);
}

/** Write `best` (the op's chosen schedule) as the result record at `out[r..]`; the op did `macs` MACs. */
function writeResult(out: StaticArray<f64>, r: i32, macs: f64): void {
  const b = best, overhead = Machine.overhead;
  const cycles = b.cycles + overhead;
  const memory = Math.max(Math.max(b.dram, b.gmem), b.l1);
  let bound = BOUND_COMPUTE;
  let top = b.compute;
  if (b.vector > top) { top = b.vector; bound = BOUND_VECTOR; }
  if (memory > top) { top = memory; bound = BOUND_MEMORY; }
  if (overhead > top) bound = BOUND_OVERHEAD;
  const peak = Machine.cores * Machine.arrays * Machine.rows * Machine.cols;
  unchecked(out[r + OP_OUT_STATUS] = STATUS_OK);
  unchecked(out[r + OP_OUT_CYCLES] = cycles);
  unchecked(out[r + OP_OUT_COMPUTE_CYCLES] = b.compute);
  unchecked(out[r + OP_OUT_VECTOR_CYCLES] = b.vector);
  unchecked(out[r + OP_OUT_DRAM_CYCLES] = b.dram);
  unchecked(out[r + OP_OUT_GMEM_CYCLES] = b.gmem);
  unchecked(out[r + OP_OUT_L1_CYCLES] = b.l1);
  unchecked(out[r + OP_OUT_OVERHEAD_CYCLES] = overhead);
  unchecked(out[r + OP_OUT_BOUND] = bound);
  unchecked(out[r + OP_OUT_MACS] = macs);
  unchecked(out[r + OP_OUT_DRAM_BYTES] = b.dramBytes);
  unchecked(out[r + OP_OUT_GMEM_BYTES] = b.gmemBytes);
  unchecked(out[r + OP_OUT_L1_BYTES] = b.l1Bytes);
  unchecked(out[r + OP_OUT_UTILIZATION] = macs / (cycles * peak));
  unchecked(out[r + OP_OUT_MAPPING_EFF] = b.mapping);
  unchecked(out[r + OP_OUT_UNIT] = b.unit);
  unchecked(out[r + OP_OUT_CORE_SPLIT] = b.coreSplit);
  unchecked(out[r + OP_OUT_ARRAY_SPLIT] = b.arraySplit);
  unchecked(out[r + OP_OUT_LOOP_ORDER] = b.order);
  unchecked(out[r + OP_OUT_TILE_M] = b.tileM);
  unchecked(out[r + OP_OUT_TILE_N] = b.tileN);
  unchecked(out[r + OP_OUT_TILE_K] = b.tileK);
  unchecked(out[r + OP_OUT_DOUBLE_BUFFER] = b.doubleBuffer ? 1 : 0);
  unchecked(out[r + OP_OUT_PACK] = b.pack);
  // On the arrays, the vector unit still runs the fused epilogue over every output (perf-search.ts sets vectorOps).
  unchecked(out[r + OP_OUT_VECTOR_OPS] = b.vectorOps);
  unchecked(out[r + OP_OUT_EXPOSED_CYCLES] = b.exposed);
  unchecked(out[r + OP_OUT_A_BYTES] = b.aBytes);
  unchecked(out[r + OP_OUT_B_BYTES] = b.bBytes);
  unchecked(out[r + OP_OUT_C_BYTES] = b.cBytes);
  unchecked(out[r + OP_OUT_EXTRA_BYTES] = b.extraBytes);
}
