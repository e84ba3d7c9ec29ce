// Constant folding for the ONNX importer: a node whose inputs are all constants runs nowhere on the accelerator; it
// is evaluated here where shapes need the values, and otherwise keeps what can be known of its result's shape. Once
// the graph inputs' shapes are known (declared, or given by the caller), `Shape` of an activation is a constant, so
// the shape arithmetic exporters write for dynamic axes folds away: Shape → Gather → Unsqueeze → Concat → Reshape,
// Slice of a position buffer, Range of positions, ConstantOfShape / Expand / Where masks, + − × ÷ min max mod,
// comparisons, Cast, Floor/Ceil/Sqrt, ReduceProd/Sum of shapes, Split, Tile. Values are kept for constants of at
// most MAX_CONST_VALUES elements (shapes only beyond that).
import { elementsOf } from '../../builder';
import { MAX_ELEMENTS } from '../../schema';
import { attr, attrInt, attrInts, tensorValues } from './decode';
import { FLOAT_TYPES, MAX_CONST_VALUES, num, type NodeProto, type Val } from './model';
import { axisOf, broadcast, squeezeDims, unsqueezeDims } from './shapes';

const BOOL = 9;
const small = (dims: number[]) => elementsOf(dims) <= MAX_CONST_VALUES;
/** Small in every dimension too (an empty tensor may have a huge dimension): safe to list indices along each axis. */
const listable = (dims: number[]) => small(dims) && dims.every((d) => d <= MAX_CONST_VALUES);
/** `v` holds its values, one per element, and can be walked axis by axis. */
const walkable = (v: Val): v is Val & { dims: number[]; data: number[] } => !!v.dims && !!v.data && listable(v.dims) && v.data.length === elementsOf(v.dims);

/** Row-major strides of `dims`. */
function strides(dims: number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1] * dims[i + 1];
  return s;
}

/** For each element of `out` (row-major), the index of the element of `dims` that broadcasts to it. */
function broadcastIndex(out: number[], dims: number[]): (i: number) => number {
  const so = strides(out);
  const si = strides(dims);
  const lead = out.length - dims.length;
  return (i) => {
    let j = 0;
    for (let a = 0; a < dims.length; a++) {
      const coord = Math.floor(i / so[a + lead]) % out[a + lead];
      if (dims[a] !== 1) j += coord * si[a];
    }
    return j;
  };
}

/** Elementwise `f` over broadcast constants: the result's dims, and its values when every input has them and it is small. */
function mapBroadcast(vals: Val[], f: (xs: number[]) => number): { dims: number[]; data?: number[] } | undefined {
  let dims: number[] | undefined = vals[0]?.dims;
  for (const v of vals.slice(1)) dims = dims && v.dims ? broadcast(dims, v.dims) : undefined;
  if (!dims) return undefined;
  if (!small(dims) || !vals.every((v) => v.data && v.data.length === elementsOf(v.dims!))) return { dims };
  const idx = vals.map((v) => broadcastIndex(dims!, v.dims!));
  const n = elementsOf(dims);
  const data = Array.from({ length: n }, (_, i) => f(vals.map((v, k) => v.data![idx[k](i)])));
  return { dims, data };
}

/** Elements along one axis, picked: [start, end) by step, ONNX Slice's clamping rules. */
function sliceRange(size: number, start: number, end: number, step: number): number[] {
  if (!step) return [];
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const norm = (v: number) => (v < 0 ? v + size : v);
  const picked: number[] = [];
  if (step > 0) {
    const lo = clamp(norm(start), 0, size);
    const hi = clamp(norm(end), 0, size);
    for (let i = lo; i < hi && picked.length <= MAX_ELEMENTS; i += step) picked.push(i);
  } else {
    const lo = clamp(norm(start), -1, size - 1);
    const hi = clamp(norm(end), -1, size - 1);
    for (let i = lo; i > hi && picked.length <= MAX_ELEMENTS; i += step) picked.push(i);
  }
  return picked;
}

/** The count of [start, end) by step along an axis of `size` (without listing them). */
function sliceCount(size: number, start: number, end: number, step: number): number {
  if (!step) return 0;
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const norm = (v: number) => (v < 0 ? v + size : v);
  if (step > 0) return Math.max(0, Math.ceil((clamp(norm(end), 0, size) - clamp(norm(start), 0, size)) / step));
  return Math.max(0, Math.ceil((clamp(norm(end), -1, size - 1) - clamp(norm(start), -1, size - 1)) / step));
}

/** Pick elements of a row-major tensor: per axis, the indices kept. */
function pick(data: number[], dims: number[], keep: number[][]): number[] {
  const out: number[] = [];
  const st = strides(dims);
  const rec = (axis: number, base: number) => {
    if (axis === dims.length) { out.push(data[base]); return; }
    for (const i of keep[axis]) rec(axis + 1, base + i * st[axis]);
  };
  rec(0, 0);
  return out;
}

const UNARY: Record<string, (x: number) => number> = {
  Neg: (x) => -x, Abs: Math.abs, Sqrt: Math.sqrt, Reciprocal: (x) => 1 / x, Exp: Math.exp, Log: Math.log,
  Floor: Math.floor, Ceil: Math.ceil, Round: (x) => Math.round(x), Relu: (x) => Math.max(0, x), Sign: Math.sign,
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)), Tanh: Math.tanh, Not: (x) => (x ? 0 : 1),
};

const BINARY: Record<string, (p: number, q: number) => number> = {
  Add: (p, q) => p + q, Sub: (p, q) => p - q, Mul: (p, q) => p * q, Div: (p, q) => p / q, Pow: (p, q) => p ** q,
  Mod: (p, q) => p - q * Math.floor(p / q), Min: Math.min, Max: Math.max,
  Equal: (p, q) => +(p === q), Less: (p, q) => +(p < q), Greater: (p, q) => +(p > q),
  LessOrEqual: (p, q) => +(p <= q), GreaterOrEqual: (p, q) => +(p >= q), And: (p, q) => +(!!p && !!q), Or: (p, q) => +(!!p || !!q),
};
const COMPARISONS = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Not']);

/** Evaluate a node whose inputs are all constants (shape arithmetic); unknown results keep what can be known. */
export function foldConst(node: NodeProto, ins: (Val | undefined)[], opset: number): Val[] {
  const type = node.opType ?? '';
  const outs = node.output ?? [];
  const mk = (dims: number[] | undefined, data?: number[], dtype = 7, k = 0): Val =>
    ({ dims, dtype, isConst: true, onnxName: outs[k] ?? '', ...(data && dims && data.length === elementsOf(dims) ? { data } : {}) });
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
      case 'Shape': {
        if (!x?.dims) return [];
        const rank = x.dims.length;
        const clampAxis = (v: number) => Math.min(Math.max(axisOf(v, rank), 0), rank);
        const start = clampAxis(attrInt(node, 'start', 0));
        const end = attr(node, 'end') ? clampAxis(attrInt(node, 'end', rank)) : rank;
        const data = x.dims.slice(start, end);
        return [mk([data.length], data)];
      }
      case 'Size': return x?.dims ? [mk([], [elementsOf(x.dims)])] : [];
      case 'Identity': case 'Dropout': return x ? [{ ...x, onnxName: outs[0] ?? '' }] : [];
      case 'Cast': case 'CastLike': {
        // The same tensor (a weight keeps its element size); values cast to an integer type are truncated.
        if (!x) return [];
        const to = type === 'Cast' ? attrInt(node, 'to', x.dtype) : ins[1]?.dtype ?? x.dtype;
        const data = x.data && !FLOAT_TYPES.has(to) ? x.data.map((v) => (to === BOOL ? +!!v : Math.trunc(v))) : x.data;
        return [{ ...x, onnxName: outs[0] ?? '', ...(data ? { data } : {}) }];
      }
      // Same shape as the first input, values not needed (weights of quantized models).
      case 'QuantizeLinear': case 'DequantizeLinear': case 'Clip':
        return x?.dims ? [mk([...x.dims], undefined, type === 'QuantizeLinear' ? 3 : type === 'DequantizeLinear' ? 1 : x.dtype)] : [];
      case 'Neg': case 'Abs': case 'Sqrt': case 'Reciprocal': case 'Exp': case 'Log': case 'Floor': case 'Ceil': case 'Round':
      case 'Relu': case 'Sign': case 'Sigmoid': case 'Tanh': case 'Not': {
        if (!x?.dims) return [];
        const f = UNARY[type];
        return [mk([...x.dims], x.data?.map(f), type === 'Not' ? BOOL : x.dtype)];
      }
      case 'Add': case 'Sub': case 'Mul': case 'Div': case 'Pow': case 'Mod': case 'Min': case 'Max':
      case 'Equal': case 'Less': case 'Greater': case 'LessOrEqual': case 'GreaterOrEqual': case 'And': case 'Or': {
        const vals = ins.filter((v): v is Val => !!v);
        if (vals.length === 0 || vals.some((v) => !v.dims)) return [];
        const integer = !FLOAT_TYPES.has(vals[0].dtype);
        const f = BINARY[type];
        const r = mapBroadcast(vals, (xs) => {
          const v = xs.reduce((p, q) => f(p, q));
          return integer && !COMPARISONS.has(type) ? Math.trunc(v) : v;
        });
        return r ? [mk(r.dims, r.data, COMPARISONS.has(type) ? BOOL : vals[0].dtype)] : [];
      }
      case 'Where': {
        const [cond, a, b] = ins;
        if (!cond?.dims || !a?.dims || !b?.dims) return [];
        const r = mapBroadcast([cond, a, b], ([c, p, q]) => (c ? p : q));
        return r ? [mk(r.dims, r.data, a.dtype)] : [];
      }
      case 'Gather': {
        const [data, idx] = ins;
        if (!data?.dims || !idx?.dims || data.dims.length === 0) return [];
        const axis = axisOf(attrInt(node, 'axis', 0), data.dims.length);
        const dims = [...data.dims.slice(0, axis), ...idx.dims, ...data.dims.slice(axis + 1)];
        let values: number[] | undefined;
        if (walkable(data) && idx.data && small(dims)) {
          const n = data.dims[axis];
          const outer = elementsOf(data.dims.slice(0, axis));
          const inner = elementsOf(data.dims.slice(axis + 1));
          const at = idx.data.map((i) => (i < 0 ? i + n : i));
          if (at.every((i) => Number.isInteger(i) && i >= 0 && i < n)) {
            values = [];
            for (let o = 0; o < outer; o++) for (const i of at) for (let k = 0; k < inner; k++) values.push(data.data[(o * n + i) * inner + k]);
          }
        }
        return [mk(dims, values, data.dtype)];
      }
      case 'Unsqueeze': case 'Squeeze': {
        if (!x?.dims) return [];
        const axes = opset >= 13 ? ins[1]?.data : attrInts(node, 'axes');
        const dims = type === 'Squeeze' ? squeezeDims(x.dims, axes) : unsqueezeDims(x.dims, axes);
        return [mk(dims, x.data, x.dtype)];
      }
      case 'Flatten': {
        if (!x?.dims) return [];
        const axis = axisOf(attrInt(node, 'axis', 1), x.dims.length);
        return [mk([elementsOf(x.dims.slice(0, axis)), elementsOf(x.dims.slice(axis))], x.data, x.dtype)];
      }
      case 'Concat': {
        const parts = ins.filter((v): v is Val => !!v);
        if (parts.some((p) => !p.dims) || parts.length === 0) return [];
        const axis = axisOf(attrInt(node, 'axis', 0), parts[0].dims!.length);
        const dims = parts[0].dims!.map((d, i) => (i === axis ? parts.reduce((s, p) => s + p.dims![i], 0) : d));
        const data = parts.every((p) => p.data) && dims.length === 1 ? parts.flatMap((p) => p.data!) : undefined;
        return [mk(dims, data, parts[0].dtype)];
      }
      case 'Slice': {
        if (!x?.dims) return [];
        // Opset 10 moved starts, ends, axes (and steps) from attributes to inputs.
        const starts = ins[1]?.data ?? attrInts(node, 'starts');
        const ends = ins[2]?.data ?? attrInts(node, 'ends');
        if (!starts || !ends || starts.length !== ends.length) return [mk(undefined)];
        const axes = ins[3]?.data ?? attrInts(node, 'axes') ?? starts.map((_, i) => i);
        const steps = ins[4]?.data ?? starts.map(() => 1);
        const dims = [...x.dims];
        const ranges: { axis: number; start: number; end: number; step: number }[] = [];
        axes.forEach((a, i) => {
          const axis = axisOf(a, dims.length);
          if (axis < 0 || axis >= dims.length) throw new Error('axis');
          ranges.push({ axis, start: starts[i], end: ends[i], step: steps[i] ?? 1 });
          dims[axis] = sliceCount(x.dims![axis], starts[i], ends[i], steps[i] ?? 1);
        });
        let data: number[] | undefined;
        if (walkable(x) && listable(dims)) {
          const keep = x.dims.map((d) => Array.from({ length: d }, (_, i) => i));
          for (const r of ranges) keep[r.axis] = sliceRange(x.dims[r.axis], r.start, r.end, r.step);
          data = pick(x.data, x.dims, keep);
        }
        return [mk(dims, data, x.dtype)];
      }
      case 'Split': {
        if (!x?.dims) return [];
        const axis = axisOf(attrInt(node, 'axis', 0), x.dims.length);
        const size = x.dims[axis];
        const sizes = (opset >= 13 ? ins[1]?.data : attrInts(node, 'split'))
          ?? outs.map((_, i) => Math.min(Math.ceil(size / outs.length), Math.max(0, size - i * Math.ceil(size / outs.length))));
        let at = 0;
        return sizes.map((s, k) => {
          const dims = x.dims!.map((d, i) => (i === axis ? s : d));
          const from = at;
          at += s;
          if (!walkable(x) || !listable(dims) || from + s > size) return mk(dims, undefined, x.dtype, k);
          const keep = x.dims.map((d, i) => (i === axis ? Array.from({ length: s }, (_, j) => from + j) : Array.from({ length: d }, (_, j) => j)));
          return mk(dims, pick(x.data, x.dims, keep), x.dtype, k);
        });
      }
      case 'Range': {
        const [start, limit, delta] = ins.map((v) => v?.data?.[0]);
        if (start === undefined || limit === undefined || delta === undefined || !delta) return [];
        const n = Math.max(0, Math.ceil((limit - start) / delta));
        if (n > MAX_ELEMENTS) return [];
        return [mk([n], small([n]) ? Array.from({ length: n }, (_, i) => start + i * delta) : undefined, x?.dtype ?? 7)];
      }
      case 'ConstantOfShape': {
        const dims = x?.data;
        if (!dims || dims.some((d) => !Number.isInteger(d) || d < 0) || elementsOf(dims) > MAX_ELEMENTS) return [];
        const t = attr(node, 'value')?.t;
        const fill = t ? tensorValues(t)?.[0] ?? 0 : 0;
        return [mk(dims, small(dims) ? new Array<number>(elementsOf(dims)).fill(fill) : undefined, t?.dataType ?? 1)];
      }
      case 'Expand': {
        const shape = ins[1]?.data;
        if (!x?.dims || !shape) return [];
        const dims = broadcast(x.dims, shape);
        if (!dims || elementsOf(dims) > MAX_ELEMENTS) return [];
        let data: number[] | undefined;
        if (x.data && small(dims)) {
          const idx = broadcastIndex(dims, x.dims);
          data = Array.from({ length: elementsOf(dims) }, (_, i) => x.data![idx(i)]);
        }
        return [mk(dims, data, x.dtype)];
      }
      case 'Tile': {
        const reps = ins[1]?.data;
        if (!x?.dims || !reps || reps.length !== x.dims.length) return [];
        const dims = x.dims.map((d, i) => d * reps[i]);
        if (elementsOf(dims) > MAX_ELEMENTS) return [];
        const data = walkable(x) && listable(dims) ? pick(x.data, x.dims, dims.map((d, i) => Array.from({ length: d }, (_, j) => j % x.dims![i]))) : undefined;
        return [mk(dims, data, x.dtype)];
      }
      case 'ReduceProd': case 'ReduceSum': case 'ReduceMax': case 'ReduceMin': case 'ReduceMean': {
        if (!x?.dims) return [];
        const rank = x.dims.length;
        const axesIn = (type === 'ReduceSum' ? opset >= 13 : opset >= 18) ? ins[1]?.data : attrInts(node, 'axes');
        const axes = new Set((axesIn && axesIn.length ? axesIn : x.dims.map((_, i) => i)).map((a) => axisOf(a, rank)));
        const keep = attrInt(node, 'keepdims', 1) === 1;
        const dims = x.dims.flatMap((d, i) => (axes.has(i) ? (keep ? [1] : []) : [d]));
        let data: number[] | undefined;
        if (x.data && axes.size === rank && x.data.length > 0) {
          const v = type === 'ReduceProd' ? x.data.reduce((p, q) => p * q, 1) : type === 'ReduceMax' ? Math.max(...x.data)
            : type === 'ReduceMin' ? Math.min(...x.data) : x.data.reduce((p, q) => p + q, 0) / (type === 'ReduceMean' ? x.data.length : 1);
          data = [v];
        }
        return [mk(dims, data, x.dtype)];
      }
      case 'Reshape': {
        if (!x?.dims || !ins[1]?.data) return [];
        const allowZero = attrInt(node, 'allowzero', 0) === 1;
        const t = ins[1].data.map((v, i) => (v === 0 && !allowZero ? x.dims![i] : v));
        const known = elementsOf(t.filter((v) => v !== -1));
        const dims = t.map((v) => (v === -1 ? elementsOf(x.dims!) / known : v));
        return [mk(dims, x.data, x.dtype)];
      }
      case 'Transpose': {
        if (!x?.dims) return [];
        const perm = attrInts(node, 'perm') ?? x.dims.map((_, i) => x.dims!.length - 1 - i);
        const dims = perm.map((p) => x.dims![p]);
        let data: number[] | undefined;
        if (x.data && small(dims)) {
          const st = strides(x.dims);
          const so = strides(dims);
          data = Array.from({ length: elementsOf(dims) }, (_, i) => {
            let j = 0;
            for (let a = 0; a < dims.length; a++) j += (Math.floor(i / so[a]) % dims[a]) * st[perm[a]];
            return x.data![j];
          });
        }
        return [mk(dims, data, x.dtype)];
      }
      default:
        return [];
    }
  } catch {
    return [];
  }
}
