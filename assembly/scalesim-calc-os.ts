// CALC-mode ifmap reads of OS layers whose conv windows overlap, walked incrementally over ifmap positions instead of
// probing rectangle unions (assembly/scalesim-calc-read.ts calcDuplicates, whose counts this reproduces exactly).
// docs/model.md §1.1.
//
// An OS fold is the pixel block [m0, m1) × all K; its part of steps [a, b) holds, in lane band bi (representative
// lane r), the elements with a ≤ k + r < b. With k = p·CH + c (p the filter position), an address (position, c) is in
// the part iff some occurrence q = p·CH + r of its position satisfies a ≤ q + c < b. So within a segment every
// position's marked channels are a suffix [lo, CH) (the start part covers c ≥ a - max q, whole folds cover all), and
// in the fold where the segment ends the count of new addresses before step b is a sum of unit ramps, summed once
// into a table over b. The segment ends, the carries, the pass bookkeeping and the last window change are those of
// the searches of calcDuplicates, which find the smallest fold / step whose count reaches the window: the count is
// monotone, so any exact way of finding it agrees.
//
// In row mode (S ≤ FW, S ≤ FH) a pixel range's positions in an ifmap row are exactly rowRanges' column ranges, so
// whole folds (and chunks of consecutive row folds) are marked word by word (markPixels), the start part is column
// runs per band (startRuns) and the end fold's least q is taken only where positions are not yet whole (foldMinRows);
// otherwise a fold's min / max q per position (foldOcc) serve both parts.
//
// The searches charge the work budget per probe; this walk charges nothing of its own but adds up an upper bound
// of what those probes would have charged (probes per segment × classes × rows × work per row). The caller uses
// its result only when that bound keeps the record within WORK_LIMIT (and the reference's row-run buffer cannot
// overflow); otherwise it runs the probing walk, so statuses are unchanged.
import { H, W, FH, FW, CH, EW, EH, STR, M, K, R, RF, CF, FOLDS, CPF, WORK_LIMIT, workSpent, fmin, fmax } from './scalesim-layer';

export let osLastRow: f64 = -1;
export let osBound: f64 = 0; // upper bound of the work the probing walk would charge
export let osDone = false; // false: the walk gave up (buffers); use the probing walk

const MAX_POS: f64 = 524288; // ifmap positions H·W (eight i32 arrays of this size: 16 MiB at most)
const MAX_STEPS: f64 = 1048576; // steps of a fold K + R - 1 (the ramp table: 8 MiB at most)
const MAX_OCC: f64 = 262144; // occurrences of one fold R·FH·FW (three i32 arrays: 3 MiB at most)

/** Whether the incremental walk can take the layer (its buffers). */
export function osEligible(): bool {
  return H * W <= MAX_POS && K + R - 1 <= MAX_STEPS && R * FH * FW <= MAX_OCC;
}

let posEp = new StaticArray<i32>(0); // epoch (segment) of posLo
let posLo = new StaticArray<i32>(0); // first marked channel of the position in this segment (CH: none)
let seenEp = new StaticArray<i32>(0); // visit stamp (one fold enumeration)
let qVal = new StaticArray<i32>(0); // min occurrence of the position in this visit
let qMax = new StaticArray<i32>(0); // max occurrence of the position in this visit
let occFold: f64 = -1; // the fold whose min/max occurrences touched[], qVal and qMax hold (-1: none)
let keysFold: f64 = -1; // the fold whose occurrences kTouched[], kCnt and grpQ hold grouped by position (-1: none)
let kTouched = new StaticArray<i32>(0); // the positions of the keys mode, their pair counts
let kCnt = new StaticArray<i32>(0);
let nKTouched: i32 = 0;
let touched = new StaticArray<i32>(0);
let touchedWB = new StaticArray<i32>(0); // the bitmap word and bit of each touched position: word << 6 | bit
let nTouched: i32 = 0;
// the area form of occFold's min/max (foldOcc): qVal/qMax hold the fold's positions over rowRanges(y, oOyA, oOyB,
// oXa, oXb, oXFull) for the ifmap rows y in [oYa, oYb] (qMax < 0: no occurrence), in place of touched[]
let occArea = false;
let oYa: i32 = 0, oYb: i32 = -1, oOyA: i32 = 0, oOyB: i32 = 0, oXa: i32 = 0, oXb: i32 = 0, oXFull: i32 = 0;
let bandLo = new StaticArray<i32>(0);
let rowFlag = new StaticArray<u8>(0); // foldMinRows: ifmap rows (from oYa) holding a position not yet whole
let rowCLo = new StaticArray<i32>(0), rowCHi = new StaticArray<i32>(0); // and their first and last such column // per column of one band's output row: its least / greatest q less fy·FW·CH
let bandHi = new StaticArray<i32>(0);
let epoch: i32 = 0, visit: i32 = 0;
let dd = new StaticArray<i32>(0); // ramp starts and ends over the steps of one fold (all zero between segments)
// whole-position marks of the segment as a bitmap (rows of WW 64-bit words), the scratch bitmap of one fold, the
// words made nonzero in this segment (cleared at the next), the words a fold changed (undone when it ends the
// segment), the positions the start part marked partly (channels [lo, CH), 0 < lo < CH) and the fold's row runs
let fullB = new StaticArray<u64>(0);
let foldB = new StaticArray<u64>(0);
let dirty = new StaticArray<i32>(0);
let nDirty: i32 = 0;
let undoW = new StaticArray<i32>(0);
let undoV = new StaticArray<u64>(0);
let nUndo: i32 = 0;
let partial = new StaticArray<i32>(0); // their word << 6 | bit (to clear partB at the next segment)
let nPartial: i32 = 0;
let partB = new StaticArray<u64>(0); // their bits
let newBits: i64 = 0, partCorr: i64 = 0; // markWord's tallies: positions new to the segment, channels the start part had of them
let runLo = new StaticArray<i32>(0);
let runHi = new StaticArray<i32>(0);
let nRuns: i32 = 0;
let WW: i32 = 1;
let occPos = new StaticArray<i32>(0); // (position, q) pairs of one fold, then the q grouped by position
let occQ = new StaticArray<i32>(0);
let grpQ = new StaticArray<i32>(0);
let grpPtr = new StaticArray<i32>(0);
let grpEnd = new StaticArray<i32>(0); // per position group of keysFold: the end of its q in grpQ // per position group of keysFold: its first q > a - CH for the last segment's a
let keysA: i32 = 0; // that a
let offs = new StaticArray<i32>(0); // start of a position's group in grpQ
export let laneR = new StaticArray<i32>(0); // representative lane of each lane's skew band (setLanes)

function ensure(): void {
  sI = <i32>STR; fhI = <i32>FH;
  const np = <i32>(H * W);
  if (posEp.length < np) {
    posEp = new StaticArray<i32>(np); posLo = new StaticArray<i32>(np); seenEp = new StaticArray<i32>(np); qVal = new StaticArray<i32>(np); qMax = new StaticArray<i32>(np);
    touched = new StaticArray<i32>(np); touchedWB = new StaticArray<i32>(np); kTouched = new StaticArray<i32>(np); kCnt = new StaticArray<i32>(np); offs = new StaticArray<i32>(np); grpPtr = new StaticArray<i32>(np); grpEnd = new StaticArray<i32>(np); partial = new StaticArray<i32>(np); epoch = 0; visit = 0;
  }
  WW = (<i32>W + 63) >> 6;
  const nw = <i32>H * WW;
  if (fullB.length < nw) {
    fullB = new StaticArray<u64>(nw); foldB = new StaticArray<u64>(nw); partB = new StaticArray<u64>(nw); dirty = new StaticArray<i32>(nw);
    undoW = new StaticArray<i32>(nw); undoV = new StaticArray<u64>(nw);
  } else for (let i = 0; i < nw; i++) { unchecked(fullB[i] = 0); unchecked(foldB[i] = 0); unchecked(partB[i] = 0); }
  nPartial = 0;
  nDirty = 0;
  if (rowFlag.length < <i32>H) { rowFlag = new StaticArray<u8>(<i32>H); rowCLo = new StaticArray<i32>(<i32>H); rowCHi = new StaticArray<i32>(<i32>H); }
  if (bandLo.length < <i32>W) { bandLo = new StaticArray<i32>(<i32>W); bandHi = new StaticArray<i32>(<i32>W); }
  const nr = <i32>(R * FH);
  if (runLo.length < nr) { runLo = new StaticArray<i32>(nr); runHi = new StaticArray<i32>(nr); }
  if (epoch > 1 << 30 || visit > 1 << 30) { posEp.fill(0); seenEp.fill(0); epoch = 0; visit = 0; }
  const ns = <i32>(K + R + 2);
  if (dd.length < ns) dd = new StaticArray<i32>(ns);
  const no = <i32>(R * FH * FW);
  if (occPos.length < no) { occPos = new StaticArray<i32>(no); occQ = new StaticArray<i32>(no); grpQ = new StaticArray<i32>(no); }
}


/** Pixel block of fold f. */
@inline function foldM0(f: f64): f64 { const fc = Math.floor(f / RF); return (f - fc * RF) * R; }
@inline function foldM1(f: f64): f64 { return fmin(M, foldM0(f) + R); }

/** Representative lane of each lane's skew band (addFoldPart) into laneR[0..lanes). */
let lanesHeld: i32 = -1; // the lanes laneR was last set for (only setLanes writes it)
export function setLanes(lanes: i32): void {
  if (lanes == lanesHeld) return;
  lanesHeld = lanes;
  if (laneR.length < lanes) laneR = new StaticArray<i32>(lanes);
  const bands = lanes < 8 ? lanes : 8;
  for (let bi = 0; bi < bands; bi++) {
    const l0 = bi * lanes / bands, l1 = (bi + 1) * lanes / bands;
    const r = (l0 + l1 - 1) / 2;
    for (let l = l0; l < l1; l++) unchecked(laneR[l] = r);
  }
}

/** Set the bits x0..x1 of the row whose first word is `base` in the fold bitmap; record the run of words. */
@inline function setRun(base: i32, x0: i32, x1: i32): void {
  const w0 = x0 >> 6, w1 = x1 >> 6;
  const m0: u64 = (<u64>-1) << <u64>(x0 & 63), m1: u64 = (<u64>-1) >> <u64>(63 - (x1 & 63));
  if (w0 == w1) unchecked(foldB[base + w0] |= m0 & m1);
  else {
    unchecked(foldB[base + w0] |= m0);
    for (let w = w0 + 1; w < w1; w++) unchecked(foldB[base + w] = <u64>-1);
    unchecked(foldB[base + w1] |= m1);
  }
  unchecked(runLo[nRuns] = base + w0); unchecked(runHi[nRuns] = base + w1); nRuns++;
}

/** The positions of the pixel block [m0, m1) (all K) into the fold bitmap, as row runs. */
function blockBits(m0: i32, m1: i32): void {
  nRuns = 0;
  const ew = <i32>EW, s = <i32>STR, fh = <i32>FH, fw = <i32>FW, h = <i32>H, w = <i32>W;
  const oy0 = m0 / ew, oy1 = (m1 - 1) / ew;
  for (let oy = oy0; oy <= oy1; oy++) {
    const oxa = m0 - oy * ew > 0 ? m0 - oy * ew : 0;
    const oxb = m1 - 1 - oy * ew < ew - 1 ? m1 - 1 - oy * ew : ew - 1;
    for (let fy = 0; fy < fh; fy++) {
      const y = oy * s + fy;
      if (y >= h) break;
      const base = y * WW;
      if (s <= fw) {
        let x1 = oxb * s + fw - 1; if (x1 > w - 1) x1 = w - 1;
        if (oxa * s <= x1) setRun(base, oxa * s, x1);
      } else {
        for (let ox = oxa; ox <= oxb; ox++) {
          const x0 = ox * s;
          if (x0 > w - 1) break;
          let x1 = x0 + fw - 1; if (x1 > w - 1) x1 = w - 1;
          setRun(base, x0, x1);
        }
      }
    }
  }
}


/** Mark a whole position in the segment's bitmap (start part), from its word and bit (wb = word << 6 | bit). */
@inline function setFullWB(wb: i32): void {
  const wi = wb >> 6;
  const old = unchecked(fullB[wi]);
  if (old == 0) unchecked(dirty[nDirty++] = wi);
  unchecked(fullB[wi] = old | ((<u64>1) << <u64>(wb & 63)));
}

/** Channels of the position already in the segment: [lo, CH) (wb: its word << 6 | bit). */
@inline function curLo(pos: i32, wb: i32, chI: i32): i32 {
  if (((unchecked(fullB[wb >> 6]) >> <u64>(wb & 63)) & 1) != 0) return 0;
  return unchecked(posEp[pos]) == epoch ? unchecked(posLo[pos]) : chI;
}

/** The start part's marks of a position with occurrences (pos, wb: its bitmap word << 6 | bit) whose channels
 * [lo, CH) are in the part (lo < CH): whole (lo ≤ 0) or partly; returns the channels marked. */
@inline function startPos(pos: i32, wb: i32, lo: i32): i64 {
  const chI = <i32>CH;
  if (lo <= 0) { setFullWB(wb); return <i64>chI; }
  unchecked(posEp[pos] = epoch); unchecked(posLo[pos] = lo); unchecked(partial[nPartial++] = wb);
  unchecked(partB[wb >> 6] |= (<u64>1) << <u64>(wb & 63));
  return <i64>(chI - lo);
}

// the column ranges of one ifmap row that a fold's positions can occupy (rowRanges): [rLo0, rHi0] and, where the
// first and last output rows' columns do not meet, [rLo1, rHi1] (else rLo1 > rHi1)
let rLo0: i32 = 0, rHi0: i32 = 0, rLo1: i32 = 0, rHi1: i32 = -1;
let sI: i32 = 1, fhI: i32 = 1; // STR and FH as i32 (set by ensure: rowRanges runs per row)

/** The columns of ifmap row y that the windows of the pixels from column xa / S of output row oyA to output row oyB
 * (its windows up to column xb) can cover; whole output rows cover [0, xFull]. */
@inline function rowRanges(y: i32, oyA: i32, oyB: i32, xa: i32, xb: i32, xFull: i32): void {
  const s = sI, fh = fhI;
  rLo1 = 0; rHi1 = -1;
  if (oyA == oyB) { rLo0 = xa; rHi0 = xb; return; }
  // output rows oy with oy·S ≤ y ≤ oy·S + FH - 1
  const inA = y <= oyA * s + fh - 1, inB = y >= oyB * s;
  // a whole output row between covers y
  if (oyB - oyA >= 2 && y >= (oyA + 1) * s && y <= (oyB - 1) * s + fh - 1) { rLo0 = 0; rHi0 = xFull; return; }
  if (inA && inB) {
    if (xb + 1 >= xa) { rLo0 = 0; rHi0 = xFull; return; }
    rLo0 = 0; rHi0 = xb; rLo1 = xa; rHi1 = xFull; return;
  }
  if (inA) { rLo0 = xa; rHi0 = xFull; return; }
  if (inB) { rLo0 = 0; rHi0 = xb; return; }
  rLo0 = 0; rHi0 = -1; // no output row's windows reach row y (S > FH)
}

/** Occurrences q = p·CH + r of every position of fold f: qVal[pos] = the min and qMax[pos] the max q, positions
 * into touched[] (kept for the next call on the same fold: occFold); or (keysOut) every (position, q) pair into
 * occPos/occQ (positions into kTouched[], kCnt counts a position's pairs), returning their number. */
function foldOcc(f: f64, keysOut: bool): i32 {
  if (!keysOut && occFold == f) return 0;
  if (keysOut) { keysFold = -1; nKTouched = 0; } else { occFold = f; nTouched = 0; }
  visit++;
  const m0 = <i32>foldM0(f), m1 = <i32>foldM1(f);
  setLanes(m1 - m0);
  const ew = <i32>EW, s = <i32>STR, fh = <i32>FH, fw = <i32>FW, h = <i32>H, w = <i32>W, chI = <i32>CH;
  let nk: i32 = 0;
  if (keysOut) {
    for (let m = m0; m < m1; m++) {
      const r = unchecked(laneR[m - m0]);
      const oy = m / ew, ox = m - oy * ew;
      for (let fy = 0; fy < fh; fy++) {
        const y = oy * s + fy;
        if (y >= h) break;
        for (let fx = 0; fx < fw; fx++) {
          const x = ox * s + fx;
          if (x >= w) break;
          const pos = y * w + x, q = (fy * fw + fx) * chI + r;
          unchecked(occPos[nk] = pos); unchecked(occQ[nk] = q); nk++;
          if (unchecked(seenEp[pos]) != visit) { unchecked(seenEp[pos] = visit); unchecked(kTouched[nKTouched++] = pos); unchecked(kCnt[pos] = 1); }
          else unchecked(kCnt[pos] += 1);
        }
      }
    }
    return nk;
  }
  // min and max: the block's positions lie in the ifmap rows [ya, yb] (and, within one output row, the columns
  // [xa, xb]); that rectangle is preset (min: i32 max, max: -1) and taken in place of the seen stamps when it is
  // smaller than the pairs, so each pair is a branch-free min and max
  const oyA = m0 / ew, oyB = (m1 - 1) / ew;
  const ya = oyA * s, yb = oyB * s + fh - 1 < h - 1 ? oyB * s + fh - 1 : h - 1;
  // per ifmap row: the columns of the first output row's pixels (from column xa), of the last one's (up to column
  // xb) and of whole output rows between (all columns), the first and last as two ranges where they do not meet
  const xFull = (ew - 1) * s + fw - 1 < w - 1 ? (ew - 1) * s + fw - 1 : w - 1;
  const xa = (m0 - oyA * ew) * s;
  const xb = (m1 - 1 - oyB * ew) * s + fw - 1 < w - 1 ? (m1 - 1 - oyB * ew) * s + fw - 1 : w - 1;
  let area: i32 = 0;
  for (let y = ya; y <= yb; y++) { rowRanges(y, oyA, oyB, xa, xb, xFull); area += rHi0 - rLo0 + 1 + (rHi1 >= rLo1 ? rHi1 - rLo1 + 1 : 0); }
  occArea = false;
  if (area <= (m1 - m0) * fh * fw) {
    // presets by bytes: qVal 0x7f7f7f7f (above every q, and above every gap value below), qMax -1
    const pV = changetype<usize>(qVal), pM = changetype<usize>(qMax);
    for (let y = ya; y <= yb; y++) {
      const b = y * w;
      rowRanges(y, oyA, oyB, xa, xb, xFull);
      if (rHi0 >= rLo0) {
        memory.fill(pV + (<usize>(b + rLo0) << 2), 0x7f, <usize>(rHi0 - rLo0 + 1) << 2);
        memory.fill(pM + (<usize>(b + rLo0) << 2), 0xff, <usize>(rHi0 - rLo0 + 1) << 2);
      }
      if (rHi1 >= rLo1) {
        memory.fill(pV + (<usize>(b + rLo1) << 2), 0x7f, <usize>(rHi1 - rLo1 + 1) << 2);
        memory.fill(pM + (<usize>(b + rLo1) << 2), 0xff, <usize>(rHi1 - rLo1 + 1) << 2);
      }
    }
    // per skew band (one r) and output row of its pixels [oxa, oxb]: in ifmap row y = oy·S + fy, position x has its
    // least filter column from the last pixel covering it (ox = min(oxb, ⌊x/S⌋), covered iff x - ox·S < FW) and its
    // greatest from the first (ox = max(oxa, ⌈(x - FW + 1)/S⌉)); these q less fy·FW·CH are the same for every filter
    // row, so they are set once per (band, output row) (gaps between windows, S > FW: 2^30 and -2^30, which no
    // min / max with a real q keeps) and each filter row is one branch-free min / max pass over its columns
    const lanes = m1 - m0, bands = lanes < 8 ? lanes : 8;
    for (let bi = 0; bi < bands; bi++) {
      const l0 = bi * lanes / bands, l1 = (bi + 1) * lanes / bands;
      const r = unchecked(laneR[l0]);
      const pa = m0 + l0, pz = m0 + l1 - 1;
      const oyA = pa / ew, oyZ = pz / ew;
      for (let oy = oyA; oy <= oyZ; oy++) {
        const oxa = oy == oyA ? pa - oy * ew : 0, oxb = oy == oyZ ? pz - oy * ew : ew - 1;
        const xa = oxa * s;
        let xe = oxb * s + fw - 1; if (xe > w - 1) xe = w - 1;
        const n = xe - xa + 1;
        let oxs = oxa, oxm = oxa;
        for (let i = 0; i < n; i++) {
          const x = xa + i;
          if (oxs < oxb && x - oxs * s >= s) oxs++;
          const dMin = x - oxs * s;
          if (dMin >= fw) { unchecked(bandLo[i] = 1 << 30); unchecked(bandHi[i] = -(1 << 30)); continue; }
          while (x - oxm * s >= fw) oxm++;
          unchecked(bandLo[i] = dMin * chI + r); unchecked(bandHi[i] = (x - oxm * s) * chI + r);
        }
        for (let fy = 0; fy < fh; fy++) {
          const y = oy * s + fy;
          if (y >= h) break;
          const rowB = y * w + xa, qb = fy * fw * chI;
          for (let i = 0; i < n; i++) {
            const p = rowB + i;
            const qlo = unchecked(bandLo[i]) + qb, qhi = unchecked(bandHi[i]) + qb;
            const lo = unchecked(qVal[p]), hi = unchecked(qMax[p]);
            unchecked(qVal[p] = qlo < lo ? qlo : lo); unchecked(qMax[p] = qhi > hi ? qhi : hi);
          }
        }
      }
    }
    occArea = true; oYa = ya; oYb = yb; oOyA = oyA; oOyB = oyB; oXa = xa; oXb = xb; oXFull = xFull;
    return 0;
  }
  for (let m = m0; m < m1; m++) {
    const r = unchecked(laneR[m - m0]);
    const oy = m / ew, ox = m - oy * ew;
    for (let fy = 0; fy < fh; fy++) {
      const y = oy * s + fy;
      if (y >= h) break;
      for (let fx = 0; fx < fw; fx++) {
        const x = ox * s + fx;
        if (x >= w) break;
        const pos = y * w + x, q = (fy * fw + fx) * chI + r;
        if (unchecked(seenEp[pos]) != visit) {
          unchecked(seenEp[pos] = visit); unchecked(qVal[pos] = q); unchecked(qMax[pos] = q);
          unchecked(touched[nTouched] = pos); unchecked(touchedWB[nTouched] = ((y * WW + (x >> 6)) << 6) | (x & 63)); nTouched++;
        } else {
          if (q < unchecked(qVal[pos])) unchecked(qVal[pos] = q);
          if (q > unchecked(qMax[pos])) unchecked(qMax[pos] = q);
        }
      }
    }
  }
  return nk;
}

@inline export function ceilLog2(x: f64): f64 {
  // (doubling is exact, as Math.pow(2, t) is: the same t, without a pow call per step)
  let t: f64 = 0, p: f64 = 1;
  while (p < x) { p *= 2; t++; }
  return t;
}

// ---- shared with the WS/IS walk (assembly/scalesim-calc-ws.ts) --------------------------------------------------

/**
 * Work of one probe of calcDuplicates per ifmap row it sweeps, for unions of at most n rectangles: at most
 * min(CH, 2n + 1, `classes`) channel classes × distinctRects' work per row with n entries.
 */
export function probeRowWork(n: f64, classes: f64 = Infinity): f64 {
  return fmin(fmin(CH, 2 * n + 1), classes) * fmax(1, n * (Math.floor((FH - 1) / STR) + 1) * fmin(STR, FW) / 16);
}

/**
 * Whether a walk gives up before its segment from fold fi (the caller then runs the probing walk): when its bound
 * of the searches' work could pass the budget, or when the bound so far, scaled to the `folds` it will cover, would.
 */
export function pastBudget(bound: f64, fi: f64, folds: f64): bool {
  return workSpent() + bound + FOLDS > WORK_LIMIT || (fi >= 1 && workSpent() + bound * folds / fi + FOLDS > WORK_LIMIT);
}

export let gallopHi: f64 = 0; // the last fold the gallop of segmentProbes probed
/**
 * The probes calcDuplicates makes for a segment from fold fi whose window fills in fold fe (found: at a step of
 * (s0, st]) or that runs to the end of the stream (not found): the gallop (hi = fi, fi + 1, fi + 3, ..., its last
 * fold into gallopHi), the bisection between its last two points (at most 2⌈log₂ L⌉ + 2 probes), and when found
 * the pass probes (2), the step search's ends and carry (3) and its bisection.
 */
export function segmentProbes(fi: f64, fe: f64, found: bool, s0: f64, st: f64): f64 {
  let gLo = fi - 1, gHi = fi, step: f64 = 1, probes: f64 = 1;
  while (gHi < fe) { gLo = gHi; gHi = fmin(FOLDS - 1, gHi + step); step *= 2; probes++; }
  if (gHi != fi) probes += 2 * ceilLog2(gHi - gLo) + 2;
  gallopHi = gHi;
  if (found) probes += 2 + 3 + 2 * ceilLog2(st - s0) + 2;
  return probes;
}

/**
 * The pass bookkeeping of calcDuplicates for a walk that streams the whole ifmap once per column fold (OS, WS):
 * after two passes that each saw a window change, the remaining passes repeat the second.
 */
export class PassBook {
  ins1: f64 = -1; clear1: bool = false; clear2: bool = false; lastClear2: f64 = -1;
  lastRow: f64 = -1; // the last window change when done() returned a count
  reset(): void { this.ins1 = -1; this.clear1 = false; this.clear2 = false; this.lastClear2 = -1; }
  /**
   * A segment from fold fi ending in fold fe, `before` insertions before it, dAt1 / dAt2 its counts through the
   * ends of passes 1 and 2: the layer's insertions when the remaining passes repeat the second (lastRow set),
   * else -1.
   */
  done(passes: f64, fi: f64, fe: f64, before: f64, dAt1: f64, dAt2: f64): f64 {
    if (passes <= 2) return -1;
    for (let pss: f64 = 1; pss <= 2; pss++) {
      const bound = pss * RF;
      if (fe >= bound && fi < bound && (pss == 1 ? this.ins1 < 0 : true)) {
        const insAt = before + (pss == 1 ? dAt1 : dAt2);
        if (pss == 1) this.ins1 = insAt;
        else if (this.clear1 && this.clear2) {
          this.lastRow = this.lastClear2 + (passes - 2) * RF * CPF;
          return insAt + (passes - 2) * (insAt - this.ins1);
        }
      }
    }
    return -1;
  }
  /** The window changed in fold fe at demand row `row`. */
  cleared(fe: f64, row: f64): void {
    if (fe < RF) this.clear1 = true;
    else if (fe < 2 * RF) { this.clear2 = true; this.lastClear2 = row; }
  }
}
const PASSES = new PassBook();

/** Rows a probe over folds fi..hi can sweep per class (a bound of distinctRects' yHi - yLo + 1). */
function rowSpan(fi: f64, hi: f64): f64 {
  const full = fmin(H, (EH - 1) * STR + FH);
  if (hi - fi + 1 >= RF || Math.floor(fi / RF) != Math.floor(hi / RF)) return full;
  const pA = foldM0(fi), pB = foldM1(hi) - 1;
  return fmin(full, (Math.floor(pB / EW) - Math.floor(pA / EW)) * STR + FH);
}

/**
 * Merge the fold's position bits (foldB over the block runs, cleared as read) into the segment's (fullB); returns the
 * positions new to the segment. With `record`, each changed word's old value goes on the undo list.
 */
function mergeFold(record: bool): void {
  for (let ri = 0; ri < nRuns; ri++) {
    const hi = unchecked(runHi[ri]);
    for (let wi = unchecked(runLo[ri]); wi <= hi; wi++) {
      const fw = unchecked(foldB[wi]);
      if (fw == 0) continue;
      unchecked(foldB[wi] = 0);
      markWord(wi, fw, record);
    }
  }
}

/** The channels of the positions a start part marked partly, among the new bits pb of word wi, into partCorr. */
function partialCorr(wi: i32, pb: u64): void {
  const y = wi / WW, rb = y * <i32>W + ((wi - y * WW) << 6), chI = <i32>CH;
  while (pb != 0) {
    partCorr += <i64>(chI - unchecked(posLo[rb + <i32>ctz<u64>(pb)]));
    pb &= pb - 1;
  }
}

/** Merge the bits m of word wi into the segment's (fullB), tallying the new ones (newBits, partCorr); with `record`
 * the word's old value goes on the undo list. */
@inline function markWord(wi: i32, m: u64, record: bool): void {
  const old = unchecked(fullB[wi]), v = m & ~old;
  if (v != 0) {
    newBits += <i64>popcnt<u64>(v);
    const pb = v & unchecked(partB[wi]);
    if (pb != 0) partialCorr(wi, pb);
    if (record) { unchecked(undoW[nUndo] = wi); unchecked(undoV[nUndo] = old); nUndo++; }
    if (old == 0) unchecked(dirty[nDirty++] = wi);
    unchecked(fullB[wi] = old | v);
  }
}

/** Bits lo..hi (clipped to word w) of word w; 0 if none. */
@inline function rangeMask(w: i32, lo: i32, hi: i32): u64 {
  let a = lo - (w << 6), b = hi - (w << 6);
  if (a < 0) a = 0;
  if (b > 63) b = 63;
  if (a > b) return 0;
  return ((<u64>-1) << <u64>a) & ((<u64>-1) >> <u64>(63 - b));
}

/**
 * Mark every position of fold f (all K) in the segment's bitmap; returns its new addresses (CH per position new to
 * the segment, less the channels the start part had marked). With S ≤ FW and S ≤ FH a fold's positions in an ifmap
 * row are exactly rowRanges' one or two column ranges (every window of a pixel row covers its columns, every row
 * between two output rows' windows is covered), so each word is visited once; otherwise the block's runs go through
 * the fold bitmap.
 */
function markFold(f: f64, record: bool): f64 { return markPixels(<i32>foldM0(f), <i32>foldM1(f), record); }

/** Whether a pixel range's positions are rowRanges' column ranges (markPixels takes any range in one row mode). */
@inline function rowMode(): bool { return STR <= FW && STR <= FH; }

/** markFold for the pixels [m0, m1) of one column fold (several whole row folds in row mode). */
function markPixels(m0: i32, m1: i32, record: bool): f64 {
  newBits = 0; partCorr = 0;
  if (rowMode()) {
    const ew = <i32>EW, s = <i32>STR, fh = <i32>FH, fw = <i32>FW, h = <i32>H, w = <i32>W;
    const oyA = m0 / ew, oyB = (m1 - 1) / ew;
    const ya = oyA * s, yb = oyB * s + fh - 1 < h - 1 ? oyB * s + fh - 1 : h - 1;
    const xFull = (ew - 1) * s + fw - 1 < w - 1 ? (ew - 1) * s + fw - 1 : w - 1;
    const xa = (m0 - oyA * ew) * s;
    const xb = (m1 - 1 - oyB * ew) * s + fw - 1 < w - 1 ? (m1 - 1 - oyB * ew) * s + fw - 1 : w - 1;
    for (let y = ya; y <= yb; y++) {
      rowRanges(y, oyA, oyB, xa, xb, xFull);
      const lo0 = rLo0, hi0 = rHi0, lo1 = rLo1, hi1 = rHi1;
      if (hi0 < lo0 && hi1 < lo1) continue;
      const base = y * WW;
      const wA = (hi0 >= lo0 ? lo0 : lo1) >> 6, wZ = (hi1 >= lo1 ? hi1 : hi0) >> 6;
      for (let wd = wA; wd <= wZ; wd++) {
        const m = rangeMask(wd, lo0, hi0) | rangeMask(wd, lo1, hi1);
        if (m != 0) markWord(base + wd, m, record);
      }
    }
  } else {
    blockBits(m0, m1);
    mergeFold(record);
  }
  return <f64>newBits * CH - <f64>partCorr;
}

/** foldOcc's min and max of fold f; whether they are in the area form. */
function foldOccArea(f: f64): bool { foldOcc(f, false); return occArea; }

/** Mark the columns x0..x1 of ifmap row y in the segment's bitmap (markWord, no undo). */
function markRun(y: i32, x0: i32, x1: i32): void {
  if (x0 > x1) return;
  const base = y * WW;
  for (let wd = x0 >> 6, wz = x1 >> 6; wd <= wz; wd++) markWord(base + wd, rangeMask(wd, x0, x1), false);
}

/**
 * The start part in row mode: fold f from step a ≥ 1, as marks of the segment's (empty) bitmap; returns its addresses.
 * A position is whole iff some occurrence q = p·CH + r ≥ a, i.e. in band bi (lane r) a filter position p ≥ P =
 * ⌈(a - r)/CH⌉: per output row of the band's pixels, the filter rows after P's row whole (one column run: S ≤ FW) and
 * P's row from its column on (one run when the windows' parts touch, FW - fx ≥ S, else one per pixel). Otherwise
 * its channels c ≥ a - max q are in the part when that max is > a - CH: an occurrence in (a - CH, a), which in a band
 * is the one filter position P - 1 (an interval of CH - 1 steps), one position per pixel; a position hit by several
 * bands keeps the least lo. The same positions, channels and marks as the per-position max q.
 */
function startRuns(f: f64, ai: i32): f64 {
  const m0 = <i32>foldM0(f), m1 = <i32>foldM1(f);
  setLanes(m1 - m0);
  const ew = <i32>EW, s = <i32>STR, fh = <i32>FH, fw = <i32>FW, h = <i32>H, w = <i32>W, chI = <i32>CH, np = fh * fw;
  newBits = 0; partCorr = 0;
  const lanes = m1 - m0, bands = lanes < 8 ? lanes : 8;
  for (let bi = 0; bi < bands; bi++) {
    const l0 = bi * lanes / bands, l1 = (bi + 1) * lanes / bands;
    const r = unchecked(laneR[l0]);
    const P = ai - r <= 0 ? 0 : (ai - r + chI - 1) / chI;
    if (P >= np) continue;
    const fy0 = P / fw, fx0 = P - fy0 * fw;
    const pa = m0 + l0, pz = m0 + l1 - 1;
    const oyA = pa / ew, oyZ = pz / ew;
    for (let oy = oyA; oy <= oyZ; oy++) {
      const oxa = oy == oyA ? pa - oy * ew : 0, oxb = oy == oyZ ? pz - oy * ew : ew - 1;
      let xe = oxb * s + fw - 1; if (xe > w - 1) xe = w - 1;
      const y0 = oy * s + fy0;
      if (y0 >= h) continue;
      if (fw - fx0 >= s) markRun(y0, oxa * s + fx0, xe);
      else {
        for (let ox = oxa; ox <= oxb; ox++) {
          const x0 = ox * s + fx0;
          if (x0 > w - 1) break;
          markRun(y0, x0, ox * s + fw - 1 < w - 1 ? ox * s + fw - 1 : w - 1);
        }
      }
      for (let fy = fy0 + 1; fy < fh; fy++) {
        const y = oy * s + fy;
        if (y >= h) break;
        markRun(y, oxa * s, xe);
      }
    }
  }
  let d: i64 = newBits * <i64>chI;
  for (let bi = 0; bi < bands; bi++) {
    const l0 = bi * lanes / bands, l1 = (bi + 1) * lanes / bands;
    const r = unchecked(laneR[l0]);
    const P = ai - r <= 0 ? 0 : (ai - r + chI - 1) / chI;
    const p1 = P - 1;
    if (p1 < 0 || p1 >= np) continue;
    const q1 = p1 * chI + r;
    if (q1 <= ai - chI) continue;
    const lo = ai - q1; // in (0, CH)
    const fy1 = p1 / fw, fx1 = p1 - fy1 * fw;
    let oy = (m0 + l0) / ew, ox = m0 + l0 - oy * ew; // the pixel, stepped
    for (let m = m0 + l0; m < m0 + l1; m++, ox++) {
      if (ox == ew) { ox = 0; oy++; }
      const y = oy * s + fy1, x = ox * s + fx1;
      if (y >= h || x >= w) continue;
      const wb = ((y * WW) << 6) + x;
      if (((unchecked(fullB[wb >> 6]) >> <u64>(wb & 63)) & 1) != 0) continue;
      const pos = y * w + x;
      if (unchecked(posEp[pos]) != epoch) {
        unchecked(posEp[pos] = epoch); unchecked(posLo[pos] = lo); unchecked(partial[nPartial++] = wb);
        unchecked(partB[wb >> 6] |= (<u64>1) << <u64>(wb & 63));
        d += <i64>(chI - lo);
      } else if (lo < unchecked(posLo[pos])) {
        d += <i64>(unchecked(posLo[pos]) - lo);
        unchecked(posLo[pos] = lo);
      }
    }
  }
  return <f64>d;
}

/**
 * The least occurrence q of the positions of fold f (row mode: S ≤ FW, S ≤ FH) into qVal, in the ifmap rows that hold
 * a position not yet whole in the segment (rowFlag; the end part reads only those); geometry as foldOcc's area form.
 */
function foldMinRows(f: f64): void {
  const m0 = <i32>foldM0(f), m1 = <i32>foldM1(f);
  setLanes(m1 - m0);
  const ew = <i32>EW, s = <i32>STR, fh = <i32>FH, fw = <i32>FW, h = <i32>H, w = <i32>W, chI = <i32>CH;
  const oyA = m0 / ew, oyB = (m1 - 1) / ew;
  const ya = oyA * s, yb = oyB * s + fh - 1 < h - 1 ? oyB * s + fh - 1 : h - 1;
  const xFull = (ew - 1) * s + fw - 1 < w - 1 ? (ew - 1) * s + fw - 1 : w - 1;
  const xa = (m0 - oyA * ew) * s;
  const xb = (m1 - 1 - oyB * ew) * s + fw - 1 < w - 1 ? (m1 - 1 - oyB * ew) * s + fw - 1 : w - 1;
  oYa = ya; oYb = yb; oOyA = oyA; oOyB = oyB; oXa = xa; oXb = xb; oXFull = xFull;
  const pV = changetype<usize>(qVal);
  for (let y = ya; y <= yb; y++) {
    rowRanges(y, oyA, oyB, xa, xb, xFull);
    const lo0 = rLo0, hi0 = rHi0, lo1 = rLo1, hi1 = rHi1;
    // the first and last column not yet whole (cLo > cHi: none)
    let cLo: i32 = w, cHi: i32 = -1;
    if (hi0 >= lo0 || hi1 >= lo1) {
      const base = y * WW;
      const wA = (hi0 >= lo0 ? lo0 : lo1) >> 6, wZ = (hi1 >= lo1 ? hi1 : hi0) >> 6;
      for (let wd = wA; wd <= wZ; wd++) {
        const m = (rangeMask(wd, lo0, hi0) | rangeMask(wd, lo1, hi1)) & ~unchecked(fullB[base + wd]);
        if (m == 0) continue;
        if (cHi < 0) cLo = (wd << 6) + <i32>ctz<u64>(m);
        cHi = (wd << 6) + 63 - <i32>clz<u64>(m);
      }
    }
    unchecked(rowFlag[y - ya] = cHi >= 0 ? 1 : 0);
    unchecked(rowCLo[y - ya] = cLo); unchecked(rowCHi[y - ya] = cHi);
    if (cHi >= 0) memory.fill(pV + (<usize>(y * w + cLo) << 2), 0x7f, <usize>(cHi - cLo + 1) << 2);
  }
  // as foldOcc's band passes (least filter column from the last pixel covering x; no gaps in row mode), min only
  const lanes = m1 - m0, bands = lanes < 8 ? lanes : 8;
  const tV = qVal, tB = bandLo, tF = rowFlag, tL = rowCLo, tH = rowCHi; // (locals: no shadow-stack spill per read)
  for (let bi = 0; bi < bands; bi++) {
    const l0 = bi * lanes / bands, l1 = (bi + 1) * lanes / bands;
    const r = unchecked(laneR[l0]);
    const pa = m0 + l0, pz = m0 + l1 - 1;
    const oyP = pa / ew, oyZ = pz / ew;
    for (let oy = oyP; oy <= oyZ; oy++) {
      let fyA = fh, fyZ = -1; // the flagged filter rows
      for (let fy = 0; fy < fh; fy++) {
        const y = oy * s + fy;
        if (y >= h) break;
        if (unchecked(tF[y - ya]) != 0) { if (fy < fyA) fyA = fy; fyZ = fy; }
      }
      if (fyZ < 0) continue;
      const oxa = oy == oyP ? pa - oy * ew : 0, oxb = oy == oyZ ? pz - oy * ew : ew - 1;
      const xs = oxa * s;
      let xe = oxb * s + fw - 1; if (xe > w - 1) xe = w - 1;
      const n = xe - xs + 1;
      let oxs = oxa;
      for (let i = 0; i < n; i++) {
        const x = xs + i;
        if (oxs < oxb && x - oxs * s >= s) oxs++;
        unchecked(tB[i] = (x - oxs * s) * chI + r);
      }
      for (let fy = fyA; fy <= fyZ; fy++) {
        const y = oy * s + fy;
        if (unchecked(tF[y - ya]) == 0) continue;
        const rowB = y * w + xs, qb = fy * fw * chI;
        // only the row's columns not yet whole (the end part reads no other)
        let iA = unchecked(tL[y - ya]) - xs, iZ = unchecked(tH[y - ya]) - xs + 1;
        if (iA < 0) iA = 0;
        if (iZ > n) iZ = n;
        for (let i = iA; i < iZ; i++) {
          const p = rowB + i;
          const qlo = unchecked(tB[i]) + qb, lo = unchecked(tV[p]);
          unchecked(tV[p] = qlo < lo ? qlo : lo);
        }
      }
    }
  }
}

let kLo: i32 = 0, kHi: i32 = 0; // keysRamps: the span of the ramp table written

/**
 * The ramps of a segment from step a that lies in fold fe (grouped occurrences, keysFold) into dd over [kLo, kHi]
 * (kLo > kHi: none; the caller sets kLo to the fold's steps + 1 and kHi to 0 before).
 */
function keysRamps(fe: f64, ai: i32): void {
  const chI = <i32>CH;
  // (the tables as locals: a module global read in a loop also spills it to the shadow stack each time)
  const tQ = grpQ, tEnd = grpEnd, tPtr = grpPtr, tDd = dd;
  // the segment lies in one fold: addresses of steps [a, b) alone; channel c of a position takes its first
  // occurrence q ≥ a - c (q ascending: c ≥ a - q1 takes q1, a - q_j ≤ c < a - q_{j-1} takes q_j). The pairs
  // are grouped by position (counting sort) and each group, a few occurrences, sorted by insertion
  // (the groups depend on the fold only: kept for the fold's next segment, keysFold)
  if (keysFold != fe) {
    const nk = foldOcc(fe, true);
    const tK = kTouched, tC = kCnt, tO = offs, tP = occPos, tV = occQ;
    let o: i32 = 0;
    for (let i = 0; i < nKTouched; i++) { const pos = unchecked(tK[i]); unchecked(tO[pos] = o); o += unchecked(tC[pos]); }
    for (let i = 0; i < nk; i++) { const pos = unchecked(tP[i]); const at = unchecked(tO[pos]); unchecked(tQ[at] = unchecked(tV[i])); unchecked(tO[pos] = at + 1); }
    let g0: i32 = 0;
    for (let i = 0; i < nKTouched; i++) {
      const g1 = g0 + unchecked(tC[unchecked(tK[i])]);
      unchecked(tEnd[i] = g1);
      for (let u = g0 + 1; u < g1; u++) {
        const v = unchecked(tQ[u]); let j = u;
        while (j > g0 && unchecked(tQ[j - 1]) > v) { unchecked(tQ[j] = tQ[j - 1]); j--; }
        unchecked(tQ[j] = v);
      }
      g0 = g1;
    }
    keysFold = fe; keysA = i32.MAX_VALUE; // (the pointers start at the groups' first q)
  }
  // a q ≤ a - CH has no channel in the part (c0 ≥ CH) and leaves the next q's upper at CH, and after the first
  // q ≥ a every upper is ≤ 0: so each group is read from its first q > a - CH (a pointer that only moves forward,
  // the segments of a fold starting at increasing a) to its first q ≥ a
  let g0: i32 = 0, lo = kLo, hi = kHi;
  const reset = ai < keysA, skip = ai - chI;
  keysA = ai;
  for (let i = 0; i < nKTouched; i++) {
    const g1 = unchecked(tEnd[i]);
    let u = reset ? g0 : unchecked(tPtr[i]);
    while (u < g1 && unchecked(tQ[u]) <= skip) u++;
    unchecked(tPtr[i] = u);
    let prevQ: i32 = -1, upper: i32 = chI;
    for (; u < g1; u++) {
      const q = unchecked(tQ[u]);
      if (q == prevQ) continue;
      if (prevQ >= 0) { const t = ai - prevQ; upper = t < chI ? t : chI; }
      prevQ = q;
      let c0 = ai - q; if (c0 < 0) c0 = 0;
      if (upper > c0) {
        const i0 = q + c0 + 1, i1 = q + upper + 1;
        unchecked(tDd[i0] += 1); unchecked(tDd[i1] -= 1);
        if (i0 < lo) lo = i0;
        if (i1 > hi) hi = i1;
      }
      if (q >= ai) break;
    }
    g0 = g1;
  }
  kLo = lo; kHi = hi;
}

/** Steps of fold f (its last row fold is short). */
@inline function foldSteps(f: f64): f64 { return f - Math.floor(f / RF) * RF == RF - 1 ? K + (M - (RF - 1) * R) - 1 : K + R - 1; }

let scanCount: i64 = 0; // scanRamps' count
/**
 * The ramp table's running count from step lo: the first step j in (s0, hi] whose count of the steps before it
 * reaches tgt (-1: none); that count (or the count through hi) into scanCount.
 */
function scanRamps(lo: i32, hi: i32, s0: i32, tgt: i64): i32 {
  let inc: i32 = 0, fl: i64 = 0;
  for (let j = lo; j <= hi; j++) {
    inc += unchecked(dd[j]); fl += <i64>inc;
    if (j > s0 && fl >= tgt) { scanCount = fl; return j; }
  }
  scanCount = fl;
  return -1;
}

/** The count of calcDuplicates for an OS layer (wc: window words); sets osLastRow, osBound, osDone. */
export function calcDupOS(wc: f64): f64 {
  osDone = false; osBound = 0; osLastRow = -1;
  ensure();
  occFold = -1; keysFold = -1; // occurrences of an earlier record's fold are not this layer's
  const chI = <i32>CH;
  // work of one probe per row: at most 19 rectangles (two 8-band fold parts and the whole folds between)
  const rowWork = probeRowWork(19);
  let fi: f64 = 0, a: f64 = 0, count: f64 = 0, carry: f64 = 0;
  PASSES.reset();
  while (fi < FOLDS) {
    // give up as soon as the bound could pass the budget: the caller then runs the probing walk
    if (workSpent() + osBound + FOLDS > WORK_LIMIT) return count;
    osBound += 1;
    const need = wc - carry;
    epoch++;
    for (let i = 0; i < nDirty; i++) unchecked(fullB[unchecked(dirty[i])] = 0);
    for (let i = 0; i < nPartial; i++) unchecked(partB[unchecked(partial[i]) >> 6] = 0);
    nDirty = 0; nPartial = 0;
    let d: f64 = 0;
    let dAt1: f64 = -1, dAt2: f64 = -1; // counts through the end of folds RF - 1 and 2·RF - 1
    // the start part: fold fi from step a covers, per position, the channels c ≥ a - max q (from step 0: the
    // whole fold, every channel of its positions)
    const ai = <i32>a;
    // a segment that starts inside a fold whose occurrences are grouped (the last segment ended in it) is first tried
    // inside that fold alone: the ramps' count through the fold's last step is the start part's count, so the scan
    // finds a step iff the start part alone reaches the window, and that step is the one found below (the start part's
    // marks serve only later folds)
    let pre = false, preB: f64 = 0, preF: f64 = 0;
    if (ai > 0 && keysFold == fi) {
      const sti0 = <i32>foldSteps(fi);
      kLo = sti0 + 1; kHi = 0;
      keysRamps(fi, ai);
      const bi = scanRamps(kLo, sti0, ai, <i64>need);
      if (kHi >= kLo) memory.fill(changetype<usize>(dd) + (<usize>kLo << 2), 0, <usize>(kHi - kLo + 1) << 2);
      if (bi >= 0) { pre = true; preB = <f64>bi; preF = <f64>scanCount; }
    }
    if (pre) {
      d = need; // (found in fold fi; the count itself is not used)
    } else if (ai == 0) {
      d = markFold(fi, false);
    } else if (rowMode()) {
      d = startRuns(fi, ai);
    } else {
      foldOcc(fi, false);
      // positions with max q ≤ thr have no channel in the part (or no occurrence: qMax -1)
      const thr = ai - chI > -1 ? ai - chI : -1;
      let dc: i64 = 0;
      if (occArea) {
        const w = <i32>W;
        for (let y = oYa; y <= oYb; y++) {
          rowRanges(y, oOyA, oOyB, oXa, oXb, oXFull);
          const b = y * w, wb = (y * WW) << 6;
          for (let x = rLo0; x <= rHi0; x++) { const qm = unchecked(qMax[b + x]); if (qm > thr) dc += startPos(b + x, wb + x, ai - qm); }
          for (let x = rLo1; x <= rHi1; x++) { const qm = unchecked(qMax[b + x]); if (qm > thr) dc += startPos(b + x, wb + x, ai - qm); }
        }
      } else {
        for (let i = 0; i < nTouched; i++) {
          const pos = unchecked(touched[i]), qm = unchecked(qMax[pos]);
          if (qm > thr) dc += startPos(pos, unchecked(touchedWB[i]), ai - qm);
        }
      }
      d = <f64>dc;
    }
    if (fi == RF - 1) dAt1 = d; else if (fi == 2 * RF - 1) dAt2 = d;
    let fe = fi, found = d >= need;
    // whole folds, in row mode in chunks of g folds of one column fold (their pixels are one range): a chunk is sized
    // at 0.9× the folds the last chunk's new addresses per fold would need to fill the window; a chunk whose count
    // reaches the window is undone and the chunk size capped at half. The count is monotone, so the fold found (the
    // first whose count reaches the window, with g = 1), its count and those through folds RF - 1 and 2·RF - 1
    // (chunks end at column folds' ends) are the fold-by-fold walk's.
    let rate: f64 = 0, cap: f64 = Infinity;
    const chunked = rowMode();
    while (!found && fe < FOLDS - 1) {
      const x = fe + 1;
      let g: f64 = 1;
      if (chunked && rate > 0) {
        g = fmin(cap, fmin(Math.floor(0.9 * (need - d) / rate), (Math.floor(x / RF) + 1) * RF - x));
        if (g < 1) g = 1;
      }
      const xe = x + g - 1;
      // new addresses: CH per position not yet whole, less the channels the start part marked
      nUndo = 0;
      const nw = g == 1 ? markFold(x, true) : markPixels(<i32>foldM0(x), <i32>foldM1(xe), true);
      if (d + nw >= need) {
        for (let i = nUndo - 1; i >= 0; i--) {
          const old = unchecked(undoV[i]);
          unchecked(fullB[unchecked(undoW[i])] = old);
          if (old == 0) nDirty--; // the word's dirty entry was the last one pushed among this chunk's
        }
        if (g > 1) { cap = Math.floor(g / 2); continue; }
        fe = x; found = true;
        break;
      }
      fe = xe;
      d += nw;
      rate = nw / g;
      if (xe == RF - 1) dAt1 = d; else if (xe == 2 * RF - 1) dAt2 = d;
    }
    const st = foldSteps(fe);
    const s0 = fe == fi ? a : 0;
    const probes = segmentProbes(fi, fe, found, s0, st);
    osBound += probes * rowSpan(fi, gallopHi) * rowWork;
    if (!found) {
      count += d + carry;
      osDone = true;
      return count;
    }
    // pass bookkeeping (insertions up to the end of pass 1 and 2), as calcDuplicates
    const all = PASSES.done(CF, fi, fe, count + carry, dAt1, dAt2);
    if (all >= 0) { osLastRow = PASSES.lastRow; osDone = true; return all; }
    // the step of fold fe at which the window fills: new addresses before step b, summed as ramps into dd
    // (dd is all zero between segments; only [ddLo, ddHi] is written)
    const sti = <i32>st;
    let ddLo: i32 = sti + 1, ddHi: i32 = 0;
    let d0: f64 = 0;
    if (pre) {
      // (ramps already scanned: no table written)
    } else if (fe == fi) {
      kLo = ddLo; kHi = ddHi;
      keysRamps(fe, ai);
      ddLo = kLo; ddHi = kHi;
    } else {
      d0 = d;
      if (rowMode()) {
        // every position of the fold's column ranges has an occurrence (row mode); the positions not yet whole are
        // the clear bits of the segment's bitmap there, in the rows foldMinRows flagged
        foldMinRows(fe);
        const w = <i32>W, ep = epoch;
        const tF = rowFlag, tB = fullB, tE = posEp, tL = posLo, tV = qVal, tDd = dd; // (locals: no spill per read)
        for (let y = oYa; y <= oYb; y++) {
          if (unchecked(tF[y - oYa]) == 0) continue;
          rowRanges(y, oOyA, oOyB, oXa, oXb, oXFull);
          const lo0 = rLo0, hi0 = rHi0, lo1 = rLo1, hi1 = rHi1;
          const b = y * w, base = y * WW;
          const wA = (hi0 >= lo0 ? lo0 : lo1) >> 6, wZ = (hi1 >= lo1 ? hi1 : hi0) >> 6;
          for (let wd = wA; wd <= wZ; wd++) {
            let m = (rangeMask(wd, lo0, hi0) | rangeMask(wd, lo1, hi1)) & ~unchecked(tB[base + wd]);
            while (m != 0) {
              const pos = b + (wd << 6) + <i32>ctz<u64>(m);
              m &= m - 1;
              const lo = unchecked(tE[pos]) == ep ? unchecked(tL[pos]) : chI;
              const q = unchecked(tV[pos]), i0 = q + 1, i1 = q + lo + 1;
              unchecked(tDd[i0] += 1); unchecked(tDd[i1] -= 1);
              if (i0 < ddLo) ddLo = i0;
              if (i1 > ddHi) ddHi = i1;
            }
          }
        }
      } else if (foldOccArea(fe)) {
        // the positions not yet whole: the clear bits of the segment's bitmap over the fold's column ranges
        const w = <i32>W;
        for (let y = oYa; y <= oYb; y++) {
          rowRanges(y, oOyA, oOyB, oXa, oXb, oXFull);
          const lo0 = rLo0, hi0 = rHi0, lo1 = rLo1, hi1 = rHi1;
          if (hi0 < lo0 && hi1 < lo1) continue;
          const b = y * w, base = y * WW;
          const wA = (hi0 >= lo0 ? lo0 : lo1) >> 6, wZ = (hi1 >= lo1 ? hi1 : hi0) >> 6;
          for (let wd = wA; wd <= wZ; wd++) {
            let m = (rangeMask(wd, lo0, hi0) | rangeMask(wd, lo1, hi1)) & ~unchecked(fullB[base + wd]);
            while (m != 0) {
              const pos = b + (wd << 6) + <i32>ctz<u64>(m);
              m &= m - 1;
              if (unchecked(qMax[pos]) < 0) continue;
              const lo = unchecked(posEp[pos]) == epoch ? unchecked(posLo[pos]) : chI;
              const q = unchecked(qVal[pos]), i0 = q + 1, i1 = q + lo + 1;
              unchecked(dd[i0] += 1); unchecked(dd[i1] -= 1);
              if (i0 < ddLo) ddLo = i0;
              if (i1 > ddHi) ddHi = i1;
            }
          }
        }
      } else {
        for (let i = 0; i < nTouched; i++) {
          const pos = unchecked(touched[i]);
          const lo = curLo(pos, unchecked(touchedWB[i]), chI);
          if (lo > 0) {
            const q = unchecked(qVal[pos]), i0 = q + 1, i1 = q + lo + 1;
            unchecked(dd[i0] += 1); unchecked(dd[i1] -= 1);
            if (i0 < ddLo) ddLo = i0;
            if (i1 > ddHi) ddHi = i1;
          }
        }
      }
    }
    // (integers: at most 2^18 ramps, so inc fits i32 and f, at most ramps × steps, i64)
    let b = st, f: f64 = 0;
    if (pre) { b = preB; f = preF; }
    else {
      const bi = scanRamps(ddLo, sti, <i32>s0, <i64>(need - d0));
      if (bi >= 0) b = <f64>bi;
      f = <f64>scanCount;
    }
    if (ddHi >= ddLo) memory.fill(changetype<usize>(dd) + (<usize>ddLo << 2), 0, <usize>(ddHi - ddLo + 1) << 2);
    // f is the count of steps [s0, b) (new addresses before step b)
    carry = d0 + f - need;
    count += wc;
    while (carry >= wc) { count += wc; carry -= wc; }
    osLastRow = fe * CPF + b - 1;
    PASSES.cleared(fe, osLastRow);
    fi = fe; a = b;
    if (a >= st) { fi += 1; a = 0; }
  }
  osDone = true;
  return count + carry;
}
