// FAST's operation fusion as an integer linear program: for every tensor (activations in and out, weights), a
// binary "lives in the on-chip global memory (GMEM)" instead of DRAM, under the GMEM capacity at every program
// point (tensor liveness), minimizing total time with each op's compute / memory overlap linearized.
// Model and reasoning: docs/model.md §5.1. Solved with HiGHS (npm `highs`), verified against brute force in tests.
import type { LegacyHighs } from 'highs';

/** A tensor that may live in GMEM: its bytes at the batch and its live range over executed-op indices. */
export interface FusionTensor { name: string; bytes: number; first: number; last: number }

/**
 * One executed op's time as a function of placement:
 * time = max(floor, dramFixed + Σ dram_t·(1 − x_t), gmemFixed + Σ gmem_t·x_t) + constant
 * where floor = max(compute, vector, local-memory cycles) and dram_t / gmem_t are the op's cycles for tensor t's
 * bytes at DRAM / GMEM bandwidth.
 */
export interface FusionOpCost {
  floor: number;
  dramFixed: number;
  gmemFixed: number;
  constant: number;
  terms: { tensor: number; dram: number; gmem: number }[];
}

export interface FusionProblem { capacityBytes: number; tensors: FusionTensor[]; ops: FusionOpCost[] }

export interface FusionSolution {
  onChip: boolean[];
  /** The model's total time (cycles) at this placement. */
  objective: number;
  status: 'optimal' | 'trivial' | 'time_limit' | 'no_gmem';
  solveMs: number;
  variables: number;
  constraints: number;
}

/** The model's total time for a placement (the function the ILP minimizes). */
export function fusionObjective(p: FusionProblem, onChip: readonly boolean[]): number {
  let total = 0;
  for (const op of p.ops) {
    let dram = op.dramFixed, gmem = op.gmemFixed;
    for (const t of op.terms) {
      if (onChip[t.tensor]) gmem += t.gmem;
      else dram += t.dram;
    }
    total += Math.max(op.floor, dram, gmem) + op.constant;
  }
  return total;
}

/** True when the placement fits GMEM at every program point. */
export function fitsCapacity(p: FusionProblem, onChip: readonly boolean[]): boolean {
  const n = p.ops.length;
  const use = new Float64Array(n + 1);
  p.tensors.forEach((t, i) => {
    if (!onChip[i]) return;
    use[t.first] += t.bytes;
    use[t.last + 1] -= t.bytes;
  });
  let live = 0;
  for (let i = 0; i < n; i++) {
    live += use[i];
    if (live > p.capacityBytes * (1 + 1e-12)) return false;
  }
  return true;
}

/** Exhaustive search over all 2^T placements (tests only; T ≤ 20). */
export function bruteForceFusion(p: FusionProblem): { onChip: boolean[]; objective: number } {
  const T = p.tensors.length;
  if (T > 20) throw new Error('brute force is limited to 20 tensors');
  let best = { onChip: new Array<boolean>(T).fill(false), objective: fusionObjective(p, new Array<boolean>(T).fill(false)) };
  for (let mask = 1; mask < 1 << T; mask++) {
    const x = Array.from({ length: T }, (_, i) => (mask & (1 << i)) !== 0);
    if (!fitsCapacity(p, x)) continue;
    const obj = fusionObjective(p, x);
    if (obj < best.objective) best = { onChip: x, objective: obj };
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
  const rows: number[][] = [];
  const seen = new Set<string>();
  let active: number[] = [];
  for (let i = 0; i < n; i++) {
    if (starts[i].length) active = [...active, ...starts[i]].sort((x, y) => x - y);
    let sum = everywhereBytes;
    for (const j of active) sum += p.tensors[j].bytes;
    if (Math.abs(sum - p.capacityBytes) <= 1e-9 * Math.max(sum, p.capacityBytes)) {
      sum = 0;
      for (const j of merged(active)) sum += p.tensors[j].bytes;
    }
    if (sum > p.capacityBytes) {
      const key = active.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        rows.push(merged(active));
      }
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
export function fusionLp(p: FusionProblem): { lp: string; rows: number } {
  let maxTime = 1;
  for (const op of p.ops) maxTime = Math.max(maxTime, op.floor, op.dramFixed + op.terms.reduce((s, t) => s + t.dram, 0), op.gmemFixed + op.terms.reduce((s, t) => s + t.gmem, 0));
  const K = 1 / maxTime, M = 1 / Math.max(1, p.capacityBytes);
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
    // T_i ≥ dramFixed + Σ dram_t (1 − x_t)   ⇔   T_i + Σ dram_t x_t ≥ dramFixed + Σ dram_t
    if (dramAll > op.floor) emit(`d${i}`, [`+ T${i}`, ...op.terms.map((t) => `+ ${fmt(t.dram * K)} x${t.tensor}`)], '>=', dramAll * K);
    // T_i ≥ gmemFixed + Σ gmem_t x_t
    const gmemAll = op.gmemFixed + op.terms.reduce((s, t) => s + t.gmem, 0);
    if (gmemAll > op.floor) emit(`g${i}`, [`+ T${i}`, ...op.terms.map((t) => `- ${fmt(t.gmem * K)} x${t.tensor}`)], '>=', op.gmemFixed * K);
  });
  // Tensors live over the whole program (pinned weights, long-lived inputs) appear in every capacity row; their
  // sum is one auxiliary variable P, defined once, which keeps the LP small (EfficientNet-B7: 2.7 MB → 0.1 MB).
  const whole = p.tensors.map((t) => t.first === 0 && t.last === p.ops.length - 1);
  const pinned = p.tensors.map((_, j) => j).filter((j) => whole[j]);
  const rowsCap = capacityRows(p);
  const usePinned = pinned.length > 1 && rowsCap.length > 1;
  const byteCoef: string[] = []; // a tensor's scaled bytes, formatted once (it recurs in every row it is live in)
  const coef = (j: number) => (byteCoef[j] ??= fmt(p.tensors[j].bytes * M));
  if (usePinned) emit('pin', ['+ P', ...pinned.map((j) => `- ${coef(j)} x${j}`)], '=', 0);
  rowsCap.forEach((live, r) => {
    const terms = live.filter((j) => !(usePinned && whole[j])).map((j) => `+ ${coef(j)} x${j}`);
    emit(`c${r}`, usePinned ? ['+ P', ...terms] : terms, '<=', p.capacityBytes * M);
  });
  lines.push('Bounds');
  p.ops.forEach((op, i) => lines.push(` T${i} >= ${fmt(Math.max(op.floor, op.dramFixed, op.gmemFixed) * K)}`));
  if (p.tensors.length) {
    lines.push('Binary');
    for (let j = 0; j < p.tensors.length; j += 20) lines.push('  ' + p.tensors.slice(j, j + 20).map((_, k) => `x${j + k}`).join(' '));
  }
  lines.push('End');
  return { lp: lines.join('\n'), rows };
}

/**
 * Exact presolve: a tensor all of whose ops are bound by something other than memory even with every tensor in
 * DRAM (Σ dram ≤ floor) can only make those ops slower (more GMEM time) and use capacity by moving on chip, so
 * x = 0 is optimal for it. Returns the reduced problem and, for each reduced tensor, its original index.
 */
export function reduceFusion(p: FusionProblem): { reduced: FusionProblem; keep: number[] } {
  const useful = new Array<boolean>(p.tensors.length).fill(false);
  for (const op of p.ops) {
    const dramAll = op.dramFixed + op.terms.reduce((s, t) => s + t.dram, 0);
    if (dramAll > op.floor) for (const t of op.terms) useful[t.tensor] = true;
  }
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
  return { reduced: { capacityBytes: p.capacityBytes, tensors: keep.map((j) => p.tensors[j]), ops }, keep };
}

/** Solve the fusion ILP to optimality (within HiGHS's MIP gap, set tight). */
export function solveFusion(p: FusionProblem, highs: LegacyHighs, timeLimitSeconds = 20): FusionSolution {
  const T = p.tensors.length;
  const none = new Array<boolean>(T).fill(false);
  const t0 = performance.now();
  if (p.capacityBytes <= 0 || T === 0) {
    return { onChip: none, objective: fusionObjective(p, none), status: 'no_gmem', solveMs: 0, variables: T, constraints: 0 };
  }
  const { reduced, keep } = reduceFusion(p);
  if (reduced.tensors.length === 0) {
    return { onChip: none, objective: fusionObjective(p, none), status: 'trivial', solveMs: performance.now() - t0, variables: 0, constraints: 0 };
  }
  const { lp, rows } = fusionLp(reduced);
  // HiGHS's presolve costs more than it saves on these small, well-scaled models (measured: 8 ms vs 100 ms on
  // EfficientNet-B0 with a 128 MiB GMEM), so it is off.
  const sol = highs.solve(lp, { presolve: 'off', mip_rel_gap: 1e-9, mip_abs_gap: 1e-9, time_limit: timeLimitSeconds, output_flag: false } as never);
  const onChip = new Array<boolean>(T).fill(false);
  keep.forEach((j, k) => {
    const col = (sol.Columns as Record<string, { Primal: number }>)[`x${k}`];
    onChip[j] = col ? col.Primal > 0.5 : false;
  });
  const status = sol.Status === 'Optimal' ? 'optimal' : 'time_limit';
  // A time-limited incumbent is still feasible; fall back to all-DRAM if it is somehow not better.
  const feasible = fitsCapacity(p, onChip);
  const objective = feasible ? fusionObjective(p, onChip) : Infinity;
  const base = fusionObjective(p, none);
  const best = objective <= base ? { onChip, objective } : { onChip: none, objective: base };
  return { ...best, status: rows === 0 && status === 'optimal' ? 'trivial' : status, solveMs: performance.now() - t0, variables: keep.length + p.ops.length, constraints: rows };
}
