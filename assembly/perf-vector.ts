// Ops on the vector unit: elementwise, reductions, softmax/layernorm, pooling (an OP_KIND_VECTOR record), and a
// depthwise/grouped conv run there instead of on the arrays (the layout search's alternative). Equations:
// docs/model.md §4.3 and §4.2 (Unit).
import {
  SPLIT_M, SPLIT_COUNT, ORDER_A_RESIDENT, UNIT_VECTOR,
  OP_IN_M, OP_IN_K, OP_IN_IN_BYTES, OP_IN_OUT_BYTES, OP_IN_PASSES, OP_IN_ROW_BYTES, OP_IN_WEIGHT_BYTES,
} from './abi';
import { Machine, MAX_DIM, isCount, isAmount } from './perf-machine';
import { Placement, cand, best, chargeOperands, consider } from './perf-score';

/** Fill `cand` with the vector unit running the op (after chargeOperands): `vector` busy cycles for `vectorOps` ops. */
function fillVectorUnit(split: f64, vector: f64, l1Traffic: f64, vectorOps: f64): void {
  cand.unit = UNIT_VECTOR; cand.coreSplit = split; cand.arraySplit = split; cand.order = ORDER_A_RESIDENT;
  cand.tileM = 0; cand.tileN = 0; cand.tileK = 0; cand.doubleBuffer = true; cand.pack = 1;
  cand.compute = 0; cand.vector = vector; cand.vectorOps = vectorOps; cand.mapping = 1; cand.exposed = 0;
  cand.l1Bytes = l1Traffic;
}

/** The vector-op record at `op[o..]` (placement already read): false when a field is out of range. */
export function evalVector(op: StaticArray<f64>, o: i32): bool {
  const outputs = unchecked(op[o + OP_IN_M]), opsPer = unchecked(op[o + OP_IN_K]);
  const inBytes = unchecked(op[o + OP_IN_IN_BYTES]), outBytes = unchecked(op[o + OP_IN_OUT_BYTES]);
  const passes = unchecked(op[o + OP_IN_PASSES]), rowBytes = unchecked(op[o + OP_IN_ROW_BYTES]);
  const wBytes = unchecked(op[o + OP_IN_WEIGHT_BYTES]);
  if (!(isCount(outputs, MAX_DIM) && isAmount(opsPer, 1e6) && isAmount(inBytes, MAX_DIM) && isAmount(outBytes, MAX_DIM) &&
        isCount(passes, 16) && isAmount(rowBytes, MAX_DIM) && isAmount(wBytes, MAX_DIM))) return false;
  best.reset();
  const vectorOps = outputs * opsPer;
  const vector = vectorOps / (Machine.lanes * Machine.cores);
  // A row that fits in (half of) local memory is read once and re-used on chip; otherwise every pass re-reads it.
  const reads = rowBytes > 0 && rowBytes > Machine.l1Bytes * 0.5 ? passes : 1;
  chargeOperands(inBytes * reads, wBytes, outBytes);
  const l1Traffic = inBytes * passes + outBytes + Placement.extraDram + Placement.extraGmem;
  fillVectorUnit(SPLIT_M, vector, l1Traffic / Machine.cores, vectorOps);
  consider();
  return true;
}

/** Fill `cand` with a grouped conv (g groups of m×n outputs, `opsPerOut` MACs each, plus `epilogue` fused ops per
 * output and `prologueOps` fused ops over its input in all) on the vector unit; `inBytes` is the real input tensor
 * (0: one element per output). */
export function fillVectorAlternative(g: f64, m: f64, n: f64, opsPerOut: f64, epilogue: f64, prologueOps: f64, eb: f64, inBytes: f64): void {
  const outputs = g * m * n;
  const ops = outputs * (opsPerOut + epilogue) + prologueOps;
  const vector = ops / (Machine.lanes * Machine.cores);
  const aReal = inBytes > 0 ? inBytes : outputs * eb;
  // filters: k·n per group (opsPerOut = k for a grouped conv)
  chargeOperands(aReal, g * opsPerOut * n * eb, outputs * eb);
  const l1Traffic = (aReal + outputs * eb) * 2;
  fillVectorUnit(SPLIT_COUNT, vector, l1Traffic, ops);
}
