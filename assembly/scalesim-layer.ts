// The SCALE-Sim memory model's layer (assembly/scalesim-memory.ts): the conv row being evaluated as GEMM operand
// matrices and folds, the operands' prefetch layouts and demand order, the per-record work budget, and the small
// numeric helpers (the staircase sum sn) every part of the model counts with. docs/model.md §1.1.
//
// Layer = SCALE-Sim conv row (a GEMM row is the conv H=M, W=K, Fh=1, Fw=K, C=1, stride 1). Operand matrices:
// ifmap A (M×K, im2col'd, address -1 where the window leaves the ifmap), filter B (K×N), ofmap O (M×N).
// Folds run fc (column folds) outer, fr (row folds) inner; each fold lasts `cpf` cycles (assembly/systolic.ts).
import { DATAFLOW_OS, DATAFLOW_WS } from './abi';

// Work budget per record, in fold visits, events and row sweeps; beyond it the record reports WORK_LIMIT.
export const WORK_LIMIT: f64 = 4194304; // 2^22: about a second at worst

let work: f64 = 0;
/** Work spent on the current record (fold visits, events, row sweeps); see spend(). */
export function workSpent(): f64 { return work; }
export function resetWork(): void { work = 0; }
@inline export function spend(n: f64): bool { work += n; return work <= WORK_LIMIT; }

@inline export function fmin(a: f64, b: f64): f64 { return a < b ? a : b; }
@inline export function fmax(a: f64, b: f64): f64 { return a > b ? a : b; }
@inline export function fmod(a: f64, m: f64): f64 { const r = a - Math.floor(a / m) * m; return r; }

/** S_n(y) = Σ_{j=0}^{n-1} max(y - j, 0): cells (i, j), j < n, of a staircase; the building block of every count. */
@inline export function sn(n: f64, y: f64): f64 {
  if (y <= 0 || n <= 0) return 0;
  if (y >= n) return n * y - n * (n - 1) / 2;
  return y * (y + 1) / 2;
}

// ---- the layer (module state for the record being evaluated; written only by setLayer) ---------------------------
export let H: f64 = 1, W: f64 = 1, FH: f64 = 1, FW: f64 = 1, CH: f64 = 1, NF: f64 = 1, STR: f64 = 1;
export let EH: f64 = 1, EW: f64 = 1, M: f64 = 1, N: f64 = 1, K: f64 = 1;
export let R: f64 = 1, C: f64 = 1, DF: i32 = 0;
export let T: f64 = 1, RF: f64 = 1, CF: f64 = 1, FOLDS: f64 = 1, CPF: f64 = 1, ROWS: f64 = 1;

/** Set the layer: the conv row's shape, the array and its dataflow, and what follows (GEMM dims, folds, rows). */
export function setLayer(h: f64, w: f64, fh: f64, fw: f64, ch: f64, nf: f64, st: f64, r: f64, c: f64, df: i32): void {
  H = h; W = w; FH = fh; FW = fw; CH = ch; NF = nf; STR = st; R = r; C = c; DF = df;
  EH = Math.ceil((h - fh + st) / st); EW = Math.ceil((w - fw + st) / st);
  M = EH * EW; N = nf; K = fh * fw * ch;
  if (DF == DATAFLOW_OS) { T = K; RF = Math.ceil(M / r); CF = Math.ceil(N / c); }
  else if (DF == DATAFLOW_WS) { T = M; RF = Math.ceil(K / r); CF = Math.ceil(N / c); }
  else { T = N; RF = Math.ceil(K / r); CF = Math.ceil(M / c); }
  FOLDS = RF * CF;
  CPF = DF == DATAFLOW_OS ? T + r + c - 2 : 2 * r + c + T - 2;
  ROWS = FOLDS * CPF;
}

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
export const KIND_D: i32 = 0;
export const KIND_T: i32 = 1;
export const REUSE_NONE: i32 = 0; // every fold demands new elements (stationary tiles)
export const REUSE_PASS: i32 = 1; // block = fr: the whole operand is streamed again for each column fold
export const REUSE_REP: i32 = 2; // block = fc: the same block is streamed for every row fold in a row

export class Operand {
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

export const IFMAP = new Operand();
export const FILTER = new Operand();

export function setupOperands(): void {
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
