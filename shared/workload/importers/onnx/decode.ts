// ONNX decoding: file bytes → the model's graph (onnx-proto, with the file-level checks and their one-line errors)
// and its opset; the graph's initializers and inputs → values (the batch read from the inputs' first dimension);
// node attributes; the values of small constant tensors.
import onnxProto from 'onnx-proto';
import { elementsOf } from '../../builder';
import {
  MAX_CONST_VALUES, MAX_NODES, MAX_ONNX_BYTES, listed, num, quoted,
  type AttributeProto, type GraphProto, type ModelProto, type NodeProto, type TensorProto, type Val,
} from './model';

const { onnx } = onnxProto;

/** A graph with nodes, and the opset of the default domain. */
export interface DecodedModel {
  graph: GraphProto & { node: NodeProto[] };
  opset: number;
}

/** The model in `bytes`, or one clear Error (empty, too large, not protobuf, no nodes, too many nodes). */
export function decodeModel(bytes: Uint8Array): DecodedModel {
  if (bytes.length === 0) throw new Error('onnx: the file is empty');
  if (bytes.length > MAX_ONNX_BYTES) throw new Error(`onnx: the file is ${bytes.length} bytes; at most ${MAX_ONNX_BYTES} (256 MiB) are read`);
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`onnx: not a valid ONNX model (protobuf decoding failed: ${(e as Error).message})`);
  }
  const graph = model.graph;
  if (!graph || !graph.node || graph.node.length === 0) {
    throw new Error('onnx: the file holds no graph with nodes (is it an ONNX model?)');
  }
  if (graph.node.length > MAX_NODES) throw new Error(`onnx: the graph has ${graph.node.length} nodes; at most ${MAX_NODES} are read`);
  const opset = num(model.opsetImport?.find((o) => !o.domain || o.domain === 'ai.onnx')?.version) || 13;
  return { graph: graph as DecodedModel['graph'], opset };
}

/** The values known before any node runs: initializers (constants) and graph inputs (activations). */
export interface GraphValues {
  values: Map<string, Val>;
  /** The first graph input's first dimension (undefined when no input has one). */
  batch: number | undefined;
  /** The batch dimension is symbolic (read as 1). */
  batchSymbolic: boolean;
  /** The warnings so far (graph inputs with another batch). */
  warnings: string[];
}

/** Initializers and graph inputs as values; a graph input without a shape, or symbolic past the batch, is an Error. */
export function readGraphValues(graph: GraphProto, symbols: Record<string, number> | undefined): GraphValues {
  const values = new Map<string, Val>();
  const warnings: string[] = [];
  for (const t of graph.initializer ?? []) {
    if (!t.name) continue;
    values.set(t.name, { dims: (t.dims ?? []).map(num), dtype: t.dataType ?? 1, isConst: true, data: tensorValues(t), onnxName: t.name });
  }
  let batch: number | undefined;
  let batchSymbolic = false;
  const mixedBatch: string[] = [];
  for (const input of graph.input ?? []) {
    if (!input.name || values.has(input.name)) continue; // initializers listed as inputs (IR < 4)
    const tt = input.type?.tensorType;
    const dimsProto = tt?.shape?.dim;
    if (!tt || !dimsProto) throw new Error(`onnx: graph input ${quoted(input.name)} has no tensor shape`);
    const dims = dimsProto.map((d, axis) => {
      const v = num(d.dimValue);
      if (v > 0) return v;
      if (axis === 0) { batchSymbolic = true; return 1; }
      const sym = d.dimParam ?? '';
      const given = sym ? symbols?.[sym] : undefined;
      if (given !== undefined) return given;
      throw new Error(`onnx: graph input ${quoted(input.name)} has a symbolic dimension ${sym ? `${quoted(sym)} ` : ''}at axis ${axis}; only the first (batch) dimension may be symbolic (export with fixed sizes)`);
    });
    if (dims.length > 0) {
      if (batch === undefined) batch = dims[0];
      else if (dims[0] !== batch) mixedBatch.push(input.name);
    }
    values.set(input.name, { dims, dtype: tt.elemType ?? 1, isConst: false, onnxName: input.name, external: true });
  }
  if (mixedBatch.length) warnings.push(`graph input${mixedBatch.length > 1 ? 's' : ''} ${listed(mixedBatch.map(quoted))} ${mixedBatch.length > 1 ? 'have' : 'has'} another batch than ${batch}; per-sample sizes use ${batch}`);
  return { values, batch, batchSymbolic, warnings };
}

export function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}
export function attrInt(node: NodeProto, name: string, dflt: number): number {
  const a = attr(node, name);
  return a ? num(a.i) : dflt;
}
export function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = attr(node, name);
  return a?.ints && a.ints.length ? a.ints.map(num) : undefined;
}
export function attrString(node: NodeProto, name: string, dflt: string): string {
  const a = attr(node, name);
  return a?.s && a.s.length ? new TextDecoder().decode(a.s) : dflt;
}

/** Values of a (small) TensorProto, or undefined when not stored inline or too large. */
export function tensorValues(t: TensorProto): number[] | undefined {
  const dims = (t.dims ?? []).map(num);
  const n = elementsOf(dims);
  if (n > MAX_CONST_VALUES) return undefined;
  if (t.int64Data?.length) return t.int64Data.map(num);
  if (t.int32Data?.length) return [...t.int32Data];
  if (t.floatData?.length) return [...t.floatData];
  if (t.doubleData?.length) return [...t.doubleData];
  const raw = t.rawData;
  if (!raw || raw.length === 0) return n === 0 ? [] : undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  const size = { 1: 4, 6: 4, 7: 8, 11: 8, 9: 1, 2: 1, 3: 1 }[t.dataType ?? 0];
  if (!size || raw.length < n * size) return undefined;
  for (let i = 0; i < n; i++) {
    switch (t.dataType) {
      case 1: out.push(view.getFloat32(i * 4, true)); break;
      case 6: out.push(view.getInt32(i * 4, true)); break;
      case 7: out.push(Number(view.getBigInt64(i * 8, true))); break;
      case 11: out.push(view.getFloat64(i * 8, true)); break;
      case 3: out.push(view.getInt8(i)); break;
      default: out.push(view.getUint8(i));
    }
  }
  return out;
}
