// FAST's software passes around the simulator: schedule search, padding / layout search and fusion (tensor residency
// in GMEM or local memory),
// each switchable (`--passes`). The baseline software is every pass off: the fixed TPU-style schedule and layout,
// all tensors in DRAM (docs/model.md §5). PASSES is the one table of them (id, label, explanation): the page's
// toggles, share links, the CLI's help and the ablation's rows derive from it.
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import type { WorkloadSpec } from '../workload/types';
import { evaluatePrepared, evaluateWorkload, prepared, type WorkloadResult } from '../sim/engine';
import { tensorBytes } from '../sim/lower';
import type { Location, Machine, Software } from '../core/records';
import { solveFusion, type FusionProblem, type FusionSolution } from './fusion';

/** The passes in the order they are listed and applied; `explain` is the sentence the page shows on a toggle. */
export const PASSES = [
  { id: 'schedule', label: 'schedule', explain: 'Search each op\'s schedule (splits, loop order, tiles) instead of the fixed TPU-style heuristic.' },
  { id: 'padding', label: 'padding', explain: 'Search the layout of grouped convolutions (packing, or the vector unit for depthwise) instead of padding channels onto the arrays.' },
  { id: 'fusion', label: 'fusion', explain: 'Solve an integer linear program that keeps tensors on chip instead of DRAM: resident in the cores\' local memory (what the tiles leave free, e.g. TPU-v3\'s VMEM) or in the global memory (GMEM) when there is one.' },
  { id: 'attention', label: 'fused attention', explain: 'Run each attention (scores, softmax, context) as one tiled kernel with the online softmax, keeping the scores on chip instead of in DRAM (FlashAttention).' },
] as const;
export type PassName = (typeof PASSES)[number]['id'];
export const PASS_NAMES: readonly PassName[] = PASSES.map((p) => p.id);
/** "all, none, or a comma list of schedule, padding, fusion, attention": what `--passes` and the `passes` link key accept. */
export const PASSES_SYNTAX = `all, none, or a comma list of ${PASS_NAMES.join(', ')}`;
export type PassSet = Record<PassName, boolean>;
const everyPass = (on: boolean) => Object.fromEntries(PASS_NAMES.map((n) => [n, on])) as PassSet;
export const ALL_PASSES: PassSet = everyPass(true);
export const NO_PASSES: PassSet = everyPass(false);

/** Parse `all`, `none` (or `baseline`) or a comma list of pass names; throws a message naming the bad word. */
export function parsePasses(text: string): PassSet {
  const t = text.trim().toLowerCase();
  if (t === 'all') return { ...ALL_PASSES };
  if (t === 'none' || t === 'baseline') return { ...NO_PASSES };
  const set = { ...NO_PASSES };
  for (const word of t.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(PASS_NAMES as readonly string[]).includes(word)) {
      throw new Error(`--passes: unknown pass ${JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}…` : word)} (use ${PASSES_SYNTAX})`);
    }
    set[word as PassName] = true;
  }
  return set;
}

export function passesLabel(p: PassSet): string {
  const on = PASS_NAMES.filter((n) => p[n]);
  return on.length === PASS_NAMES.length ? 'all' : on.length === 0 ? 'none' : on.join(',');
}

export function softwareFor(p: PassSet): Software {
  return { schedule: p.schedule ? 'searched' : 'baseline', layout: p.padding ? 'searched' : 'baseline' };
}

/**
 * Bytes of local memory one core needs for an op's chosen schedule: its A, B and accumulator tiles on the arrays
 * (tileM·tileK + tileK·tileN elements, tileM·tileN accumulators), twice when double-buffered, at most the core's
 * local memory. A vector-unit op streams and reserves nothing; a fused attention takes it all (docs/model.md §5.1).
 */
export function workingSetBytes(op: WorkloadResult['ops'][number], elementBytes: number, m: Machine): number {
  const s = op.schedule;
  // A fused attention (§5.4) tiles scores, softmax and context in the whole local memory.
  if ((op as { fusedAttention?: boolean }).fusedAttention) return m.localMemoryBytesPerCore;
  if (s.unit !== 'systolic' || !(s.tileM > 0 && s.tileN > 0 && s.tileK > 0)) return 0;
  const one = (s.tileM * s.tileK + s.tileK * s.tileN) * elementBytes + s.tileM * s.tileN * m.accumulatorBytes;
  return Math.min(m.localMemoryBytesPerCore, one * (s.doubleBuffer ? 2 : 1));
}

/** A workload's tensors by name, built once per workload object (a search builds a fusion problem every trial). */
const byName = new WeakMap<WorkloadSpec, { list: WorkloadSpec['tensors']; length: number; map: Map<string, WorkloadSpec['tensors'][number]> }>();
function tensorsByName(w: WorkloadSpec): Map<string, WorkloadSpec['tensors'][number]> {
  const known = byName.get(w);
  if (known && known.list === w.tensors && known.length === w.tensors.length) return known.map;
  const map = new Map(w.tensors.map((t) => [t.name, t]));
  byName.set(w, { list: w.tensors, length: w.tensors.length, map });
  return map;
}

/**
 * The fusion problem from an all-DRAM evaluation: each op's bytes per operand under its chosen schedule become
 * per-tensor DRAM or GMEM cycles; liveness runs from the producing op to the last consumer (graph inputs from
 * the start, weights pinned for the whole program). Local memory free for resident tensors at op i: every core's
 * local memory less op i's working set (workingSetBytes).
 */
export function buildFusionProblem(w: WorkloadSpec, r: WorkloadResult, m: Machine): FusionProblem {
  const tensors = tensorsByName(w);
  const n = r.ops.length;
  const localCapacityBytes = r.ops.map((op) => {
    const eb = tensors.get(op.operands.c ?? '')?.elementBytes ?? tensors.get(op.operands.a ?? '')?.elementBytes ?? 2;
    return m.cores * Math.max(0, m.localMemoryBytesPerCore - workingSetBytes(op, eb, m));
  });
  const largest = Math.max(m.globalMemoryBytes, 0, ...localCapacityBytes);
  const index = new Map<string, number>();
  const list: FusionProblem['tensors'] = [];
  const candidate = (name: string | undefined): number | undefined => {
    if (!name) return undefined;
    const known = index.get(name);
    if (known !== undefined) return known;
    const spec = tensors.get(name);
    const bytes = tensorBytes(spec, r.batch);
    if (!spec || bytes <= 0 || bytes > largest) return undefined;
    const weight = spec.kind === 'weight';
    list.push({ name, bytes, first: weight ? 0 : spec.kind === 'input' ? 0 : n, last: weight ? n - 1 : 0 });
    index.set(name, list.length - 1);
    return list.length - 1;
  };
  const ops: FusionProblem['ops'] = r.ops.map((op, i) => {
    const cost = {
      floor: Math.max(op.computeCycles, op.vectorCycles, op.localCycles),
      dramFixed: 0, gmemFixed: 0, constant: op.exposedCycles + op.overheadCycles,
      terms: [] as FusionProblem['ops'][number]['terms'],
    };
    const charge = (name: string | undefined, bytes: number, produced: boolean) => {
      // (a fused attention's scores stay on chip by construction: no transfer to place)
      if (!(bytes > 0) || (name !== undefined && op.operands.onChip?.includes(name))) return;
      const j = candidate(name);
      if (j === undefined) { cost.dramFixed += bytes / m.dramBytesPerCycle; return; }
      const t = list[j];
      if (produced) t.first = Math.min(t.first, i);
      t.last = Math.max(t.last, i);
      const dram = bytes / m.dramBytesPerCycle, gmem = bytes / m.globalMemoryBytesPerCycle;
      const term = cost.terms.find((x) => x.tensor === j);
      if (term) { term.dram += dram; term.gmem += gmem; } else cost.terms.push({ tensor: j, dram, gmem });
    };
    const o = op.operands;
    charge(o.a, op.operandBytes.a, false);
    charge(o.b, op.operandBytes.b, false);
    charge(o.c, op.operandBytes.c, true);
    const extraTotal = o.extras.reduce((s, t) => s + tensorBytes(tensors.get(t), r.batch), 0);
    for (const t of o.extras) {
      charge(t, extraTotal > 0 ? op.operandBytes.extra * tensorBytes(tensors.get(t), r.batch) / extraTotal : 0, !!o.extraOutputs?.includes(t));
    }
    return cost;
  });
  for (const t of list) if (t.first > t.last) t.first = t.last; // written but never read: live at its producer only
  return { capacityBytes: m.globalMemoryBytes, localCapacityBytes, tensors: list, ops };
}

export interface FusionReport extends Omit<FusionSolution, 'onChip' | 'local'> {
  /** Tensors placed in GMEM. */
  onChip: string[];
  /** Tensors kept resident in local memory (e.g. TPU-v3's VMEM). */
  inLocal: string[];
  /** Bytes of the tensors placed at each level (each tensor counted once, at the batch). */
  residentBytes: { gmem: number; local: number };
  dramBytesSaved: number;
  cyclesSaved: number;
  /** False when re-evaluation with the placement was not faster and the all-DRAM result was kept. */
  applied: boolean;
}

export interface PassResult {
  passes: PassSet;
  result: WorkloadResult;
  placement: Map<string, Location>;
  /** Present when the fused-attention pass is on. */
  attention?: AttentionReport;
  fusion?: FusionReport;
}

export interface PassOptions { batch: number; passes: PassSet; onlineSoftmax?: boolean }

/** What the fused-attention pass did (docs/model.md §5.4). */
export interface AttentionReport {
  /** Attentions that matched the pattern and whose tile fits in local memory. */
  fused: number;
  dramBytesSaved: number;
  cyclesSaved: number;
  /** False when the fused form was not faster and the unfused result was kept (or nothing matched). */
  applied: boolean;
}

/** The evaluation without GMEM/local placement, with the fused-attention pass applied when it is on and not slower. */
function withAttention(core: Core, w: WorkloadSpec, m: Machine, o: PassOptions):
  { base: WorkloadResult; attention?: AttentionReport; fusedAttentionLocalBytes?: number } {
  const software = softwareFor(o.passes);
  const plain = evaluateWorkload(core, w, m, { batch: o.batch, software, onlineSoftmax: o.onlineSoftmax });
  if (!o.passes.attention) return { base: plain };
  const local = m.localMemoryBytesPerCore;
  const lowered = prepared(w, { batch: o.batch, onlineSoftmax: o.onlineSoftmax, fusedAttentionLocalBytes: local });
  // (the score matmuls: each fused attention's first op, which holds its softmax)
  const fused = lowered.lowered.filter((l) => l.fusedAttention && l.kind === 'matmul' && l.opIndices.some((i) => w.ops[i].kind === 'softmax')).length;
  if (fused === 0) return { base: plain, attention: { fused: 0, dramBytesSaved: 0, cyclesSaved: 0, applied: false } };
  const fa = evaluatePrepared(core, lowered, m, software);
  const applied = fa.cycles <= plain.cycles;
  const base = applied ? fa : plain;
  return {
    base,
    attention: { fused, dramBytesSaved: plain.dramBytes - base.dramBytes, cyclesSaved: plain.cycles - base.cycles, applied },
    ...(applied ? { fusedAttentionLocalBytes: local } : {}),
  };
}

/** Evaluate with the given passes. `highs` is needed when fusion is on (every design has local memory). */
export function simulateWithPasses(core: Core, highs: LegacyHighs | undefined, w: WorkloadSpec, m: Machine, o: PassOptions): PassResult {
  const software = softwareFor(o.passes);
  const { base, attention, fusedAttentionLocalBytes } = withAttention(core, w, m, o);
  const placement = new Map<string, Location>();
  if (!o.passes.fusion || (m.globalMemoryBytes <= 0 && !(m.localMemoryBytesPerCore > 0))) return { passes: o.passes, result: base, placement, attention };
  if (!highs) throw new Error('fusion needs the HiGHS solver');
  const problem = buildFusionProblem(w, base, m);
  const sol = solveFusion(problem, highs);
  const residentBytes = { gmem: 0, local: 0 };
  problem.tensors.forEach((t, j) => {
    if (sol.onChip[j]) { placement.set(t.name, 'gmem'); residentBytes.gmem += t.bytes; }
    else if (sol.local[j]) { placement.set(t.name, 'local'); residentBytes.local += t.bytes; }
  });
  const fused = placement.size ? evaluateWorkload(core, w, m, { batch: o.batch, software, onlineSoftmax: o.onlineSoftmax, placement, fusedAttentionLocalBytes }) : base;
  const applied = fused.cycles <= base.cycles;
  const result = applied ? fused : base;
  if (!applied) { placement.clear(); residentBytes.gmem = 0; residentBytes.local = 0; }
  const onChip: string[] = [], inLocal: string[] = [];
  for (const [name, level] of placement) (level === 'gmem' ? onChip : inLocal).push(name);
  return {
    passes: o.passes, result, placement, attention,
    fusion: {
      objective: sol.objective, status: sol.status, solver: sol.solver, solveMs: sol.solveMs, variables: sol.variables, constraints: sol.constraints,
      onChip,
      inLocal,
      residentBytes,
      dramBytesSaved: base.dramBytes - result.dramBytes,
      cyclesSaved: base.cycles - result.cycles,
      applied,
    },
  };
}
