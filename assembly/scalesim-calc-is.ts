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
// end part); the caller uses its result only within the budget.
import { H, W, FH, FW, CH, EW, STR, M, K, R, C, RF, CF, FOLDS, CPF, fmin, fmax } from './scalesim-layer';
import { segmentProbes, gallopHi, probeRowWork, pastBudget } from './scalesim-calc-os';
import { NY, WW, RYN, RXN, bitmapGeometry, ensureBits, clearSegment, markBits, allReads } from './scalesim-calc-ws';

export let isLastRow: f64 = -1;
export let isBound: f64 = 0; // upper bound of the work the probing walk would charge
export let isDone = false; // false: the walk gave up (budget); use the probing walk

const MAX_CH: f64 = 1048576; // channels (the boundary flags)
const MAX_RF: f64 = 1048576; // row folds (the boundaries walked)

// channel classes of a segment: class i holds the channels [cb[i], cb[i + 1]); nFixed fold boundaries (fr·R mod CH,
// 0 included, ascending) in fixedB; each class's new addresses for the current filter position in nq
let fixedB = new StaticArray<i32>(0);
let nFixed: i32 = 0;
let cb = new StaticArray<i32>(0);
let nCls: i32 = 0;
let nq = new StaticArray<f64>(0);
let flags = new StaticArray<u8>(0);

/** Whether the walk can take the layer (its buffers), with the planes' geometry set. */
export function isEligible(): bool {
  if (CH > MAX_CH || RF > MAX_RF) return false;
  return bitmapGeometry(fmin(CH, RF + 1));
}

/** The fold boundaries mod CH (ascending, 0 included). */
function setFixed(): void {
  const chI = <i32>CH;
  if (flags.length < chI) flags = new StaticArray<u8>(chI);
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
}

/** The class whose first channel is c (c a class boundary; CH: nCls). */
function classAt(c: i32): i32 {
  let lo = 0, hi = nCls;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (unchecked(cb[mid]) < c) lo = mid + 1; else hi = mid; }
  return lo;
}

let stepB: f64 = -1; // the step the window fills at (walkRange), -1: none
/**
 * Mark the k range [kA, kB) over the pixels [p0, p1) in step order (k descending; the steps of a fold whose k range
 * ends at k1), holding `d` addresses before. If the count reaches `need`, the walk stops at the first step b (into
 * stepB) whose count reaches it and returns the count there; otherwise the count at the end of the range.
 */
function walkRange(kA: f64, kB: f64, k1: f64, p0: i32, p1: i32, d: f64, need: f64): f64 {
  stepB = -1;
  const s = <i32>STR, fw = <i32>FW, plane = NY * WW;
  for (let q = <i32>Math.floor((kB - 1) / CH); q >= <i32>Math.floor(kA / CH); q--) {
    const qk = <f64>q * CH;
    const iLo = classAt(<i32>fmax(0, kA - qk)), iHi = classAt(<i32>fmin(CH, kB - qk));
    const fy = q / fw, fx = q - fy * fw, ry = fy % s, rx = fx % s, dy = fy / s, dx = fx / s;
    const yl = (<i32>H - 1 - ry) / s + 1, xl = (<i32>W - 1 - rx) / s + 1;
    let tot: f64 = 0;
    for (let i = iLo; i < iHi; i++) {
      const n = <f64>markBits(((i * RYN + ry) * RXN + rx) * plane, dy, dx, yl, xl, p0, p1);
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

/** At most the new addresses of the whole column folds fcA..fcB: every channel of the ifmap rows they reach. */
@inline function wholeBound(fcA: f64, fcB: f64): f64 {
  const oyA = Math.floor(fcA * C / EW), oyB = Math.floor((fmin(M, fcB * C + C) - 1) / EW);
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
  return probes * probeRowWork(5) * rowsOf(fi, gallopHi);
}

/** The count of calcDuplicates for an IS layer (wc: window words); sets isLastRow, isBound, isDone. */
export function calcDupIS(wc: f64): f64 {
  isDone = false; isBound = 0; isLastRow = -1;
  // a window larger than every address the layer reads never fills (the searches' gallop runs to the end)
  const layerReads = allReads();
  if (layerReads < wc) {
    isBound = 1 + segmentWork(0, 0, FOLDS - 1, false, 0);
    isDone = true;
    return layerReads;
  }
  setFixed();
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
    for (;;) {
      // whole column folds that cannot reach the window are marked together (one marking per filter position and
      // class over all their pixels)
      if (s0 == 0 && fe - Math.floor(fe / RF) * RF == 0) {
        const fcA = fe / RF;
        let fcB = fcA - 1;
        while (fcB + 1 < CF && d + wholeBound(fcA, fcB + 1) < need) fcB++;
        if (fcB >= fcA) {
          d = walkRange(0, K, K, <i32>(fcA * C), <i32>fmin(M, fcB * C + C), d, Infinity);
          fe = (fcB + 1) * RF;
          if (fe >= FOLDS) { fe = FOLDS - 1; break; }
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
