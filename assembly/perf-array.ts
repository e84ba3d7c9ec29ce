// A GEMM on the machine's systolic arrays (native mode): the cycles, mapping efficiency and local-memory traffic of
// g products m×k×n on one array, and how a GEMM is split into parts over cores or arrays. Folds as in SCALE-Sim,
// but the stationary operand of the next fold loads while the current one streams (TPU-like double-buffered
// weights) and folds pipeline back to back, so one fill/drain (R + C − 2) is paid per op. docs/model.md §4.2.
import { DATAFLOW_OS, DATAFLOW_WS, DATAFLOW_IS, SPLIT_M, SPLIT_N } from './abi';
import { Machine, cdiv } from './perf-machine';

// The dataflow's layout of m×k×n on an array: an Sr × Sc block of one operand stays in the PEs (spatial rows and
// columns) while T steps stream through: (K, N, M) for ws, (M, N, K) for os, (K, M, N) for is.
@inline function spatialRows(m: f64, k: f64): f64 { return Machine.dataflow == DATAFLOW_OS ? m : k; }
@inline function spatialCols(m: f64, n: f64): f64 { return Machine.dataflow == DATAFLOW_IS ? m : n; }
@inline function streamed(m: f64, k: f64, n: f64): f64 {
  const df = Machine.dataflow;
  return df == DATAFLOW_WS ? m : (df == DATAFLOW_OS ? k : n);
}

/** Cycles of g products m×k×n on one array. */
export function arrayCycles(g: f64, m: f64, k: f64, n: f64): f64 {
  const R = Machine.rows, C = Machine.cols;
  const rowFolds = cdiv(spatialRows(m, k), R), colFolds = cdiv(spatialCols(m, n), C);
  return g * rowFolds * colFolds * Math.max(streamed(m, k, n), R) + R + C - 2;
}

/** Useful / occupied PE slots of m×k×n on one array. */
export function arrayMapping(m: f64, k: f64, n: f64): f64 {
  const R = Machine.rows, C = Machine.cols;
  const sr = spatialRows(m, k), sc = spatialCols(m, n);
  return (sr * sc) / (cdiv(sr, R) * R * cdiv(sc, C) * C);
}

/** Words moved between local memory and the arrays (SCALE-Sim's SRAM counts, per dataflow), in elements;
 * partial sums leave the array `accRatio` elements wide. */
export function arrayTrafficElems(g: f64, m: f64, k: f64, n: f64, accRatio: f64): f64 {
  const R = Machine.rows, C = Machine.cols, df = Machine.dataflow;
  if (df == DATAFLOW_OS) return g * (k * m * cdiv(n, C) + k * n * cdiv(m, R) + m * n);
  if (df == DATAFLOW_WS) return g * (m * k * cdiv(n, C) + k * n + m * n * cdiv(k, R) * accRatio);
  return g * (k * m + n * k * cdiv(m, C) + m * n * cdiv(k, R) * accRatio);
}

/** The part of g products m×·×n that one of several cores or arrays gets (K is never split). */
@final @unmanaged export class Part {
  g: f64 = 0;
  m: f64 = 0;
  n: f64 = 0;
}

/** Split g × m×·×n over `parts` along `split` (SPLIT_*) into `part`: ⌈dim/parts⌉ each; returns the parts busy. */
export function splitOver(g: f64, m: f64, n: f64, parts: f64, split: i32, part: Part): f64 {
  part.g = g; part.m = m; part.n = n;
  if (split == SPLIT_M) { part.m = cdiv(m, parts); return Math.min(m, parts); }
  if (split == SPLIT_N) { part.n = cdiv(n, parts); return Math.min(n, parts); }
  part.g = cdiv(g, parts); return Math.min(g, parts);
}
