// The ONNX importer's walk over the nodes (in topological order): all-constant nodes are folded, nodes with an input
// of unknown shape are skipped, the rest go through the converter table; a node it cannot cost is skipped, counted
// per type (with the converter's reason), and its outputs become graph inputs of the shapes it would produce. Errors
// other than Unsupported name the node. Every node leaves a record (what became of it, the IR ops it emitted, the
// shapes and bytes of its values) for the import report (shared/workload/import-report.ts).
import type { OpSpec } from '../../types';
import { elementsOf } from '../../builder';
import { MAX_ELEMENTS, opShapeIssues } from '../../schema';
import { sanitize, type ImportContext } from './context';
import { CONVERTERS, convertNode } from './converters';
import { attrString } from './decode';
import { foldConst } from './fold';
import { num, printable, quoted, Unsupported, type GraphProto, type NodeProto, type Val } from './model';
import { skippedOutputs } from './shapes';

/** What the walk skipped: unsupported ops by (printable) type, and ops with an input of unknown shape. */
export interface Skipped {
  unsupported: Map<string, number>;
  unknownShapes: number;
}

/** One value a node reads or writes, as the report sees it. */
export interface ValueRecord {
  /** The value's name in the file (printable). */
  name: string;
  /** Full dims (activations with the batch first); undefined when not inferred. */
  dims?: number[];
  isConst: boolean;
  /** A floating-point constant (a parameter when it has more than one element); false for activations and integers. */
  float: boolean;
  /** Bytes: per sample for activations, whole for constants (0 when the shape is unknown). */
  bytes: number;
}

/** What became of one ONNX node. */
export interface NodeRecord {
  name: string;
  type: string;
  /**
   * costed: emitted IR ops; free: a view or a shape computed without moving data (Reshape, Transpose, …);
   * folded: every input constant (evaluated here); skipped: not costed (`reason`); unknown-shape: an input's shape
   * could not be inferred.
   */
  status: 'costed' | 'free' | 'folded' | 'skipped' | 'unknown-shape';
  reason?: string;
  /** IR op names emitted for it (before the pattern passes, which may merge some into one op). */
  ops: string[];
  inputs: ValueRecord[];
  outputs: ValueRecord[];
  /** Einsum's equation (for the report's independent MAC count). */
  equation?: string;
}

export function convertNodes(c: ImportContext, nodes: NodeProto[], records: NodeRecord[] = []): Skipped {
  const { g, values } = c;
  const unsupported = new Map<string, number>();
  let unknownShapes = 0;
  const valueRecord = (name: string): ValueRecord => {
    const v = name ? values.get(name) : undefined;
    const dims = v?.dims;
    const bytes = v && dims ? (elementsOf(dims) * c.bytesOf(v.dtype)) / (v.isConst ? 1 : c.batch) : 0;
    return { name: printable(name), ...(dims ? { dims: [...dims] } : {}), isConst: !!v?.isConst, float: !!v?.isConst && c.isFloat(v.dtype), bytes: Number.isFinite(bytes) ? bytes : 0 };
  };
  nodes.forEach((node, index) => {
    const type = node.opType ?? '';
    const ins = (node.input ?? []).map((n) => (n ? values.get(n) : undefined));
    const outs = node.output ?? [];
    const nodeName = node.name || `${type}_${index}`;
    const present = ins.filter((v): v is Val => v !== undefined);
    const record: NodeRecord = { name: printable(nodeName), type: printable(type) || '(no type)', status: 'costed', ops: [], inputs: [], outputs: [] };
    if (type === 'Einsum') record.equation = printable(attrString(node, 'equation', ''));
    const finish = () => {
      record.inputs = (node.input ?? []).filter((n) => n).map(valueRecord);
      record.outputs = outs.filter((o) => o).map(valueRecord);
      records.push(record);
    };
    // Constant folding: nothing here runs on the accelerator.
    if (present.every((v) => v.isConst) && (node.input ?? []).every((n) => !n || values.has(n))) {
      const folded = foldConst(node, ins, c.opset);
      outs.forEach((o, i) => { if (o) values.set(o, folded[i] ?? { dims: undefined, dtype: 1, isConst: true, onnxName: o }); });
      record.status = 'folded';
      finish();
      return;
    }
    if (ins.some((v, i) => v === undefined && node.input?.[i]) || present.some((v) => !v.dims)) {
      unknownShapes++;
      outs.forEach((o) => { if (o) values.set(o, { dims: undefined, dtype: 1, isConst: false, onnxName: o }); });
      record.status = 'unknown-shape';
      record.reason = 'an input\'s shape could not be inferred';
      finish();
      return;
    }
    const opName = g.uniqueName(sanitize(nodeName.replace(/^\//, '')));
    const slash = opName.lastIndexOf('/');
    const block = slash > 0 ? opName.slice(0, slash) : undefined;
    const emitted: OpSpec[] = [];
    const emit = (op: OpSpec) => {
      // Attributes read from the file must make a valid op (a corrupt stride or axis is "unsupported", not a crash).
      const attrs = Object.values(op).find((v) => typeof v === 'object' && v !== null && !Array.isArray(v)) as Record<string, unknown>;
      const badNumber = Object.values(attrs).some((v) => typeof v === 'number' && !(Number.isInteger(v) && v >= 1 && v <= MAX_ELEMENTS));
      if (badNumber || opShapeIssues(op, (n) => g.tensor(n)!).length > 0) throw new Unsupported(type);
      if (block) op.block = block;
      g.addOp(op);
      c.origin.push(type);
      emitted.push(op);
    };
    const out0 = outs[0] ?? `${opName}:out`;
    try {
      values.set(out0, convertNode(c, node, type, ins, out0, opName, emit));
      record.ops = emitted.map((o) => o.name);
      if (emitted.length === 0) record.status = 'free';
    } catch (e) {
      if (!(e instanceof Unsupported)) {
        throw new Error(`onnx: node ${quoted(nodeName)} (${printable(type)}) could not be read: ${(e as Error).message}`);
      }
      // Ops a converter emitted before it gave up stay out of the graph.
      if (emitted.length) {
        const drop = new Set(emitted);
        const keep = g.ops.filter((o) => !drop.has(o));
        g.ops.length = 0;
        g.ops.push(...keep);
        c.origin.length = g.ops.length;
      }
      const key = printable(type) || '(no type)';
      unsupported.set(key, (unsupported.get(key) ?? 0) + 1);
      record.status = 'skipped';
      // The converters' reasons name the (known) type and what they could not cost; long ones are cut at 200.
      const raw = (e as Error).message;
      const message = (raw.length > 200 ? `${raw.slice(0, 200)}…` : raw).replace(/[\u0000-\u001f\u007f]/g, '?');
      record.reason = message && message !== key ? message : CONVERTERS.has(type) ? `${key}: this form is not costed` : `${key}: no converter (not costed)`;
      skippedOutputs(node, ins, outs, c.opset).forEach((dims, i) => {
        if (outs[i]) values.set(outs[i], { dims, dtype: present[0]?.dtype ?? 1, isConst: false, onnxName: outs[i], external: dims !== undefined });
      });
    }
    finish();
  });
  return { unsupported, unknownShapes };
}

/** What the importer knew beyond the WorkloadSpec, for the import report (kept beside the spec, never in its JSON). */
export interface OnnxImportInfo {
  opset: number;
  /** The batch read from the graph inputs (tensors are per sample). */
  batch: number;
  nodes: NodeRecord[];
  /** Bytes of every distinct value of the model: activations per sample, constants whole (views counted once). */
  tensorBytes: number;
  /** Patterns merged into one op. */
  fused: { swish: number; gelu: number };
  /** Op types costed as one transcendental per element, with their counts. */
  approximated: [string, number][];
  /** The file's shape declarations against the inferred shapes. */
  declared: DeclaredShapes;
}

/** Bytes of every distinct value known to the walk (views — values aliasing another's data — are not counted again). */
export function valueBytes(c: ImportContext): number {
  let total = 0;
  for (const v of c.values.values()) {
    if (!v.dims || v.alias) continue;
    const b = (elementsOf(v.dims) * c.bytesOf(v.dtype)) / (v.isConst ? 1 : c.batch);
    if (Number.isFinite(b)) total += b;
  }
  return total;
}

/** The file's own shape declarations (value_info, graph outputs) against the inferred shapes, for the report. */
export interface DeclaredShapes {
  /** Values with a declared size past the batch that were compared. */
  checked: number;
  /** How many of them differ, and the first 20 as "name": declared [..], inferred [..]. */
  mismatched: number;
  differ: string[];
  /** The declared graph inputs' fixed sizes were replaced by given shapes: the declarations describe other sizes. */
  stale: boolean;
}

/**
 * Compare every activation whose shape the file declares (value_info and graph outputs; sizes past the batch that
 * are fixed numbers) with the shape inferred here: a second, independent source of shapes (the exporter's).
 */
export function declaredShapes(graph: GraphProto, values: Map<string, Val>): DeclaredShapes {
  const out: DeclaredShapes = { checked: 0, mismatched: 0, differ: [], stale: false };
  const fixed = (dims: { dimValue?: unknown }[]) => dims.map((d) => num(d.dimValue as number));
  const text = (dims: number[]) => `[${dims.map((d) => (d > 0 ? d : '?')).join(', ')}]`;
  for (const input of graph.input ?? []) {
    const v = input.name ? values.get(input.name) : undefined;
    const dims = input.type?.tensorType?.shape?.dim;
    if (!v?.dims || v.isConst || !dims) continue;
    if (fixed(dims).some((d, i) => i > 0 && d > 0 && d !== v.dims![i])) out.stale = true;
  }
  const seen = new Set<string>();
  for (const vi of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const name = vi.name ?? '';
    const dims = vi.type?.tensorType?.shape?.dim;
    const v = name ? values.get(name) : undefined;
    if (!dims || !v?.dims || v.isConst || seen.has(name)) continue;
    seen.add(name);
    const declared = fixed(dims);
    const past = declared.slice(1);
    if (!past.some((d) => d > 0) && declared.length === v.dims.length) continue;
    out.checked++;
    const differs = declared.length !== v.dims.length || declared.some((d, i) => i > 0 && d > 0 && d !== v.dims![i]);
    if (!differs) continue;
    out.mismatched++;
    if (out.differ.length < 20) out.differ.push(`${quoted(name)}: declared ${text(declared)}, inferred [${v.dims.join(', ')}]`);
  }
  return out;
}
