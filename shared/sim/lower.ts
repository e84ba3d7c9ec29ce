// Lowering: a WorkloadSpec at a batch becomes the op records the core evaluates.
// - conv2d / matmul → GEMM records (grouped convs keep their groups as `count`, packable, with a vector-unit
//   alternative for depthwise); pool / reduce / softmax / layernorm / elementwise → vector records.
// - Producer–consumer elementwise fusion (what XLA does on TPUs, so both baseline and searched software have it):
//   an elementwise op one of whose inputs is the open group's only-consumed output joins that group as an
//   epilogue (its vector work is added, the intermediate tensor never leaves the chip); a global pool or reduce of
//   the group's output joins it as a further output (multi-output fusion); an elementwise group read only by
//   GEMMs as their input runs inside each of them (input fusion, the record's prologueOps). This is not FAST's GMEM
//   fusion pass (shared/compiler/fusion.ts), which decides where whole tensors live.
// - Fused attention (the `attention` pass, off in the baseline): score matmul, softmax and context matmul tiled on
//   chip with the online softmax.
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
  /**
   * Fused attention (the `attention` pass, docs/model.md §5.4): local memory per core available to its tiles, in
   * bytes. Each attention whose FlashAttention tile fits in half of it (double buffered) keeps its scores on chip;
   * 0 or absent: off.
   */
  fusedAttentionLocalBytes?: number;
}

/** Key-block length of the fused attention's online softmax (FlashAttention's B_c; 128 is the JAX Pallas TPU
 * flash-attention kernel's default block): the running max and sum are corrected once per row and block. */
export const FLASH_BLOCK = 128;

/** Bytes of one fused-attention tile: a query block and a key and a value block of head dimension d (eb bytes per
 * element), the block of scores, and the fp32 output accumulator. */
export function flashTileBytes(d: number, eb: number): number {
  return eb * (FLASH_BLOCK * d * 3 + FLASH_BLOCK * FLASH_BLOCK) + 4 * FLASH_BLOCK * d;
}

/**
 * Vector ops per score of the fused attention's softmax, the one-pass online form of FlashAttention (Dao et al.
 * 2022; the online normalizer of Milakov & Gimelshein 2018 applied per key block), for rows of `length` keys and
 * head dimension d:
 * - per score: max, subtract the running max, exp, add to the running sum (3 + T);
 * - per row and key block of FLASH_BLOCK scores: two cross-lane reductions (the block's max and sum), the new max,
 *   the correction exp(m_old − m_new), the running sum's rescale (one FMA) and the d-wide output accumulator's
 *   rescale (d multiplies);
 * - per row: the reciprocal of the sum (T) and the output's d multiplies by it.
 * The probabilities are never normalized themselves (the output is), so there is no second pass.
 */
export function flashSoftmaxOps(length: number, d: number): number {
  const T = TRANSCENDENTAL_OPS;
  const perBlock = 2 * VECTOR_SLOTS.crossLaneReduction + 1 + T + VECTOR_SLOTS.fma + d;
  return 3 + T + perBlock / Math.min(FLASH_BLOCK, length) + (T + d) / length;
}

/** The memory operands of an executed op: which tensors the core's A, B, C and extra bytes belong to. */
export interface Operands {
  /** Main input (GEMM A, vector input). */
  a?: string;
  /** Main weight, or the second activation of an attention matmul. */
  b?: string;
  /** The group's output (after its fused epilogue). */
  c?: string;
  /** Everything else read once: fused residuals, further inputs, small weights (bias, BN parameters), and the small
   * outputs of a fused reduction (multi-output fusion) written once. */
  extras: string[];
  /** Operand tensors kept on chip by construction (fused attention's scores): no DRAM or GMEM transfer. */
  onChip?: string[];
  /** The extras this op writes (a fused reduction's output) rather than reads. */
  extraOutputs?: string[];
}

/** One executed op: a group of workload ops (a main op and its fused elementwise epilogue). */
export interface LoweredOp {
  name: string;
  kind: OpSpec['kind'];
  block?: string;
  /** Indices into workload.ops of every op in the group, the main op first (then its epilogue, fused reductions,
   * input-fused producers, and a fused attention's softmax). */
  opIndices: number[];
  record: OpRecord;
  operands: Operands;
  /** Part of a fused attention (the score matmul with its softmax, or the context matmul). */
  fusedAttention?: boolean;
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
    // (An op that broadcasts the group's output up, e.g. squeeze-excite's scale of a feature map by the small gate,
    // is not its epilogue: it has more elements than the group computes.)
    if (op.kind === 'elementwise' && open && via >= 0 && consumers.get(op.inputs[via]) === 1 &&
        elems(tensors.get(op.outputs[0])) === elems(tensors.get(op.inputs[via]))) {
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
    // Multi-output fusion (XLA): a reduction (a global pool, a reduce) of the open group's output is computed in the
    // same pass as the group, e.g. squeeze-excite's squeeze of a depthwise conv's output: its vector work joins the
    // group, the group's output is not read back, and the reduction's small output is written as an extra. When the
    // reduction is the only consumer of a vector group's output, that output is never written at all.
    if (open && isReduction(op) && op.inputs.length === 1 && op.weights.length === 0 && op.inputs[0] === open.operands.c) {
      const rec = open.record;
      const n = consumers.get(op.inputs[0]) ?? 0;
      const total = reductionOps(op);
      if (rec.kind === 'vector' && n === 1) {
        rec.opsPerOutput += total / rec.outputs;
        open.operands.c = op.outputs[0];
        rec.cLoc = loc(op.outputs[0]);
        rec.outBytes = bytes(op.outputs[0]);
        open.opIndices.push(index);
        return;
      }
      if (n >= 2) {
        if (rec.kind === 'gemm') rec.epilogueOps += total / (rec.count * rec.m * rec.n);
        else rec.opsPerOutput += total / rec.outputs;
        addExtras(rec, op.outputs);
        open.operands.extras.push(...op.outputs);
        (open.operands.extraOutputs ??= []).push(...op.outputs);
        open.opIndices.push(index);
        return;
      }
    }
    const g = lowerOne(op, index);
    out.push(g);
    open = g;
  });
  const fusedInputs = inputFusion(out);
  return opts.fusedAttentionLocalBytes && opts.fusedAttentionLocalBytes > 0
    ? fuseAttention(fusedInputs, opts.fusedAttentionLocalBytes) : fusedInputs;

  /** A global pool or a reduce: one output per many inputs, computable while its input streams past. */
  function isReduction(op: OpSpec): boolean {
    return op.kind === 'reduce' || (op.kind === 'pool' && (op.pool.global || (op.pool.outHeight === 1 && op.pool.outWidth === 1)));
  }

  /** The vector ops of a reduction at the batch (as its own vector record would charge them). */
  function reductionOps(op: OpSpec): number {
    if (op.kind === 'pool') return op.pool.outHeight * op.pool.outWidth * op.pool.channels * B * op.pool.kernelHeight * op.pool.kernelWidth;
    if (op.kind === 'reduce') return op.reduce.inElements * B;
    return 0;
  }

  /**
   * Input fusion (XLA fuses cheap elementwise producers into a convolution's or a matmul's input): a vector group of
   * elementwise ops (e.g. ResNet-50 v2's pre-activation BN + ReLU, EfficientNet's squeeze-excite scale) whose output
   * is read only by GEMMs, each as its input A, runs inside each of them instead: the GEMM reads the group's input
   * (and its extras) from memory and the vector unit applies the group's ops as A is loaded (the record's
   * prologueOps, per element of A). XLA duplicates such a producer into every consumer, so two consumers do its
   * work twice; its output is never written.
   */
  function inputFusion(groups: LoweredOp[]): LoweredOp[] {
    const groupOf = new Map<number, LoweredOp>();
    for (const g of groups) groupOf.set(g.opIndices[0], g);
    const readers = new Map<string, number[]>();
    w.ops.forEach((op, i) => { for (const t of new Set(op.inputs)) readers.set(t, [...(readers.get(t) ?? []), i]); });
    const gone = new Set<LoweredOp>();
    for (const p of groups) {
      const r = p.record, a = p.operands.a, c = p.operands.c;
      if (r.kind !== 'vector' || !a || !c) continue;
      const main = w.ops[p.opIndices[0]];
      const fusible = p.opIndices.every((i) => {
        const op = w.ops[i];
        return op.kind === 'elementwise' && op.elementwise.op !== 'copy' && op.elementwise.op !== 'interpolate';
      }) && elems(tensors.get(main.outputs[0])) === elems(tensors.get(a)) && tensors.get(a)?.kind !== 'weight';
      if (!fusible) continue;
      const rs = readers.get(c) ?? [];
      const targets = rs.map((i) => groupOf.get(i));
      const ok = rs.length > 0 && rs.every((i, j) => {
        const g = targets[j], op = w.ops[i];
        return g !== undefined && !gone.has(g) && g.record.kind === 'gemm' && (op.kind === 'conv2d' || op.kind === 'matmul') &&
          op.inputs[0] === c && op.inputs.indexOf(c, 1) < 0;
      });
      if (!ok) continue;
      const totalOps = r.opsPerOutput * r.outputs;
      // its small weights (a vector op's B: BN scale and shift) and further inputs are read by each consumer
      const extras = [...(p.operands.b ? [p.operands.b] : []), ...p.operands.extras];
      for (const g of new Set(targets as LoweredOp[])) {
        const rec = g.record;
        if (rec.kind !== 'gemm') continue;
        rec.inBytes = bytes(a);
        rec.aLoc = loc(a);
        // per element of A as stored: the core counts A's elements as inBytes / elementBytes
        rec.prologueOps = rec.inBytes > 0 ? totalOps / (rec.inBytes / rec.elementBytes) : r.opsPerOutput;
        addExtras(rec, extras);
        g.operands.a = a;
        g.operands.extras.push(...extras);
        g.opIndices.push(...p.opIndices);
      }
      gone.add(p);
    }
    return groups.filter((g) => !gone.has(g));
  }

  /**
   * Fused attention (FlashAttention, Dao et al. 2022; docs/model.md §5.4): the score matmul Q·Kᵀ (with its fused
   * scale and mask), a softmax of its output, and the context matmul reading the probabilities as A become one tiled
   * kernel. The softmax joins the score matmul's epilogue in the online form plus its per-block rescaling; the
   * scores and probabilities stay in local memory (no DRAM or GMEM traffic), tile by tile.
   */
  function fuseAttention(groups: LoweredOp[], localBytes: number): LoweredOp[] {
    const byMain = new Map<number, LoweredOp>();
    for (const g of groups) byMain.set(g.opIndices[0], g);
    const readers = new Map<string, number[]>();
    w.ops.forEach((op, i) => { for (const t of op.inputs) readers.set(t, [...(readers.get(t) ?? []), i]); });
    const only = (t: string | undefined) => { const r = t ? readers.get(t) : undefined; return r && r.length === 1 ? r[0] : -1; };
    const gone = new Set<LoweredOp>();
    for (const g1 of groups) {
      const scoreOp = w.ops[g1.opIndices[0]];
      if (g1.record.kind !== 'gemm' || scoreOp.kind !== 'matmul' || scoreOp.matmul.weightB) continue;
      const si = only(g1.operands.c);
      const s = si >= 0 ? byMain.get(si) : undefined;
      const softmaxOp = w.ops[si];
      if (!s || s.opIndices.length !== 1 || softmaxOp?.kind !== 'softmax' || s.record.kind !== 'vector') continue;
      const ci = only(s.operands.c);
      const g2 = ci >= 0 ? byMain.get(ci) : undefined;
      const ctxOp = w.ops[ci];
      if (!g2 || g2.record.kind !== 'gemm' || ctxOp?.kind !== 'matmul' || ctxOp.matmul.weightB || ctxOp.inputs[0] !== s.operands.c) continue;
      const r1 = g1.record, r2 = g2.record;
      const d = Math.max(r1.k, r2.n);
      if (2 * flashTileBytes(d, r1.elementBytes) > localBytes) continue;
      // The softmax in FlashAttention's online form, per score (r1's outputs are the softmax's elements).
      r1.epilogueOps += flashSoftmaxOps(softmaxOp.softmax.length, d);
      const probs = s.operands.c!;
      g1.opIndices.push(si);
      g1.operands.c = probs;
      g1.operands.onChip = [probs];
      r1.cLoc = 'local';
      g1.fusedAttention = true;
      r2.aLoc = 'local';
      g2.operands.onChip = [probs];
      g2.fusedAttention = true;
      gone.add(s);
    }
    return groups.filter((g) => !gone.has(g));
  }

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
          inBytes: bytes(operands.a), epilogueOps: 0, prologueOps: 0, ...common,
          vectorAltOps: c.groups > 1 && c.outChannels / c.groups === 1 ? k : 0, packable: c.groups > 1,
        };
        break;
      }
      case 'matmul': {
        const mm = op.matmul;
        record = {
          kind: 'gemm', count: mm.weightB ? mm.count : mm.count * B, m: mm.weightB ? mm.m * B : mm.m, k: mm.k, n: mm.n,
          elementBytes: eb, inBytes: bytes(operands.a), epilogueOps: 0, prologueOps: 0, ...common, vectorAltOps: 0, packable: false,
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
