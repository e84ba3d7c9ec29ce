// Decoder-only LLM workloads (issue 20): the zoo's parameter counts against the published sizes, KV bytes per token,
// the GEMM shapes of prefill and decode, MACs per decode token, precisions, variant names, the schema's llm field,
// llmPhaseSpec/withLlmSettings, and that the fused attention pass matches every layer's attention.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LLM_ZOO, isZooName, llmConfigFromHf, llmKvBytesPerToken, llmParamCounts, llmPhaseSpec, llmVariantName, llmWorkload,
  maxPrefillTokens, parseLlmVariant, withLlmSettings, workloadCounts, workloadIssues, zooNames, zooWorkload,
  DEFAULT_LLM_SETTINGS, type LlmSettings, type OpSpec, type WorkloadSpec,
} from '../../shared/workload/index';
import { lowerWorkload } from '../../shared/sim/lower';

const err = (got: number, want: number) => Math.abs(got / want - 1);
const op = (w: WorkloadSpec, name: string) => {
  const o = w.ops.find((x) => x.name === name);
  if (!o) throw new Error(`no op ${name} in ${w.name}`);
  return o;
};
const mm = (w: WorkloadSpec, name: string) => (op(w, name) as Extract<OpSpec, { kind: 'matmul' }>).matmul;
const tensor = (w: WorkloadSpec, name: string) => {
  const t = w.tensors.find((x) => x.name === name);
  if (!t) throw new Error(`no tensor ${name} in ${w.name}`);
  return t;
};
const settings = (s: Partial<LlmSettings>): LlmSettings => ({ ...DEFAULT_LLM_SETTINGS, ...s });

describe('LLM zoo: published sizes', () => {
  // Published parameter counts: the models' own model cards / papers; exact counts as the Hugging Face models load.
  const PUBLISHED: [string, number, number][] = [
    ['gpt2-124m', 124e6, 124_439_808],
    ['qwen2.5-0.5b', 494e6, 494_032_768],
    ['llama-3.2-1b', 1.23e9, 1_235_814_400],
    ['llama-3-8b', 8.03e9, 8_030_261_248],
  ];
  for (const [base, published, exact] of PUBLISHED) {
    it(`${base}: parameters within 1% of ${published} and exactly ${exact}`, () => {
      const w = zooWorkload(base);
      const c = workloadCounts(w);
      expect(err(c.params, published)).toBeLessThan(0.01);
      expect(c.params).toBe(exact);
      expect(w.llm!.params).toBe(c.params);
      expect(w.llm!.activeParams).toBe(c.params); // dense: every parameter is active
    });
  }

  it('mixtral-8x7b: 46.7 B parameters in all, 12.9 B active per token (within 1%)', () => {
    const w = zooWorkload('mixtral-8x7b');
    const c = workloadCounts(w);
    expect(c.params).toBe(w.llm!.params);
    expect(err(c.params, 46.7e9)).toBeLessThan(0.01);
    expect(err(w.llm!.activeParams, 12.9e9)).toBeLessThan(0.01);
    // active = all − 6 of 8 experts in each of 32 layers (3 matrices of 4096 × 14336 each)
    expect(c.params - w.llm!.activeParams).toBe(32 * 6 * 3 * 4096 * 14336);
  });

  it('weight bytes are the weight tensors at their precision', () => {
    const w = zooWorkload('llama-3-8b');
    const bytes = w.tensors.filter((t) => t.kind === 'weight').reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1) * t.elementBytes, 0);
    expect(w.llm!.weightBytes).toBe(bytes);
    expect(w.llm!.weightBytes).toBe(2 * 8_030_261_248);
  });

  it('KV bytes per token: Llama 3 8B 128 KiB in bf16, 64 KiB in int8; Llama 2 7B (MHA) 4× Llama 3 8B', () => {
    expect(zooWorkload('llama-3-8b').llm!.kvBytesPerToken).toBe(131072);
    expect(zooWorkload('llama-3-8b:decode,context=1024,kv=int8').llm!.kvBytesPerToken).toBe(65536);
    const llama2 = llmConfigFromHf(JSON.parse(readFileSync('tests/fixtures/llm/llama-2-7b.json', 'utf8')), 'llama-2-7b');
    expect(llmKvBytesPerToken(llama2, 'bf16')).toBe(4 * 131072);
    expect(llmKvBytesPerToken(LLM_ZOO['gpt2-124m'], 'bf16')).toBe(2 * 12 * 768 * 2);
    expect(llmKvBytesPerToken(LLM_ZOO['mixtral-8x7b'], 'bf16')).toBe(131072);
    // the KV cache inputs of a decode graph hold exactly C tokens at that rate
    const w = zooWorkload('llama-3-8b:decode,context=2048');
    const kv = w.tensors.filter((t) => /^layer\d+\/[kv]_cache$/.test(t.name));
    expect(kv).toHaveLength(64);
    expect(kv.reduce((s, t) => s + t.shape[0] * t.shape[1] * t.elementBytes, 0)).toBe(2048 * 131072);
    expect(kv.every((t) => t.kind === 'input')).toBe(true);
  });

  it('the analytic counts match the graphs for every zoo model and some imported-like configs', () => {
    for (const base of Object.keys(LLM_ZOO)) {
      const w = zooWorkload(base);
      expect(llmParamCounts(LLM_ZOO[base]).params, base).toBe(workloadCounts(w).params);
    }
    const odd = { ...LLM_ZOO['gpt2-124m'], model: 'odd', experts: 4, expertsPerToken: 3, mlp: 'swiglu' as const, tiedEmbeddings: false };
    const w = llmWorkload(odd, settings({}));
    expect(workloadIssues(w)).toEqual([]);
    expect(workloadCounts(w).params).toBe(llmParamCounts(odd).params);
    expect(w.source).toBe('json');
  });
});

describe('LLM graphs: shapes of decode and prefill', () => {
  it('decode (Llama 3 8B, context 2048): M = 1 for the projections; scores and context per KV head over the cache', () => {
    const w = zooWorkload('llama-3-8b:decode,context=2048');
    expect(w.llm).toMatchObject({ graphPhase: 'decode', contextTokens: 2048, newTokens: 1 });
    expect(mm(w, 'layer1/attention/query')).toEqual({ count: 1, m: 1, k: 4096, n: 4096, weightB: true });
    expect(mm(w, 'layer1/attention/key')).toEqual({ count: 1, m: 1, k: 4096, n: 1024, weightB: true });
    expect(mm(w, 'layer1/attention/scores')).toEqual({ count: 8, m: 4, k: 128, n: 2048, weightB: false });
    expect(mm(w, 'layer1/attention/context')).toEqual({ count: 8, m: 4, k: 2048, n: 128, weightB: false });
    expect(mm(w, 'layer1/attention/output')).toEqual({ count: 1, m: 1, k: 4096, n: 4096, weightB: true });
    expect(mm(w, 'layer32/mlp/gate')).toEqual({ count: 1, m: 1, k: 4096, n: 14336, weightB: true });
    expect(mm(w, 'layer32/mlp/down')).toEqual({ count: 1, m: 1, k: 14336, n: 4096, weightB: true });
    expect(mm(w, 'final/lm_head')).toEqual({ count: 1, m: 1, k: 4096, n: 128256, weightB: true });
    expect(op(w, 'layer1/attention/scores').inputs[1]).toBe('layer1/k_cache');
    expect(op(w, 'layer1/attention/context').inputs[1]).toBe('layer1/v_cache');
    expect(w.ops.some((o) => o.name.endsWith('/mask'))).toBe(false);
    expect(w.ops.filter((o) => o.kind === 'layernorm')).toHaveLength(2 * 32 + 1);
    // RoPE: three elementwise ops per element of Q and of K
    expect(w.ops.filter((o) => o.name.startsWith('layer1/attention/query_rope')).map((o) => o.kind === 'elementwise' && o.elementwise.elements))
      .toEqual([4096, 4096, 4096]);
    expect(workloadIssues(w)).toEqual([]);
  });

  it('prefill (Llama 3 8B, prompt 512): M = prompt; the whole causal S×S scores with the mask; LM head on the last token', () => {
    const w = zooWorkload('llama-3-8b:prefill,prompt=512');
    expect(w.llm).toMatchObject({ graphPhase: 'prefill', contextTokens: 512, newTokens: 512 });
    expect(mm(w, 'layer1/attention/query')).toEqual({ count: 1, m: 512, k: 4096, n: 4096, weightB: true });
    expect(mm(w, 'layer1/attention/scores')).toEqual({ count: 8, m: 4 * 512, k: 128, n: 512, weightB: false });
    expect(mm(w, 'layer1/attention/context')).toEqual({ count: 8, m: 4 * 512, k: 512, n: 128, weightB: false });
    expect(mm(w, 'layer1/mlp/up')).toEqual({ count: 1, m: 512, k: 4096, n: 14336, weightB: true });
    expect(mm(w, 'final/lm_head')).toEqual({ count: 1, m: 1, k: 4096, n: 128256, weightB: true });
    const mask = op(w, 'layer1/attention/mask');
    expect(mask.kind === 'elementwise' && mask.elementwise).toEqual({ op: 'add', elements: 32 * 512 * 512 });
    expect(w.tensors.some((t) => t.name.endsWith('_cache'))).toBe(false);
    expect(workloadIssues(w)).toEqual([]);
  });

  it('GPT-2: learned positions gathered, LayerNorm with γ and β, biases everywhere, GELU MLP, MHA', () => {
    const w = zooWorkload('gpt2-124m:prefill,prompt=128');
    expect(op(w, 'embed/sum').inputs).toEqual(['token_embeddings', 'position_embeddings']);
    expect(tensor(w, 'position_embeddings').shape).toEqual([128, 768]);
    expect(tensor(w, 'embed/positions').shape).toEqual([1024, 768]);
    expect(tensor(w, 'layer1/attention/norm.scale_shift').shape).toEqual([2, 768]);
    for (const b of ['query_bias', 'key_bias', 'value_bias', 'output_bias']) expect(op(w, `layer1/attention/${b}`).kind).toBe('elementwise');
    for (const b of ['up_bias', 'down_bias']) expect(op(w, `layer1/mlp/${b}`).kind).toBe('elementwise');
    expect(op(w, 'layer1/mlp/gelu').kind).toBe('elementwise');
    expect(mm(w, 'layer1/attention/scores')).toEqual({ count: 12, m: 128, k: 64, n: 128, weightB: false });
    expect(w.ops.some((o) => o.name.includes('rope'))).toBe(false);
    expect(op(w, 'final/lm_head').weights).toEqual(['embed/tokens']); // tied
  });

  it('the embedding table is never read whole: its gathered rows are an input (the tied head reads it)', () => {
    for (const base of Object.keys(LLM_ZOO)) {
      for (const phase of ['prefill', 'decode'] as const) {
        const w = llmWorkload(LLM_ZOO[base], settings({ phase, prompt: 64 }));
        const readers = w.ops.filter((o) => o.weights.includes('embed/tokens')).map((o) => o.name);
        expect(readers, base).toEqual(LLM_ZOO[base].tiedEmbeddings ? ['final/lm_head'] : []);
        expect(tensor(w, 'token_embeddings')).toMatchObject({ kind: 'input', shape: [phase === 'prefill' ? 64 : 1, LLM_ZOO[base].hidden] });
        expect(w.ops.some((o) => o.weights.includes('embed/positions'))).toBe(false);
      }
    }
  });

  it('mixtral: router and softmax over 8 experts, expert GEMMs with count = top-2 and M = tokens, all experts\' weights read', () => {
    const w = zooWorkload('mixtral-8x7b:prefill,prompt=256');
    expect(mm(w, 'layer1/moe/router')).toEqual({ count: 1, m: 256, k: 4096, n: 8, weightB: true });
    expect(op(w, 'layer1/moe/router_softmax')).toMatchObject({ kind: 'softmax', softmax: { rows: 256, length: 8 } });
    expect(mm(w, 'layer1/moe/gate')).toEqual({ count: 2, m: 256, k: 4096, n: 14336, weightB: true, experts: 8 });
    expect(mm(w, 'layer1/moe/down')).toEqual({ count: 2, m: 256, k: 14336, n: 4096, weightB: true, experts: 8 });
    const ws = op(w, 'layer1/moe/up').weights.map((n) => tensor(w, n).shape);
    expect(ws).toEqual([[2, 4096, 14336], [6, 4096, 14336]]);
    expect(workloadIssues(w)).toEqual([]);
  });

  it('decode MACs = the weights each token multiplies (active, less embeddings, norms and biases) + attention over C', () => {
    for (const base of Object.keys(LLM_ZOO)) {
      const C = 700;
      const w = llmWorkload(LLM_ZOO[base], settings({ context: C }));
      const c = LLM_ZOO[base];
      const vectors = w.tensors.filter((t) => t.kind === 'weight' && /\.(scale|scale_shift|bias)$/.test(t.name))
        .reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0);
      const mlpBiasOthers = c.mlpBias && c.experts > 1 ? 0 : 0;
      const table = c.tiedEmbeddings ? 0 : c.vocab * c.hidden;
      const positions = c.positions === 'learned' ? c.maxPositions * c.hidden : 0;
      const attention = 2 * c.layers * c.heads * c.headDim * C;
      const want = w.llm!.activeParams - table - positions - vectors - mlpBiasOthers + attention;
      expect(workloadCounts(w).macs, base).toBe(want);
      // ≈ active parameters (2·active FLOPs per token) within 12% at this context
      expect(err(workloadCounts(w).macs, w.llm!.activeParams), base).toBeLessThan(0.12);
    }
  });
});

describe('LLM precisions', () => {
  it('int4 weights: matrices 0.5 byte per element, norms and biases bf16; int8 KV: caches and written K/V 1 byte', () => {
    const w = zooWorkload('qwen2.5-0.5b:decode,context=100,weights=int4,kv=int8');
    expect(workloadIssues(w)).toEqual([]);
    expect(tensor(w, 'layer1/attention/query.weight').elementBytes).toBe(0.5);
    expect(tensor(w, 'embed/tokens').elementBytes).toBe(0.5);
    expect(tensor(w, 'token_embeddings').elementBytes).toBe(0.5);
    expect(tensor(w, 'layer1/attention/norm.scale').elementBytes).toBe(2);
    expect(tensor(w, 'layer1/attention/query_bias.bias').elementBytes).toBe(2);
    expect(tensor(w, 'layer1/k_cache').elementBytes).toBe(1);
    expect(tensor(w, 'layer1/attention/key_rope').elementBytes).toBe(1); // the new token's K as written
    expect(tensor(w, 'layer1/attention/value_bias').elementBytes).toBe(1);
    expect(tensor(w, 'layer1/attention/query_rope').elementBytes).toBe(2);
    const bf16 = zooWorkload('qwen2.5-0.5b');
    expect(w.llm!.weightBytes).toBeLessThan(bf16.llm!.weightBytes / 3.5);
    for (const p of ['int8', 'fp8'] as const) {
      expect(tensor(zooWorkload(`llama-3-8b:decode,context=10,weights=${p}`), 'layer1/mlp/up.weight').elementBytes).toBe(1);
    }
  });
});

describe('LLM variant names', () => {
  it('canonical names: phase first, only the keys the phase uses, precisions only when not bf16', () => {
    expect(llmVariantName('llama-3-8b', {})).toBe('llama-3-8b:decode,context=1024');
    expect(llmVariantName('llama-3-8b', { phase: 'prefill', prompt: 77, context: 5 })).toBe('llama-3-8b:prefill,prompt=77');
    expect(llmVariantName('llama-3-8b', { phase: 'request', kv: 'int8', weights: 'int4', output: 9, prompt: 3 }))
      .toBe('llama-3-8b:request,prompt=3,output=9,weights=int4,kv=int8');
    expect(zooWorkload('llama-3-8b').name).toBe('llama-3-8b:decode,context=1024');
    // other key orders and explicit defaults are accepted and named canonically
    expect(zooWorkload('llama-3-8b:decode,kv=bf16,context=64,weights=bf16').name).toBe('llama-3-8b:decode,context=64');
  });

  it('round trip: parse(name(s)) = s on the keys the phase uses, for random settings', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let i = 0; i < 300; i++) {
      const base = Object.keys(LLM_ZOO)[rnd(5)];
      const phase = (['prefill', 'decode', 'request'] as const)[rnd(3)];
      const max = LLM_ZOO[base].maxPositions;
      const s = settings({
        phase, prompt: 1 + rnd(Math.min(maxPrefillTokens(LLM_ZOO[base]), max / 2)), context: 1 + rnd(max), output: 1 + rnd(max / 2),
        weights: (['bf16', 'int8', 'fp8', 'int4'] as const)[rnd(4)], kv: (['bf16', 'int8'] as const)[rnd(2)],
      });
      const name = llmVariantName(base, s);
      const p = parseLlmVariant(name);
      expect(p && !('error' in p), name).toBe(true);
      const got = (p as { base: string; settings: LlmSettings });
      expect(got.base).toBe(base);
      expect(llmVariantName(base, got.settings)).toBe(name);
      expect(got.settings.phase).toBe(phase);
      if (phase !== 'decode') expect(got.settings.prompt).toBe(s.prompt);
      if (phase === 'decode') expect(got.settings.context).toBe(s.context);
      if (phase === 'request') expect(got.settings.output).toBe(s.output);
      expect([got.settings.weights, got.settings.kv]).toEqual([s.weights, s.kv]);
      expect(isZooName(name)).toBe(true);
    }
  });

  it('problems are one line naming the key and its range; non-LLM names are null', () => {
    const bad: [string, RegExp][] = [
      ['llama-3-8b:decode,context=0', /^llama-3-8b:decode,context=0: context must be a whole number from 1 to 8192 \(llama-3-8b has 8192 positions; got "0"\)$/],
      ['llama-3-8b:decode,context=8193', /context must be a whole number from 1 to 8192/],
      ['gpt2-124m:prefill,prompt=1025', /prompt must be a whole number from 1 to 1024 \(gpt2-124m has 1024 positions/],
      ['llama-3.2-1b:decode,context=131073', /context must be a whole number from 1 to 131072/],
      ['llama-3.2-1b:prefill,prompt=30000', /prompt must be a whole number from 1 to 23170 \(longer prompts exceed the per-op limit/],
      ['gpt2-124m:request,prompt=1000,output=100', /prompt \+ output must be at most 1024/],
      ['llama-3-8b:decode,context=1.5', /context must be a whole number/],
      ['llama-3-8b:decode,context=', /context must be a whole number/],
      ['llama-3-8b:decode,context', /context needs a value/],
      ['llama-3-8b:decode,context=5,context=6', /context is given twice/],
      ['llama-3-8b:decode,prompt=5', /prompt does not apply to decode \(it takes context, weights, kv\)/],
      ['llama-3-8b:prefill,output=5', /output does not apply to prefill/],
      ['llama-3-8b:decode,batch=4', /unknown key "batch"/],
      ['llama-3-8b:decode,weights=int3', /weights must be one of bf16, int8, fp8, int4/],
      ['llama-3-8b:decode,kv=fp8', /kv must be one of bf16, int8/],
      ['llama-3-8b:', /the phase must come first/],
      ['llama-3-8b:context=5', /the phase must come first/],
      ['llama-3-8b:Decode', /the phase must come first/],
    ];
    for (const [name, re] of bad) {
      const p = parseLlmVariant(name);
      expect(p && 'error' in p ? p.error : p, name).toMatch(re);
      expect((p as { error: string }).error).not.toContain('\n');
      expect(isZooName(name)).toBe(false);
      expect(() => zooWorkload(name)).toThrow(re);
    }
    for (const name of ['resnet50-v2', 'llama-3-7b:decode', 'foo:decode,context=4', '', ':decode']) expect(parseLlmVariant(name), name).toBeNull();
    expect(() => zooWorkload('llama-3-7b:decode')).toThrow(/^unknown workload/);
  });

  it('the registry lists the five bases, each fresh per call and deterministic', () => {
    expect(zooNames().slice(-5)).toEqual(['gpt2-124m', 'qwen2.5-0.5b', 'llama-3.2-1b', 'llama-3-8b', 'mixtral-8x7b']);
    const a = zooWorkload('mixtral-8x7b:prefill,prompt=64');
    const b = zooWorkload('mixtral-8x7b:prefill,prompt=64');
    expect(a).not.toBe(b);
    expect(a.llm!.config).not.toBe(b.llm!.config);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('every model at its longest prefill and decode passes the schema (the per-op limits hold)', () => {
    for (const base of Object.keys(LLM_ZOO)) {
      const c = LLM_ZOO[base];
      const p = maxPrefillTokens(c);
      expect(workloadIssues(zooWorkload(`${base}:prefill,prompt=${p}`)), base).toEqual([]);
      expect(workloadIssues(zooWorkload(`${base}:decode,context=${Math.min(c.maxPositions, 131072)}`)), base).toEqual([]);
    }
  });
});

describe('llmPhaseSpec and withLlmSettings', () => {
  it('a request is the decode graph at prompt + output/2; its prefill graph is the prompt', () => {
    const r = zooWorkload('llama-3-8b:request,prompt=1000,output=300');
    expect(r.name).toBe('llama-3-8b:request,prompt=1000,output=300');
    expect(r.llm).toMatchObject({ graphPhase: 'decode', contextTokens: 1150, newTokens: 1, settings: { phase: 'request', prompt: 1000, output: 300 } });
    const p = llmPhaseSpec(r, 'prefill');
    expect(p.llm).toMatchObject({ graphPhase: 'prefill', contextTokens: 1000, newTokens: 1000, settings: { phase: 'request' } });
    expect(p.name).toBe('llama-3-8b:prefill,prompt=1000');
    expect(JSON.stringify(p.ops)).toBe(JSON.stringify(zooWorkload('llama-3-8b:prefill,prompt=1000').ops));
    expect(llmPhaseSpec(r, 'decode')).toBe(r);
    const d = llmPhaseSpec(p, 'decode');
    expect(d.name).toBe('llama-3-8b:decode,context=1150');
    expect(JSON.stringify(d.ops)).toBe(JSON.stringify(r.ops));
    expect(() => llmPhaseSpec(zooWorkload('resnet50-v2'), 'decode')).toThrow(/not an LLM workload/);
  });

  it('the other phase of a decode spec uses its prompt setting', () => {
    const p = llmPhaseSpec(zooWorkload('gpt2-124m:decode,context=10'), 'prefill');
    expect(p.llm).toMatchObject({ graphPhase: 'prefill', newTokens: 1024, settings: { phase: 'prefill', context: 10 } });
  });

  it('withLlmSettings re-generates with new settings and names the new variant; a bad setting is one line', () => {
    const w = withLlmSettings(zooWorkload('llama-3-8b'), { context: 4096, kv: 'int8', prompt: undefined });
    expect(w.name).toBe('llama-3-8b:decode,context=4096,kv=int8');
    expect(w.llm!.contextTokens).toBe(4096);
    const p = withLlmSettings(w, { phase: 'prefill', prompt: 64 });
    expect(p.name).toBe('llama-3-8b:prefill,prompt=64,kv=int8');
    expect(() => withLlmSettings(w, { context: 9000 })).toThrow(/^llama-3-8b: context must be a whole number from 1 to 8192/);
    expect(() => withLlmSettings(w, { weights: 'int2' as never })).toThrow(/weights must be one of/);
  });
});

describe('the schema and the llm field', () => {
  it('validates llm: plausible whole numbers and the enums, one line each', () => {
    const w = zooWorkload('llama-3.2-1b');
    const bad = (mutate: (x: WorkloadSpec) => void) => {
      const x = JSON.parse(JSON.stringify(w)) as WorkloadSpec;
      mutate(x);
      return workloadIssues(x);
    };
    expect(bad(() => undefined)).toEqual([]);
    expect(bad((x) => { x.llm!.config.heads = 0; })).toEqual(['llm.config.heads must be a whole number from 1 to 1024 (got 0)']);
    expect(bad((x) => { x.llm!.config.kvHeads = 5; })).toEqual(['llm.config kvHeads (5) must divide heads (32)']);
    expect(bad((x) => { (x.llm!.settings as { phase: string }).phase = 'train'; })[0]).toMatch(/^llm\.settings\.phase must be one of prefill, decode, request/);
    expect(bad((x) => { (x.llm!.config as { norm: string }).norm = 'batchnorm'; })[0]).toMatch(/^llm\.config\.norm must be one of layernorm, rmsnorm/);
    expect(bad((x) => { x.llm!.params = -1; })[0]).toMatch(/^llm\.params must be a whole number of at least 0/);
    expect(bad((x) => { x.llm!.contextTokens = 0.5; })[0]).toMatch(/^llm\.contextTokens must be a whole number/);
    // without llm, an untied model's gathered embedding table is an unread weight again
    const untied = JSON.parse(JSON.stringify(zooWorkload('llama-3-8b'))) as WorkloadSpec;
    expect(workloadIssues(untied)).toEqual([]);
    delete untied.llm;
    expect(workloadIssues(untied)).toEqual(['tensors[0] "embed/tokens": is a weight that no op reads (remove it, or list it under an op\'s weights)']);
  });

  it('elementBytes 0.5 (int4) is accepted, other fractions are not; matmul.experts is checked', () => {
    const w = zooWorkload('mixtral-8x7b:decode,context=8,weights=int4');
    expect(workloadIssues(w)).toEqual([]);
    const x = JSON.parse(JSON.stringify(w)) as WorkloadSpec;
    x.tensors[0].elementBytes = 0.3;
    expect(workloadIssues(x)[0]).toMatch(/elementBytes must be 0\.5 or a whole number from 1 to 8 \(got 0\.3\)/);
    const y = JSON.parse(JSON.stringify(w)) as WorkloadSpec;
    const up = y.ops.find((o) => o.name === 'layer1/moe/up') as Extract<OpSpec, { kind: 'matmul' }>;
    up.matmul.experts = 1;
    expect(workloadIssues(y)).toEqual(['ops[' + y.ops.indexOf(up) + '] "layer1/moe/up": matmul.experts must be at least matmul.count (got 1 for 2)']);
    up.matmul.experts = 9;
    expect(workloadIssues(y)[0]).toMatch(/weight "layer1\/moe\/up\.others" has 352321536 elements but the other experts \(matmul\.experts − count\)·k·n = 411041792/);
  });
});

describe('lowering: the fused attention pass takes every layer\'s attention', () => {
  for (const name of ['llama-3-8b:decode,context=2048', 'qwen2.5-0.5b:prefill,prompt=256', 'gpt2-124m:prefill,prompt=64', 'mixtral-8x7b:decode,context=64']) {
    it(name, () => {
      const w = zooWorkload(name);
      const lowered = lowerWorkload(w, { batch: 2, fusedAttentionLocalBytes: 4 * 2 ** 20 });
      const fused = lowered.filter((g) => g.fusedAttention);
      expect(fused).toHaveLength(2 * w.llm!.config.layers);
      // the softmax joins the score matmul; its output stays on chip
      const scores = fused.filter((g) => g.name.endsWith('/scores'));
      expect(scores).toHaveLength(w.llm!.config.layers);
      expect(scores.every((g) => g.opIndices.some((i) => w.ops[i].kind === 'softmax'))).toBe(true);
      // RoPE fuses into the projections' epilogues (no vector op of its own)
      expect(lowered.some((g) => g.name.includes('rope'))).toBe(false);
    });
  }
});
