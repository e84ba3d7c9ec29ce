// GraphBuilder: the one way generators and importers assemble a WorkloadSpec. It names tensors after the op that
// produces them, keeps ops in the order they are added (so a generator written in execution order is
// topologically ordered), derives every output shape from the op's attributes, and refuses duplicate names.
// Activation shapes are per sample; the zoo uses [H, W, C] for feature maps and [tokens, features] for sequences.
import type {
  Conv2dAttrs, ElementwiseOp, OpSpec, PoolAttrs, TensorSpec, WorkloadSpec,
} from './types';

export interface TensorRef { name: string; shape: number[] }

export type Padding = 'same' | 'valid' | { before: number; after: number };

export const elementsOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Output size of a sliding window (conv or pool) along one axis.
 * 'same' (TensorFlow): ⌈in/stride⌉; 'valid': ⌊(in − kEff)/stride⌋ + 1; explicit padding: ⌊(in + before + after − kEff)/stride⌋ + 1,
 * where kEff = (kernel − 1)·dilation + 1.
 */
export function windowOut(inSize: number, kernel: number, stride: number, padding: Padding, dilation = 1): number {
  const kEff = (kernel - 1) * dilation + 1;
  if (padding === 'same') return Math.ceil(inSize / stride);
  const pad = padding === 'valid' ? 0 : padding.before + padding.after;
  return Math.floor((inSize + pad - kEff) / stride) + 1;
}

type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : v);

export interface ConvOptions {
  outChannels: number;
  kernel: Pair;
  stride?: Pair;
  groups?: number;
  padding?: Padding;
}

export class GraphBuilder {
  readonly tensors: TensorSpec[] = [];
  readonly ops: OpSpec[] = [];
  /** Prefix for op names and the `block` of every op added while it is set (e.g. "stage3/block2"). */
  block: string | undefined;
  private readonly tensorIndex = new Map<string, TensorSpec>();
  private readonly opNames = new Set<string>();
  /** Next suffix to try per base name, so n uses of one base cost O(n), not O(n²) (files with one name on every node). */
  private readonly nextSuffix = new Map<string, number>();

  constructor(readonly name: string, readonly source: WorkloadSpec['source'], readonly elementBytes = 2) {}

  // ---- low level (importers) ----

  hasTensor(name: string): boolean { return this.tensorIndex.has(name); }
  tensor(name: string): TensorSpec | undefined { return this.tensorIndex.get(name); }

  addTensor(t: TensorSpec): TensorRef {
    if (this.tensorIndex.has(t.name)) throw new Error(`${this.name}: duplicate tensor name "${t.name}"`);
    this.tensors.push(t);
    this.tensorIndex.set(t.name, t);
    return { name: t.name, shape: t.shape };
  }

  addOp(op: OpSpec): void {
    if (this.opNames.has(op.name)) throw new Error(`${this.name}: duplicate op name "${op.name}"`);
    this.opNames.add(op.name);
    this.ops.push(op);
  }

  /** A name not yet used by any op or tensor, from `base` (suffix `_2`, `_3`, … when taken). */
  uniqueName(base: string): string {
    const root = base || 'op';
    const taken = (n: string) => this.opNames.has(n) || this.tensorIndex.has(n);
    if (!taken(root)) return root;
    let i = this.nextSuffix.get(root) ?? 2;
    while (taken(`${root}_${i}`)) i++;
    this.nextSuffix.set(root, i + 1);
    return `${root}_${i}`;
  }

  input(name: string, shape: number[], elementBytes = this.elementBytes): TensorRef {
    return this.addTensor({ name, shape, elementBytes, kind: 'input' });
  }

  weight(name: string, shape: number[], elementBytes = this.elementBytes): string {
    this.addTensor({ name, shape, elementBytes, kind: 'weight' });
    return name;
  }

  // ---- high level (zoo generators; feature maps are [H, W, C]) ----

  /** The op name for a local name under the current block; its output tensor has the same name. */
  private opName(local: string): string {
    return this.block ? `${this.block}/${local}` : local;
  }

  private activation(name: string, shape: number[]): TensorRef {
    return this.addTensor({ name, shape, elementBytes: this.elementBytes, kind: 'activation' });
  }

  private base(local: string, inputs: TensorRef[], weights: string[]) {
    const name = this.opName(local);
    return { name, inputs: inputs.map((t) => t.name), outputs: [name], weights, ...(this.block ? { block: this.block } : {}) };
  }

  conv2d(local: string, x: TensorRef, o: ConvOptions): TensorRef {
    const [inHeight, inWidth, inChannels] = x.shape;
    const [kernelHeight, kernelWidth] = pair(o.kernel);
    const [strideHeight, strideWidth] = pair(o.stride ?? 1);
    const groups = o.groups ?? 1;
    const padding = o.padding ?? 'same';
    const attrs: Conv2dAttrs = {
      inHeight, inWidth, inChannels,
      outHeight: windowOut(inHeight, kernelHeight, strideHeight, padding),
      outWidth: windowOut(inWidth, kernelWidth, strideWidth, padding),
      outChannels: o.outChannels,
      kernelHeight, kernelWidth, strideHeight, strideWidth, groups,
    };
    const b = this.base(local, [x], []);
    // Filter layout [kh, kw, inC/groups, outC] (TensorFlow's HWIO).
    b.weights.push(this.weight(`${b.name}.weight`, [kernelHeight, kernelWidth, inChannels / groups, o.outChannels]));
    this.addOp({ ...b, kind: 'conv2d', conv2d: attrs });
    return this.activation(b.name, [attrs.outHeight, attrs.outWidth, attrs.outChannels]);
  }

  /**
   * An elementwise op; the output has the shape of the largest input (the others broadcast into it) unless
   * `outShape` says otherwise (every input must still broadcast into it).
   */
  elementwise(local: string, op: ElementwiseOp, inputs: TensorRef[], weights: string[] = [], outShape?: number[]): TensorRef {
    const shape = outShape ?? inputs.reduce((a, t) => (elementsOf(t.shape) > elementsOf(a.shape) ? t : a)).shape;
    const b = this.base(local, inputs, weights);
    this.addOp({ ...b, kind: 'elementwise', elementwise: { op, elements: elementsOf(shape) } });
    return this.activation(b.name, [...shape]);
  }

  /** Inference batch norm: one per-channel scale and shift (γ and β; the moving statistics fold into them). */
  batchnorm(local: string, x: TensorRef): TensorRef {
    const c = x.shape[x.shape.length - 1];
    return this.elementwise(local, 'batchnorm', [x], [this.weight(`${this.opName(local)}.scale_shift`, [2, c])]);
  }

  /** Per-channel bias add (the channel is the last dimension). */
  bias(local: string, x: TensorRef): TensorRef {
    const c = x.shape[x.shape.length - 1];
    return this.elementwise(local, 'bias', [x], [this.weight(`${this.opName(local)}.bias`, [c])]);
  }

  act(local: string, op: ElementwiseOp, x: TensorRef): TensorRef {
    return this.elementwise(local, op, [x]);
  }

  pool(local: string, x: TensorRef, op: 'avg' | 'max', kernel: number, stride: number, padding: Padding): TensorRef {
    const [inHeight, inWidth, channels] = x.shape;
    const attrs: PoolAttrs = {
      op, global: false, inHeight, inWidth, channels, kernelHeight: kernel, kernelWidth: kernel, strideHeight: stride, strideWidth: stride,
      outHeight: windowOut(inHeight, kernel, stride, padding), outWidth: windowOut(inWidth, kernel, stride, padding),
    };
    const b = this.base(local, [x], []);
    this.addOp({ ...b, kind: 'pool', pool: attrs });
    return this.activation(b.name, [attrs.outHeight, attrs.outWidth, channels]);
  }

  /** Global pooling of an [H, W, C] map to [1, 1, C]. */
  globalPool(local: string, x: TensorRef, op: 'avg' | 'max' = 'avg'): TensorRef {
    const [inHeight, inWidth, channels] = x.shape;
    const b = this.base(local, [x], []);
    this.addOp({
      ...b, kind: 'pool',
      pool: { op, global: true, inHeight, inWidth, channels, kernelHeight: inHeight, kernelWidth: inWidth, strideHeight: 1, strideWidth: 1, outHeight: 1, outWidth: 1 },
    });
    return this.activation(b.name, [1, 1, channels]);
  }

  /** Dense layer: x (…, k) · W (k × n), W a weight, optionally followed by a bias op. Rows m = elements / k. */
  dense(local: string, x: TensorRef, n: number, withBias: boolean): TensorRef {
    const k = x.shape[x.shape.length - 1];
    const m = elementsOf(x.shape) / k;
    const b = this.base(local, [x], []);
    b.weights.push(this.weight(`${b.name}.weight`, [k, n]));
    this.addOp({ ...b, kind: 'matmul', matmul: { count: 1, m, k, n, weightB: true } });
    const y = this.activation(b.name, [...x.shape.slice(0, -1), n]);
    return withBias ? this.bias(`${local}_bias`, y) : y;
  }

  /** `count` products of two activations, (m×k)·(k×n), e.g. one per attention head. */
  batchedMatmul(local: string, a: TensorRef, bt: TensorRef, mm: { count: number; m: number; k: number; n: number }, outShape: number[]): TensorRef {
    const b = this.base(local, [a, bt], []);
    this.addOp({ ...b, kind: 'matmul', matmul: { ...mm, weightB: false } });
    return this.activation(b.name, outShape);
  }

  softmax(local: string, x: TensorRef, length: number): TensorRef {
    const b = this.base(local, [x], []);
    this.addOp({ ...b, kind: 'softmax', softmax: { rows: elementsOf(x.shape) / length, length } });
    return this.activation(b.name, [...x.shape]);
  }

  /** Layer norm over the last `length` elements, with its γ and β. */
  layernorm(local: string, x: TensorRef, length: number): TensorRef {
    const b = this.base(local, [x], [this.weight(`${this.opName(local)}.scale_shift`, [2, length])]);
    this.addOp({ ...b, kind: 'layernorm', layernorm: { rows: elementsOf(x.shape) / length, length } });
    return this.activation(b.name, [...x.shape]);
  }

  build(extra: Pick<WorkloadSpec, 'description' | 'defaultBatch' | 'warnings'> = {}): WorkloadSpec {
    const w: WorkloadSpec = { name: this.name, source: this.source, tensors: this.tensors, ops: this.ops };
    if (extra.description !== undefined) w.description = extra.description;
    if (extra.defaultBatch !== undefined) w.defaultBatch = extra.defaultBatch;
    if (extra.warnings && extra.warnings.length) w.warnings = extra.warnings;
    return w;
  }
}
