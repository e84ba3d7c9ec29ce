// CALC-mode ifmap reads of IS layers whose conv windows overlap, walked over the WS walk's bitmap of residue planes
// (assembly/scalesim-calc-ws.ts) instead of probing rectangle unions (assembly/scalesim-calc-read.ts calcDuplicates,
// whose counts this reproduces exactly). docs/model.md §1.1.
//
// An IS fold (fc, fr) holds the pixels [fc·C, fc·C + C) and the k range [fr·R, fr·R + R), one k per step, highest k
// first. With k = q·CH + c (filter position q = fy·FW + fx) the steps go filter position by filter position, the
// channels of each descending. A (q, channel) pair marks the fold's pixel raster interval shifted by (fy div S,
// fx div S) in the residue plane (c, fy mod S, fx mod S). Within a segment, channels that no fold boundary
// (fr·R mod CH) and not the segment's start (its first k mod CH) separate have marked the same pairs at every step
// boundary of a filter position: they share a plane (a channel class), so one marking per (q, class) counts the new
// addresses of every channel of the class. A fold is walked filter position by filter position; in the one whose
// count reaches the window, the channels are taken one by one in step order (each adds its class's count), so the
// segment ends at the first step whose count reaches the window: the searches' answer (the count is monotone in the
// stream position). The carry and the last window change follow (IS streams the ifmap once: no pass bookkeeping).
//
// Work: as the OS and WS walks, it charges nothing of its own but adds up an upper bound of what the searches would
// charge (per segment: the probes of segmentProbes × per probe probeRowWork(5) × the ifmap rows the segment's
// pixels reach; a probe of an IS segment unions at most 5 rectangles: the start part, up to 3 of whole folds, the
// end part, whose channel breakpoints are the fold boundaries mod CH, the segment's start and the probe's end); the
// caller uses its result only within the budget.
import { H, W, FH, FW, CH, EW, STR, M, K, R, C, RF, CF, FOLDS, CPF, fmin, fmax } from './scalesim-layer';
import { segmentProbes, gallopHi, probeRowWork, pastBudget } from './scalesim-calc-os';
import { NY, WW, RYN, RXN, bitmapGeometry, ensureBits, clearSegment, markBits, markRect, allReads } from './scalesim-calc-ws';

export let isLastRow: f64 = -1;
export let isBound: f64 = 0; // upper bound of the work the probing walk would charge
export let isDone = false; // false: the walk gave up (budget); use the probing walk

const MAX_CH: f64 = 1048576; // channels (the boundary flags)
const MAX_RF: f64 = 1048576; // row folds (the boundaries walked)
const MAX_Q: f64 = 1048576; // filter positions (their plane table)

// channel classes of a segment: class i holds the channels [cb[i], cb[i + 1]); nFixed fold boundaries (fr·R mod CH,
// 0 included, ascending) in fixedB; each class's new addresses for the current filter position in nq
let fixedB = new StaticArray<i32>(0);
let nFixed: i32 = 0;
let cb = new StaticArray<i32>(0);
let nCls: i32 = 0;
let nq = new StaticArray<f64>(0);
let flags = new StaticArray<u8>(0);
let clsAt = new StaticArray<i32>(0); // at each class boundary c (and CH): its class

/** Whether the walk can take the layer (its buffers), with the planes' geometry set. */
export function isEligible(): bool {
  if (CH > MAX_CH || RF > MAX_RF || FH * FW > MAX_Q) return false;
  return bitmapGeometry(fmin(CH, RF + 1));
}

// per filter position q: its residue plane (ry·RXN + rx), shift (dy, dx) and valid plane rows / columns
let qPl = new StaticArray<i32>(0);
let qDy = new StaticArray<i32>(0);
let qDx = new StaticArray<i32>(0);
let qYl = new StaticArray<i32>(0);
let qXl = new StaticArray<i32>(0);

/** The fold boundaries mod CH (ascending, 0 included) and the filter positions' planes. */
function setFixed(): void {
  const s = <i32>STR, fw = <i32>FW, nPos = <i32>(FH * FW);
  if (qPl.length < nPos) {
    qPl = new StaticArray<i32>(nPos); qDy = new StaticArray<i32>(nPos); qDx = new StaticArray<i32>(nPos);
    qYl = new StaticArray<i32>(nPos); qXl = new StaticArray<i32>(nPos);
  }
  for (let q = 0; q < nPos; q++) {
    const fy = q / fw, fx = q - fy * fw, ry = fy % s, rx = fx % s;
    unchecked(qPl[q] = ry * RXN + rx); unchecked(qDy[q] = fy / s); unchecked(qDx[q] = fx / s);
    unchecked(qYl[q] = (<i32>H - 1 - ry) / s + 1); unchecked(qXl[q] = (<i32>W - 1 - rx) / s + 1);
  }
  const chI = <i32>CH;
  if (flags.length < chI) { flags = new StaticArray<u8>(chI); clsAt = new StaticArray<i32>(chI + 1); }
  for (let c = 0; c < chI; c++) unchecked(flags[c] = 0);
  for (let fr: f64 = 0; fr < RF; fr++) { const k = fr * R; unchecked(flags[<i32>(k - Math.floor(k / CH) * CH)] = 1); }
  const n = <i32>fmin(CH, RF) + 2;
  if (fixedB.length < n) { fixedB = new StaticArray<i32>(n); cb = new StaticArray<i32>(n + 1); nq = new StaticArray<f64>(n); }
  nFixed = 0;
  for (let c = 0; c < chI; c++) if (unchecked(flags[c]) != 0) unchecked(fixedB[nFixed++] = c);
}

/** The classes of a segment whose first k is `k` (its boundary joins the fold boundaries). */
function setClasses(k: f64): void {
  const e = <i32>(k - Math.floor(k / CH) * CH);
  nCls = 0;
  let put = false;
  for (let i = 0; i < nFixed; i++) {
    const v = unchecked(fixedB[i]);
    if (!put && e <= v) { if (e < v) unchecked(cb[nCls++] = e); put = true; }
    unchecked(cb[nCls++] = v);
  }
  if (!put) unchecked(cb[nCls++] = e);
  unchecked(cb[nCls] = <i32>CH);
  for (let i = 0; i <= nCls; i++) unchecked(clsAt[unchecked(cb[i])] = i); // read only at class boundaries
}

/** The class whose first channel is c (c a class boundary; CH: nCls). */
@inline function classAt(c: i32): i32 { return unchecked(clsAt[c]); }

let stepB: f64 = -1; // the step the window fills at (walkRange), -1: none
/**
 * Mark the k range [kA, kB) over the pixels [p0, p1) in step order (k descending; the steps of a fold whose k range
 * ends at k1), holding `d` addresses before. If the count reaches `need`, the walk stops at the first step b (into
 * stepB) whose count reaches it and returns the count there; otherwise the count at the end of the range.
 */
function walkRange(kA: f64, kB: f64, k1: f64, p0: i32, p1: i32, d: f64, need: f64): f64 {
  stepB = -1;
  const plane = NY * WW;
  for (let q = <i32>Math.floor((kB - 1) / CH); q >= <i32>Math.floor(kA / CH); q--) {
    const qk = <f64>q * CH;
    const iLo = classAt(<i32>fmax(0, kA - qk)), iHi = classAt(<i32>fmin(CH, kB - qk));
    const pl = unchecked(qPl[q]), dy = unchecked(qDy[q]), dx = unchecked(qDx[q]), yl = unchecked(qYl[q]), xl = unchecked(qXl[q]);
    let tot: f64 = 0;
    for (let i = iLo; i < iHi; i++) {
      const n = <f64>markBits((i * RYN * RXN + pl) * plane, dy, dx, yl, xl, p0, p1);
      unchecked(nq[i] = n);
      tot += n * <f64>(unchecked(cb[i + 1]) - unchecked(cb[i]));
    }
    if (d + tot < need) { d += tot; continue; }
    // the window fills at this filter position: its channels in step order (descending)
    for (let i = iHi - 1; i >= iLo; i--) {
      const n = unchecked(nq[i]), size = <f64>(unchecked(cb[i + 1]) - unchecked(cb[i]));
      if (n <= 0) continue;
      const t = Math.ceil((need - d) / n);
      if (t <= size) { d += t * n; stepB = k1 - (qk + <f64>unchecked(cb[i + 1]) - t); return d; }
      d += size * n;
    }
    unreachable();
  }
  return d;
}

/** Steps [s0, end) of fold f (see walkRange). */
function walkPart(f: f64, s0: f64, d: f64, need: f64): f64 {
  const fc = Math.floor(f / RF), fr = f - fc * RF;
  const k0 = fr * R, k1 = fmin(K, k0 + R);
  return walkRange(k0, k1 - s0, k1, <i32>(fc * C), <i32>fmin(M, fc * C + C), d, need);
}

/**
 * Mark every k over the pixels [p0, p1) (whole column folds that cannot reach the window, in any order); returns
 * the new addresses. The filter positions of a residue plane (ry, rx) shift the pixels by the grid (dy, dx) <
 * (ny, nx), so the plane gets the pixel rows dilated by that grid: one marking per class and plane.
 */
function markWhole(p0: i32, p1: i32): f64 {
  const s = <i32>STR, ew = <i32>EW, plane = NY * WW;
  const oyA = p0 / ew, oyB = (p1 - 1) / ew, xa = p0 - oyA * ew, xb = p1 - 1 - oyB * ew;
  let d: f64 = 0;
  for (let ry = 0; ry < RYN; ry++) {
    const ny = (<i32>FH - 1 - ry) / s + 1, yl = (<i32>H - 1 - ry) / s + 1;
    for (let rx = 0; rx < RXN; rx++) {
      const nx = (<i32>FW - 1 - rx) / s + 1, xl = (<i32>W - 1 - rx) / s + 1;
      const xEnd = ew - 1 + nx - 1 < xl - 1 ? ew - 1 + nx - 1 : xl - 1; // a whole row dilated, clipped
      const yEnd = oyB + ny - 1 < yl - 1 ? oyB + ny - 1 : yl - 1;
      for (let i = 0; i < nCls; i++) {
        const base = ((i * RYN + ry) * RXN + rx) * plane;
        let n: i32 = 0;
        if (oyA == oyB) {
          const x1 = xb + nx - 1 < xEnd ? xb + nx - 1 : xEnd;
          if (xa <= x1 && oyA <= yEnd) n = markRect(base, oyA, yEnd, xa, x1);
        } else {
          // plane rows that a middle (whole) pixel row reaches get the whole dilated row
          const m0 = oyA + 1, m1 = oyB - 1 + ny - 1 < yEnd ? oyB - 1 + ny - 1 : yEnd;
          if (oyB - oyA >= 2 && m0 <= m1 && xEnd >= 0) n += markRect(base, m0, m1, 0, xEnd);
          // the other rows: the first and/or the last pixel row dilated
          for (let y = oyA; y <= yEnd; y++) {
            if (oyB - oyA >= 2 && y >= m0 && y <= m1) continue;
            const hasA = y - ny + 1 <= oyA, hasB = y >= oyB;
            const aEnd = xEnd, bEnd = xb + nx - 1 < xEnd ? xb + nx - 1 : xEnd;
            if (hasA && hasB && xa <= bEnd + 1) { n += markRect(base, y, y, 0, aEnd); continue; }
            if (hasA && xa <= aEnd) n += markRect(base, y, y, xa, aEnd);
            if (hasB && bEnd >= 0) n += markRect(base, y, y, 0, bEnd);
          }
        }
        d += <f64>n * <f64>(unchecked(cb[i + 1]) - unchecked(cb[i]));
      }
    }
  }
  return d;
}

/** Length of the overlap of the row intervals [a0, a1) and [b0, b1). */
@inline function ov(a0: f64, a1: f64, b0: f64, b1: f64): f64 { return fmax(0, fmin(a1, b1) - fmax(a0, b0)); }

/**
 * Distinct valid addresses of one channel that the windows of the pixels [p0, p1) read, for windows that overlap in
 * both directions (FH, FW ≥ S: the rows and columns of consecutive windows are runs): the first pixel row's windows
 * (rows I1, columns from xa), the whole rows' (I2, every covered column), the last row's (I3, columns to xb), united
 * by inclusion-exclusion.
 */
function windowsOf(p0: f64, p1: f64): f64 {
  if (p1 <= p0) return 0;
  const oyA = Math.floor(p0 / EW), oyB = Math.floor((p1 - 1) / EW), xa = p0 - oyA * EW, xb = p1 - 1 - oyB * EW;
  const xs = xa * STR, xe = fmin(W, xb * STR + FW), wc = fmin(W, (EW - 1) * STR + FW);
  if (oyA == oyB) return (fmin(H, oyA * STR + FH) - oyA * STR) * fmax(0, xe - xs);
  const y1a = oyA * STR, y1b = fmin(H, y1a + FH), y3a = oyB * STR, y3b = fmin(H, y3a + FH);
  const y2a = y1a + STR, y2b = oyB - oyA >= 2 ? fmin(H, y3a - STR + FH) : y2a;
  const b1 = wc - xs, b3 = xe, b13 = fmax(0, xe - xs);
  return (y1b - y1a) * b1 + fmax(0, y2b - y2a) * wc + (y3b - y3a) * b3
    - ov(y1a, y1b, y2a, y2b) * b1 - ov(y2a, y2b, y3a, y3b) * b3 - ov(y1a, y1b, y3a, y3b) * b13
    + fmax(0, fmin(fmin(y1b, y2b), y3b) - fmax(fmax(y1a, y2a), y3a)) * b13;
}

/** At most the new addresses of the pixels [pA, pB) over every k when [pW, pA) holds every k already. */
function wholeBound(pW: f64, pA: f64, pB: f64): f64 {
  if (FH >= STR && FW >= STR) return CH * (windowsOf(pW, pB) - windowsOf(pW, pA));
  const oyA = Math.floor(pA / EW), oyB = Math.floor((pB - 1) / EW); // every channel of the ifmap rows they reach
  return CH * W * (fmin(H, oyB * STR + FH) - oyA * STR);
}

/** The ifmap rows that the pixels of the column folds of folds fi..fg reach (a probe's rows swept per class). */
function rowsOf(fi: f64, fg: f64): f64 {
  const oyA = Math.floor(Math.floor(fi / RF) * C / EW), oyB = Math.floor((fmin(M, Math.floor(fg / RF) * C + C) - 1) / EW);
  return fmin(H, (oyB - oyA) * STR + FH);
}

/** Bound of the work the searches charge for a segment from fold fi (step a) to fold fe (found: steps (s0, st]). */
function segmentWork(fi: f64, a: f64, fe: f64, found: bool, st: f64): f64 {
  const probes = segmentProbes(fi, fe, found, fe == fi ? a : 0, st);
  // a probe's channel breakpoints are fold boundaries (fr·R or K, mod CH), the segment's start and the probe's end
  return probes * probeRowWork(5, nFixed + 2) * rowsOf(fi, gallopHi);
}

/** The count of calcDuplicates for an IS layer (wc: window words); sets isLastRow, isBound, isDone. */
export function calcDupIS(wc: f64): f64 {
  isDone = false; isBound = 0; isLastRow = -1;
  setFixed();
  // a window larger than every address the layer reads never fills (the searches' gallop runs to the end)
  const layerReads = allReads();
  if (layerReads < wc) {
    isBound = 1 + segmentWork(0, 0, FOLDS - 1, false, 0);
    isDone = true;
    return layerReads;
  }
  ensureBits(<i32>fmin(CH, RF + 1));
  let fi: f64 = 0, a: f64 = 0, count: f64 = 0, carry: f64 = 0;
  while (fi < FOLDS) {
    if (pastBudget(isBound, fi, FOLDS)) return count; // the caller runs the probing walk
    isBound += 1;
    const need = wc - carry;
    clearSegment();
    const fr0 = fi - Math.floor(fi / RF) * RF;
    setClasses(fmin(K, fr0 * R + R) - a);
    let d: f64 = 0, fe = fi, s0 = a;
    let pW: f64 = -1; // the pixels [pW, ...) of this segment's whole column folds so far (-1: none)
    for (;;) {
      // whole column folds that cannot reach the window are marked together (one marking per class and plane)
      if (s0 == 0 && fe - Math.floor(fe / RF) * RF == 0) {
        const fcA = fe / RF, pA = fcA * C, pw = pW < 0 ? pA : pW;
        let fcB = fcA - 1;
        while (fcB + 1 < CF && d + wholeBound(pw, pA, fmin(M, fcB * C + 2 * C)) < need) fcB++;
        if (fcB >= fcA) {
          d += markWhole(<i32>pA, <i32>fmin(M, fcB * C + C));
          pW = pw;
          fe = (fcB + 1) * RF;
          if (fe >= FOLDS) { fe = FOLDS - 1; stepB = -1; break; }
          continue;
        }
      }
      if (s0 == 0) {
        // whole row folds of this column fold that cannot reach the window (a step adds at most a pixel block)
        const fc = Math.floor(fe / RF), frA = fe - fc * RF, pA = fc * C, pB = fmin(M, pA + C);
        let frB = frA;
        while (frB + 1 < RF && d + (fmin(K, frB * R + 2 * R) - frA * R) * (pB - pA) < need) frB++;
        if (frB > frA) {
          d = walkRange(frA * R, fmin(K, frB * R + R), 0, <i32>pA, <i32>pB, d, Infinity);
          fe += frB - frA + 1;
          if (fe >= FOLDS) { fe = FOLDS - 1; stepB = -1; break; }
          continue;
        }
      }
      d = walkPart(fe, s0, d, need);
      if (stepB >= 0 || fe == FOLDS - 1) break;
      fe++; s0 = 0;
    }
    const fr = fe - Math.floor(fe / RF) * RF, st = fmin(K, fr * R + R) - fr * R;
    const found = stepB >= 0;
    isBound += segmentWork(fi, a, fe, found, st);
    if (!found) { isDone = true; return count + d + carry; }
    const b = stepB;
    carry = d - need;
    count += wc;
    while (carry >= wc) { count += wc; carry -= wc; }
    isLastRow = fe * CPF + R - fmin(R, K - fr * R) + b - 1;
    fi = fe; a = b;
    if (a >= st) { fi += 1; a = 0; }
  }
  isDone = true;
  return count + carry;
}
