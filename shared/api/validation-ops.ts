// The single-operator workloads `fast validate` times against LLMCompass's TPU-v3 operator model (docs/sources.md §3.4,
// docs/validation.md): one softmax, LayerNorm or GELU on fp32 tensors, built with the project's graph builder so the
// operator goes through the same lowering and core as every zoo network.
import { GraphBuilder } from '../workload/builder';
import type { WorkloadSpec } from '../workload/types';

/** One vector operator as LLMCompass's Figure 5 sweeps it: softmax and LayerNorm on rows × length, GELU on elements. */
export type SingleOp =
  | { kind: 'softmax' | 'layernorm'; rows: number; length: number }
  | { kind: 'gelu'; elements: number };

/** LLMCompass runs every non-matmul operator in fp32 (docs/sources.md §3.4). */
export const SINGLE_OP_ELEMENT_BYTES = 4;

/** A short label: 'softmax 4096×1024', 'GELU 2^24'. */
export function singleOpLabel(op: SingleOp): string {
  if (op.kind === 'gelu') {
    const e = Math.log2(op.elements);
    return `GELU ${Number.isInteger(e) ? `2^${e}` : op.elements} elements`;
  }
  return `${op.kind === 'softmax' ? 'softmax' : 'LayerNorm'} ${op.rows}×${op.length}`;
}

/** A stable id part: 'softmax.4096x1024', 'gelu.16777216'. */
export function singleOpId(op: SingleOp): string {
  return op.kind === 'gelu' ? `gelu.${op.elements}` : `${op.kind}.${op.rows}x${op.length}`;
}

/** The workload of one operator per sample: its input, the operator (LayerNorm with its γ and β), its output. */
export function singleOpWorkload(op: SingleOp): WorkloadSpec {
  const positive = (v: number, what: string) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`single-op workload: ${what} must be a positive whole number (got ${v})`);
  };
  const g = new GraphBuilder(`single-op ${singleOpLabel(op)}`, 'json', SINGLE_OP_ELEMENT_BYTES);
  if (op.kind === 'gelu') {
    positive(op.elements, 'elements');
    g.act('gelu', 'gelu', g.input('x', [op.elements]));
  } else {
    positive(op.rows, 'rows');
    positive(op.length, 'length');
    const x = g.input('x', [op.rows, op.length]);
    if (op.kind === 'softmax') g.softmax('softmax', x, op.length);
    else g.layernorm('layernorm', x, op.length);
  }
  return g.build({ description: `${singleOpLabel(op)}, fp32, one operator (fast validate's LLMCompass rows)` });
}
