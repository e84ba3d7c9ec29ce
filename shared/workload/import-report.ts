// The import report of an ONNX model: what each operator type became (count, IR ops, MACs, bytes), what was fused
// or folded, what was skipped and why with its share of the model's tensors, and the totals checked against a
// second, independent count — parameters from the file's constants as the nodes read them, MACs from per-node
// formulas over the ONNX shapes — so a wrong shape or a converter that mis-sizes an op shows as a mismatch.
// Computed from the WorkloadSpec and the importer's node records (importers/onnx: onnxImportInfo); `fast import`
// prints it, the Import view shows it. docs/model.md §2.5.
import { elementsOf } from './builder';
import { opMacs, workloadCounts } from './counts';
import { onnxImportInfo, type NodeRecord, type OnnxImportInfo, type ValueRecord } from './importers/onnx';
import type { TensorSpec, WorkloadSpec } from './types';

/** One ONNX operator type. MACs and bytes per sample; bytes = the IR ops' inputs, weights and outputs (batch 1). */
export interface ReportOpType {
  type: string;
  /** Nodes of this type, and how many of them were costed, free, folded or skipped. */
  nodes: number;
  costed: number;
  free: number;
  folded: number;
  skipped: number;
  /** IR ops they became (after the pattern passes). */
  irOps: number;
  /** MACs per sample in the WorkloadSpec, and from the independent per-node count. */
  macs: number;
  independentMacs: number;
  bytes: number;
}

export interface ReportSkipped {
  name: string;
  type: string;
  reason: string;
  /** Bytes of the values it reads and writes (activations per sample, constants whole). */
  bytes: number;
  /** bytes / the model's tensors' bytes. */
  share: number;
}

export interface ReportCheck {
  /** MACs and parameters: totals; shapes: the values whose shape the file declares (value_info, graph outputs). */
  what: 'MACs' | 'parameters' | 'shapes';
  /** The WorkloadSpec's count (workloadCounts); shapes: the values compared. */
  workload: number;
  /** The independent count; shapes: how many of them agree with the file's declaration. */
  independent: number;
  ok: boolean;
  /** Where they differ, by operator type (empty when they agree). */
  detail: string[];
}

export interface ImportReport {
  workload: string;
  opset: number;
  batch: number;
  nodes: number;
  irOps: number;
  byType: ReportOpType[];
  /** What was merged into fewer ops, or computed here: e.g. "swish (Sigmoid·x) ×12", "constant nodes folded ×40". */
  fused: string[];
  /** Op types costed as one transcendental per element. */
  approximated: string[];
  skipped: ReportSkipped[];
  /** Bytes of every distinct value of the model, and of the skipped nodes' values (their share of it). */
  tensorBytes: number;
  skippedBytes: number;
  skippedShare: number;
  checks: ReportCheck[];
  /** Every check agrees. */
  ok: boolean;
}

/** Relative difference two counts may have and still agree (rounding of f64 sums only). */
export const REPORT_TOLERANCE = 1e-9;

const per = (v: ValueRecord, batch: number) => (v.dims ? elementsOf(v.dims) / (v.isConst ? 1 : batch) : 0);

/**
 * MACs per sample of one ONNX node by its own formula, from the file's shapes (never from the IR):
 * Conv: output elements × the filter's (inC/groups)·kh·kw; ConvTranspose: input elements × (outC/groups)·kh·kw (each
 * input element meets the whole filter); Gemm / MatMul: output elements × K; Einsum: the product of every letter's
 * size (two operands). Everything else: 0.
 */
export function independentMacs(n: NodeRecord, batch: number): number {
  if (n.status !== 'costed') return 0;
  const [a, b] = n.inputs;
  const y = n.outputs[0];
  const filter = (w: ValueRecord | undefined) => (w?.dims && w.dims.length >= 2 ? elementsOf(w.dims.slice(1)) : 0);
  switch (n.type) {
    case 'Conv': return y ? per(y, batch) * filter(b) : 0;
    case 'ConvTranspose': return a ? per(a, batch) * filter(b) : 0;
    case 'Gemm': return y && a?.dims ? per(y, batch) * a.dims[a.dims.length - 1] : 0;
    case 'MatMul': {
      if (!y || !a?.dims || !b?.dims) return 0;
      // a constant left operand W·x: K is W's last axis too
      return per(y, batch) * a.dims[a.dims.length - 1];
    }
    case 'Einsum': {
      const eq = (n.equation ?? '').replace(/\s+/g, '');
      const terms = eq.split('->')[0].split(',');
      if (terms.length !== 2 || !a?.dims || !b?.dims) return 0;
      const size = new Map<string, number>();
      [a.dims, b.dims].forEach((dims, i) => [...terms[i]].forEach((l, j) => size.set(l, Math.max(size.get(l) ?? 1, dims[j] ?? 1))));
      return [...size.values()].reduce((p, d) => p * d, 1) / batch;
    }
    default: return 0;
  }
}

/** Inputs of a node type that are not parameters even when they are float constants (statistics, scales, shapes). */
const NOT_PARAMETERS: Record<string, number[]> = {
  BatchNormalization: [3, 4], // running mean and variance fold into the scale and shift
  Resize: [1, 2, 3], Upsample: [1], Pad: [1, 2, 3], Clip: [1, 2], Expand: [1], Tile: [1], Slice: [1, 2, 3, 4], Reshape: [1],
};
/** Node types whose inputs 1 and 2 (γ, β) are parameters at any size (the IR keeps them even for one channel). */
const ANY_SIZE = new Set(['LayerNormalization', 'BatchNormalization']);

/** Parameters the nodes read: distinct float constants of more than one element, by the rules above. */
function independentParams(nodes: NodeRecord[], counted: (n: NodeRecord) => boolean): Map<string, number> {
  const seen = new Map<string, number>();
  for (const n of nodes) {
    if (!counted(n)) continue;
    const skip = NOT_PARAMETERS[n.type] ?? [];
    n.inputs.forEach((v, i) => {
      if (!v.isConst || !v.float || !v.dims || skip.includes(i)) return;
      const e = elementsOf(v.dims);
      if (e > 1 || (ANY_SIZE.has(n.type) && i > 0 && i < 3 && e > 0)) seen.set(v.name, e);
    });
  }
  return seen;
}

const agree = (a: number, b: number) => Math.abs(a - b) <= REPORT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1);

/** The report of an imported ONNX model (`info` from onnxImportInfo(w)). */
export function importReport(w: WorkloadSpec, info: OnnxImportInfo): ImportReport {
  const counts = workloadCounts(w);
  const tensors = new Map<string, TensorSpec>(w.tensors.map((t) => [t.name, t]));
  const opByName = new Map(w.ops.map((o) => [o.name, o]));
  const tb = (name: string) => {
    const t = tensors.get(name);
    return t ? elementsOf(t.shape) * t.elementBytes : 0;
  };
  const batch = info.batch;
  const types = new Map<string, ReportOpType>();
  const skipped: ReportSkipped[] = [];
  let folded = 0;
  for (const n of info.nodes) {
    let r = types.get(n.type);
    if (!r) types.set(n.type, (r = { type: n.type, nodes: 0, costed: 0, free: 0, folded: 0, skipped: 0, irOps: 0, macs: 0, independentMacs: 0, bytes: 0 }));
    r.nodes++;
    if (n.status === 'costed') r.costed++;
    else if (n.status === 'free') r.free++;
    else if (n.status === 'folded') { r.folded++; folded++; }
    else {
      r.skipped++;
      const names = new Set<string>();
      let bytes = 0;
      for (const v of [...n.inputs, ...n.outputs]) if (!names.has(v.name)) { names.add(v.name); bytes += v.bytes; }
      skipped.push({ name: n.name, type: n.type, reason: n.reason ?? 'not costed', bytes, share: info.tensorBytes > 0 ? bytes / info.tensorBytes : 0 });
    }
    for (const name of n.ops) {
      const op = opByName.get(name);
      if (!op) continue; // merged into another node's op by a pattern
      r.irOps++;
      r.macs += opMacs(op);
      r.bytes += [...op.inputs, ...op.weights, ...op.outputs].reduce((s, t) => s + tb(t), 0);
    }
    r.independentMacs += independentMacs(n, batch);
  }
  const byType = [...types.values()].sort((a, b) => b.macs - a.macs || b.bytes - a.bytes || a.type.localeCompare(b.type));

  const independent = byType.reduce((s, t) => s + t.independentMacs, 0);
  const macDetail = byType.filter((t) => !agree(t.macs, t.independentMacs)).map((t) => `${t.type}: ${t.macs} in the workload, ${t.independentMacs} counted from the file`);
  // MACs in the workload that no node record claims (never expected) show up as their own line.
  const claimed = byType.reduce((s, t) => s + t.macs, 0);
  if (!agree(claimed, counts.macs)) macDetail.push(`ops no node accounts for: ${counts.macs - claimed} MACs`);
  const costedOrFused = (n: NodeRecord) => n.status === 'costed';
  const params = independentParams(info.nodes, costedOrFused);
  const paramTotal = [...params.values()].reduce((s, e) => s + e, 0);
  const paramDetail: string[] = [];
  if (!agree(paramTotal, counts.params)) {
    paramDetail.push(`${counts.params} weight elements in the workload, ${paramTotal} parameters read from the file's constants`);
  }
  const checks: ReportCheck[] = [
    { what: 'MACs', workload: counts.macs, independent, ok: macDetail.length === 0, detail: macDetail },
    { what: 'parameters', workload: counts.params, independent: paramTotal, ok: paramDetail.length === 0, detail: paramDetail },
  ];
  // The exporter's own shapes, where the file declares them (not when given input shapes replaced its fixed sizes:
  // its declarations then describe other sizes).
  const d = info.declared;
  if (d.checked > 0 && !d.stale) {
    checks.push({ what: 'shapes', workload: d.checked, independent: d.checked - d.mismatched, ok: d.mismatched === 0, detail: d.differ });
  }

  const fused = [
    ...(info.fused.swish ? [`swish (Sigmoid·x → one op) ×${info.fused.swish}`] : []),
    ...(info.fused.gelu ? [`GELU (x·½(1 + erf(x/√2)) → one op) ×${info.fused.gelu}`] : []),
    ...(types.get('BatchNormalization')?.costed ? [`BatchNormalization → one scale-and-shift [2, C] ×${types.get('BatchNormalization')!.costed}`] : []),
    ...(folded ? [`constant nodes evaluated at import (shape arithmetic, constant weights) ×${folded}`] : []),
    ...[...types.values()].filter((t) => t.free).map((t) => `${t.type} free (a view or layout: no data moves) ×${t.free}`),
  ];
  const skippedBytes = skipped.reduce((s, k) => s + k.bytes, 0);
  return {
    workload: w.name,
    opset: info.opset,
    batch,
    nodes: info.nodes.length,
    irOps: w.ops.length,
    byType,
    fused,
    approximated: info.approximated.map(([t, n]) => `${t} ×${n}`),
    skipped,
    tensorBytes: info.tensorBytes,
    skippedBytes,
    skippedShare: info.tensorBytes > 0 ? skippedBytes / info.tensorBytes : 0,
    checks,
    ok: checks.every((c) => c.ok),
  };
}

const sig = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e9 ? `${Number((v / 1e9).toPrecision(4))} G` : Math.abs(v) >= 1e6 ? `${Number((v / 1e6).toPrecision(4))} M` : Math.abs(v) >= 1e3 ? `${Number((v / 1e3).toPrecision(4))} k` : `${Number(v.toPrecision(4))}`);
const pct = (v: number) => `${Number((100 * v).toPrecision(3))}%`;

/** The report as text lines (the CLI prints them; the table is left to the caller's formatter). */
export function reportLines(r: ImportReport): { head: string[]; table: [string, number, number, number, number, number, string][]; tail: string[] } {
  const head = [
    `import report: ${r.nodes} ONNX nodes (opset ${r.opset}) → ${r.irOps} ops; ${r.skipped.length} skipped` +
      (r.skipped.length ? ` (${pct(r.skippedShare)} of the model's ${sig(r.tensorBytes)}B of tensors)` : ''),
  ];
  const table = r.byType.map((t): [string, number, number, number, number, number, string] => [
    t.type, t.nodes, t.costed, t.irOps, t.macs, t.bytes,
    t.skipped ? `${t.skipped} skipped` : t.folded && !t.costed ? 'folded' : t.free && !t.costed ? 'free' : agree(t.macs, t.independentMacs) ? '' : `≠ ${sig(t.independentMacs)} MACs`,
  ]);
  const tail: string[] = [];
  if (r.fused.length) tail.push(`fused or folded: ${r.fused.join('; ')}`);
  if (r.approximated.length) tail.push(`approximated (one transcendental per element): ${r.approximated.join(', ')}`);
  for (const s of r.skipped.slice(0, 20)) tail.push(`skipped: ${s.name} (${s.type}): ${s.reason}; ${sig(s.bytes)}B = ${pct(s.share)} of the tensors`);
  if (r.skipped.length > 20) tail.push(`skipped: … and ${r.skipped.length - 20} more`);
  for (const c of r.checks) {
    if (c.what === 'shapes') {
      tail.push(c.ok
        ? `check shapes: the ${c.workload} shapes the file declares (value_info, outputs) agree with those inferred`
        : `MISMATCH shapes: ${c.workload - c.independent} of the ${c.workload} shapes the file declares differ from those inferred (${c.detail.join('; ')})`);
      continue;
    }
    tail.push(c.ok
      ? `check ${c.what}: ${sig(c.workload)} in the workload = ${sig(c.independent)} counted independently from the file`
      : `MISMATCH ${c.what}: ${sig(c.workload)} in the workload vs ${sig(c.independent)} counted independently from the file (${c.detail.join('; ')})`);
  }
  return { head, table, tail };
}

/** The report of a WorkloadSpec that importOnnx returned (undefined for any other workload, or a copy of one). */
export function onnxImportReport(w: WorkloadSpec): ImportReport | undefined {
  const info = onnxImportInfo(w);
  return info ? importReport(w, info) : undefined;
}
