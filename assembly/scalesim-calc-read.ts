// CALC-mode read buffers of the SCALE-Sim memory model (read_buffer_estimate_bw.py): DRAM reads of the ifmap and
// filter when prefetch never stalls, and the demand row of the last window change (the DRAM start/stop cycles).
// Operands without repeated addresses are a closed-form walk over block occurrences; an ifmap whose conv windows
// overlap is walked segment by segment over distinct addresses (assembly/scalesim-rects.ts; OS layers by the
// incremental walk of assembly/scalesim-calc-os.ts, WS layers by the bitmap walk of assembly/scalesim-calc-ws.ts, IS
// layers by the class-plane walk of assembly/scalesim-calc-is.ts, when their work bounds allow). docs/model.md §1.1.
import { DATAFLOW_OS, DATAFLOW_WS, DATAFLOW_IS } from './abi';
import {
  FH, FW, STR, R, C, M, K, RF, CF, FOLDS, CPF, DF, WORK_LIMIT, workSpent, spend, fmin, fmax, fmod, Operand, REUSE_NONE, REUSE_PASS, REUSE_REP,
} from './scalesim-layer';
import { addRect, clearRects, distinctRects, clearOverflow, rectsOverflowed, referenceWalk } from './scalesim-rects';
import { calcDupOS, osEligible, osBound, osDone, osLastRow } from './scalesim-calc-os';
import { calcDupWS, wsEligible, wsBound, wsDone, wsLastRow } from './scalesim-calc-ws';
import { calcDupIS, isEligible, isBound, isDone, isLastRow } from './scalesim-calc-is';

const SKEW_BANDS: f64 = 8; // lane bands used to follow the systolic skew in the duplicate-address walk

// Never stalls. Distinct demanded addresses fill sets of I = floor(S/100); when 50 sets (Wc = 50·I addresses) are
// full the window is emptied (a DRAM "prefetch" of those addresses) and refills from the next demand on. DRAM reads
// = number of insertions. For operands without repeated addresses inside a block this is a closed-form walk over
// block occurrences (exact); `calcLastRow` is the demand row of the last window change (-1: none).
export let calcLastRow: f64 = -1;

const PASS_HIST: i32 = 8; // pass-start states kept to find a period of passes
const pFill = new StaticArray<f64>(PASS_HIST);
const pRel = new StaticArray<f64>(PASS_HIST);
const pX = new StaticArray<f64>(PASS_HIST);
const pCount = new StaticArray<f64>(PASS_HIST);

export function calcUnique(op: Operand, sizeWords: f64): f64 {
  const wc = 50 * Math.floor(sizeWords / 100);
  if (op.reuse == REUSE_NONE && !referenceWalk) return calcTiles(op, wc);
  if (op.reuse == REUSE_PASS && !referenceWalk && op.lay.valid - op.lay.h * op.lay.wd >= wc) return calcPasses(op, wc);
  let fill: f64 = 0, count: f64 = 0;
  let clearOcc: f64 = -1, clearX: f64 = 0;
  calcLastRow = -1;
  const nbPass = op.lay.nb;
  // passes (one column fold each) whose folds demand the same blocks repeat once the window's state at a pass start
  // repeats (fill, the last change relative to the pass, where in its fold): whole periods of passes are then
  // skipped (count, change position and work as the fold-by-fold walk; the reference path walks every fold)
  const rep = op.reuse == REUSE_REP;
  const sameTo = rep ? CF - 1 : CF; // passes [0, sameTo) demand the same blocks (REP: the last column block differs)
  let np: i32 = 0;
  let o: f64 = 0;
  for (let fc: f64 = 0; fc < CF; fc++) {
    if (!referenceWalk && fc < sameTo) {
      // the pass start's state: fill, the last change relative to the pass start (any change before the previous
      // pass's folds acts alike: every previous occurrence is after it; REP compares within the pass only)
      let rel = clearOcc - o, x = clearX;
      if (rep || rel < -RF) { rel = -RF - 1; x = 0; }
      let per: i32 = 0;
      for (let q = 1; q <= PASS_HIST && q <= np; q++) {
        const j = (np - q) % PASS_HIST;
        if (unchecked(pFill[j]) == fill && unchecked(pRel[j]) == rel && unchecked(pX[j]) == x) { per = q; break; }
      }
      if (per > 0) {
        // passes [fc - per, fc) form a period: skip all but the last period before sameTo (walked, so the last
        // change's row comes out of the walk)
        const periods = Math.floor((sameTo - fc) / <f64>per) - 1;
        if (periods >= 1) {
          const j = (np - per) % PASS_HIST;
          const skip = periods * <f64>per;
          if (!spend(skip * RF)) return count;
          count += periods * (count - unchecked(pCount[j]));
          if (clearOcc >= 0) clearOcc += skip * RF;
          fc += skip; o += skip * RF;
          np = 0; // the history's passes are behind
        }
      }
      const j = np % PASS_HIST;
      unchecked(pFill[j] = fill); unchecked(pRel[j] = rel); unchecked(pX[j] = x); unchecked(pCount[j] = count);
      np++;
    }
    for (let fr: f64 = 0; fr < RF; fr++, o++) {
      if (rep && fr >= 1 && clearOcc < o - 1 && !referenceWalk) {
        // REP: the previous fold (the same block) changed nothing, so no later fold of this pass inserts anything
        o += RF - fr;
        if (!spend(RF - fr)) return count;
        break;
      }
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

// Passes (REUSE_PASS) that hold at least Wc elements besides any one block: between two occurrences of a block the
// stream inserts at least Wc elements (by induction, every element is inserted), so the window changes after the
// earlier occurrence and every element is inserted again. So the stream behaves as one of distinct elements: the
// fill after a fold is (elements so far) mod Wc and the last change is at the last multiple of Wc below the total,
// as in calcTiles: the same count, last row and work (one per fold) as the fold-by-fold walk.
function calcPasses(op: Operand, wc: f64): f64 {
  spend(FOLDS);
  calcLastRow = -1;
  const h = op.lay.h, wd = op.lay.wd, pass = op.lay.valid; // fold (fc, fr) holds h × v(fr) elements
  const total = CF * pass;
  if (total < wc) return total;
  const e = wc * Math.floor(total / wc) - 1; // the element at which the window changes last
  const fc = fmin(CF - 1, Math.floor(e / pass));
  const e1 = e - fc * pass;
  const fr = fmin(RF - 1, Math.floor(e1 / (h * wd)));
  calcLastRow = (fc * RF + fr) * CPF + op.cycleOfElem(fc, fr, e1 - fr * h * wd);
  return total;
}

// Stationary tiles (REUSE_NONE: no fold demands an element again) in closed form: every element is inserted once,
// so the fill after a fold is (elements so far) mod Wc, a fold changes the window iff it crosses a multiple of Wc,
// and the last change is at the last multiple of Wc below the total: the same count, last row and work charge (one
// per fold) as the fold-by-fold walk above, which the reference path (referenceWalk) keeps.
function calcTiles(op: Operand, wc: f64): f64 {
  spend(FOLDS);
  calcLastRow = -1;
  // fold (fc, fr) holds tileRows(fr) × v(fc) elements; column block fc holds h × v(fc)
  const h = op.lay.h, wd = op.lay.wd;
  const total = h * (wd * (CF - 1) + op.lay.v(CF - 1));
  if (total < wc) return total;
  const e = wc * Math.floor(total / wc) - 1; // the element at which the window changes last
  const fc = fmin(CF - 1, Math.floor(e / (h * wd)));
  const e1 = e - fc * h * wd, v = op.lay.v(fc);
  const fr = fmin(RF - 1, Math.floor(e1 / (v * R)));
  calcLastRow = (fc * RF + fr) * CPF + op.cycleOfElem(fc, fr, e1 - fr * v * R);
  return total;
}

// Operands whose blocks repeat addresses (im2col of overlapping conv windows): walk the demand stream segment by
// segment, each segment ending where it reaches Wc distinct addresses. distinctRects() counts the addresses of a
// union of (pixel range × k range) rectangles exactly; fold prefixes follow the systolic skew in SKEW_BANDS lane
// bands.
//
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

// Memo of the last segDistinct() calls: the searches below probe some segments twice (the bracket end, the final
// step, the pass bookkeeping). A hit returns the stored count and spends the work the call spent, so the work
// budget (and WORK_LIMIT) sees exactly the same charges as without the memo. Reset per record (memoClear()).
const MEMO: i32 = 16;
const mFi = new StaticArray<f64>(MEMO);
const mA = new StaticArray<f64>(MEMO);
const mFe = new StaticArray<f64>(MEMO);
const mB = new StaticArray<f64>(MEMO);
const mVal = new StaticArray<f64>(MEMO);
const mWork = new StaticArray<f64>(MEMO);
let mN: i32 = 0, mNext: i32 = 0;

/** Distinct addresses from (fold fi, step a) up to (fold fe, step b), exclusive. */
function segDistinct(fi: f64, a: f64, fe: f64, b: f64): f64 {
  if (referenceWalk) return segDistinctRaw(fi, a, fe, b);
  for (let i = 0; i < mN; i++) {
    if (unchecked(mFi[i]) == fi && unchecked(mA[i]) == a && unchecked(mFe[i]) == fe && unchecked(mB[i]) == b) {
      spend(unchecked(mWork[i]));
      return unchecked(mVal[i]);
    }
  }
  const w0 = workSpent();
  const v = segDistinctRaw(fi, a, fe, b);
  // only complete counts are stored (a count cut short by the budget or a buffer overflow is never reused)
  if (workSpent() <= WORK_LIMIT && !rectsOverflowed()) {
    const i = mNext;
    unchecked(mFi[i] = fi); unchecked(mA[i] = a); unchecked(mFe[i] = fe); unchecked(mB[i] = b);
    unchecked(mVal[i] = v); unchecked(mWork[i] = workSpent() - w0);
    mNext = (mNext + 1) % MEMO; if (mN < MEMO) mN++;
  }
  return v;
}

function segDistinctRaw(fi: f64, a: f64, fe: f64, b: f64): f64 {
  clearRects();
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
    if (workSpent() > WORK_LIMIT) break;
  }
  return hi;
}

export function calcDuplicates(sizeWords: f64): f64 {
  const wc = 50 * Math.floor(sizeWords / 100);
  // OS layers: the incremental walk (assembly/scalesim-calc-os.ts), when the work the probing walk below would
  // charge is bounded within the budget (with the filter walk after it, at most one unit per fold) and a row of
  // distinctRects cannot outgrow its run buffer (at most 19 entries × filter rows × column residues): then the
  // probing walk would return this same count and leave the record's status unchanged
  if (!referenceWalk && 19 * (Math.floor((FH - 1) / STR) + 1) * fmin(STR, FW) < 65536) {
    if (DF == DATAFLOW_OS) {
      if (osEligible()) {
        const v = calcDupOS(wc);
        if (osDone && workSpent() + osBound + FOLDS <= WORK_LIMIT) { calcLastRow = osLastRow; return v; }
      }
    } else if (DF == DATAFLOW_WS && wsEligible()) {
      // WS layers: the bitmap walk (assembly/scalesim-calc-ws.ts), under the same conditions
      const v = calcDupWS(wc);
      if (wsDone && workSpent() + wsBound + FOLDS <= WORK_LIMIT) { calcLastRow = wsLastRow; return v; }
    } else if (DF == DATAFLOW_IS && isEligible()) {
      // IS layers: the class-plane walk (assembly/scalesim-calc-is.ts), under the same conditions
      const v = calcDupIS(wc);
      if (isDone && workSpent() + isBound + FOLDS <= WORK_LIMIT) { calcLastRow = isLastRow; return v; }
    }
  }
  let fi: f64 = 0, a: f64 = 0, count: f64 = 0, carry: f64 = 0;
  calcLastRow = -1;
  clearOverflow();
  mN = 0; mNext = 0; // the memo holds counts of this layer only
  // OS and WS stream the whole ifmap once per column fold: after two passes that each saw a window change, the
  // remaining passes repeat the second one (insertions and the position of the last change).
  const passes = DF == DATAFLOW_IS ? 1 : CF;
  let ins1: f64 = -1, clear1 = false, clear2 = false, lastClear2: f64 = -1;
  while (fi < FOLDS) {
    if (!spend(1) || rectsOverflowed()) return count;
    const need = wc - carry;
    segFi = fi; segA = a; probeSteps = false;
    // gallop over whole folds to bracket the first fold end at which the segment holds `need` addresses
    let lo = fi - 1, dLo: f64 = fi == 0 && a == 0 ? 0 : -1, hi = fi, stepSize: f64 = 1;
    let dHi = probe(hi);
    while (dHi < need) {
      if (hi >= FOLDS - 1 || workSpent() > WORK_LIMIT) break;
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

