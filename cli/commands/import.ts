// `fast import FILE [--json] [--scalesim OUT.csv] [--input-shape NAME=D1,D2,…] [--dim NAME=V]`: read an ONNX model,
// SCALE-Sim topology CSV, Timeloop problem YAML, WorkloadSpec JSON or Hugging Face config.json (a decoder-only LLM:
// one decode step at context 1024; or a zoo name) and print the WorkloadSpec
// (--json) or a summary by op kind. --input-shape and --dim size an ONNX model's dynamic dimensions.
// Importer warnings go to stderr, one line each.
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { exportScalesimCsv, workloadCounts, OP_KINDS, type WorkloadSpec } from '../../shared/workload/index';
import { onnxImportInfo } from '../../shared/workload/importers/onnx';
import { importReport, reportLines } from '../../shared/workload/import-report';
import { asUsage, fsReason, UsageError, type Io } from '../errors';
import { table } from '../output';
import { addShapeOptions, parseShapeFlags, resolveWorkload, type ShapeFlags } from '../workload-arg';

interface Opts extends ShapeFlags { json?: boolean; reportJson?: boolean; scalesim?: string }

const sig = (v: number) => Number(v.toPrecision(4));

export function importSummary(w: WorkloadSpec): string {
  const c = workloadCounts(w);
  const lines = [
    `${w.name} (${w.source})${w.description ? `: ${w.description}` : ''}`,
    `  ${w.ops.length} ops, ${w.tensors.length} tensors, ${sig(c.macs / 1e9)} G multiply-adds and ${sig(c.params / 1e6)} M parameters per sample` +
      (w.defaultBatch ? `, default batch ${w.defaultBatch}` : ''),
    ...(w.llm ? [llmLine(w.llm)] : []),
    '',
    '',
  ];
  const rows = OP_KINDS.map((kind) => {
    const ops = c.ops.filter((o) => o.kind === kind);
    return [kind, ops.length, ops.reduce((s, o) => s + o.macs, 0), ops.reduce((s, o) => s + o.elements, 0)] as [string, number, number, number];
  }).filter((r) => r[1] > 0);
  return lines.join('\n') + table(['kind', 'ops', 'MACs/sample', 'output elements/sample'], rows) + reportText(w);
}

/** An LLM's model-level numbers: parameters (active), weight bytes, KV bytes per token, the phase the graph is. */
function llmLine(l: NonNullable<WorkloadSpec['llm']>): string {
  const c = l.config;
  return `  LLM: ${sig(l.params / 1e6)} M parameters (${sig(l.activeParams / 1e6)} M active per token), ${sig(l.weightBytes / 2 ** 30)} GiB of ` +
    `${l.settings.weights} weights, ${sig(l.kvBytesPerToken / 1024)} KiB of ${l.settings.kv} KV cache per token; ${c.layers} layers, ` +
    `${c.heads} heads / ${c.kvHeads} KV heads; this graph: ${l.graphPhase} of ${l.newTokens} token${l.newTokens === 1 ? '' : 's'} over ${l.contextTokens}`;
}

/** The import report of an ONNX import (empty for other workloads): by operator type, fused/folded, skipped, checks. */
function reportText(w: WorkloadSpec): string {
  const info = onnxImportInfo(w);
  if (!info) return '';
  const r = reportLines(importReport(w, info));
  return ['', '', ...r.head, '', table(['ONNX op', 'nodes', 'costed', 'ops', 'MACs/sample', 'bytes/sample', 'note'], r.table), '', ...r.tail].join('\n');
}

export function importCommand(io: Io): Command {
  const cmd = new Command('import')
    .description('import a workload (ONNX .onnx, SCALE-Sim .csv, Timeloop .yaml/.yml, WorkloadSpec or Hugging Face config .json) and print it')
    .argument('<file>', 'workload file (or a zoo name)')
    .option('--json', 'print the WorkloadSpec as JSON')
    .option('--report-json', 'print the import report of an ONNX model as JSON (operators, fused, skipped, checks)')
    .option('--scalesim <out.csv>', 'also write its conv/matmul ops as a SCALE-Sim topology CSV');
  return addShapeOptions(cmd)
    .action(async (file: string, o: Opts) => {
      const w = await resolveWorkload(file, parseShapeFlags(o));
      for (const warning of w.warnings ?? []) io.err(`warning: ${warning}\n`);
      if (o.scalesim) {
        const out = asUsage(() => exportScalesimCsv(w));
        try {
          await writeFile(o.scalesim, out.text);
        } catch (e) {
          throw new UsageError(`cannot write "${o.scalesim}": ${fsReason(e)}`);
        }
        for (const warning of out.warnings) io.err(`warning: ${warning}\n`);
      }
      if (o.reportJson) {
        const info = onnxImportInfo(w);
        if (!info) throw new UsageError(`--report-json: "${file}" is not an ONNX model (the import report is of ONNX imports)`);
        io.out(JSON.stringify(importReport(w, info), null, 2) + '\n');
        return;
      }
      io.out(o.json ? JSON.stringify(w, null, 2) + '\n' : importSummary(w) + '\n');
    });
}
