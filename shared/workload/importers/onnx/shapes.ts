// Shape inference for the ONNX importer: broadcasting, axes, Conv/Pool windows, Squeeze/Unsqueeze/Reshape, and the
// shapes a skipped op's outputs are given (computed for a few shape-changing ops, else its first input's).
import { elementsOf } from '../../builder';
import { MAX_DIM, MAX_ELEMENTS } from '../../schema';
import { attrInt, attrInts } from './decode';
import type { NodeProto, Val } from './model';

/** Numpy broadcasting of two shapes (undefined when incompatible). */
export function broadcast(a: number[], b: number[]): number[] | undefined {
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

export const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);
export const validDims = (dims: number[]) => dims.every((d) => Number.isInteger(d) && d >= 1 && d <= MAX_DIM) && elementsOf(dims) <= MAX_ELEMENTS;

/** Output size of a window along one axis (ONNX Conv/Pool rules, incl. auto_pad and ceil_mode). */
export function windowSize(inSize: number, k: number, s: number, d: number, pads: number[], autoPad: string, ceil = false): number {
  const kEff = (k - 1) * d + 1;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(inSize / s);
  if (autoPad === 'VALID') return Math.floor((inSize - kEff) / s) + 1;
  const span = inSize + pads[0] + pads[1] - kEff;
  return (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
}

export function squeezeDims(dims: number[], axes: number[] | undefined): number[] {
  if (!axes) return dims.filter((d) => d !== 1);
  const set = new Set(axes.map((a) => axisOf(a, dims.length)));
  return dims.filter((_, i) => !set.has(i));
}

export function unsqueezeDims(dims: number[], axes: number[] | undefined): number[] | undefined {
  if (!axes) return undefined;
  const rank = dims.length + axes.length;
  const set = new Set(axes.map((a) => axisOf(a, rank)));
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : dims[j++]);
  return out;
}

export function reshapeDims(dims: number[], target: number[] | undefined, allowZero: boolean): number[] | undefined {
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

/** Shapes of a skipped op's outputs: computed for a few shape-changing ops, else its first input's. */
function inferSkipped(node: NodeProto, ins: (Val | undefined)[], outs: string[], opset: number): (number[] | undefined)[] {
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

/** The shapes a skipped op's outputs are given (undefined where not inferable or not a valid shape). */
export function skippedOutputs(node: NodeProto, ins: (Val | undefined)[], outs: string[], opset: number): (number[] | undefined)[] {
  return inferSkipped(node, ins, outs, opset).map((dims) => (dims && validDims(dims) ? dims : undefined));
}
