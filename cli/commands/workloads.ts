// `fast workloads [--json]`: the zoo, with each workload's op count, multiply-adds and parameters per sample
// (counted from the generated graphs, shared/workload/counts.ts). An LLM base is listed at its default variant (one
// decode step at context 1024, bf16) with its active parameters (top-k experts) and KV cache bytes per token.
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
  /** LLMs: parameters used per token (top-k experts; embeddings included). */
  activeParams?: number;
  /** LLMs: KV cache bytes per token of context (all layers, K and V, bf16). */
  kvBytesPerToken?: number;
}

export function workloadRow(w: WorkloadSpec): WorkloadRow {
  const c = workloadCounts(w);
  return {
    name: w.name, ops: w.ops.length, macs: c.macs, params: c.params, source: w.source,
    ...(w.llm ? { activeParams: w.llm.activeParams, kvBytesPerToken: w.llm.kvBytesPerToken } : {}),
  };
}

/** Every zoo workload by its registered name (an LLM base: its default variant). */
export function listWorkloads(): WorkloadRow[] {
  return zooNames().map((n) => ({ ...workloadRow(zooWorkload(n)), name: n }));
}

const sig = (v: number) => Number(v.toPrecision(4));

export function workloadsCommand(io: Io): Command {
  return new Command('workloads')
    .description('list the zoo workloads: ops, multiply-adds and parameters per sample')
    .option('--json', 'print JSON: [{name, ops, macs, params, source, activeParams?, kvBytesPerToken?}] (LLMs: one decode step at context 1024)')
    .action((o: { json?: boolean }) => {
      const rows = listWorkloads();
      if (o.json) { io.out(JSON.stringify(rows, null, 2) + '\n'); return; }
      const descriptions = new Map(zooNames().map((n) => [n, zooWorkload(n).description ?? '']));
      io.out(table(
        ['name', 'ops', 'GMACs/sample', 'M params', 'M active', 'KiB KV/token', 'source', 'description'],
        rows.map((r) => [r.name, r.ops, sig(r.macs / 1e9), sig(r.params / 1e6), r.activeParams === undefined ? '' : sig(r.activeParams / 1e6),
          r.kvBytesPerToken === undefined ? '' : sig(r.kvBytesPerToken / 1024), r.source, descriptions.get(r.name) ?? '']),
      ) + '\n');
    });
}
