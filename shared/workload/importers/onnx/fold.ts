// Constant folding for the ONNX importer: a node whose inputs are all constants runs nowhere on the accelerator; it
// is evaluated here (shape arithmetic: Shape, Gather, Concat, Slice, Unsqueeze, Reshape, + − × ÷ …) where shapes
// need the values, and otherwise keeps what can be known of its result's shape.
import { elementsOf } from '../../builder';
import { attrInt, attrInts, tensorValues } from './decode';
import { FLOAT_TYPES, MAX_CONST_VALUES, num, type NodeProto, type Val } from './model';
import { axisOf, broadcast, squeezeDims, unsqueezeDims } from './shapes';

/** Evaluate a node whose inputs are all constants (shape arithmetic); unknown results keep what can be known. */
export function foldConst(node: NodeProto, ins: (Val | undefined)[], opset: number): Val[] {
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
