// FAST's operation fusion as an integer linear program: for every tensor (activations in and out, weights), a
// binary "lives in the on-chip global memory (GMEM)" and a binary "stays resident in the cores' local memory"
// instead of DRAM (at most one of the two), under each level's capacity at every program point (tensor liveness;
// local memory less the ops' double-buffered working sets), minimizing total time with each op's compute / memory
// overlap linearized.
// Model and reasoning: docs/model.md §5.1. Solved by the structured exact solver (fusion-exact.ts), with HiGHS (npm
// `highs`) for the instances it declines and as the reference in tests; verified against brute force in tests.
import type { LegacyHighs } from 'highs';
import { solveFusionExact } from './fusion-exact';

/** A tensor that may live on chip: its bytes at the batch and its live range over executed-op indices. */
export interface FusionTensor { name: string; bytes: number; first: number; last: number }

/**
 * One executed op's time as a function of placement:
 * time = max(floor, dramFixed + Σ dram_t·(1 − x_t − y_t), gmemFixed + Σ gmem_t·x_t) + constant
 * where x_t / y_t say tensor t lives in GMEM / stays resident in local memory, floor = max(compute, vector,
 * local-memory cycles) and dram_t / gmem_t are the op's cycles for tensor t's bytes at DRAM / GMEM bandwidth. A
 * resident tensor adds nothing: its bytes through local memory are in the op's local-memory cycles (the floor).
 */
export interface FusionOpCost {
  floor: number;
  dramFixed: number;
  gmemFixed: number;
  constant: number;
  terms: { tensor: number; dram: number; gmem: number }[];
}

export interface FusionProblem {
  /** GMEM bytes (0: no GMEM). */
  capacityBytes: number;
  /**
   * Local memory free for resident tensors at each program point (one per op): all cores' local memory less the
   * op's double-buffered working set (docs/model.md §5.1). Absent, or no entry > 0: no local level.
   */
  localCapacityBytes?: number[];
  tensors: FusionTensor[];
  ops: FusionOpCost[];
}

export interface FusionSolution {
  /** Per tensor: lives in GMEM. */
  onChip: boolean[];
  /** Per tensor: stays resident in local memory (never also in GMEM). */
  local: boolean[];
  /** The model's total time (cycles) at this placement. */
  objective: number;
  /** 'no_capacity': neither GMEM nor free local memory, nothing to solve. */
  status: 'optimal' | 'trivial' | 'time_limit' | 'no_capacity';
  /** Which solver answered: the structured exact solver (fusion-exact.ts), or HiGHS for an instance it declined. */
  solver: 'exact' | 'highs' | 'none';
  solveMs: number;
  variables: number;
  constraints: number;
}

/** True when the problem has a local level (some program point with free local memory). */
export function hasLocalLevel(p: FusionProblem): boolean {
  return !!p.localCapacityBytes && p.localCapacityBytes.some((c) => c > 0);
}

/** Local capacity at program point i (0 where the problem has none). */
const localCap = (p: FusionProblem, i: number): number => Math.max(0, p.localCapacityBytes?.[i] ?? 0);

/**
 * Per tensor, whether it fits each level on its own: GMEM, and the free local memory at every point of its live
 * range. A tensor that does not must stay out of that level in any feasible placement (its own live point overflows).
 */
export function levelFits(p: FusionProblem): { gmem: boolean[]; local: boolean[] } {
  const n = p.ops.length, local = hasLocalLevel(p);
  // the least free local memory over each live range, from a table of minima over power-of-two spans
  const spans: Float64Array[] = [];
  if (local && n > 0) {
    const caps = new Float64Array(n);
    for (let i = 0; i < n; i++) caps[i] = localCap(p, i);
    spans.push(caps);
    for (let w = 1; 2 * w <= n; w *= 2) {
      const prev = spans[spans.length - 1], next = new Float64Array(n - 2 * w + 1);
      for (let i = 0; i < next.length; i++) next[i] = Math.min(prev[i], prev[i + w]);
      spans.push(next);
    }
  }
  const leastFree = (a: number, b: number): number => {
    const k = 31 - Math.clz32(b - a + 1), w = 1 << k;
    return Math.min(spans[k][a], spans[k][b - w + 1]);
  };
  return {
    gmem: p.tensors.map((t) => p.capacityBytes > 0 && t.bytes <= p.capacityBytes),
    local: p.tensors.map((t) => {
      if (!local) return false;
      const a = Math.max(0, t.first), b = Math.min(n - 1, t.last);
      return a > b || !(t.bytes > leastFree(a, b));
    }),
  };
}

/** The model's total time for a placement (the function the ILP minimizes): `onChip` GMEM, `local` resident. */
export function fusionObjective(p: FusionProblem, onChip: readonly boolean[], local: readonly boolean[] = []): number {
  let total = 0;
  for (const op of p.ops) {
    let dram = op.dramFixed, gmem = op.gmemFixed;
    for (const t of op.terms) {
      if (onChip[t.tensor]) gmem += t.gmem;
      else if (!local[t.tensor]) dram += t.dram;
    }
    total += Math.max(op.floor, dram, gmem) + op.constant;
  }
  return total;
}

/** True when the placement fits GMEM and local memory at every program point, with no tensor in both. */
export function fitsCapacity(p: FusionProblem, onChip: readonly boolean[], local: readonly boolean[] = []): boolean {
  const n = p.ops.length;
  const use = new Float64Array(n + 1), useLocal = new Float64Array(n + 1);
  let both = false;
  p.tensors.forEach((t, i) => {
    if (onChip[i] && local[i]) both = true;
    const u = onChip[i] ? use : local[i] ? useLocal : undefined;
    if (!u) return;
    u[t.first] += t.bytes;
    u[t.last + 1] -= t.bytes;
  });
  if (both) return false;
  let live = 0, liveLocal = 0;
  for (let i = 0; i < n; i++) {
    live += use[i];
    liveLocal += useLocal[i];
    if (live > p.capacityBytes * (1 + 1e-12)) return false;
    if (liveLocal > localCap(p, i) * (1 + 1e-12)) return false;
  }
  return true;
}

/**
 * Exhaustive search over every placement (tests only): each tensor in DRAM, in GMEM (when the problem has GMEM) or
 * resident in local memory (when it has a local level); at most 2^20 or 3^13 placements.
 */
export function bruteForceFusion(p: FusionProblem): { onChip: boolean[]; local: boolean[]; objective: number } {
  const T = p.tensors.length;
  const levels = 1 + (p.capacityBytes > 0 ? 1 : 0) + (hasLocalLevel(p) ? 1 : 0);
  const gmemCode = p.capacityBytes > 0 ? 1 : -1, localCode = hasLocalLevel(p) ? levels - 1 : -1;
  if (levels ** T > 2 ** 20) throw new Error(`brute force is limited to 2^20 placements (${levels}^${T})`);
  const none = new Array<boolean>(T).fill(false);
  let best = { onChip: none, local: none, objective: fusionObjective(p, none, none) };
  const digit = new Array<number>(T).fill(0);
  for (let k = 1; k < levels ** T; k++) {
    for (let i = 0; i < T; i++) { if (++digit[i] < levels) break; digit[i] = 0; } // count in base `levels`
    const x = digit.map((d) => d === gmemCode), y = digit.map((d) => d === localCode);
    if (!fitsCapacity(p, x, y)) continue;
    const obj = fusionObjective(p, x, y);
    if (obj < best.objective) best = { onChip: x, local: y, objective: obj };
  }
  return best;
}

/**
 * Capacity rows: one per program point whose live candidates could overflow GMEM, deduplicated, each the live
 * tensors in ascending index. A sweep over the program keeps the live set (tensors live at every point apart), so
 * the cost is the live sets' sizes, not ops × tensors; the overflow test sums the live bytes in ascending index
 * (the order a plain scan would use) whenever the quick sum is within rounding of the capacity.
 */
export function capacityRows(p: FusionProblem): number[][] {
  return levelRows(p, () => p.capacityBytes).map((r) => r.live);
}

/** Local-memory capacity rows: as capacityRows with each program point's free local memory; a live set that recurs
 * at several points keeps the smallest capacity among those where it could overflow. */
export function localRows(p: FusionProblem): { live: number[]; cap: number }[] {
  return levelRows(p, (i) => localCap(p, i));
}

function levelRows(p: FusionProblem, capAt: (i: number) => number): { live: number[]; cap: number }[] {
  const n = p.ops.length;
  const everywhere: number[] = [];
  let everywhereBytes = 0;
  const starts: number[][] = Array.from({ length: n }, () => []);
  const ends: number[][] = Array.from({ length: n }, () => []);
  p.tensors.forEach((t, j) => {
    const a = Math.max(0, t.first), b = Math.min(n - 1, t.last);
    if (a > b) return; // never live
    if (a === 0 && b === n - 1) { everywhere.push(j); everywhereBytes += t.bytes; return; }
    starts[a].push(j);
    ends[b].push(j);
  });
  const merged = (active: readonly number[]): number[] => {
    const out: number[] = [];
    let u = 0, v = 0;
    while (u < everywhere.length || v < active.length) {
      if (v === active.length || (u < everywhere.length && everywhere[u] < active[v])) out.push(everywhere[u++]);
      else out.push(active[v++]);
    }
    return out;
  };
  const rows: { live: number[]; cap: number }[] = [];
  const seen = new Map<string, number>();
  let active: number[] = [];
  for (let i = 0; i < n; i++) {
    if (starts[i].length) active = [...active, ...starts[i]].sort((x, y) => x - y);
    const cap = capAt(i);
    let sum = everywhereBytes;
    for (const j of active) sum += p.tensors[j].bytes;
    if (Math.abs(sum - cap) <= 1e-9 * Math.max(sum, cap)) {
      sum = 0;
      for (const j of merged(active)) sum += p.tensors[j].bytes;
    }
    if (sum > cap) {
      const key = active.join(',');
      const r = seen.get(key);
      if (r === undefined) {
        seen.set(key, rows.length);
        rows.push({ live: merged(active), cap });
      } else rows[r].cap = Math.min(rows[r].cap, cap);
    }
    if (ends[i].length) { const gone = new Set(ends[i]); active = active.filter((j) => !gone.has(j)); }
  }
  return rows;
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(15)).toString() : '0');

/**
 * Write the ILP in CPLEX LP format. Coefficients are scaled to at most 1 (times by the largest op time, bytes by
 * the capacity) so the solver's absolute tolerances mean the same thing for a toy graph and for EfficientNet-B7.
 */
export function fusionLp(p: FusionProblem): { lp: string; rows: number; scale: number } {
  const gmem = p.capacityBytes > 0, local = hasLocalLevel(p);
  let maxTime = 1;
  for (const op of p.ops) maxTime = Math.max(maxTime, op.floor, op.dramFixed + op.terms.reduce((s, t) => s + t.dram, 0), op.gmemFixed + op.terms.reduce((s, t) => s + t.gmem, 0));
  const K = 1 / maxTime, M = 1 / Math.max(1, p.capacityBytes);
  const ML = 1 / Math.max(1, ...(p.localCapacityBytes ?? []));
  // x_j / y_j exist only where tensor j fits GMEM / its free local memory on its own (levelFits); else they are 0.
  const fits = levelFits(p);
  const hasX = fits.gmem.map((f) => gmem && f), hasY = fits.local.map((f) => local && f);
  const lines: string[] = ['Minimize', ' obj:'];
  const objTerms = p.ops.map((_, i) => `T${i}`);
  for (let i = 0; i < objTerms.length; i += 20) lines.push('  + ' + objTerms.slice(i, i + 20).join(' + '));
  lines.push('Subject To');
  let rows = 0;
  const emit = (name: string, terms: string[], rel: string, rhs: number) => {
    lines.push(` ${name}:`);
    for (let i = 0; i < terms.length; i += 12) lines.push('  ' + terms.slice(i, i + 12).join(' '));
    lines.push(`  ${rel} ${fmt(rhs)}`);
    rows++;
  };
  p.ops.forEach((op, i) => {
    if (op.terms.length === 0) return;
    const dramAll = op.dramFixed + op.terms.reduce((s, t) => s + t.dram, 0);
    // T_i ≥ dramFixed + Σ dram_t (1 − x_t − y_t)   ⇔   T_i + Σ dram_t (x_t + y_t) ≥ dramFixed + Σ dram_t
    if (dramAll > op.floor) {
      emit(`d${i}`, [`+ T${i}`, ...op.terms.flatMap((t) => [
        ...(hasX[t.tensor] ? [`+ ${fmt(t.dram * K)} x${t.tensor}`] : []), ...(hasY[t.tensor] ? [`+ ${fmt(t.dram * K)} y${t.tensor}`] : [])])], '>=', dramAll * K);
    }
    // T_i ≥ gmemFixed + Σ gmem_t x_t
    const gmemAll = op.gmemFixed + op.terms.reduce((s, t) => s + t.gmem, 0);
    const gx = op.terms.filter((t) => hasX[t.tensor]);
    if (gx.length && gmemAll > op.floor) emit(`g${i}`, [`+ T${i}`, ...gx.map((t) => `- ${fmt(t.gmem * K)} x${t.tensor}`)], '>=', op.gmemFixed * K);
  });
  // A tensor lives in at most one on-chip level.
  p.tensors.forEach((_, j) => { if (hasX[j] && hasY[j]) emit(`o${j}`, [`+ x${j}`, `+ y${j}`], '<=', 1); });
  // Tensors live over the whole program (pinned weights, long-lived inputs) appear in every capacity row; their
  // sum is one auxiliary variable P, defined once, which keeps the LP small (EfficientNet-B7: 2.7 MB → 0.1 MB).
  // The same for local memory (Q, y) with each row's own capacity.
  const whole = p.tensors.map((t) => t.first === 0 && t.last === p.ops.length - 1);
  const pinnedAll = p.tensors.map((_, j) => j).filter((j) => whole[j]);
  const level = (v: 'x' | 'y', pin: 'P' | 'Q', scale: number, allRows: { live: number[]; cap: number }[]) => {
    const has = v === 'x' ? hasX : hasY;
    // Rows over the tensors that can take the level; a row they cannot overflow is dropped.
    const rowsCap = allRows.map(({ live, cap }) => ({ live: live.filter((j) => has[j]), cap }))
      .filter(({ live, cap }) => live.reduce((sum, j) => sum + p.tensors[j].bytes, 0) > cap);
    const pinned = pinnedAll.filter((j) => has[j]);
    const usePinned = pinned.length > 1 && rowsCap.length > 1;
    const byteCoef: string[] = []; // a tensor's scaled bytes, formatted once (it recurs in every row it is live in)
    const coef = (j: number) => (byteCoef[j] ??= fmt(p.tensors[j].bytes * scale));
    if (usePinned) emit(`pin${pin}`, [`+ ${pin}`, ...pinned.map((j) => `- ${coef(j)} ${v}${j}`)], '=', 0);
    rowsCap.forEach(({ live, cap }, r) => {
      const terms = live.filter((j) => !(usePinned && whole[j])).map((j) => `+ ${coef(j)} ${v}${j}`);
      emit(`${v === 'x' ? 'c' : 'l'}${r}`, usePinned ? [`+ ${pin}`, ...terms] : terms, '<=', cap * scale);
    });
  };
  if (gmem) level('x', 'P', M, capacityRows(p).map((live) => ({ live, cap: p.capacityBytes })));
  if (local) level('y', 'Q', ML, localRows(p));
  lines.push('Bounds');
  p.ops.forEach((op, i) => lines.push(` T${i} >= ${fmt(Math.max(op.floor, op.dramFixed, op.gmemFixed) * K)}`));
  const binaries = [...p.tensors.flatMap((_, j) => (hasX[j] ? [`x${j}`] : [])), ...p.tensors.flatMap((_, j) => (hasY[j] ? [`y${j}`] : []))];
  if (binaries.length) {
    lines.push('Binary');
    for (let j = 0; j < binaries.length; j += 20) lines.push('  ' + binaries.slice(j, j + 20).join(' '));
  }
  lines.push('End');
  return { lp: lines.join('\n'), rows, scale: K };
}

/**
 * Exact presolve: a tensor all of whose ops are bound by something other than memory even with every tensor in
 * DRAM (Σ dram ≤ floor) can only make those ops slower (more GMEM time) or leave them as they are (local memory)
 * and use capacity by moving on chip, so x = y = 0 is optimal for it; so is a tensor that fits neither level on its
 * own (levelFits). Returns the reduced problem and, for each reduced tensor, its original index.
 */
export function reduceFusion(p: FusionProblem): { reduced: FusionProblem; keep: number[] } {
  const useful = new Array<boolean>(p.tensors.length).fill(false);
  for (const op of p.ops) {
    const dramAll = op.dramFixed + op.terms.reduce((s, t) => s + t.dram, 0);
    if (dramAll > op.floor) for (const t of op.terms) useful[t.tensor] = true;
  }
  // A tensor that fits neither level on its own stays in DRAM in every feasible placement.
  const fits = levelFits(p);
  fits.gmem.forEach((g, j) => { if (!g && !fits.local[j]) useful[j] = false; });
  const keep = p.tensors.map((_, j) => j).filter((j) => useful[j]);
  const newIndex = new Map(keep.map((j, k) => [j, k]));
  const ops = p.ops.map((op) => {
    let dramFixed = op.dramFixed;
    const terms: FusionOpCost['terms'] = [];
    for (const t of op.terms) {
      const k = newIndex.get(t.tensor);
      if (k === undefined) dramFixed += t.dram;
      else terms.push({ tensor: k, dram: t.dram, gmem: t.gmem });
    }
    return { floor: op.floor, dramFixed, gmemFixed: op.gmemFixed, constant: op.constant, terms };
  });
  return { reduced: { ...p, tensors: keep.map((j) => p.tensors[j]), ops }, keep };
}

/**
 * HiGHS's branch-and-bound node budget for the fallback: deterministic, unlike a time limit (a solve starved of CPU
 * once passed a 20 s limit and changed a trial: docs/model.md §5.1). Over 82 programs declined in four EfficientNet-B0
 * studies, HiGHS needed at most 76 nodes (median 1) for its answer; past the budget the best placement found stands.
 */
export const HIGHS_MAX_NODES = 20_000;
/** A last guard against a solve that never ends (a search's trial deadline, 300 s, comes first). */
const HIGHS_TIME_LIMIT_S = 600;

/** Solve the fusion ILP to optimality (within HiGHS's MIP gap, set tight). */
export function solveFusion(p: FusionProblem, highs: LegacyHighs, timeLimitSeconds = HIGHS_TIME_LIMIT_S): FusionSolution {
  const T = p.tensors.length;
  const none = new Array<boolean>(T).fill(false);
  const t0 = performance.now();
  const levels = (p.capacityBytes > 0 ? 1 : 0) + (hasLocalLevel(p) ? 1 : 0);
  if (levels === 0 || T === 0) {
    return { onChip: none, local: none, objective: fusionObjective(p, none), status: 'no_capacity', solver: 'none', solveMs: 0, variables: T, constraints: 0 };
  }
  const { reduced, keep } = reduceFusion(p);
  let sol: FusionSolution;
  if (reduced.tensors.length === 0) {
    sol = { onChip: none, local: none, objective: fusionObjective(p, none), status: 'trivial', solver: 'none', solveMs: 0, variables: 0, constraints: 0 };
  } else {
    // The structured solver first (docs/model.md §5.1); HiGHS for the instances it declines.
    const exact = solveFusionExact(reduced);
    const onChip = new Array<boolean>(T).fill(false), local = new Array<boolean>(T).fill(false);
    keep.forEach((j, k) => { onChip[j] = exact.onChip[k]; local[j] = !onChip[j] && exact.local[k]; });
    // (a placement that does not fit would be a solver fault: HiGHS answers instead)
    if (exact.status === 'optimal' && fitsCapacity(p, onChip, local)) {
      const objective = fusionObjective(p, onChip, local);
      const base = fusionObjective(p, none);
      const best = objective <= base ? { onChip, local, objective } : { onChip: none, local: none, objective: base };
      sol = { ...best, status: 'optimal', solver: 'exact', solveMs: 0, variables: keep.length * levels + p.ops.length, constraints: 0 };
    } else {
      // HiGHS, told the best placement found so far (a bound that prunes its search; kept if HiGHS finds nothing better)
      const start = exact.incumbent !== undefined && Number.isFinite(exact.incumbent) ? { onChip: exact.onChip, local: exact.local } : undefined;
      sol = solveWithHighs(p, reduced, keep, highs, timeLimitSeconds, t0, {}, start);
    }
  }
  const filled = fillFreeCapacity(p, sol.onChip, sol.local);
  return { ...sol, ...filled, objective: fusionObjective(p, filled.onChip, filled.local), solveMs: performance.now() - t0 };
}

/**
 * The tie-break among time-optimal placements (docs/model.md §5.1): with the solver's placement kept, every other
 * tensor, most DRAM cycles first (then by index), moves on chip where it fits and no op gets slower — to local memory
 * (which never slows an op), else to GMEM. The program's time is unchanged or lower; DRAM traffic only falls. Both
 * solvers' answers go through it, so the model's placement does not hinge on which of several equal optima a solver
 * happens to return, and a tensor the time objective is indifferent to stays on chip when there is room, as a compiler
 * would keep it. `walk` (tests) checks fits point by point, the path taken for fractional bytes.
 */
export function fillFreeCapacity(p: FusionProblem, onChip: readonly boolean[], local: readonly boolean[], walk = false): { onChip: boolean[]; local: boolean[] } {
  const n = p.ops.length, T = p.tensors.length;
  const x = onChip.slice(), y = local.slice();
  const gmem = p.capacityBytes > 0, hasLocal = hasLocalLevel(p);
  if (!gmem && !hasLocal) return { onChip: x, local: y };
  const useG = new Float64Array(n), useL = new Float64Array(n);
  const span = (t: FusionTensor) => [Math.max(0, t.first), Math.min(n - 1, t.last)] as const;
  p.tensors.forEach((t, j) => {
    const [a, b] = span(t);
    if (x[j]) for (let i = a; i <= b; i++) useG[i] += t.bytes;
    else if (y[j]) for (let i = a; i <= b; i++) useL[i] += t.bytes;
  });
  // Per tensor, the ops that read or write it (compressed rows: opAt/opDram/opGmem from opStart[j] to opStart[j + 1]).
  const D = new Float64Array(n), G = new Float64Array(n);
  const opStart = new Int32Array(T + 1);
  for (const op of p.ops) for (const t of op.terms) opStart[t.tensor + 1]++;
  for (let j = 0; j < T; j++) opStart[j + 1] += opStart[j];
  const opAt = new Int32Array(opStart[T]), opDram = new Float64Array(opStart[T]), opGmem = new Float64Array(opStart[T]);
  const dramOf = new Float64Array(T);
  {
    const next = opStart.slice(0, T);
    p.ops.forEach((op, i) => {
      D[i] = op.dramFixed; G[i] = op.gmemFixed;
      for (const t of op.terms) {
        const e = next[t.tensor]++;
        opAt[e] = i; opDram[e] = t.dram; opGmem[e] = t.gmem;
        dramOf[t.tensor] += t.dram;
        if (x[t.tensor]) G[i] += t.gmem; else if (!y[t.tensor]) D[i] += t.dram;
      }
    });
  }
  const order = indicesByKeyDescending(T, (j) => !x[j] && !y[j] && dramOf[j] > 0, dramOf);
  // With whole-byte tensors (what the compiler builds) every sum below is an exact integer, so "fits at every point
  // of the range" is one range maximum: of GMEM use against the capacity, and of local use less each point's
  // capacity (both capacities rounded down, which keeps the comparisons exact). Otherwise the range is walked.
  let total = 0;
  for (const t of p.tensors) total += t.bytes;
  const whole = !walk && total < 2 ** 52 && p.tensors.every((t) => Number.isInteger(t.bytes) && t.bytes >= 0)
    && !Number.isNaN(p.capacityBytes) && !(p.localCapacityBytes ?? []).some(Number.isNaN);
  const capG = Math.floor(p.capacityBytes * (1 + 1e-12));
  const gTree = whole && gmem ? new RangeMax(useG) : null;
  if (whole && hasLocal) for (let i = 0; i < n; i++) useL[i] -= Math.floor(localCap(p, i) * (1 + 1e-12));
  const lTree = whole && hasLocal ? new RangeMax(useL) : null;
  for (const j of order) {
    const t = p.tensors[j], [a, b] = span(t);
    if (a > b) continue;
    let fitsL = hasLocal, fitsG = gmem;
    if (whole) {
      fitsL = hasLocal && lTree!.max(a, b) + t.bytes <= 0;
      fitsG = gmem && !fitsL && gTree!.max(a, b) + t.bytes <= capG;
    } else {
      for (let i = a; i <= b && (fitsL || fitsG); i++) {
        if (fitsL && useL[i] + t.bytes > localCap(p, i) * (1 + 1e-12)) fitsL = false;
        if (fitsG && useG[i] + t.bytes > p.capacityBytes * (1 + 1e-12)) fitsG = false;
      }
    }
    if (fitsL) {
      y[j] = true;
      if (lTree) lTree.add(a, b, t.bytes);
      else for (let i = a; i <= b; i++) useL[i] += t.bytes;
      for (let e = opStart[j]; e < opStart[j + 1]; e++) D[opAt[e]] -= opDram[e];
      continue;
    }
    if (!fitsG) continue;
    let slower = false;
    for (let e = opStart[j]; e < opStart[j + 1] && !slower; e++) {
      const i = opAt[e], floor = p.ops[i].floor;
      slower = Math.max(floor, D[i] - opDram[e], G[i] + opGmem[e]) > Math.max(floor, D[i], G[i]);
    }
    if (slower) continue;
    x[j] = true;
    if (gTree) gTree.add(a, b, t.bytes);
    else for (let i = a; i <= b; i++) useG[i] += t.bytes;
    for (let e = opStart[j]; e < opStart[j + 1]; e++) { D[opAt[e]] -= opDram[e]; G[opAt[e]] += opGmem[e]; }
  }
  return { onChip: x, local: y };
}

/**
 * The indices j < count with keep(j), by key descending and then by index: the order of a stable sort by
 * key[b] − key[a], without a comparator (the keys sorted natively; each index placed after the larger keys and the
 * equal keys of smaller indices). Keys must not be NaN.
 */
export function indicesByKeyDescending(count: number, keep: (j: number) => boolean, key: Float64Array): Int32Array {
  let k = 0;
  const chosen = new Int32Array(count);
  for (let j = 0; j < count; j++) if (keep(j)) chosen[k++] = j;
  const sorted = new Float64Array(k);
  for (let r = 0; r < k; r++) sorted[r] = key[chosen[r]];
  sorted.sort();
  const placed = new Int32Array(k + 1), out = new Int32Array(k);
  for (let r = 0; r < k; r++) {
    const v = key[chosen[r]];
    let lo = 0, hi = k; // the first position whose key exceeds v
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] > v) hi = mid; else lo = mid + 1; }
    out[k - lo + placed[lo]++] = chosen[r];
  }
  return out;
}

/** Maximum over a range of points, with a value added over a range: a segment tree with pending additions. */
class RangeMax {
  readonly #n: number;
  readonly #max: Float64Array;
  readonly #add: Float64Array;
  constructor(values: ArrayLike<number>) {
    this.#n = values.length;
    this.#max = new Float64Array(4 * Math.max(1, this.#n));
    this.#add = new Float64Array(4 * Math.max(1, this.#n));
    const build = (k: number, lo: number, hi: number): void => {
      if (lo === hi) { this.#max[k] = values[lo]; return; }
      const mid = (lo + hi) >> 1;
      build(2 * k, lo, mid); build(2 * k + 1, mid + 1, hi);
      this.#max[k] = Math.max(this.#max[2 * k], this.#max[2 * k + 1]);
    };
    if (this.#n) build(1, 0, this.#n - 1);
  }
  add(a: number, b: number, v: number, k = 1, lo = 0, hi = this.#n - 1): void {
    if (b < lo || hi < a) return;
    if (a <= lo && hi <= b) { this.#max[k] += v; this.#add[k] += v; return; }
    const mid = (lo + hi) >> 1;
    this.add(a, b, v, 2 * k, lo, mid); this.add(a, b, v, 2 * k + 1, mid + 1, hi);
    this.#max[k] = Math.max(this.#max[2 * k], this.#max[2 * k + 1]) + this.#add[k];
  }
  max(a: number, b: number, k = 1, lo = 0, hi = this.#n - 1): number {
    if (b < lo || hi < a) return -Infinity;
    if (a <= lo && hi <= b) return this.#max[k];
    const mid = (lo + hi) >> 1;
    return Math.max(this.max(a, b, 2 * k, lo, mid), this.max(a, b, 2 * k + 1, mid + 1, hi)) + this.#add[k];
  }
}

/** The reduced program solved by HiGHS (the reference, and the fallback for instances the exact solver declines). */
export function solveWithHighs(p: FusionProblem, reduced: FusionProblem, keep: number[], highs: LegacyHighs, timeLimitSeconds = HIGHS_TIME_LIMIT_S, t0 = performance.now(),
  tolerances: Record<string, number | string> = {}, start?: { onChip: boolean[]; local: boolean[] }): FusionSolution {
  const T = p.tensors.length;
  const none = new Array<boolean>(T).fill(false);
  const levels = (p.capacityBytes > 0 ? 1 : 0) + (hasLocalLevel(p) ? 1 : 0);
  const { lp, rows, scale } = fusionLp(reduced);
  // A known placement (in the reduced problem's indices) bounds the search: HiGHS looks only for better ones.
  const constants = reduced.ops.reduce((sum, op) => sum + op.constant, 0);
  const startObjective = start && fitsCapacity(reduced, start.onChip, start.local) ? fusionObjective(reduced, start.onChip, start.local) : Infinity;
  const bound = Number.isFinite(startObjective) ? { objective_bound: (startObjective - constants) * scale * (1 + 1e-9) + 1e-12 } : {};
  // HiGHS's presolve is on: with the local level it saves more than it costs (measured over ResNet-50 v2,
  // BERT-1024, BERT-128, EfficientNet-B0 and -B7 at batch 8 and 64 on tpu-v3 and tpuv4i: 2.3 s in all vs 4.1 s
  // with it off; ResNet-50 v2 at batch 64 on tpu-v3 0.3 s vs 0.7 s). It was off for GMEM-only models.
  const sol = highs.solve(lp, { presolve: 'on', mip_rel_gap: 1e-9, mip_abs_gap: 1e-9, mip_max_nodes: HIGHS_MAX_NODES, time_limit: timeLimitSeconds, output_flag: false, ...bound, ...tolerances } as never);
  const onChip = new Array<boolean>(T).fill(false), local = new Array<boolean>(T).fill(false);
  const columns = sol.Columns as Record<string, { Primal: number }>;
  keep.forEach((j, k) => {
    onChip[j] = (columns[`x${k}`]?.Primal ?? 0) > 0.5;
    local[j] = !onChip[j] && (columns[`y${k}`]?.Primal ?? 0) > 0.5;
  });
  let status: FusionSolution['status'] = sol.Status === 'Optimal' ? 'optimal' : 'time_limit';
  // A time-limited incumbent is still feasible; fall back to all-DRAM if it is somehow not better.
  const feasible = fitsCapacity(p, onChip, local);
  let objective = feasible ? fusionObjective(p, onChip, local) : Infinity;
  if (start && Number.isFinite(startObjective)) {
    // HiGHS found nothing better than the known placement (within its tolerances): the known one stands, optimal
    // when HiGHS proved no better one exists.
    const x = new Array<boolean>(T).fill(false), y = new Array<boolean>(T).fill(false);
    keep.forEach((j, k) => { x[j] = start.onChip[k]; y[j] = !x[j] && start.local[k]; });
    const known = fusionObjective(p, x, y);
    if (sol.Status !== 'Optimal' || !(objective < known)) {
      onChip.splice(0, T, ...x); local.splice(0, T, ...y); objective = known;
      status = sol.Status === 'Optimal' || sol.Status === 'Infeasible' || sol.Status === 'Bound on objective reached' ? 'optimal' : 'time_limit';
    }
  }
  const base = fusionObjective(p, none);
  const best = objective <= base ? { onChip, local, objective } : { onChip: none, local: none, objective: base };
  return { ...best, status: rows === 0 && status === 'optimal' ? 'trivial' : status, solver: 'highs', solveMs: performance.now() - t0, variables: keep.length * levels + p.ops.length, constraints: rows };
}
