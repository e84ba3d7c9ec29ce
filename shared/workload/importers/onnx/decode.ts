// ONNX decoding: file bytes → the model's graph (onnx-proto, with the file-level checks and their one-line errors)
// and its opset; the graph's initializers and inputs → values (the batch read from the inputs' first dimension; the
// caller's input shapes and symbol sizes, checked, replace or fill in what the file declares); node attributes; the
// values of small constant tensors.
import onnxProto from 'onnx-proto';
import { elementsOf } from '../../builder';
import { MAX_DIM, MAX_ELEMENTS } from '../../schema';
import {
  MAX_CONST_VALUES, MAX_NODES, MAX_ONNX_BYTES, listed, num, printable, quoted,
  type AttributeProto, type GraphProto, type ModelProto, type NodeProto, type OnnxGraphInput, type OnnxImportOptions, type TensorProto, type Val,
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
  /** The batch dimension is symbolic and was given no size (read as 1). */
  batchSymbolic: boolean;
  /** The warnings so far (graph inputs with another batch, declared sizes replaced). */
  warnings: string[];
}

/** The graph inputs as declared (initializers listed as inputs, IR < 4, left out). */
export function graphInputs(graph: GraphProto): OnnxGraphInput[] {
  const inits = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  return (graph.input ?? []).filter((i) => i.name && !inits.has(i.name)).map((i) => ({
    name: i.name!,
    dims: i.type?.tensorType?.shape?.dim?.map((d) => (num(d.dimValue) > 0 ? num(d.dimValue) : d.dimParam || null)) ?? null,
  }));
}

/** A size given by the caller: a whole number from 1 to MAX_DIM. */
const goodSize = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_DIM;
/** Declared dims as text: [N, 3, H, W] (? for an unnamed dynamic size). */
const declaredText = (dims: (number | string | null)[]) => `[${dims.map((d) => (d === null ? '?' : typeof d === 'string' ? printable(d) : d)).join(', ')}]`;

/**
 * Initializers and graph inputs as values. Shapes come from `inputShapes` (whole shapes by input name), else the
 * declaration, with symbolic sizes from `symbols` or from the symbols a given shape sized; a symbolic batch with no
 * size is 1. A graph input without a shape or with a symbolic size past the batch that nothing sizes, and any bad
 * option (unknown input or symbol, wrong rank, size not a whole number ≥ 1), is one clear Error.
 */
export function readGraphValues(graph: GraphProto, opts: Pick<OnnxImportOptions, 'symbols' | 'inputShapes'> = {}): GraphValues {
  const values = new Map<string, Val>();
  const warnings: string[] = [];
  for (const t of graph.initializer ?? []) {
    if (!t.name) continue;
    values.set(t.name, { dims: (t.dims ?? []).map(num), dtype: t.dataType ?? 1, isConst: true, data: tensorValues(t), onnxName: t.name });
  }
  const inputs = graphInputs(graph);
  const declared = new Map(inputs.map((i) => [i.name, i.dims]));
  const given = checkedOptions(opts, inputs, declared, values);
  // Symbols sized by a given shape (e.g. input_ids=1,128 sizes "sequence" for the attention mask too); --dim wins.
  const symbols = new Map<string, number>();
  for (const [name, dims] of given.shapes) {
    declared.get(name)?.forEach((d, axis) => { if (typeof d === 'string' && !symbols.has(d)) symbols.set(d, dims[axis]); });
  }
  for (const [sym, v] of given.symbols) symbols.set(sym, v);

  let batch: number | undefined;
  let batchSymbolic = false;
  const mixedBatch: string[] = [];
  const replaced: string[] = [];
  for (const input of graph.input ?? []) {
    if (!input.name || values.has(input.name)) continue; // initializers listed as inputs (IR < 4)
    const name = input.name;
    const decl = declared.get(name) ?? null;
    let dims = given.shapes.get(name);
    if (dims) {
      const changed = (decl ?? []).flatMap((d, axis) => (typeof d === 'number' && d !== dims![axis] ? [`${d} → ${dims![axis]} at axis ${axis}`] : []));
      if (changed.length) replaced.push(`${quoted(name)} (${changed.join(', ')})`);
    } else {
      if (!decl) throw new Error(`onnx: graph input ${quoted(name)} has no tensor shape; give it with --input-shape ${printable(name)}=D1,D2,… (batch first)`);
      dims = decl.map((d, axis) => {
        if (typeof d === 'number') return d;
        const v = d !== null ? symbols.get(d) : undefined;
        if (v !== undefined) return v;
        if (axis === 0) { batchSymbolic = true; return 1; }
        const example = decl.map((x, i) => (i === 0 ? '1' : typeof x === 'number' ? String(x) : `<${x === null ? 'size' : printable(x)}>`)).join(',');
        throw new Error(`onnx: graph input ${quoted(name)} has a symbolic dimension ${d ? `${quoted(d)} ` : ''}at axis ${axis} and no size was given; give it with --input-shape ${printable(name)}=${example}${d ? ` or --dim ${printable(d)}=VALUE` : ''}`);
      });
    }
    if (dims.length > 0) {
      if (batch === undefined) batch = dims[0];
      else if (dims[0] !== batch) mixedBatch.push(name);
    }
    values.set(name, { dims, dtype: input.type?.tensorType?.elemType ?? 1, isConst: false, onnxName: name, external: true });
  }
  if (replaced.length) warnings.push(`onnx: the given input shapes replace fixed sizes of ${listed(replaced, 4)}`);
  if (mixedBatch.length) warnings.push(`graph input${mixedBatch.length > 1 ? 's' : ''} ${listed(mixedBatch.map(quoted))} ${mixedBatch.length > 1 ? 'have' : 'has'} another batch than ${batch}; per-sample sizes use ${batch}`);
  return { values, batch, batchSymbolic, warnings };
}

/** The caller's shapes and symbol sizes, checked against the graph's inputs; one clear Error naming the first problem. */
function checkedOptions(
  opts: Pick<OnnxImportOptions, 'symbols' | 'inputShapes'>, inputs: OnnxGraphInput[],
  declared: Map<string, (number | string | null)[] | null>, initializers: Map<string, Val>,
): { shapes: Map<string, number[]>; symbols: Map<string, number> } {
  const shapes = new Map<string, number[]>();
  const symbols = new Map<string, number>();
  const inputList = () => (inputs.length ? `its inputs: ${listed(inputs.map((i) => quoted(i.name)), 8)}` : 'it has no inputs');
  for (const [name, dims] of Object.entries(opts.inputShapes ?? {})) {
    const what = `input shape for ${quoted(name)}`;
    if (!declared.has(name)) {
      if (initializers.has(name)) throw new Error(`onnx: ${what}: ${quoted(name)} is an initializer (a constant of the model), not a graph input (${inputList()})`);
      throw new Error(`onnx: ${what}: the graph has no input ${quoted(name)} (${inputList()})`);
    }
    if (!Array.isArray(dims) || dims.length === 0) throw new Error(`onnx: ${what}: no sizes given`);
    const bad = dims.findIndex((d) => !goodSize(d));
    if (bad >= 0) throw new Error(`onnx: ${what}: size ${printable(String(dims[bad]))} at axis ${bad} is not a whole number from 1 to ${MAX_DIM}`);
    const decl = declared.get(name);
    if (decl && decl.length !== dims.length) {
      throw new Error(`onnx: ${what}: ${dims.length} size${dims.length > 1 ? 's' : ''} given, but the graph declares ${decl.length} dimension${decl.length === 1 ? '' : 's'} ${declaredText(decl)}`);
    }
    if (elementsOf(dims) > MAX_ELEMENTS) throw new Error(`onnx: ${what}: [${dims.join(', ')}] has more than ${MAX_ELEMENTS} elements`);
    shapes.set(name, [...dims]);
  }
  const named = new Set(inputs.flatMap((i) => (i.dims ?? []).filter((d): d is string => typeof d === 'string')));
  for (const [sym, v] of Object.entries(opts.symbols ?? {})) {
    if (!named.has(sym)) {
      throw new Error(`onnx: dimension ${quoted(sym)}: no graph input has a symbolic dimension of that name (${named.size ? `they have ${listed([...named].map(quoted), 8)}` : 'they have none'})`);
    }
    if (!goodSize(v)) throw new Error(`onnx: dimension ${quoted(sym)}: size ${printable(String(v))} is not a whole number from 1 to ${MAX_DIM}`);
    symbols.set(sym, v);
  }
  return { shapes, symbols };
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
