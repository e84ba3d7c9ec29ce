// CALC-mode ifmap reads of WS layers whose conv windows overlap, walked incrementally over a bitmap of ifmap
// addresses instead of probing rectangle unions (assembly/scalesim-calc-read.ts calcDuplicates, whose counts this
// reproduces exactly). docs/model.md §1.1. (IS layers take their own walk over this bitmap,
// assembly/scalesim-calc-is.ts.)
//
// A WS fold is all pixels × the k range [k0, k1); lane l (k = k0 + l, skew band representative r) holds, in the
// fold part of steps [a, b), the pixels [a - r, b - r). So every part of the stream is a set of (k, pixel raster
// interval) pairs, and with k = (fy·FW + fx)·CH + c the addresses of one pair are, in the residue plane (c, fy mod S,
// fx mod S) of the ifmap (positions y = Y·S + fy mod S, x = X·S + fx mod S), the interval's output rows shifted by
// (fy div S, fx div S): a few row runs of bits. Channels that no fold or skew band boundary separates (WS: bands of
// R/8 lanes) always travel together, so they share one plane and count with their number (channel classes). The
// walk marks a segment's runs into the bitmap and counts the new bits (popcount) in chunks of whole steps: chunks
// of EW steps doubling while the count stays below the window, and the chunk that reaches it undone and halved down
// to single steps. So the segment ends at the first step whose count reaches the window, the searches' answer (the
// count is monotone in the stream position); carries, pass bookkeeping and the last window change follow. Whole
// folds whose lanes keep the segment's k span within CH (each channel class at most once: every unit a plane of its
// own) are counted in closed form (freshFold), their planes set only if a later fold of the segment may share them.
//
// Work: as the OS walk (assembly/scalesim-calc-os.ts), it charges nothing of its own but adds up an upper bound of
// what the searches would charge (probeWork below); the caller uses its result only within the budget.
import {
  H, W, FH, FW, CH, EH, EW, STR, M, K, R, RF, CF, FOLDS, CPF, fmin, fmax,
} from './scalesim-layer';
import { laneR, setLanes, segmentProbes, ceilLog2, PassBook, pastBudget } from './scalesim-calc-os';

export let wsLastRow: f64 = -1;
export let wsBound: f64 = 0; // upper bound of the work the probing walk would charge
export let wsDone = false; // false: the walk gave up (budget); use the probing walk

const MAX_WORDS: f64 = 1048576; // bitmap words (8 MiB; with the stamps, undo and dirty lists 28 MiB at most)
const MAX_LANES: f64 = 65536; // lanes of a fold (array rows R)
const MAX_CH: f64 = 1048576; // channels (the class table)
const MAX_BOUNDARIES: f64 = 1048576; // fold and band boundaries walked to find the channel classes

// the bitmap: planes (class, ry, rx) of NY rows × WW words, ry < RYN = min(S, FH), rx < RXN = min(S, FW) (the IS
// walk, assembly/scalesim-calc-is.ts, uses it too: bitmapGeometry, ensureBits, markBits, clearSegment)
export let NY: i32 = 1, WW: i32 = 1, RYN: i32 = 1, RXN: i32 = 1;
let NCLS: i32 = 1;
let bits = new StaticArray<u64>(0);
let stamp = new StaticArray<i32>(0); // undo epoch in which the word was last recorded
let dirty = new StaticArray<i32>(0); // words made nonzero in this segment (cleared at the next)
let nDirty: i32 = 0;
let undoW = new StaticArray<i32>(0);
let undoV = new StaticArray<u64>(0);
let nUndo: i32 = 0, dirty0: i32 = 0, uEpoch: i32 = 0;
let recording = false;
// channel classes: class of each channel, first channel and size of each class
let chCls = new StaticArray<i32>(0);
const offMod = new StaticArray<i32>(9); // a full fold's band boundaries mod CH (setClasses)
let clsFirst = new StaticArray<i32>(0);
let clsSize = new StaticArray<i32>(0);

/** Whether the walk can take the layer (its buffers). */
export function wsEligible(): bool {
  if (R > MAX_LANES || CH > MAX_CH || RF * 9 > MAX_BOUNDARIES) return false;
  return bitmapGeometry(CH);
}

/** The planes' geometry for the layer (NY, WW, RYN, RXN); false when `ncls` classes of planes would pass MAX_WORDS. */
export function bitmapGeometry(ncls: f64): bool {
  const s = STR;
  const ny = Math.ceil(H / s), nx = Math.ceil(W / s);
  if (ncls * fmin(s, FH) * fmin(s, FW) * ny * Math.ceil(nx / 64) > MAX_WORDS) return false;
  NY = <i32>ny; WW = (<i32>nx + 63) >> 6; RYN = <i32>fmin(s, FH); RXN = <i32>fmin(s, FW);
  return true;
}

/** Channel classes: channels between two consecutive boundaries (mod CH) of the folds' lane bands are always
 * marked together. */
function setClasses(): void {
  const chI = <i32>CH;
  if (chCls.length < chI + 1) { chCls = new StaticArray<i32>(chI + 1); clsFirst = new StaticArray<i32>(chI); clsSize = new StaticArray<i32>(chI); }
  // chCls doubles as the boundary flags before it is filled
  for (let c = 0; c <= chI; c++) unchecked(chCls[c] = 0);
  // a full fold's band boundaries are k0 + off[bi] (off[bi] = ⌊bi·R/bands⌋), so k mod CH steps with k0 mod CH
  const rI = <i32>R, kI = <i32>K, rf = <i32>RF;
  const fullBands = rI < 8 ? rI : 8;
  for (let bi = 0; bi <= fullBands; bi++) unchecked(offMod[bi] = (bi * rI / fullBands) % chI);
  let m0: i32 = 0; // k0 mod CH
  for (let fr = 0; fr < rf; fr++) {
    const k0 = fr * rI, lanes = (kI < k0 + rI ? kI : k0 + rI) - k0;
    if (lanes == rI) {
      for (let bi = 0; bi <= fullBands; bi++) {
        let c = m0 + unchecked(offMod[bi]); if (c >= chI) c -= chI;
        unchecked(chCls[c] = 1);
      }
    } else {
      const bands = lanes < 8 ? lanes : 8;
      for (let bi = 0; bi <= bands; bi++) unchecked(chCls[(k0 + bi * lanes / bands) % chI] = 1);
    }
    m0 += rI % chI; if (m0 >= chI) m0 -= chI;
  }
  let n: i32 = -1;
  for (let c = 0; c < chI; c++) {
    if (c == 0 || unchecked(chCls[c]) != 0) { n++; unchecked(clsFirst[n] = c); unchecked(clsSize[n] = 0); }
    unchecked(chCls[c] = n); unchecked(clsSize[n] += 1);
  }
  NCLS = n + 1;
}

/** Room for `ncls` classes of planes, every word clear (the word buffers grow together). */
export let MI: i32 = 1, EWI: i32 = 1, EHI: i32 = 1; // M and EW as i32 (the hot loops), set per record by ensureBits
export function ensureBits(ncls: i32): void {
  MI = <i32>M; EWI = <i32>EW; EHI = <i32>EH;
  const nw = ncls * RYN * RXN * NY * WW;
  recording = false;
  if (bits.length < nw) {
    bits = new StaticArray<u64>(nw); stamp = new StaticArray<i32>(nw); dirty = new StaticArray<i32>(nw);
    undoW = new StaticArray<i32>(nw); undoV = new StaticArray<u64>(nw); nDirty = 0;
  } else clearSegment(); // an earlier walk that gave up may have left marks
}

// valid plane rows (columns) of residue ry (rx): (H - 1 - ry) / S + 1
let yLimT = new StaticArray<i32>(0);
let xLimT = new StaticArray<i32>(0);

function ensure(): void {
  ensureBits(NCLS);
  if (yLimT.length < RYN) yLimT = new StaticArray<i32>(RYN);
  if (xLimT.length < RXN) xLimT = new StaticArray<i32>(RXN);
  for (let ry = 0; ry < RYN; ry++) unchecked(yLimT[ry] = (<i32>H - 1 - ry) / <i32>STR + 1);
  for (let rx = 0; rx < RXN; rx++) unchecked(xLimT[rx] = (<i32>W - 1 - rx) / <i32>STR + 1);
  const np = NCLS * RYN * RXN;
  if (plEp.length < np) {
    plEp = new StaticArray<i32>(np); plStamp = new StaticArray<i32>(np); plFold = new StaticArray<i32>(np);
    plUnit = new StaticArray<i32>(np); plQ0 = new StaticArray<i32>(np); plQ1 = new StaticArray<i32>(np);
    plDy = new StaticArray<i32>(np); plDx = new StaticArray<i32>(np);
    pUndo = new StaticArray<i32>(8 * np);
  }
  // the epochs only grow (fresh arrays hold 0, below every epoch in use), so no stamp of an earlier record matches
  if (uEpoch > 1 << 30 || segEpoch > 1 << 30) { stamp.fill(0); plStamp.fill(0); plEp.fill(0); uEpoch = 0; segEpoch = 0; }
  const nl = <i32>fmin(R, K);
  if (uBase.length < nl) {
    uBase = new StaticArray<i32>(nl); uPl = new StaticArray<i32>(nl); uDy = new StaticArray<i32>(nl); uDx = new StaticArray<i32>(nl);
    uYL = new StaticArray<i32>(nl); uXL = new StaticArray<i32>(nl); uR = new StaticArray<i32>(nl); uWt = new StaticArray<f64>(nl);
    uAll = new StaticArray<i32>(nl); uG = new StaticArray<i32>(nl); gU = new StaticArray<i32>(nl); gStart = new StaticArray<i32>(nl + 1);
  }
  if (plGrp.length < np) { plGrp = new StaticArray<i32>(np); plGrpDy = new StaticArray<i32>(np); plGrpSt = new StaticArray<i32>(np); grpSerial = 0; }
  if (grpSerial > 1 << 30) { plGrpSt.fill(0); grpSerial = 0; }
}

/** Start a new segment: no addresses (the words it set are cleared, every plane is empty). */
@inline export function clearSegment(): void {
  for (let i = 0; i < nDirty; i++) unchecked(bits[unchecked(dirty[i])] = 0);
  nDirty = 0; segEpoch++;
}

// Planes are filled lazily: while one unit alone has marked a plane in this segment (a contiguous pixel interval
// [plQ0, plQ1) of one fold's unit, shift plDy/plDx), its addresses are counted in closed form (validPixels) and no
// bit is set; a second unit writes the first one's interval into the bitmap (plFold = -1: the bits hold the plane).
let segEpoch: i32 = 0; // the plane is in this segment iff plEp == segEpoch
let plEp = new StaticArray<i32>(0);
let plStamp = new StaticArray<i32>(0); // undo epoch in which the plane's state was last recorded
let plFold = new StaticArray<i32>(0); // serial of the owning unit's fold, -1: in the bitmap
let plUnit = new StaticArray<i32>(0);
let plQ0 = new StaticArray<i32>(0);
let plQ1 = new StaticArray<i32>(0);
let plDy = new StaticArray<i32>(0);
let plDx = new StaticArray<i32>(0);
let pUndo = new StaticArray<i32>(0); // the recorded plane states (8 values each)
let nPUndo: i32 = 0;
let foldSerial: i32 = 0;

/** Record the words and plane states changed from now on (undo() restores them, keep() forgets them). */
@inline function beginUndo(): void { uEpoch++; nUndo = 0; nPUndo = 0; dirty0 = nDirty; recording = true; }
@inline function keep(): void { recording = false; }
function undo(): void {
  for (let i = nUndo - 1; i >= 0; i--) unchecked(bits[unchecked(undoW[i])] = unchecked(undoV[i]));
  for (let i = nPUndo - 8; i >= 0; i -= 8) {
    const pl = unchecked(pUndo[i]);
    unchecked(plEp[pl] = pUndo[i + 1]); unchecked(plFold[pl] = pUndo[i + 2]); unchecked(plUnit[pl] = pUndo[i + 3]);
    unchecked(plQ0[pl] = pUndo[i + 4]); unchecked(plQ1[pl] = pUndo[i + 5]); unchecked(plDy[pl] = pUndo[i + 6]); unchecked(plDx[pl] = pUndo[i + 7]);
  }
  nUndo = 0; nPUndo = 0; nDirty = dirty0; recording = false;
}
@inline function recordPlane(pl: i32): void {
  if (!recording || unchecked(plStamp[pl]) == uEpoch) return;
  unchecked(plStamp[pl] = uEpoch);
  const i = nPUndo; nPUndo += 8;
  unchecked(pUndo[i] = pl); unchecked(pUndo[i + 1] = plEp[pl]); unchecked(pUndo[i + 2] = plFold[pl]); unchecked(pUndo[i + 3] = plUnit[pl]);
  unchecked(pUndo[i + 4] = plQ0[pl]); unchecked(pUndo[i + 5] = plQ1[pl]); unchecked(pUndo[i + 6] = plDy[pl]); unchecked(pUndo[i + 7] = plDx[pl]);
}

/** Set the bits `mask` of word wi; returns how many were new. */
@inline function markWord(wi: i32, mask: u64): i32 {
  const old = unchecked(bits[wi]), v = mask & ~old;
  if (v == 0) return 0;
  if (recording && unchecked(stamp[wi]) != uEpoch) {
    unchecked(stamp[wi] = uEpoch); unchecked(undoW[nUndo] = wi); unchecked(undoV[nUndo] = old); nUndo++;
  }
  if (old == 0) unchecked(dirty[nDirty++] = wi);
  unchecked(bits[wi] = old | v);
  return <i32>popcnt<u64>(v);
}

/** Set the bits x0..x1 of the rows y0..y1 (y1 ≥ y0) of the plane at `base`; returns how many were new. */
export function markRect(base: i32, y0: i32, y1: i32, x0: i32, x1: i32): i32 {
  const w0 = x0 >> 6, w1 = x1 >> 6;
  const m0: u64 = (<u64>-1) << <u64>(x0 & 63), m1: u64 = (<u64>-1) >> <u64>(63 - (x1 & 63));
  let n: i32 = 0;
  let wi = base + y0 * WW + w0;
  const ww = WW;
  if (!recording) {
    // (the common case, with the dirty list's length in a local)
    let nd = nDirty;
    const last = w1 - w0;
    if (last <= 1) {
      // rows of one or two words (planes of up to 128 columns): the same words and masks, straight-line
      const bm = changetype<usize>(bits), dl = changetype<usize>(dirty);
      const mA = last == 0 ? m0 & m1 : m0, mB = last == 0 ? <u64>0 : m1;
      for (let y = y0; y <= y1; y++, wi += ww) {
        const a = bm + (<usize>wi << 3);
        const oA = load<u64>(a), vA = mA & ~oA;
        if (vA != 0) {
          if (oA == 0) { store<i32>(dl + (<usize>nd << 2), wi); nd++; }
          store<u64>(a, oA | vA);
          n += <i32>popcnt<u64>(vA);
        }
        if (last == 1) {
          const oB = load<u64>(a, 8), vB = mB & ~oB;
          if (vB != 0) {
            if (oB == 0) { store<i32>(dl + (<usize>nd << 2), wi + 1); nd++; }
            store<u64>(a, oB | vB, 8);
            n += <i32>popcnt<u64>(vB);
          }
        }
      }
      nDirty = nd;
      return n;
    }
    for (let y = y0; y <= y1; y++, wi += ww) {
      for (let w = 0; w <= last; w++) {
        const m = (w == 0 ? m0 : <u64>-1) & (w == last ? m1 : <u64>-1);
        const old = unchecked(bits[wi + w]), v = m & ~old;
        if (v != 0) {
          if (old == 0) unchecked(dirty[nd++] = wi + w);
          unchecked(bits[wi + w] = old | v);
          n += <i32>popcnt<u64>(v);
        }
      }
    }
    nDirty = nd;
    return n;
  }
  if (w0 == w1) {
    const m = m0 & m1;
    for (let y = y0; y <= y1; y++, wi += ww) n += markWord(wi, m);
  } else {
    for (let y = y0; y <= y1; y++, wi += ww) {
      n += markWord(wi, m0);
      for (let w = 1; w < w1 - w0; w++) n += markWord(wi + w, <u64>-1);
      n += markWord(wi + w1 - w0, m1);
    }
  }
  return n;
}

// the units of the current fold (one per channel class and filter position; WS: with the lane's skew band
// representative r): plane base word, shift (dy, dx) of its rows and columns, valid rows Y < uYL and columns
// X < uXL of the plane, and the number of channels it stands for
let uPl = new StaticArray<i32>(0);
let uBase = new StaticArray<i32>(0);
let uDy = new StaticArray<i32>(0);
let uDx = new StaticArray<i32>(0);
let uYL = new StaticArray<i32>(0);
let uXL = new StaticArray<i32>(0);
let uR = new StaticArray<i32>(0);
let uWt = new StaticArray<f64>(0);
let uAll = new StaticArray<i32>(0); // valid addresses of all the layer's pixels (validBefore at M)
let nUnits: i32 = 0;
// the units grouped by plane and row shift dy (same filter row and channel class: their columns shift by consecutive
// dx), in lane order: group g holds the units gU[gStart[g] .. gStart[g + 1])
let uG = new StaticArray<i32>(0);
let gU = new StaticArray<i32>(0);
let gStart = new StaticArray<i32>(0);
let nGroups: i32 = 0;
let plGrp = new StaticArray<i32>(0); // per plane: the group of its last unit in the fold being set (stamped)
let plGrpDy = new StaticArray<i32>(0);
let plGrpSt = new StaticArray<i32>(0);
let grpSerial: i32 = 0;
let grouping = false;
let foldWt: f64 = 0; // the channels the fold's units stand for

/** Add the unit of channel c at filter position (fy, fx) = (dy·S + ry, dx·S + rx), skew representative r. */
@inline function addUnit(c: i32, ry: i32, dy: i32, rx: i32, dx: i32, r: i32): void {
  const cls = unchecked(chCls[c]);
  const u = nUnits++, pl = (cls * RYN + ry) * RXN + rx;
  unchecked(uPl[u] = pl); unchecked(uBase[u] = pl * NY * WW);
  unchecked(uDy[u] = dy); unchecked(uDx[u] = dx);
  unchecked(uYL[u] = unchecked(yLimT[ry])); unchecked(uXL[u] = unchecked(xLimT[rx]));
  unchecked(uR[u] = r); unchecked(uWt[u] = <f64>unchecked(clsSize[cls])); foldWt += unchecked(uWt[u]);
  { // validBefore at M = EH·EW: min(EH, rows) × cols (no division)
    const rows = unchecked(yLimT[ry]) - dy;
    let cols = unchecked(xLimT[rx]) - dx; if (cols > EWI) cols = EWI;
    unchecked(uAll[u] = rows <= 0 || cols <= 0 ? 0 : (rows < EHI ? rows : EHI) * cols);
  }
  // its group: the plane's last group of this fold if it has the same dy, else a new one (every unit alone unless
  // the fold groups)
  if (!grouping) nGroups++;
  else if (unchecked(plGrpSt[pl]) == grpSerial && unchecked(plGrpDy[pl]) == dy) unchecked(uG[u] = unchecked(plGrp[pl]));
  else {
    const g = nGroups++;
    unchecked(plGrpSt[pl] = grpSerial); unchecked(plGrpDy[pl] = dy); unchecked(plGrp[pl] = g);
    unchecked(uG[u] = g);
  }
}

/** Set the addresses of the pixels [p0, p1) shifted by (dy, dx) in the plane at `base` (valid rows < yl, columns
 * < xl); returns how many were new. */
export function markBits(base: i32, dy: i32, dx: i32, yl: i32, xl: i32, p0: i32, p1: i32): i32 {
  const ew = EWI;
  let oy0 = p0 / ew, oy1 = (p1 - 1) / ew;
  if (oy1 + dy >= yl) oy1 = yl - 1 - dy; // rows past the ifmap hold no address
  if (oy1 < oy0) return 0;
  const xFull = ew - 1 + dx < xl - 1 ? ew - 1 + dx : xl - 1; // last valid column of a whole row
  let n: i32 = 0;
  // the first row from its pixel, the whole rows between, the last row up to its pixel
  const xa = p0 - oy0 * ew + dx;
  if (oy0 == oy1) {
    let x1 = p1 - 1 - oy1 * ew + dx; if (x1 > xFull) x1 = xFull;
    return xa <= x1 ? markRect(base, oy0 + dy, oy0 + dy, xa, x1) : 0;
  }
  let x1 = (p1 - 1 - oy1 * ew) + dx; if (x1 > xFull) x1 = xFull;
  if (WW == 1) {
    if (recording) {
      // (the same words and masks, recorded)
      const mF = xa <= xFull ? spanMask(xa, xFull) : 0, mM = dx <= xFull ? spanMask(dx, xFull) : 0;
      const mL = dx <= x1 ? spanMask(dx, x1) : 0;
      const w0 = base + oy0 + dy, w1 = base + oy1 + dy;
      if (mF != 0) n += markWord(w0, mF);
      if (mM != 0) for (let wi = w0 + 1; wi < w1; wi++) n += markWord(wi, mM);
      if (mL != 0) n += markWord(w1, mL);
      return n;
    }
    // planes of at most 64 columns: a row is one word and the rows are consecutive words, marked in one pass (the
    // same words and masks as the three rectangles below)
    return markColumn(base + oy0 + dy, base + oy1 + dy, xa <= xFull ? spanMask(xa, xFull) : 0,
      dx <= xFull ? spanMask(dx, xFull) : 0, dx <= x1 ? spanMask(dx, x1) : 0);
  }
  if (xa <= xFull) n += markRect(base, oy0 + dy, oy0 + dy, xa, xFull);
  if (oy1 - oy0 >= 2 && dx <= xFull) n += markRect(base, oy0 + 1 + dy, oy1 - 1 + dy, dx, xFull);
  if (dx <= x1) n += markRect(base, oy1 + dy, oy1 + dy, dx, x1);
  return n;
}

/** The bits x0..x1 of one word (0 ≤ x0 ≤ x1 ≤ 63). */
@inline function spanMask(x0: i32, x1: i32): u64 {
  return ((<u64>-1) << <u64>x0) & ((<u64>-1) >> <u64>(63 - x1));
}

/** Set the mask mFirst in word w0, mMid in the words between and mLast in word w1 (w1 > w0), not recording; returns
 * how many bits were new. */
function markColumn(w0: i32, w1: i32, mFirst: u64, mMid: u64, mLast: u64): i32 {
  const bm = changetype<usize>(bits), dl = changetype<usize>(dirty);
  let nd = nDirty, n: i32 = 0;
  for (let wi = w0; wi <= w1; wi++) {
    const m = wi == w0 ? mFirst : (wi == w1 ? mLast : mMid);
    const a = bm + (<usize>wi << 3);
    const old = load<u64>(a), v = m & ~old;
    if (v != 0) {
      if (old == 0) { store<i32>(dl + (<usize>nd << 2), wi); nd++; }
      store<u64>(a, old | v);
      n += <i32>popcnt<u64>(v);
    }
  }
  nDirty = nd;
  return n;
}

/** Valid addresses of the pixels [0, p) shifted by (dy, dx) (valid rows < yl, columns < xl). */
@inline function validBefore(dy: i32, dx: i32, yl: i32, xl: i32, p: i32): i32 {
  const ew = EWI;
  let rows = yl - dy, cols = xl - dx;
  if (rows <= 0 || cols <= 0) return 0;
  if (cols > ew) cols = ew;
  const full = p / ew, rem = p - full * ew;
  if (full >= rows) return rows * cols;
  return full * cols + (rem < cols ? rem : cols);
}

/** validBefore for unit u, without the divisions at the layer's ends (0 and M: a whole fold's pixels). */
@inline function validTo(u: i32, dy: i32, dx: i32, yl: i32, xl: i32, p: i32): i32 {
  if (p == 0) return 0;
  if (p == MI) return unchecked(uAll[u]);
  return validBefore(dy, dx, yl, xl, p);
}

/** Mark the addresses of unit u over the pixels [p0, p1) (clipped to the layer); returns how many were new. */
function markUnit(u: i32, p0: i32, p1: i32): f64 {
  const m = MI;
  if (p0 < 0) p0 = 0;
  if (p1 > m) p1 = m;
  if (p1 <= p0) return 0;
  const pl = unchecked(uPl[u]), dy = unchecked(uDy[u]), dx = unchecked(uDx[u]);
  const yl = unchecked(uYL[u]), xl = unchecked(uXL[u]);
  if (unchecked(plEp[pl]) != segEpoch) {
    // the plane's first unit in this segment: pending, counted in closed form
    recordPlane(pl);
    unchecked(plEp[pl] = segEpoch); unchecked(plFold[pl] = foldSerial); unchecked(plUnit[pl] = u);
    unchecked(plQ0[pl] = p0); unchecked(plQ1[pl] = p1); unchecked(plDy[pl] = dy); unchecked(plDx[pl] = dx);
    return <f64>(validTo(u, dy, dx, yl, xl, p1) - validTo(u, dy, dx, yl, xl, p0)) * unchecked(uWt[u]);
  }
  const owner = unchecked(plFold[pl]);
  if (owner == foldSerial && unchecked(plUnit[pl]) == u && unchecked(plQ1[pl]) == p0) {
    // the same unit goes on: its interval grows
    recordPlane(pl);
    unchecked(plQ1[pl] = p1);
    return <f64>(validTo(u, dy, dx, yl, xl, p1) - validTo(u, dy, dx, yl, xl, p0)) * unchecked(uWt[u]);
  }
  const base = unchecked(uBase[u]);
  if (owner >= 0) {
    // a second unit: the pending interval goes into the bitmap (already counted)
    recordPlane(pl);
    markBits(base, unchecked(plDy[pl]), unchecked(plDx[pl]), yl, xl, unchecked(plQ0[pl]), unchecked(plQ1[pl]));
    unchecked(plFold[pl] = -1);
  }
  // pixels in one output row within one word (short chunks): inline, as markBits
  const ew = EWI, oy = p0 / ew;
  if (p1 - 1 - oy * ew < ew) {
    if (oy + dy >= yl) return 0;
    const xFull = ew - 1 + dx < xl - 1 ? ew - 1 + dx : xl - 1;
    const xa = p0 - oy * ew + dx;
    let x1 = p1 - 1 - oy * ew + dx; if (x1 > xFull) x1 = xFull;
    if (xa > x1) return 0;
    if ((xa >> 6) == (x1 >> 6)) {
      const mask = ((<u64>-1) << <u64>(xa & 63)) & ((<u64>-1) >> <u64>(63 - (x1 & 63)));
      return <f64>markWord(base + (oy + dy) * WW + (xa >> 6), mask) * unchecked(uWt[u]);
    }
  }
  return <f64>markBits(base, dy, dx, yl, xl, p0, p1) * unchecked(uWt[u]);
}

// the fold being walked: its units (the lanes that start a channel class) and steps
let fSteps: i32 = 0;
let unitsFr: f64 = -1; // the row fold whose units are set (-1: none)
let lanesSet: i32 = -1; // the lanes laneR holds the skew representatives of (-1: none)
// the lane after the last fold's units were set (k, and its channel, filter column and residues; nextK -1: none)
let nextK: i32 = -1, nextC: i32 = 0, nextFx: i32 = 0, nextRy: i32 = 0, nextDy: i32 = 0, nextRx: i32 = 0, nextDx: i32 = 0;
function setFold(f: f64): void {
  foldSerial++;
  const fr = f - Math.floor(f / RF) * RF;
  const k0 = <i32>(fr * R), lanes = <i32>fmin(K, fr * R + R) - k0;
  fSteps = <i32>M + lanes - 1;
  if (fr == unitsFr) return; // the units of this row fold are set (every column fold has the same)
  unitsFr = fr;
  nUnits = 0; foldWt = 0; nGroups = 0; grpSerial++;
  // two units share a plane and a row shift only if the fold holds two filter positions of one filter row with the
  // same column residue (lanes > S·CH); grouping pays where a fold holds a few such (measured: lanes ≥ 3·S·CH)
  grouping = <f64>lanes >= 3 * STR * CH;
  if (lanes != lanesSet) { setLanes(lanes); lanesSet = lanes; }
  // lane k = (fy·FW + fx)·CH + c, stepped along the lanes (fy = dy·S + ry, fx = dx·S + rx)
  const chI = <i32>CH, fw = <i32>FW, st = <i32>STR;
  let c: i32, fx: i32, ry: i32, dy: i32, rx: i32, dx: i32;
  if (k0 == nextK) {
    // the row fold after the last one set: its first lane is where that fold's lanes stopped (no divisions)
    c = nextC; fx = nextFx; ry = nextRy; dy = nextDy; rx = nextRx; dx = nextDx;
  } else {
    const p0 = k0 / chI;
    const fy = p0 / fw;
    c = k0 - p0 * chI; fx = p0 - fy * fw;
    ry = fy % st; dy = fy / st; rx = fx % st; dx = fx / st;
  }
  for (let l = 0; l < lanes; l++) {
    if (unchecked(clsFirst[unchecked(chCls[c])]) == c) addUnit(c, ry, dy, rx, dx, unchecked(laneR[l]));
    if (++c == chI) {
      c = 0;
      if (++rx == st) { rx = 0; dx++; }
      if (++fx == fw) {
        fx = 0; rx = 0; dx = 0;
        if (++ry == st) { ry = 0; dy++; }
      }
    }
  }
  nextK = k0 + lanes; nextC = c; nextFx = fx; nextRy = ry; nextDy = dy; nextRx = rx; nextDx = dx;
  // the groups' units, in lane order (counting sort; none when every group has one unit: markSteps walks the units)
  if (nGroups < nUnits) {
    for (let g = 0; g <= nGroups; g++) unchecked(gStart[g] = 0);
    for (let u = 0; u < nUnits; u++) unchecked(gStart[unchecked(uG[u]) + 1] += 1);
    for (let g = 0; g < nGroups; g++) unchecked(gStart[g + 1] += unchecked(gStart[g]));
    for (let u = 0; u < nUnits; u++) { const g = unchecked(uG[u]); unchecked(gU[unchecked(gStart[g])] = u); unchecked(gStart[g] += 1); }
    for (let g = nGroups; g > 0; g--) unchecked(gStart[g] = unchecked(gStart[g - 1]));
    unchecked(gStart[0] = 0);
  }
  // the units' weights per skew representative (units come in lane order, r ascending)
  nBands = 0;
  for (let u = 0; u < nUnits; u++) {
    const r = unchecked(uR[u]);
    if (nBands == 0 || unchecked(bandR[nBands - 1]) != r) { unchecked(bandR[nBands] = r); unchecked(bandW[nBands] = 0); nBands++; }
    unchecked(bandW[nBands - 1] += unchecked(uWt[u]));
  }
}

// the fold's units grouped by skew representative r: at most 8 groups, their channels
const bandR = new StaticArray<i32>(8);
const bandW = new StaticArray<f64>(8);
let nBands: i32 = 0;

/** Unit-steps of steps [s, e) that hold a pixel, counted for every channel of their class: a bound of the new
 * addresses there (each such unit-step marks at most one address per channel). */
function activeWt(s: i32, e: i32): f64 {
  const m = MI;
  let t: f64 = 0;
  for (let b = 0; b < nBands; b++) {
    const r = unchecked(bandR[b]);
    const lo = s - r > 0 ? s - r : 0, hi = e - r < m ? e - r : m;
    if (hi > lo) t += <f64>(hi - lo) * unchecked(bandW[b]);
  }
  return t;
}

/** The last step e in [s, limit] with activeWt(s, e) ≤ target: activeWt(s, ·) is piecewise linear, group b adding
 * its weight from step max(s, r_b) to M + r_b (both ascending with b), so its pieces are walked in order. */
function stepsWithin(s: i32, limit: i32, target: f64): i32 {
  const m = MI;
  if (target < 0) return s;
  let e = s, val: f64 = 0, slope: f64 = 0, i = 0, j = 0;
  // groups that ended before s add nothing
  while (j < nBands && m + unchecked(bandR[j]) <= s) j++;
  if (i < j) i = j;
  for (;;) {
    let next = limit;
    if (i < nBands) { const r = unchecked(bandR[i]); const e0 = s > r ? s : r; if (e0 < next) next = e0; }
    if (j < nBands) { const e1 = m + unchecked(bandR[j]); if (e1 < next) next = e1; }
    if (slope > 0 && val + slope * <f64>(next - e) > target) return e + <i32>Math.floor((target - val) / slope);
    val += slope * <f64>(next - e); e = next;
    if (e >= limit) return limit;
    while (i < nBands) { const r = unchecked(bandR[i]); if ((s > r ? s : r) != e) break; slope += unchecked(bandW[i]); i++; }
    while (j < i && m + unchecked(bandR[j]) == e) { slope -= unchecked(bandW[j]); j++; }
  }
  return limit; // (not reached)
}

/** Mark steps [s, e) of the current fold; returns the new addresses. */
function markSteps(s: i32, e: i32): f64 {
  let n: f64 = 0;
  // (a chunk of fewer than 2 output rows of steps gives no unit two whole rows: every group would mark unit by unit)
  if (nGroups == nUnits || e - s < 2 * EWI) {
    for (let u = 0; u < nUnits; u++) { const r = unchecked(uR[u]); n += markUnit(u, s - r, e - r); }
    return n;
  }
  for (let g = 0; g < nGroups; g++) {
    const g0 = unchecked(gStart[g]), g1 = unchecked(gStart[g + 1]);
    if (g1 - g0 == 1) { const u = unchecked(gU[g0]), r = unchecked(uR[u]); n += markUnit(u, s - r, e - r); }
    else n += markGroup(g0, g1, s, e);
  }
  return n;
}

/** Mark steps [s, e) of the units gU[g0 .. g1) (one plane, one row shift dy, columns shifted by ascending dx); returns
 * the new addresses. The output rows whole in every unit's pixels are one rectangle of the plane (the columns of
 * consecutive shifts overlap), marked once; each unit marks the rest of its pixels. Few such rows: unit by unit. */
function markGroup(g0: i32, g1: i32, s: i32, e: i32): f64 {
  const m = MI, ew = EWI;
  let rowA: i32 = 0, rowB: i32 = 0x3fffffff; // the rows whole in every unit: [rowA, rowB]
  for (let i = g0; i < g1; i++) {
    const r = unchecked(uR[unchecked(gU[i])]);
    let p0 = s - r, p1 = e - r;
    if (p0 < 0) p0 = 0;
    if (p1 > m) p1 = m;
    const a = (p0 + ew - 1) / ew, b = p1 / ew - 1;
    if (a > rowA) rowA = a;
    if (b < rowB) rowB = b;
  }
  const u0 = unchecked(gU[g0]), dy = unchecked(uDy[u0]), yl = unchecked(uYL[u0]), xl = unchecked(uXL[u0]);
  let rowC = rowB; if (rowC + dy >= yl) rowC = yl - 1 - dy; // rows past the ifmap hold no address
  let ok = rowC - rowA >= 1;
  // the columns [dx, min(ew - 1 + dx, xl - 1)] of the units, contiguous
  const dx0 = unchecked(uDx[u0]);
  let xEnd = ew - 1 + dx0 < xl - 1 ? ew - 1 + dx0 : xl - 1;
  for (let i = g0 + 1; ok && i < g1; i++) {
    const dx = unchecked(uDx[unchecked(gU[i])]);
    if (dx > xEnd + 1 || dx < dx0) ok = false;
    const xe = ew - 1 + dx < xl - 1 ? ew - 1 + dx : xl - 1;
    if (xe > xEnd) xEnd = xe;
  }
  if (!ok || dx0 > xEnd) {
    let n: f64 = 0;
    for (let i = g0; i < g1; i++) { const u = unchecked(gU[i]), r = unchecked(uR[u]); n += markUnit(u, s - r, e - r); }
    return n;
  }
  // the plane goes into the bitmap (a pending interval of another unit first: already counted)
  const pl = unchecked(uPl[u0]), base = unchecked(uBase[u0]);
  if (unchecked(plEp[pl]) != segEpoch) {
    recordPlane(pl);
    unchecked(plEp[pl] = segEpoch); unchecked(plFold[pl] = -1);
  } else if (unchecked(plFold[pl]) >= 0) {
    recordPlane(pl);
    markBits(base, unchecked(plDy[pl]), unchecked(plDx[pl]), yl, xl, unchecked(plQ0[pl]), unchecked(plQ1[pl]));
    unchecked(plFold[pl] = -1);
  }
  let n = markRect(base, rowA + dy, rowC + dy, dx0, xEnd);
  const pa = rowA * ew, pb = (rowC + 1) * ew;
  for (let i = g0; i < g1; i++) {
    const u = unchecked(gU[i]), r = unchecked(uR[u]), dx = unchecked(uDx[u]);
    let p0 = s - r, p1 = e - r;
    if (p0 < 0) p0 = 0;
    if (p1 > m) p1 = m;
    if (p0 < pa) n += markBits(base, dy, dx, yl, xl, p0, pa);
    if (pb < p1) n += markBits(base, dy, dx, yl, xl, pb, p1);
  }
  return <f64>n * unchecked(uWt[u0]);
}

const FRAC: f64 = 0.9;
const FRAC_NEAR: f64 = 0.97;
const FRAC_SEG: f64 = 0.95; // a segment's first chunk at the last segment's rate
let stepB: i32 = 0; // the step the window fills at (found by walkFold), -1: none
let rho: f64 = 0; // new addresses per active unit-step (activeWt) of the last chunk walked, 0: none yet
let rhoSeg: f64 = 0; // the same over the last segment that ended in this fold (the next one starts like it)
/** Keep the rate of the segment part [s0, stepB) that holds n new addresses. */
@inline function segRate(s0: i32, n: f64): void {
  const a = activeWt(s0, stepB);
  if (a > 0 && n > 0) rhoSeg = n / a;
}

/**
 * Mark steps [s0, fSteps) of the current fold, holding `d` addresses before. If the count reaches `need`, the marks
 * stop at the first step b (into stepB) whose count reaches it and the count there is returned; otherwise the count
 * at the fold's end.
 */
function walkFold(s0: i32, d: f64, need: f64, empty: bool): f64 {
  stepB = -1;
  const d0 = d;
  // a new fold's lanes: the last rate says nothing; a segment starting in the fold where the last one ended: that
  // segment's rate (its last chunk's, near the window's end, is lower: an empty segment starts with fewer repeats)
  let frac = FRAC; // after a predicted chunk that fell short, the rate is the window's end's: FRAC_NEAR
  if (s0 == 0) { rho = 0; rhoSeg = 0; } else if (empty && rhoSeg > 0) { rho = rhoSeg; frac = FRAC_SEG; }
  let s = s0, len = <i32>EW;
  // the fold cannot reach the window: at most activeWt new addresses
  if (d + activeWt(s, fSteps) < need) return d + markSteps(s, fSteps);
  // empty: the segment starts here (nothing else is marked in it: no word set, no plane in it), so a chunk is marked
  // without recording: one that reaches the window is undone by clearing the segment and marking its steps before
  // the chunk again (rare: the chunks aim short of the window)
  while (s < fSteps) {
    // steps that cannot reach the window whatever they hold (marked without recording), or a chunk ending short of
    // where the last chunk's rate of new addresses per active unit-step would reach it, whichever goes further
    const safeE = stepsWithin(s, fSteps, need - d - 1);
    const predE = rho > 0 ? stepsWithin(s, fSteps, frac * (need - d) / rho) : s;
    if (safeE > s && safeE >= predE) {
      const n = markSteps(s, safeE);
      const a = activeWt(s, safeE);
      d += n; if (a > 0) rho = n / a; s = safeE;
      continue;
    }
    let e = rho > 0 ? predE : (s + len < fSteps ? s + len : fSteps);
    if (e <= s) e = s + 1;
    if (e - s == 1) {
      // one step: no undo needed, it ends the segment if its count reaches the window
      const n = markSteps(s, e);
      const a = activeWt(s, e);
      d += n; s = e;
      if (d >= need) { stepB = s; segRate(s0, d - d0); return d; }
      if (a > 0 && n > 0) rho = n / a;
      continue;
    }
    const clean = empty;
    if (!clean) beginUndo();
    let n = markSteps(s, e);
    if (d + n < need) {
      if (!clean) keep();
      const a = activeWt(s, e);
      d += n; if (n > 0 && a > 0) { rho = n / a; frac = FRAC_NEAR; } else len *= 2;
      s = e; continue;
    }
    if (clean) { clearSegment(); if (s > s0) markSteps(s0, s); } else undo();
    // the window fills within (s, e]: interpolate over the active unit-steps (the count grows almost in proportion),
    // alternating with bisection when an interpolation does not halve the range, down to one step
    let bisect = false;
    while (e - s > 1) {
      let mid: i32;
      if (bisect) mid = s + ((e - s) >> 1);
      else {
        const a = activeWt(s, e);
        mid = stepsWithin(s, e, (need - d) * a / n);
        if (mid <= s) mid = s + 1;
        if (mid >= e) mid = e - 1;
      }
      const before = e - s;
      beginUndo();
      const h = markSteps(s, mid);
      if (d + h >= need) { undo(); e = mid; n = h; } else { keep(); d += h; n -= h; s = mid; }
      bisect = !bisect && (e - s) * 2 > before;
    }
    d += markSteps(s, e);
    stepB = e;
    segRate(s0, d - d0);
    return d;
  }
  return d;
}

// ---- the work bound: what one probe of calcDuplicates can charge --------------------------------------------------
// distinctRects charges a channel class with entries (rectangles whose k range touches it) at most perRow × rows
// swept, perRow = max(1, Σ entries' (⌊(filter rows − 1)/S⌋ + 1) × min(S, FW) / 16); the rows swept are at most
// all its rows, and, when the breakpoints are grouped (nbp = 4 × Σ filter rows ≤ 4096), at most S per stretch
// between merged breakpoint intervals plus their points: nbp·(S + 1) + S. Classes with entries are at most the
// channels the probe's rectangles touch, and the intervals between their k boundaries (mod CH, with 0 and CH): a
// fold part's bands share their 9 boundaries, whole folds have at most 4.

let rowsMax: f64 = 1;
/** Filter rows of an entry of a rectangle spanning L consecutive k (at most ⌈L/CH⌉ filter positions). */
@inline function rhoOf(L: f64): f64 { return fmin(FH, Math.ceil((fmin(FH * FW, Math.ceil(L / CH)) - 1) / FW) + 1); }
@inline function wOf(rho: f64): f64 { return (Math.floor((rho - 1) / STR) + 1) * fmin(STR, FW); }

/** The charge bound of one probe: classes touching at most `touched` channels between at most `bounds` k
 * boundaries, each class with at most nPart fold-part entries of rhoPart filter rows and nFull whole-fold entries of
 * rhoFull rows. */
function probeWork(touched: f64, bounds: f64, nPart: f64, rhoPart: f64, nFull: f64, rhoFull: f64): f64 {
  const classes = fmin(fmin(CH, touched), bounds + 1);
  const nbp = 4 * (nPart * rhoPart + nFull * rhoFull);
  const perRow = fmax(1, (nPart * wOf(rhoPart) + nFull * wOf(rhoFull)) / 16);
  const rows = nbp > 4096 ? rowsMax : fmin(rowsMax, nbp * (STR + 1) + STR);
  return classes * perRow * rows;
}

/** Bound of the work the searches charge for a segment from fold fi (step a) to fold fe (found: steps (s0, st]). */
function segmentWork(fi: f64, a: f64, fe: f64, found: bool, st: f64): f64 {
  // a fold part: up to 8 skew bands of ⌈R/8⌉ lanes, touching a channel in at most min(8, ⌈R/CH⌉) of them (one
  // rectangle of the whole fold has at most the filter rows of those bands together); whole folds: at most 2
  // rectangles of up to all K
  const partBounds: f64 = 9, fullBounds: f64 = 4, fullRects: f64 = 2;
  const partEnt = fmin(8, Math.ceil(R / CH)), rhoPart = rhoOf(Math.ceil(R / 8));
  const fullEnt = fullRects, rhoFull = FH;
  // the fold probes (gallop, bisection, pass bookkeeping): the start part and whole folds up to the gallop's end
  const foldProbes = segmentProbes(fi, fe, false, 0, 0) + 2;
  const gHi = gallopEnd(fi, fe);
  const spanF = (gHi - fi + 1) * R;
  let w = foldProbes * probeWork(spanF, partBounds + fullBounds, partEnt, rhoPart, fullEnt, rhoFull);
  if (found) {
    const s0 = fe == fi ? a : 0;
    const stepProbes = 3 + 2 * ceilLog2(st - s0) + 2;
    const spanS = (fe - fi + 1) * R;
    w += stepProbes * (fe == fi
      ? probeWork(spanS, partBounds, partEnt, rhoPart, 0, 0)
      : probeWork(spanS, 2 * partBounds + fullBounds, 2 * partEnt, rhoPart, fe - fi >= 2 ? fullEnt : 0, rhoFull));
  }
  return w;
}

/** The last fold the gallop over folds fi, fi + 1, fi + 3, ... probes to reach fold fe. */
function gallopEnd(fi: f64, fe: f64): f64 {
  let gHi = fi, step: f64 = 1;
  while (gHi < fe) { gHi = fmin(FOLDS - 1, gHi + step); step *= 2; }
  return gHi;
}

const PASSES = new PassBook();

/** The plane states the walk of whole folds of the lanes [k0, k1) (k1 - k0 ≤ CH, every unit a plane of its own)
 * leaves: each class's plane pending with all pixels, shifted by its filter position. */
function pendSkipped(k0: i32, k1: i32): void {
  const chI = <i32>CH, fw = <i32>FW, st = <i32>STR, m = MI;
  const serial = ++foldSerial; // a fold of its own: no later unit continues these intervals
  for (let k = k0; k < k1; k++) {
    const q = k / chI, c = k - q * chI, cls = unchecked(chCls[c]);
    if (unchecked(clsFirst[cls]) != c) continue;
    const fy = q / fw, fx = q - fy * fw;
    const pl = (cls * RYN + fy % st) * RXN + fx % st;
    unchecked(plEp[pl] = segEpoch); unchecked(plFold[pl] = serial); unchecked(plUnit[pl] = -1);
    unchecked(plQ0[pl] = 0); unchecked(plQ1[pl] = m); unchecked(plDy[pl] = fy / st); unchecked(plDx[pl] = fx / st);
  }
}

/** The valid addresses of the lanes [k0, k1) (k1 - k0 ≤ CH) over all pixels: each lane's filter position's
 * min(EH, rows) × min(EW, cols) (the units' uAll, counted per channel). */
function freshFold(k0: i32, k1: i32): f64 {
  const chI = <i32>CH, fw = <i32>FW, st = <i32>STR;
  let t: f64 = 0;
  for (let q = k0 / chI; q * chI < k1; q++) {
    const fy = q / fw, fx = q - fy * fw;
    const rows = unchecked(yLimT[fy % st]) - fy / st;
    let cols = unchecked(xLimT[fx % st]) - fx / st; if (cols > EWI) cols = EWI;
    if (rows <= 0 || cols <= 0) continue;
    const lo = q * chI > k0 ? q * chI : k0, hi = (q + 1) * chI < k1 ? (q + 1) * chI : k1;
    t += <f64>((rows < EHI ? rows : EHI) * cols) * <f64>(hi - lo);
  }
  return t;
}

/** Ifmap rows (columns) of n that e windows of f at stride S cover. */
function covered(n: f64, f: f64, e: f64): f64 {
  if (STR < f) return fmin(n, (e - 1) * STR + f); // overlapping windows: one run from 0
  return (e - 1) * f + fmax(0, fmin(f, n - (e - 1) * STR)); // disjoint windows, the last one clipped
}

/** The distinct valid addresses of all windows (covered rows × columns × channels). */
export function allReads(): f64 { return CH * covered(H, FH, EH) * covered(W, FW, EW); }

/** The count of calcDuplicates for a WS layer (wc: window words); sets wsLastRow, wsBound, wsDone. */
export function calcDupWS(wc: f64): f64 {
  wsDone = false; wsBound = 0; wsLastRow = -1;
  setClasses();
  ensure();
  rowsMax = fmin(H, (Math.ceil((H - FH + STR) / STR) - 1) * STR + FH);
  PASSES.reset();
  rho = 0; unitsFr = -1; lanesSet = -1; nextK = -1;
  // a window larger than every address the layer reads never fills: the searches' gallop runs to the end of the
  // stream and returns that count, the distinct valid addresses of all windows (covered rows × columns × channels)
  const layerReads = allReads();
  if (layerReads < wc) {
    wsBound = 1 + segmentWork(0, 0, FOLDS - 1, false, 0);
    wsDone = true;
    return layerReads;
  }
  const walkFolds = CF > 2 ? 2 * RF : FOLDS;
  let fi: f64 = 0, a: f64 = 0, count: f64 = 0, carry: f64 = 0;
  while (fi < FOLDS) {
    // give up as soon as the bound could pass the budget, or once the bound so far, scaled to the folds the walk
    // will cover (two passes when the pass bookkeeping can end it), would: the caller then runs the probing walk
    if (pastBudget(wsBound, fi, walkFolds)) return count;
    wsBound += 1;
    const need = wc - carry;
    clearSegment();
    let d: f64 = 0, dAt1: f64 = -1, dAt2: f64 = -1;
    let fe = fi, s0 = <i32>a;
    // the segment's lanes start at its first fold's first k (a channel class boundary) in this column fold
    const cfS = Math.floor(fi / RF), kS = (fi - cfS * RF) * R;
    let skip0: i32 = 0, skip1: i32 = -1; // the lanes of the folds taken in closed form (skip1 -1: none)
    for (;;) {
      // a whole fold whose lanes keep the segment's k span within CH: every unit of the segment so far has a plane
      // of its own (the span covers each channel class at most once), so the fold adds its lanes' valid addresses
      // (closed form); taken when that stays below the window, as the walk of its units would count it
      let cnt: f64 = -1;
      const sameCf = Math.floor(fe / RF) == cfS;
      const k0 = (fe - Math.floor(fe / RF) * RF) * R, k1 = fmin(K, k0 + R);
      if (s0 == 0 && sameCf && k1 - kS <= CH) cnt = freshFold(<i32>k0, <i32>k1);
      if (cnt >= 0 && d + cnt < need) {
        d += cnt; stepB = -1;
        if (skip1 < 0) skip0 = <i32>k0;
        skip1 = <i32>k1;
      } else {
        // a fold that may share planes with the folds taken in closed form: their units' planes hold, as their
        // walk would have left them, the pending interval of all pixels
        if (skip1 >= 0 && (!sameCf || k1 - kS > CH)) { pendSkipped(skip0, skip1); skip1 = -1; }
        setFold(fe);
        d = walkFold(s0, d, need, fe == fi);
      }
      if (stepB >= 0) break;
      if (fe == RF - 1) dAt1 = d; else if (fe == 2 * RF - 1) dAt2 = d;
      if (fe == FOLDS - 1) break;
      fe++; s0 = 0;
    }
    const found = stepB >= 0;
    wsBound += segmentWork(fi, a, fe, found, <f64>fSteps);
    if (!found) { wsDone = true; return count + d + carry; }
    // pass bookkeeping (insertions up to the end of pass 1 and 2), as calcDuplicates
    const all = PASSES.done(CF, fi, fe, count + carry, dAt1, dAt2);
    if (all >= 0) { wsLastRow = PASSES.lastRow; wsDone = true; return all; }
    const b: f64 = stepB;
    carry = d - need;
    count += wc;
    while (carry >= wc) { count += wc; carry -= wc; }
    wsLastRow = fe * CPF + R + b - 1;
    PASSES.cleared(fe, wsLastRow);
    fi = fe; a = b;
    if (a >= <f64>fSteps) { fi += 1; a = 0; }
  }
  wsDone = true;
  return count + carry;
}
