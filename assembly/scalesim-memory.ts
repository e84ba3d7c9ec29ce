// SCALE-Sim v2 memory model: DRAM traffic of the ifmap/filter/ofmap SRAMs and, in USER mode, the stall cycles
// caused by a limited DRAM interface. Source: tests/oracle/scalesim/README.md §5 (SCALE-Sim v2 @ 22f88b1,
// memory/read_buffer.py, read_buffer_estimate_bw.py, write_buffer.py, double_buffered_scratchpad_mem.py),
// restated over folds, prefetch windows and drains instead of SCALE-Sim's cycle-by-cycle demand matrices.
// Equations, what is exact and what is approximated: docs/model.md §1.1.
//
// Layer = SCALE-Sim conv row (a GEMM row is the conv H=M, W=K, Fh=1, Fw=K, C=1, stride 1). Operand matrices:
// ifmap A (M×K, im2col'd, address -1 where the window leaves the ifmap), filter B (K×N), ofmap O (M×N).
// Folds run fc (column folds) outer, fr (row folds) inner; each fold lasts `cpf` cycles (assembly/systolic.ts).
import {
  DATAFLOW_OS, DATAFLOW_WS, DATAFLOW_IS, STATUS_OK, STATUS_INVALID_INPUT,
  SCALESIM_MEM_IN_IFMAP_H, SCALESIM_MEM_IN_IFMAP_W, SCALESIM_MEM_IN_FILTER_H, SCALESIM_MEM_IN_FILTER_W,
  SCALESIM_MEM_IN_CHANNELS, SCALESIM_MEM_IN_NUM_FILTERS, SCALESIM_MEM_IN_STRIDE, SCALESIM_MEM_IN_ROWS,
  SCALESIM_MEM_IN_COLS, SCALESIM_MEM_IN_DATAFLOW, SCALESIM_MEM_IN_SUBLAYERS, SCALESIM_MEM_IN_IFMAP_SRAM_WORDS,
  SCALESIM_MEM_IN_FILTER_SRAM_WORDS, SCALESIM_MEM_IN_OFMAP_SRAM_WORDS, SCALESIM_MEM_IN_MODE,
  SCALESIM_MEM_IN_BANDWIDTH_WORDS_PER_CYCLE, SCALESIM_MEM_MODE_CALC, SCALESIM_MEM_MODE_USER,
  SCALESIM_MEM_STATUS_WORK_LIMIT,
  SCALESIM_MEM_OUT_STATUS, SCALESIM_MEM_OUT_TOTAL_CYCLES, SCALESIM_MEM_OUT_STALL_CYCLES,
  SCALESIM_MEM_OUT_DRAM_IFMAP_READS, SCALESIM_MEM_OUT_DRAM_FILTER_READS, SCALESIM_MEM_OUT_DRAM_OFMAP_WRITES,
  SCALESIM_MEM_OUT_IFMAP_START_CYCLE, SCALESIM_MEM_OUT_IFMAP_STOP_CYCLE, SCALESIM_MEM_OUT_FILTER_START_CYCLE,
  SCALESIM_MEM_OUT_FILTER_STOP_CYCLE, SCALESIM_MEM_OUT_OFMAP_START_CYCLE, SCALESIM_MEM_OUT_OFMAP_STOP_CYCLE,
  SCALESIM_MEM_OUT_APPROX, SCALESIM_MEM_OUT_FIELDS,
  SCALESIM_MEM_APPROX_IFMAP_READS, SCALESIM_MEM_APPROX_STALLS,
} from './abi';

// ---- input limits (design) ----------------------------------------------------------------------------------
const MAX_DIM: f64 = 16777216; // 2^24, as assembly/systolic.ts
const MAX_ARRAY_EDGE: f64 = 4096;
const MAX_OPERAND: f64 = 1099511627776; // 2^40 elements per operand matrix (keeps every position below 2^53)
const MAX_ROWS: f64 = 281474976710656; // 2^48 demand rows (cycles) per sub-layer
const MIN_SRAM_WORDS: f64 = 100; // SCALE-Sim divides SRAMs into 100 sets
const MAX_SRAM_WORDS: f64 = 1099511627776;
const MAX_BANDWIDTH: f64 = 16777216;
// Work budget per record, in fold visits, events and row sweeps; beyond it the record reports WORK_LIMIT.
const WORK_LIMIT: f64 = 4194304; // 2^22: about a second at worst

// SCALE-Sim constants (v2 single_layer_sim.py / read buffers): active half of each double buffer, 100 sets,
// CALC-mode prefetch rate 10 words/cycle, 1-cycle DRAM read latency, 0-cycle write latency.
const CALC_READ_BW: f64 = 10;
const SKEW_BANDS: f64 = 8; // lane bands used to follow the systolic skew in the duplicate-address walk

let work: f64 = 0;
@inline function spend(n: f64): bool { work += n; return work <= WORK_LIMIT; }

@inline function isCount(v: f64, max: f64): bool { return v >= 1 && v <= max && Math.floor(v) == v; }
@inline function fmin(a: f64, b: f64): f64 { return a < b ? a : b; }
@inline function fmax(a: f64, b: f64): f64 { return a > b ? a : b; }
@inline function fmod(a: f64, m: f64): f64 { const r = a - Math.floor(a / m) * m; return r; }

/** S_n(y) = Σ_{j=0}^{n-1} max(y - j, 0): cells (i, j), j < n, of a staircase; the building block of every count. */
@inline function sn(n: f64, y: f64): f64 {
  if (y <= 0 || n <= 0) return 0;
  if (y >= n) return n * y - n * (n - 1) / 2;
  return y * (y + 1) / 2;
}

// ---- the layer (module state for the record being evaluated) ----------------------------------------------------
let H: f64 = 1, W: f64 = 1, FH: f64 = 1, FW: f64 = 1, CH: f64 = 1, NF: f64 = 1, STR: f64 = 1;
let EH: f64 = 1, EW: f64 = 1, M: f64 = 1, N: f64 = 1, K: f64 = 1;
let R: f64 = 1, C: f64 = 1, DF: i32 = 0;
let T: f64 = 1, RF: f64 = 1, CF: f64 = 1, FOLDS: f64 = 1, CPF: f64 = 1, ROWS: f64 = 1;
let USER: bool = false;

// ---- operand fetch layouts ----------------------------------------------------------------------------------
// SCALE-Sim's prefetch matrix of an operand: nb blocks of h rows × wd columns (columns ≥ vLast of the last block are
// padding, -1), read either row-major or rolled out along anti-diagonals (rows descending within a diagonal).
// Sets of the USER read buffer count valid elements only, so positions are "valid indices".
class Layout {
  nb: f64 = 1; h: f64 = 1; wd: f64 = 1; vLast: f64 = 1; diag: bool = false;
  mp: f64 = 1; i0: f64 = 0; invW: f64 = 0; valid: f64 = 1; raw: f64 = 1;
  set(nb: f64, h: f64, wd: f64, vLast: f64, diag: bool): void {
    this.nb = nb; this.h = h; this.wd = wd; this.vLast = vLast; this.diag = diag;
    this.mp = nb * h; this.i0 = (nb - 1) * h; this.invW = wd - vLast;
    this.valid = h * (wd * (nb - 1) + vLast); this.raw = this.mp * wd;
  }
  @inline v(b: f64): f64 { return b == this.nb - 1 ? this.vLast : this.wd; }
  /** Valid index of the element at (row, col) of the prefetch matrix. */
  q(row: f64, col: f64): f64 {
    const np = this.wd, mp = this.mp, i0 = this.i0, invW = this.invW, vLast = this.vLast;
    if (this.diag) {
      const d = row + col;
      const raw = sn(np, d) - sn(np, d - mp) + (fmin(d, mp - 1) - row);
      let inv: f64 = 0;
      if (invW > 0) {
        inv = sn(invW, d - i0 - vLast) - sn(invW, d - mp - vLast);
        const jlo = fmax(vLast, d - mp + 1), jhi = fmin(col - 1, d - i0);
        if (jhi >= jlo) inv += jhi - jlo + 1;
      }
      return raw - inv;
    }
    return row * np + col - (row > i0 ? (row - i0) * invW : 0);
  }
}

// How a fold demands an operand. D: one block of the prefetch matrix, element (row', col) at fold cycle
// u0 + row' + col (skewed stream; ascending fetch positions within the fold). T: a tile of rows r0..r0+rv-1 of
// block b, one row per cycle in reverse order (stationary operand load), columns ascending.
const KIND_D: i32 = 0;
const KIND_T: i32 = 1;
const REUSE_NONE: i32 = 0; // every fold demands new elements (stationary tiles)
const REUSE_PASS: i32 = 1; // block = fr: the whole operand is streamed again for each column fold
const REUSE_REP: i32 = 2; // block = fc: the same block is streamed for every row fold in a row

class Operand {
  lay: Layout = new Layout();
  kind: i32 = KIND_D; u0: f64 = 0; blockIsFr: bool = true; reuse: i32 = REUSE_PASS;
  /** First demand row of fold 0 that carries an element of this operand. */
  firstRow: f64 = 0;
  @inline block(fc: f64, fr: f64): f64 { return this.kind == KIND_T ? fc : (this.blockIsFr ? fr : fc); }
  @inline tileRows(fr: f64): f64 { return fmin(R, this.lay.h - fr * R); }
  /** Elements of fold (fc, fr) and the number of them demanded before cycle u of the fold. */
  foldElems(fc: f64, fr: f64): f64 {
    const b = this.block(fc, fr), v = this.lay.v(b);
    return this.kind == KIND_D ? this.lay.h * v : this.tileRows(fr) * v;
  }
  /** Fold cycle of the e-th element (0-based) the fold demands. */
  cycleOfElem(fc: f64, fr: f64, e: f64): f64 {
    const b = this.block(fc, fr), v = this.lay.v(b), h = this.lay.h;
    if (this.kind == KIND_T) {
      const rv = this.tileRows(fr);
      const r = rv - 1 - Math.floor(e / v);
      return R - 1 - r;
    }
    // cells (row', col) of an h×v block with row' + col < x: sn(v, x) - sn(v, x - h)
    let lo: f64 = 0, hi: f64 = h + v - 2;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (sn(v, mid + 1) - sn(v, mid + 1 - h) > e) hi = mid; else lo = mid + 1;
    }
    return this.u0 + lo;
  }
}

const IFMAP = new Operand();
const FILTER = new Operand();

function setupOperands(): void {
  if (DF == DATAFLOW_OS) {
    IFMAP.lay.set(RF, K, R, M - (RF - 1) * R, true); IFMAP.kind = KIND_D; IFMAP.u0 = 0; IFMAP.blockIsFr = true; IFMAP.reuse = REUSE_PASS;
    FILTER.lay.set(CF, K, C, N - (CF - 1) * C, true); FILTER.kind = KIND_D; FILTER.u0 = 0; FILTER.blockIsFr = false; FILTER.reuse = REUSE_REP;
    IFMAP.firstRow = 0; FILTER.firstRow = 0;
  } else if (DF == DATAFLOW_WS) {
    IFMAP.lay.set(RF, M, R, K - (RF - 1) * R, true); IFMAP.kind = KIND_D; IFMAP.u0 = R; IFMAP.blockIsFr = true; IFMAP.reuse = REUSE_PASS;
    FILTER.lay.set(CF, K, C, N - (CF - 1) * C, false); FILTER.kind = KIND_T; FILTER.u0 = 0; FILTER.reuse = REUSE_NONE;
    IFMAP.firstRow = R; FILTER.firstRow = R - fmin(R, K);
  } else {
    IFMAP.lay.set(CF, K, C, M - (CF - 1) * C, false); IFMAP.kind = KIND_T; IFMAP.u0 = 0; IFMAP.reuse = REUSE_NONE;
    FILTER.lay.set(RF, N, R, K - (RF - 1) * R, true); FILTER.kind = KIND_D; FILTER.u0 = R; FILTER.blockIsFr = true; FILTER.reuse = REUSE_PASS;
    IFMAP.firstRow = R - fmin(R, K); FILTER.firstRow = R;
  }
}

// ---- USER mode read buffer (read_buffer.py) -------------------------------------------------------------------
// The fetch sequence is cut into sets of E = ceil(S/100) valid elements; L = floor(V/E) + 1 sets (the last one may
// be empty). The active window is A sets starting at set w (cyclic); a demand outside it moves the window by P sets
// until it is inside, each move fetching ceil(S/2 / bw) lines of bw words that complete Δ = lines + 1 cycles after
// the previous fetch. The first active half is loaded before cycle 0. The k-th move completes at cycle kΔ - 1, so a
// demand row ρ that needed the k-th move cannot finish before kΔ - 2: a static "read event" (ρ, kΔ - 2).
class UserRead {
  op: Operand = IFMAP;
  e: f64 = 1; sets: f64 = 1; a: f64 = 1; p: f64 = 0; delta: f64 = 1; chunkLines: f64 = 1; initLines: f64 = 1;
  w: f64 = 0; shifts: f64 = 0;
  // iteration state
  fc: f64 = 0; fr: f64 = 0; inFold: bool = false; done: bool = false;
  x: f64 = 0; q: f64 = 0; xLast: f64 = 0; r: f64 = 0; bh: f64 = 0; v: f64 = 1; rowBase: f64 = 0; rowEnd: f64 = 0;
  // pending event
  has: bool = false; evRow: f64 = 0; evVal: f64 = 0;

  reset(op: Operand, sizeWords: f64, bw: f64): void {
    this.op = op;
    const active = Math.ceil(sizeWords * 0.5), pref = sizeWords - active;
    this.e = Math.ceil(sizeWords / 100);
    this.sets = Math.floor(op.lay.valid / this.e) + 1;
    this.a = fmin(Math.ceil(active / this.e), this.sets);
    this.p = fmin(Math.ceil(pref / this.e), this.sets - this.a);
    const fetchLines = Math.ceil(op.lay.raw / bw);
    let init = Math.ceil(active / bw);
    if (!(init < fetchLines)) init = fetchLines;
    this.initLines = init;
    this.chunkLines = Math.ceil(pref / bw);
    this.delta = this.chunkLines + 1;
    this.w = 0; this.shifts = 0;
    this.fc = 0; this.fr = 0; this.inFold = false; this.done = false; this.has = false;
  }
  @inline foldRow(): f64 { return (this.fc * RF + this.fr) * CPF; }
  @inline runLo(x: f64): f64 { const h = this.op.lay.h, jlo = fmax(0, x - h + 1); return this.op.lay.q(this.bh + x - jlo, jlo); }
  @inline runHi(x: f64): f64 {
    const h = this.op.lay.h, jlo = fmax(0, x - h + 1), jhi = fmin(this.v - 1, x);
    return this.op.lay.q(this.bh + x - jlo, jlo) + (jhi - jlo);
  }
  @inline gap(s: f64): f64 { return fmod(s - this.w, this.sets); }
  private nextFold(): void {
    this.inFold = false;
    this.fr += 1;
    if (this.fr >= RF) { this.fr = 0; this.fc += 1; }
    if (this.fc >= CF) this.done = true;
  }
  private startFold(): bool {
    const op = this.op, lay = op.lay;
    const b = op.block(this.fc, this.fr);
    this.v = lay.v(b); this.bh = b * lay.h;
    if (op.kind == KIND_D) {
      this.xLast = lay.h + this.v - 2; this.x = 0; this.q = this.runLo(0);
    } else {
      const rv = op.tileRows(this.fr);
      this.rowBase = this.bh + this.fr * R;
      const qmin = lay.q(this.rowBase, 0), qmax = lay.q(this.rowBase + rv - 1, 0) + this.v - 1;
      const gmin = this.gap(Math.floor(qmin / this.e)), gmax = this.gap(Math.floor(qmax / this.e));
      if (gmin < this.a && gmax < this.a && gmax >= gmin) return false; // whole tile inside the window
      this.r = rv - 1; this.q = lay.q(this.rowBase + this.r, 0); this.rowEnd = this.q + this.v - 1;
    }
    this.inFold = true;
    return true;
  }
  /** Compute the next read event; false when the operand's demand is exhausted (or the work budget is). */
  advance(): bool {
    this.has = false;
    while (!this.done) {
      if (!spend(1)) { this.done = true; return false; }
      if (!this.inFold) {
        if (!this.startFold()) { this.nextFold(); continue; }
      }
      const s = Math.floor(this.q / this.e);
      const g = this.gap(s);
      const row = this.op.kind == KIND_D ? this.foldRow() + this.op.u0 + this.x : this.foldRow() + (R - 1 - this.r);
      if (g >= this.a) {
        if (this.p <= 0) { this.done = true; return false; } // cannot happen: A = L covers everything
        const k = Math.ceil((g - this.a + 1) / this.p);
        this.w = fmod(this.w + k * this.p, this.sets);
        this.shifts += k;
        this.has = true; this.evRow = row; this.evVal = this.shifts * this.delta - 2;
        return true;
      }
      // covered: the first set after the window, going forward from s
      const end = this.w <= s ? this.w + this.a : this.w + this.a - this.sets;
      if (this.op.kind == KIND_D) {
        if (end >= this.sets) { this.nextFold(); continue; }
        const X = end * this.e;
        if (this.runHi(this.xLast) < X) { this.nextFold(); continue; }
        let lo = this.x, hi = this.xLast;
        while (lo < hi) { const mid = Math.floor((lo + hi) / 2); if (this.runHi(mid) >= X) hi = mid; else lo = mid + 1; }
        this.x = lo; this.q = fmax(this.runLo(lo), X);
      } else {
        const X = end * this.e;
        if (end >= this.sets || X > this.rowEnd) {
          this.r -= 1;
          if (this.r < 0) { this.nextFold(); continue; }
          this.q = this.op.lay.q(this.rowBase + this.r, 0); this.rowEnd = this.q + this.v - 1;
        } else this.q = X;
      }
    }
    return false;
  }
  count(bw: f64): f64 { return bw * (this.initLines + this.shifts * this.chunkLines); }
}

const UIF = new UserRead();
const UFIL = new UserRead();

// ---- CALC mode read buffer (read_buffer_estimate_bw.py) ----------------------------------------------------------
// Never stalls. Distinct demanded addresses fill sets of I = floor(S/100); when 50 sets (Wc = 50·I addresses) are
// full the window is emptied (a DRAM "prefetch" of those addresses) and refills from the next demand on. DRAM reads
// = number of insertions. For operands without repeated addresses inside a block this is a closed-form walk over
// block occurrences (exact); `calcLastRow` is the demand row of the last window change (-1: none).
let calcLastRow: f64 = -1;

function calcUnique(op: Operand, sizeWords: f64): f64 {
  const wc = 50 * Math.floor(sizeWords / 100);
  let fill: f64 = 0, count: f64 = 0;
  let clearOcc: f64 = -1, clearX: f64 = 0;
  calcLastRow = -1;
  const nbPass = op.lay.nb;
  let o: f64 = 0;
  for (let fc: f64 = 0; fc < CF; fc++) {
    for (let fr: f64 = 0; fr < RF; fr++, o++) {
      if (!spend(1)) return count;
      const d = op.foldElems(fc, fr);
      let prev: f64 = -1;
      if (op.reuse == REUSE_PASS) prev = o - nbPass;
      else if (op.reuse == REUSE_REP && fr > 0) prev = o - 1;
      let s = d; // elements [0, s) are not in the window
      if (prev >= 0) { if (clearOcc < prev) s = 0; else if (clearOcc == prev) s = clearX; }
      if (fill + s < wc) { count += s; fill += s; continue; }
      const x1 = wc - fill, n2 = d - x1, k2 = Math.floor(n2 / wc);
      count += d; fill = n2 - k2 * wc;
      clearOcc = o; clearX = x1 + k2 * wc;
      calcLastRow = o * CPF + op.cycleOfElem(fc, fr, clearX - 1);
    }
  }
  return count;
}

// Operands whose blocks repeat addresses (im2col of overlapping conv windows): walk the demand stream segment by
// segment, each segment ending where it reaches Wc distinct addresses. distinct() counts the addresses of a union of
// (pixel range × k range) rectangles exactly; fold prefixes follow the systolic skew in SKEW_BANDS lane bands.
const MAX_RECTS: i32 = 64;
const rM0 = new StaticArray<f64>(MAX_RECTS);
const rM1 = new StaticArray<f64>(MAX_RECTS);
const rK0 = new StaticArray<f64>(MAX_RECTS);
const rK1 = new StaticArray<f64>(MAX_RECTS);
let nRects: i32 = 0;
let rectOverflow = false;

function addRect(m0: f64, m1: f64, k0: f64, k1: f64): void {
  if (m1 <= m0 || k1 <= k0) return;
  // merge with a rectangle that shares one side and touches on the other
  for (let i = 0; i < nRects; i++) {
    if (unchecked(rM0[i]) == m0 && unchecked(rM1[i]) == m1 && (unchecked(rK1[i]) == k0 || unchecked(rK0[i]) == k1)) {
      unchecked(rK0[i] = fmin(rK0[i], k0)); unchecked(rK1[i] = fmax(rK1[i], k1)); return;
    }
    if (unchecked(rK0[i]) == k0 && unchecked(rK1[i]) == k1 && (unchecked(rM1[i]) == m0 || unchecked(rM0[i]) == m1)) {
      unchecked(rM0[i] = fmin(rM0[i], m0)); unchecked(rM1[i] = fmax(rM1[i], m1)); return;
    }
  }
  if (nRects >= MAX_RECTS) { rectOverflow = true; return; }
  unchecked(rM0[nRects] = m0); unchecked(rM1[nRects] = m1); unchecked(rK0[nRects] = k0); unchecked(rK1[nRects] = k1);
  nRects++;
}

const MAX_BPS: i32 = 2 * MAX_RECTS + 2;
const bps = new StaticArray<f64>(MAX_BPS);
const eM0 = new StaticArray<f64>(MAX_RECTS);
const eM1 = new StaticArray<f64>(MAX_RECTS);
const eP0 = new StaticArray<f64>(MAX_RECTS);
const eP1 = new StaticArray<f64>(MAX_RECTS);
const MAX_IV: i32 = 65536;
let ivOverflow = false;

const eOy0 = new StaticArray<f64>(MAX_RECTS);
const eOy1 = new StaticArray<f64>(MAX_RECTS);
let nEntries: i32 = 0;
const MAX_YBP: i32 = 4096;
const ybp = new StaticArray<f64>(MAX_YBP);

/** Sort a[0..n) ascending (shell sort: n is at most a few thousand). */
function sortF64(a: StaticArray<f64>, n: i32): void {
  let gap = 1;
  while (gap < n / 3) gap = gap * 3 + 1;
  for (; gap >= 1; gap = (gap - 1) / 3) {
    for (let i = gap; i < n; i++) {
      const v = unchecked(a[i]); let j = i;
      while (j >= gap && unchecked(a[j - gap]) > v) { unchecked(a[j] = a[j - gap]); j -= gap; }
      unchecked(a[j] = v);
    }
    if (gap == 1) break;
  }
}

// Many runs on one row: count their union with a difference array over x instead of sorting.
const MAX_COVER: i32 = 65536;
const cover = new StaticArray<i32>(MAX_COVER + 1);
function coverCount(n: i32): f64 {
  let xMin: i32 = MAX_COVER, xMax: i32 = -1;
  const st = <i32>STR;
  for (let i = 0; i < n; i++) {
    const rho = unchecked(jRho[i]);
    const x0 = unchecked(jLo[i]) * st + rho, x1 = unchecked(jHi[i]) * st + rho;
    // one mark per lattice point: x0, x0+S, ..., x1; mark the run start and the first point after it
    unchecked(cover[x0] += 1);
    const after = x1 + st;
    if (after <= MAX_COVER) unchecked(cover[after] -= 1);
    if (x0 < xMin) xMin = x0;
    if (x1 > xMax) xMax = x1;
  }
  // prefix sums along each residue class x ≡ rho (mod S)
  let cnt: f64 = 0;
  for (let x = xMin; x <= xMax; x++) {
    const prev = x - st >= xMin ? unchecked(cover[x - st]) : 0;
    const v = unchecked(cover[x]) + prev;
    unchecked(cover[x] = v);
    if (v > 0) cnt += 1;
  }
  for (let x = xMin; x <= xMax + st && x <= MAX_COVER; x++) unchecked(cover[x] = 0);
  return cnt;
}

/** Addresses of one channel on ifmap row y covered by the current entries (pixel range × filter-position run). */
// entries of the current channel class as i32 (pixel range, filter-position run split into rows cr0..cr1 with the
// first/last row's column range), for the hot per-row loop; every value is below 2^31 (dims ≤ 2^24)
const iM0 = new StaticArray<i32>(MAX_RECTS);
const iM1 = new StaticArray<i32>(MAX_RECTS);
const iCr0 = new StaticArray<i32>(MAX_RECTS);
const iCr1 = new StaticArray<i32>(MAX_RECTS);
const iCca = new StaticArray<i32>(MAX_RECTS);
const iCcb = new StaticArray<i32>(MAX_RECTS);
const jRho = new StaticArray<i32>(MAX_IV);
const jLo = new StaticArray<i32>(MAX_IV);
const jHi = new StaticArray<i32>(MAX_IV);

function loadEntriesI32(): void {
  const fw = <i32>FW;
  for (let e = 0; e < nEntries; e++) {
    const p0 = <i32>unchecked(eP0[e]), p1 = <i32>unchecked(eP1[e]);
    const cr0 = p0 / fw, cr1 = (p1 - 1) / fw;
    unchecked(iM0[e] = <i32>unchecked(eM0[e])); unchecked(iM1[e] = <i32>unchecked(eM1[e]));
    unchecked(iCr0[e] = cr0); unchecked(iCr1[e] = cr1);
    unchecked(iCca[e] = p0 - cr0 * fw); unchecked(iCcb[e] = p1 - 1 - cr1 * fw);
  }
}

/** Addresses of one channel on ifmap row y covered by the current entries (pixel range × filter-position run). */
function rowCount(y: i32): f64 {
  const st = <i32>STR, ew = <i32>EW, fw = <i32>FW;
  const xLast = <i32>W - 1;
  let n: i32 = 0;
  for (let e = 0; e < nEntries; e++) {
    const m0 = unchecked(iM0[e]), m1 = unchecked(iM1[e]), cr0 = unchecked(iCr0[e]), cr1 = unchecked(iCr1[e]);
    let d = (y - cr0) % st; if (d < 0) d += st;
    // filter rows cr with y ≡ cr (mod stride), y ≥ cr
    for (let cr = cr0 + d; cr <= cr1 && cr <= y; cr += st) {
      const oy = (y - cr) / st;
      const rs = oy * ew;
      const a = m0 > rs ? m0 : rs, b = m1 < rs + ew ? m1 : rs + ew;
      if (b <= a) continue;
      const oxa = a - rs, oxb = b - 1 - rs;
      const cca = cr == cr0 ? unchecked(iCca[e]) : 0, ccb = cr == cr1 ? unchecked(iCcb[e]) : fw - 1;
      const ccEnd = ccb < cca + st - 1 ? ccb : cca + st - 1;
      for (let cc = cca; cc <= ccEnd; cc++) {
        // x = ox·S + cc' for cc' ≡ cc (mod S): one run of the lattice x ≡ rho (mod S)
        const rho = cc % st, base = (cc - rho) / st, jmax = (ccb - cc) / st;
        const lo = oxa + base;
        let hi = oxb + base + jmax;
        const hiW = (xLast - rho) / st;
        if (hi > hiW) hi = hiW;
        if (hi < lo) continue;
        if (n >= MAX_IV) { ivOverflow = true; return 0; }
        unchecked(jRho[n] = rho); unchecked(jLo[n] = lo); unchecked(jHi[n] = hi); n++;
      }
    }
  }
  if (n == 0) return 0;
  if (n > 24 && W <= <f64>MAX_COVER) return coverCount(n);
  // insertion sort by (rho, lo), then merge
  for (let i = 1; i < n; i++) {
    const ra = unchecked(jRho[i]), la = unchecked(jLo[i]), ha = unchecked(jHi[i]);
    let j = i - 1;
    while (j >= 0 && (unchecked(jRho[j]) > ra || (unchecked(jRho[j]) == ra && unchecked(jLo[j]) > la))) {
      unchecked(jRho[j + 1] = jRho[j]); unchecked(jLo[j + 1] = jLo[j]); unchecked(jHi[j + 1] = jHi[j]);
      j--;
    }
    unchecked(jRho[j + 1] = ra); unchecked(jLo[j + 1] = la); unchecked(jHi[j + 1] = ha);
  }
  let cnt: i32 = 0;
  let curRho = unchecked(jRho[0]), curLo = unchecked(jLo[0]), curHi = unchecked(jHi[0]);
  for (let i = 1; i < n; i++) {
    const rho = unchecked(jRho[i]), lo = unchecked(jLo[i]), hi = unchecked(jHi[i]);
    if (rho != curRho || lo > curHi + 1) { cnt += curHi - curLo + 1; curRho = rho; curLo = lo; curHi = hi; }
    else if (hi > curHi) curHi = hi;
  }
  return <f64>(cnt + curHi - curLo + 1);
}

/**
 * Distinct valid ifmap addresses of the union of the current rectangles (m range × k range of the im2col'd A).
 * Channels that see the same filter-position runs form a class counted once. Within a class, ifmap rows between
 * "breakpoints" (where some output row of some rectangle starts or stops being whole) repeat with period = stride,
 * so only one row per residue of each such stretch is swept.
 */
function distinctRects(): f64 {
  let nb: i32 = 0;
  unchecked(bps[nb++] = 0); unchecked(bps[nb++] = CH);
  for (let i = 0; i < nRects; i++) { unchecked(bps[nb++] = fmod(rK0[i], CH)); unchecked(bps[nb++] = fmod(rK1[i], CH)); }
  sortF64(bps, nb);
  let total: f64 = 0;
  for (let bi = 0; bi + 1 < nb; bi++) {
    const ch = unchecked(bps[bi]), nch = unchecked(bps[bi + 1]) - ch;
    if (nch <= 0) continue;
    nEntries = 0;
    let yLo = Infinity, yHi = -Infinity;
    for (let i = 0; i < nRects; i++) {
      const p0 = fmax(0, Math.ceil((unchecked(rK0[i]) - ch) / CH)), p1 = fmin(FH * FW, Math.ceil((unchecked(rK1[i]) - ch) / CH));
      if (p1 <= p0) continue;
      const m0 = unchecked(rM0[i]), m1 = unchecked(rM1[i]);
      const e = nEntries++;
      unchecked(eM0[e] = m0); unchecked(eM1[e] = m1); unchecked(eP0[e] = p0); unchecked(eP1[e] = p1);
      const oy0 = Math.floor(m0 / EW), oy1 = Math.floor((m1 - 1) / EW);
      unchecked(eOy0[e] = oy0); unchecked(eOy1[e] = oy1);
      yLo = fmin(yLo, oy0 * STR + Math.floor(p0 / FW)); yHi = fmax(yHi, oy1 * STR + Math.floor((p1 - 1) / FW));
    }
    if (nEntries == 0) continue;
    yHi = fmin(yHi, H - 1);
    // breakpoints y = oy_t·S + cr where an entry's output row oy_t changes state (absent/partial/whole)
    let nbp: i32 = 0;
    let grouped = true;
    for (let e = 0; e < nEntries && grouped; e++) {
      const m0 = unchecked(eM0[e]), m1 = unchecked(eM1[e]), oy0 = unchecked(eOy0[e]), oy1 = unchecked(eOy1[e]);
      const oyF0 = fmod(m0, EW) == 0 ? oy0 : oy0 + 1, oyF1 = fmod(m1, EW) == 0 ? oy1 : oy1 - 1;
      const cr0 = Math.floor(unchecked(eP0[e]) / FW), cr1 = Math.floor((unchecked(eP1[e]) - 1) / FW);
      for (let cr = cr0; cr <= cr1; cr++) {
        if (nbp + 4 > MAX_YBP) { grouped = false; break; }
        unchecked(ybp[nbp++] = oy0 * STR + cr); unchecked(ybp[nbp++] = oyF0 * STR + cr);
        unchecked(ybp[nbp++] = (oyF1 + 1) * STR + cr); unchecked(ybp[nbp++] = (oy1 + 1) * STR + cr);
      }
    }
    // work of one row sweep: filter rows per entry that can meet a row, times the column residues
    let perRow: f64 = 0;
    for (let e = 0; e < nEntries; e++) {
      const cr0 = Math.floor(unchecked(eP0[e]) / FW), cr1 = Math.floor((unchecked(eP1[e]) - 1) / FW);
      perRow += (Math.floor((cr1 - cr0) / STR) + 1) * fmin(STR, FW);
    }
    perRow = fmax(1, perRow / 16);
    let cnt: f64 = 0;
    if (!grouped || <f64>nbp * STR >= yHi - yLo + 1) {
      if (!spend((yHi - yLo + 1) * perRow)) return total;
      loadEntriesI32();
      for (let y = <i32>yLo; y <= <i32>yHi; y++) cnt += rowCount(y);
    } else {
      sortF64(ybp, nbp);
      loadEntriesI32();
      let prev = yLo;
      for (let i = 0; i <= nbp; i++) {
        const next = i < nbp ? fmin(unchecked(ybp[i]), yHi + 1) : yHi + 1;
        if (next <= prev) continue;
        const len = next - prev;
        if (len <= STR) {
          if (!spend(len * perRow)) return total;
          for (let y = prev; y < next; y++) cnt += rowCount(<i32>y);
        } else {
          if (!spend(STR * perRow)) return total;
          for (let y = prev; y < prev + STR; y++) cnt += rowCount(<i32>y) * (Math.floor((next - 1 - y) / STR) + 1);
        }
        prev = next;
      }
    }
    if (ivOverflow) return total;
    total += cnt * nch;
  }
  return total;
}

// Folds of the ifmap in the duplicate-address walk: each fold is a rectangle of A with an internal step order.
// OS: pixels [frR, frR+Rv) × all K, steps = cycles (lane r at k = step - r). WS: all pixels × k [frR, frR+Rv),
// steps = cycles after the R-cycle weight load (lane r at pixel step - r). IS: tile pixels [fcC, +Cv) ×
// k [frR, +Rv), one k row per step, highest k first.
@inline function walkFold(f: f64, out: StaticArray<f64>): void {
  const fc = Math.floor(f / RF), fr = f - fc * RF;
  if (DF == DATAFLOW_OS) {
    unchecked(out[0] = fr * R); unchecked(out[1] = fmin(M, fr * R + R)); unchecked(out[2] = 0); unchecked(out[3] = K);
  } else if (DF == DATAFLOW_WS) {
    unchecked(out[0] = 0); unchecked(out[1] = M); unchecked(out[2] = fr * R); unchecked(out[3] = fmin(K, fr * R + R));
  } else {
    unchecked(out[0] = fc * C); unchecked(out[1] = fmin(M, fc * C + C)); unchecked(out[2] = fr * R); unchecked(out[3] = fmin(K, fr * R + R));
  }
}
const FB = new StaticArray<f64>(4);

function foldSteps(f: f64): f64 {
  walkFold(f, FB);
  const m0 = unchecked(FB[0]), m1 = unchecked(FB[1]), k0 = unchecked(FB[2]), k1 = unchecked(FB[3]);
  if (DF == DATAFLOW_OS) return (k1 - k0) + (m1 - m0) - 1;
  if (DF == DATAFLOW_WS) return (m1 - m0) + (k1 - k0) - 1;
  return k1 - k0;
}

/** Add the rectangles of steps [a, b) of fold f. */
function addFoldPart(f: f64, a: f64, b: f64): void {
  walkFold(f, FB);
  const m0 = unchecked(FB[0]), m1 = unchecked(FB[1]), k0 = unchecked(FB[2]), k1 = unchecked(FB[3]);
  if (DF == DATAFLOW_IS) { addRect(m0, m1, k1 - b, k1 - a); return; }
  const lanes = DF == DATAFLOW_OS ? m1 - m0 : k1 - k0;
  const steps = foldSteps(f);
  if (a <= 0 && b >= steps) { addRect(m0, m1, k0, k1); return; }
  const bands = fmin(lanes, SKEW_BANDS);
  for (let bi: f64 = 0; bi < bands; bi++) {
    const l0 = Math.floor(bi * lanes / bands), l1 = Math.floor((bi + 1) * lanes / bands);
    const r = Math.floor((l0 + l1 - 1) / 2);
    if (DF == DATAFLOW_OS) addRect(m0 + l0, m0 + l1, fmax(k0, k0 + a - r), fmin(k1, k0 + b - r));
    else addRect(fmax(m0, m0 + a - r), fmin(m1, m0 + b - r), k0 + l0, k0 + l1);
  }
}

/** Distinct addresses from (fold fi, step a) up to (fold fe, step b), exclusive. */
function segDistinct(fi: f64, a: f64, fe: f64, b: f64): f64 {
  nRects = 0;
  if (fi == fe) addFoldPart(fi, a, b);
  else {
    addFoldPart(fi, a, foldSteps(fi));
    if (fe - 1 >= fi + 1) addFullFolds(fi + 1, fe - 1);
    if (fe < FOLDS && b > 0) addFoldPart(fe, 0, b);
  }
  return distinctRects();
}

/** Rectangles of the whole folds first..last (at most three after merging). */
function addFullFolds(first: f64, last: f64): void {
  if (DF == DATAFLOW_IS) {
    const fcA = Math.floor(first / RF), frA = first - fcA * RF, fcB = Math.floor(last / RF), frB = last - fcB * RF;
    if (fcA == fcB) { addRect(fcA * C, fmin(M, fcA * C + C), frA * R, fmin(K, frB * R + R)); return; }
    addRect(fcA * C, fmin(M, fcA * C + C), frA * R, K);
    if (fcB - fcA >= 2) addRect(fcA * C + C, fcB * C, 0, K);
    addRect(fcB * C, fmin(M, fcB * C + C), 0, fmin(K, frB * R + R));
    return;
  }
  // OS and WS: the folds of one column fold cover the operand once, block fr after block fr
  if (last - first + 1 >= RF) { addRect(0, M, 0, K); return; }
  const frA = fmod(first, RF), frB = fmod(last, RF);
  if (frA <= frB) addBlocks(frA, frB);
  else { addBlocks(frA, RF - 1); addBlocks(0, frB); }
}

@inline function addBlocks(frA: f64, frB: f64): void {
  if (DF == DATAFLOW_OS) addRect(frA * R, fmin(M, frB * R + R), 0, K);
  else addRect(0, M, frA * R, fmin(K, frB * R + R));
}

// Probe of the searches below: distinct addresses from the segment start (segFi, segA) to the end of fold x
// (PROBE_FOLDS) or to step x of fold segFe (PROBE_STEPS).
let segFi: f64 = 0, segA: f64 = 0, segFe: f64 = 0, probeSteps = false;
@inline function probe(x: f64): f64 { return probeSteps ? segDistinct(segFi, segA, segFe, x) : segDistinct(segFi, segA, x + 1, 0); }

/** Smallest x in (lo, hi] with probe(x) ≥ need, given probe(lo) = dLo < need ≤ probe(hi) = dHi: interpolation
 * steps (the distinct count grows almost linearly), alternating with bisection when one does not halve the range. */
function searchFirst(lo: f64, dLo: f64, hi: f64, dHi: f64, need: f64): f64 {
  let bisect = false;
  while (hi - lo > 1) {
    let x: f64;
    if (bisect || dHi <= dLo) x = Math.floor((lo + hi) / 2);
    else x = fmin(hi - 1, fmax(lo + 1, lo + Math.ceil((need - dLo) * (hi - lo) / (dHi - dLo))));
    const before = hi - lo;
    const d = probe(x);
    if (d >= need) { hi = x; dHi = d; } else { lo = x; dLo = d; }
    bisect = !bisect && (hi - lo) * 2 > before;
    if (work > WORK_LIMIT) break;
  }
  return hi;
}

function calcDuplicates(sizeWords: f64): f64 {
  const wc = 50 * Math.floor(sizeWords / 100);
  let fi: f64 = 0, a: f64 = 0, count: f64 = 0, carry: f64 = 0;
  calcLastRow = -1;
  rectOverflow = false; ivOverflow = false;
  // OS and WS stream the whole ifmap once per column fold: after two passes that each saw a window change, the
  // remaining passes repeat the second one (insertions and the position of the last change).
  const passes = DF == DATAFLOW_IS ? 1 : CF;
  let ins1: f64 = -1, clear1 = false, clear2 = false, lastClear2: f64 = -1;
  while (fi < FOLDS) {
    if (!spend(1) || rectOverflow || ivOverflow) return count;
    const need = wc - carry;
    segFi = fi; segA = a; probeSteps = false;
    // gallop over whole folds to bracket the first fold end at which the segment holds `need` addresses
    let lo = fi - 1, dLo: f64 = fi == 0 && a == 0 ? 0 : -1, hi = fi, stepSize: f64 = 1;
    let dHi = probe(hi);
    while (dHi < need) {
      if (hi >= FOLDS - 1 || work > WORK_LIMIT) break;
      lo = hi; dLo = dHi; hi = fmin(FOLDS - 1, hi + stepSize); stepSize *= 2;
      dHi = probe(hi);
    }
    if (dHi < need) { count += dHi + carry; return count; }
    let fe: f64;
    if (hi == fi) fe = fi;
    else fe = searchFirst(lo, dLo, hi, dHi, need);
    // pass bookkeeping (insertions up to the end of pass 1 and 2)
    if (passes > 2) {
      for (let pss: f64 = 1; pss <= 2; pss++) {
        const bound = pss * RF;
        if (fe >= bound && fi < bound && (pss == 1 ? ins1 < 0 : true)) {
          const insAt = count + carry + segDistinct(fi, a, bound, 0);
          if (pss == 1) ins1 = insAt;
          else if (clear1 && clear2) {
            const per = insAt - ins1;
            calcLastRow = lastClear2 + (passes - 2) * RF * CPF;
            return insAt + (passes - 2) * per;
          }
        }
      }
    }
    // the step of fold fe at which the window fills
    const st = foldSteps(fe);
    segFe = fe; probeSteps = true;
    const s0 = fe == fi ? a : 0;
    const d0 = probe(s0);
    const dst = probe(st);
    const b = d0 >= need ? s0 + 1 : searchFirst(s0, d0, st, dst, need);
    carry = probe(b) - need;
    count += wc;
    while (carry >= wc) { count += wc; carry -= wc; }
    const fc = Math.floor(fe / RF), fr = fe - fc * RF;
    const u = DF == DATAFLOW_OS ? b - 1 : (DF == DATAFLOW_WS ? R + b - 1 : R - fmin(R, K - fr * R) + b - 1);
    calcLastRow = fe * CPF + u;
    if (fe < RF) clear1 = true;
    else if (fe < 2 * RF) { clear2 = true; lastClear2 = calcLastRow; }
    fi = fe; a = b;
    if (a >= st) { fi += 1; a = 0; }
  }
  return count + carry;
}

// ---- ofmap write buffer (write_buffer.py) and the stall recurrence ----------------------------------------------
// Ofmap writes of fold (fc, fr): lane c < Cv writes λ words, one per cycle, from fold cycle α + c.
// OS: λ = valid rows Rv, α = T - 1 + R - Rv; WS: λ = M, α = 2R - 1; IS: λ = N, α = 2R - 1.
let OF_LAM_FULL: f64 = 1, OF_CV_LAST: f64 = 1, OF_LAM_SUM: f64 = 1, OF_TOTAL: f64 = 0;

@inline function ofCv(fc: f64): f64 { return fc == CF - 1 ? OF_CV_LAST : C; }
@inline function ofLam(fr: f64): f64 { return DF == DATAFLOW_OS ? (fr == RF - 1 ? M - (RF - 1) * R : R) : OF_LAM_FULL; }
@inline function ofAlpha(lam: f64): f64 { return DF == DATAFLOW_OS ? T - 1 + R - lam : 2 * R - 1; }
@inline function ofG(cv: f64, lam: f64, alpha: f64, u: f64): f64 { return sn(cv, u - alpha) - sn(cv, u - alpha - lam); }

function setupOfmap(): void {
  OF_LAM_FULL = DF == DATAFLOW_OS ? R : (DF == DATAFLOW_WS ? M : N);
  OF_CV_LAST = DF == DATAFLOW_IS ? M - (CF - 1) * C : N - (CF - 1) * C;
  OF_LAM_SUM = DF == DATAFLOW_OS ? M : RF * OF_LAM_FULL;
  OF_TOTAL = (CF - 1) * C * OF_LAM_SUM + OF_CV_LAST * OF_LAM_SUM;
}

/** Ofmap words written in demand rows [0, row). */
function wcum(row: f64): f64 {
  if (row >= ROWS) return OF_TOTAL;
  const f = Math.floor(row / CPF), u = row - f * CPF;
  const fc = Math.floor(f / RF), fr = f - fc * RF;
  const cv = ofCv(fc), lam = ofLam(fr);
  const before = fc * C * OF_LAM_SUM + cv * fr * (DF == DATAFLOW_OS ? R : OF_LAM_FULL);
  return before + ofG(cv, lam, ofAlpha(lam), u);
}

/** Demand row holding ofmap word e (0-based, e < OF_TOTAL). */
function rowOfWord(e: f64): f64 {
  let fc = Math.floor(e / (C * OF_LAM_SUM)); if (fc > CF - 1) fc = CF - 1;
  const e1 = e - fc * C * OF_LAM_SUM;
  const cv = ofCv(fc), perFold = cv * (DF == DATAFLOW_OS ? R : OF_LAM_FULL);
  let fr = Math.floor(e1 / perFold); if (fr > RF - 1) fr = RF - 1;
  const e2 = e1 - fr * perFold;
  const lam = ofLam(fr), alpha = ofAlpha(lam);
  let lo = alpha, hi = alpha + lam + cv - 2;
  while (lo < hi) { const mid = Math.floor((lo + hi) / 2); if (ofG(cv, lam, alpha, mid + 1) > e2) hi = mid; else lo = mid + 1; }
  return (fc * RF + fr) * CPF + lo;
}

// write buffer state
let wbTotal: f64 = 0, wbActive: f64 = 0, wbDrain: f64 = 0, wbBw: f64 = 1, wbLd: f64 = 1;
let wbStored: f64 = 0, wbFree: f64 = 0, wbPads: f64 = 0, wbDrainEnd: f64 = 0, wbDrainLine: f64 = 0;
let wbCount: f64 = 0, wbStart: f64 = NaN, wbStop: f64 = NaN;
// partial (padded) lines not yet drained: line index and padding, FIFO
const PQ_CAP: i32 = 256;
const pqLine = new StaticArray<f64>(PQ_CAP);
const pqPad = new StaticArray<f64>(PQ_CAP);
let pqHead: i32 = 0, pqLen: i32 = 0;
let pqOverflow = false;

function wbReset(sizeWords: f64, bw: f64): void {
  wbTotal = sizeWords; wbActive = Math.ceil(sizeWords * 0.5); wbDrain = sizeWords - wbActive; wbBw = bw;
  wbLd = Math.ceil(wbDrain / bw);
  wbStored = 0; wbFree = sizeWords; wbPads = 0; wbDrainEnd = 0; wbDrainLine = 0;
  wbCount = 0; wbStart = NaN; wbStop = NaN; pqHead = 0; pqLen = 0; pqOverflow = false;
}

/** Close the partly filled line (SCALE-Sim pads it with -1 and keeps it as a whole line). */
function wbFlush(): void {
  const acc = wbStored + wbPads;
  const fill = fmod(acc, wbBw);
  if (fill != 0) {
    const pad = wbBw - fill;
    if (pqLen >= PQ_CAP) { pqOverflow = true; }
    else { const i = (pqHead + pqLen) % PQ_CAP; unchecked(pqLine[i] = Math.floor(acc / wbBw)); unchecked(pqPad[i] = pad); pqLen++; }
    wbPads += pad;
  }
}

/** Drain up to Ld lines starting at `start`; returns the cycle of the last line. Counted words exclude only the
 * padding of the last line drained (SCALE-Sim's count), so padded lines drained earlier are counted whole. */
function wbDrainLines(start: f64): f64 {
  const lines = (wbStored + wbPads) / wbBw;
  const n = fmin(wbLd, lines - wbDrainLine);
  if (n <= 0) return start;
  const last = wbDrainLine + n - 1;
  while (pqLen > 0 && unchecked(pqLine[pqHead]) < last) { pqHead = (pqHead + 1) % PQ_CAP; pqLen--; }
  let pad: f64 = 0;
  if (pqLen > 0 && unchecked(pqLine[pqHead]) == last) { pad = unchecked(pqPad[pqHead]); pqHead = (pqHead + 1) % PQ_CAP; pqLen--; }
  const data = n * wbBw - pad;
  wbCount += data; wbFree += data; wbDrainLine += n;
  if (isNaN(wbStart)) wbStart = start;
  wbStop = start + n - 1;
  return start + n - 1;
}

// result of the row walk
let resTotal: f64 = 0, resStall: f64 = 0;

/**
 * Walk the demand rows event to event. Row i starts at cycle t_i = i + σ (σ: stalls so far); its ofmap words are
 * stored at t_i (later in the row after a write stall); the row ends at e_i = max(write time, read events of the row);
 * t_{i+1} = e_i + 1. Between events nothing changes, so the walk jumps over them.
 */
function walkRows(): void {
  let i: f64 = 0, sigma: f64 = 0, lastOut: f64 = 0, eLast: f64 = 0;
  let ifHas = USER ? UIF.advance() : false, filHas = USER ? UFIL.advance() : false;
  while (i < ROWS) {
    if (!spend(1)) return;
    const t = i + sigma;
    // next write-buffer event assuming no read events first
    let rO = Infinity;
    if (wbStored < OF_TOTAL) {
      let ev: f64;
      if (t < wbDrainEnd) {
        const jEnd = i + (wbDrainEnd - t);
        const eS = wbStored + fmax(wbFree, 1) - 1;
        if (eS < OF_TOTAL && rowOfWord(eS) < jEnd) ev = eS;
        else ev = fmax(wbStored + fmax(1, wbFree - wbActive + 1) - 1, wcum(fmin(jEnd, ROWS)));
      } else ev = wbStored + fmax(1, wbFree - wbActive + 1) - 1;
      if (ev < OF_TOTAL) rO = rowOfWord(ev);
    }
    while (ifHas && UIF.evRow < i) ifHas = UIF.advance();
    while (filHas && UFIL.evRow < i) filHas = UFIL.advance();
    let j = fmin(rO, ROWS - 1);
    if (ifHas) j = fmin(j, UIF.evRow);
    if (filHas) j = fmin(j, UFIL.evRow);
    // rows i..j-1: no event
    const tj = t + (j - i);
    const before = wcum(j);
    wbFree -= before - wbStored; wbStored = before;
    // row j, word by word between events
    let cur = tj;
    const endE = wcum(j + 1);
    while (wbStored < endE) {
      if (cur < wbDrainEnd) {
        const eS = wbStored + fmax(wbFree, 1) - 1;
        if (eS < endE) { wbFree -= eS + 1 - wbStored; wbStored = eS + 1; cur = wbDrainEnd; continue; }
      } else {
        const eT = wbStored + fmax(1, wbFree - wbActive + 1) - 1;
        if (eT < endE) { wbFree -= eT + 1 - wbStored; wbStored = eT + 1; wbFlush(); wbDrainEnd = wbDrainLines(cur); continue; }
      }
      wbFree -= endE - wbStored; wbStored = endE;
    }
    let e = cur;
    while (ifHas && UIF.evRow == j) { e = fmax(e, UIF.evVal); ifHas = UIF.advance(); }
    while (filHas && UFIL.evRow == j) { e = fmax(e, UFIL.evVal); filHas = UFIL.advance(); }
    lastOut = cur; eLast = e;
    sigma = e - j;
    i = j + 1;
  }
  // the ofmap buffer is emptied after the last row (not counted in the layer's cycles)
  if (wbStored + wbPads > 0) {
    wbFlush();
    let cycle = lastOut;
    const lines = (wbStored + wbPads) / wbBw;
    while (wbDrainLine < lines) {
      if (!spend(1)) return;
      wbDrainEnd = wbDrainLines(cycle);
      cycle = wbDrainEnd + 1;
    }
  }
  resTotal = lastOut;
  resStall = eLast - (ROWS - 1);
}

// ---- entry point --------------------------------------------------------------------------------------------------

/** Evaluate the ScalesimMemIn record at `inp[inOff..]` into a ScalesimMemOut record at `out[outOff..]`. */
export function scalesimMemory(inp: StaticArray<f64>, inOff: i32, out: StaticArray<f64>, outOff: i32): void {
  for (let i = 0; i < SCALESIM_MEM_OUT_FIELDS; i++) unchecked(out[outOff + i] = 0);
  const h = unchecked(inp[inOff + SCALESIM_MEM_IN_IFMAP_H]), w = unchecked(inp[inOff + SCALESIM_MEM_IN_IFMAP_W]);
  const fh = unchecked(inp[inOff + SCALESIM_MEM_IN_FILTER_H]), fw = unchecked(inp[inOff + SCALESIM_MEM_IN_FILTER_W]);
  const ch = unchecked(inp[inOff + SCALESIM_MEM_IN_CHANNELS]), nf = unchecked(inp[inOff + SCALESIM_MEM_IN_NUM_FILTERS]);
  const st = unchecked(inp[inOff + SCALESIM_MEM_IN_STRIDE]);
  const r = unchecked(inp[inOff + SCALESIM_MEM_IN_ROWS]), c = unchecked(inp[inOff + SCALESIM_MEM_IN_COLS]);
  const dfv = unchecked(inp[inOff + SCALESIM_MEM_IN_DATAFLOW]), sub = unchecked(inp[inOff + SCALESIM_MEM_IN_SUBLAYERS]);
  const sIf = unchecked(inp[inOff + SCALESIM_MEM_IN_IFMAP_SRAM_WORDS]), sFil = unchecked(inp[inOff + SCALESIM_MEM_IN_FILTER_SRAM_WORDS]);
  const sOf = unchecked(inp[inOff + SCALESIM_MEM_IN_OFMAP_SRAM_WORDS]), mode = unchecked(inp[inOff + SCALESIM_MEM_IN_MODE]);
  const bw = unchecked(inp[inOff + SCALESIM_MEM_IN_BANDWIDTH_WORDS_PER_CYCLE]);
  let ok = isCount(h, MAX_DIM) && isCount(w, MAX_DIM) && isCount(fh, MAX_DIM) && isCount(fw, MAX_DIM) &&
    isCount(ch, MAX_DIM) && isCount(nf, MAX_DIM) && isCount(st, MAX_DIM) && isCount(r, MAX_ARRAY_EDGE) &&
    isCount(c, MAX_ARRAY_EDGE) && isCount(sub, MAX_DIM) && (dfv == 0 || dfv == 1 || dfv == 2) &&
    fh <= h && fw <= w && (mode == SCALESIM_MEM_MODE_CALC || mode == SCALESIM_MEM_MODE_USER) &&
    isCount(sIf, MAX_SRAM_WORDS) && isCount(sFil, MAX_SRAM_WORDS) && isCount(sOf, MAX_SRAM_WORDS) &&
    sIf >= MIN_SRAM_WORDS && sFil >= MIN_SRAM_WORDS && sOf >= MIN_SRAM_WORDS &&
    (mode == SCALESIM_MEM_MODE_CALC || isCount(bw, MAX_BANDWIDTH));
  if (ok) {
    H = h; W = w; FH = fh; FW = fw; CH = ch; NF = nf; STR = st; R = r; C = c; DF = <i32>dfv;
    EH = Math.ceil((h - fh + st) / st); EW = Math.ceil((w - fw + st) / st);
    M = EH * EW; N = nf; K = fh * fw * ch;
    if (DF == DATAFLOW_OS) { T = K; RF = Math.ceil(M / r); CF = Math.ceil(N / c); }
    else if (DF == DATAFLOW_WS) { T = M; RF = Math.ceil(K / r); CF = Math.ceil(N / c); }
    else { T = N; RF = Math.ceil(K / r); CF = Math.ceil(M / c); }
    FOLDS = RF * CF;
    CPF = DF == DATAFLOW_OS ? T + r + c - 2 : 2 * r + c + T - 2;
    ROWS = FOLDS * CPF;
    ok = M <= MAX_DIM && K <= MAX_DIM && M * K <= MAX_OPERAND && K * N <= MAX_OPERAND &&
      (RF * r) * K <= MAX_OPERAND && (CF * c) * K <= MAX_OPERAND && (RF * r) * fmax(M, N) <= MAX_OPERAND &&
      ROWS <= MAX_ROWS && ROWS * sub <= MAX_ROWS;
  }
  if (!ok) { unchecked(out[outOff + SCALESIM_MEM_OUT_STATUS] = STATUS_INVALID_INPUT); return; }

  work = 0;
  USER = mode == SCALESIM_MEM_MODE_USER;
  setupOperands();
  setupOfmap();
  // Addresses of the im2col'd ifmap repeat when windows overlap, and are -1 where a window leaves the ifmap.
  const unique = (EH == 1 || FH <= STR) && (EW == 1 || FW <= STR) && (EH - 1) * STR + FH <= H && (EW - 1) * STR + FW <= W;
  let approx: f64 = 0;
  let dIf: f64, dFil: f64, ifStart: f64, ifStop: f64, filStart: f64, filStop: f64;
  if (USER) {
    UIF.reset(IFMAP, sIf, bw);
    UFIL.reset(FILTER, sFil, bw);
    wbReset(sOf, bw);
    walkRows();
    dIf = UIF.count(bw); dFil = UFIL.count(bw);
    ifStart = -UIF.initLines; ifStop = UIF.shifts * UIF.delta - 1;
    filStart = -UFIL.initLines; filStop = UFIL.shifts * UFIL.delta - 1;
    // other copies of an address can keep the window from moving: stalls and window moves (ifmap reads) approximate
    if (!unique) approx += SCALESIM_MEM_APPROX_STALLS + SCALESIM_MEM_APPROX_IFMAP_READS;
  } else {
    wbReset(sOf, C);
    walkRows();
    const itemsIf = Math.floor(sIf / 100), itemsFil = Math.floor(sFil / 100);
    if (unique) dIf = calcUnique(IFMAP, sIf);
    else { dIf = calcDuplicates(sIf); approx += SCALESIM_MEM_APPROX_IFMAP_READS; }
    const ifLast = calcLastRow;
    dFil = calcUnique(FILTER, sFil);
    const filLast = calcLastRow;
    // first window: 50 sets at 10 words/cycle ending the cycle before the first demand (or all sets, ending at -1)
    ifStart = ifLast >= 0 ? IFMAP.firstRow - Math.ceil(50 * itemsIf / CALC_READ_BW) : -Math.ceil(Math.ceil(dIf / itemsIf) * itemsIf / CALC_READ_BW);
    ifStop = ifLast >= 0 ? ifLast + 1 : -1;
    filStart = filLast >= 0 ? FILTER.firstRow - Math.ceil(50 * itemsFil / CALC_READ_BW) : -Math.ceil(Math.ceil(dFil / itemsFil) * itemsFil / CALC_READ_BW);
    filStop = filLast >= 0 ? filLast + 1 : -1;
    resStall = 0;
  }
  if (work > WORK_LIMIT || pqOverflow || rectOverflow || ivOverflow) {
    for (let i = 0; i < SCALESIM_MEM_OUT_FIELDS; i++) unchecked(out[outOff + i] = 0);
    unchecked(out[outOff + SCALESIM_MEM_OUT_STATUS] = SCALESIM_MEM_STATUS_WORK_LIMIT);
    return;
  }
  unchecked(out[outOff + SCALESIM_MEM_OUT_STATUS] = STATUS_OK);
  unchecked(out[outOff + SCALESIM_MEM_OUT_TOTAL_CYCLES] = sub * resTotal);
  unchecked(out[outOff + SCALESIM_MEM_OUT_STALL_CYCLES] = sub * resStall);
  unchecked(out[outOff + SCALESIM_MEM_OUT_DRAM_IFMAP_READS] = sub * dIf);
  unchecked(out[outOff + SCALESIM_MEM_OUT_DRAM_FILTER_READS] = sub * dFil);
  unchecked(out[outOff + SCALESIM_MEM_OUT_DRAM_OFMAP_WRITES] = sub * wbCount);
  unchecked(out[outOff + SCALESIM_MEM_OUT_IFMAP_START_CYCLE] = ifStart);
  unchecked(out[outOff + SCALESIM_MEM_OUT_IFMAP_STOP_CYCLE] = ifStop);
  unchecked(out[outOff + SCALESIM_MEM_OUT_FILTER_START_CYCLE] = filStart);
  unchecked(out[outOff + SCALESIM_MEM_OUT_FILTER_STOP_CYCLE] = filStop);
  unchecked(out[outOff + SCALESIM_MEM_OUT_OFMAP_START_CYCLE] = isNaN(wbStart) ? 0 : wbStart);
  unchecked(out[outOff + SCALESIM_MEM_OUT_OFMAP_STOP_CYCLE] = isNaN(wbStop) ? 0 : wbStop);
  unchecked(out[outOff + SCALESIM_MEM_OUT_APPROX] = approx);
}
