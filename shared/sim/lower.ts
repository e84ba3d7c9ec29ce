// Lowering: a WorkloadSpec at a batch becomes the op records the core evaluates.
// - conv2d / matmul → GEMM records (grouped convs keep their groups as `count`, packable, with a vector-unit
//   alternative for depthwise); pool / reduce / softmax / layernorm / elementwise → vector records.
// - Producer–consumer elementwise fusion (what XLA does on TPUs, so both baseline and searched software have it):
//   an elementwise op whose first input is the previous group's only-consumed output joins that group as an
//   epilogue (its vector work is added, its intermediate tensor never leaves the chip). This is not FAST's GMEM
//   fusion pass (shared/compiler), which decides where whole tensors live.
// Equations and per-op constants: docs/model.md §4.
import type { OpSpec, WorkloadSpec, ElementwiseOp, TensorSpec } from '../workload/types';
import type { Location, OpRecord } from './records';

/** Vector-unit ops per element (design constants, docs/model.md §4.3): transcendentals cost TRANSCENDENTAL_OPS. */
export const TRANSCENDENTAL_OPS = 4;
export const ELEMENTWISE_OPS: Record<ElementwiseOp, number> = {
  add: 1, mul: 1, bias: 1, scale: 1, relu: 1, relu6: 2, batchnorm: 2,
  sigmoid: TRANSCENDENTAL_OPS + 2, tanh: TRANSCENDENTAL_OPS + 2, swish: TRANSCENDENTAL_OPS + 3, gelu: TRANSCENDENTAL_OPS + 6,
};
/** softmax: max, subtract, exp, sum, divide. Three passes over a row (max; sum of exps; normalize) or two (online). */
export const SOFTMAX_OPS = 4 + 2 * TRANSCENDENTAL_OPS;
/** layernorm: mean, variance (Welford), normalize, scale, shift. */
export const LAYERNORM_OPS = 8;

export interface LowerOptions {
  batch: number;
  /** Where each tensor lives (from the fusion pass); absent tensors are in DRAM. */
  placement?: ReadonlyMap<string, Location>;
  /** Softmax in the two-pass online form (Milakov & Gimelshein 2018) instead of the three-pass safe form. */
  onlineSoftmax?: boolean;
}

/** One executed op: a group of workload ops (a main op and its fused elementwise epilogue). */
export interface LoweredOp {
  name: string;
  kind: OpSpec['kind'];
  block?: string;
  /** Indices into workload.ops of every op in the group, the main op first. */
  opIndices: number[];
  record: OpRecord;
  /** Tensors the group reads from memory and writes back (for the fusion map). */
  reads: string[];
  writes: string[];
}

function elems(t: TensorSpec | undefined): number {
  return t ? t.shape.reduce((a, b) => a * b, 1) : 0;
}

export function lowerWorkload(w: WorkloadSpec, opts: LowerOptions): LoweredOp[] {
  const B = opts.batch;
  const tensors = new Map(w.tensors.map((t) => [t.name, t]));
  const loc = (name: string | undefined): Location => (name && opts.placement?.get(name)) || 'dram';
  const bytes = (name: string) => {
    const t = tensors.get(name);
    if (!t) return 0;
    return elems(t) * t.elementBytes * (t.kind === 'weight' ? 1 : B);
  };
  const consumers = new Map<string, number>();
  for (const op of w.ops) for (const i of op.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);

  const out: LoweredOp[] = [];
  let open: LoweredOp | undefined; // the group an elementwise op may join
  w.ops.forEach((op, index) => {
    const via = open ? op.inputs.indexOf(open.writes[0]) : -1;
    if (op.kind === 'elementwise' && open && via >= 0 && consumers.get(op.inputs[via]) === 1) {
      // Fuse into the open group's epilogue: extra inputs are read, the intermediate tensor stays on chip.
      const per = ELEMENTWISE_OPS[op.elementwise.op];
      const rec = open.record;
      const others = op.inputs.filter((_, i) => i !== via);
      const extra = others.reduce((s, t) => s + bytes(t), 0) + op.weights.reduce((s, t) => s + bytes(t), 0);
      if (rec.kind === 'gemm') rec.epilogueOps += per;
      else rec.opsPerOutput += per * (op.elementwise.elements * B) / rec.outputs;
      rec.extraInBytes += extra;
      if (others[0]) rec.extraLoc = loc(others[0]);
      rec.cLoc = loc(op.outputs[0]);
      if (rec.kind === 'vector') rec.outBytes = bytes(op.outputs[0]);
      open.opIndices.push(index);
      open.reads.push(...others, ...op.weights);
      open.writes = [op.outputs[0]];
      return;
    }
    const g = lowerOne(op, index);
    out.push(g);
    open = g;
  });
  return out;

  function lowerOne(op: OpSpec, index: number): LoweredOp {
    const eb = tensors.get(op.outputs[0])?.elementBytes ?? 2;
    const inLoc = loc(op.inputs[0]);
    const wLoc = loc(op.weights[0]);
    const outLoc = loc(op.outputs[0]);
    const base = { name: op.name, kind: op.kind, block: op.block, opIndices: [index], reads: [...op.inputs, ...op.weights], writes: [...op.outputs] };
    const vector = (outputs: number, opsPerOutput: number, passes = 1, rowBytes = 0): OpRecord => ({
      kind: 'vector', outputs: Math.max(1, outputs), opsPerOutput, passes, rowBytes,
      inBytes: op.inputs.reduce((s, t) => s + bytes(t), 0), outBytes: op.outputs.reduce((s, t) => s + bytes(t), 0),
      weightBytes: op.weights.reduce((s, t) => s + bytes(t), 0),
      aLoc: inLoc, bLoc: wLoc, cLoc: outLoc, extraInBytes: 0, extraLoc: 'dram',
    });
    switch (op.kind) {
      case 'conv2d': {
        const c = op.conv2d;
        const k = c.kernelHeight * c.kernelWidth * (c.inChannels / c.groups);
        const record: OpRecord = {
          kind: 'gemm', count: c.groups, m: c.outHeight * c.outWidth * B, k, n: c.outChannels / c.groups, elementBytes: eb,
          inBytes: bytes(op.inputs[0]), aLoc: inLoc, bLoc: wLoc, cLoc: outLoc, epilogueOps: 0, extraInBytes: 0, extraLoc: 'dram',
          vectorAltOps: c.groups > 1 && c.outChannels / c.groups === 1 ? k : 0, packable: c.groups > 1,
        };
        return { ...base, record };
      }
      case 'matmul': {
        const mm = op.matmul;
        const record: OpRecord = {
          kind: 'gemm', count: mm.weightB ? mm.count : mm.count * B, m: mm.weightB ? mm.m * B : mm.m, k: mm.k, n: mm.n,
          elementBytes: eb, inBytes: bytes(op.inputs[0]), aLoc: inLoc,
          bLoc: mm.weightB ? wLoc : loc(op.inputs[1]), cLoc: outLoc, epilogueOps: 0,
          extraInBytes: 0, extraLoc: 'dram', vectorAltOps: 0, packable: false,
        };
        return { ...base, record };
      }
      case 'elementwise':
        return { ...base, record: vector(op.elementwise.elements * B, ELEMENTWISE_OPS[op.elementwise.op]) };
      case 'pool': {
        const p = op.pool;
        const outputs = p.outHeight * p.outWidth * p.channels * B;
        return { ...base, record: vector(outputs, p.kernelHeight * p.kernelWidth) };
      }
      case 'reduce': {
        const r = op.reduce;
        return { ...base, record: vector(r.outElements * B, r.inElements / r.outElements) };
      }
      case 'softmax': {
        const s = op.softmax;
        return { ...base, record: vector(s.rows * s.length * B, SOFTMAX_OPS, opts.onlineSoftmax ? 2 : 3, s.length * eb) };
      }
      case 'layernorm': {
        const s = op.layernorm;
        return { ...base, record: vector(s.rows * s.length * B, LAYERNORM_OPS, 2, s.length * eb) };
      }
    }
  }
}
