// Lowering: a WorkloadSpec at a batch becomes the op records the core evaluates.
// - conv2d / matmul → GEMM records (grouped convs keep their groups as `count`, packable, with a vector-unit
//   alternative for depthwise); pool / reduce / softmax / layernorm / elementwise → vector records.
// - Producer–consumer elementwise fusion (what XLA does on TPUs, so both baseline and searched software have it):
//   an elementwise op one of whose inputs is the open group's only-consumed output joins that group as an
//   epilogue (its vector work is added, the intermediate tensor never leaves the chip). This is not FAST's GMEM
//   fusion pass (shared/compiler/fusion.ts), which decides where whole tensors live.
// Equations and per-op constants: docs/model.md §4.
import type { OpSpec, WorkloadSpec, ElementwiseOp, TensorSpec } from '../workload/types';
import type { Location, OpRecord } from '../core/records';

/**
 * The vector unit as issue slots (docs/model.md §4.3): each lane issues VECTOR_SLOTS_PER_LANE (shared/sim/machine.ts)
 * instructions per cycle; an instruction costs these slots per element. A transcendental
 * (exp, tanh, reciprocal, rsqrt) is a sequence of TRANSCENDENTAL_OPS slots — LLMCompass's TPU-v3 model prices exp
 * at 15 flops (Zhang et al., ISCA 2024; its artifact's `flops_per_exp`). A cross-lane reduction of one row costs
 * log2(128) = 7 steps (a butterfly across a 128-wide vector register).
 */
export const VECTOR_SLOTS = { alu: 1, fma: 1, transcendental: 15, crossLaneReduction: 7 } as const;
export const TRANSCENDENTAL_OPS = VECTOR_SLOTS.transcendental;
const T = TRANSCENDENTAL_OPS;
/** Slots per output element of each elementwise op (the instruction sequence in docs/model.md §4.3). */
export const ELEMENTWISE_OPS: Record<ElementwiseOp, number> = {
  // one ALU op each; batchnorm at inference is one FMA (x·scale + shift); relu6 is max then min
  add: 1, mul: 1, bias: 1, scale: 1, relu: 1, relu6: 2, batchnorm: VECTOR_SLOTS.fma,
  // tanh T; sigmoid as 0.5·tanh(0.5x) + 0.5 (mul, tanh, FMA); swish x·sigmoid(x) (one more mul)
  tanh: T, sigmoid: T + 2, swish: T + 3,
  // GELU, tanh form x·0.5·(1 + tanh(0.79788·x·(1 + 0.044715·x²))): x², FMA, mul, mul, tanh, add, mul, mul
  gelu: T + 7,
  // Data movement and selection (ONNX imports, docs/model.md §4.3): a copy is one move per output element (Concat,
  // Split, Slice, Pad, Expand, nearest Resize), a linear resize three lerps of two ops each (bilinear), Where one op.
  copy: 1, interpolate: 6, select: 1,
};
/** Safe softmax per element: max, subtract, exp, sum, multiply by the reciprocal. */
export const SOFTMAX_OPS = 4 + T;
/** Online softmax per element (Milakov & Gimelshein 2018), two passes: running max, subtract, exp, rescale the running
 * sum by exp(m_old − m_new) and add (4 + 2T); then subtract, exp, multiply by the reciprocal (2 + T). */
export const ONLINE_SOFTMAX_OPS = 6 + 3 * T;
/** Softmax per row (either form): the reciprocal of the sum and two cross-lane reductions (max, sum). */
export const SOFTMAX_ROW_OPS = T + 2 * VECTOR_SLOTS.crossLaneReduction;
/** LayerNorm per element: mean (add), variance (subtract, FMA), normalize (subtract, multiply by rsqrt), scale and
 * shift (FMA). */
export const LAYERNORM_OPS = 6;
/** LayerNorm per row: rsqrt, two cross-lane reductions (sum, sum of squares), two multiplies by 1/length. */
export const LAYERNORM_ROW_OPS = T + 2 * VECTOR_SLOTS.crossLaneReduction + 2;

export interface LowerOptions {
  batch: number;
  /** Where each tensor lives (from the fusion pass); absent tensors are in DRAM. */
  placement?: ReadonlyMap<string, Location>;
  /** Softmax in the two-pass online form (Milakov & Gimelshein 2018) instead of the three-pass safe form. */
  onlineSoftmax?: boolean;
}

/** The memory operands of an executed op: which tensors the core's A, B, C and extra bytes belong to. */
export interface Operands {
  /** Main input (GEMM A, vector input). */
  a?: string;
  /** Main weight, or the second activation of an attention matmul. */
  b?: string;
  /** The group's output (after its fused epilogue). */
  c?: string;
  /** Everything else read once: fused residuals, further inputs, small weights (bias, BN parameters). */
  extras: string[];
}

/** One executed op: a group of workload ops (a main op and its fused elementwise epilogue). */
export interface LoweredOp {
  name: string;
  kind: OpSpec['kind'];
  block?: string;
  /** Indices into workload.ops of every op in the group, the main op first. */
  opIndices: number[];
  record: OpRecord;
  operands: Operands;
}

const elems = (t: TensorSpec | undefined) => (t ? t.shape.reduce((a, b) => a * b, 1) : 0);

/** Bytes of a tensor at a batch (activations carry the batch, weights do not). */
export function tensorBytes(t: TensorSpec | undefined, batch: number): number {
  return t ? elems(t) * t.elementBytes * (t.kind === 'weight' ? 1 : batch) : 0;
}

export function lowerWorkload(w: WorkloadSpec, opts: LowerOptions): LoweredOp[] {
  const B = opts.batch;
  const tensors = new Map(w.tensors.map((t) => [t.name, t]));
  const loc = (name: string | undefined): Location => (name && opts.placement?.get(name)) || 'dram';
  const bytes = (name: string | undefined) => (name ? tensorBytes(tensors.get(name), B) : 0);
  const consumers = new Map<string, number>();
  for (const op of w.ops) for (const i of op.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);

  const addExtras = (rec: OpRecord, names: string[]) => {
    for (const t of names) {
      const at = loc(t);
      if (at === 'gmem') rec.extraGmemBytes += bytes(t);
      else if (at !== 'local') rec.extraDramBytes += bytes(t);
      // 'local': resident in local memory, no DRAM or GMEM transfer (docs/model.md §5.1)
    }
  };

  const out: LoweredOp[] = [];
  let open: LoweredOp | undefined; // the group an elementwise op may join
  w.ops.forEach((op, index) => {
    const via = open?.operands.c ? op.inputs.indexOf(open.operands.c) : -1;
    if (op.kind === 'elementwise' && open && via >= 0 && consumers.get(op.inputs[via]) === 1) {
      const rec = open.record;
      const per = ELEMENTWISE_OPS[op.elementwise.op];
      if (rec.kind === 'gemm') rec.epilogueOps += per;
      else rec.opsPerOutput += (per * op.elementwise.elements * B) / rec.outputs;
      const extras = [...op.inputs.filter((_, i) => i !== via), ...op.weights];
      addExtras(rec, extras);
      open.operands.extras.push(...extras);
      open.operands.c = op.outputs[0];
      rec.cLoc = loc(op.outputs[0]);
      if (rec.kind === 'vector') rec.outBytes = bytes(op.outputs[0]);
      open.opIndices.push(index);
      return;
    }
    const g = lowerOne(op, index);
    out.push(g);
    open = g;
  });
  return out;

  function lowerOne(op: OpSpec, index: number): LoweredOp {
    const eb = tensors.get(op.outputs[0])?.elementBytes ?? 2;
    const isAttention = op.kind === 'matmul' && !op.matmul.weightB;
    const operands: Operands = {
      a: op.inputs[0],
      b: isAttention ? op.inputs[1] : op.weights[0],
      c: op.outputs[0],
      extras: [...op.inputs.slice(isAttention ? 2 : 1), ...op.weights.slice(isAttention ? 0 : 1), ...op.outputs.slice(1)],
    };
    const common = { aLoc: loc(operands.a), bLoc: loc(operands.b), cLoc: loc(operands.c), extraDramBytes: 0, extraGmemBytes: 0 };
    const vector = (outputs: number, opsPerOutput: number, passes = 1, rowBytes = 0): OpRecord => ({
      kind: 'vector', outputs: Math.max(1, outputs), opsPerOutput, passes, rowBytes,
      inBytes: bytes(operands.a), outBytes: bytes(operands.c), weightBytes: bytes(operands.b), ...common,
    });
    let record: OpRecord;
    switch (op.kind) {
      case 'conv2d': {
        const c = op.conv2d;
        const k = c.kernelHeight * c.kernelWidth * (c.inChannels / c.groups);
        record = {
          kind: 'gemm', count: c.groups, m: c.outHeight * c.outWidth * B, k, n: c.outChannels / c.groups, elementBytes: eb,
          inBytes: bytes(operands.a), epilogueOps: 0, ...common,
          vectorAltOps: c.groups > 1 && c.outChannels / c.groups === 1 ? k : 0, packable: c.groups > 1,
        };
        break;
      }
      case 'matmul': {
        const mm = op.matmul;
        record = {
          kind: 'gemm', count: mm.weightB ? mm.count : mm.count * B, m: mm.weightB ? mm.m * B : mm.m, k: mm.k, n: mm.n,
          elementBytes: eb, inBytes: bytes(operands.a), epilogueOps: 0, ...common, vectorAltOps: 0, packable: false,
        };
        break;
      }
      case 'elementwise':
        record = vector(op.elementwise.elements * B, ELEMENTWISE_OPS[op.elementwise.op]);
        // A copy reads at most what it writes (a slice or split reads its part of the source; concat parts are the
        // first input here and the others as extras). Every other elementwise op reads its whole first input.
        if (op.elementwise.op === 'copy' && record.kind === 'vector') record.inBytes = Math.min(record.inBytes, record.outBytes);
        break;
      case 'pool': {
        const p = op.pool;
        record = vector(p.outHeight * p.outWidth * p.channels * B, p.kernelHeight * p.kernelWidth);
        break;
      }
      case 'reduce':
        record = vector(op.reduce.outElements * B, op.reduce.inElements / op.reduce.outElements);
        break;
      case 'softmax':
        record = vector(op.softmax.rows * op.softmax.length * B,
          (opts.onlineSoftmax ? ONLINE_SOFTMAX_OPS : SOFTMAX_OPS) + SOFTMAX_ROW_OPS / op.softmax.length,
          opts.onlineSoftmax ? 2 : 3, op.softmax.length * eb);
        break;
      case 'layernorm':
        record = vector(op.layernorm.rows * op.layernorm.length * B, LAYERNORM_OPS + LAYERNORM_ROW_OPS / op.layernorm.length,
          2, op.layernorm.length * eb);
        break;
    }
    addExtras(record, operands.extras);
    return { name: op.name, kind: op.kind, block: op.block, opIndices: [index], record, operands };
  }
}
