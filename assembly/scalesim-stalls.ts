// The ofmap write buffer of the SCALE-Sim memory model (write_buffer.py) and the row walk: demand rows one after
// another, delayed by write-buffer drains and, in USER mode, by the read events of the ifmap/filter prefetch windows
// (assembly/scalesim-user-read.ts). Gives the layer's cycles, its stall cycles and the DRAM ofmap writes.
// docs/model.md §1.1.
import { DATAFLOW_OS, DATAFLOW_WS, DATAFLOW_IS } from './abi';
import { M, N, R, C, DF, T, RF, CF, CPF, ROWS, fmin, fmax, fmod, sn, spend } from './scalesim-layer';
import { UIF, UFIL } from './scalesim-user-read';

// Ofmap writes of fold (fc, fr): lane c < Cv writes λ words, one per cycle, from fold cycle α + c.
// OS: λ = valid rows Rv, α = T - 1 + R - Rv; WS: λ = M, α = 2R - 1; IS: λ = N, α = 2R - 1.
let OF_LAM_FULL: f64 = 1, OF_CV_LAST: f64 = 1, OF_LAM_SUM: f64 = 1, OF_TOTAL: f64 = 0;

@inline function ofCv(fc: f64): f64 { return fc == CF - 1 ? OF_CV_LAST : C; }
@inline function ofLam(fr: f64): f64 { return DF == DATAFLOW_OS ? (fr == RF - 1 ? M - (RF - 1) * R : R) : OF_LAM_FULL; }
@inline function ofAlpha(lam: f64): f64 { return DF == DATAFLOW_OS ? T - 1 + R - lam : 2 * R - 1; }
@inline function ofG(cv: f64, lam: f64, alpha: f64, u: f64): f64 { return sn(cv, u - alpha) - sn(cv, u - alpha - lam); }

export function setupOfmap(): void {
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
export let wbCount: f64 = 0, wbStart: f64 = NaN, wbStop: f64 = NaN;
// partial (padded) lines not yet drained: line index and padding, FIFO
const PQ_CAP: i32 = 256;
const pqLine = new StaticArray<f64>(PQ_CAP);
const pqPad = new StaticArray<f64>(PQ_CAP);
let pqHead: i32 = 0, pqLen: i32 = 0;
export let pqOverflow = false;

export function wbReset(sizeWords: f64, bw: f64): void {
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
export let resTotal: f64 = 0, resStall: f64 = 0;

/**
 * Walk the demand rows event to event. Row i starts at cycle t_i = i + σ (σ: stalls so far); its ofmap words are
 * stored at t_i (later in the row after a write stall); the row ends at e_i = max(write time, read events of the row);
 * t_{i+1} = e_i + 1. Between events nothing changes, so the walk jumps over them. `user`: USER mode (read events).
 */
export function walkRows(user: bool): void {
  let i: f64 = 0, sigma: f64 = 0, lastOut: f64 = 0, eLast: f64 = 0;
  let ifHas = user ? UIF.advance() : false, filHas = user ? UFIL.advance() : false;
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
