// The LLM flags of `fast simulate` and `fast search` (cli/llm-args.ts): the canonical variant names they compose, the
// `llm` field of `fast simulate --json` (decode memory-bound, prefill compute-bound on tpu-v3), the human block and
// both phases' bottleneck tables, one-line errors, the SLO durations, and a small seeded serving search that finds a
// feasible design and explains its gain.
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { llmName, llmSettingsFromFlags, parseDuration } from '../../cli/llm-args';
import { resolveWorkloads } from '../../cli/commands/search';
import { splitWorkloadList } from '../../shared/workload';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const oneLine = (r: { code: number; err: string }) => {
  expect(r.code).toBe(2);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  return r.err.trim();
};

describe('fast simulate with the LLM flags', () => {
  it('llama-3-8b decode at batch 1, context 2048 on tpu-v3: the llm field, memory-bound', async () => {
    const r = await run(['simulate', '--workload', 'llama-3-8b', '--phase', 'decode', '--batch', '1', '--context', '2048', '--hardware', 'tpu-v3', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.workload).toBe('llama-3-8b:decode,context=2048');
    const l = j.llm;
    expect(l.phase).toBe('decode');
    expect(l.tpotSeconds).toBe(j.latencySeconds);
    expect(l.tokensPerSecond).toBeCloseTo(1 / l.tpotSeconds, 9);
    expect(l.bound).toBe('memory');
    expect(l.memoryShare).toBeGreaterThan(0.9);
    expect(l.kvBytesPerToken).toBe(131_072); // 128 KiB per token in bf16
    expect(l.kvCacheBytes).toBe(131_072 * 2048);
    expect(l.arithmeticIntensity).toBeLessThan(l.ridgePoint);
    // The bandwidth roofline: the weights it reads (all but the unread embedding table) + the KV cache over 0.9 TB/s.
    expect(l.tpotSeconds).toBeGreaterThan((l.weightBytes - 128_256 * 4096 * 2 + l.kvCacheBytes) / 9e11);
    expect(j.memory.fits).toBe(true);
    // The slowest ops are the phase's bottlenecks.
    expect(j.ops.length).toBeGreaterThan(0);
  });

  it('llama-3-8b prefill at 2048 tokens on tpu-v3: TTFT, compute-bound, and the slowest-ops table', async () => {
    const r = await run(['simulate', '--workload', 'llama-3-8b', '--phase', 'prefill', '--batch', '1', '--prompt', '2048', '--hardware', 'tpu-v3', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.workload).toBe('llama-3-8b:prefill,prompt=2048');
    expect(j.llm.ttftSeconds).toBe(j.latencySeconds);
    expect(j.llm.tpotSeconds).toBeUndefined();
    expect(j.llm.bound).toBe('compute');
    expect(j.llm.arithmeticIntensity).toBeGreaterThan(j.llm.ridgePoint);
    expect(j.llm.tokensPerSecond).toBeCloseTo(2048 / j.llm.ttftSeconds, 6);
  });

  it('human output: the LLM block and the phase\'s bottleneck ops; a request shows both phases', async () => {
    const d = await run(['simulate', '--workload', 'gpt2-124m', '--context', '256', '--batch', '2', '--hardware', 'tpu-v3', '--ops', '3']);
    expect(d.code, d.err).toBe(0);
    expect(d.out).toMatch(/^gpt2-124m:decode,context=256 on tpu-v3, batch 2/);
    expect(d.out).toMatch(/LLM decode: TPOT [\d.]+ ms/);
    expect(d.out).toMatch(/tokens\/s [\d.]+ {3}tokens\/s per W [\d.]+ {3}energy per token [\d.]+ m?J/);
    expect(d.out).toMatch(/KV 36 KiB per token, KV cache 18 MiB, weights/);
    expect(d.out).toMatch(/arithmetic intensity [\d.]+ FLOP\/B vs ridge point 137 FLOP\/B: (memory|compute)-bound/);
    expect(d.out).toMatch(/DRAM capacity: .* of 32\.0 GiB used at batch 2/);
    expect(d.out).toMatch(/decode \(TPOT\): the 3 slowest ops/);
    const q = await run(['simulate', '--workload', 'gpt2-124m', '--phase', 'request', '--prompt', '128', '--output', '32', '--hardware', 'tpu-v3', '--batch', '1', '--ops', '2']);
    expect(q.code, q.err).toBe(0);
    expect(q.out).toMatch(/^gpt2-124m:request,prompt=128,output=32 on tpu-v3/);
    expect(q.out).toMatch(/LLM request: TTFT [\d.]+ ms {3}TPOT [\d.]+ ms \(at the mean context, 128 \+ 32\/2 tokens\) {3}request [\d.]+ ms \(TTFT \+ 32 × TPOT\)/);
    expect(q.out).toMatch(/prefill \(TTFT\): the 2 slowest ops/);
    expect(q.out).toMatch(/decode \(TPOT\): the 2 slowest ops/);
    const qj = JSON.parse((await run(['simulate', '--workload', 'gpt2-124m:request,prompt=128,output=32', '--hardware', 'tpu-v3', '--batch', '1', '--json'])).out);
    expect(qj.llm.requestSeconds).toBe(qj.llm.ttftSeconds + 32 * qj.llm.tpotSeconds);
    expect(qj.llm.phases.prefill.workload).toBe('gpt2-124m:prefill,prompt=128');
  });

  it('bad flags and flags on a workload that is not an LLM: one line, exit 2', async () => {
    const base = ['simulate', '--hardware', 'tpu-v3', '--workload'];
    expect(oneLine(await run([...base, 'teaching-cnn', '--phase', 'decode']))).toMatch(/^fast: --phase applies to LLM workloads \(gpt2-124m, .*\); "teaching-cnn" is not one$/);
    expect(oneLine(await run([...base, 'teaching-cnn', '--kv-precision', 'int8']))).toMatch(/^fast: --kv-precision applies to LLM workloads/);
    expect(oneLine(await run([...base, 'gpt2-124m', '--phase', 'train']))).toBe('fast: --phase must be prefill, decode, request (got "train")');
    expect(oneLine(await run([...base, 'gpt2-124m', '--context', '0']))).toBe('fast: --context must be a whole number of tokens from 1 to 131072 (got "0")');
    expect(oneLine(await run([...base, 'gpt2-124m', '--context', '2.5']))).toMatch(/^fast: --context must be a whole number/);
    expect(oneLine(await run([...base, 'gpt2-124m', '--context', '4096']))).toMatch(/^fast: gpt2-124m:decode,context=4096: context must be a whole number from 1 to 1024/);
    expect(oneLine(await run([...base, 'gpt2-124m', '--phase', 'prefill', '--context', '64']))).toBe('fast: --context does not apply to prefill (it takes --prompt)');
    expect(oneLine(await run([...base, 'gpt2-124m', '--weight-precision', 'int2']))).toBe('fast: --weight-precision must be bf16, int8, fp8, int4 (got "int2")');
    expect(oneLine(await run([...base, 'gpt2-124m:train']))).toMatch(/^fast: gpt2-124m:train: the phase must come first/);
    // a variant name's own commas stay with it in a workload list (the names --json prints can be given back)
    expect(splitWorkloadList('gpt2-124m:decode,context=128, teaching-cnn,,llama-3-8b:request,prompt=64,output=8')).toEqual(
      ['gpt2-124m:decode,context=128', 'teaching-cnn', 'llama-3-8b:request,prompt=64,output=8']);
    expect(splitWorkloadList('teaching-cnn,context=3')).toEqual(['teaching-cnn', 'context=3']);
    const suite = await resolveWorkloads('gpt2-124m:decode,context=128,teaching-cnn');
    expect(suite.names).toEqual(['gpt2-124m:decode,context=128', 'teaching-cnn']);
    // --weights is the suite's weights, never a precision
    expect(oneLine(await run(['search', '--workload', 'gpt2-124m', '--trials', '1', '--weights', 'int8']))).toBe('fast: --weights: "int8" is not a positive number');
  });
});

describe('the flags compose canonical variant names', () => {
  it('zoo names, variant names and the precisions', () => {
    const f = (o: Parameters<typeof llmSettingsFromFlags>[0]) => llmSettingsFromFlags(o);
    expect(llmName('llama-3-8b', f({ phase: 'prefill', prompt: '512', weightPrecision: 'int8' }))).toBe('llama-3-8b:prefill,prompt=512,weights=int8');
    expect(llmName('llama-3-8b:prefill,prompt=512', f({ phase: 'request', output: '64' }))).toBe('llama-3-8b:request,prompt=512,output=64');
    expect(llmName('llama-3-8b', f({ kvPrecision: 'int8' }))).toBe('llama-3-8b:decode,context=1024,kv=int8');
    expect(llmName('teaching-cnn', f({ phase: 'decode' }))).toBe('teaching-cnn'); // checked once resolved
    expect(llmName('llama-3-8b', undefined)).toBe('llama-3-8b');
    expect(llmSettingsFromFlags({})).toBeUndefined();
  });

  it('search: --weight-precision and the other LLM flags reach every LLM of a suite; --weights stays the suite weights', async () => {
    const w = await resolveWorkloads('gpt2-124m,teaching-cnn', llmSettingsFromFlags({ phase: 'prefill', prompt: '64', weightPrecision: 'int4' }));
    expect(w.names).toEqual(['gpt2-124m:prefill,prompt=64,weights=int4', 'teaching-cnn']);
    expect(w.payload).toEqual(w.names);
    await expect(resolveWorkloads('teaching-cnn', llmSettingsFromFlags({ phase: 'decode' }))).rejects.toThrow(/^--phase applies to LLM workloads/);
  });

  it('SLO durations: ms, s, us; a bare number is ms; anything else one line', () => {
    expect(parseDuration('--tpot-slo', '20ms')).toBeCloseTo(0.02, 12);
    expect(parseDuration('--ttft-slo', '2s')).toBe(2);
    expect(parseDuration('--ttft-slo', '0.5 s')).toBe(0.5);
    expect(parseDuration('--tpot-slo', '1500us')).toBeCloseTo(0.0015, 12);
    expect(parseDuration('--tpot-slo', '20')).toBeCloseTo(0.02, 12);
    expect(parseDuration('--tpot-slo', undefined)).toBeUndefined();
    for (const bad of ['fast', '0ms', '-1s', '', 'ms', '20 minutes', '1e999s', 'NaN']) {
      expect(() => parseDuration('--tpot-slo', bad)).toThrow(/^--tpot-slo must be a positive duration/);
    }
  });
});

describe('fast search for serving', () => {
  it('SLO flags: one line for a bad duration and on a workload that is not an LLM', async () => {
    expect(oneLine(await run(['search', '--workload', 'gpt2-124m', '--tpot-slo', 'soon', '--trials', '1']))).toBe('fast: --tpot-slo must be a positive duration such as 20ms or 2s (got "soon")');
    expect(oneLine(await run(['search', '--workload', 'teaching-cnn', '--tpot-slo', '20ms', '--trials', '1']))).toBe('fast: --tpot-slo applies to LLM workloads; "teaching-cnn" is not one');
    expect(oneLine(await run(['search', '--workload', 'teaching-cnn', '--phase', 'decode', '--trials', '1']))).toMatch(/^fast: --phase applies to LLM workloads/);
  });

  it('gpt2-124m decode within a 20 ms TPOT: a feasible design, its batch meeting the SLO, the gain explained', async () => {
    const r = await run(['search', '--workload', 'gpt2-124m', '--phase', 'decode', '--tpot-slo', '20ms', '--trials', '16', '--seed', '3', '--workers', '2', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.study.workloads).toEqual(['gpt2-124m:decode,context=1024']);
    expect(j.study.tpotSloSeconds).toBe(0.02);
    expect(j.best).not.toBeNull();
    const w = j.best.workloads[0];
    expect(w.tpotSeconds).toBeLessThanOrEqual(0.02);
    expect(w.tpotSeconds).toBe(w.latencySeconds);
    expect(Math.log2(w.batch) % 1).toBe(0);
    // Perf/TDP of a decode graph is tokens/s per W: batch ÷ TPOT ÷ TDP.
    expect(w.perfPerTdp).toBeCloseTo(w.batch / w.tpotSeconds / j.best.tdpWatts, 6);
    const e = j.serving[0];
    expect(e.design.batch).toBe(w.batch);
    expect(e.baseline.batch).toBe(w.baselineBatch);
    expect(e.design.tpotSeconds).toBeCloseTo(w.tpotSeconds, 12);
    expect(e.baseline.tpotSeconds).toBeLessThanOrEqual(0.02);
    expect(e.ratios.tokensPerSecondPerWatt).toBeCloseTo(w.gainVsTpuV3, 6);
    expect(e.ratios.tokensPerSecondPerWatt).toBeCloseTo(e.ratios.tokensPerSecond / e.ratios.tdp, 9);
    expect(e.lines[0]).toMatch(/^why \(decode of gpt2-124m:decode,context=1024, from the model\): tokens\/s per W [\d.]+× tpu-v3's = tokens\/s [\d.]+× ÷ TDP [\d.]+×/);
    expect(e.lines.join('\n')).toMatch(/batch \d+ vs tpu-v3's \d+: TPOT [\d.]+ ms \(SLO 20 ms\)/);
    expect(e.lines.join('\n')).toMatch(/memory-bound share of the cycles: \d+% vs tpu-v3's \d+%/);
  }, 240_000);
});
