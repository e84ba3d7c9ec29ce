// The per-op schedule and layout search of a GEMM op (OP_KIND_GEMM record): layouts (packing of grouped convs, the
// vector unit for depthwise ones), then for each the core split, the array split, the loop order with its tiles,
// and double buffering; the baseline software takes one fixed choice at each step instead. Every candidate is
// scored by perf-score.ts. docs/model.md §4.2 (Schedule, Baseline scheduler).
import {
  SPLIT_M, SPLIT_N, SPLIT_COUNT, ORDER_B_RESIDENT, ORDER_A_RESIDENT, UNIT_SYSTOLIC,
  OP_IN_COUNT, OP_IN_M, OP_IN_K, OP_IN_N, OP_IN_ELEM_BYTES, OP_IN_EPILOGUE_OPS, OP_IN_VECTOR_ALT_OPS, OP_IN_PACKABLE,
  OP_IN_IN_BYTES, OP_IN_PROLOGUE_OPS,
} from './abi';
import { Machine, MAX_DIM, INF, cdiv, isCount, isAmount } from './perf-machine';
import { Placement, cand, best, chargeOperands, levelBw, consider, candCycles } from './perf-score';
import { arrayCycles, arrayMapping, arrayTrafficElems, Part, splitOver } from './perf-array';
import { fillVectorAlternative } from './perf-vector';

/** The GEMM op being scheduled; set by evalGemm (static fields, as Machine's). */
@final abstract class GemmOp {
  /** Bytes per element. */
  static eb: f64 = 0;
  /** A's real bytes over its im2col'd bytes (≤ 1): A in memory is the input tensor, duplication happens on chip. */
  static aRatio: f64 = 1;
  /** Fused epilogue ops per output element, and in all (the vector unit runs them beside the arrays). */
  static epilogue: f64 = 0;
  static epilogueOps: f64 = 0;
  /** Fused prologue (input fusion: an elementwise producer recomputed as A is loaded): vector ops over all of A as
   * stored. A core computes it for the part of A it reads: all of it when the cores split N. */
  static prologueOps: f64 = 0;
  /** Side of the outputs-resident tile for the full local memory and for half of it (double buffering): it
   * depends only on the machine and eb, so it is computed once per op instead of once per candidate. */
  static tFull: f64 = 0;
  static tHalf: f64 = 0;
  /** Cycles of a candidate scored after the systolic ones (the vector-unit alternative; INF when none): a systolic
   * candidate slower than it cannot be the op's schedule. */
  static later: f64 = 0;
  /** For the current K (one packing): local memory left beside the resident block of the weights-resident order
   * (B) and of the inputs-resident order (A), and the tile it allows before clamping to N or M, with double
   * buffering (half the memory) and without. */
  static freeBHalf: f64 = 0;
  static freeBFull: f64 = 0;
  static tileBHalf: f64 = 0;
  static tileBFull: f64 = 0;
  static freeAHalf: f64 = 0;
  static freeAFull: f64 = 0;
  static tileAHalf: f64 = 0;
  static tileAFull: f64 = 0;
}

/** Side t of the outputs-resident t×t accumulator tile that fits in `cap` bytes with R-deep slices of A and B. */
function outputTile(cap: f64): f64 {
  const R = Machine.rows, eb = GemmOp.eb, accBytes = Machine.accBytes;
  return Math.floor((-2 * R * eb + Math.sqrt(4 * R * R * eb * eb + 4 * accBytes * cap)) / (2 * accBytes));
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
  const R = Machine.rows, C = Machine.cols;
  const eb = GemmOp.eb, aRatio = GemmOp.aRatio;
  const aBytes = g * m * k * eb * aRatio, bBytes = g * k * n * eb, cBytes = g * m * n * eb;
  // Loop invariants (the same expressions as per candidate, so the same values): the bytes over busy cores before
  // re-reads, and the first load double buffering cannot hide.
  const usedA = coresUsed * aBytes, usedB = coresUsed * bBytes, usedC = coresUsed * cBytes;
  // With double buffering everything but the first load overlaps compute: the array can start once R rows of
  // A and one array-width block of B are on chip (independent of the tile size, so more memory never hurts).
  const first = Math.min(aBytes, R * k * eb * aRatio) + Math.min(bBytes, k * C * eb);
  const exposedDb = coresUsed * first / Math.min(levelBw(Placement.aLoc), levelBw(Placement.bLoc));
  // Lower bounds of every candidate's cycles with and without double buffering: re-read factors are ≥ 1, so each
  // level's bytes are at least those of a single read, and the cycles grow with the bytes (consider's formula).
  chargeOperands(usedA, usedB, usedC);
  const dMin = cand.dramBytes / Machine.dramBw, gMin = cand.gmemBytes > 0 ? cand.gmemBytes / Machine.gmemBw : 0;
  const l1 = cand.l1Bytes / Machine.l1Bw, top = Math.max(cand.compute, cand.vector);
  const boundDb = Math.max(top, Math.max(Math.max(dMin, gMin), l1)) + exposedDb;
  const boundNoDb = Math.max(top, l1) + dMin + gMin;
  for (let dbi = 0; dbi < 2; dbi++) {
    const db = dbi == 0;
    if (baseline && !db) continue;
    const bound = db ? boundDb : boundNoDb;
    if (bound >= best.cycles || bound > GemmOp.later) continue;
    const exposed = db ? exposedDb : 0;
    for (let order = 0; order < 3; order++) {
      let fa: f64 = 1, fb: f64 = 1, tm = m, tn = n, tk = k;
      if (order == ORDER_B_RESIDENT) {
        // B tile k×tn resident; stream R rows of A and their outputs (accumulators) through the rest.
        if ((db ? GemmOp.freeBHalf : GemmOp.freeBFull) <= 0) continue;
        tn = Math.min(n, db ? GemmOp.tileBHalf : GemmOp.tileBFull);
        if (tn >= C) tn = Math.floor(tn / C) * C;
        if (tn < 1) continue;
        fa = cdiv(n, tn); tm = R;
      } else if (order == ORDER_A_RESIDENT) {
        if (baseline) continue;
        if ((db ? GemmOp.freeAHalf : GemmOp.freeAFull) <= 0) continue;
        tm = Math.min(m, db ? GemmOp.tileAHalf : GemmOp.tileAFull);
        if (tm >= R) tm = Math.floor(tm / R) * R;
        if (tm < 1) continue;
        fb = cdiv(m, tm); tn = C;
      } else {
        // Output tile t×t of accumulators stays; A and B slices of depth R stream over K.
        const t0 = db ? GemmOp.tHalf : GemmOp.tFull;
        if (t0 < 1) continue;
        tm = Math.min(m, t0); tn = Math.min(n, t0); tk = Math.min(k, R);
        fa = cdiv(n, tn); fb = cdiv(m, tm);
      }
      chargeOperands(usedA * fa, usedB * fb, usedC);
      cand.exposed = exposed;
      cand.doubleBuffer = db; cand.order = <f64>order; cand.tileM = tm; cand.tileN = tn; cand.tileK = tk;
      // (The baseline tries weights-resident and outputs-resident tiling, double-buffered, and keeps the better.)
      consider();
    }
  }
}

/** Search the core split, then the array split inside each core, of g products m×k×n packed `pack` per product.
 * Candidates are scored in a fixed order and replace the best only when strictly faster, so skipping one that
 * cannot be the first fastest changes nothing (docs/model.md §4.2, Search order and pruning): a split whose part
 * equals an earlier split's part (every candidate repeats an earlier one's cycles), and a core split whose lower
 * bound max(compute, vector, local) — every one of its candidates' cycles is at least that — is ≥ the best so far
 * or > the cycles of the vector-unit alternative scored after it (GemmOp.later). */
function searchSplits(g: f64, m: f64, k: f64, n: f64, pack: f64): void {
  const baseline = !Machine.searchSchedule;
  const cores = Machine.cores, arrays = Machine.arrays, R = Machine.rows, C = Machine.cols;
  // The resident orders' room and tiles depend on K and the capacity only (searchLoopOrders reads them).
  const eb = GemmOp.eb, accBytes = Machine.accBytes, half = Machine.l1Bytes * 0.5, full = Machine.l1Bytes;
  const kR = k * R * eb, kC = k * C * eb, rowB = k * eb + R * accBytes, rowA = k * eb + C * accBytes;
  GemmOp.freeBHalf = half - kR; GemmOp.tileBHalf = Math.floor(GemmOp.freeBHalf / rowB);
  GemmOp.freeBFull = full - kR; GemmOp.tileBFull = Math.floor(GemmOp.freeBFull / rowB);
  GemmOp.freeAHalf = half - kC; GemmOp.tileAHalf = Math.floor(GemmOp.freeAHalf / rowA);
  GemmOp.freeAFull = full - kC; GemmOp.tileAFull = Math.floor(GemmOp.freeAFull / rowA);
  // the parts of the core splits seen so far in this call (at most two before the last)
  let g0: f64 = -1, m0: f64 = -1, n0: f64 = -1, u0: f64 = -1, g1: f64 = -1, m1: f64 = -1, n1: f64 = -1, u1: f64 = -1;
  for (let cs = 0; cs < 3; cs++) {
    if (baseline) {
      // Fixed heuristic (production-compiler-like): data-parallel over cores when M is large, else split N.
      const want = m >= cores * R ? SPLIT_M : (n >= cores * C ? SPLIT_N : (g >= cores ? SPLIT_COUNT : SPLIT_M));
      if (cs != want) continue;
    }
    const coresUsed = splitOver(g, m, n, cores, cs, corePart);
    const gc = corePart.g, mc = corePart.m, nc = corePart.n;
    if ((gc == g0 && mc == m0 && nc == n0 && coresUsed == u0) || (gc == g1 && mc == m1 && nc == n1 && coresUsed == u1)) continue;
    if (cs == 0) { g0 = gc; m0 = mc; n0 = nc; u0 = coresUsed; } else { g1 = gc; m1 = mc; n1 = nc; u1 = coresUsed; }
    const vector = (GemmOp.epilogue * gc * mc * nc + GemmOp.prologueOps * (gc * mc) / (g * m)) / Machine.lanes;
    if (vector >= best.cycles || vector > GemmOp.later) continue;
    // Best array split inside the core (arrays share the core's local memory).
    let compute = INF, arraySplit: f64 = SPLIT_N, bg: f64 = 0, bm: f64 = 0, bn: f64 = 0, bu: f64 = 0;
    let ag0: f64 = -1, am0: f64 = -1, an0: f64 = -1, au0: f64 = -1, ag1: f64 = -1, am1: f64 = -1, an1: f64 = -1, au1: f64 = -1;
    for (let as = 0; as < 3; as++) {
      if (baseline && as != (nc >= arrays * C ? SPLIT_N : SPLIT_M)) continue;
      const used = splitOver(gc, mc, nc, arrays, as, arrayPart);
      const ga = arrayPart.g, ma = arrayPart.m, na = arrayPart.n;
      if ((ga == ag0 && ma == am0 && na == an0 && used == au0) || (ga == ag1 && ma == am1 && na == an1 && used == au1)) continue;
      if (as == 0) { ag0 = ga; am0 = ma; an0 = na; au0 = used; } else { ag1 = ga; am1 = ma; an1 = na; au1 = used; }
      const cyc = arrayCycles(ga, ma, k, na);
      if (cyc < compute) { compute = cyc; arraySplit = <f64>as; bg = ga; bm = ma; bn = na; bu = used; }
    }
    const work = Math.max(compute, vector); // ≤ the bound below: no need for the local traffic when it prunes
    if (work >= best.cycles || work > GemmOp.later) continue;
    const mapping = arrayMapping(bm, k, bn);
    const l1Bytes = bu * arrayTrafficElems(bg, bm, k, bn, Machine.accBytes / GemmOp.eb) * GemmOp.eb;
    const bound = Math.max(Math.max(compute, vector), l1Bytes / Machine.l1Bw);
    if (bound >= best.cycles || bound > GemmOp.later) continue;
    cand.unit = UNIT_SYSTOLIC; cand.coreSplit = <f64>cs; cand.arraySplit = arraySplit; cand.pack = pack;
    cand.compute = compute; cand.vector = vector; cand.vectorOps = GemmOp.epilogueOps + GemmOp.prologueOps;
    cand.mapping = mapping; cand.l1Bytes = l1Bytes;
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
  const pro = unchecked(op[o + OP_IN_PROLOGUE_OPS]);
  if (!(isCount(g, MAX_DIM) && isCount(m, MAX_DIM) && isCount(k, MAX_DIM) && isCount(n, MAX_DIM) && eb >= 0.125 && eb <= 16 &&
        isAmount(inBytes, MAX_DIM) && isAmount(alt, 1e6) && isAmount(epi, 1e6) && isAmount(pro, 1e6) &&
        g * m * k * n <= 1e21)) return false;
  GemmOp.eb = eb;
  GemmOp.epilogue = epi;
  GemmOp.epilogueOps = epi * (g * m * n);
  // A's elements as stored: the real input tensor (inBytes / eb), or the im2col'd view when its size is not given.
  GemmOp.prologueOps = pro * (inBytes > 0 ? inBytes / eb : g * m * k);
  // A's bytes in memory are the real input tensor (im2col duplication happens on chip): scale by the given size.
  const aIm2col = g * m * k * eb;
  GemmOp.aRatio = inBytes > 0 ? Math.min(1, inBytes / aIm2col) : 1;
  GemmOp.tHalf = outputTile(Machine.l1Bytes * 0.5); GemmOp.tFull = outputTile(Machine.l1Bytes);
  best.reset();
  // Depthwise convs may run on the vector unit instead (layout search only: the baseline maps them to the MXU). It
  // is scored last (a systolic schedule as fast wins), but its cycles are known first, to bound the search.
  const vectorAlt = Machine.searchLayout && alt > 0;
  GemmOp.later = INF;
  if (vectorAlt) { fillVectorAlternative(g, m, n, alt, epi, GemmOp.prologueOps, eb, inBytes); GemmOp.later = candCycles(); }
  if (packable > 0) {
    const pTpu = Math.max(1, Math.min(g, Math.floor(Machine.cols / n))); // TPU-style: channels across the array's columns
    searchPacked(g, m, k, n, pTpu);
    if (Machine.searchLayout) {
      if (pTpu != 1) searchPacked(g, m, k, n, 1); // (p = 1 again would only repeat every candidate)
      const pRows = Math.max(1, Math.min(g, Math.floor(Machine.rows / k)));
      if (pRows != pTpu && pRows > 1) searchPacked(g, m, k, n, pRows);
    }
  } else {
    searchSplits(g, m, k, n, 1);
  }
  if (vectorAlt) { fillVectorAlternative(g, m, n, alt, epi, GemmOp.prologueOps, eb, inBytes); consider(); }
  return true;
}
