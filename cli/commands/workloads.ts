// `fast workloads [--json]`: the zoo, with each workload's op count, multiply-adds and parameters per sample
// (counted from the generated graphs, shared/workload/counts.ts).
import { Command } from 'commander';
import { workloadCounts, zooNames, zooWorkload, type WorkloadSpec } from '../../shared/workload/index';
import type { Io } from '../errors';
import { table } from '../output';

export interface WorkloadRow {
  name: string;
  /** Ops in the graph. */
  ops: number;
  /** Multiply-adds per sample (batch 1). */
  macs: number;
  /** Parameters (weights, incl. BN scale/shift, biases and embeddings). */
  params: number;
  source: WorkloadSpec['source'];
}

export function workloadRow(w: WorkloadSpec): WorkloadRow {
  const c = workloadCounts(w);
  return { name: w.name, ops: w.ops.length, macs: c.macs, params: c.params, source: w.source };
}

export function listWorkloads(): WorkloadRow[] {
  return zooNames().map((n) => workloadRow(zooWorkload(n)));
}

const sig = (v: number) => Number(v.toPrecision(4));

export function workloadsCommand(io: Io): Command {
  return new Command('workloads')
    .description('list the zoo workloads: ops, multiply-adds and parameters per sample')
    .option('--json', 'print JSON: [{name, ops, macs, params, source}]')
    .action((o: { json?: boolean }) => {
      const rows = listWorkloads();
      if (o.json) { io.out(JSON.stringify(rows, null, 2) + '\n'); return; }
      const descriptions = new Map(zooNames().map((n) => [n, zooWorkload(n).description ?? '']));
      io.out(table(
        ['name', 'ops', 'GMACs/sample', 'M params', 'source', 'description'],
        rows.map((r) => [r.name, r.ops, sig(r.macs / 1e9), sig(r.params / 1e6), r.source, descriptions.get(r.name) ?? '']),
      ) + '\n');
    });
}
