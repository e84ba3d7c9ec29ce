// An exact solver for the fusion program of docs/model.md §5.1 built for its structure: a dynamic program over the
// program order for the tensors with live ranges (few are live at once), inside a Lagrangian branch and bound over
// the pinned tensors (weights: live everywhere, so they share one capacity budget per level), with the weights whose
// saving is linear packed exactly beside it. Optimality argument, limits and declines: docs/model.md §5.1.
import { levelFits, type FusionProblem } from './fusion';

export interface ExactResult {
  onChip: boolean[];
  local: boolean[];
  /** The model's time (cycles) at the placement, constants included. */
  objective: number;
  nodes: number;
  dps: number;
  /** Work done, in the units of the budget (DP states and options priced, knapsack cells and nodes). */
  work: number;
  status: 'optimal' | 'declined';
  reason?: string;
  /** On a decline: the best placement's time found (constants included), an upper bound on the optimum. */
  incumbent?: number;
}

const POW3 = [1, 3, 9, 27, 81, 243, 729, 2187];
const MAX_WIDTH = 6;
const MAX_UNDECIDED_PER_OP = 3;
const NODE_PRICE_STEPS = 6;
/**
 * The search's budget in units of work (a DP state, an option priced in a state, a knapsack table cell or search
 * node; about 10 ms here): past it, the instance goes to HiGHS. Counted, not timed, so every machine declines the same
 * instances.
 */
const MAX_WORK = 250_000;

export function solveFusionExact(p: FusionProblem, maxNodes = 100, relGap = 1e-9, maxWork = MAX_WORK): ExactResult {
  const n = p.ops.length, m = p.tensors.length;
  const C = Math.max(0, p.capacityBytes);
  const Lcap = new Float64Array(n);
  let Lmin = Infinity;
  for (let i = 0; i < n; i++) { Lcap[i] = Math.max(0, p.localCapacityBytes?.[i] ?? 0); Lmin = Math.min(Lmin, Lcap[i]); }
  if (n === 0) Lmin = 0;
  const bytes = new Float64Array(m), first = new Int32Array(m), last = new Int32Array(m);
  const pinned = new Uint8Array(m);
  p.tensors.forEach((t, j) => {
    bytes[j] = t.bytes; first[j] = Math.max(0, t.first); last[j] = Math.min(n - 1, t.last);
    pinned[j] = first[j] === 0 && last[j] === n - 1 ? 1 : 0;
  });
  // Per op, the all-DRAM sides; per tensor, its saving moved alone to local memory (an upper bound on what it can
  // ever save, docs/model.md §5.1): a tensor that saves nothing stays in DRAM.
  const floor = new Float64Array(n), D0 = new Float64Array(n), G0 = new Float64Array(n);
  let constant = 0;
  p.ops.forEach((op, i) => {
    floor[i] = op.floor; D0[i] = op.dramFixed; G0[i] = op.gmemFixed; constant += op.constant;
    for (const t of op.terms) D0[i] += t.dram;
  });
  const alone = new Float64Array(m);
  const readers = new Int32Array(m);
  p.ops.forEach((op, i) => {
    const M = Math.max(floor[i], D0[i], G0[i]);
    for (const t of op.terms) { alone[t.tensor] += M - Math.max(floor[i], D0[i] - t.dram, G0[i]); readers[t.tensor]++; }
  });
  // Whether each tensor fits each level on its own (fusion.ts levelFits); one that saves nothing or fits neither stays
  // in DRAM.
  const fits = levelFits(p);
  const fitG = new Uint8Array(m), fitL = new Uint8Array(m), active = new Uint8Array(m);
  for (let j = 0; j < m; j++) { fitG[j] = fits.gmem[j] ? 1 : 0; fitL[j] = fits.local[j] ? 1 : 0; }
  for (let j = 0; j < m; j++) active[j] = alone[j] > 0 && (fitG[j] || fitL[j]) ? 1 : 0;
  const none = (reason: string): ExactResult => ({ onChip: new Array(m).fill(false), local: new Array(m).fill(false), objective: 0, nodes: 0, dps: 0, work: 0, status: 'declined', reason });
  // The DP reads an op's tensors from its live set: a term outside its tensor's live range (never built by the
  // compiler, possible in a hand-made problem) is declined.
  for (let i = 0; i < n; i++) for (const t of p.ops[i].terms) {
    if (active[t.tensor] && (i < first[t.tensor] || i > last[t.tensor])) return none('a tensor used outside its live range');
  }
  // Live lists of the active unpinned tensors per program point.
  const liveStart = new Int32Array(n + 1);
  for (let j = 0; j < m; j++) if (active[j] && !pinned[j]) for (let i = first[j]; i <= last[j]; i++) liveStart[i + 1]++;
  let width = 0;
  for (let i = 0; i < n; i++) { width = Math.max(width, liveStart[i + 1]); liveStart[i + 1] += liveStart[i]; }
  if (width > MAX_WIDTH) return none(`${width} tensors live at once`);
  const liveList = new Int32Array(liveStart[n]);
  {
    const fill = liveStart.slice(0, n);
    for (let j = 0; j < m; j++) if (active[j] && !pinned[j]) for (let i = first[j]; i <= last[j]; i++) liveList[fill[i]++] = j;
  }
  const posAt = (i: number, j: number) => { for (let k = liveStart[i]; k < liveStart[i + 1]; k++) if (liveList[k] === j) return k - liveStart[i]; return -1; };
  // prevPos: for each live slot at point i, the slot of the same tensor at point i-1 (or -1: it starts at i).
  const prevPos = new Int32Array(liveStart[n]);
  for (let i = 0; i < n; i++) for (let k = liveStart[i]; k < liveStart[i + 1]; k++) prevPos[k] = i > 0 ? posAt(i - 1, liveList[k]) : -1;
  // Op terms split into unpinned (slot in the op's live list) and pinned.
  const uStart = new Int32Array(n + 1), pStart = new Int32Array(n + 1);
  p.ops.forEach((op, i) => {
    for (const t of op.terms) if (active[t.tensor]) { if (pinned[t.tensor]) pStart[i + 1]++; else uStart[i + 1]++; }
  });
  for (let i = 0; i < n; i++) { uStart[i + 1] += uStart[i]; pStart[i + 1] += pStart[i]; }
  const uSlot = new Int32Array(uStart[n]), uD = new Float64Array(uStart[n]), uG = new Float64Array(uStart[n]);
  const pT = new Int32Array(pStart[n]), pD = new Float64Array(pStart[n]), pG = new Float64Array(pStart[n]);
  {
    let u = 0, q = 0;
    p.ops.forEach((op, i) => {
      for (const t of op.terms) {
        if (!active[t.tensor]) continue;
        if (pinned[t.tensor]) { pT[q] = t.tensor; pD[q] = t.dram; pG[q] = t.gmem; q++; }
        else { uSlot[u] = posAt(i, t.tensor); uD[u] = t.dram; uG[u] = t.gmem; u++; }
      }
    });
  }
  const cands: number[] = [];
  for (let j = 0; j < m; j++) if (active[j] && pinned[j]) cands.push(j);

  // ---- the dynamic program over the program order ----
  // Per program point, every placement (state) of its live unpinned tensors, base 3 by slot (0 DRAM, 1 GMEM,
  // 2 local): whether each tensor fits that level alone, the state's GMEM and local bytes, the DRAM cycles it removes
  // from the op and the GMEM cycles it adds, and its key: the digits of the tensors that were live at the previous
  // point too (the interface the two points share). projPrev: each previous state's key in the same interface.
  const stOff = new Int32Array(n + 1), ifaceSize = new Int32Array(n), prOff = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    stOff[i + 1] = stOff[i] + POW3[liveStart[i + 1] - liveStart[i]];
    prOff[i + 1] = prOff[i] + (i > 0 ? POW3[liveStart[i] - liveStart[i - 1]] : 1);
  }
  const valid = new Uint8Array(stOff[n]), sBG = new Float64Array(stOff[n]), sBL = new Float64Array(stOff[n]);
  const sDR = new Float64Array(stOff[n]), sGA = new Float64Array(stOff[n]), sKey = new Int32Array(stOff[n]);
  const projPrev = new Int32Array(prOff[n]);
  const digits = new Int8Array(MAX_WIDTH);
  {
    const ifacePos = new Int32Array(MAX_WIDTH); // per slot at point i: its index among the survivors, or -1
    const prevIface = new Int32Array(MAX_WIDTH); // per slot at point i-1: its survivor index at point i, or -1
    for (let i = 0; i < n; i++) {
      const s0 = liveStart[i], w = liveStart[i + 1] - s0;
      let r = 0;
      if (i > 0) prevIface.fill(-1, 0, liveStart[i] - liveStart[i - 1]);
      for (let k = 0; k < w; k++) {
        const pp = prevPos[s0 + k];
        if (pp >= 0) { ifacePos[k] = r; prevIface[pp] = r; r++; } else ifacePos[k] = -1;
      }
      ifaceSize[i] = POW3[r];
      for (let s = 0; s < POW3[w]; s++) {
        let c = s, key = 0, bg = 0, bl = 0, dr = 0, ga = 0, ok = 1;
        for (let k = 0; k < w; k++) {
          const dg = c % 3; c = (c - dg) / 3;
          const j = liveList[s0 + k];
          if (dg === 1) { if (!fitG[j]) ok = 0; bg += bytes[j]; } else if (dg === 2) { if (!fitL[j]) ok = 0; bl += bytes[j]; }
          if (ifacePos[k] >= 0) key += POW3[ifacePos[k]] * dg;
          digits[k] = dg;
        }
        for (let u = uStart[i]; u < uStart[i + 1]; u++) {
          const dg = digits[uSlot[u]];
          if (dg === 1) { dr += uD[u]; ga += uG[u]; } else if (dg === 2) dr += uD[u];
        }
        const o = stOff[i] + s;
        valid[o] = ok; sBG[o] = bg; sBL[o] = bl; sDR[o] = dr; sGA[o] = ga; sKey[o] = key;
      }
      if (i > 0) {
        const pw = liveStart[i] - liveStart[i - 1];
        for (let s = 0; s < POW3[pw]; s++) {
          let c = s, key = 0;
          for (let k = 0; k < pw; k++) { const dg = c % 3; c = (c - dg) / 3; if (prevIface[k] >= 0) key += POW3[prevIface[k]] * dg; }
          projPrev[prOff[i] + s] = key;
        }
      }
    }
  }
  const plevel = new Int8Array(m).fill(0);
  for (const j of cands) plevel[j] = -1;
  const maxStates = POW3[width];
  let V = new Float64Array(maxStates), W = new Float64Array(maxStates);
  const P = new Float64Array(maxStates);
  const argP = new Int32Array(maxStates);
  const back = new Int32Array(stOff[n]); // best previous state per (point, state)
  const optAt = new Int8Array(stOff[n] * MAX_UNDECIDED_PER_OP); // the undecided pinned options chosen per (point, state)
  let dps = 0;
  const meter = { work: 0 };

  // Room left for an undecided pinned tensor in each level (set per node): one that does not fit alone is not offered.
  let roomG = C * (1 + 1e-12), roomL = Lmin * (1 + 1e-12);
  // One buffer for every call (an array emptied by `length = 0` drops its storage and reallocates on each push).
  let maxPinnedPerOp = 0;
  for (let i = 0; i < n; i++) maxPinnedPerOp = Math.max(maxPinnedPerOp, pStart[i + 1] - pStart[i]);
  const undecided = new Int32Array(maxPinnedPerOp);
  const opIO = new Float64Array(2);
  /**
   * Min over the undecided pinned options at op i of the op's time plus prices; records the options at `rec`. The
   * op's DRAM and GMEM sides come in opIO[0] and opIO[1] and the result goes out in opIO[0]: doubles passed to or
   * returned from a call that is not inlined are boxed, two or three allocations per priced state. (The DP prices an
   * op without pinned tensors itself.)
   */
  const opCost = (i: number, lamG: number, lamL: number, rec: number): void => {
    let D = opIO[0], G = opIO[1];
    let k = 0;
    for (let q = pStart[i]; q < pStart[i + 1]; q++) {
      const lv = plevel[pT[q]];
      if (lv === -1) undecided[k++] = q;
      else if (lv === 1) { D -= pD[q]; G += pG[q]; } else if (lv === 2) D -= pD[q];
    }
    if (k === 0) { opIO[0] = Math.max(floor[i], D, G); return; }
    // beyond MAX_UNDECIDED_PER_OP, the rest are relaxed to free local residency (a valid lower bound)
    const kk = Math.min(k, MAX_UNDECIDED_PER_OP);
    meter.work += POW3[kk];
    for (let e = kk; e < k; e++) D -= pD[undecided[e]];
    let best = Infinity, bestCode = 0;
    for (let code = 0; code < POW3[kk]; code++) {
      let d = D, g = G, pen = 0, c = code, ok = true;
      for (let e = 0; e < kk; e++) {
        const lv = c % 3; c = (c - lv) / 3;
        if (lv === 0) continue;
        const q = undecided[e], j = pT[q];
        if (lv === 1) { if (!fitG[j] || bytes[j] > roomG) { ok = false; break; } d -= pD[q]; g += pG[q]; pen += lamG * bytes[j] / readers[j]; }
        else { if (!fitL[j] || bytes[j] > roomL) { ok = false; break; } d -= pD[q]; pen += lamL * bytes[j] / readers[j]; }
      }
      if (!ok) continue;
      const v = Math.max(floor[i], d, g) + pen;
      if (v < best) { best = v; bestCode = code; }
    }
    if (rec >= 0) { let c = bestCode; for (let e = 0; e < kk; e++) { const lv = c % 3; c = (c - lv) / 3; optAt[rec * MAX_UNDECIDED_PER_OP + e] = lv; } }
    opIO[0] = best;
  };

  /**
   * Forward DP: the minimum over the unpinned placements (and the undecided pinned options, priced) of Σ op time, with
   * capG GMEM bytes for unpinned tensors and the local memory less pinL at every point; Infinity when none fits.
   * With `solution`, the optimum's unpinned levels and undecided options are written there.
   */
  const dp = (lamG: number, lamL: number, capG: number, pinL: number, solution?: { unpinned: Int8Array; options: Int8Array }): number => {
    dps++;
    meter.work += stOff[n];
    const capGt = capG * (1 + 1e-12);
    let prevCount = 1;
    V[0] = 0;
    for (let i = 0; i < n; i++) {
      const nk = ifaceSize[i], o0 = stOff[i], count = stOff[i + 1] - o0;
      P.fill(Infinity, 0, nk);
      if (i === 0) { P[0] = 0; argP[0] = 0; }
      else {
        const pr = prOff[i];
        for (let s = 0; s < prevCount; s++) {
          const v = V[s];
          if (v === Infinity) continue;
          const key = projPrev[pr + s];
          if (v < P[key]) { P[key] = v; argP[key] = s; }
        }
      }
      const capL = (Lcap[i] - pinL) * (1 + 1e-12);
      const rec = solution ? o0 : -1, noPinned = pStart[i] === pStart[i + 1];
      for (let s = 0; s < count; s++) {
        const o = o0 + s;
        const pk = P[sKey[o]];
        if (!valid[o] || pk === Infinity || sBG[o] > capGt || sBL[o] > capL) { W[s] = Infinity; continue; }
        if (noPinned) W[s] = pk + Math.max(floor[i], D0[i] - sDR[o], G0[i] + sGA[o]);
        else {
          opIO[0] = D0[i] - sDR[o]; opIO[1] = G0[i] + sGA[o];
          opCost(i, lamG, lamL, rec >= 0 ? o : -1);
          W[s] = pk + opIO[0];
        }
        back[o] = argP[sKey[o]];
      }
      const swap = V; V = W; W = swap;
      prevCount = count;
    }
    let best = Infinity, bs = 0;
    for (let s = 0; s < prevCount; s++) if (V[s] < best) { best = V[s]; bs = s; }
    if (solution && best < Infinity) {
      for (let i = n - 1; i >= 0; i--) {
        const s0 = liveStart[i], w = liveStart[i + 1] - s0;
        let c = bs;
        for (let k = 0; k < w; k++) { const dg = c % 3; c = (c - dg) / 3; solution.unpinned[liveList[s0 + k]] = dg; }
        let e = 0;
        for (let q = pStart[i]; q < pStart[i + 1]; q++) if (plevel[pT[q]] === -1) solution.options[q] = e < MAX_UNDECIDED_PER_OP ? optAt[(stOff[i] + bs) * MAX_UNDECIDED_PER_OP + e++] : 2;
        bs = back[stOff[i] + bs];
      }
    }
    return best;
  };

  // ---- the linear pinned tensors: a knapsack beside the program ----
  // An op that stays DRAM-bound with every candidate tensor on chip (at any level) has time D − Σ on-chip DRAM cycles:
  // each of its tensors saves exactly its DRAM cycles, whatever else is placed. A pinned tensor read only by such ops
  // is linear: it interacts with the rest of the program only through capacity. These are most of the weights of
  // memory-bound models, with equal savings per byte; they are packed exactly by a dynamic program over capacity
  // instead of being branched on (where their ties would make the search exponential).
  const alwaysDram = new Uint8Array(n);
  p.ops.forEach((op, i) => {
    let d = D0[i], g = G0[i];
    for (const t of op.terms) if (active[t.tensor]) { d -= t.dram; g += t.gmem; }
    alwaysDram[i] = d >= Math.max(floor[i], g) ? 1 : 0;
  });
  const isLinear = new Uint8Array(m);
  for (let q = 0; q < pStart[n]; q++) isLinear[pT[q]] = 1;
  for (let i = 0; i < n; i++) if (!alwaysDram[i]) for (let q = pStart[i]; q < pStart[i + 1]; q++) isLinear[pT[q]] = 0;
  const linear = cands.filter((j) => isLinear[j]);
  const linSave = new Float64Array(m);
  for (let q = 0; q < pStart[n]; q++) if (isLinear[pT[q]]) linSave[pT[q]] += pD[q];
  const packer = knapsackPacker(linear.map((j) => bytes[j]), linear.map((j) => linSave[j]), meter);

  // ---- branch and bound over the other pinned candidates ----
  let pinG = 0, pinL = 0;
  const bestLevel = new Int8Array(m);
  let incumbent = Infinity, nodes = 0, declined = false, reason = '';
  const sol = { unpinned: new Int8Array(m), options: new Int8Array(pStart[n]) };
  const linLevel = new Int8Array(linear.length);
  const useG = new Float64Array(n), useL = new Float64Array(n); // a measured leaf's unpinned bytes per point
  /**
   * The exact optimum of the region where the non-linear candidates are decided: unpinned tensors by the DP (GMEM
   * peak ≤ aCap, local slack ≥ sCap), the linear ones packed into what is left of each level. With peaks measured
   * from the DP's solution when `measured` (a feasible completion, not the region's optimum).
   */
  const leaf = (aCap: number, sCap: number, measured: boolean) => {
    for (const j of linear) plevel[j] = 0;
    const v = dp(0, 0, Math.min(C - pinG, aCap), Math.max(pinL, sCap), sol);
    for (const j of linear) plevel[j] = -1;
    if (v === Infinity) return;
    let peak = aCap, slack = sCap;
    if (measured || linear.length === 0) {
      peak = 0; slack = Lmin;
      useG.fill(0); useL.fill(0);
      for (let j = 0; j < m; j++) {
        if (!active[j] || pinned[j]) continue;
        const lv = sol.unpinned[j];
        if (lv === 1) for (let i = first[j]; i <= last[j]; i++) useG[i] += bytes[j];
        else if (lv === 2) for (let i = first[j]; i <= last[j]; i++) useL[i] += bytes[j];
      }
      for (let i = 0; i < n; i++) { peak = Math.max(peak, useG[i]); slack = Math.min(slack, Lcap[i] - useL[i]); }
    }
    let value = v;
    if (linear.length) {
      const k = packer.pack(Math.max(0, C - pinG - peak), Math.max(0, slack - pinL), linLevel, !measured);
      if (!k.exact && !measured) { declined = true; reason = 'the weights\' knapsack is too large to pack exactly'; return; }
      value -= k.value;
    }
    if (value < incumbent) {
      incumbent = value;
      bestLevel.fill(0);
      for (let j = 0; j < m; j++) if (active[j] && !isLinear[j]) bestLevel[j] = pinned[j] ? plevel[j] : sol.unpinned[j];
      linear.forEach((j, r) => { bestLevel[j] = linLevel[r]; });
    }
  };
  const order = cands.filter((j) => !isLinear[j]).sort((a, b) => alone[b] / bytes[b] - alone[a] / bytes[a] || a - b);
  let lamG = 0, lamL = 0;
  const relaxed = { unpinned: new Int8Array(m), options: new Int8Array(pStart[n]) };
  const optionOf = new Int8Array(m);
  // Two coupling ranges, split by the branch and bound: the unpinned tensors' GMEM peak A (pinned GMEM ≤ C − A) and
  // their local slack S = min over points of free local memory less their local bytes (pinned local ≤ S). A node
  // gives its unpinned tensors GMEM aHi and local memory less sLo, and its pinned ones C − aLo and sHi.
  let aLo = 0, aHi = C, sLo = 0, sHi = Lmin;
  const bound = (k: number): number => {
    if (meter.work > maxWork) { declined = true; reason ||= `more than ${maxWork} units of work`; return Infinity; }
    roomG = Math.max(0, C - aLo - pinG) * (1 + 1e-12); roomL = Math.max(0, sHi - pinL) * (1 + 1e-12);
    const v = dp(lamG, lamL, Math.min(C - pinG, aHi), Math.max(pinL, sLo), relaxed);
    if (v === Infinity) return v;
    const lb = v - lamG * Math.max(0, C - aLo - pinG) - lamL * Math.max(0, sHi - pinL);
    if (lb >= incumbent * (1 - relGap)) return lb;
    // a feasible completion: the relaxed options of the non-linear candidates, cut to the budgets by ratio
    optionOf.fill(-1);
    for (let q = 0; q < pStart[n]; q++) if (plevel[pT[q]] === -1 && optionOf[pT[q]] === -1) optionOf[pT[q]] = relaxed.options[q];
    let g = pinG, l = pinL;
    for (let r = k; r < order.length; r++) {
      const j = order[r];
      if (optionOf[j] === 1) { if (g + bytes[j] <= C * (1 + 1e-12)) g += bytes[j]; else optionOf[j] = 0; }
      else if (optionOf[j] === 2) { if (l + bytes[j] <= Lmin * (1 + 1e-12)) l += bytes[j]; else optionOf[j] = 0; }
    }
    const saved = plevel.slice();
    for (let r = k; r < order.length; r++) { const j = order[r]; plevel[j] = Math.max(0, optionOf[j]); }
    const pg = pinG, pl = pinL;
    pinG = g; pinL = l;
    leaf(C, 0, true);
    pinG = pg; pinL = pl;
    plevel.set(saved);
    return lb;
  };
  let maxRatio = 0;
  for (const j of cands) maxRatio = Math.max(maxRatio, alone[j] / bytes[j]);
  /** Undecided pinned bytes the relaxed solution puts in a level (1 GMEM, 2 local), by each tensor's first op. */
  const usage = (level: number) => {
    optionOf.fill(-1);
    let u = 0;
    for (let q = 0; q < pStart[n]; q++) {
      const j = pT[q];
      if (plevel[j] === -1 && optionOf[j] === -1) { optionOf[j] = relaxed.options[q]; if (optionOf[j] === level) u += bytes[j]; }
    }
    return u;
  };
  /**
   * The node's bound with its prices improved: the Lagrangian dual is concave in each price; while the relaxed
   * solution overfills a level's budget, its price is bisected upward on the subgradient. Leaves the best prices set.
   */
  const priced = (k: number, iters: number): number => {
    let bestLb = bound(k), bG = lamG, bL = lamL;
    for (const level of [1, 2]) {
      const budget = level === 1 ? C - aLo - pinG : sHi - pinL;
      if (bestLb >= incumbent * (1 - relGap) || bestLb === Infinity) break;
      lamG = bG; lamL = bL;
      if (usage(level) <= budget) continue;
      let lo = level === 1 ? lamG : lamL, hi = maxRatio * 1.01;
      for (let it = 0; it < iters && bestLb < incumbent * (1 - relGap); it++) {
        const mid = (lo + hi) / 2;
        if (level === 1) lamG = mid; else lamL = mid;
        const lb = bound(k);
        if (lb > bestLb) { bestLb = lb; bG = lamG; bL = lamL; }
        if (usage(level) > budget) lo = mid; else hi = mid;
      }
    }
    lamG = bG; lamL = bL;
    return bestLb;
  };
  // The values the two ranges can take: every state's GMEM bytes, and every point's free local memory less a state's
  // local bytes (with Lmin: no local use). Built only when the root's bound does not already close the search.
  const uniq = (vals: number[]) => { const a = Float64Array.from(vals).sort(); const out: number[] = []; for (const x of a) if (out[out.length - 1] !== x) out.push(x); return out; };
  let A: number[] = [0, C], S: number[] = [0, Lmin];
  const ranges = () => {
    const avals: number[] = [0], svals: number[] = [Lmin, 0];
    for (let i = 0; i < n; i++) {
      for (let o = stOff[i]; o < stOff[i + 1]; o++) {
        if (!valid[o]) continue;
        if (sBG[o] <= C * (1 + 1e-12)) avals.push(sBG[o]);
        const sl = Lcap[i] - sBL[o];
        if (sl >= 0 && sl < Lmin) svals.push(sl);
      }
    }
    A = uniq(avals); S = uniq(svals);
  };
  const dfs = (k: number, alo: number, ahi: number, slo: number, shi: number): void => {
    if (declined) return;
    if (++nodes > maxNodes || meter.work > maxWork) { declined = true; reason = nodes > maxNodes ? `more than ${maxNodes} nodes` : `more than ${maxWork} units of work`; return; }
    const saved = [aLo, aHi, sLo, sHi, lamG, lamL];
    aLo = A[alo]; aHi = A[ahi]; sLo = S[slo]; sHi = S[shi];
    const single = alo === ahi && slo === shi;
    if (single && k === order.length) leaf(aHi, sLo, false);
    else {
      const lb = priced(k, nodes === 2 ? 16 : NODE_PRICE_STEPS);
      if (!(lb === Infinity || lb >= incumbent * (1 - relGap))) {
        if (alo < ahi) { const mid = (alo + ahi) >> 1; dfs(k, mid + 1, ahi, slo, shi); dfs(k, alo, mid, slo, shi); }
        else if (slo < shi) { const mid = (slo + shi) >> 1; dfs(k, alo, ahi, slo, mid); dfs(k, alo, ahi, mid + 1, shi); }
        else {
          const j = order[k];
          // local, GMEM, DRAM
          if (fitL[j] && pinL + bytes[j] <= sHi * (1 + 1e-12)) { plevel[j] = 2; pinL += bytes[j]; dfs(k + 1, alo, ahi, slo, shi); pinL -= bytes[j]; }
          if (fitG[j] && pinG + bytes[j] <= (C - aLo) * (1 + 1e-12)) { plevel[j] = 1; pinG += bytes[j]; dfs(k + 1, alo, ahi, slo, shi); pinG -= bytes[j]; }
          plevel[j] = 0; dfs(k + 1, alo, ahi, slo, shi);
          plevel[j] = -1;
        }
      }
    }
    [aLo, aHi, sLo, sHi, lamG, lamL] = saved;
  };
  // A first incumbent: every non-linear candidate in DRAM (with no candidates at all, the exact optimum).
  for (const j of order) plevel[j] = 0;
  leaf(C, 0, true);
  for (const j of order) plevel[j] = -1;
  if (cands.length) {
    // the root over the whole ranges first; they are split only when it does not close
    const root = priced(0, 16);
    nodes++;
    if (root !== Infinity && root < incumbent * (1 - relGap)) { ranges(); dfs(0, 0, A.length - 1, 0, S.length - 1); }
  }
  const onChip = new Array<boolean>(m), local = new Array<boolean>(m);
  for (let j = 0; j < m; j++) { onChip[j] = bestLevel[j] === 1; local[j] = bestLevel[j] === 2; }
  if (declined || incumbent === Infinity) return { onChip, local, objective: incumbent + constant, nodes, dps, work: meter.work, status: 'declined', reason: reason || 'no placement', incumbent: incumbent + constant };
  return { onChip, local, objective: incumbent + constant, nodes, dps, work: meter.work, status: 'optimal' };
}

const gcd = (a: number, b: number): number => { while (b) [a, b] = [b, a % b]; return a; };

/**
 * Exact 0/1 knapsack over two bins (GMEM and local memory) for items whose value does not depend on the bin. Sizes
 * are counted in units of their greatest common divisor. A depth-first search assigns the items, largest first, to
 * GMEM, local memory or neither, bounded by a dynamic program over the items not yet assigned: the best value that
 * fits the two bins' remaining units together (an upper bound: any packing of the two bins is a set that fits their
 * sum). `pack` is exact when the search finishes within its node budget; otherwise its packing is feasible only.
 */
function knapsackPacker(sizes: number[], values: number[], meter: { work: number }) {
  const k = sizes.length;
  const integral = sizes.every((b) => Number.isInteger(b) && b > 0);
  const unit = integral && k ? sizes.reduce((g, b) => gcd(g, b), 0) : 1;
  const total = sizes.reduce((s, b) => s + b, 0), totalValue = values.reduce((s, v) => s + v, 0);
  // items largest first (ties: more value, then index)
  const ord = sizes.map((_, r) => r).sort((a, b) => sizes[b] - sizes[a] || values[b] - values[a] || a - b);
  const w = ord.map((r) => sizes[r] / unit), v = ord.map((r) => values[r]);
  const MAX_TABLE = 1 << 19, MAX_NODES = 5_000;
  const byRatio = sizes.map((_, r) => r).sort((a, b) => values[b] / sizes[b] - values[a] / sizes[a] || a - b);
  return {
    /** Levels (1 GMEM, 2 local, 0 DRAM) into `level`; the packed value; exact when it is the optimum. */
    pack(capG: number, capL: number, level: Int8Array, search = true): { value: number; exact: boolean } {
      level.fill(0);
      if (k === 0) return { value: 0, exact: true };
      if (total <= capG) { level.fill(1); return { value: totalValue, exact: true }; }
      if (total <= capL) { level.fill(2); return { value: totalValue, exact: true }; }
      // a feasible greedy packing by value per byte: the first incumbent
      let bestValue = 0;
      {
        let g = capG, l = capL;
        for (const r of byRatio) {
          if (sizes[r] <= g) { level[r] = 1; g -= sizes[r]; bestValue += values[r]; } else if (sizes[r] <= l) { level[r] = 2; l -= sizes[r]; bestValue += values[r]; }
        }
      }
      const ug = Math.floor(capG / unit), ul = Math.floor(capL / unit), cells = ug + ul;
      if (!search || !integral || k * (cells + 1) > MAX_TABLE) return { value: bestValue, exact: false };
      // suf[r][c]: the best value of items r.. (in `ord`) within c units
      const stride = cells + 1;
      meter.work += k * stride;
      const suf = new Float64Array((k + 1) * stride);
      for (let r = k - 1; r >= 0; r--) {
        const row = r * stride, next = row + stride, wr = w[r], vr = v[r];
        for (let c = 0; c <= cells; c++) {
          const skip = suf[next + c];
          suf[row + c] = c >= wr ? Math.max(skip, suf[next + c - wr] + vr) : skip;
        }
      }
      if (suf[cells] <= bestValue * (1 + 1e-12)) return { value: bestValue, exact: true };
      const cur = new Int8Array(k), bestCur = new Int8Array(k);
      let found = false, nodes = 0, stopped = false;
      const visited = new Map<number, number>();
      const eps = 1e-12 * Math.max(1, suf[cells]);
      const dfs = (r: number, g: number, l: number, val: number): void => {
        if (stopped) return;
        if (++nodes > MAX_NODES) { stopped = true; return; }
        if (val > bestValue + eps) { bestValue = val; bestCur.set(cur); found = true; }
        if (r === k) return;
        if (val + suf[r * stride + g + l] <= bestValue + eps) return;
        // the same remaining capacities reached before with at least this value: nothing new below (ties between
        // subsets of equal size are the rule)
        const key = (r * (ug + 1) + g) * (ul + 1) + l;
        const seen = visited.get(key);
        if (seen !== undefined && seen >= val - eps) return;
        visited.set(key, val);
        const wr = w[r];
        if (wr <= g) { cur[r] = 1; dfs(r + 1, g - wr, l, val + v[r]); }
        if (wr <= l) { cur[r] = 2; dfs(r + 1, g, l - wr, val + v[r]); }
        cur[r] = 0; dfs(r + 1, g, l, val);
      };
      dfs(0, ug, ul, 0);
      meter.work += nodes;
      if (found) { level.fill(0); ord.forEach((r, q) => { level[r] = bestCur[q]; }); }
      return { value: bestValue, exact: !stopped };
    },
  };
}
