// Distinct addresses of im2col rectangles, for the SCALE-Sim memory model's CALC-mode walk over ifmaps whose
// conv windows overlap (assembly/scalesim-calc-read.ts): the union of (output pixel range × k range) rectangles of
// the im2col'd ifmap A, counted exactly as ifmap addresses, channel class by channel class and row by row.
// docs/model.md §1.1.
import { H, W, FH, FW, CH, EW, STR, fmin, fmax, fmod, spend } from './scalesim-layer';

const MAX_RECTS: i32 = 64;

// Debug switch (tests only, scalesimReferenceWalk in assembly/index.ts): the walk as it was before the speed-ups,
// distinctRectsRef() (breakpoints sorted one by one, a full sweep whenever the raw breakpoint count says so), no
// segment memo and the fold-by-fold walk of stationary tiles (assembly/scalesim-calc-read.ts). The fast paths must
// give identical outputs (tests/unit/scalesim-memory-reference.test.ts, scalesim-rects-fast.test.ts).
export let referenceWalk = false;
export function setReferenceWalk(on: bool): void { referenceWalk = on; }
const rM0 = new StaticArray<f64>(MAX_RECTS);
const rM1 = new StaticArray<f64>(MAX_RECTS);
const rK0 = new StaticArray<f64>(MAX_RECTS);
const rK1 = new StaticArray<f64>(MAX_RECTS);
let nRects: i32 = 0;
let rectOverflow = false;

/** Start a new union (no rectangles). */
export function clearRects(): void { nRects = 0; }

/** Add the rectangle [m0, m1) × [k0, k1) of A to the union. */
export function addRect(m0: f64, m1: f64, k0: f64, k1: f64): void {
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

/** Start a new record: a union that outgrew the fixed buffers (rectangles or row runs) makes it report WORK_LIMIT. */
export function clearOverflow(): void { rectOverflow = false; ivOverflow = false; }
/** True when a union outgrew the fixed buffers since clearOverflow(). */
export function rectsOverflowed(): bool { return rectOverflow || ivOverflow; }

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

// entries of the current channel class as i32 (pixel range, filter-position run split into rows cr0..cr1 with the
// first/last row's column range), for the hot per-row loop; every value is below 2^31 (dims ≤ 2^24)
const iM0 = new StaticArray<i32>(MAX_RECTS);
const iM1 = new StaticArray<i32>(MAX_RECTS);
const iCr0 = new StaticArray<i32>(MAX_RECTS);
const iCr1 = new StaticArray<i32>(MAX_RECTS);
const iCca = new StaticArray<i32>(MAX_RECTS);
const iCcb = new StaticArray<i32>(MAX_RECTS);
// ifmap rows an entry can meet: [first output row·S + first filter row, last output row·S + last filter row]
const iY0 = new StaticArray<i32>(MAX_RECTS);
const iY1 = new StaticArray<i32>(MAX_RECTS);
const iCr0m = new StaticArray<i32>(MAX_RECTS); // first filter row mod S
const jRho = new StaticArray<i32>(MAX_IV);
const jLo = new StaticArray<i32>(MAX_IV);
const jHi = new StaticArray<i32>(MAX_IV);

// hiWT[rho] = (W - 1 - rho) / S, the last lattice index of residue rho inside the ifmap row (rho < hiWN)
const MAX_HIW: i32 = 1024;
const hiWT = new StaticArray<i32>(MAX_HIW);
let hiWN: i32 = 0;

function loadEntriesI32(): void {
  const fw = <i32>FW;
  const stI = <i32>STR, xLastI = <i32>W - 1;
  hiWN = stI < fw ? stI : fw;
  if (hiWN > MAX_HIW) hiWN = MAX_HIW;
  for (let rho = 0; rho < hiWN; rho++) unchecked(hiWT[rho] = (xLastI - rho) / stI);
  for (let e = 0; e < nEntries; e++) {
    const p0 = <i32>unchecked(eP0[e]), p1 = <i32>unchecked(eP1[e]);
    const cr0 = p0 / fw, cr1 = (p1 - 1) / fw;
    unchecked(iM0[e] = <i32>unchecked(eM0[e])); unchecked(iM1[e] = <i32>unchecked(eM1[e]));
    unchecked(iCr0[e] = cr0); unchecked(iCr1[e] = cr1);
    unchecked(iCca[e] = p0 - cr0 * fw); unchecked(iCcb[e] = p1 - 1 - cr1 * fw);
    const ew = <i32>EW, st = <i32>STR;
    unchecked(iCr0m[e] = cr0 % st);
    unchecked(iY0[e] = (unchecked(iM0[e]) / ew) * st + cr0); unchecked(iY1[e] = ((unchecked(iM1[e]) - 1) / ew) * st + cr1);
  }
}

/** Addresses of one channel on ifmap row y covered by the current entries (pixel range × filter-position run). */
function rowCount(y: i32): f64 {
  const st = <i32>STR, ew = <i32>EW, fw = <i32>FW;
  const xLast = <i32>W - 1;
  const ym = y % st;
  let n: i32 = 0;
  for (let e = 0; e < nEntries; e++) {
    // an entry outside its row span yields no run (every output row it reaches is outside its pixel range)
    if (y < unchecked(iY0[e]) || y > unchecked(iY1[e])) continue;
    const m0 = unchecked(iM0[e]), m1 = unchecked(iM1[e]), cr0 = unchecked(iCr0[e]), cr1 = unchecked(iCr1[e]);
    let d = ym - unchecked(iCr0m[e]); if (d < 0) d += st; // (y - cr0) mod S without a division per entry
    // filter rows cr with y ≡ cr (mod stride), y ≥ cr; output row oy = (y - cr) / S falls by one per step
    let cr = cr0 + d;
    if (cr > cr1 || cr > y) continue;
    let oy = (y - cr) / st;
    for (; cr <= cr1 && cr <= y; cr += st, oy--) {
      const rs = oy * ew;
      const a = m0 > rs ? m0 : rs, b = m1 < rs + ew ? m1 : rs + ew;
      if (b <= a) continue;
      const oxa = a - rs, oxb = b - 1 - rs;
      const cca = cr == cr0 ? unchecked(iCca[e]) : 0, ccb = cr == cr1 ? unchecked(iCcb[e]) : fw - 1;
      const ccEnd = ccb < cca + st - 1 ? ccb : cca + st - 1;
      // cc = base·S + rho and ccb - cc = jmax·S + jrem, stepped along cc without a division per run
      let rho = cca % st, base = (cca - rho) / st, jmax = (ccb - cca) / st, jrem = ccb - cca - jmax * st;
      for (let cc = cca; cc <= ccEnd; cc++) {
        // x = ox·S + cc' for cc' ≡ cc (mod S): one run of the lattice x ≡ rho (mod S)
        const lo = oxa + base;
        let hi = oxb + base + jmax;
        const hiW = rho < hiWN ? unchecked(hiWT[rho]) : (xLast - rho) / st;
        if (hi > hiW) hi = hiW;
        if (hi >= lo) {
          if (n >= MAX_IV) { ivOverflow = true; return 0; }
          unchecked(jRho[n] = rho); unchecked(jLo[n] = lo); unchecked(jHi[n] = hi); n++;
        }
        rho++; if (rho == st) { rho = 0; base++; }
        if (jrem == 0) { jmax--; jrem = st - 1; } else jrem--;
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

// The rows where an entry's output row changes state are, per entry and per bound, a run of consecutive ifmap rows
// (oy·S + cr for cr = cr0..cr1): distinctRects() keeps them as intervals and merges those instead of sorting every row.
const MAX_YIV: i32 = 4 * MAX_RECTS;
const ivS = new StaticArray<f64>(MAX_YIV);
const ivE = new StaticArray<f64>(MAX_YIV);

/** Sort the intervals [ivS, ivE] by start (shell sort: at most 4 per rectangle) and merge overlapping or
 * adjacent ones (same set of integer points); returns the number of merged intervals. */
function mergeIntervals(n: i32): i32 {
  let gap = 1;
  while (gap < n / 3) gap = gap * 3 + 1;
  for (; gap >= 1; gap = (gap - 1) / 3) {
    for (let i = gap; i < n; i++) {
      const s0 = unchecked(ivS[i]), e0 = unchecked(ivE[i]);
      let j = i;
      while (j >= gap && unchecked(ivS[j - gap]) > s0) { unchecked(ivS[j] = ivS[j - gap]); unchecked(ivE[j] = ivE[j - gap]); j -= gap; }
      unchecked(ivS[j] = s0); unchecked(ivE[j] = e0);
    }
    if (gap == 1) break;
  }
  let m: i32 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = unchecked(ivS[i]), e0 = unchecked(ivE[i]);
    if (m > 0 && s0 <= unchecked(ivE[m - 1]) + 1) { if (e0 > unchecked(ivE[m - 1])) unchecked(ivE[m - 1] = e0); }
    else { unchecked(ivS[m] = s0); unchecked(ivE[m] = e0); m++; }
  }
  return m;
}

/** The channel breakpoints of the current rectangles, sorted into bps (channels between two see the same runs). */
function channelBreakpoints(): i32 {
  let nb: i32 = 0;
  unchecked(bps[nb++] = 0); unchecked(bps[nb++] = CH);
  for (let i = 0; i < nRects; i++) { unchecked(bps[nb++] = fmod(rK0[i], CH)); unchecked(bps[nb++] = fmod(rK1[i], CH)); }
  sortF64(bps, nb);
  return nb;
}

let classYLo: f64 = 0, classYHi: f64 = 0;
/**
 * The entries of the channel class starting at `ch` (each rectangle's m range and filter-position range, its output
 * rows) into e*, and the ifmap rows they reach into classYLo..classYHi; returns how many.
 */
function classEntries(ch: f64): i32 {
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
  classYLo = yLo; classYHi = fmin(yHi, H - 1);
  return nEntries;
}

/**
 * Distinct valid ifmap addresses of the union of the current rectangles (m range × k range of the im2col'd A).
 * Channels that see the same filter-position runs form a class counted once. Within a class, ifmap rows between
 * "breakpoints" (where some output row of some rectangle starts or stops being whole) repeat with period = stride,
 * so only one row per residue of each such stretch is swept. Counts, rows swept and work charged are those of
 * distinctRectsRef() (the reference), which walks the same stretches from the breakpoints sorted one by one; here
 * the breakpoints are kept as merged intervals of consecutive rows (each point of an interval ends a one-row stretch).
 */
export function distinctRects(): f64 {
  if (referenceWalk) return distinctRectsRef();
  const nb = channelBreakpoints();
  let total: f64 = 0;
  for (let bi = 0; bi + 1 < nb; bi++) {
    const ch = unchecked(bps[bi]), nch = unchecked(bps[bi + 1]) - ch;
    if (nch <= 0) continue;
    if (classEntries(ch) == 0) continue;
    const yLo = classYLo, yHi = classYHi;
    // breakpoints y = oy_t·S + cr (cr = cr0..cr1) where an entry's output row oy_t changes state (absent/partial/
    // whole): four intervals per entry; nbp counts them with repetition as the reference does (its buffer holds
    // MAX_YBP of them: beyond that it sweeps every row)
    let nbp: f64 = 0, niv: i32 = 0;
    for (let e = 0; e < nEntries; e++) {
      const m0 = unchecked(eM0[e]), m1 = unchecked(eM1[e]), oy0 = unchecked(eOy0[e]), oy1 = unchecked(eOy1[e]);
      const oyF0 = fmod(m0, EW) == 0 ? oy0 : oy0 + 1, oyF1 = fmod(m1, EW) == 0 ? oy1 : oy1 - 1;
      const cr0 = Math.floor(unchecked(eP0[e]) / FW), cr1 = Math.floor((unchecked(eP1[e]) - 1) / FW);
      nbp += 4 * (cr1 - cr0 + 1);
      unchecked(ivS[niv] = oy0 * STR + cr0); unchecked(ivE[niv++] = oy0 * STR + cr1);
      unchecked(ivS[niv] = oyF0 * STR + cr0); unchecked(ivE[niv++] = oyF0 * STR + cr1);
      unchecked(ivS[niv] = (oyF1 + 1) * STR + cr0); unchecked(ivE[niv++] = (oyF1 + 1) * STR + cr1);
      unchecked(ivS[niv] = (oy1 + 1) * STR + cr0); unchecked(ivE[niv++] = (oy1 + 1) * STR + cr1);
    }
    const grouped = nbp <= <f64>MAX_YBP;
    // work of one row sweep: filter rows per entry that can meet a row, times the column residues
    let perRow: f64 = 0;
    for (let e = 0; e < nEntries; e++) {
      const cr0 = Math.floor(unchecked(eP0[e]) / FW), cr1 = Math.floor((unchecked(eP1[e]) - 1) / FW);
      perRow += (Math.floor((cr1 - cr0) / STR) + 1) * fmin(STR, FW);
    }
    perRow = fmax(1, perRow / 16);
    let cnt: f64 = 0;
    const rowsN = yHi - yLo + 1;
    const chargeAll = !grouped || nbp * STR >= rowsN;
    if (chargeAll && !spend(rowsN * perRow)) return total;
    const y1 = yHi + 1;
    let swept = rowsN, nm: i32 = 0;
    if (grouped) {
      nm = mergeIntervals(niv);
      // the stretches: [prev, p) for each breakpoint p > prev (clipped to yHi + 1), then [prev, yHi + 1)
      swept = 0;
      let prev = yLo;
      for (let i = 0; i < nm && swept < rowsN && prev < y1; i++) {
        const e = fmin(unchecked(ivE[i]), y1);
        if (e <= prev) continue;
        const p1 = fmax(unchecked(ivS[i]), prev + 1);
        swept += fmin(p1 - prev, STR) + (e - p1); // the stretch up to the interval's first point, then one-row stretches
        prev = e;
      }
      if (y1 > prev) swept += fmin(y1 - prev, STR);
    }
    loadEntriesI32();
    if (chargeAll && swept >= rowsN) {
      for (let y = <i32>yLo; y <= <i32>yHi; y++) cnt += rowCount(y);
    } else {
      let prev = yLo;
      for (let i = 0; i <= nm && prev < y1; i++) {
        // the interval's points (clipped) are p1..e; after the last interval only the point yHi + 1
        const e = i < nm ? fmin(unchecked(ivE[i]), y1) : y1;
        if (e <= prev) continue;
        const p1 = i < nm ? fmax(unchecked(ivS[i]), prev + 1) : y1;
        const next = fmin(p1, y1);
        const len = next - prev;
        if (len <= STR) {
          if (!chargeAll && !spend(len * perRow)) return total;
          for (let y = prev; y < next; y++) cnt += rowCount(<i32>y);
        } else {
          if (!chargeAll && !spend(STR * perRow)) return total;
          for (let y = prev; y < prev + STR; y++) cnt += rowCount(<i32>y) * (Math.floor((next - 1 - y) / STR) + 1);
        }
        // one-row stretches [p - 1, p) for the points p = next + 1 .. e
        if (e > next) {
          if (!chargeAll && !spend((e - next) * perRow)) return total;
          for (let y = next; y < e; y++) cnt += rowCount(<i32>y);
        }
        prev = e;
      }
    }
    if (ivOverflow) return total;
    total += cnt * nch;
  }
  return total;
}

/**
 * The reference: distinctRects() as it was (the breakpoints sorted one by one), used under referenceWalk.
 * Distinct valid ifmap addresses of the union of the current rectangles (m range × k range of the im2col'd A).
 * Channels that see the same filter-position runs form a class counted once. Within a class, ifmap rows between
 * "breakpoints" (where some output row of some rectangle starts or stops being whole) repeat with period = stride,
 * so only one row per residue of each such stretch is swept.
 */
function distinctRectsRef(): f64 {
  const nb = channelBreakpoints();
  let total: f64 = 0;
  for (let bi = 0; bi + 1 < nb; bi++) {
    const ch = unchecked(bps[bi]), nch = unchecked(bps[bi + 1]) - ch;
    if (nch <= 0) continue;
    if (classEntries(ch) == 0) continue;
    const yLo = classYLo, yHi = classYHi;
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
    // The work charged is that of the plain choice (sweep every row when the raw breakpoint count times S reaches
    // the row count), so the budget and WORK_LIMIT are unchanged; the rows actually swept are the fewer of a full
    // sweep and S rows per stretch between distinct breakpoints (both count the same addresses exactly). Under the
    // grouped charge the stretches are walked (and charged) exactly as before.
    const rowsN = yHi - yLo + 1;
    const chargeAll = !grouped || <f64>nbp * STR >= rowsN;
    if (chargeAll && !spend(rowsN * perRow)) return total;
    let swept = rowsN;
    if (grouped) {
      sortF64(ybp, nbp);
      swept = 0;
      let prev = yLo;
      for (let i = 0; i <= nbp && swept < rowsN; i++) {
        const next = i < nbp ? fmin(unchecked(ybp[i]), yHi + 1) : yHi + 1;
        if (next <= prev) continue;
        swept += fmin(next - prev, STR);
        prev = next;
      }
    }
    loadEntriesI32();
    if (chargeAll && (swept >= rowsN || referenceWalk)) {
      for (let y = <i32>yLo; y <= <i32>yHi; y++) cnt += rowCount(y);
    } else {
      let prev = yLo;
      for (let i = 0; i <= nbp; i++) {
        const next = i < nbp ? fmin(unchecked(ybp[i]), yHi + 1) : yHi + 1;
        if (next <= prev) continue;
        const len = next - prev;
        if (len <= STR) {
          if (!chargeAll && !spend(len * perRow)) return total;
          for (let y = prev; y < next; y++) cnt += rowCount(<i32>y);
        } else {
          if (!chargeAll && !spend(STR * perRow)) return total;
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
