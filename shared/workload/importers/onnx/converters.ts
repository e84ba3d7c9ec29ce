// The ONNX importer's converters: one table row per ONNX op type (with the inputs it needs) → the IR ops it emits
// and the value it produces. A converter throws Unsupported for what it cannot cost (the node is then skipped); an
// op type without a row is unsupported. Coverage: docs/model.md §2.5 and the header of ./index.ts.
import { elementsOf } from '../../builder';
import type { ElementwiseOp, OpSpec } from '../../types';
import type { ImportContext } from './context';
import { attr, attrInt, attrInts, attrString } from './decode';
import { Unsupported, type NodeProto, type Val } from './model';
import {
  axisOf, broadcast, concatDims, einsumForm, gatherDims, padDims, reshapeDims, resizeDims, sliceDims, splitSizes, squeezeDims,
  transposeConvAxis, unsqueezeDims, windowSize,
} from './shapes';

/** One node as its converter sees it, with the helpers that emit ops. */
export interface NodeInput {
  c: ImportContext;
  node: NodeProto;
  type: string;
  ins: (Val | undefined)[];
  /** The first input (present: every row needs at least one). */
  x: Val;
  /** The ONNX name of the (first) output. */
  out: string;
  /** The IR name of the node's (first) op. */
  opName: string;
  /** Adds an op to the graph (checked: a corrupt attribute makes the node unsupported, not the graph invalid). */
  emit: (op: OpSpec) => void;
  /** The name, inputs, outputs and weights of the node's op. */
  base: (inputs: string[], weights: string[], output: Val) => { name: string; inputs: string[]; outputs: string[]; weights: string[] };
  /** One elementwise op over activations (constants of more than one element are its weights). */
  elementwise: (op: ElementwiseOp, acts: Val[], consts: Val[], dims: number[], name?: string, outName?: string, dtype?: number) => Val;
  /** An elementwise op over the first input (constant inputs are its weights). */
  unary: (op: ElementwiseOp) => Val;
  /** `unary`, counted as an approximation (one transcendental per element). */
  approx: (op: ElementwiseOp) => Val;
  /** The first input under another shape of as many elements (a free op). */
  alias: (dims: number[] | undefined) => Val;
}

export type Converter = (n: NodeInput) => Val;

/** The op types each converter serves, and how many leading inputs must be present. */
type Row = [types: string[], convert: Converter, inputs?: number];

const shape: Converter = ({ node, x, out }) => {
  const rank = x.dims!.length;
  const start = axisOf(attrInt(node, 'start', 0), rank);
  const end = attr(node, 'end') ? axisOf(attrInt(node, 'end', rank), rank) : rank;
  const data = x.dims!.slice(start, end);
  return { dims: [data.length], dtype: 7, isConst: true, data, onnxName: out };
};

const conv: Converter = ({ c, node, type, ins, x, out, opName, emit, base, elementwise }) => {
  const B = c.batch;
  const w = ins[1];
  if (!w?.isConst || !w.dims || w.dims.length !== x.dims!.length) throw new Unsupported(type);
  const rank = x.dims!.length;
  if ((rank !== 4 && rank !== 3) || x.dims![0] !== B) throw new Unsupported(type);
  const two = (v: number[] | undefined, d: number) => (rank === 3 ? [1, v?.[0] ?? d] : [v?.[0] ?? d, v?.[1] ?? d]);
  const [, ch, h, wd] = rank === 4 ? x.dims! : [x.dims![0], x.dims![1], 1, x.dims![2]];
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
  if (w.dims[1] * groups !== ch || outC % groups !== 0 || outH < 1 || outW < 1) throw new Unsupported(type);
  const bias = ins[2];
  const yDims = rank === 4 ? [B, outC, outH, outW] : [B, outC, outW];
  const y = c.newAct(bias ? `${out}/conv` : out, yDims, x.dtype);
  emit({
    ...base([c.act(x)], [c.weight(w)], y), kind: 'conv2d',
    conv2d: {
      inHeight: h, inWidth: wd, inChannels: ch, outHeight: outH, outWidth: outW, outChannels: outC,
      kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, groups,
      ...(dh !== 1 ? { dilationHeight: dh } : {}), ...(dw !== 1 ? { dilationWidth: dw } : {}),
    },
  });
  if (!bias) return y;
  return elementwise('bias', [y], [bias], yDims, c.g.uniqueName(`${opName}/bias`));
};

/**
 * ConvTranspose on the arrays as its sub-pixel convolutions (docs/model.md §2.5): output row y takes the kernel taps
 * t ≡ (y + pad) mod stride, so each of the stride_h·stride_w output phases is a stride-1 convolution of the input
 * with ⌈(k − r)/s⌉ taps per axis. MACs = Σ over phases of outputs × taps × inC/groups: the taps that meet input or
 * padding, never an inserted zero — for s dividing k and an uncropped output, exactly inH·inW·inC·kh·kw·outC/groups.
 * When every phase has the same taps and outputs (s divides k), they are one conv of outC·sh·sw channels and the
 * interleave is free (a depth-to-space layout); otherwise one conv per phase and a copy interleaves them.
 */
const convTranspose: Converter = ({ c, node, type, ins, x, out, opName, emit, elementwise }) => {
  const B = c.batch;
  const w = ins[1];
  const rank = x.dims!.length;
  if (!w?.isConst || !w.dims || w.dims.length !== rank) throw new Unsupported(`${type}: the weight must be a constant of the input's rank`);
  if ((rank !== 4 && rank !== 3) || x.dims![0] !== B) throw new Unsupported(`${type}: only 1-D and 2-D transposed convolutions are costed`);
  if ((attrInts(node, 'dilations') ?? []).some((d) => d !== 1)) throw new Unsupported(`${type}: dilated transposed convolutions are not costed`);
  const groups = attrInt(node, 'group', 1);
  const [, ch, h, wd] = rank === 4 ? x.dims! : [B, x.dims![1], 1, x.dims![2]];
  const [kh, kw] = rank === 4 ? [w.dims[2], w.dims[3]] : [1, w.dims[2]];
  const outC = w.dims[1] * groups;
  if (w.dims[0] !== ch || groups < 1 || ch % groups !== 0) throw new Unsupported(`${type}: weight [${w.dims}] does not match ${ch} input channels in ${groups} groups`);
  const two = (v: number[] | undefined, d: number) => (rank === 3 ? [d === 0 ? 0 : 1, v?.[0] ?? d] : [v?.[0] ?? d, v?.[1] ?? d]);
  const [sh, sw] = two(attrInts(node, 'strides'), 1);
  const [oph, opw] = two(attrInts(node, 'output_padding'), 0);
  const outShape = attrInts(node, 'output_shape');
  const [osh, osw] = outShape ? (rank === 3 ? [1, outShape.at(-1)!] : outShape.slice(-2)) : [0, 0];
  const pads = attrInts(node, 'pads');
  const padH = rank === 4 ? [pads?.[0] ?? 0, pads?.[2] ?? 0] : [0, 0];
  const padW = rank === 4 ? [pads?.[1] ?? 0, pads?.[3] ?? 0] : [pads?.[0] ?? 0, pads?.[1] ?? 0];
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  const axisH = transposeConvAxis(h, kh, sh, padH, oph, osh, autoPad);
  const axisW = transposeConvAxis(wd, kw, sw, padW, opw, osw, autoPad);
  if (!axisH || !axisW) throw new Unsupported(`${type}: pads, output_padding or output_shape give an output no phase convolution covers`);
  const yDims = rank === 4 ? [B, outC, axisH.out, axisW.out] : [B, outC, axisW.out];
  const bias = ins[2];
  const yName = bias ? `${out}/convtranspose` : out;
  const conv = (name: string, weight: string, outName: string, kH: number, kW: number, oH: number, oW: number, oc: number): Val => {
    const y = c.newAct(outName, [B, oc, oH, oW], x.dtype);
    emit({
      name, inputs: [c.act(x)], outputs: [y.ir!], weights: [weight], kind: 'conv2d',
      conv2d: { inHeight: h, inWidth: wd, inChannels: ch, outHeight: oH, outWidth: oW, outChannels: oc, kernelHeight: kH, kernelWidth: kW, strideHeight: 1, strideWidth: 1, groups },
    });
    return y;
  };
  let y: Val;
  if (axisH.uniform && axisW.uniform) {
    // One conv of outC·sh·sw channels; depth-to-space into the output is a layout (free).
    const phases = conv(opName, c.weight(w), `${yName}/phases`, axisH.taps[0], axisW.taps[0], axisH.rows[0], axisW.rows[0], outC * sh * sw);
    y = { dims: yDims, dtype: x.dtype, isConst: false, alias: phases, onnxName: yName };
  } else {
    const parts: Val[] = [];
    const root = w.onnxName || 'weight';
    axisH.taps.forEach((tH, rh) => axisW.taps.forEach((tW, rw) => {
      if (tH === 0 || tW === 0) return; // outputs no tap reaches: zero (and the bias)
      const key = `${c.weight(w)}\u0000${rh}_${rw}_${sh}_${sw}`;
      let wName = c.derived.get(key);
      if (!wName) {
        wName = c.g.uniqueName(`${root}/phase${rh}_${rw}`);
        c.g.addTensor({ name: wName, shape: [outC, ch / groups, tH, tW], elementBytes: c.bytesOf(w.dtype), kind: 'weight' });
        c.derived.set(key, wName);
      }
      parts.push(conv(c.g.uniqueName(`${opName}/phase${rh}_${rw}`), wName, `${yName}/phase${rh}_${rw}`, tH, tW, axisH.rows[rh], axisW.rows[rw], outC));
    }));
    y = elementwise('copy', parts, [], yDims, opName, yName);
  }
  if (!bias) return y;
  return elementwise('bias', [y], [bias], yDims, c.g.uniqueName(`${opName}/bias`));
};

const gemm: Converter = ({ c: ctx, node, type, ins, out, opName, emit, base, elementwise }) => {
  const B = ctx.batch;
  const [a, b, c] = ins;
  if (!a || !b || a.isConst || !b.isConst || a.dims!.length !== 2 || attrInt(node, 'transA', 0) !== 0) throw new Unsupported(type);
  const [rows, k] = a.dims!;
  const transB = attrInt(node, 'transB', 0) === 1;
  const [bk, n] = transB ? [b.dims![1], b.dims![0]] : b.dims!;
  const m = rows / B;
  if (bk !== k || !Number.isInteger(m)) throw new Unsupported(type);
  const y = ctx.newAct(c ? `${out}/matmul` : out, [rows, n], a.dtype);
  emit({ ...base([ctx.act(a)], [ctx.weight(b)], y), kind: 'matmul', matmul: { count: 1, m, k, n, weightB: true } });
  return c ? elementwise('bias', [y], [c], [rows, n], ctx.g.uniqueName(`${opName}/bias`)) : y;
};

const matMul: Converter = ({ c, type, ins, out, emit, base }) => {
  const B = c.batch;
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
    const m = c.samples(a) / (count * K);
    if (!Number.isInteger(m)) throw new Unsupported(type);
    const y = c.newAct(out, yDims, a.dtype);
    emit({ ...base([c.act(a)], [c.weight(b)], y), kind: 'matmul', matmul: { count, m, k: K, n: N, weightB: true } });
    return y;
  }
  if (a.isConst) {
    // W·x = (xᵀ·Wᵀ)ᵀ: a dense layer over the N columns of x (transposes are free here).
    if (a.dims!.length !== 2) throw new Unsupported(type);
    const y = c.newAct(out, yDims, b.dtype);
    emit({ ...base([c.act(b)], [c.weight(a)], y), kind: 'matmul', matmul: { count: 1, m: c.samples(b) / K, k: K, n: M, weightB: true } });
    return y;
  }
  const aLead = a.dims!.slice(0, -2);
  const bLead = b.dims!.slice(0, -2);
  if (aLead.length !== bLead.length || aLead.some((d, i) => d !== bLead[i])) throw new Unsupported(type);
  const count = elementsOf(aLead) / B;
  if (!Number.isInteger(count) || count < 1) throw new Unsupported(type);
  const y = c.newAct(out, yDims, a.dtype);
  emit({ ...base([c.act(a), c.act(b)], [], y), kind: 'matmul', matmul: { count, m: M, k: K, n: N, weightB: false } });
  return y;
};

const binary: Converter = ({ type, ins, elementwise }) => {
  const [a, b] = ins as [Val, Val];
  const dims = broadcast(a.dims!, b.dims!);
  if (!dims) throw new Unsupported(type);
  const acts = [a, b].filter((v) => !v.isConst);
  const consts = [a, b].filter((v) => v.isConst);
  const additive = type === 'Add' || type === 'Sub';
  if (type === 'Pow') return elementwise('mul', acts, consts, dims);
  if (consts.length) return elementwise(additive ? 'bias' : 'scale', acts, consts, dims);
  return elementwise(additive ? 'add' : 'mul', acts, [], dims);
};

const batchNormalization: Converter = ({ c, type, ins, x, out, opName, emit, base }) => {
  const ch = x.dims![1];
  if (x.dims!.length < 2 || !ins.slice(1, 5).every((v) => v?.isConst)) throw new Unsupported(type);
  const y = c.newAct(out, x.dims!, x.dtype);
  const folded = c.g.uniqueName(`${opName}/scale_shift`);
  c.g.addTensor({ name: folded, shape: [2, ch], elementBytes: c.bytesOf(x.dtype), kind: 'weight' });
  emit({ ...base([c.act(x)], [folded], y), kind: 'elementwise', elementwise: { op: 'batchnorm', elements: c.samples(y) } });
  return y;
};

/**
 * A constant table indexed by activations: an embedding lookup (one `add` reading the table as its weight, as the
 * zoo's BERT). Activations indexed by constants or by activations (a token picked, a map cropped): a copy of what is
 * gathered (the indices are not parameters).
 */
const gather: Converter = ({ c, node, type, ins, out, opName, elementwise }) => {
  const [data, indices] = ins as [Val, Val];
  const axis = axisOf(attrInt(node, 'axis', 0), data.dims!.length);
  if (data.isConst) {
    if (indices.isConst || axis !== 0) throw new Unsupported(type);
    const dims = [...indices.dims!, ...data.dims!.slice(1)];
    return elementwise('add', [indices], [data], dims, opName, out, data.dtype);
  }
  const dims = gatherDims(data.dims!, indices.dims!, axis);
  if (!dims || axis === 0) throw new Unsupported(`${type}: gathering along the batch axis is not costed`);
  return elementwise('copy', indices.isConst ? [data] : [data, indices], [], dims, opName, out, data.dtype);
};

/** Data movement: one copy op from the first input to `dims` (undefined: not costed, for `why`). */
const copyOf = (n: NodeInput, dims: number[] | undefined, why: string): Val => {
  if (!dims) throw new Unsupported(`${n.type}: ${why}`);
  if (dims[0] !== n.c.batch) throw new Unsupported(`${n.type}: changes the batch axis`);
  return n.elementwise('copy', [n.x], [], dims);
};

/** Concat of activations (constant parts of more than one element are read as weights). */
const concat: Converter = ({ c, node, type, ins, elementwise }) => {
  const parts = ins.filter((v): v is Val => !!v);
  const dims = concatDims(parts.map((p) => p.dims!), attrInt(node, 'axis', 0));
  if (!dims) throw new Unsupported(`${type}: parts of different ranks or sizes`);
  const acts = parts.filter((p) => !p.isConst);
  if (dims[0] !== c.batch || acts.some((p) => p.dims![0] !== c.batch)) throw new Unsupported(`${type}: along the batch axis`);
  return elementwise('copy', acts, parts.filter((p) => p.isConst), dims, undefined, undefined, acts[0].dtype);
};

/** Split: one copy per output (each reads its part). */
const split: Converter = ({ c, node, type, ins, x, out, opName, elementwise }) => {
  const outs = node.output ?? [];
  const rank = x.dims!.length;
  const axis = axisOf(attrInt(node, 'axis', 0), rank);
  const given = c.opset >= 13 ? ins[1]?.data : attrInts(node, 'split');
  const sizes = axis > 0 && axis < rank ? splitSizes(x.dims![axis], given, outs.length) : undefined;
  if (!sizes) throw new Unsupported(`${type}: split sizes not known, not adding up to the axis, or splitting the batch`);
  let first: Val | undefined;
  sizes.forEach((size, i) => {
    if (!outs[i]) return;
    const dims = x.dims!.map((d, j) => (j === axis ? size : d));
    const v = elementwise('copy', [x], [], dims, i === 0 ? opName : c.g.uniqueName(`${opName}_${i}`), outs[i]);
    if (i === 0) first = v; else c.values.set(outs[i], v);
  });
  return first ?? { dims: x.dims!.map((d, j) => (j === axis ? sizes[0] : d)), dtype: x.dtype, isConst: false, onnxName: out };
};

/** Slice: a copy of the slice (the whole tensor: free). */
const slice: Converter = (n) => {
  const { c, node, ins, x, alias } = n;
  const old = c.opset < 10;
  const dims = sliceDims(x.dims!, old ? attrInts(node, 'starts') : ins[1]?.data, old ? attrInts(node, 'ends') : ins[2]?.data,
    old ? attrInts(node, 'axes') : ins[3]?.data, old ? undefined : ins[4]?.data);
  if (dims && dims.every((d, i) => d === x.dims![i])) return alias(dims);
  return copyOf(n, dims, 'starts/ends not known, or an empty slice');
};

/** Pad (any mode): a copy into the padded shape. */
const pad: Converter = (n) => {
  const { c, node, ins, x } = n;
  const pads = c.opset >= 11 ? ins[1]?.data : attrInts(node, 'pads') ?? attrInts(node, 'paddings');
  return copyOf(n, padDims(x.dims!, pads, c.opset >= 18 ? ins[3]?.data : undefined), 'pads not known, or cropping past a size of 1');
};

/** Expand: a copy into the broadcast shape (the same shape: free). */
const expand: Converter = (n) => {
  const { ins, x, alias } = n;
  const target = ins[1]?.data;
  const dims = target ? broadcast(x.dims!, target) : undefined;
  if (dims && dims.length === x.dims!.length && dims.every((d, i) => d === x.dims![i])) return alias(dims);
  return copyOf(n, dims, 'the target shape is not known or does not broadcast');
};

/** Tile: a copy into the repeated shape. */
const tile: Converter = (n) => {
  const { ins, x } = n;
  const reps = ins[1]?.data;
  return copyOf(n, reps && reps.length === x.dims!.length ? x.dims!.map((d, i) => d * reps[i]) : undefined, 'repeats not known');
};

/** Resize / Upsample: nearest → a copy per output element; linear → interpolate (bilinear); cubic is not costed. */
const resize: Converter = (n) => {
  const { c, node, type, ins, x, elementwise } = n;
  const mode = attrString(node, 'mode', 'nearest').toLowerCase();
  if (mode === 'cubic') throw new Unsupported(`${type}: cubic interpolation is not costed`);
  const attrScales = attr(node, 'scales')?.floats;
  const scales = type === 'Upsample'
    ? (attrScales?.length ? [...attrScales] : ins[1]?.data)
    : c.opset >= 11 ? ins[2]?.data : ins[1]?.data;
  const sizes = type === 'Resize' && c.opset >= 11 ? ins[3]?.data : undefined;
  const dims = resizeDims(x.dims!, scales, sizes, c.opset >= 18 ? attrInts(node, 'axes') : undefined);
  if (!dims) throw new Unsupported(`${type}: scales and sizes not known`);
  if (dims[0] !== c.batch) throw new Unsupported(`${type}: resizes the batch axis`);
  return elementwise(mode === 'nearest' ? 'copy' : 'interpolate', [x], [], dims);
};

/** Where(condition, x, y): one select per output element; the output has the choices' element type. */
const where: Converter = ({ type, ins, elementwise }) => {
  const [cond, a, b] = ins as Val[];
  const ab = broadcast(a.dims!, b.dims!);
  const dims = ab ? broadcast(cond.dims!, ab) : undefined;
  if (!dims) throw new Unsupported(`${type}: shapes do not broadcast`);
  return elementwise('select', [cond, a, b].filter((v) => !v.isConst), [a, b].filter((v) => v.isConst), dims, undefined, undefined, a.dtype);
};

/**
 * Einsum in its matmul forms (two operands: batch letters in both and the output, contracted letters in both only,
 * the rest in one operand and the output), costed as MatMul is: a constant operand is a dense layer's weight; two
 * activations must share their first (batch) letter. One operand that only permutes is a free transpose. Every other
 * equation (a repeated letter, a sum over one operand's axis, three or more operands) is not costed, with the reason.
 */
const einsum: Converter = ({ c, node, type, ins, out, emit, base, alias }) => {
  const operands = ins.filter((v): v is Val => !!v);
  const form = einsumForm(attrString(node, 'equation', ''), operands.map((v) => v.dims!));
  if (typeof form === 'string') throw new Unsupported(`${type}: ${form}`);
  if (form.permutation) return alias(form.outDims);
  let [a, b] = operands;
  let { m, n } = form;
  const { batch, k } = form;
  let [aFirst, bFirst] = form.firstRoles;
  if (a.isConst) { [a, b] = [b, a]; [m, n] = [n, m]; [aFirst, bFirst] = [bFirst === 'n' ? 'm' : bFirst, aFirst === 'm' ? 'n' : aFirst]; }
  const B = c.batch;
  if (b.isConst) {
    const perSample = m / B;
    if (aFirst !== 'm' || !Number.isInteger(perSample)) throw new Unsupported(`${type}: the activation's first (batch) axis must stay in the output`);
    const y = c.newAct(out, form.outDims, a.dtype);
    emit({ ...base([c.act(a)], [c.weight(b)], y), kind: 'matmul', matmul: { count: batch, m: perSample, k, n, weightB: true } });
    return y;
  }
  const count = batch / B;
  if (aFirst !== 'batch' || bFirst !== 'batch' || !Number.isInteger(count)) throw new Unsupported(`${type}: two activations must share their first (batch) letter`);
  const y = c.newAct(out, form.outDims, a.dtype);
  emit({ ...base([c.act(a), c.act(b)], [], y), kind: 'matmul', matmul: { count, m, k, n, weightB: false } });
  return y;
};

/** InstanceNormalization: a layernorm over each channel's map (rows = channels); GroupNormalization: over each group. */
const groupNorm: Converter = ({ c, node, type, ins, x, out, emit, base }) => {
  const dims = x.dims!;
  if (dims.length < 3 || dims[0] !== c.batch) throw new Unsupported(`${type}: needs an input [N, C, …]`);
  const ch = dims[1];
  const groups = type === 'InstanceNormalization' ? ch : attrInt(node, 'num_groups', 0);
  if (groups < 1 || ch % groups !== 0) throw new Unsupported(`${type}: num_groups must divide the channels`);
  const y = c.newAct(out, dims, x.dtype);
  const weights = ins.slice(1, 3).filter((v): v is Val => !!v && v.isConst && elementsOf(v.dims ?? []) > 1).map(c.weight);
  emit({ ...base([c.act(x)], weights, y), kind: 'layernorm', layernorm: { rows: groups, length: (ch / groups) * elementsOf(dims.slice(2)) } });
  return y;
};

const pool: Converter = ({ c, node, type, x, out, emit, base }) => {
  const B = c.batch;
  if (x.dims!.length !== 4 || x.dims![0] !== B || (attrInts(node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) throw new Unsupported(type);
  const [, ch, h, wd] = x.dims!;
  const [kh, kw] = attrInts(node, 'kernel_shape') ?? [1, 1];
  const [sh, sw] = attrInts(node, 'strides') ?? [1, 1];
  const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  const ceil = attrInt(node, 'ceil_mode', 0) === 1;
  const outH = windowSize(h, kh, sh, 1, [pads[0], pads[2]], autoPad, ceil);
  const outW = windowSize(wd, kw, sw, 1, [pads[1], pads[3]], autoPad, ceil);
  if (outH < 1 || outW < 1) throw new Unsupported(type);
  const y = c.newAct(out, [B, ch, outH, outW], x.dtype);
  emit({
    ...base([c.act(x)], [], y), kind: 'pool',
    pool: { op: type === 'MaxPool' ? 'max' : 'avg', global: false, inHeight: h, inWidth: wd, channels: ch, kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: outH, outWidth: outW },
  });
  return y;
};

const globalPool: Converter = ({ c, type, x, out, emit, base }) => {
  const B = c.batch;
  if (x.dims!.length < 3 || x.dims![0] !== B) throw new Unsupported(type);
  const [, ch, h, wd] = x.dims!.length === 4 ? x.dims! : [B, x.dims![1], 1, x.dims![2]];
  const y = c.newAct(out, [B, ch, ...x.dims!.slice(2).map(() => 1)], x.dtype);
  emit({
    ...base([c.act(x)], [], y), kind: 'pool',
    pool: { op: type === 'GlobalMaxPool' ? 'max' : 'avg', global: true, inHeight: h, inWidth: wd, channels: ch, kernelHeight: h, kernelWidth: wd, strideHeight: 1, strideWidth: 1, outHeight: 1, outWidth: 1 },
  });
  return y;
};

const reduce: Converter = ({ c, node, type, ins, x, out, emit, base }) => {
  const rank = x.dims!.length;
  const axesIn = (type === 'ReduceSum' ? c.opset >= 13 : c.opset >= 18) ? ins[1]?.data : attrInts(node, 'axes');
  const axes = (axesIn ?? x.dims!.map((_, i) => i)).map((a) => axisOf(a, rank));
  if (axes.includes(0) && x.dims![0] !== 1) throw new Unsupported(type);
  const keep = attrInt(node, 'keepdims', 1) === 1;
  const dims = x.dims!.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  const y = c.newAct(out, dims.length ? dims : [1], x.dtype);
  const op = type === 'ReduceMean' ? 'mean' : type === 'ReduceMax' || type === 'ReduceMin' ? 'max' : 'sum';
  emit({ ...base([c.act(x)], [], y), kind: 'reduce', reduce: { op, inElements: c.samples(x), outElements: c.samples(y) } });
  return y;
};

const softmax: Converter = ({ c, node, x, out, emit, base }) => {
  const rank = x.dims!.length;
  const axis = axisOf(attrInt(node, 'axis', c.opset >= 13 ? -1 : 1), rank);
  const length = c.opset >= 13 ? x.dims![axis] : elementsOf(x.dims!.slice(axis));
  const y = c.newAct(out, x.dims!, x.dtype);
  emit({ ...base([c.act(x)], [], y), kind: 'softmax', softmax: { rows: c.samples(x) / length, length } });
  return y;
};

const layerNormalization: Converter = ({ c, node, ins, x, out, emit, base }) => {
  const rank = x.dims!.length;
  const axis = axisOf(attrInt(node, 'axis', -1), rank);
  const length = elementsOf(x.dims!.slice(axis));
  const y = c.newAct(out, x.dims!, x.dtype);
  const weights = ins.slice(1, 3).filter((v): v is Val => !!v && v.isConst).map(c.weight);
  emit({ ...base([c.act(x)], weights, y), kind: 'layernorm', layernorm: { rows: c.samples(x) / length, length } });
  return y;
};

const ROWS: Row[] = [
  // ---- shapes of activations are constants ----
  [['Shape'], shape],
  [['Size'], ({ x, out }) => ({ dims: [], dtype: 7, isConst: true, data: [elementsOf(x.dims!)], onnxName: out })],

  // ---- free, shape-only ----
  [['Identity', 'Dropout', 'Cast', 'CastLike', 'QuantizeLinear', 'DequantizeLinear'], ({ x, alias }) => alias(x.dims)],
  [['Reshape'], ({ node, ins, x, alias }) => alias(reshapeDims(x.dims!, ins[1]?.data ?? attrInts(node, 'shape'), attrInt(node, 'allowzero', 0) === 1))],
  [['Flatten'], ({ node, x, alias }) => {
    const axis = axisOf(attrInt(node, 'axis', 1), x.dims!.length);
    return alias([elementsOf(x.dims!.slice(0, axis)), elementsOf(x.dims!.slice(axis))]);
  }],
  [['Transpose'], ({ node, x, alias }) => {
    const perm = attrInts(node, 'perm') ?? x.dims!.map((_, i) => x.dims!.length - 1 - i);
    return alias(perm.map((p) => x.dims![p]));
  }],
  [['Squeeze', 'Unsqueeze'], ({ c, node, type, ins, x, alias }) => {
    const axes = c.opset >= 13 ? ins[1]?.data : attrInts(node, 'axes');
    return alias(type === 'Squeeze' ? squeezeDims(x.dims!, axes) : unsqueezeDims(x.dims!, axes));
  }],

  // ---- conv, matmul ----
  [['Conv'], conv, 2],
  [['ConvTranspose'], convTranspose, 2],
  [['Gemm'], gemm, 2],
  [['MatMul'], matMul, 2],
  [['Einsum'], einsum, 1],

  // ---- data movement (a copy per output element, or free where nothing moves) ----
  [['Concat'], concat, 1],
  [['Split'], split, 1],
  [['Slice'], slice, 1],
  [['Pad'], pad, 1],
  [['Expand'], expand, 2],
  [['Tile'], tile, 2],
  [['Resize', 'Upsample'], resize, 1],
  [['Where'], where, 3],

  // ---- elementwise ----
  [['Add', 'Sub', 'Mul', 'Div', 'Pow'], binary, 2],
  [['Relu', 'LeakyRelu', 'PRelu'], ({ unary }) => unary('relu')],
  [['Clip'], ({ unary }) => unary('relu6')],
  [['Sigmoid', 'HardSigmoid'], ({ unary }) => unary('sigmoid')],
  [['Tanh'], ({ unary }) => unary('tanh')],
  [['HardSwish'], ({ unary }) => unary('swish')],
  [['Gelu', 'FastGelu', 'BiasGelu'], ({ unary }) => unary('gelu')],
  [['Erf', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Softplus', 'Elu', 'Selu'], ({ approx }) => approx('tanh')],
  [['Neg', 'Abs'], ({ unary }) => unary('scale')],
  [['BatchNormalization'], batchNormalization, 5],
  [['Gather'], gather, 2],

  // ---- pool / reduce ----
  [['MaxPool', 'AveragePool'], pool],
  [['GlobalAveragePool', 'GlobalMaxPool'], globalPool],
  [['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceSumSquare', 'ReduceL1', 'ReduceL2'], reduce],

  // ---- row ops ----
  [['Softmax', 'LogSoftmax'], softmax],
  [['LayerNormalization'], layerNormalization],
  [['InstanceNormalization', 'GroupNormalization'], groupNorm],
];

/** The converter of each supported ONNX op type, and how many leading inputs it needs. */
export const CONVERTERS: ReadonlyMap<string, { convert: Converter; inputs: number }> = new Map(
  ROWS.flatMap(([types, convert, inputs = 1]) => types.map((t) => [t, { convert, inputs }] as const)),
);

/**
 * Convert one node (none of its inputs unknown, not all constant): emits its ops and returns its (first) output's
 * value; throws Unsupported when its type has no converter, an input it needs is missing, or the converter cannot
 * cost it.
 */
export function convertNode(c: ImportContext, node: NodeProto, type: string, ins: (Val | undefined)[], out: string, opName: string, emit: (op: OpSpec) => void): Val {
  const row = CONVERTERS.get(type);
  if (!row) throw new Unsupported(type);
  for (let i = 0; i < row.inputs; i++) if (ins[i] === undefined) throw new Unsupported(type);
  const x = ins[0]!;
  const elementwise = (op: ElementwiseOp, acts: Val[], consts: Val[], dims: number[], name = opName, outName = out, dtype = acts[0].dtype): Val => {
    const y = c.newAct(outName, dims, dtype);
    const weights = consts.filter((v) => v.dims && elementsOf(v.dims) > 1).map(c.weight);
    emit({ name, inputs: acts.map(c.act), outputs: [y.ir!], weights, kind: 'elementwise', elementwise: { op, elements: c.samples(y) } });
    return y;
  };
  const unary = (op: ElementwiseOp) => elementwise(op, [x], ins.slice(1).filter((v): v is Val => !!v && v.isConst), x.dims!);
  return row.convert({
    c, node, type, ins, x, out, opName, emit, elementwise, unary,
    base: (inputs, weights, output) => ({ name: opName, inputs, outputs: [output.ir!], weights }),
    approx: (op) => { c.approximated.set(type, (c.approximated.get(type) ?? 0) + 1); return unary(op); }, // known type names only
    alias: (dims) => {
      if (!dims || elementsOf(dims) !== elementsOf(x.dims!)) throw new Unsupported(type);
      return { dims, dtype: x.dtype, isConst: x.isConst, alias: x, onnxName: out };
    },
  });
}
