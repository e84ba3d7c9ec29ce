// The ONNX importer's walk over the nodes (in topological order): all-constant nodes are folded, nodes with an input
// of unknown shape are skipped, the rest go through the converter table; a node it cannot cost is skipped, counted
// per type, and its outputs become graph inputs of the shapes it would produce. Errors other than Unsupported name
// the node.
import type { OpSpec } from '../../types';
import { MAX_ELEMENTS, opShapeIssues } from '../../schema';
import { sanitize, type ImportContext } from './context';
import { convertNode } from './converters';
import { foldConst } from './fold';
import { printable, quoted, Unsupported, type NodeProto, type Val } from './model';
import { skippedOutputs } from './shapes';

/** What the walk skipped: unsupported ops by (printable) type, and ops with an input of unknown shape. */
export interface Skipped {
  unsupported: Map<string, number>;
  unknownShapes: number;
}

export function convertNodes(c: ImportContext, nodes: NodeProto[]): Skipped {
  const { g, values } = c;
  const unsupported = new Map<string, number>();
  let unknownShapes = 0;
  nodes.forEach((node, index) => {
    const type = node.opType ?? '';
    const ins = (node.input ?? []).map((n) => (n ? values.get(n) : undefined));
    const outs = node.output ?? [];
    const nodeName = node.name || `${type}_${index}`;
    const present = ins.filter((v): v is Val => v !== undefined);
    // Constant folding: nothing here runs on the accelerator.
    if (present.every((v) => v.isConst) && (node.input ?? []).every((n) => !n || values.has(n))) {
      const folded = foldConst(node, ins, c.opset);
      outs.forEach((o, i) => { if (o) values.set(o, folded[i] ?? { dims: undefined, dtype: 1, isConst: true, onnxName: o }); });
      return;
    }
    if (ins.some((v, i) => v === undefined && node.input?.[i]) || present.some((v) => !v.dims)) {
      unknownShapes++;
      outs.forEach((o) => { if (o) values.set(o, { dims: undefined, dtype: 1, isConst: false, onnxName: o }); });
      return;
    }
    const opName = g.uniqueName(sanitize(nodeName.replace(/^\//, '')));
    const slash = opName.lastIndexOf('/');
    const block = slash > 0 ? opName.slice(0, slash) : undefined;
    const emit = (op: OpSpec) => {
      // Attributes read from the file must make a valid op (a corrupt stride or axis is "unsupported", not a crash).
      const attrs = Object.values(op).find((v) => typeof v === 'object' && v !== null && !Array.isArray(v)) as Record<string, unknown>;
      const badNumber = Object.values(attrs).some((v) => typeof v === 'number' && !(Number.isInteger(v) && v >= 1 && v <= MAX_ELEMENTS));
      if (badNumber || opShapeIssues(op, (n) => g.tensor(n)!).length > 0) throw new Unsupported(type);
      if (block) op.block = block;
      g.addOp(op);
      c.origin.push(type);
    };
    const out0 = outs[0] ?? `${opName}:out`;
    try {
      values.set(out0, convertNode(c, node, type, ins, out0, opName, emit));
    } catch (e) {
      if (!(e instanceof Unsupported)) {
        throw new Error(`onnx: node ${quoted(nodeName)} (${printable(type)}) could not be read: ${(e as Error).message}`);
      }
      const key = printable(type) || '(no type)';
      unsupported.set(key, (unsupported.get(key) ?? 0) + 1);
      skippedOutputs(node, ins, outs, c.opset).forEach((dims, i) => {
        if (outs[i]) values.set(outs[i], { dims, dtype: present[0]?.dtype ?? 1, isConst: false, onnxName: outs[i], external: dims !== undefined });
      });
    }
  });
  return { unsupported, unknownShapes };
}
