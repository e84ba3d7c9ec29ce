// Hugging Face config.json → LLM workload (issue 20): the five zoo models' published configs (tests/fixtures/llm/,
// copied from https://huggingface.co/<org>/<model>/blob/main/config.json) reproduce the zoo's configs; the .json
// import path tells a config from a WorkloadSpec; malformed configs get one line naming the field; `fast import` and
// `fast simulate --workload <variant>` run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LLM_ZOO, isHfConfig, llmConfigFromHf, sameLlmConfig, workloadCounts, workloadIssues, zooWorkload, type WorkloadSpec,
} from '../../shared/workload/index';
import { importWorkloadFile } from '../../shared/workload/import-file';
import { main } from '../../cli/main';

const FIXTURES: Record<string, string> = {
  'gpt2-124m': 'gpt2', 'qwen2.5-0.5b': 'qwen2.5-0.5b', 'llama-3.2-1b': 'llama-3.2-1b', 'llama-3-8b': 'llama-3-8b', 'mixtral-8x7b': 'mixtral-8x7b',
};
const fixturePath = (f: string) => join('tests', 'fixtures', 'llm', `${f}.json`);
const fixture = (f: string): Record<string, unknown> => JSON.parse(readFileSync(fixturePath(f), 'utf8'));
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('llmConfigFromHf: the published configs', () => {
  for (const [base, file] of Object.entries(FIXTURES)) {
    it(`${file}.json reproduces the zoo's ${base}`, () => {
      const c = llmConfigFromHf(fixture(file), base);
      expect(sameLlmConfig(c, LLM_ZOO[base])).toBe(true);
      expect({ outputBias: false, mlpBias: false, ...LLM_ZOO[base] }).toEqual(c);
    });
  }

  it('defaults: no num_key_value_heads = MHA, no head_dim = hidden/heads, GPT-2 n_inner null = 4·n_embd', () => {
    const llama2 = llmConfigFromHf(fixture('llama-2-7b'), 'llama-2-7b');
    expect(llama2).toMatchObject({ heads: 32, kvHeads: 32, headDim: 128, intermediate: 11008, vocab: 32000, tiedEmbeddings: false });
    const noKv = { ...fixture('llama-3-8b') };
    delete noKv.num_key_value_heads;
    expect(llmConfigFromHf(noKv, 'x').kvHeads).toBe(32);
    expect(llmConfigFromHf({ ...fixture('gpt2'), n_inner: null }, 'x').intermediate).toBe(3072);
    expect(llmConfigFromHf({ ...fixture('gpt2'), n_inner: 1000 }, 'x').intermediate).toBe(1000);
    expect(llmConfigFromHf({ ...fixture('gpt2'), activation_function: 'gelu' }, 'x').mlp).toBe('gelu');
    // Mistral 7B is Llama-shaped; Llama's attention_bias adds q/k/v and o biases, mlp_bias the MLP's
    expect(llmConfigFromHf({ ...fixture('llama-3-8b'), model_type: 'mistral' }, 'm')).toMatchObject({ qkvBias: false, outputBias: false });
    expect(llmConfigFromHf({ ...fixture('llama-3-8b'), attention_bias: true, mlp_bias: true }, 'b')).toMatchObject({ qkvBias: true, outputBias: true, mlpBias: true });
    expect(llmConfigFromHf({ ...fixture('llama-3-8b'), hidden_act: 'gelu_pytorch_tanh' }, 'g').mlp).toBe('gelu');
  });

  it('malformed configs: one line naming the field', () => {
    const llama = fixture('llama-3-8b');
    const cases: [unknown, RegExp][] = [
      [[], /^a Hugging Face config must be a JSON object \(got a list\)$/],
      [null, /must be a JSON object \(got null\)/],
      [{ architectures: ['BertModel'] }, /^model_type is missing \(supported: gpt2, llama, qwen2, mistral, mixtral\)$/],
      [{ ...llama, model_type: 'bert' }, /^unsupported architecture "bert" \(model_type\); supported: gpt2, llama, qwen2, mistral, mixtral$/],
      [{ ...llama, model_type: 42 }, /^unsupported architecture 42/],
      [{ ...llama, hidden_size: undefined }, /^hidden_size is missing$/],
      [{ ...llama, hidden_size: '4096' }, /^hidden_size must be a whole number from 1 to 65536 \(got "4096"\)$/],
      [{ ...llama, hidden_size: 4096.5 }, /^hidden_size must be a whole number from 1 to 65536 \(got 4096\.5\)$/],
      [{ ...llama, num_hidden_layers: 0 }, /^num_hidden_layers must be a whole number from 1 to 512 \(got 0\)$/],
      [{ ...llama, num_hidden_layers: 1e9 }, /^num_hidden_layers must be a whole number from 1 to 512 \(got 1000000000\)$/],
      [{ ...llama, vocab_size: -1 }, /^vocab_size must be a whole number/],
      [{ ...llama, num_key_value_heads: 5 }, /^num_key_value_heads \(5\) must divide num_attention_heads \(32\)$/],
      [{ ...llama, num_attention_heads: 3 }, /^num_attention_heads \(3\) must divide hidden_size \(4096\) when head_dim is not given$/],
      [{ ...llama, tie_word_embeddings: 'yes' }, /^tie_word_embeddings must be true or false \(got "yes"\)$/],
      [{ ...llama, hidden_act: 'relu' }, /^hidden_act must be silu or one of gelu, gelu_new, gelu_pytorch_tanh, gelu_fast \(got "relu"\)$/],
      [{ ...llama, max_position_embeddings: undefined }, /^max_position_embeddings is missing$/],
      [{ ...llama, rms_norm_eps: -1 }, /^rms_norm_eps must be a number between 0 and 1 \(got -1\)$/],
      [{ ...fixture('mixtral-8x7b'), num_local_experts: undefined }, /^num_local_experts is missing$/],
      [{ ...fixture('mixtral-8x7b'), num_experts_per_tok: 9 }, /^num_experts_per_tok \(9\) must be at most num_local_experts \(8\)$/],
      [{ ...fixture('mixtral-8x7b'), num_local_experts: 1024, intermediate_size: 1_048_576 }, /^experts × hidden × intermediate is over 1099511627776 elements$/],
      [{ ...fixture('gpt2'), n_head: 7 }, /^n_head \(7\) must divide n_embd \(768\)$/],
      [{ ...fixture('gpt2'), activation_function: 'swish' }, /^activation_function must be one of gelu, gelu_new/],
    ];
    for (const [json, re] of cases) {
      let message = '';
      try { llmConfigFromHf(json, 'bad'); } catch (e) { message = (e as Error).message; }
      expect(message, JSON.stringify(json)?.slice(0, 80)).toMatch(re);
      expect(message).not.toMatch(/\n/);
    }
  });
});

describe('importWorkloadFile: a .json that is a Hugging Face config', () => {
  it('becomes an LLM workload (decode at context 1024, bf16), named as given, source json, valid', () => {
    for (const [base, file] of Object.entries(FIXTURES)) {
      const w = importWorkloadFile('json', readFileSync(fixturePath(file)), { name: file });
      expect(w.name).toBe(file);
      expect(w.source).toBe('json');
      expect(w.llm).toMatchObject({ graphPhase: 'decode', contextTokens: 1024, settings: { phase: 'decode', weights: 'bf16', kv: 'bf16' } });
      expect(workloadIssues(w)).toEqual([]);
      expect(workloadCounts(w).params).toBe(workloadCounts(zooWorkload(base)).params);
      expect(JSON.stringify(w.ops)).toBe(JSON.stringify(zooWorkload(base).ops));
    }
  });

  it('a WorkloadSpec JSON stays a WorkloadSpec (an LLM spec with its llm field too)', () => {
    expect(isHfConfig(zooWorkload('teaching-cnn'))).toBe(false);
    const cnn = importWorkloadFile('json', bytes(zooWorkload('teaching-cnn')), { name: 'x' });
    expect(cnn.name).toBe('teaching-cnn');
    const spec = zooWorkload('llama-3.2-1b:prefill,prompt=16,weights=int4');
    const back = importWorkloadFile('json', bytes(spec), { name: 'x' }) as WorkloadSpec;
    expect(back).toEqual(spec);
    expect(isHfConfig({ model_type: 'llama', ops: [] })).toBe(false);
  });

  it('malformed configs are one line through the file path', () => {
    expect(() => importWorkloadFile('json', bytes({ model_type: 'llama', hidden_size: 8 }), { name: 'x' })).toThrow(/^num_attention_heads is missing$/);
    expect(() => importWorkloadFile('json', bytes({ architectures: ['T5'], model_type: 't5' }), { name: 'x' })).toThrow(/^unsupported architecture "t5"/);
    expect(() => importWorkloadFile('json', bytes('{"model_type": "llama",'), { name: 'x' })).toThrow(/^invalid JSON/);
  });
});

describe('the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fast-llm-'));

  it('fast import config.json: the LLM summary; a malformed one exits 2 with one line', async () => {
    const r = await run(['import', fixturePath('llama-3-8b')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^llama-3-8b \(json\): llama-3-8b decoder \(32 layers/);
    expect(r.out).toMatch(/LLM: 8030 M parameters \(8030 M active per token\), 14\.96 GiB of bf16 weights, 128 KiB of bf16 KV cache per token/);
    const bad = join(dir, 'config.json');
    writeFileSync(bad, JSON.stringify({ ...fixture('llama-3-8b'), num_key_value_heads: 0 }));
    const b = await run(['import', bad]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/^fast: workload file ".*config\.json": num_key_value_heads must be a whole number from 1 to 1024 \(got 0\)\n$/);
  });

  it('fast import of a variant name, and a bad variant name is one line', async () => {
    const r = await run(['import', 'mixtral-8x7b:prefill,prompt=128', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).llm).toMatchObject({ graphPhase: 'prefill', newTokens: 128 });
    const b = await run(['import', 'llama-3-8b:decode,context=0']);
    expect(b.code).toBe(2);
    expect(b.err).toBe('fast: llama-3-8b:decode,context=0: context must be a whole number from 1 to 8192 (llama-3-8b has 8192 positions; got "0")\n');
  });

  it('fast simulate --workload llama-3-8b:decode,context=2048 on tpu-v3 runs, every layer\'s attention fused', async () => {
    const r = await run(['simulate', '--workload', 'llama-3-8b:decode,context=2048', '--hardware', 'tpu-v3', '--batch', '1', '--json']);
    expect(r.code, r.err).toBe(0);
    const rep = JSON.parse(r.out);
    expect(rep.workload).toBe('llama-3-8b:decode,context=2048');
    expect(rep.attention).toMatchObject({ fused: 32, applied: true });
    // decode reads every weight but the gathered embedding table, and the KV cache
    const w = zooWorkload('llama-3-8b:decode,context=2048');
    const minBytes = w.llm!.weightBytes - 128256 * 4096 * 2 + 2048 * w.llm!.kvBytesPerToken;
    expect(rep.totals.dramBytes).toBeGreaterThan(0.95 * minBytes);
  }, 60_000);
});
