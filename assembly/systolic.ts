// Systolic-array timing: SCALE-Sim v2's compute model for one GEMM on one R×C array (no stalls).
// Source: tests/oracle/scalesim/README.md §4 (closed form of SCALE-Sim's demand matrices), checked
// against all CALC cases of public.csv in tests/unit/scalesim-oracle.test.ts. Equations are in docs/model.md §1.
import {
  DATAFLOW_OS, DATAFLOW_WS, DATAFLOW_IS,
  STATUS_OK, STATUS_INVALID_INPUT,
  GEMM_IN_M, GEMM_IN_N, GEMM_IN_K, GEMM_IN_ROWS, GEMM_IN_COLS, GEMM_IN_DATAFLOW, GEMM_IN_SUBLAYERS,
  GEMM_OUT_STATUS, GEMM_OUT_TOTAL_CYCLES, GEMM_OUT_FOLDS, GEMM_OUT_CYCLES_PER_FOLD, GEMM_OUT_MACS,
  GEMM_OUT_MAPPING_EFF_PCT, GEMM_OUT_COMPUTE_UTIL_PCT, GEMM_OUT_OVERALL_UTIL_PCT,
  GEMM_OUT_SRAM_IFMAP_READS, GEMM_OUT_SRAM_FILTER_READS, GEMM_OUT_SRAM_OFMAP_WRITES, GEMM_OUT_FIELDS,
} from './abi';

// Largest accepted dimension: keeps every product below 2^53 so f64 counters stay exact.
const MAX_DIM: f64 = 16777216; // 2^24
const MAX_ARRAY_EDGE: f64 = 4096;

@inline function ceilDiv(a: f64, b: f64): f64 { return Math.ceil(a / b); }

/** True when v is a whole number in [1, max]. NaN and infinities fail. */
@inline function isCount(v: f64, max: f64): bool {
  return v >= 1 && v <= max && Math.floor(v) == v;
}

/** Evaluate the GemmIn record at `inp[inOff..]` and write a GemmOut record at `out[outOff..]`. */
export function scalesimGemm(inp: StaticArray<f64>, inOff: i32, out: StaticArray<f64>, outOff: i32): void {
  const m = unchecked(inp[inOff + GEMM_IN_M]);
  const n = unchecked(inp[inOff + GEMM_IN_N]);
  const k = unchecked(inp[inOff + GEMM_IN_K]);
  const r = unchecked(inp[inOff + GEMM_IN_ROWS]);
  const c = unchecked(inp[inOff + GEMM_IN_COLS]);
  const dfv = unchecked(inp[inOff + GEMM_IN_DATAFLOW]);
  const sub = unchecked(inp[inOff + GEMM_IN_SUBLAYERS]);
  for (let i = 0; i < GEMM_OUT_FIELDS; i++) unchecked(out[outOff + i] = 0);
  if (!(isCount(m, MAX_DIM) && isCount(n, MAX_DIM) && isCount(k, MAX_DIM) && isCount(r, MAX_ARRAY_EDGE) &&
        isCount(c, MAX_ARRAY_EDGE) && isCount(sub, MAX_DIM) && (dfv == 0 || dfv == 1 || dfv == 2))) {
    unchecked(out[outOff + GEMM_OUT_STATUS] = STATUS_INVALID_INPUT);
    return;
  }
  const df = <i32>dfv;
  // Map the GEMM onto the array: Sr spatial rows, Sc spatial columns, T temporal steps per fold.
  let sr = m, sc = n, t = k; // OS
  if (df == DATAFLOW_WS) { sr = k; sc = n; t = m; }
  else if (df == DATAFLOW_IS) { sr = k; sc = m; t = n; }
  const folds = ceilDiv(sr, r) * ceilDiv(sc, c);
  // Fold length: OS streams K operands plus (R−1)+(C−1) skew; WS/IS first load R rows of the stationary operand.
  const perFold = df == DATAFLOW_OS ? t + r + c - 2 : 2 * r + c + t - 2;
  // SCALE-Sim's utilisation denominator (quirk kept): WS/IS count one more (C−1) than the real fold length.
  const utilLen = df == DATAFLOW_OS ? t + r + c - 2 : 2 * r + 2 * c + t - 3;
  const macs = m * n * k;
  // The report gives the index of the last ofmap write, so each sub-layer contributes "− 1".
  const total = sub * (folds * perFold - 1);
  let ifmapReads: f64, filterReads: f64, ofmapWrites: f64;
  if (df == DATAFLOW_OS) {
    ifmapReads = k * m * ceilDiv(n, c);
    filterReads = k * n * ceilDiv(m, r);
    ofmapWrites = m * n + folds * (r + c); // F·(R+C): SCALE-Sim counting quirk, kept
  } else if (df == DATAFLOW_WS) {
    ifmapReads = m * k * ceilDiv(n, c);
    filterReads = k * n;
    ofmapWrites = m * n * ceilDiv(k, r); // partial sums of every row fold leave the array
  } else {
    ifmapReads = k * m;
    filterReads = n * k * ceilDiv(m, c);
    ofmapWrites = n * m * ceilDiv(k, r);
  }
  unchecked(out[outOff + GEMM_OUT_STATUS] = STATUS_OK);
  unchecked(out[outOff + GEMM_OUT_TOTAL_CYCLES] = total);
  unchecked(out[outOff + GEMM_OUT_FOLDS] = folds);
  unchecked(out[outOff + GEMM_OUT_CYCLES_PER_FOLD] = perFold);
  unchecked(out[outOff + GEMM_OUT_MACS] = sub * macs);
  unchecked(out[outOff + GEMM_OUT_MAPPING_EFF_PCT] = 100 * sr * sc / (folds * r * c));
  unchecked(out[outOff + GEMM_OUT_COMPUTE_UTIL_PCT] = 100 * sr * sc * t / (folds * r * c * utilLen));
  // A one-cycle layer reports 0 cycles (last index); count it as 1 so utilisation stays finite.
  unchecked(out[outOff + GEMM_OUT_OVERALL_UTIL_PCT] = 100 * sub * macs / (Math.max(total, sub) * r * c));
  unchecked(out[outOff + GEMM_OUT_SRAM_IFMAP_READS] = sub * ifmapReads);
  unchecked(out[outOff + GEMM_OUT_SRAM_FILTER_READS] = sub * filterReads);
  unchecked(out[outOff + GEMM_OUT_SRAM_OFMAP_WRITES] = sub * ofmapWrites);
}
