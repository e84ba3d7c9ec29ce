// Evaluate a workload on a machine: lower → pack → Wasm (per-op schedule search) → per-op and whole-workload
// results. Ops run one after another (no overlap between ops; each op overlaps its own compute and data
// movement), so latency is the sum of op cycles. docs/model.md §4.5.
import type { Core } from '../core/loader';
import type { WorkloadSpec } from '../workload/types';
import { evalOps } from '../core/pack';
import { lowerWorkload, tensorBytes, type LowerOptions, type LoweredOp } from './lower';
import type { Location, Machine, OpRecord, OpResult, Software } from '../core/records';

export interface EvaluateOptions extends LowerOptions {
  software: Software;
}

export interface ExecutedOp extends OpResult {
  name: string;
  kind: LoweredOp['kind'];
  block?: string;
  /** Names of the ops fused into this one: its epilogue, fused reductions, input-fused producers, and a fused
   * attention's softmax. */
  fused: string[];
  /** Part of a fused attention (the `attention` pass): scores and probabilities stay on chip. */
  fusedAttention: boolean;
  operands: LoweredOp['operands'];
}

export interface WorkloadResult {
  batch: number;
  cycles: number;
  latencySeconds: number;
  throughputPerSecond: number;
  macs: number;
  vectorOps: number;
  dramBytes: number;
  gmemBytes: number;
  /** Local-memory (VMEM) bytes read and written by the ops (energy per inference, docs/model.md §3.7). */
  localBytes: number;
  /** MACs / (cycles × peak MACs per cycle of all systolic arrays). */
  utilization: number;
  cyclesByBound: Record<OpResult['bound'], number>;
  ops: ExecutedOp[];
}

export function peakMacsPerCycle(m: Machine): number {
  return m.cores * m.arraysPerCore * m.arrayRows * m.arrayCols;
}

/**
 * A workload lowered once for a batch and placement, with identical op records deduplicated (EfficientNet-B7's
 * 331 executed ops have 73 distinct shapes): evaluating it on many designs re-uses all of this.
 */
export interface PreparedWorkload {
  workload: WorkloadSpec;
  batch: number;
  lowered: LoweredOp[];
  unique: OpRecord[];
  /** For each lowered op, the index of its record in `unique`. */
  slot: Int32Array;
  /** For each lowered op, the names of the elementwise ops fused into it (shared by every evaluation's results). */
  fused: string[][];
}

export function prepareWorkload(workload: WorkloadSpec, opts: LowerOptions): PreparedWorkload {
  const lowered = lowerWorkload(workload, opts);
  const keys = new Map<string, number>();
  const unique: OpRecord[] = [];
  const slot = new Int32Array(lowered.length);
  lowered.forEach((l, i) => {
    const key = JSON.stringify(l.record);
    let j = keys.get(key);
    if (j === undefined) { j = unique.length; unique.push(l.record); keys.set(key, j); }
    slot[i] = j;
  });
  const fused = lowered.map((l) => (l.opIndices.length > 1 ? l.opIndices.slice(1).map((j) => workload.ops[j].name) : []));
  return { workload, batch: opts.batch, lowered, unique, slot, fused };
}

/** One literal shape (no spread): V8 keeps these objects fast, which matters at hundreds of ops per design. */
function executed(r: OpResult, l: LoweredOp, fused: string[]): ExecutedOp {
  return {
    name: l.name, kind: l.kind, block: l.block,
    fused,
    fusedAttention: !!l.fusedAttention,
    operands: l.operands,
    status: r.status, cycles: r.cycles, computeCycles: r.computeCycles, vectorCycles: r.vectorCycles,
    dramCycles: r.dramCycles, gmemCycles: r.gmemCycles, localCycles: r.localCycles, overheadCycles: r.overheadCycles,
    exposedCycles: r.exposedCycles, bound: r.bound, macs: r.macs, vectorOps: r.vectorOps, dramBytes: r.dramBytes,
    gmemBytes: r.gmemBytes, localBytes: r.localBytes, operandBytes: r.operandBytes, utilization: r.utilization,
    mappingEfficiency: r.mappingEfficiency, schedule: r.schedule,
  };
}

/** Evaluate every distinct op once and return per-op results in program order. */
export function evaluatePrepared(core: Core, p: PreparedWorkload, machine: Machine, software: Software): WorkloadResult {
  const distinct = evalOps(core, machine, software, p.unique);
  const bad = distinct.findIndex((r) => r.status !== 'ok');
  if (bad >= 0) {
    const name = p.lowered[Array.from(p.slot).indexOf(bad)].name;
    throw new Error(`op "${name}" could not be evaluated on this design (invalid or out-of-range input)`);
  }
  const ops = p.lowered.map((l, i) => executed(distinct[p.slot[i]], l, p.fused[i]));
  let cycles = 0, macs = 0, vectorOps = 0, dramBytes = 0, gmemBytes = 0, localBytes = 0;
  const cyclesByBound = { compute: 0, vector: 0, memory: 0, overhead: 0 };
  for (const o of ops) {
    cycles += o.cycles; macs += o.macs; vectorOps += o.vectorOps; dramBytes += o.dramBytes; gmemBytes += o.gmemBytes; localBytes += o.localBytes;
    cyclesByBound[o.bound] += o.cycles;
  }
  const latencySeconds = cycles / machine.clockHz;
  return {
    batch: p.batch,
    cycles,
    latencySeconds,
    throughputPerSecond: p.batch / latencySeconds,
    macs,
    vectorOps,
    dramBytes,
    gmemBytes,
    localBytes,
    utilization: macs / (cycles * peakMacsPerCycle(machine)),
    cyclesByBound,
    ops,
  };
}

// Prepared workloads without a placement, per workload object and lowering options (a realm-wide cache: the same
// zoo workload object evaluated on many designs is lowered once). Placements differ per design, so not cached.
const preparedCache = new WeakMap<WorkloadSpec, Map<string, PreparedWorkload>>();

/** The workload lowered for these options (the placement applied to the cached placement-free lowering). */
export function prepared(workload: WorkloadSpec, opts: LowerOptions): PreparedWorkload {
  if (opts.placement && opts.placement.size > 0) return withPlacement(prepared(workload, { ...opts, placement: undefined }), opts.placement);
  const key = `${opts.batch}:${opts.onlineSoftmax ? 1 : 0}:${opts.fusedAttentionLocalBytes ?? 0}`;
  let byKey = preparedCache.get(workload);
  if (!byKey) { byKey = new Map(); preparedCache.set(workload, byKey); }
  let p = byKey.get(key);
  if (!p) { p = prepareWorkload(workload, opts); byKey.set(key, p); }
  return p;
}

/** Evaluate a workload (lowered once per workload object, batch, softmax form and fused-attention memory, unless a
 * placement is given). */
export function evaluateWorkload(core: Core, workload: WorkloadSpec, machine: Machine, opts: EvaluateOptions): WorkloadResult {
  return evaluatePrepared(core, prepared(workload, opts), machine, opts.software);
}

/** Bytes of every tensor at a prepared workload's batch (for withPlacement), per prepared workload. */
const tensorBytesCache = new WeakMap<PreparedWorkload, Map<string, number>>();

/**
 * A placement applied to a placement-free lowering: the same as lowering with the placement (prepareWorkload with
 * it; tests/unit/placement-lowering.test.ts checks every record), without lowering again. A placement changes only
 * where operands live: aLoc, bLoc and cLoc (except a fused attention's on-chip scores, already 'local') and how the
 * extras' bytes split between DRAM and GMEM (resident in local memory: neither). Records equal after the placement
 * share one evaluation, as in prepareWorkload (keyed here by the placement-free record and the new fields).
 */
export function withPlacement(free: PreparedWorkload, placement: ReadonlyMap<string, Location>): PreparedWorkload {
  let sizes = tensorBytesCache.get(free);
  if (!sizes) {
    sizes = new Map(free.workload.tensors.map((t) => [t.name, tensorBytes(t, free.batch)]));
    tensorBytesCache.set(free, sizes);
  }
  const at = (name: string | undefined, was: Location): Location => (was === 'local' ? 'local' : (name && placement.get(name)) || 'dram');
  const keys = new Map<string, number>();
  const unique: OpRecord[] = [];
  const slot = new Int32Array(free.lowered.length);
  const lowered = free.lowered.map((l, i) => {
    const r = l.record, o = l.operands;
    const aLoc = at(o.a, r.aLoc), bLoc = at(o.b, r.bLoc), cLoc = at(o.c, r.cLoc);
    let extraDramBytes = 0, extraGmemBytes = 0;
    for (const t of o.extras) {
      const where = placement.get(t);
      if (where === 'gmem') extraGmemBytes += sizes.get(t) ?? 0;
      else if (where !== 'local') extraDramBytes += sizes.get(t) ?? 0;
    }
    const key = `${free.slot[i]}|${aLoc}|${bLoc}|${cLoc}|${extraDramBytes}|${extraGmemBytes}`;
    let j = keys.get(key);
    if (j === undefined) {
      j = unique.length;
      keys.set(key, j);
      unique.push({ ...r, aLoc, bLoc, cLoc, extraDramBytes, extraGmemBytes });
    }
    slot[i] = j;
    return { ...l, record: unique[j] };
  });
  return { workload: free.workload, batch: free.batch, lowered, unique, slot, fused: free.fused };
}
