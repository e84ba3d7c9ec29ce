// Counts derived from a WorkloadSpec's graph: multiply-adds and output elements per op, parameters per workload.
// All counts are per sample (batch 1); at batch B every op's MACs and elements are B times these (weights are
// shared, so parameters do not change). docs/model.md §2.3.
import type { OpSpec, TensorSpec, WorkloadSpec } from './types';
import { elementsOf } from './builder';

/**
 * Multiply-adds of one op per sample.
 * conv2d: outH·outW·outC·kH·kW·inC/groups; matmul: count·m·k·n; every other kind: 0 (vector work, see opElements).
 */
export function opMacs(op: OpSpec): number {
  switch (op.kind) {
    case 'conv2d': {
      const c = op.conv2d;
      return c.outHeight * c.outWidth * c.outChannels * c.kernelHeight * c.kernelWidth * (c.inChannels / c.groups);
    }
    case 'matmul': {
      const m = op.matmul;
      return m.count * m.m * m.k * m.n;
    }
    default:
      return 0;
  }
}

/** Output elements of one op per sample (from its attributes, so it needs no tensor table). */
export function opElements(op: OpSpec): number {
  switch (op.kind) {
    case 'conv2d': return op.conv2d.outHeight * op.conv2d.outWidth * op.conv2d.outChannels;
    case 'matmul': return op.matmul.count * op.matmul.m * op.matmul.n;
    case 'elementwise': return op.elementwise.elements;
    case 'pool': return op.pool.outHeight * op.pool.outWidth * op.pool.channels;
    case 'reduce': return op.reduce.outElements;
    case 'softmax': return op.softmax.rows * op.softmax.length;
    case 'layernorm': return op.layernorm.rows * op.layernorm.length;
  }
}

export interface OpCounts {
  name: string;
  kind: OpSpec['kind'];
  block?: string;
  /** Multiply-adds per sample (0 for vector kinds). */
  macs: number;
  /** Output elements per sample. */
  elements: number;
  /** Elements of the weight tensors this op reads (shared tensors count for every op that reads them). */
  weightElements: number;
}

export interface WorkloadCounts {
  /** Multiply-adds per sample, the sum over ops. */
  macs: number;
  /** Parameters: elements of every distinct weight tensor (each counted once). */
  params: number;
  /** Output elements per sample of the vector ops (every kind but conv2d and matmul). */
  vectorElements: number;
  ops: OpCounts[];
}

export function workloadCounts(w: WorkloadSpec): WorkloadCounts {
  const tensors = new Map<string, TensorSpec>(w.tensors.map((t) => [t.name, t]));
  const weightElems = (name: string) => {
    const t = tensors.get(name);
    return t ? elementsOf(t.shape) : 0;
  };
  const ops = w.ops.map((op): OpCounts => ({
    name: op.name,
    kind: op.kind,
    ...(op.block !== undefined ? { block: op.block } : {}),
    macs: opMacs(op),
    elements: opElements(op),
    weightElements: op.weights.reduce((s, n) => s + weightElems(n), 0),
  }));
  let params = 0;
  for (const t of w.tensors) if (t.kind === 'weight') params += elementsOf(t.shape);
  return {
    macs: ops.reduce((s, o) => s + o.macs, 0),
    params,
    vectorElements: ops.reduce((s, o) => s + (o.kind === 'conv2d' || o.kind === 'matmul' ? 0 : o.elements), 0),
    ops,
  };
}

/**
 * What a workload keeps in DRAM at a batch (docs/model.md §6.3): the weights once; the graph inputs × batch (an LLM's
 * KV cache is graph inputs, and for an LLM the cache the phase leaves behind: the prompt's after prefill, prompt +
 * output tokens by a request's end); and the peak of the activations live at once × batch, from a liveness walk over
 * the topological order (a tensor is live from the op that writes it to the last op that reads it; one nobody reads
 * is a graph output, live to the end). Activations are counted as if every one went to DRAM (an upper bound: fusion
 * may keep some on chip, and a fused attention never writes its score matrix).
 */
export interface WorkloadFootprint {
  weightBytes: number;
  /** Graph inputs × batch, the KV cache included. */
  inputBytes: number;
  /** The KV cache part of inputBytes (0 for a workload that is not an LLM). */
  kvCacheBytes: number;
  /** Peak live activations × batch. */
  activationBytes: number;
  totalBytes: number;
}

/** Bytes of one tensor (per sample for activations and inputs). */
const tensorBytes = (t: TensorSpec) => elementsOf(t.shape) * t.elementBytes;

export function workloadFootprint(w: WorkloadSpec, batch: number): WorkloadFootprint {
  let weightBytes = 0, graphInputBytes = 0;
  const activation = new Map<string, number>();
  for (const t of w.tensors) {
    if (t.kind === 'weight') weightBytes += tensorBytes(t);
    else if (t.kind === 'input') graphInputBytes += tensorBytes(t);
    else activation.set(t.name, tensorBytes(t));
  }
  const lastUse = new Map<string, number>();
  w.ops.forEach((op, i) => { for (const n of op.inputs) lastUse.set(n, i); });
  // Bytes freed after each op (tensors whose last reader it is).
  const freed = new Array<number>(w.ops.length).fill(0);
  let live = 0, peak = 0;
  w.ops.forEach((op, i) => {
    for (const n of op.outputs) {
      const b = activation.get(n);
      if (b === undefined) continue;
      live += b;
      const last = lastUse.get(n);
      if (last !== undefined && last > i) freed[last] += b;
    }
    peak = Math.max(peak, live);
    live -= freed[i];
  });
  // An LLM's cache at the phase's end (shared/workload/llm): the decode graph's inputs hold it at the graph's context;
  // prefill writes the prompt's; a request's decode graph is at its mean context but ends at prompt + output.
  let kvCacheBytes = 0, kvExtra = 0;
  const llm = w.llm;
  if (llm) {
    const s = llm.settings;
    const needed = s.phase === 'prefill' ? s.prompt : s.phase === 'request' ? s.prompt + s.output : llm.contextTokens;
    const inGraph = llm.graphPhase === 'decode' ? llm.contextTokens : 0;
    kvCacheBytes = llm.kvBytesPerToken * needed * batch;
    kvExtra = llm.kvBytesPerToken * Math.max(0, needed - inGraph) * batch;
  }
  const inputBytes = graphInputBytes * batch + kvExtra;
  const activationBytes = peak * batch;
  return { weightBytes, inputBytes, kvCacheBytes, activationBytes, totalBytes: weightBytes + inputBytes + activationBytes };
}
