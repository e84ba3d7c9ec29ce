// The per-op schedule and layout search of a GEMM op (OP_KIND_GEMM record): layouts (packing of grouped convs, the
// vector unit for depthwise ones), then for each the core split, the array split, the loop order with its tiles,
// and double buffering; the baseline software takes one fixed choice at each step instead. Every candidate is
// scored by perf-score.ts. docs/model.md §4.2 (Schedule, Baseline scheduler).
import {
  SPLIT_M, SPLIT_N, SPLIT_COUNT, ORDER_B_RESIDENT, ORDER_A_RESIDENT, UNIT_SYSTOLIC,
  OP_IN_COUNT, OP_IN_M, OP_IN_K, OP_IN_N, OP_IN_ELEM_BYTES, OP_IN_EPILOGUE_OPS, OP_IN_VECTOR_ALT_OPS, OP_IN_PACKABLE,
  OP_IN_IN_BYTES,
} from './abi';
import { Machine, MAX_DIM, INF, cdiv, isCount, isAmount } from './perf-machine';
import { Placement, cand, best, chargeOperands, levelBw, consider } from './perf-score';
import { arrayCycles, arrayMapping, arrayTrafficElems, Part, splitOver } from './perf-array';
import { evalVectorAlternative } from './perf-vector';

/** The GEMM op being scheduled; set by evalGemm (static fields, as Machine's). */
@final abstract class GemmOp {
  /** Bytes per element. */
  static eb: f64 = 0;
  /** A's real bytes over its im2col'd bytes (≤ 1): A in memory is the input tensor, duplication happens on chip. */
  static aRatio: f64 = 1;
  /** Fused epilogue ops per output element, and in all (the vector unit runs them beside the arrays). */
  static epilogue: f64 = 0;
  static epilogueOps: f64 = 0;
}

// The part of the GEMM one core gets, and the part one of its arrays gets.
const corePart = new Part();
const arrayPart = new Part();

/**
 * Score every loop order (and double buffering on/off) for one core's part (g × m×k×n), given the work already
 * chosen for it (cand's compute, vector, l1Bytes, mapping, splits, pack). `coresUsed` identical cores run in
 * parallel and share DRAM/GMEM bandwidth.
 */
function searchLoopOrders(g: f64, m: f64, k: f64, n: f64, coresUsed: f64, baseline: bool): void {
  const R = Machine.rows, C = Machine.cols, accBytes = Machine.accBytes;
  const eb = GemmOp.eb, aRatio = GemmOp.aRatio;
  const aBytes = g * m * k * eb * aRatio, bBytes = g * k * n * eb, cBytes = g * m * n * eb;
  for (let dbi = 0; dbi < 2; dbi++) {
    const db = dbi == 0;
    if (baseline && !db) continue;
    const cap = db ? Machine.l1Bytes * 0.5 : Machine.l1Bytes;
    for (let order = 0; order < 3; order++) {
      let fa: f64 = 1, fb: f64 = 1, tm = m, tn = n, tk = k;
      if (order == ORDER_B_RESIDENT) {
        // B tile k×tn resident; stream R rows of A and their outputs (accumulators) through the rest.
        const free = cap - k * R * eb;
        if (free <= 0) continue;
        tn = Math.min(n, Math.floor(free / (k * eb + R * accBytes)));
        if (tn >= C) tn = Math.floor(tn / C) * C;
        if (tn < 1) continue;
        fa = cdiv(n, tn); tm = R;
      } else if (order == ORDER_A_RESIDENT) {
        if (baseline) continue;
        const free = cap - k * C * eb;
        if (free <= 0) continue;
        tm = Math.min(m, Math.floor(free / (k * eb + C * accBytes)));
        if (tm >= R) tm = Math.floor(tm / R) * R;
        if (tm < 1) continue;
        fb = cdiv(m, tm); tn = C;
      } else {
        // Output tile t×t of accumulators stays; A and B slices of depth R stream over K.
        const t0 = Math.floor((-2 * R * eb + Math.sqrt(4 * R * R * eb * eb + 4 * accBytes * cap)) / (2 * accBytes));
        if (t0 < 1) continue;
        tm = Math.min(m, t0); tn = Math.min(n, t0); tk = Math.min(k, R);
        fa = cdiv(n, tn); fb = cdiv(m, tm);
      }
      chargeOperands(coresUsed * aBytes * fa, coresUsed * bBytes * fb, coresUsed * cBytes);
      // With double buffering everything but the first load overlaps compute: the array can start once R rows of
      // A and one array-width block of B are on chip (independent of the tile size, so more memory never hurts).
      const first = Math.min(aBytes, R * k * eb * aRatio) + Math.min(bBytes, k * C * eb);
      cand.exposed = db ? coresUsed * first / Math.min(levelBw(Placement.aLoc), levelBw(Placement.bLoc)) : 0;
      cand.doubleBuffer = db; cand.order = <f64>order; cand.tileM = tm; cand.tileN = tn; cand.tileK = tk;
      // (The baseline tries weights-resident and outputs-resident tiling, double-buffered, and keeps the better.)
      consider();
    }
  }
}

/** Search the core split, then the array split inside each core, of g products m×k×n packed `pack` per product. */
function searchSplits(g: f64, m: f64, k: f64, n: f64, pack: f64): void {
  const baseline = !Machine.searchSchedule;
  const cores = Machine.cores, arrays = Machine.arrays, R = Machine.rows, C = Machine.cols;
  for (let cs = 0; cs < 3; cs++) {
    if (baseline) {
      // Fixed heuristic (production-compiler-like): data-parallel over cores when M is large, else split N.
      const want = m >= cores * R ? SPLIT_M : (n >= cores * C ? SPLIT_N : (g >= cores ? SPLIT_COUNT : SPLIT_M));
      if (cs != want) continue;
    }
    const coresUsed = splitOver(g, m, n, cores, cs, corePart);
    const gc = corePart.g, mc = corePart.m, nc = corePart.n;
    // Best array split inside the core (arrays share the core's local memory).
    let compute = INF, mapping: f64 = 1, arraySplit: f64 = SPLIT_N, l1Elems: f64 = 0;
    for (let as = 0; as < 3; as++) {
      if (baseline && as != (nc >= arrays * C ? SPLIT_N : SPLIT_M)) continue;
      const used = splitOver(gc, mc, nc, arrays, as, arrayPart);
      const cyc = arrayCycles(arrayPart.g, arrayPart.m, k, arrayPart.n);
      if (cyc < compute) {
        compute = cyc; mapping = arrayMapping(arrayPart.m, k, arrayPart.n); arraySplit = <f64>as;
        l1Elems = used * arrayTrafficElems(arrayPart.g, arrayPart.m, k, arrayPart.n, Machine.accBytes / GemmOp.eb);
      }
    }
    cand.unit = UNIT_SYSTOLIC; cand.coreSplit = <f64>cs; cand.arraySplit = arraySplit; cand.pack = pack;
    cand.compute = compute; cand.vector = GemmOp.epilogue * gc * mc * nc / Machine.lanes; cand.vectorOps = GemmOp.epilogueOps;
    cand.mapping = mapping; cand.l1Bytes = l1Elems * GemmOp.eb;
    searchLoopOrders(gc, mc, k, nc, coresUsed, baseline);
  }
}

/** Pack p products block-diagonally into one GEMM (K and N grow by p, count shrinks; MACs are unchanged). */
function searchPacked(g: f64, m: f64, k: f64, n: f64, p: f64): void {
  // Only 1/p of the packed weight matrix is non-zero, but the array stores and streams all of it; A is the
  // concatenation of the p products' inputs, so its real bytes are unchanged (aRatio already scales to them).
  searchSplits(cdiv(g, p), m, k * p, n * p, p);
}

/** The GEMM-op record at `op[o..]` (placement already read) into `best`: false when a field is out of range. */
export function evalGemm(op: StaticArray<f64>, o: i32): bool {
  const g = unchecked(op[o + OP_IN_COUNT]), m = unchecked(op[o + OP_IN_M]), k = unchecked(op[o + OP_IN_K]);
  const n = unchecked(op[o + OP_IN_N]), eb = unchecked(op[o + OP_IN_ELEM_BYTES]);
  const inBytes = unchecked(op[o + OP_IN_IN_BYTES]), alt = unchecked(op[o + OP_IN_VECTOR_ALT_OPS]);
  const packable = unchecked(op[o + OP_IN_PACKABLE]), epi = unchecked(op[o + OP_IN_EPILOGUE_OPS]);
  if (!(isCount(g, MAX_DIM) && isCount(m, MAX_DIM) && isCount(k, MAX_DIM) && isCount(n, MAX_DIM) && eb >= 0.125 && eb <= 16 &&
        isAmount(inBytes, MAX_DIM) && isAmount(alt, 1e6) && isAmount(epi, 1e6) && g * m * k * n <= 1e21)) return false;
  GemmOp.eb = eb;
  GemmOp.epilogue = epi;
  GemmOp.epilogueOps = epi * (g * m * n);
  // A's bytes in memory are the real input tensor (im2col duplication happens on chip): scale by the given size.
  const aIm2col = g * m * k * eb;
  GemmOp.aRatio = inBytes > 0 ? Math.min(1, inBytes / aIm2col) : 1;
  best.reset();
  if (packable > 0) {
    const pTpu = Math.max(1, Math.min(g, Math.floor(Machine.cols / n))); // TPU-style: channels across the array's columns
    searchPacked(g, m, k, n, pTpu);
    if (Machine.searchLayout) {
      searchPacked(g, m, k, n, 1);
      const pRows = Math.max(1, Math.min(g, Math.floor(Machine.rows / k)));
      if (pRows != pTpu && pRows > 1) searchPacked(g, m, k, n, pRows);
    }
  } else {
    searchSplits(g, m, k, n, 1);
  }
  // Depthwise convs may run on the vector unit instead (layout search only: the baseline maps them to the MXU).
  if (Machine.searchLayout && alt > 0) evalVectorAlternative(g, m, n, alt, epi, eb, inBytes);
  return true;
}
