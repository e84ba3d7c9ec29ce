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
    if ((type === 'Resize' || type === 'Upsample') && ins[0]?.dims) {
      const scales = type === 'Upsample' ? ins[1]?.data : opset >= 11 ? ins[2]?.data : ins[1]?.data;
      const dims = resizeDims(ins[0].dims, scales, type === 'Resize' && opset >= 11 ? ins[3]?.data : undefined, undefined);
      if (dims) return [dims];
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

// ---- output shapes of the data-movement, resize, transposed-conv and einsum converters (undefined: not inferable) ----

/** Concat along `axis` (parts of one rank, equal off the axis). */
export function concatDims(parts: number[][], axis: number): number[] | undefined {
  if (parts.length === 0) return undefined;
  const rank = parts[0].length;
  const ax = axisOf(axis, rank);
  if (ax < 0 || ax >= rank || parts.some((p) => p.length !== rank || p.some((d, i) => i !== ax && d !== parts[0][i]))) return undefined;
  return parts[0].map((d, i) => (i === ax ? parts.reduce((s, p) => s + p[i], 0) : d));
}

/** Gather along `axis`: data[:axis] + indices + data[axis+1:]. */
export function gatherDims(data: number[], indices: number[], axis: number): number[] | undefined {
  if (axis < 0 || axis >= data.length) return undefined;
  return [...data.slice(0, axis), ...indices, ...data.slice(axis + 1)];
}

/** Split sizes of an axis of `size`: given, or `outputs` equal parts (the last smaller, as ONNX's num_outputs). */
export function splitSizes(size: number, given: number[] | undefined, outputs: number): number[] | undefined {
  if (given && given.length) return given.every((s) => Number.isInteger(s) && s >= 1) && given.reduce((a, b) => a + b, 0) === size ? given : undefined;
  if (outputs < 1) return undefined;
  const part = Math.ceil(size / outputs);
  const sizes = Array.from({ length: outputs }, (_, i) => Math.min(part, size - i * part));
  return sizes.every((s) => s >= 1) ? sizes : undefined;
}

/** Slice (ONNX rules: negative indices from the end, clamping, negative steps). */
export function sliceDims(dims: number[], starts: number[] | undefined, ends: number[] | undefined, axes: number[] | undefined, steps: number[] | undefined): number[] | undefined {
  if (!starts || !ends || starts.length !== ends.length) return undefined;
  const out = [...dims];
  const ax = axes ?? starts.map((_, i) => i);
  for (let i = 0; i < starts.length; i++) {
    const a = axisOf(ax[i], dims.length);
    const step = steps?.[i] ?? 1;
    if (a < 0 || a >= dims.length || !Number.isInteger(step) || step === 0) return undefined;
    const n = dims[a];
    const at = (v: number) => (v < 0 ? v + n : v);
    let lo: number, hi: number;
    if (step > 0) {
      lo = Math.min(Math.max(at(starts[i]), 0), n);
      hi = Math.min(Math.max(at(ends[i]), 0), n);
      out[a] = Math.max(0, Math.ceil((hi - lo) / step));
    } else {
      lo = Math.min(Math.max(at(starts[i]), -1), n - 1);
      hi = Math.min(Math.max(at(ends[i]), -1), n - 1);
      out[a] = Math.max(0, Math.ceil((lo - hi) / -step));
    }
  }
  return validDims(out) ? out : undefined;
}

/** Pad: [begin…, end…] over all axes (or the given axes); negative pads crop. The batch axis keeps its size. */
export function padDims(dims: number[], pads: number[] | undefined, axes: number[] | undefined): number[] | undefined {
  const rank = dims.length;
  const ax = axes ? axes.map((a) => axisOf(a, rank)) : dims.map((_, i) => i);
  if (!pads || pads.length !== 2 * ax.length || ax.some((a) => a < 0 || a >= rank)) return undefined;
  const out = [...dims];
  ax.forEach((a, i) => { out[a] += pads[i] + pads[i + ax.length]; });
  return out[0] === dims[0] && validDims(out) ? out : undefined;
}

/** Resize / Upsample: `sizes` when given (for `axes`, or all), else ⌊d·scale⌋. */
export function resizeDims(dims: number[], scales: number[] | undefined, sizes: number[] | undefined, axes: number[] | undefined): number[] | undefined {
  const rank = dims.length;
  const ax = axes ? axes.map((a) => axisOf(a, rank)) : dims.map((_, i) => i);
  const out = [...dims];
  if (sizes && sizes.length) {
    if (sizes.length !== ax.length) return undefined;
    ax.forEach((a, i) => { out[a] = sizes[i]; });
  } else if (scales && scales.length) {
    if (scales.length !== ax.length || scales.some((s) => !(s > 0))) return undefined;
    ax.forEach((a, i) => { out[a] = Math.floor(dims[a] * scales[i]); });
  } else return undefined;
  return validDims(out) ? out : undefined;
}

/** One axis of a transposed convolution as its stride phases: per phase r, its taps ⌈(k − r)/s⌉ and output rows. */
export interface TransposeConvAxis {
  out: number;
  taps: number[];
  rows: number[];
  /** Every phase has the same taps and rows (s divides k and the output): one conv of s× the channels. */
  uniform: boolean;
}

/**
 * ConvTranspose along one axis (dilation 1): the output size (ONNX: output_shape, or SAME_* = in·s, or
 * s·(in − 1) + output_padding + k − pads), and its phases as stride-1 convolutions of the input. Undefined when a
 * phase's rows are not an output size a stride-1 conv of its taps can give (pads or cropping beyond kernel − 1).
 */
export function transposeConvAxis(inSize: number, k: number, s: number, pads: number[], outPad: number, outShape: number, autoPad: string): TransposeConvAxis | undefined {
  if (![inSize, k, s].every((v) => Number.isInteger(v) && v >= 1) || outPad < 0 || outPad >= Math.max(s, 1) + k) return undefined;
  let padBegin = pads[0];
  let out: number;
  const full = s * (inSize - 1) + outPad + k;
  if (outShape > 0 || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    out = outShape > 0 ? outShape : inSize * s;
    const total = full - out;
    if (total < 0) return undefined;
    padBegin = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
    if (outShape > 0 && autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER') padBegin = pads[0] || Math.floor(total / 2);
  } else {
    if (pads.some((p) => !Number.isInteger(p) || p < 0)) return undefined;
    out = full - pads[0] - pads[1];
  }
  if (!Number.isInteger(out) || out < 1 || out > MAX_DIM || padBegin < 0) return undefined;
  const taps: number[] = [];
  const rows: number[] = [];
  for (let r = 0; r < s; r++) {
    taps.push(r < k ? Math.ceil((k - r) / s) : 0);
    // rows y in [0, out) with (y + padBegin) mod s = r
    const first = (((r - padBegin) % s) + s) % s;
    rows.push(first < out ? Math.floor((out - 1 - first) / s) + 1 : 0);
  }
  for (let r = 0; r < s; r++) {
    if (taps[r] === 0) continue;
    if (rows[r] === 0) return undefined;
    const lo = inSize >= taps[r] ? inSize - taps[r] + 1 : 1;
    if (rows[r] < lo || rows[r] > inSize + taps[r] - 1) return undefined;
  }
  const uniform = taps.every((t) => t === taps[0]) && rows.every((n) => n === rows[0]) && taps[0] > 0;
  return { out, taps, rows, uniform };
}

/** An Einsum in a matmul form: products of the letter classes' sizes, the output's dims, each operand's first letter's role. */
export interface EinsumForm {
  batch: number; m: number; k: number; n: number;
  outDims: number[];
  /** The role of each operand's first letter: batch (both operands and the output), m/n (one operand and the output), k. */
  firstRoles: ('batch' | 'm' | 'n' | 'k')[];
  /** One operand whose output is a permutation of its axes (a transpose). */
  permutation: boolean;
}

/** Parse an Einsum equation over operands of `shapes`; a string says why it is not a matmul form. */
export function einsumForm(equation: string, shapes: number[][]): EinsumForm | string {
  const eq = equation.replace(/\s+/g, '');
  if (!eq) return 'no equation';
  if (eq.includes('.')) return 'an ellipsis (…) in the equation is not costed';
  const [lhs, given] = eq.split('->');
  const terms = lhs.split(',');
  if (terms.length !== shapes.length) return `the equation has ${terms.length} operands, the node ${shapes.length}`;
  if (terms.some((t, i) => !/^[a-zA-Z]*$/.test(t) || t.length !== shapes[i].length)) return 'the equation does not match the operands\' ranks';
  if (terms.some((t) => new Set(t).size !== t.length)) return 'a repeated letter in one operand (a diagonal) is not a matmul form';
  const all = terms.join('');
  const outLetters = given ?? [...new Set(all)].filter((l) => all.indexOf(l) === all.lastIndexOf(l)).sort().join('');
  if (!/^[a-zA-Z]*$/.test(outLetters) || new Set(outLetters).size !== outLetters.length) return 'a bad output in the equation';
  const size = new Map<string, number>();
  for (let i = 0; i < terms.length; i++) {
    for (let j = 0; j < terms[i].length; j++) {
      const l = terms[i][j];
      const d = shapes[i][j];
      if (size.has(l) && size.get(l) !== d && size.get(l) !== 1 && d !== 1) return `letter "${l}" has sizes ${size.get(l)} and ${d}`;
      size.set(l, Math.max(size.get(l) ?? 1, d));
    }
  }
  if ([...outLetters].some((l) => !size.has(l))) return 'an output letter no operand has';
  const outDims = [...outLetters].map((l) => size.get(l)!);
  const prod = (ls: string[]) => ls.reduce((p, l) => p * size.get(l)!, 1);
  if (terms.length === 1) {
    if (outLetters.length === terms[0].length) return { batch: 1, m: 1, k: 1, n: 1, outDims, firstRoles: [], permutation: true };
    return 'one operand with axes summed or taken on a diagonal (a reduction) is not costed as Einsum';
  }
  if (terms.length !== 2) return 'three or more operands are not a matmul form';
  const [a, b] = terms;
  const role = (l: string): 'batch' | 'm' | 'n' | 'k' | 'sum' => {
    const inA = a.includes(l), inB = b.includes(l), inOut = outLetters.includes(l);
    if (inA && inB) return inOut ? 'batch' : 'k';
    if (!inOut) return 'sum';
    return inA ? 'm' : 'n';
  };
  const letters = [...new Set(all)];
  if (letters.some((l) => role(l) === 'sum')) return 'a letter summed over one operand only is not a matmul form';
  const of = (r: string) => letters.filter((l) => role(l) === r);
  const first = (t: string) => (t.length ? role(t[0]) : 'k') as 'batch' | 'm' | 'n' | 'k';
  return { batch: prod(of('batch')), m: prod(of('m')), k: prod(of('k')), n: prod(of('n')), outDims, firstRoles: [first(a), first(b)], permutation: false };
}
