// The decoder-only LLM generator: one sequence's graph (one "sample"; the batch multiplies it as for every workload)
// for one phase, from an LlmConfig and LlmSettings (docs/model.md §2.2). T new tokens attend to C tokens:
//   prefill: T = C = prompt (the whole causal S×S score matrix is computed, its masked half included, as dense XLA
//            attention does); the LM head runs on the last token only.
//   decode:  T = 1, C = context; the KV cache is graph INPUT tensors per layer ([C, kvHeads·headDim], read from DRAM,
//            multiplied by the batch), and the new token's K and V are graph outputs (written to the cache).
//   request: the decode graph at C = prompt + ⌊output/2⌋ (the mean context over the output tokens); llmPhaseSpec
//            builds its prefill graph.
// Embeddings: the token table (and GPT-2's learned position table) is a weight counted in the parameters, but no op
// reads it whole: the gathered rows are a graph input [T, hidden] in the weight precision (a copy turns them into the
// bf16 residual stream; GPT-2 adds its position rows). A tied LM head reads the token table as its weight.
// Per layer: norm → Q, K, V dense (+ bias when qkvBias) → RoPE on Q and K → scores (count = kvHeads,
// m = (heads/kvHeads)·T, k = headDim, n = C) → scale → causal mask add (prefill) → softmax over C → context
// (count = kvHeads, m = (heads/kvHeads)·T, k = C, n = headDim) → output dense → residual → norm → MLP → residual.
// RMSNorm is priced as LayerNorm (the `layernorm` kind, its γ only: a slight over-count of its vector work — no mean
// subtraction — documented). RoPE (x·cos + rotate(x)·sin) is three elementwise ops per element of Q and K (two
// multiplies and an add, the cos and sin tables graph inputs [T, headDim]), fused in the projection's epilogue.
// SwiGLU: gate dense → swish, up dense → multiply, down dense; GELU MLP: up → gelu → down.
// Mixture of experts (top-k): router dense (N = experts) → softmax; the tokens are dispatched (a copy to [k, T,
// hidden]); the expert FFN matmuls have count = k and m = T (the active MACs: every token through its k experts) and
// read the weights of ALL experts (matmul.experts: the k routed slots as the B operand, the others as extra bytes) —
// exact for balanced routing once batch·T·k ≥ experts, an over-count below; the combine is a sum over the k results.
// Precision: matrices (every dense, the embedding tables, the LM head) take the weight precision; norm scales and
// biases stay bf16 (weight-only quantization keeps the vectors in 16 bits); K and V as cached (inputs and the written
// outputs) take the KV precision; every other activation is bf16.
import { GraphBuilder, elementsOf, type TensorRef } from '../builder';
import type { LlmInfo, OpSpec, WorkloadSpec } from '../types';
import { KV_BYTES, LLM_ZOO, WEIGHT_BYTES, isLlmBase, llmConfigProblem, sameLlmConfig, type LlmConfig } from './config';
import { fullLlmSettings, llmSettingsProblem, llmVariantName, type LlmSettings } from './names';

const ACT = 2; // bf16 activations

/** Parameters of a config, total and active per token (top-k experts of every MoE layer; embeddings included). */
export function llmParamCounts(c: LlmConfig): { params: number; activeParams: number; embeddingParams: number } {
  const d = c.hidden, qe = c.heads * c.headDim, kve = c.kvHeads * c.headDim, f = c.intermediate;
  const norm = c.norm === 'layernorm' ? 2 * d : d;
  const attn = d * qe + 2 * d * kve + qe * d + (c.qkvBias ? qe + 2 * kve : 0) + (c.outputBias ? d : 0);
  const expert = (c.mlp === 'swiglu' ? 3 * d * f : 2 * d * f) + (c.mlpBias ? (c.mlp === 'swiglu' ? 2 * f + d : f + d) : 0);
  const router = c.experts > 1 ? d * c.experts : 0;
  const embeddingParams = c.vocab * d + (c.positions === 'learned' ? c.maxPositions * d : 0);
  const head = c.tiedEmbeddings ? 0 : c.vocab * d;
  const fixed = embeddingParams + head + norm;
  const layer = (experts: number) => 2 * norm + attn + router + experts * expert;
  return {
    params: fixed + c.layers * layer(c.experts),
    activeParams: fixed + c.layers * layer(c.expertsPerToken),
    embeddingParams,
  };
}

/** KV cache bytes per token of context (all layers, K and V). */
export function llmKvBytesPerToken(c: LlmConfig, kv: LlmSettings['kv']): number {
  return 2 * c.layers * c.kvHeads * c.headDim * KV_BYTES[kv];
}

/** C and T of the graph a phase builds. */
function phaseTokens(s: LlmSettings, graphPhase: 'prefill' | 'decode'): { C: number; T: number } {
  if (graphPhase === 'prefill') return { C: s.prompt, T: s.prompt };
  return { C: s.phase === 'request' ? s.prompt + Math.floor(s.output / 2) : s.context, T: 1 };
}

/**
 * The spec of `config` with `settings`: prefill → the prefill graph; decode → the decode graph; request → the decode
 * graph at context prompt + ⌊output/2⌋ (llm.settings.phase 'request'). Named `name`, else the canonical variant
 * name of config.model. Throws one line for settings out of range.
 */
export function llmWorkload(config: LlmConfig, settings: LlmSettings, name?: string): WorkloadSpec {
  return build(config, fullLlmSettings(settings), settings.phase === 'prefill' ? 'prefill' : 'decode', name);
}

/** The graph of one phase of an LLM spec (a request needs both): rebuilt from spec.llm; the spec itself when it is
 * that phase's graph already. The other phase's graph is named by the variant it equals. */
export function llmPhaseSpec(spec: WorkloadSpec, phase: 'prefill' | 'decode'): WorkloadSpec {
  const llm = spec.llm;
  if (!llm) throw new Error(`${spec.name} is not an LLM workload`);
  if (llm.graphPhase === phase) return spec;
  const s = llm.settings;
  const settings: LlmSettings = s.phase === 'request' ? s : { ...s, phase };
  const { C } = phaseTokens(settings, phase);
  const equivalent = phase === 'prefill' ? { ...s, phase, prompt: s.prompt } : { ...s, phase, context: C };
  return build(llm.config, settings, phase, llmVariantName(llm.config.model, equivalent));
}

/** An LLM spec (zoo or imported) re-generated with new settings (the others kept); named by the new variant. */
export function withLlmSettings(spec: WorkloadSpec, s: Partial<LlmSettings>): WorkloadSpec {
  const llm = spec.llm;
  if (!llm) throw new Error(`${spec.name} is not an LLM workload`);
  const defined = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Partial<LlmSettings>;
  return llmWorkload(llm.config, { ...llm.settings, ...defined });
}

function build(c: LlmConfig, s: LlmSettings, graphPhase: 'prefill' | 'decode', name?: string): WorkloadSpec {
  const problem = llmConfigProblem(c) ?? llmSettingsProblem(c, s);
  if (problem) throw new Error(`${c.model}: ${problem}`);
  const specName = name ?? llmVariantName(c.model, s);
  const zoo = isLlmBase(c.model) && sameLlmConfig(LLM_ZOO[c.model], c);
  const g = new GraphBuilder(specName, zoo ? 'zoo' : 'json', ACT);
  const wb = WEIGHT_BYTES[s.weights];
  const kvb = KV_BYTES[s.kv];
  const { C, T } = phaseTokens(s, graphPhase);
  const prefill = graphPhase === 'prefill';
  const d = c.hidden, h = c.heads, kvh = c.kvHeads, e = c.headDim, group = h / kvh;

  let block = '';
  const emit = (local: string, body: Record<string, unknown>, inputs: TensorRef[], weights: string[], outShape: number[], outBytes = ACT): TensorRef => {
    const opName = block ? `${block}/${local}` : local;
    g.addOp({ name: opName, inputs: inputs.map((t) => t.name), outputs: [opName], weights, ...(block ? { block } : {}), ...body } as OpSpec);
    return g.addTensor({ name: opName, shape: outShape, elementBytes: outBytes, kind: 'activation' });
  };
  const opName = (local: string) => (block ? `${block}/${local}` : local);
  const elementwise = (local: string, op: string, inputs: TensorRef[], weights: string[] = [], outShape?: number[]) => {
    const shape = outShape ?? inputs[0].shape;
    return emit(local, { kind: 'elementwise', elementwise: { op, elements: elementsOf(shape) } }, inputs, weights, [...shape]);
  };
  const bias = (local: string, x: TensorRef) => {
    const n = x.shape[x.shape.length - 1];
    return elementwise(local, 'bias', [x], [g.weight(`${opName(local)}.bias`, [n], ACT)]);
  };
  const dense = (local: string, x: TensorRef, n: number, withBias: boolean, weight?: string) => {
    const k = x.shape[x.shape.length - 1];
    const w = weight ?? g.weight(`${opName(local)}.weight`, [k, n], wb);
    const y = emit(local, { kind: 'matmul', matmul: { count: 1, m: elementsOf(x.shape) / k, k, n, weightB: true } }, [x], [w], [...x.shape.slice(0, -1), n]);
    return withBias ? bias(`${local}_bias`, y) : y;
  };
  const norm = (local: string, x: TensorRef) => {
    const w = c.norm === 'layernorm' ? g.weight(`${opName(local)}.scale_shift`, [2, d], ACT) : g.weight(`${opName(local)}.scale`, [d], ACT);
    return emit(local, { kind: 'layernorm', layernorm: { rows: elementsOf(x.shape) / d, length: d } }, [x], [w], [...x.shape]);
  };
  const expertMatmul = (local: string, x: TensorRef, k: number, n: number) => {
    const kk = c.expertsPerToken, others = c.experts - kk;
    const weights = [g.weight(`${opName(local)}.routed`, [kk, k, n], wb)];
    if (others > 0) weights.push(g.weight(`${opName(local)}.others`, [others, k, n], wb));
    return emit(local, { kind: 'matmul', matmul: { count: kk, m: T, k, n, weightB: true, experts: c.experts } }, [x], weights, [kk, T, n]);
  };
  const expertBias = (local: string, x: TensorRef) => {
    const n = x.shape[x.shape.length - 1];
    return elementwise(local, 'bias', [x], [g.weight(`${opName(local)}.bias`, [c.experts, n], ACT)]);
  };

  // ---- inputs ----
  const tokenTable = g.weight('embed/tokens', [c.vocab, d], wb);
  const tokenRows = g.input('token_embeddings', [T, d], wb); // the gathered rows of embed/tokens
  const rope = c.positions === 'rope'
    ? { cos: g.input('rope_cos', [T, e], ACT), sin: g.input('rope_sin', [T, e], ACT) } : undefined;
  const mask = prefill ? g.input('causal_mask', [C], ACT) : undefined;

  block = 'embed';
  let x: TensorRef;
  if (c.positions === 'learned') {
    g.weight('embed/positions', [c.maxPositions, d], wb);
    const posRows = g.input('position_embeddings', [T, d], wb); // the gathered rows of embed/positions
    x = elementwise('sum', 'add', [tokenRows, posRows]);
  } else {
    x = elementwise('gather', 'copy', [tokenRows]);
  }

  const withRope = (local: string, t: TensorRef) => {
    if (!rope) return t;
    const a = elementwise(`${local}_rope_cos`, 'mul', [t, rope.cos]);
    const b = elementwise(`${local}_rope_sin`, 'mul', [a, rope.sin]);
    return elementwise(`${local}_rope`, 'add', [b]);
  };

  for (let l = 1; l <= c.layers; l++) {
    block = `layer${l}/attention`;
    const xn = norm('norm', x);
    // (each RoPE right after its projection, so it fuses as the projection's epilogue)
    const q = withRope('query', dense('query', xn, h * e, c.qkvBias));
    const k = withRope('key', dense('key', xn, kvh * e, c.qkvBias));
    const v = dense('value', xn, kvh * e, c.qkvBias);
    // K and V as cached take the KV precision (prefill writes them; decode writes the new token's)
    g.tensor(k.name)!.elementBytes = kvb;
    g.tensor(v.name)!.elementBytes = kvb;
    const kSrc = prefill ? k : g.input(`layer${l}/k_cache`, [C, kvh * e], kvb);
    const vSrc = prefill ? v : g.input(`layer${l}/v_cache`, [C, kvh * e], kvb);
    let sc = emit('scores', { kind: 'matmul', matmul: { count: kvh, m: group * T, k: e, n: C, weightB: false } }, [q, kSrc], [], [kvh, group * T, C]);
    sc = elementwise('scale', 'scale', [sc]);
    if (mask) sc = elementwise('mask', 'add', [sc, mask]);
    const p = emit('softmax', { kind: 'softmax', softmax: { rows: kvh * group * T, length: C } }, [sc], [], [...sc.shape]);
    const ctx = emit('context', { kind: 'matmul', matmul: { count: kvh, m: group * T, k: C, n: e, weightB: false } }, [p, vSrc], [], [T, h * e]);
    const o = dense('output', ctx, d, c.outputBias === true);
    x = elementwise('residual', 'add', [o, x]);

    const mlpBias = c.mlpBias === true;
    if (c.experts > 1) {
      block = `layer${l}/moe`;
      const xm = norm('norm', x);
      const r = dense('router', xm, c.experts, false);
      const pr = emit('router_softmax', { kind: 'softmax', softmax: { rows: T, length: c.experts } }, [r], [], [T, c.experts]);
      const disp = elementwise('dispatch', 'copy', [xm, pr], [], [c.expertsPerToken, T, d]);
      let hdn: TensorRef;
      if (c.mlp === 'swiglu') {
        let gate = expertMatmul('gate', disp, d, c.intermediate);
        if (mlpBias) gate = expertBias('gate_bias', gate);
        const act = elementwise('swish', 'swish', [gate]);
        let up = expertMatmul('up', disp, d, c.intermediate);
        if (mlpBias) up = expertBias('up_bias', up);
        hdn = elementwise('gated', 'mul', [act, up]);
      } else {
        let up = expertMatmul('up', disp, d, c.intermediate);
        if (mlpBias) up = expertBias('up_bias', up);
        hdn = elementwise('gelu', 'gelu', [up]);
      }
      let down = expertMatmul('down', hdn, c.intermediate, d);
      if (mlpBias) down = expertBias('down_bias', down);
      const comb = emit('combine', { kind: 'reduce', reduce: { op: 'sum', inElements: c.expertsPerToken * T * d, outElements: T * d } }, [down], [], [T, d]);
      x = elementwise('residual', 'add', [comb, x]);
    } else {
      block = `layer${l}/mlp`;
      const xm = norm('norm', x);
      let hdn: TensorRef;
      if (c.mlp === 'swiglu') {
        const gate = dense('gate', xm, c.intermediate, mlpBias);
        const act = elementwise('swish', 'swish', [gate]);
        const up = dense('up', xm, c.intermediate, mlpBias);
        hdn = elementwise('gated', 'mul', [act, up]);
      } else {
        const up = dense('up', xm, c.intermediate, mlpBias);
        hdn = elementwise('gelu', 'gelu', [up]);
      }
      const down = dense('down', hdn, d, mlpBias);
      x = elementwise('residual', 'add', [down, x]);
    }
  }

  block = 'final';
  x = norm('norm', x);
  if (T > 1) x = elementwise('last_token', 'copy', [x], [], [1, d]);
  dense('lm_head', x, c.vocab, false, c.tiedEmbeddings ? tokenTable : undefined);

  const counts = llmParamCounts(c);
  let weightBytes = 0;
  for (const t of g.tensors) if (t.kind === 'weight') weightBytes += elementsOf(t.shape) * t.elementBytes;
  const llm: LlmInfo = {
    config: { ...c }, settings: { ...s }, graphPhase, contextTokens: C, newTokens: T,
    params: counts.params, activeParams: counts.activeParams, weightBytes, kvBytesPerToken: llmKvBytesPerToken(c, s.kv),
  };
  const kind = c.experts > 1 ? `${c.experts} experts top-${c.expertsPerToken}, ` : '';
  const w = g.build({
    description: `${c.model} decoder (${c.layers} layers, hidden ${d}, ${h} heads / ${kvh} KV heads of ${e}, ${kind}FFN ${c.intermediate}, ` +
      `vocab ${c.vocab}), ${graphPhase === 'prefill' ? `prefill of ${T} tokens` : `one decode step at context ${C}`} per sequence` +
      `${s.phase === 'request' ? ` (request: prompt ${s.prompt}, output ${s.output})` : ''}; weights ${s.weights}, KV ${s.kv}`,
    defaultBatch: 1,
  });
  w.llm = llm;
  return w;
}
