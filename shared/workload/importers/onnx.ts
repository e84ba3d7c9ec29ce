// ONNX model (protobuf ModelProto, decoded with onnx-proto) → WorkloadSpec. Shapes are inferred node by node from
// the graph inputs' shapes and the initializers; the first dimension of every graph input is the batch, so the
// workload's tensors are per sample. Coverage (docs/model.md §2.6):
// - conv2d: Conv (group, strides, pads / auto_pad, dilations; 1-D convs as H = 1), bias → a separate bias op;
// - matmul: Gemm (constant B; C → bias op), MatMul (a constant operand → dense layer; two activations → batched
//   products, e.g. attention; a constant left operand is transposed into the dense form);
// - elementwise: Add/Sub (with a constant: bias), Mul/Div (with a constant: scale), Relu, LeakyRelu, PRelu, Clip
//   (relu6), Sigmoid, HardSigmoid, Tanh, HardSwish, Gelu / FastGelu, Sigmoid·x and HardSigmoid·x (swish), the
//   erf form of GELU x·½(1 + erf(x/√2)) (one gelu op), BatchNormalization (one folded scale-and-shift weight [2, C]),
//   other unary maths (Erf, Exp, Log, Sqrt, Reciprocal, Softplus, Elu, Selu) costed as one transcendental (tanh),
//   Neg/Abs as scale, Pow as mul; Gather of a constant table by activation indices (an embedding lookup, as the zoo's);
// - pool: MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool; reduce: ReduceMean/Sum/Max;
// - softmax: Softmax, LogSoftmax; layernorm: LayerNormalization;
// - free (no op): Reshape, Transpose, Flatten, Squeeze, Unsqueeze, Identity, Dropout, Cast, Quantize/DequantizeLinear
//   (the tool costs bf16), Shape/Size of an activation, and anything computed from constants only (Gather, Concat, Slice, Unsqueeze, arithmetic on shapes:
//   evaluated where shapes need the values).
// Any other op is skipped with one warning listing the types: its outputs become graph inputs of the shape it would
// produce (Concat, Gather, Slice, Split computed; otherwise assumed equal to its first input's). Never a crash: a bad
// file is one clear Error. Scalar constants are immediates, not weights.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { GraphBuilder, elementsOf } from '../builder';
import { MAX_DIM, MAX_ELEMENTS, MAX_OPS, opShapeIssues, parseWorkload } from '../schema';
import type { ElementwiseOp, OpSpec, WorkloadSpec } from '../types';

const { onnx } = onnxProto;
type NodeProto = OnnxTypes.INodeProto;
type TensorProto = OnnxTypes.ITensorProto;
type AttributeProto = OnnxTypes.IAttributeProto;

/** Largest ONNX file read (models with external weights store only shapes here, so this is generous). */
export const MAX_ONNX_BYTES = 256 * 2 ** 20;
const MAX_NODES = 200_000;
/** Constants with at most this many elements keep their values (enough for every shape computation). */
const MAX_CONST_VALUES = 4096;

export interface OnnxImportOptions {
  /** Workload name (default: the graph's name). */
  name?: string;
  /** Bytes per element of floating-point tensors (default 2: the accelerator computes in bf16). */
  elementBytes?: number;
  /** Sizes of symbolic dimensions other than the batch, e.g. { sequence: 128 }. */
  symbols?: Record<string, number>;
}

interface Val {
  /** Full dims (activations include the batch first); undefined when not inferable. */
  dims: number[] | undefined;
  dtype: number;
  isConst: boolean;
  /** Values of small constants. */
  data?: number[];
  /** The value whose tensor holds this one's data (shape-only ops). */
  alias?: Val;
  /** IR tensor once materialized. */
  ir?: string;
  onnxName: string;
  /** Graph inputs and outputs of skipped ops: materialized as IR `input` tensors. */
  external?: boolean;
}

type Long = { toNumber(): number };
const num = (v: number | Long | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

const FLOAT_TYPES = new Set([1, 10, 11, 16]);
const INT_BYTES: Record<number, number> = { 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 12: 4, 13: 8 };

function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}
function attrInt(node: NodeProto, name: string, dflt: number): number {
  const a = attr(node, name);
  return a ? num(a.i) : dflt;
}
function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = attr(node, name);
  return a?.ints && a.ints.length ? a.ints.map(num) : undefined;
}
function attrString(node: NodeProto, name: string, dflt: string): string {
  const a = attr(node, name);
  return a?.s && a.s.length ? new TextDecoder().decode(a.s) : dflt;
}

/** Values of a (small) TensorProto, or undefined when not stored inline or too large. */
function tensorValues(t: TensorProto): number[] | undefined {
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

/** Numpy broadcasting of two shapes (undefined when incompatible). */
function broadcast(a: number[], b: number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(Math.max(x, y));
  }
  return out;
}

/** Names from the file as they may appear in a one-line message: no control characters, at most 60 characters. */
const printable = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s).replace(/[\u0000-\u001f\u007f]/g, '?');
/** A name from the file, quoted for a message. */
const quoted = (s: string | null | undefined) => JSON.stringify(printable(s ?? ''));
/** "a, b, c and 9 more" — lists from a file stay short in messages. */
const listed = (items: string[], max = 12) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));
const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);
const validDims = (dims: number[]) => dims.every((d) => Number.isInteger(d) && d >= 1 && d <= MAX_DIM) && elementsOf(dims) <= MAX_ELEMENTS;

/** Inputs an op type needs before it can be converted (others: 1). */
const REQUIRED_INPUTS: Record<string, number> = {
  Conv: 2, Gemm: 2, MatMul: 2, Add: 2, Sub: 2, Mul: 2, Div: 2, Pow: 2, Gather: 2, BatchNormalization: 5, Reshape: 1,
};

class Unsupported extends Error {}

export function importOnnx(bytes: Uint8Array, opts: OnnxImportOptions = {}): WorkloadSpec {
  if (bytes.length === 0) throw new Error('onnx: the file is empty');
  if (bytes.length > MAX_ONNX_BYTES) throw new Error(`onnx: the file is ${bytes.length} bytes; at most ${MAX_ONNX_BYTES} (256 MiB) are read`);
  let model: OnnxTypes.ModelProto;
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
  const floatBytes = opts.elementBytes ?? 2;
  const bytesOf = (dtype: number) => (FLOAT_TYPES.has(dtype) || dtype === 0 ? floatBytes : INT_BYTES[dtype] ?? floatBytes);

  const g = new GraphBuilder(opts.name ?? (graph.name || 'onnx-model'), 'onnx', floatBytes);
  const values = new Map<string, Val>();
  const warnings: string[] = [];
  const unsupported = new Map<string, number>();
  const approximated = new Map<string, number>();
  let unknownShapeSkips = 0;
  /** The ONNX op type behind each emitted IR op (for the pattern passes). */
  const origin: string[] = [];

  // ---- initializers and graph inputs ----
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
      const given = sym ? opts.symbols?.[sym] : undefined;
      if (given !== undefined) return given;
      throw new Error(`onnx: graph input ${quoted(input.name)} has a symbolic dimension ${sym ? `${quoted(sym)} ` : ''}at axis ${axis}; only the first (batch) dimension may be symbolic (export with fixed sizes)`);
    });
    if (dims.length > 0) {
      if (batch === undefined) batch = dims[0];
      else if (dims[0] !== batch) mixedBatch.push(input.name);
    }
    values.set(input.name, { dims, dtype: tt.elemType ?? 1, isConst: false, onnxName: input.name, external: true });
  }
  const B = batch ?? 1;
  if (mixedBatch.length) warnings.push(`graph input${mixedBatch.length > 1 ? 's' : ''} ${listed(mixedBatch.map(quoted))} ${mixedBatch.length > 1 ? 'have' : 'has'} another batch than ${batch}; per-sample sizes use ${batch}`);

  // ---- IR tensor helpers ----
  const sanitize = (s: string) => (s.length > 200 ? s.slice(0, 200) : s) || 'tensor';
  const perSample = (v: Val): number[] => {
    const dims = v.dims!;
    if (dims.length > 0 && dims[0] === B) return dims.length > 1 ? dims.slice(1) : [1];
    const n = elementsOf(dims) / B;
    if (!Number.isInteger(n)) throw new Unsupported(`tensor "${v.onnxName}" of shape [${dims}] does not split into ${B} samples`);
    return [n];
  };
  const samples = (v: Val) => elementsOf(perSample(v));
  const root = (v: Val): Val => (v.alias ? root(v.alias) : v);
  const act = (v: Val): string => {
    const r = root(v);
    if (r.ir) return r.ir;
    if (!r.external || !r.dims) throw new Unsupported(`"${v.onnxName}" has no producer`);
    r.ir = g.uniqueName(sanitize(r.onnxName));
    g.addTensor({ name: r.ir, shape: perSample(r), elementBytes: bytesOf(r.dtype), kind: 'input' });
    return r.ir;
  };
  const weight = (v: Val): string => {
    const r = root(v);
    if (r.ir) return r.ir;
    if (!r.dims) throw new Unsupported(`constant "${v.onnxName}" has an unknown shape`);
    if (elementsOf(r.dims) === 0) throw new Unsupported(`constant "${v.onnxName}" is empty`);
    r.ir = g.uniqueName(sanitize(r.onnxName));
    g.addTensor({ name: r.ir, shape: r.dims.length ? r.dims : [1], elementBytes: bytesOf(r.dtype), kind: 'weight' });
    return r.ir;
  };
  const newAct = (onnxName: string, dims: number[], dtype: number): Val => {
    if (!validDims(dims)) throw new Unsupported(`shape [${dims}]`);
    const v: Val = { dims, dtype, isConst: false, onnxName };
    v.ir = g.uniqueName(sanitize(onnxName));
    g.addTensor({ name: v.ir, shape: perSample(v), elementBytes: bytesOf(dtype), kind: 'activation' });
    return v;
  };

  // ---- topological order (ONNX requires it; be forgiving) ----
  const nodes = topoSort(graph.node, values);

  nodes.forEach((node, index) => {
    const type = node.opType ?? '';
    const ins = (node.input ?? []).map((n) => (n ? values.get(n) : undefined));
    const outs = node.output ?? [];
    const nodeName = node.name || `${type}_${index}`;
    const present = ins.filter((v): v is Val => v !== undefined);
    // Constant folding: nothing here runs on the accelerator.
    if (present.every((v) => v.isConst) && (node.input ?? []).every((n) => !n || values.has(n))) {
      const folded = foldConst(node, ins, opset);
      outs.forEach((o, i) => { if (o) values.set(o, folded[i] ?? { dims: undefined, dtype: 1, isConst: true, onnxName: o }); });
      return;
    }
    if (ins.some((v, i) => v === undefined && node.input?.[i]) || present.some((v) => !v.dims)) {
      unknownShapeSkips++;
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
      origin.push(type);
    };
    const out0 = outs[0] ?? `${opName}:out`;
    try {
      for (let i = 0; i < (REQUIRED_INPUTS[type] ?? 1); i++) if (ins[i] === undefined) throw new Unsupported(type);
      const produced = convert(node, type, ins, out0, opName, emit);
      if (produced) values.set(out0, produced);
      else throw new Unsupported(type);
    } catch (e) {
      if (!(e instanceof Unsupported)) {
        throw new Error(`onnx: node ${quoted(nodeName)} (${printable(type)}) could not be read: ${(e as Error).message}`);
      }
      const key = printable(type) || '(no type)';
      unsupported.set(key, (unsupported.get(key) ?? 0) + 1);
      skippedOutputs(node, ins, outs).forEach((dims, i) => {
        if (outs[i]) values.set(outs[i], { dims, dtype: present[0]?.dtype ?? 1, isConst: false, onnxName: outs[i], external: dims !== undefined });
      });
    }
  });

  function convert(node: NodeProto, type: string, ins: (Val | undefined)[], out: string, opName: string, emit: (op: OpSpec) => void): Val | undefined {
    const x = ins[0]!;
    const base = (inputs: string[], weights: string[], output: Val) => ({ name: opName, inputs, outputs: [output.ir!], weights });
    const elementwise = (op: ElementwiseOp, acts: Val[], consts: Val[], dims: number[], name = opName, outName = out, dtype = acts[0].dtype): Val => {
      const y = newAct(outName, dims, dtype);
      const weights = consts.filter((c) => c.dims && elementsOf(c.dims) > 1).map(weight);
      emit({ name, inputs: acts.map(act), outputs: [y.ir!], weights, kind: 'elementwise', elementwise: { op, elements: samples(y) } });
      return y;
    };
    const unary = (op: ElementwiseOp) => elementwise(op, [x], ins.slice(1).filter((v): v is Val => !!v && v.isConst), x.dims!);
    const approx = (op: ElementwiseOp) => { approximated.set(type, (approximated.get(type) ?? 0) + 1); return unary(op); }; // known type names only
    const alias = (dims: number[] | undefined): Val => {
      if (!dims || elementsOf(dims) !== elementsOf(x.dims!)) throw new Unsupported(type);
      return { dims, dtype: x.dtype, isConst: x.isConst, alias: x, onnxName: out };
    };

    switch (type) {
      // ---- shapes of activations are constants ----
      case 'Shape': {
        const rank = x.dims!.length;
        const start = axisOf(attrInt(node, 'start', 0), rank);
        const end = attr(node, 'end') ? axisOf(attrInt(node, 'end', rank), rank) : rank;
        const data = x.dims!.slice(start, end);
        return { dims: [data.length], dtype: 7, isConst: true, data, onnxName: out };
      }
      case 'Size': return { dims: [], dtype: 7, isConst: true, data: [elementsOf(x.dims!)], onnxName: out };

      // ---- free, shape-only ----
      case 'Identity': case 'Dropout': case 'Cast': case 'CastLike': case 'QuantizeLinear': case 'DequantizeLinear':
        return alias(x.dims);
      case 'Reshape': return alias(reshapeDims(x.dims!, ins[1]?.data ?? intsFromAttr(node, 'shape'), attrInt(node, 'allowzero', 0) === 1));
      case 'Flatten': {
        const axis = axisOf(attrInt(node, 'axis', 1), x.dims!.length);
        return alias([elementsOf(x.dims!.slice(0, axis)), elementsOf(x.dims!.slice(axis))]);
      }
      case 'Transpose': {
        const perm = attrInts(node, 'perm') ?? x.dims!.map((_, i) => x.dims!.length - 1 - i);
        return alias(perm.map((p) => x.dims![p]));
      }
      case 'Squeeze': case 'Unsqueeze': {
        const axes = opset >= 13 ? ins[1]?.data : attrInts(node, 'axes');
        return alias(type === 'Squeeze' ? squeezeDims(x.dims!, axes) : unsqueezeDims(x.dims!, axes));
      }

      // ---- conv ----
      case 'Conv': {
        const w = ins[1];
        if (!w?.isConst || !w.dims || w.dims.length !== x.dims!.length) throw new Unsupported(type);
        const rank = x.dims!.length;
        if ((rank !== 4 && rank !== 3) || x.dims![0] !== B) throw new Unsupported(type);
        const two = (v: number[] | undefined, d: number) => (rank === 3 ? [1, v?.[0] ?? d] : [v?.[0] ?? d, v?.[1] ?? d]);
        const [, c, h, wd] = rank === 4 ? x.dims! : [x.dims![0], x.dims![1], 1, x.dims![2]];
        const [kh, kw] = rank === 4 ? [w.dims[2], w.dims[3]] : [1, w.dims[2]];
        const groups = attrInt(node, 'group', 1);
        const [sh, sw] = two(attrInts(node, 'strides'), 1);
        const [dh, dw] = two(attrInts(node, 'dilations'), 1);
        const pads = attrInts(node, 'pads');
        const padH = rank === 4 ? [pads?.[0] ?? 0, pads?.[2] ?? 0] : [0, 0];
        const padW = rank === 4 ? [pads?.[1] ?? 0, pads?.[3] ?? 0] : [pads?.[0] ?? 0, pads?.[1] ?? 0];
        const autoPad = attrString(node, 'auto_pad', 'NOTSET');
        const outH = windowSize(h, kh, sh, dh, padH, autoPad);
        const outW = windowSize(wd, kw, sw, dw, padW, autoPad);
        const outC = w.dims[0];
        if (w.dims[1] * groups !== c || outC % groups !== 0 || outH < 1 || outW < 1) throw new Unsupported(type);
        const bias = ins[2];
        const yDims = rank === 4 ? [B, outC, outH, outW] : [B, outC, outW];
        const y = newAct(bias ? `${out}/conv` : out, yDims, x.dtype);
        emit({
          ...base([act(x)], [weight(w)], y), kind: 'conv2d',
          conv2d: {
            inHeight: h, inWidth: wd, inChannels: c, outHeight: outH, outWidth: outW, outChannels: outC,
            kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, groups,
            ...(dh !== 1 ? { dilationHeight: dh } : {}), ...(dw !== 1 ? { dilationWidth: dw } : {}),
          },
        });
        if (!bias) return y;
        return elementwise('bias', [y], [bias], yDims, g.uniqueName(`${opName}/bias`));
      }

      // ---- matmul ----
      case 'Gemm': {
        const [a, b, c] = ins;
        if (!a || !b || a.isConst || !b.isConst || a.dims!.length !== 2 || attrInt(node, 'transA', 0) !== 0) throw new Unsupported(type);
        const [rows, k] = a.dims!;
        const transB = attrInt(node, 'transB', 0) === 1;
        const [bk, n] = transB ? [b.dims![1], b.dims![0]] : b.dims!;
        const m = rows / B;
        if (bk !== k || !Number.isInteger(m)) throw new Unsupported(type);
        const y = newAct(c ? `${out}/matmul` : out, [rows, n], a.dtype);
        emit({ ...base([act(a)], [weight(b)], y), kind: 'matmul', matmul: { count: 1, m, k, n, weightB: true } });
        return c ? elementwise('bias', [y], [c], [rows, n], g.uniqueName(`${opName}/bias`)) : y;
      }
      case 'MatMul': {
        const [a, b] = ins as [Val, Val];
        if (a.dims!.length < 2 || b.dims!.length < 2) throw new Unsupported(type);
        const [M, K] = a.dims!.slice(-2);
        const [K2, N] = b.dims!.slice(-2);
        if (K !== K2) throw new Unsupported(type);
        const lead = broadcast(a.dims!.slice(0, -2), b.dims!.slice(0, -2));
        if (!lead) throw new Unsupported(type);
        const yDims = [...lead, M, N];
        if (b.isConst) {
          const count = elementsOf(b.dims!.slice(0, -2));
          const m = samples(a) / (count * K);
          if (!Number.isInteger(m)) throw new Unsupported(type);
          const y = newAct(out, yDims, a.dtype);
          emit({ ...base([act(a)], [weight(b)], y), kind: 'matmul', matmul: { count, m, k: K, n: N, weightB: true } });
          return y;
        }
        if (a.isConst) {
          // W·x = (xᵀ·Wᵀ)ᵀ: a dense layer over the N columns of x (transposes are free here).
          if (a.dims!.length !== 2) throw new Unsupported(type);
          const y = newAct(out, yDims, b.dtype);
          emit({ ...base([act(b)], [weight(a)], y), kind: 'matmul', matmul: { count: 1, m: samples(b) / K, k: K, n: M, weightB: true } });
          return y;
        }
        const aLead = a.dims!.slice(0, -2);
        const bLead = b.dims!.slice(0, -2);
        if (aLead.length !== bLead.length || aLead.some((d, i) => d !== bLead[i])) throw new Unsupported(type);
        const count = elementsOf(aLead) / B;
        if (!Number.isInteger(count) || count < 1) throw new Unsupported(type);
        const y = newAct(out, yDims, a.dtype);
        emit({ ...base([act(a), act(b)], [], y), kind: 'matmul', matmul: { count, m: M, k: K, n: N, weightB: false } });
        return y;
      }

      // ---- elementwise ----
      case 'Add': case 'Sub': case 'Mul': case 'Div': case 'Pow': {
        const [a, b] = ins as [Val, Val];
        const dims = broadcast(a.dims!, b.dims!);
        if (!dims) throw new Unsupported(type);
        const acts = [a, b].filter((v) => !v.isConst);
        const consts = [a, b].filter((v) => v.isConst);
        const additive = type === 'Add' || type === 'Sub';
        if (type === 'Pow') return elementwise('mul', acts, consts, dims);
        if (consts.length) return elementwise(additive ? 'bias' : 'scale', acts, consts, dims);
        return elementwise(additive ? 'add' : 'mul', acts, [], dims);
      }
      case 'Relu': case 'LeakyRelu': return unary('relu');
      case 'PRelu': return unary('relu');
      case 'Clip': return unary('relu6');
      case 'Sigmoid': case 'HardSigmoid': return unary('sigmoid');
      case 'Tanh': return unary('tanh');
      case 'HardSwish': return unary('swish');
      case 'Gelu': case 'FastGelu': case 'BiasGelu': return unary('gelu');
      case 'Erf': case 'Exp': case 'Log': case 'Sqrt': case 'Reciprocal': case 'Softplus': case 'Elu': case 'Selu':
        return approx('tanh');
      case 'Neg': case 'Abs': return unary('scale');
      case 'BatchNormalization': {
        const c = x.dims![1];
        if (x.dims!.length < 2 || !ins.slice(1, 5).every((v) => v?.isConst)) throw new Unsupported(type);
        const y = newAct(out, x.dims!, x.dtype);
        const folded = g.uniqueName(`${opName}/scale_shift`);
        g.addTensor({ name: folded, shape: [2, c], elementBytes: bytesOf(x.dtype), kind: 'weight' });
        emit({ ...base([act(x)], [folded], y), kind: 'elementwise', elementwise: { op: 'batchnorm', elements: samples(y) } });
        return y;
      }
      case 'Gather': {
        const [data, indices] = ins as [Val, Val];
        if (!data.isConst || indices.isConst || axisOf(attrInt(node, 'axis', 0), data.dims!.length) !== 0) throw new Unsupported(type);
        const dims = [...indices.dims!, ...data.dims!.slice(1)];
        return elementwise('add', [indices], [data], dims, opName, out, data.dtype);
      }

      // ---- pool / reduce ----
      case 'MaxPool': case 'AveragePool': {
        if (x.dims!.length !== 4 || x.dims![0] !== B || (attrInts(node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) throw new Unsupported(type);
        const [, c, h, wd] = x.dims!;
        const [kh, kw] = attrInts(node, 'kernel_shape') ?? [1, 1];
        const [sh, sw] = attrInts(node, 'strides') ?? [1, 1];
        const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
        const autoPad = attrString(node, 'auto_pad', 'NOTSET');
        const ceil = attrInt(node, 'ceil_mode', 0) === 1;
        const outH = windowSize(h, kh, sh, 1, [pads[0], pads[2]], autoPad, ceil);
        const outW = windowSize(wd, kw, sw, 1, [pads[1], pads[3]], autoPad, ceil);
        if (outH < 1 || outW < 1) throw new Unsupported(type);
        const y = newAct(out, [B, c, outH, outW], x.dtype);
        emit({
          ...base([act(x)], [], y), kind: 'pool',
          pool: { op: type === 'MaxPool' ? 'max' : 'avg', global: false, inHeight: h, inWidth: wd, channels: c, kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: outH, outWidth: outW },
        });
        return y;
      }
      case 'GlobalAveragePool': case 'GlobalMaxPool': {
        if (x.dims!.length < 3 || x.dims![0] !== B) throw new Unsupported(type);
        const [, c, h, wd] = x.dims!.length === 4 ? x.dims! : [B, x.dims![1], 1, x.dims![2]];
        const y = newAct(out, [B, c, ...x.dims!.slice(2).map(() => 1)], x.dtype);
        emit({
          ...base([act(x)], [], y), kind: 'pool',
          pool: { op: type === 'GlobalMaxPool' ? 'max' : 'avg', global: true, inHeight: h, inWidth: wd, channels: c, kernelHeight: h, kernelWidth: wd, strideHeight: 1, strideWidth: 1, outHeight: 1, outWidth: 1 },
        });
        return y;
      }
      case 'ReduceMean': case 'ReduceSum': case 'ReduceMax': {
        const rank = x.dims!.length;
        const axesIn = (type === 'ReduceSum' ? opset >= 13 : opset >= 18) ? ins[1]?.data : attrInts(node, 'axes');
        const axes = (axesIn ?? x.dims!.map((_, i) => i)).map((a) => axisOf(a, rank));
        if (axes.includes(0) && x.dims![0] !== 1) throw new Unsupported(type);
        const keep = attrInt(node, 'keepdims', 1) === 1;
        const dims = x.dims!.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
        const y = newAct(out, dims.length ? dims : [1], x.dtype);
        const op = type === 'ReduceMean' ? 'mean' : type === 'ReduceSum' ? 'sum' : 'max';
        emit({ ...base([act(x)], [], y), kind: 'reduce', reduce: { op, inElements: samples(x), outElements: samples(y) } });
        return y;
      }

      // ---- row ops ----
      case 'Softmax': case 'LogSoftmax': {
        const rank = x.dims!.length;
        const axis = axisOf(attrInt(node, 'axis', opset >= 13 ? -1 : 1), rank);
        const length = opset >= 13 ? x.dims![axis] : elementsOf(x.dims!.slice(axis));
        const y = newAct(out, x.dims!, x.dtype);
        emit({ ...base([act(x)], [], y), kind: 'softmax', softmax: { rows: samples(x) / length, length } });
        return y;
      }
      case 'LayerNormalization': {
        const rank = x.dims!.length;
        const axis = axisOf(attrInt(node, 'axis', -1), rank);
        const length = elementsOf(x.dims!.slice(axis));
        const y = newAct(out, x.dims!, x.dtype);
        const weights = ins.slice(1, 3).filter((v): v is Val => !!v && v.isConst).map(weight);
        emit({ ...base([act(x)], weights, y), kind: 'layernorm', layernorm: { rows: samples(x) / length, length } });
        return y;
      }
      default:
        return undefined;
    }
  }

  function reshapeDims(dims: number[], target: number[] | undefined, allowZero: boolean): number[] | undefined {
    if (!target) return undefined;
    const out = target.map((t, i) => (t === 0 && !allowZero ? dims[i] : t));
    const known = out.filter((d) => d !== -1);
    const free = out.length - known.length;
    if (free > 1) return undefined;
    if (free === 1) {
      const rest = elementsOf(dims) / elementsOf(known);
      if (!Number.isInteger(rest)) return undefined;
      return out.map((d) => (d === -1 ? rest : d));
    }
    return out;
  }

  function intsFromAttr(node: NodeProto, name: string): number[] | undefined {
    return attrInts(node, name);
  }

  /** Shapes of a skipped op's outputs: computed for a few shape-changing ops, else its first input's. */
  function inferSkipped(node: NodeProto, ins: (Val | undefined)[], outs: string[]): (number[] | undefined)[] {
    const type = node.opType ?? '';
    const first = ins.find((v) => v?.dims)?.dims;
    try {
      if (type === 'Concat') {
        const dims = ins.filter((v): v is Val => !!v && !!v.dims).map((v) => v.dims!);
        const axis = axisOf(attrInt(node, 'axis', 0), dims[0].length);
        return [dims[0].map((d, i) => (i === axis ? dims.reduce((s, x) => s + x[i], 0) : d))];
      }
      if (type === 'Gather' && ins[0]?.dims && ins[1]?.dims) {
        const axis = axisOf(attrInt(node, 'axis', 0), ins[0].dims.length);
        return [[...ins[0].dims.slice(0, axis), ...ins[1].dims, ...ins[0].dims.slice(axis + 1)]];
      }
      if (type === 'Slice' && ins[0]?.dims && ins[1]?.data && ins[2]?.data) {
        const dims = [...ins[0].dims];
        const axes = ins[3]?.data ?? ins[1].data.map((_, i) => i);
        const steps = ins[4]?.data ?? axes.map(() => 1);
        axes.forEach((a, i) => {
          const ax = axisOf(a, dims.length);
          const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + dims[ax] : v, 0), dims[ax]);
          const lo = clamp(ins[1]!.data![i]);
          const hi = clamp(ins[2]!.data![i]);
          dims[ax] = Math.max(0, Math.ceil((hi - lo) / (steps[i] || 1)));
        });
        return [dims];
      }
      if (type === 'Split' && first) {
        const axis = axisOf(attrInt(node, 'axis', 0), first.length);
        const sizes = (opset >= 13 ? ins[1]?.data : attrInts(node, 'split')) ?? outs.map(() => first[axis] / outs.length);
        return sizes.map((s) => first.map((d, i) => (i === axis ? s : d)));
      }
    } catch {
      // fall through to the assumption below
    }
    return outs.map(() => first && elementsOf(first) > 0 ? [...first] : undefined);
  }

  function skippedOutputs(node: NodeProto, ins: (Val | undefined)[], outs: string[]): (number[] | undefined)[] {
    return inferSkipped(node, ins, outs).map((dims) => (dims && validDims(dims) ? dims : undefined));
  }

  // ---- patterns over the emitted ops ----
  const gelus = fusePatterns(g, origin);
  const erfs = (approximated.get('Erf') ?? 0) - gelus;
  if (erfs > 0) approximated.set('Erf', erfs);
  else approximated.delete('Erf');

  if (unsupported.size) {
    const list = listed([...unsupported].map(([t, n]) => `${t} ×${n}`));
    const total = [...unsupported.values()].reduce((a, b) => a + b, 0);
    warnings.push(`onnx: ${total} op${total > 1 ? 's' : ''} not supported and skipped (not costed): ${list}; their outputs are taken as graph inputs`);
  }
  if (unknownShapeSkips) warnings.push(`onnx: ${unknownShapeSkips} op${unknownShapeSkips > 1 ? 's' : ''} skipped because an input's shape could not be inferred`);
  if (approximated.size) {
    warnings.push(`onnx: costed as one transcendental per element (tanh): ${[...approximated].map(([t, n]) => `${t} ×${n}`).join(', ')}`);
  }
  if (g.ops.length === 0) {
    const why = [
      ...(unsupported.size ? [`unsupported: ${listed([...unsupported.keys()])}`] : []),
      ...(unknownShapeSkips ? [`${unknownShapeSkips} skipped for shapes that could not be inferred`] : []),
    ];
    throw new Error(`onnx: no supported op in the model${why.length ? ` (${why.join('; ')})` : ''}`);
  }
  if (g.ops.length > MAX_OPS) throw new Error(`onnx: the model becomes ${g.ops.length} ops; at most ${MAX_OPS}`);
  pruneTensors(g);
  const spec = g.build({
    description: `ONNX model "${graph.name || 'graph'}" (opset ${opset}, ${graph.node.length} nodes)`,
    ...(!batchSymbolic && batch !== undefined && batch <= 1024 ? { defaultBatch: batch } : {}),
    warnings,
  });
  return parseWorkload(spec, 'onnx');
}

/** Output size of a window along one axis (ONNX Conv/Pool rules, incl. auto_pad and ceil_mode). */
function windowSize(inSize: number, k: number, s: number, d: number, pads: number[], autoPad: string, ceil = false): number {
  const kEff = (k - 1) * d + 1;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(inSize / s);
  if (autoPad === 'VALID') return Math.floor((inSize - kEff) / s) + 1;
  const span = inSize + pads[0] + pads[1] - kEff;
  return (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
}

function squeezeDims(dims: number[], axes: number[] | undefined): number[] {
  if (!axes) return dims.filter((d) => d !== 1);
  const set = new Set(axes.map((a) => axisOf(a, dims.length)));
  return dims.filter((_, i) => !set.has(i));
}

function unsqueezeDims(dims: number[], axes: number[] | undefined): number[] | undefined {
  if (!axes) return undefined;
  const rank = dims.length + axes.length;
  const set = new Set(axes.map((a) => axisOf(a, rank)));
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : dims[j++]);
  return out;
}

/** Evaluate a node whose inputs are all constants (shape arithmetic); unknown results keep what can be known. */
function foldConst(node: NodeProto, ins: (Val | undefined)[], opset: number): Val[] {
  const type = node.opType ?? '';
  const outs = node.output ?? [];
  const mk = (dims: number[] | undefined, data?: number[], dtype = 7): Val => ({ dims, dtype, isConst: true, onnxName: outs[0] ?? '', ...(data ? { data } : {}) });
  const x = ins[0];
  try {
    switch (type) {
      case 'Constant': {
        const a = node.attribute?.[0];
        if (!a) return [];
        if (a.t) return [{ dims: (a.t.dims ?? []).map(num), dtype: a.t.dataType ?? 1, isConst: true, data: tensorValues(a.t), onnxName: outs[0] ?? '' }];
        if (a.ints?.length) return [mk([a.ints.length], a.ints.map(num))];
        if (a.floats?.length) return [mk([a.floats.length], [...a.floats], 1)];
        if (a.name === 'value_int') return [mk([], [num(a.i)])];
        if (a.name === 'value_float') return [mk([], [a.f ?? 0], 1)];
        return [];
      }
      case 'Shape': return x?.dims ? [mk([x.dims.length], [...x.dims])] : [];
      case 'Identity': case 'Cast': case 'Dropout': return x ? [{ ...x, onnxName: outs[0] ?? '' }] : [];
      // Same shape as the first input, values not needed (weights of quantized models, elementwise maths on constants).
      case 'QuantizeLinear': case 'DequantizeLinear': case 'Neg': case 'Abs': case 'Sqrt': case 'Reciprocal': case 'Exp': case 'Log':
      case 'Sigmoid': case 'Tanh': case 'Relu': case 'Clip':
        return x?.dims ? [{ dims: [...x.dims], dtype: type === 'QuantizeLinear' ? 3 : type === 'DequantizeLinear' ? 1 : x.dtype, isConst: true, onnxName: outs[0] ?? '' }] : [];
      case 'Gather': {
        const [data, idx] = ins;
        if (!data?.dims || !idx?.dims) return [];
        const axis = axisOf(attrInt(node, 'axis', 0), data.dims.length);
        const dims = [...data.dims.slice(0, axis), ...idx.dims, ...data.dims.slice(axis + 1)];
        const values = data.data && idx.data && data.dims.length === 1 ? idx.data.map((i) => data.data![i < 0 ? i + data.dims![0] : i]) : undefined;
        return [{ ...mk(dims, values, data.dtype), alias: undefined }];
      }
      case 'Unsqueeze': case 'Squeeze': {
        if (!x?.dims) return [];
        const axes = opset >= 13 ? ins[1]?.data : attrInts(node, 'axes');
        const dims = type === 'Squeeze' ? squeezeDims(x.dims, axes) : unsqueezeDims(x.dims, axes);
        return [mk(dims, x.data, x.dtype)];
      }
      case 'Concat': {
        const parts = ins.filter((v): v is Val => !!v);
        if (parts.some((p) => !p.dims) || parts.length === 0) return [];
        const axis = axisOf(attrInt(node, 'axis', 0), parts[0].dims!.length);
        const dims = parts[0].dims!.map((d, i) => (i === axis ? parts.reduce((s, p) => s + p.dims![i], 0) : d));
        const data = parts.every((p) => p.data) && dims.length === 1 ? parts.flatMap((p) => p.data!) : undefined;
        return [mk(dims, data, parts[0].dtype)];
      }
      case 'Add': case 'Sub': case 'Mul': case 'Div': {
        const [a, b] = ins;
        if (!a?.dims || !b?.dims) return [];
        const dims = broadcast(a.dims, b.dims);
        let data: number[] | undefined;
        if (dims && a.data && b.data && elementsOf(dims) <= MAX_CONST_VALUES && (a.data.length === b.data.length || a.data.length === 1 || b.data.length === 1)) {
          const n = Math.max(a.data.length, b.data.length);
          const integer = !FLOAT_TYPES.has(a.dtype);
          data = Array.from({ length: n }, (_, i) => {
            const p = a.data![a.data!.length === 1 ? 0 : i];
            const q = b.data![b.data!.length === 1 ? 0 : i];
            const r = type === 'Add' ? p + q : type === 'Sub' ? p - q : type === 'Mul' ? p * q : p / q;
            return integer ? Math.trunc(r) : r;
          });
        }
        return [mk(dims, data, a.dtype)];
      }
      case 'Slice': {
        if (!x?.dims || x.dims.length !== 1) return [mk(undefined)];
        const starts = ins[1]?.data ?? attrInts(node, 'starts');
        const ends = ins[2]?.data ?? attrInts(node, 'ends');
        if (!starts || !ends) return [];
        const n = x.dims[0];
        const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
        const lo = clamp(starts[0]);
        const hi = clamp(ends[0]);
        const data = x.data?.slice(lo, hi);
        return [mk([Math.max(0, hi - lo)], data, x.dtype)];
      }
      case 'Reshape': {
        if (!x?.dims || !ins[1]?.data) return [];
        const t = ins[1].data.map((v, i) => (v === 0 ? x.dims![i] : v));
        const known = elementsOf(t.filter((v) => v !== -1));
        const dims = t.map((v) => (v === -1 ? elementsOf(x.dims!) / known : v));
        return [mk(dims, x.data, x.dtype)];
      }
      case 'Transpose': {
        if (!x?.dims) return [];
        const perm = attrInts(node, 'perm') ?? x.dims.map((_, i) => x.dims!.length - 1 - i);
        return [mk(perm.map((p) => x.dims![p]), undefined, x.dtype)];
      }
      default:
        return [];
    }
  } catch {
    return [];
  }
}

/**
 * Kahn's algorithm with the ready nodes taken smallest file index first, so a file already in topological order
 * keeps its order. O((nodes + edges) · log nodes): a file of many nodes in reverse order sorts in bounded time.
 */
function topoSort(nodes: NodeProto[], known: Map<string, Val>): NodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => (n.output ?? []).forEach((o) => { if (o) producer.set(o, i); }));
  const unmet = new Array<number>(nodes.length).fill(0);
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const inp of n.input ?? []) {
      if (!inp || known.has(inp)) continue;
      const p = producer.get(inp);
      if (p === undefined) continue;
      unmet[i]++;
      dependents[p].push(i);
    }
  });
  // A binary min-heap of ready node indices.
  const heap: number[] = [];
  const push = (v: number) => {
    heap.push(v);
    for (let c = heap.length - 1; c > 0;) {
      const p = (c - 1) >> 1;
      if (heap[p] <= heap[c]) break;
      [heap[p], heap[c]] = [heap[c], heap[p]];
      c = p;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let p = 0; ;) {
        const l = 2 * p + 1, r = l + 1;
        let m = p;
        if (l < heap.length && heap[l] < heap[m]) m = l;
        if (r < heap.length && heap[r] < heap[m]) m = r;
        if (m === p) break;
        [heap[p], heap[m]] = [heap[m], heap[p]];
        p = m;
      }
    }
    return top;
  };
  unmet.forEach((u, i) => { if (u === 0) push(i); });
  const order: NodeProto[] = [];
  while (heap.length) {
    const i = pop();
    order.push(nodes[i]);
    for (const d of dependents[i]) if (--unmet[d] === 0) push(d);
  }
  if (order.length < nodes.length) throw new Error('onnx: the graph has a cycle (nodes cannot be put in topological order)');
  return order;
}

/** Swish (x·sigmoid(x)) and erf-GELU (x·½(1 + erf(x/√2))) chains become one op each; returns the GELUs formed. */
function fusePatterns(g: GraphBuilder, origin: string[]): number {
  const ops = g.ops;
  let gelus = 0;
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  ops.forEach((op, i) => {
    producer.set(op.outputs[0], i);
    for (const t of op.inputs) {
      const c = consumers.get(t);
      if (c) c.push(i); else consumers.set(t, [i]);
    }
  });
  const dead = new Set<number>();
  const only = (t: string) => { const c = consumers.get(t) ?? []; return c.length === 1 ? c[0] : -1; };
  const ew = (i: number, op?: ElementwiseOp) => {
    const o = ops[i];
    return !!o && o.kind === 'elementwise' && !dead.has(i) && (op === undefined || o.elementwise.op === op);
  };

  // swish: mul(x, sigmoid(x))
  ops.forEach((op, i) => {
    if (!ew(i, 'mul') || op.inputs.length !== 2) return;
    for (const [s, x] of [[op.inputs[0], op.inputs[1]], [op.inputs[1], op.inputs[0]]]) {
      const p = producer.get(s);
      if (p === undefined || !ew(p, 'sigmoid') || ops[p].inputs[0] !== x || only(s) !== i) continue;
      dead.add(p);
      if (op.kind === 'elementwise') { op.inputs = [x]; op.elementwise.op = 'swish'; }
      return;
    }
  });

  // GELU (erf form): [div|mul](x, c) → erf → add(1) → mul(·, x or x·½) [→ mul(½)]
  ops.forEach((erf, e) => {
    if (origin[e] !== 'Erf' || !ew(e)) return;
    const d = producer.get(erf.inputs[0]);
    if (d === undefined || !ew(d, 'scale') || only(erf.inputs[0]) !== e) return;
    const x = ops[d].inputs[0];
    const a = only(erf.outputs[0]);
    if (a < 0 || !ew(a, 'bias') || origin[a] !== 'Add') return;
    const m = only(ops[a].outputs[0]);
    if (m < 0 || !ew(m, 'mul') || ops[m].inputs.length !== 2) return;
    const other = ops[m].inputs.find((t) => t !== ops[a].outputs[0]);
    if (other === undefined) return;
    const chain = [d, e, a, m];
    if (other !== x) {
      const h = producer.get(other);
      if (h === undefined || !ew(h, 'scale') || ops[h].inputs[0] !== x || only(other) !== m) return;
      chain.push(h);
    }
    let last = m;
    const tail = only(ops[m].outputs[0]);
    if (other === x && tail >= 0 && ew(tail, 'scale') && origin[tail] === 'Mul') { chain.push(tail); last = tail; }
    const gelu = ops[last];
    if (gelu.kind !== 'elementwise') return;
    for (const i of chain) if (i !== last) dead.add(i);
    gelu.inputs = [x];
    gelu.weights = [];
    gelu.elementwise.op = 'gelu';
    gelus++;
  });

  if (dead.size === 0) return gelus;
  const keep = ops.filter((_, i) => !dead.has(i));
  ops.length = 0;
  ops.push(...keep);
  return gelus;
}

/** Drop tensors no op references any more (intermediates of fused patterns). */
function pruneTensors(g: GraphBuilder): void {
  const used = new Set<string>();
  for (const op of g.ops) for (const t of [...op.inputs, ...op.outputs, ...op.weights]) used.add(t);
  const keep = g.tensors.filter((t) => used.has(t.name));
  g.tensors.length = 0;
  g.tensors.push(...keep);
}
