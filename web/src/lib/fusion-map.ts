// The fusion map: which tensors the fusion pass placed in the global memory (GMEM) and when each is live over
// the executed program, plus the GMEM occupancy at every op. Derived from the report (placement, executed ops
// and the elementwise ops fused into them) and the workload graph (producers, consumers, tensor sizes); live
// ranges follow the fusion ILP's own rule (shared/compiler/passes.ts buildFusionProblem): an activation lives
// from its producing op to its last consumer, a graph input from the start, a weight for the whole program.
import type { SimulateReport } from '../../../shared/api/simulate';
import type { WorkloadSpec } from '../../../shared/workload/types';
import { tensorBytes } from '../../../shared/sim/lower';

export interface LiveRange {
  name: string;
  kind: 'input' | 'activation' | 'weight';
  bytes: number;
  /** Executed-op indices, inclusive. */
  first: number;
  last: number;
}

export interface FusionMap {
  ranges: LiveRange[];
  /** GMEM bytes in use during each executed op. */
  occupancy: number[];
  capacityBytes: number;
  opCount: number;
}

/** Executed-op index of every workload op (elementwise ops fused into a group map to the group's op). */
export function executedIndex(report: SimulateReport): Map<string, number> {
  const at = new Map<string, number>();
  report.ops.forEach((op, i) => {
    at.set(op.name, i);
    for (const f of op.fused) at.set(f, i);
  });
  return at;
}

export function fusionMap(report: SimulateReport, workload: WorkloadSpec, capacityBytes: number): FusionMap {
  const n = report.ops.length;
  const onChip = report.fusion?.onChip ?? [];
  const at = executedIndex(report);
  const producer = new Map<string, number>();
  const lastUse = new Map<string, number>();
  for (const op of workload.ops) {
    const i = at.get(op.name);
    if (i === undefined) continue;
    for (const t of op.outputs) producer.set(t, i);
    for (const t of [...op.inputs, ...op.weights]) lastUse.set(t, Math.max(lastUse.get(t) ?? -1, i));
  }
  const tensors = new Map(workload.tensors.map((t) => [t.name, t]));
  const ranges: LiveRange[] = [];
  for (const name of onChip) {
    const t = tensors.get(name);
    if (!t) continue;
    let first: number;
    let last: number;
    if (t.kind === 'weight') { first = 0; last = n - 1; }
    else {
      first = t.kind === 'input' ? 0 : producer.get(name) ?? 0;
      last = Math.max(first, lastUse.get(name) ?? first);
    }
    ranges.push({ name, kind: t.kind, bytes: tensorBytes(t, report.batch), first, last });
  }
  ranges.sort((a, b) => a.first - b.first || a.last - b.last || a.name.localeCompare(b.name));
  const occupancy = new Array<number>(n).fill(0);
  for (const r of ranges) for (let i = r.first; i <= r.last; i++) occupancy[i] += r.bytes;
  return { ranges, occupancy, capacityBytes, opCount: n };
}
