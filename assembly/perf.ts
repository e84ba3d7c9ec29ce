// The performance model: one op (a GEMM on the systolic arrays, or a vector-unit op) on one hardware design,
// with the per-op schedule search. Equations and constants: docs/model.md §4. Everything here is closed form
// over folds and tiles (no per-cycle simulation), so one op with its schedule choice costs well under 1 µs.
import {
  DATAFLOW_WS, DATAFLOW_OS, STATUS_OK, STATUS_INVALID_INPUT,
  HW_CORES, HW_ARRAYS_PER_CORE, HW_ROWS, HW_COLS, HW_DATAFLOW, HW_VECTOR_LANES, HW_L1_BYTES, HW_GMEM_BYTES,
  HW_GMEM_BYTES_PER_CYCLE, HW_DRAM_BYTES_PER_CYCLE, HW_L1_BYTES_PER_CYCLE, HW_OP_OVERHEAD_CYCLES, HW_SCHEDULER,
  HW_ACCUM_BYTES, SEARCH_SCHEDULE, SEARCH_LAYOUT, OP_KIND_GEMM, OP_KIND_VECTOR, LOC_GMEM,
  OP_IN_KIND, OP_IN_COUNT, OP_IN_M, OP_IN_K, OP_IN_N, OP_IN_ELEM_BYTES, OP_IN_A_LOC, OP_IN_B_LOC, OP_IN_C_LOC,
  OP_IN_EPILOGUE_OPS, OP_IN_EXTRA_IN_BYTES, OP_IN_EXTRA_GMEM_BYTES, OP_IN_VECTOR_ALT_OPS, OP_IN_PACKABLE, OP_IN_IN_BYTES,
  OP_IN_OUT_BYTES, OP_IN_PASSES, OP_IN_ROW_BYTES, OP_IN_WEIGHT_BYTES,
  OP_OUT_STATUS, OP_OUT_CYCLES, OP_OUT_COMPUTE_CYCLES, OP_OUT_VECTOR_CYCLES, OP_OUT_DRAM_CYCLES, OP_OUT_GMEM_CYCLES,
  OP_OUT_L1_CYCLES, OP_OUT_OVERHEAD_CYCLES, OP_OUT_BOUND, OP_OUT_MACS, OP_OUT_DRAM_BYTES, OP_OUT_GMEM_BYTES,
  OP_OUT_L1_BYTES, OP_OUT_UTILIZATION, OP_OUT_MAPPING_EFF, OP_OUT_UNIT, OP_OUT_CORE_SPLIT, OP_OUT_ARRAY_SPLIT,
  OP_OUT_LOOP_ORDER, OP_OUT_TILE_M, OP_OUT_TILE_N, OP_OUT_TILE_K, OP_OUT_DOUBLE_BUFFER, OP_OUT_PACK,
  OP_OUT_VECTOR_OPS, OP_OUT_EXPOSED_CYCLES, OP_OUT_A_BYTES, OP_OUT_B_BYTES, OP_OUT_C_BYTES, OP_OUT_EXTRA_BYTES, RECORD_WORDS,
  BOUND_COMPUTE, BOUND_VECTOR, BOUND_MEMORY, BOUND_OVERHEAD, UNIT_SYSTOLIC, UNIT_VECTOR,
  SPLIT_M, SPLIT_N, SPLIT_COUNT, ORDER_B_RESIDENT, ORDER_A_RESIDENT, ORDER_C_RESIDENT,
} from './abi';

const MAX_DIM: f64 = 1099511627776; // 2^40: bounds every input dimension and byte count
const INF: f64 = Infinity;

@inline function cdiv(a: f64, b: f64): f64 { return Math.ceil(a / b); }
@inline function isCount(v: f64, max: f64): bool { return v >= 1 && v <= max && Math.floor(v) == v; }
@inline function isAmount(v: f64, max: f64): bool { return v >= 0 && v <= max; } // NaN fails both

// ---- the hardware record, validated once per batch --------------------------------------------------------------
let cores: f64 = 1, arrays: f64 = 1, R: f64 = 1, C: f64 = 1, dataflow: i32 = DATAFLOW_WS, lanes: f64 = 1;
let l1Bytes: f64 = 1, gmemBytes: f64 = 0, gmemBw: f64 = 1, dramBw: f64 = 1, l1Bw: f64 = 1, overhead: f64 = 0;
let searched: bool = false, layoutSearched: bool = false, accBytes: f64 = 4;

/** Load and validate the hardware record; false when any field is out of range (every op then reports invalid). */
export function loadHardware(hw: StaticArray<f64>): bool {
  const c = unchecked(hw[HW_CORES]), a = unchecked(hw[HW_ARRAYS_PER_CORE]);
  const r = unchecked(hw[HW_ROWS]), cc = unchecked(hw[HW_COLS]), df = unchecked(hw[HW_DATAFLOW]);
  const ln = unchecked(hw[HW_VECTOR_LANES]), l1 = unchecked(hw[HW_L1_BYTES]), gm = unchecked(hw[HW_GMEM_BYTES]);
  const gbw = unchecked(hw[HW_GMEM_BYTES_PER_CYCLE]), dbw = unchecked(hw[HW_DRAM_BYTES_PER_CYCLE]);
  const lbw = unchecked(hw[HW_L1_BYTES_PER_CYCLE]), ov = unchecked(hw[HW_OP_OVERHEAD_CYCLES]);
  const sch = unchecked(hw[HW_SCHEDULER]), acc = unchecked(hw[HW_ACCUM_BYTES]);
  if (!(isCount(c, 1024) && isCount(a, 1024) && isCount(r, 4096) && isCount(cc, 4096) && (df == 0 || df == 1 || df == 2) &&
        isCount(ln, 1048576) && l1 >= 1024 && l1 <= MAX_DIM && isAmount(gm, MAX_DIM) && gbw > 0 && gbw <= MAX_DIM &&
        dbw > 0 && dbw <= MAX_DIM && lbw > 0 && lbw <= MAX_DIM && isAmount(ov, 1e12) && (sch == 0 || sch == 1 || sch == 2 || sch == 3) &&
        acc >= 1 && acc <= 16)) return false;
  cores = c; arrays = a; R = r; C = cc; dataflow = <i32>df; lanes = ln; l1Bytes = l1; gmemBytes = gm; gmemBw = gbw;
  dramBw = dbw; l1Bw = lbw; overhead = ov; const flags = <i32>sch;
  searched = (flags & SEARCH_SCHEDULE) != 0; layoutSearched = (flags & SEARCH_LAYOUT) != 0; accBytes = acc;
  return true;
}

// ---- systolic timing (native mode) ----------------------------------------------------------------------------
// Folds as in SCALE-Sim, but the stationary operand of the next fold loads while the current one streams (TPU-like
// double-buffered weights) and folds pipeline back to back, so one fill/drain (R + C − 2) is paid per op.
let lastMapping: f64 = 1;

function arrayCycles(g: f64, m: f64, k: f64, n: f64): f64 {
  let sr = k, sc = n, t = m; // ws
  if (dataflow == DATAFLOW_OS) { sr = m; sc = n; t = k; }
  else if (dataflow != DATAFLOW_WS) { sr = k; sc = m; t = n; } // is
  const rowFolds = cdiv(sr, R), colFolds = cdiv(sc, C);
  lastMapping = (sr * sc) / (rowFolds * R * colFolds * C);
  return g * rowFolds * colFolds * Math.max(t, R) + R + C - 2;
}

/** Words moved between local memory and the arrays (SCALE-Sim's SRAM counts, per dataflow), in elements. */
function arrayTrafficElems(g: f64, m: f64, k: f64, n: f64, accRatio: f64): f64 {
  if (dataflow == DATAFLOW_OS) return g * (k * m * cdiv(n, C) + k * n * cdiv(m, R) + m * n);
  if (dataflow == DATAFLOW_WS) return g * (m * k * cdiv(n, C) + k * n + m * n * cdiv(k, R) * accRatio);
  return g * (k * m + n * k * cdiv(m, C) + m * n * cdiv(k, R) * accRatio);
}

@inline function splitPart(dim: f64, parts: f64): f64 { return cdiv(dim, parts); }
@inline function partsUsed(dim: f64, parts: f64): f64 { return Math.min(dim, parts); }

// ---- the best schedule found so far for the current op -----------------------------------------------------------
let bCycles: f64, bCompute: f64, bVector: f64, bDram: f64, bGmem: f64, bL1: f64, bDramBytes: f64, bGmemBytes: f64;
let bL1Bytes: f64, bMapping: f64, bUnit: f64, bCoreSplit: f64, bArraySplit: f64, bOrder: f64, bTileM: f64;
let bTileN: f64, bTileK: f64, bDb: f64, bPack: f64, bVectorOps: f64, bExposed: f64;

function resetBest(): void {
  bCycles = INF; bCompute = 0; bVector = 0; bDram = 0; bGmem = 0; bL1 = 0; bDramBytes = 0; bGmemBytes = 0; bL1Bytes = 0;
  bMapping = 1; bUnit = UNIT_SYSTOLIC; bCoreSplit = SPLIT_M; bArraySplit = SPLIT_N; bOrder = ORDER_B_RESIDENT;
  bTileM = 0; bTileN = 0; bTileK = 0; bDb = 1; bPack = 1; bVectorOps = 0; bExposed = 0;
  bA = 0; bB = 0; bC = 0; bX = 0;
}

// Bytes at each level for the candidate being scored (set by addBytes).
let cDram: f64 = 0, cGmem: f64 = 0;
// Per-operand bytes of the candidate (A, B, C, extra) and of the best schedule.
let cA: f64 = 0, cB: f64 = 0, cC: f64 = 0, cX: f64 = 0, bA: f64 = 0, bB: f64 = 0, bC: f64 = 0, bX: f64 = 0;
@inline function addBytes(bytes: f64, loc: f64): void { if (loc == LOC_GMEM) cGmem += bytes; else cDram += bytes; }
/** Start a candidate: charge A, B, C and the extra inputs to their levels. */
function chargeOperands(a: f64, b: f64, c: f64, x: f64): void {
  cDram = 0; cGmem = 0; cA = a; cB = b; cC = c; cX = x;
  addBytes(a, gALoc); addBytes(b, gBLoc); addBytes(c, gCLoc);
  cDram += x; cGmem += gExtraGmem; cX = x + gExtraGmem;
}
@inline function levelBw(loc: f64): f64 { return loc == LOC_GMEM ? gmemBw : dramBw; }

/** Score one complete candidate; keeps it when faster. Returns its cycles. */
function consider(compute: f64, vector: f64, l1Traffic: f64, exposed: f64, db: bool,
                  unit: f64, coreSplit: f64, arraySplit: f64, order: f64, tm: f64, tn: f64, tk: f64,
                  pack: f64, mapping: f64, vectorOps: f64): f64 {
  const dram = cDram / dramBw, gmem = cGmem > 0 ? cGmem / gmemBw : 0, l1 = l1Traffic / l1Bw;
  const cycles = db
    ? Math.max(Math.max(compute, vector), Math.max(Math.max(dram, gmem), l1)) + exposed
    : Math.max(Math.max(compute, vector), l1) + dram + gmem;
  if (cycles < bCycles) {
    bCycles = cycles; bCompute = compute; bVector = vector; bDram = dram; bGmem = gmem; bL1 = l1;
    bDramBytes = cDram; bGmemBytes = cGmem; bL1Bytes = l1Traffic; bMapping = mapping; bUnit = unit;
    bCoreSplit = coreSplit; bArraySplit = arraySplit; bOrder = order; bTileM = tm; bTileN = tn; bTileK = tk;
    bDb = db ? 1 : 0; bPack = pack; bVectorOps = vectorOps; bExposed = exposed;
    bA = cA; bB = cB; bC = cC; bX = cX;
  }
  return cycles;
}

// ---- GEMM on the systolic arrays --------------------------------------------------------------------------------
// Op-level inputs of the GEMM being scheduled (set by evalGemm).
let gOutputs: f64 = 0, gEb: f64, gALoc: f64, gBLoc: f64, gCLoc: f64, gEpi: f64, gExtra: f64, gExtraGmem: f64, gARatio: f64;

/**
 * Score every loop order (and double buffering on/off) for one core's sub-problem (g × m×k×n), given the compute
 * cycles already chosen for it. `coresUsed` identical cores run in parallel and share DRAM/GMEM bandwidth.
 */
function scoreMemory(g: f64, m: f64, k: f64, n: f64, coresUsed: f64, compute: f64, vector: f64, l1Traffic: f64,
                     coreSplit: f64, arraySplit: f64, pack: f64, mapping: f64, baseline: bool): void {
  const eb = gEb;
  const aBytes = g * m * k * eb * gARatio, bBytes = g * k * n * eb, cBytes = g * m * n * eb;
  for (let dbi = 0; dbi < 2; dbi++) {
    const db = dbi == 0;
    if (baseline && !db) continue;
    const cap = db ? l1Bytes * 0.5 : l1Bytes;
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
      chargeOperands(coresUsed * aBytes * fa, coresUsed * bBytes * fb, coresUsed * cBytes, gExtra);
      // With double buffering everything but the first load overlaps compute: the array can start once R rows of
      // A and one array-width block of B are on chip (independent of the tile size, so more memory never hurts).
      const first = Math.min(aBytes, R * k * eb * gARatio) + Math.min(bBytes, k * C * eb);
      const exposed = db ? coresUsed * first / Math.min(levelBw(gALoc), levelBw(gBLoc)) : 0;
      // (The baseline tries weights-resident and outputs-resident tiling, double-buffered, and keeps the better.)
      consider(compute, vector, l1Traffic, exposed, db, UNIT_SYSTOLIC, coreSplit, arraySplit, <f64>order, tm, tn, tk, pack, mapping, 0);
    }
  }
}

/** Split g × m×k×n over `parts` along `split`; writes the part into sG/sM/sN and returns parts in use. */
let sG: f64, sM: f64, sN: f64;
function splitOver(g: f64, m: f64, n: f64, parts: f64, split: i32): f64 {
  sG = g; sM = m; sN = n;
  if (split == SPLIT_M) { sM = splitPart(m, parts); return partsUsed(m, parts); }
  if (split == SPLIT_N) { sN = splitPart(n, parts); return partsUsed(n, parts); }
  sG = splitPart(g, parts); return partsUsed(g, parts);
}

function scheduleGemm(g: f64, m: f64, k: f64, n: f64, pack: f64): void {
  const baseline = !searched;
  for (let cs = 0; cs < 3; cs++) {
    if (baseline) {
      // Fixed heuristic (production-compiler-like): data-parallel over cores when M is large, else split N.
      const want = m >= cores * R ? SPLIT_M : (n >= cores * C ? SPLIT_N : (g >= cores ? SPLIT_COUNT : SPLIT_M));
      if (cs != want) continue;
    }
    const coresUsed = splitOver(g, m, n, cores, cs);
    const gc = sG, mc = sM, nc = sN;
    // Best array split inside the core (arrays share the core's local memory).
    let compute = INF, mapping: f64 = 1, arraySplit: f64 = SPLIT_N, l1Elems: f64 = 0;
    for (let as = 0; as < 3; as++) {
      if (baseline && as != (nc >= arrays * C ? SPLIT_N : SPLIT_M)) continue;
      const used = splitOver(gc, mc, nc, arrays, as);
      const cyc = arrayCycles(sG, sM, k, sN);
      if (cyc < compute) {
        compute = cyc; mapping = lastMapping; arraySplit = <f64>as;
        l1Elems = used * arrayTrafficElems(sG, sM, k, sN, accBytes / gEb);
      }
    }
    const vector = gEpi * gc * mc * nc / lanes;
    scoreMemory(gc, mc, k, nc, coresUsed, compute, vector, l1Elems * gEb, <f64>cs, arraySplit, pack, mapping, baseline);
  }
}

function evalGemm(op: StaticArray<f64>, o: i32): bool {
  const g = unchecked(op[o + OP_IN_COUNT]), m = unchecked(op[o + OP_IN_M]), k = unchecked(op[o + OP_IN_K]);
  const n = unchecked(op[o + OP_IN_N]), eb = unchecked(op[o + OP_IN_ELEM_BYTES]);
  const inBytes = unchecked(op[o + OP_IN_IN_BYTES]), alt = unchecked(op[o + OP_IN_VECTOR_ALT_OPS]);
  const packable = unchecked(op[o + OP_IN_PACKABLE]);
  gALoc = unchecked(op[o + OP_IN_A_LOC]); gBLoc = unchecked(op[o + OP_IN_B_LOC]); gCLoc = unchecked(op[o + OP_IN_C_LOC]);
  gEpi = unchecked(op[o + OP_IN_EPILOGUE_OPS]); gExtra = unchecked(op[o + OP_IN_EXTRA_IN_BYTES]);
  gExtraGmem = unchecked(op[o + OP_IN_EXTRA_GMEM_BYTES]);
  if (!(isCount(g, MAX_DIM) && isCount(m, MAX_DIM) && isCount(k, MAX_DIM) && isCount(n, MAX_DIM) && eb >= 0.125 && eb <= 16 &&
        isAmount(inBytes, MAX_DIM) && isAmount(alt, 1e6) && isAmount(gEpi, 1e6) && isAmount(gExtra, MAX_DIM) && isAmount(gExtraGmem, MAX_DIM) &&
        g * m * k * n <= 1e21)) return false;
  gEb = eb;
  gOutputs = g * m * n;
  // A's bytes in memory are the real input tensor (im2col duplication happens on chip): scale by the given size.
  const aIm2col = g * m * k * eb;
  gARatio = inBytes > 0 ? Math.min(1, inBytes / aIm2col) : 1;
  resetBest();
  // Packing: p products block-diagonally in one GEMM (K and N grow by p, count shrinks); MACs are unchanged.
  if (packable > 0) {
    const pTpu = Math.max(1, Math.min(g, Math.floor(C / n))); // TPU-style: channels across the array's columns
    scheduleGemmPacked(g, m, k, n, pTpu);
    if (layoutSearched) {
      scheduleGemmPacked(g, m, k, n, 1);
      const pRows = Math.max(1, Math.min(g, Math.floor(R / k)));
      if (pRows != pTpu && pRows > 1) scheduleGemmPacked(g, m, k, n, pRows);
    }
  } else {
    scheduleGemm(g, m, k, n, 1);
  }
  // Depthwise convs may run on the vector unit instead (layout search only: the baseline maps them to the MXU).
  if (layoutSearched && alt > 0) evalVectorAlternative(g, m, n, alt, eb, inBytes);
  return true;
}

function scheduleGemmPacked(g: f64, m: f64, k: f64, n: f64, p: f64): void {
  // Only 1/p of the packed weight matrix is non-zero, but the array stores and streams all of it; A is the
  // concatenation of the p products' inputs, so its real bytes are unchanged (gARatio already scales to them).
  scheduleGemm(cdiv(g, p), m, k * p, n * p, p);
}

function evalVectorAlternative(g: f64, m: f64, n: f64, opsPerOut: f64, eb: f64, inBytes: f64): void {
  const outputs = g * m * n;
  const vector = outputs * (opsPerOut + gEpi) / (lanes * cores);
  const aReal = inBytes > 0 ? inBytes : outputs * eb;
  // filters: k·n per group (opsPerOut = k for a grouped conv)
  chargeOperands(aReal, g * opsPerOut * n * eb, outputs * eb, gExtra);
  const l1Traffic = (aReal + outputs * eb) * 2;
  consider(0, vector, l1Traffic, 0, true, UNIT_VECTOR, SPLIT_COUNT, SPLIT_COUNT, ORDER_A_RESIDENT, 0, 0, 0, 1, 1, outputs * (opsPerOut + gEpi));
}

// ---- vector-unit ops --------------------------------------------------------------------------------------------
function evalVector(op: StaticArray<f64>, o: i32): bool {
  const outputs = unchecked(op[o + OP_IN_M]), opsPer = unchecked(op[o + OP_IN_K]);
  const inBytes = unchecked(op[o + OP_IN_IN_BYTES]), outBytes = unchecked(op[o + OP_IN_OUT_BYTES]);
  const passes = unchecked(op[o + OP_IN_PASSES]), rowBytes = unchecked(op[o + OP_IN_ROW_BYTES]);
  const wBytes = unchecked(op[o + OP_IN_WEIGHT_BYTES]);
  gALoc = unchecked(op[o + OP_IN_A_LOC]); gBLoc = unchecked(op[o + OP_IN_B_LOC]); gCLoc = unchecked(op[o + OP_IN_C_LOC]);
  gExtra = unchecked(op[o + OP_IN_EXTRA_IN_BYTES]); gExtraGmem = unchecked(op[o + OP_IN_EXTRA_GMEM_BYTES]);
  if (!(isCount(outputs, MAX_DIM) && isAmount(opsPer, 1e6) && isAmount(inBytes, MAX_DIM) && isAmount(outBytes, MAX_DIM) &&
        isCount(passes, 16) && isAmount(rowBytes, MAX_DIM) && isAmount(wBytes, MAX_DIM) && isAmount(gExtra, MAX_DIM) && isAmount(gExtraGmem, MAX_DIM))) return false;
  resetBest();
  const vectorOps = outputs * opsPer;
  const vector = vectorOps / (lanes * cores);
  // A row that fits in (half of) local memory is read once and re-used on chip; otherwise every pass re-reads it.
  const reads = rowBytes > 0 && rowBytes > l1Bytes * 0.5 ? passes : 1;
  chargeOperands(inBytes * reads, wBytes, outBytes, gExtra);
  const l1Traffic = inBytes * passes + outBytes + gExtra + gExtraGmem;
  consider(0, vector, l1Traffic / cores, 0, true, UNIT_VECTOR, SPLIT_M, SPLIT_M, ORDER_A_RESIDENT, 0, 0, 0, 1, 1, vectorOps);
  return true;
}

// ---- one op -----------------------------------------------------------------------------------------------------
/** Evaluate the op record at `op[o..]` into the result record at `out[r..]`. */
export function evalOp(op: StaticArray<f64>, o: i32, out: StaticArray<f64>, r: i32, hwOk: bool): void {
  for (let i = 0; i < RECORD_WORDS; i++) unchecked(out[r + i] = 0);
  const kind = unchecked(op[o + OP_IN_KIND]);
  let ok = false, macs: f64 = 0;
  if (hwOk && kind == OP_KIND_GEMM) {
    ok = evalGemm(op, o);
    if (ok) macs = unchecked(op[o + OP_IN_COUNT]) * unchecked(op[o + OP_IN_M]) * unchecked(op[o + OP_IN_K]) * unchecked(op[o + OP_IN_N]);
  } else if (hwOk && kind == OP_KIND_VECTOR) {
    ok = evalVector(op, o);
  }
  if (!ok || !(bCycles < INF)) { unchecked(out[r + OP_OUT_STATUS] = STATUS_INVALID_INPUT); return; }
  const cycles = bCycles + overhead;
  const memory = Math.max(Math.max(bDram, bGmem), bL1);
  let bound = BOUND_COMPUTE;
  let top = bCompute;
  if (bVector > top) { top = bVector; bound = BOUND_VECTOR; }
  if (memory > top) { top = memory; bound = BOUND_MEMORY; }
  if (overhead > top) bound = BOUND_OVERHEAD;
  const peak = cores * arrays * R * C;
  unchecked(out[r + OP_OUT_STATUS] = STATUS_OK);
  unchecked(out[r + OP_OUT_CYCLES] = cycles);
  unchecked(out[r + OP_OUT_COMPUTE_CYCLES] = bCompute);
  unchecked(out[r + OP_OUT_VECTOR_CYCLES] = bVector);
  unchecked(out[r + OP_OUT_DRAM_CYCLES] = bDram);
  unchecked(out[r + OP_OUT_GMEM_CYCLES] = bGmem);
  unchecked(out[r + OP_OUT_L1_CYCLES] = bL1);
  unchecked(out[r + OP_OUT_OVERHEAD_CYCLES] = overhead);
  unchecked(out[r + OP_OUT_BOUND] = bound);
  unchecked(out[r + OP_OUT_MACS] = macs);
  unchecked(out[r + OP_OUT_DRAM_BYTES] = bDramBytes);
  unchecked(out[r + OP_OUT_GMEM_BYTES] = bGmemBytes);
  unchecked(out[r + OP_OUT_L1_BYTES] = bL1Bytes);
  unchecked(out[r + OP_OUT_UTILIZATION] = macs / (cycles * peak));
  unchecked(out[r + OP_OUT_MAPPING_EFF] = bMapping);
  unchecked(out[r + OP_OUT_UNIT] = bUnit);
  unchecked(out[r + OP_OUT_CORE_SPLIT] = bCoreSplit);
  unchecked(out[r + OP_OUT_ARRAY_SPLIT] = bArraySplit);
  unchecked(out[r + OP_OUT_LOOP_ORDER] = bOrder);
  unchecked(out[r + OP_OUT_TILE_M] = bTileM);
  unchecked(out[r + OP_OUT_TILE_N] = bTileN);
  unchecked(out[r + OP_OUT_TILE_K] = bTileK);
  unchecked(out[r + OP_OUT_DOUBLE_BUFFER] = bDb);
  unchecked(out[r + OP_OUT_PACK] = bPack);
  // On the arrays, the vector unit still runs the fused epilogue over every output.
  unchecked(out[r + OP_OUT_VECTOR_OPS] = bUnit == UNIT_SYSTOLIC ? gEpi * gOutputs : bVectorOps);
  unchecked(out[r + OP_OUT_EXPOSED_CYCLES] = bExposed);
  unchecked(out[r + OP_OUT_A_BYTES] = bA);
  unchecked(out[r + OP_OUT_B_BYTES] = bB);
  unchecked(out[r + OP_OUT_C_BYTES] = bC);
  unchecked(out[r + OP_OUT_EXTRA_BYTES] = bX);
}
