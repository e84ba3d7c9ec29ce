// Evaluate a workload on a machine: lower → pack → Wasm (per-op schedule search) → per-op and whole-workload
// results. Ops run one after another (no overlap between ops; each op overlaps its own compute and data
// movement), so latency is the sum of op cycles. docs/model.md §4.5.
import type { Core } from '../core';
import type { WorkloadSpec } from '../workload/types';
import { evalOps } from './pack';
import { lowerWorkload, type LowerOptions, type LoweredOp } from './lower';
import type { Machine, OpResult, Software } from './records';

export interface EvaluateOptions extends LowerOptions {
  software: Software;
}

export interface ExecutedOp extends OpResult {
  name: string;
  kind: LoweredOp['kind'];
  block?: string;
  /** Names of the elementwise ops fused into this one (epilogue). */
  fused: string[];
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
  /** MACs / (cycles × peak MACs per cycle of all systolic arrays). */
  utilization: number;
  cyclesByBound: Record<OpResult['bound'], number>;
  ops: ExecutedOp[];
}

export function peakMacsPerCycle(m: Machine): number {
  return m.cores * m.arraysPerCore * m.arrayRows * m.arrayCols;
}

export function evaluateWorkload(core: Core, workload: WorkloadSpec, machine: Machine, opts: EvaluateOptions): WorkloadResult {
  const lowered = lowerWorkload(workload, opts);
  const results = evalOps(core, machine, opts.software, lowered.map((l) => l.record));
  const bad = results.findIndex((r) => r.status !== 'ok');
  if (bad >= 0) throw new Error(`op "${lowered[bad].name}" could not be evaluated on this design (invalid or out-of-range input)`);
  const ops: ExecutedOp[] = results.map((r, i) => ({
    ...r,
    name: lowered[i].name,
    kind: lowered[i].kind,
    block: lowered[i].block,
    fused: lowered[i].opIndices.slice(1).map((j) => workload.ops[j].name),
    operands: lowered[i].operands,
  }));
  const sum = (f: (o: ExecutedOp) => number) => ops.reduce((s, o) => s + f(o), 0);
  const cycles = sum((o) => o.cycles);
  const macs = sum((o) => o.macs);
  const latencySeconds = cycles / machine.clockHz;
  const cyclesByBound = { compute: 0, vector: 0, memory: 0, overhead: 0 };
  for (const o of ops) cyclesByBound[o.bound] += o.cycles;
  return {
    batch: opts.batch,
    cycles,
    latencySeconds,
    throughputPerSecond: opts.batch / latencySeconds,
    macs,
    vectorOps: sum((o) => o.vectorOps),
    dramBytes: sum((o) => o.dramBytes),
    gmemBytes: sum((o) => o.gmemBytes),
    utilization: macs / (cycles * peakMacsPerCycle(machine)),
    cyclesByBound,
    ops,
  };
}
