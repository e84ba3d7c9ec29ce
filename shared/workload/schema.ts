// The WorkloadSpec schema (zod): structure and ranges first, then the graph's meaning — names unique and known,
// topological order, each op's tensors consistent with its attributes, limits. Every message names where the
// problem is and what was found, e.g. `ops[12] "stage3/dw": conv2d.groups must divide inChannels (got 5 for 32)`.
// Rules and limits: docs/model.md §2.5.
import { z } from 'zod';
import { DATA_MOVEMENT_OPS, OP_KINDS, type OpSpec, type TensorSpec, type WorkloadSpec } from './types';
import { elementsOf } from './builder';
import { opMacs } from './counts';
import { BATCH_RANGE } from '../hardware/params';
import {
  KV_PRECISIONS, LLM_CONFIG_BOUNDS, LLM_PHASES, MAX_LLM_TOKENS, WEIGHT_PRECISIONS, llmConfigConsistency, type LlmConfig,
} from './llm/config';

/** At most this many ops in one workload (EfficientNet-B7 has under 1,000). */
export const MAX_OPS = 20_000;
/** At most this many tensors (ops × a few weights). */
export const MAX_TENSORS = 100_000;
/** Every dimension, shape entry and per-op size attribute is a whole number from 1 to 2^24 (as the core's GEMM dims). */
export const MAX_DIM = 2 ** 24;
/** Elements of one tensor per sample, and MACs of one op per sample: ≤ 2^40, so batch ≤ 1024 and 8-byte elements keep every f64 count exact. */
export const MAX_ELEMENTS = 2 ** 40;
/** Batch range of `defaultBatch`: the hardware table's batch row (BATCH_RANGE, docs/model.md §3.1). */
export const MAX_BATCH = BATCH_RANGE.max;
const MAX_NAME = 256;

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v;
};

const whole = (lo: number, hi: number) => {
  const range = `must be a whole number from ${lo} to ${hi}`;
  return z.number({ error: (iss) => (iss.input === undefined ? 'is missing' : `${range} (got ${show(iss.input)})`) })
    .int({ error: (iss) => `${range} (got ${show(iss.input)})` })
    .min(lo, { error: (iss) => `${range} (got ${show(iss.input)})` })
    .max(hi, { error: (iss) => `${range} (got ${show(iss.input)})` });
};
const dim = () => whole(1, MAX_DIM);
const elems = () => whole(1, MAX_ELEMENTS);
const text = (max: number, min = 0) =>
  z.string({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be a string (got ${show(iss.input)})`) })
    .min(min, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });
const names = (max: number) =>
  z.array(text(MAX_NAME, 1), { error: (iss) => (iss.input === undefined ? 'is missing' : `must be a list of tensor names (got ${show(iss.input)})`) })
    .max(max, { error: `must list at most ${max} tensors` });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `must be one of ${values.join(', ')} (got ${show(iss.input)})` });
const obj = <S extends z.ZodRawShape>(shape: S) =>
  z.object(shape, { error: (iss) => (iss.input === undefined ? 'is missing' : `must be an object (got ${show(iss.input)})`) });

/** Bytes per element: a whole number from 1 to 8, or 0.5 (int4: two elements per byte). */
const elementBytes = () => z.number({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be 0.5 or a whole number from 1 to 8 (got ${show(iss.input)})`) })
  .refine((v) => v === 0.5 || (Number.isInteger(v) && v >= 1 && v <= 8), { error: (iss) => `must be 0.5 or a whole number from 1 to 8 (got ${show(iss.input)})` });

const TensorSchema = obj({
  name: text(MAX_NAME, 1),
  shape: z.array(dim(), { error: (iss) => (iss.input === undefined ? 'is missing' : `must be a list of dimensions (got ${show(iss.input)})`) })
    .min(1, { error: 'must have at least one dimension' }).max(8, { error: 'must have at most 8 dimensions' }),
  elementBytes: elementBytes(),
  kind: oneOf(['input', 'activation', 'weight'] as const),
});

const opBase = {
  name: text(MAX_NAME, 1),
  inputs: names(64),
  outputs: names(1).min(1, { error: 'must name exactly one tensor' }),
  weights: names(64),
  block: text(MAX_NAME).optional(),
};

const ConvAttrs = obj({
  inHeight: dim(), inWidth: dim(), inChannels: dim(),
  outHeight: dim(), outWidth: dim(), outChannels: dim(),
  kernelHeight: dim(), kernelWidth: dim(),
  strideHeight: dim(), strideWidth: dim(),
  groups: dim(),
  dilationHeight: dim().optional(), dilationWidth: dim().optional(),
});
const MatmulAttrs = obj({
  count: dim(), m: dim(), k: dim(), n: dim(),
  weightB: z.boolean({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be true or false (got ${show(iss.input)})`) }),
  experts: whole(1, LLM_CONFIG_BOUNDS.experts).optional(),
});
const ElementwiseAttrs = obj({
  op: oneOf(['add', 'mul', 'relu', 'relu6', 'sigmoid', 'swish', 'gelu', 'tanh', 'bias', 'batchnorm', 'scale', 'copy', 'interpolate', 'select'] as const),
  elements: elems(),
});
const PoolAttrs = obj({
  op: oneOf(['avg', 'max'] as const),
  global: z.boolean({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be true or false (got ${show(iss.input)})`) }),
  inHeight: dim(), inWidth: dim(), channels: dim(),
  kernelHeight: dim(), kernelWidth: dim(), strideHeight: dim(), strideWidth: dim(),
  outHeight: dim(), outWidth: dim(),
});
const ReduceAttrs = obj({ op: oneOf(['mean', 'sum', 'max'] as const), inElements: elems(), outElements: elems() });
const RowAttrs = obj({ rows: elems(), length: dim() });

const OpSchema = z.discriminatedUnion('kind', [
  obj({ ...opBase, kind: z.literal('conv2d'), conv2d: ConvAttrs }),
  obj({ ...opBase, kind: z.literal('matmul'), matmul: MatmulAttrs }),
  obj({ ...opBase, kind: z.literal('elementwise'), elementwise: ElementwiseAttrs }),
  obj({ ...opBase, kind: z.literal('pool'), pool: PoolAttrs }),
  obj({ ...opBase, kind: z.literal('reduce'), reduce: ReduceAttrs }),
  obj({ ...opBase, kind: z.literal('softmax'), softmax: RowAttrs }),
  obj({ ...opBase, kind: z.literal('layernorm'), layernorm: RowAttrs }),
], {
  error: (iss) => {
    const input = iss.input as { kind?: unknown } | undefined;
    if (input === null || typeof input !== 'object') return `must be an op object (got ${show(input)})`;
    return `must be one of ${OP_KINDS.join(', ')} (got ${show(input.kind)})`;
  },
});

const bool = () => z.boolean({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be true or false (got ${show(iss.input)})`) });
const B = LLM_CONFIG_BOUNDS;
/** The `llm` field of an LLM workload (shared/workload/llm/): plausible whole numbers, the enums, a consistent config. */
function LlmInfoSchema() {
  const config = obj({
    model: text(MAX_NAME, 1),
    hidden: whole(1, B.hidden), layers: whole(1, B.layers), heads: whole(1, B.heads), kvHeads: whole(1, B.kvHeads),
    headDim: whole(1, B.headDim), intermediate: whole(1, B.intermediate), vocab: whole(1, B.vocab),
    experts: whole(1, B.experts), expertsPerToken: whole(1, B.expertsPerToken), tiedEmbeddings: bool(),
    norm: oneOf(['layernorm', 'rmsnorm'] as const), mlp: oneOf(['gelu', 'swiglu'] as const), qkvBias: bool(),
    positions: oneOf(['learned', 'rope'] as const), maxPositions: whole(1, B.maxPositions),
    outputBias: bool().optional(), mlpBias: bool().optional(),
  }).superRefine((c, ctx) => {
    const p = llmConfigConsistency(c as LlmConfig);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });
  const tokens = () => whole(1, MAX_LLM_TOKENS);
  const settings = obj({
    phase: oneOf(LLM_PHASES as unknown as readonly ['prefill', 'decode', 'request']),
    prompt: tokens(), context: tokens(), output: tokens(),
    weights: oneOf(WEIGHT_PRECISIONS as unknown as readonly ['bf16', 'int8', 'fp8', 'int4']),
    kv: oneOf(KV_PRECISIONS as unknown as readonly ['bf16', 'int8']),
  });
  const count = () => z.number({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be a whole number of at least 0 (got ${show(iss.input)})`) })
    .int({ error: (iss) => `must be a whole number of at least 0 (got ${show(iss.input)})` })
    .min(0, { error: (iss) => `must be a whole number of at least 0 (got ${show(iss.input)})` })
    .max(2 ** 53, { error: (iss) => `must be at most 2^53 (got ${show(iss.input)})` });
  const bytes = () => z.number({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be a number of at least 0 (got ${show(iss.input)})`) })
    .min(0, { error: (iss) => `must be a number of at least 0 (got ${show(iss.input)})` })
    .max(2 ** 53, { error: (iss) => `must be at most 2^53 (got ${show(iss.input)})` });
  return obj({
    config, settings,
    graphPhase: oneOf(['prefill', 'decode'] as const),
    contextTokens: whole(1, 2 * MAX_LLM_TOKENS), newTokens: tokens(),
    params: count(), activeParams: count(), weightBytes: bytes(), kvBytesPerToken: count(),
  });
}

const StructureSchema = obj({
  name: text(MAX_NAME, 1),
  source: oneOf(['zoo', 'onnx', 'scalesim', 'timeloop', 'json'] as const),
  description: text(4096).optional(),
  tensors: z.array(TensorSchema, { error: (iss) => (iss.input === undefined ? 'is missing' : `must be a list (got ${show(iss.input)})`) })
    .min(1, { error: 'must list at least one tensor' }).max(MAX_TENSORS, { error: `must list at most ${MAX_TENSORS} tensors` }),
  ops: z.array(OpSchema, { error: (iss) => (iss.input === undefined ? 'is missing' : `must be a list (got ${show(iss.input)})`) })
    .min(1, { error: 'must list at least one op' }).max(MAX_OPS, { error: `must list at most ${MAX_OPS} ops` }),
  defaultBatch: whole(BATCH_RANGE.min, MAX_BATCH).optional(),
  warnings: z.array(text(4096)).max(1000, { error: 'must hold at most 1000 warnings' }).optional(),
  llm: LlmInfoSchema().optional(),
});

// ---- the graph's meaning ----

interface Issue { path: (string | number)[]; message: string }

/** A name from the document, quoted as JSON (so a name with a newline or quote still makes a one-line message). */
const q = (name: string): string => JSON.stringify(name);

/** Output size range of a window along one axis: padding of 0 … kEff − 1 on each side, or SCALE-Sim's ⌈(in − k)/s⌉ + 1. */
export function windowOutRange(inSize: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const kEff = (kernel - 1) * dilation + 1;
  const lo = inSize >= kEff ? Math.floor((inSize - kEff) / stride) + 1 : 1;
  const padded = Math.floor((inSize + kEff - 2) / stride) + 1;
  const scalesim = inSize >= kEff ? Math.ceil((inSize - kEff) / stride) + 1 : 1;
  return [lo, Math.max(padded, scalesim)];
}

function graphIssues(w: WorkloadSpec): Issue[] {
  const issues: Issue[] = [];
  const tensorAt = new Map<string, number>();
  w.tensors.forEach((t, i) => {
    const at = ['tensors', i];
    if (tensorAt.has(t.name)) issues.push({ path: at, message: `name is also used by tensors[${tensorAt.get(t.name)}]` });
    else tensorAt.set(t.name, i);
    const n = elementsOf(t.shape);
    if (n > MAX_ELEMENTS) issues.push({ path: at, message: `shape has ${n} elements (at most ${MAX_ELEMENTS})` });
  });
  const tensor = (name: string): TensorSpec | undefined => {
    const i = tensorAt.get(name);
    return i === undefined ? undefined : w.tensors[i];
  };
  const producedBy = new Map<string, number>();
  w.ops.forEach((op, i) => op.outputs.forEach((o) => { if (!producedBy.has(o)) producedBy.set(o, i); }));
  const used = new Set<string>();
  const opAt = new Map<string, number>();

  w.ops.forEach((op, i) => {
    const at = ['ops', i];
    const bad = (message: string) => issues.push({ path: at, message });
    if (opAt.has(op.name)) bad(`name is also used by ops[${opAt.get(op.name)}]`);
    else opAt.set(op.name, i);

    let linked = true;
    for (const name of op.inputs) {
      used.add(name);
      const t = tensor(name);
      if (!t) { bad(`input ${q(name)} is not a tensor of the workload`); linked = false; continue; }
      if (t.kind === 'weight') { bad(`input ${q(name)} is a weight; list it under weights`); linked = false; continue; }
      if (t.kind === 'activation') {
        const p = producedBy.get(name);
        if (p === undefined) { bad(`input ${q(name)} is an activation that no op produces (make it kind "input")`); linked = false; }
        else if (p >= i) { bad(`input ${q(name)} is produced by ops[${p}] ${q(w.ops[p].name)}, which does not come earlier (ops must be in topological order)`); linked = false; }
      }
    }
    for (const name of op.weights) {
      used.add(name);
      const t = tensor(name);
      if (!t) { bad(`weight ${q(name)} is not a tensor of the workload`); linked = false; }
      else if (t.kind !== 'weight') { bad(`weight ${q(name)} is a tensor of kind "${t.kind}", not a weight`); linked = false; }
    }
    for (const name of op.outputs) {
      used.add(name);
      const t = tensor(name);
      if (!t) { bad(`output ${q(name)} is not a tensor of the workload`); linked = false; continue; }
      if (t.kind !== 'activation') { bad(`output ${q(name)} is a tensor of kind "${t.kind}"; outputs must be activations`); linked = false; continue; }
      const p = producedBy.get(name);
      if (p !== undefined && p !== i) { bad(`output ${q(name)} is also produced by ops[${p}] ${q(w.ops[p].name)}`); linked = false; }
    }
    if (linked) shapeIssues(op, tensor as (n: string) => TensorSpec, bad);
  });

  w.tensors.forEach((t, i) => {
    if (used.has(t.name)) return;
    // An LLM's embedding tables are gathered: the graph reads only the rows it needs (a graph input), never the table.
    if (t.kind === 'weight' && !w.llm) issues.push({ path: ['tensors', i], message: 'is a weight that no op reads (remove it, or list it under an op\'s weights)' });
    if (t.kind === 'activation') issues.push({ path: ['tensors', i], message: 'is an activation that no op produces (make it kind "input", or remove it)' });
  });
  return issues;
}

/** Problems of one op against its tensors (which must all exist and be of the right kinds); for importers. */
export function opShapeIssues(op: OpSpec, tensor: (name: string) => TensorSpec): string[] {
  const out: string[] = [];
  shapeIssues(op, tensor, (m) => out.push(m));
  return out;
}

/** Checks of one op whose tensors all exist and are of the right kinds. */
function shapeIssues(op: OpSpec, tensor: (name: string) => TensorSpec, bad: (message: string) => void): void {
  const n = (name: string) => elementsOf(tensor(name).shape);
  const arity = (inputs: number | [number, number], weights: [number, number]) => {
    const [iLo, iHi] = typeof inputs === 'number' ? [inputs, inputs] : inputs;
    const ok = op.inputs.length >= iLo && op.inputs.length <= iHi;
    if (!ok) bad(`a ${op.kind}${op.kind === 'elementwise' ? ` ${op.elementwise.op}` : ''} op takes ${iLo === iHi ? iLo : `${iLo} or more`} input${iHi === 1 ? '' : 's'} (got ${op.inputs.length})`);
    if (op.weights.length < weights[0] || op.weights.length > weights[1]) {
      bad(`a ${op.kind}${op.kind === 'matmul' ? ` with weightB ${op.matmul.weightB}` : ''} op takes ${weights[0] === weights[1] ? weights[0] : `${weights[0]} to ${weights[1]}`} weights (got ${op.weights.length})`);
      return false;
    }
    return ok;
  };
  const expectElements = (role: string, name: string, want: number, formula: string) => {
    const got = n(name);
    if (got !== want) bad(`${role} ${q(name)} has ${got} elements but ${formula} = ${want}`);
  };
  const window = (what: string, axis: 'Height' | 'Width', a: { inSize: number; kernel: number; stride: number; out: number; dilation: number }) => {
    const [lo, hi] = windowOutRange(a.inSize, a.kernel, a.stride, a.dilation);
    if (a.out < lo || a.out > hi) {
      bad(`${what}.out${axis} must be from ${lo} to ${hi} for in${axis} ${a.inSize}, kernel${axis} ${a.kernel}, stride${axis} ${a.stride}${a.dilation > 1 ? `, dilation${axis} ${a.dilation}` : ''} (got ${a.out})`);
    }
  };
  const macs = opMacs(op);
  if (macs > MAX_ELEMENTS) bad(`has ${macs} multiply-adds per sample (at most ${MAX_ELEMENTS})`);

  switch (op.kind) {
    case 'conv2d': {
      const c = op.conv2d;
      let ok = true;
      if (c.inChannels % c.groups !== 0) { bad(`conv2d.groups must divide inChannels (got ${c.groups} for ${c.inChannels})`); ok = false; }
      if (c.outChannels % c.groups !== 0) { bad(`conv2d.groups must divide outChannels (got ${c.groups} for ${c.outChannels})`); ok = false; }
      window('conv2d', 'Height', { inSize: c.inHeight, kernel: c.kernelHeight, stride: c.strideHeight, out: c.outHeight, dilation: c.dilationHeight ?? 1 });
      window('conv2d', 'Width', { inSize: c.inWidth, kernel: c.kernelWidth, stride: c.strideWidth, out: c.outWidth, dilation: c.dilationWidth ?? 1 });
      if (!arity(1, [1, 2])) return;
      expectElements('input', op.inputs[0], c.inHeight * c.inWidth * c.inChannels, 'conv2d.inHeight·inWidth·inChannels');
      expectElements('output', op.outputs[0], c.outHeight * c.outWidth * c.outChannels, 'conv2d.outHeight·outWidth·outChannels');
      if (ok) expectElements('weight', op.weights[0], c.kernelHeight * c.kernelWidth * (c.inChannels / c.groups) * c.outChannels, 'conv2d.kernelHeight·kernelWidth·inChannels/groups·outChannels');
      if (op.weights[1] !== undefined) expectElements('weight', op.weights[1], c.outChannels, 'the bias length conv2d.outChannels');
      return;
    }
    case 'matmul': {
      const m = op.matmul;
      if (m.experts !== undefined) {
        // Mixture of experts: the routed slots, then the other experts (read, not multiplied); no bias weight.
        if (!m.weightB) { bad('matmul.experts needs weightB true'); return; }
        if (m.experts < m.count) { bad(`matmul.experts must be at least matmul.count (got ${m.experts} for ${m.count})`); return; }
        const others = m.experts > m.count;
        if (!arity(1, others ? [2, 2] : [1, 1])) return;
        expectElements('weight', op.weights[0], m.count * m.k * m.n, 'matmul.count·k·n');
        if (others) expectElements('weight', op.weights[1], (m.experts - m.count) * m.k * m.n, 'the other experts (matmul.experts − count)·k·n');
      } else if (m.weightB) {
        if (!arity(1, [1, 2])) return;
        expectElements('weight', op.weights[0], m.count * m.k * m.n, 'matmul.count·k·n');
        if (op.weights[1] !== undefined) expectElements('weight', op.weights[1], m.count * m.n, 'the bias length matmul.count·n');
      } else {
        if (!arity(2, [0, 0])) return;
        expectElements('input', op.inputs[1], m.count * m.k * m.n, 'matmul.count·k·n');
      }
      expectElements('input', op.inputs[0], m.count * m.m * m.k, 'matmul.count·m·k');
      expectElements('output', op.outputs[0], m.count * m.m * m.n, 'matmul.count·m·n');
      return;
    }
    case 'elementwise': {
      const e = op.elementwise;
      const unary = e.op !== 'add' && e.op !== 'mul' && e.op !== 'copy' && e.op !== 'select';
      if (!arity(unary ? 1 : [1, 64], [0, 64])) return;
      if (e.op === 'select' && op.inputs.length > 3) bad(`a select op takes at most 3 inputs (got ${op.inputs.length})`);
      // Data movement (concat parts, slice sources, resized maps) need not broadcast into the output.
      if (!DATA_MOVEMENT_OPS.includes(e.op)) for (const name of op.inputs) {
        const got = n(name);
        if (e.elements % got !== 0) bad(`input ${q(name)} has ${got} elements, which do not broadcast into elementwise.elements = ${e.elements}`);
      }
      expectElements('output', op.outputs[0], e.elements, 'elementwise.elements');
      return;
    }
    case 'pool': {
      const p = op.pool;
      if (p.global) {
        if (p.kernelHeight !== p.inHeight || p.kernelWidth !== p.inWidth || p.outHeight !== 1 || p.outWidth !== 1) {
          bad(`a global pool must have kernel = input size (${p.inHeight}×${p.inWidth}) and a 1×1 output (got kernel ${p.kernelHeight}×${p.kernelWidth}, output ${p.outHeight}×${p.outWidth})`);
        }
      } else {
        window('pool', 'Height', { inSize: p.inHeight, kernel: p.kernelHeight, stride: p.strideHeight, out: p.outHeight, dilation: 1 });
        window('pool', 'Width', { inSize: p.inWidth, kernel: p.kernelWidth, stride: p.strideWidth, out: p.outWidth, dilation: 1 });
      }
      if (!arity(1, [0, 0])) return;
      expectElements('input', op.inputs[0], p.inHeight * p.inWidth * p.channels, 'pool.inHeight·inWidth·channels');
      expectElements('output', op.outputs[0], p.outHeight * p.outWidth * p.channels, 'pool.outHeight·outWidth·channels');
      return;
    }
    case 'reduce': {
      const r = op.reduce;
      if (r.inElements % r.outElements !== 0) bad(`reduce.outElements must divide inElements (got ${r.outElements} for ${r.inElements})`);
      if (!arity(1, [0, 0])) return;
      expectElements('input', op.inputs[0], r.inElements, 'reduce.inElements');
      expectElements('output', op.outputs[0], r.outElements, 'reduce.outElements');
      return;
    }
    case 'softmax':
    case 'layernorm': {
      const r = op.kind === 'softmax' ? op.softmax : op.layernorm;
      if (!arity(1, op.kind === 'softmax' ? [0, 0] : [0, 2])) return;
      expectElements('input', op.inputs[0], r.rows * r.length, `${op.kind}.rows·length`);
      expectElements('output', op.outputs[0], r.rows * r.length, `${op.kind}.rows·length`);
      return;
    }
  }
}

/** The schema of any WorkloadSpec: structure and ranges, then (only if those hold) the graph checks. */
export const WorkloadSpecSchema: z.ZodType<WorkloadSpec> = StructureSchema.pipe(
  z.custom<WorkloadSpec>().superRefine((w, ctx) => {
    for (const issue of graphIssues(w)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }),
);

/** "ops[12] "stage3/dw": conv2d.groups …" from a zod issue path and the value it was found in. */
function formatIssue(value: unknown, path: readonly PropertyKey[], message: string): string {
  const p = path.map((k) => (typeof k === 'symbol' ? String(k) : k));
  let prefix = '';
  let rest = p;
  if ((p[0] === 'ops' || p[0] === 'tensors') && typeof p[1] === 'number') {
    const list = (value as Record<string, unknown> | null)?.[p[0]];
    const item = Array.isArray(list) ? (list[p[1]] as { name?: unknown } | undefined) : undefined;
    const name = item && typeof item === 'object' && typeof item.name === 'string' ? ` ${JSON.stringify(item.name)}` : '';
    prefix = `${p[0]}[${p[1]}]${name}: `;
    rest = p.slice(2);
  }
  const field = rest.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : String(k)), '');
  return `${prefix}${field ? `${field} ` : ''}${message}`;
}

/** Every problem with `value` as a WorkloadSpec, one line each (empty when it is valid). */
export function workloadIssues(value: unknown): string[] {
  const r = WorkloadSpecSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => formatIssue(value, i.path, i.message));
}

/** Validate `value` as a WorkloadSpec; throws one line naming the first problem (and how many more there are), after `where: `. */
export function parseWorkload(value: unknown, where = 'workload'): WorkloadSpec {
  const r = WorkloadSpecSchema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => formatIssue(value, i.path, i.message));
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : '';
  throw new Error(`${where ? `${where}: ` : ''}${lines[0]}${more}`);
}
