// LLM serving metrics (shared/api/llm.ts, docs/model.md §9.3–9.5): the arithmetic of TTFT, TPOT, tokens/s, per W,
// energy per token, KV cache, intensity and ridge point against independent simulations of the same graphs; a request
// is TTFT + output × TPOT with the decode graph at the mean context; the serving curve stops at the first batch that
// does not fit; the SLO batch rule over a predicate; a serving study picks the largest batch meeting TPOT and TTFT.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { ALL_PASSES, NO_PASSES } from '../../shared/compiler/passes';
import { simulate } from '../../shared/api/simulate';
import { boundOf, llmReport, servingCurve, simulateLlm } from '../../shared/api/llm';
import { createSimApi } from '../../shared/api/worker-api';
import {
  PRESETS, dramBytesPerSecond, dramCapacityBytes, hardwareCost, peakFlopsPerSecond, type HardwareSpec,
} from '../../shared/hardware';
import { llmPhaseSpec, workloadFootprint, zooWorkload } from '../../shared/workload';
import { TrialEvaluator, largestBatchWhere, largestBatchWithin } from '../../shared/search/index';

const tpu = PRESETS['tpu-v3'];

describe('LLM metrics', async () => {
  const core = await loadCore();
  const highs = await loadHighs();

  it('decode: TPOT is the step latency, tokens/s = batch ÷ TPOT, and the rest follow from the same report', () => {
    const workload = zooWorkload('gpt2-124m:decode,context=128');
    const r = simulateLlm(core, highs, { workload, hardware: tpu, hardwareName: 'tpu-v3', batch: 4, passes: ALL_PASSES });
    const l = r.llm!;
    // An independent simulation of the same graph: the same latency.
    const plain = simulate(core, highs, { workload, hardware: tpu, hardwareName: 'tpu-v3', batch: 4, passes: ALL_PASSES });
    expect(l.tpotSeconds).toBe(plain.latencySeconds);
    expect(l.ttftSeconds).toBeUndefined();
    expect(l.requestSeconds).toBeUndefined();
    expect([l.phase, l.batch, l.context]).toEqual(['decode', 4, 128]);
    expect(l.tokensPerSecond).toBeCloseTo(4 / plain.latencySeconds, 9);
    expect(l.tokensPerSecondPerWatt).toBeCloseTo(l.tokensPerSecond / hardwareCost(tpu).tdpWatts, 12);
    // One decode step makes one token per sequence: energy per token = energy per inference.
    expect(l.energyPerTokenJoules).toBe(plain.energy.joulesPerInference);
    // GPT-2: 2 (K and V) × 12 layers × 12 heads × 64 × 2 bytes = 36,864 B per token; the batch's cache at 128 tokens.
    expect(l.kvBytesPerToken).toBe(36_864);
    expect(l.kvCacheBytes).toBe(36_864 * 128 * 4);
    expect(l.weightBytes).toBe(workload.llm!.weightBytes);
    expect(l.arithmeticIntensity).toBeCloseTo((2 * plain.totals.macs) / plain.totals.dramBytes, 9);
    // tpu-v3: 123.2 TFLOPS ÷ 0.9 TB/s = 136.9 FLOP/B.
    expect(l.ridgePoint).toBeCloseTo(peakFlopsPerSecond(tpu) / dramBytesPerSecond(tpu), 9);
    expect(l.ridgePoint).toBeCloseTo(136.9, 1);
    const b = boundOf(plain.cyclesByBound);
    expect([l.memoryShare, l.computeShare, l.bound]).toEqual([b.memoryShare, b.computeShare, b.bound]);
  });

  it('the bound is the larger of the memory and compute (arrays + vector) shares of the cycles', () => {
    expect(boundOf({ compute: 10, vector: 5, memory: 80, overhead: 5 })).toEqual({ memoryShare: 0.8, computeShare: 0.15, bound: 'memory' });
    expect(boundOf({ compute: 30, vector: 30, memory: 40, overhead: 0 })).toEqual({ memoryShare: 0.4, computeShare: 0.6, bound: 'compute' });
    expect(boundOf({ compute: 0, vector: 0, memory: 0, overhead: 0 }).bound).toBe('compute');
  });

  it('prefill: TTFT is the latency, tokens/s counts the prompt, energy per prompt token', () => {
    const workload = zooWorkload('gpt2-124m:prefill,prompt=256');
    const r = simulateLlm(core, highs, { workload, hardware: tpu, hardwareName: 'tpu-v3', batch: 2, passes: ALL_PASSES });
    const l = r.llm!;
    expect(l.ttftSeconds).toBe(r.latencySeconds);
    expect(l.tpotSeconds).toBeUndefined();
    expect(l.tokensPerSecond).toBeCloseTo((2 * 256) / r.latencySeconds, 6);
    expect(l.energyPerTokenJoules).toBeCloseTo(r.energy.joulesPerInference / 256, 12);
    expect(l.kvCacheBytes).toBe(36_864 * 256 * 2);
  });

  it('request = TTFT + output × TPOT, with the decode graph at the mean context prompt + output/2', () => {
    const workload = zooWorkload('gpt2-124m:request,prompt=200,output=100');
    expect(workload.llm!.contextTokens).toBe(250);
    const req = { workload, hardware: tpu, hardwareName: 'tpu-v3', batch: 2, passes: ALL_PASSES };
    const r = simulateLlm(core, highs, req);
    const l = r.llm!;
    const prefill = simulate(core, highs, { ...req, workload: zooWorkload('gpt2-124m:prefill,prompt=200') });
    const decode = simulate(core, highs, { ...req, workload: zooWorkload('gpt2-124m:decode,context=250') });
    expect(l.ttftSeconds).toBeCloseTo(prefill.latencySeconds, 12);
    expect(l.tpotSeconds).toBeCloseTo(decode.latencySeconds, 12);
    expect(l.requestSeconds).toBeCloseTo(prefill.latencySeconds + 100 * decode.latencySeconds, 12);
    expect(l.requestSeconds).toBe(l.ttftSeconds! + 100 * l.tpotSeconds!);
    expect(l.tokensPerSecond).toBeCloseTo((2 * 100) / l.requestSeconds!, 9);
    expect(l.energyPerTokenJoules).toBeCloseTo((prefill.energy.joulesPerInference + 100 * decode.energy.joulesPerInference) / 100, 12);
    expect(l.arithmeticIntensity).toBeCloseTo((2 * (prefill.totals.macs + 100 * decode.totals.macs)) / (prefill.totals.dramBytes + 100 * decode.totals.dramBytes), 9);
    expect(l.kvCacheBytes).toBe(36_864 * 300 * 2);
    expect(l.phases!.prefill.latencySeconds).toBe(l.ttftSeconds);
    expect(l.phases!.decode.latencySeconds).toBe(l.tpotSeconds);
    // The report at top level is the decode graph's.
    expect(r.latencySeconds).toBe(l.tpotSeconds);
    // llmReport on a non-LLM workload is refused in one line.
    expect(() => llmReport(core, highs, { ...req, workload: zooWorkload('teaching-cnn') }, r)).toThrow(/^teaching-cnn is not an LLM workload$/);
  });

  it('a workload that is not an LLM has no llm field', () => {
    const r = simulateLlm(core, highs, { workload: zooWorkload('teaching-cnn'), hardware: tpu, hardwareName: 'tpu-v3', batch: 1, passes: NO_PASSES });
    expect(r.llm).toBeUndefined();
  });

  it('the serving curve: decode at 1, 2, 4, … — TPOT grows, tokens/s grows — and stops at the first batch that does not fit', () => {
    // A design with 2 stacks of the smallest capacity: qwen2.5-0.5b at 32 K context runs out of DRAM at some batch.
    const workload = zooWorkload('qwen2.5-0.5b:decode,context=32768');
    const small: HardwareSpec = { ...tpu, dramStacks: 2, dramGiBPerStack: 4 };
    const cap = dramCapacityBytes(small);
    const c = servingCurve(core, highs, { workload, hardware: small, passes: ALL_PASSES });
    expect(c.capacityBytes).toBe(cap);
    const last = c.points[c.points.length - 1];
    expect(last.fits).toBe(false);
    expect(c.points.slice(0, -1).every((p) => p.fits)).toBe(true);
    expect(last.footprintBytes).toBeGreaterThan(cap);
    expect(workloadFootprint(workload, last.batch).totalBytes).toBe(last.footprintBytes);
    expect(c.points.map((p) => p.batch)).toEqual(c.points.map((_, i) => 2 ** i));
    for (let i = 1; i < c.points.length; i++) {
      expect(c.points[i].tpotSeconds).toBeGreaterThanOrEqual(c.points[i - 1].tpotSeconds);
      expect(c.points[i].tokensPerSecond).toBeGreaterThan(c.points[i - 1].tokensPerSecond);
    }
    for (const p of c.points) {
      expect(p.tokensPerSecond).toBeCloseTo(p.batch / p.tpotSeconds, 6);
      expect(p.tokensPerSecondPerWatt).toBeCloseTo(p.tokensPerSecond / c.tdpWatts, 9);
      expect(p.bound).toBe(p.memoryShare > p.computeShare ? 'memory' : 'compute');
    }
  });

  it('the worker API: llmServingCurve on given batches, one-line errors', async () => {
    const api = createSimApi();
    const c = await api.llmServingCurve({ workload: 'gpt2-124m:decode,context=256', hardware: 'tpu-v3', batches: [4, 1, 2] });
    expect(c.points.map((p) => p.batch)).toEqual([1, 2, 4]);
    expect(c.hardware).toBe('tpu-v3');
    await expect(api.llmServingCurve({ workload: 'teaching-cnn', hardware: 'tpu-v3' })).rejects.toThrow(/^llmServingCurve: "teaching-cnn" is not an LLM workload$/);
    await expect(api.llmServingCurve({ workload: 'gpt2-124m', hardware: 'tpu-v3', batches: [0] })).rejects.toThrow(/^batch must be a whole number from 1 to 1024/);
    await expect(api.llmServingCurve({ workload: 'gpt2-124m', hardware: 'tpu-v3', batches: 'x' as never })).rejects.toThrow(/batches must be a list/);
    // simulate attaches `llm` for an LLM.
    const s = await api.simulate({ workload: 'gpt2-124m:decode,context=64', hardware: 'tpu-v3', batch: 1, passes: 'none' });
    expect(s.llm?.tpotSeconds).toBe(s.latencySeconds);
  });
});

describe('the SLO batch rule over a predicate', () => {
  it('largestBatchWhere: the largest power of two on the prefix where ok holds; undefined when batch 1 fails', () => {
    expect(largestBatchWhere((n) => n <= 100)).toBe(64);
    expect(largestBatchWhere((n) => n <= 1024)).toBe(1024);
    expect(largestBatchWhere(() => false)).toBeUndefined();
    expect(largestBatchWhere((n) => n <= 8, 4)).toBe(4);
    expect(largestBatchWithin(0.01, (n) => n * 0.001)).toBe(8);
  });
});

describe('serving SLOs in the search evaluation', async () => {
  const core = await loadCore();
  const ev = new TrialEvaluator(core, async () => loadHighs());
  const name = 'gpt2-124m:decode,context=512';
  const design: HardwareSpec = { ...tpu, cores: 2, arraysPerCore: 2, arrayRows: 64, arrayCols: 128, globalMemoryMiB: 4 };

  it('TPOT and TTFT: each side at its largest power of two meeting both, the next one misses one (or does not fit)', async () => {
    const tpot = 0.004, ttft = 0.5;
    const [e] = await ev.evaluate({ workloads: [name], batch: 8, designs: [design], tpotSloSeconds: tpot, ttftSloSeconds: ttft, maxAreaMm2: 5000 });
    expect(e.status, e.reason).toBe('ok');
    const w = e.workloads[0];
    const decode = zooWorkload(name), prefill = llmPhaseSpec(decode, 'prefill');
    expect(prefill.name).toBe('gpt2-124m:prefill,prompt=1024');
    const highs = await loadHighs();
    const at = (spec: typeof decode, h: HardwareSpec, n: number, passes: typeof ALL_PASSES) =>
      simulate(core, passes.fusion ? highs : undefined, { workload: spec, hardware: { ...h, batch: n }, hardwareName: '-', batch: n, passes }).latencySeconds;
    const meets = (h: HardwareSpec, n: number, passes: typeof ALL_PASSES) =>
      workloadFootprint(decode, n).totalBytes <= dramCapacityBytes(h) && at(decode, h, n, passes) <= tpot && at(prefill, h, n, passes) <= ttft;
    expect(w.tpotSeconds!).toBeLessThanOrEqual(tpot);
    expect(w.ttftSeconds!).toBeLessThanOrEqual(ttft);
    expect(w.tpotSeconds).toBe(w.latencySeconds);
    expect(w.tpotSeconds).toBeCloseTo(at(decode, design, w.batch, ALL_PASSES), 12);
    expect(w.ttftSeconds).toBeCloseTo(at(prefill, design, w.batch, ALL_PASSES), 12);
    // Each side at its largest power of two meeting both: twice the batch misses one (or does not fit).
    expect(meets(design, w.batch, ALL_PASSES)).toBe(true);
    expect(w.batch).toBeLessThan(1024);
    expect(meets(design, 2 * w.batch, ALL_PASSES)).toBe(false);
    // tpu-v3 with the baseline software, at its own largest batch meeting both.
    expect(meets(tpu, w.baselineBatch, NO_PASSES)).toBe(true);
    expect(meets(tpu, 2 * w.baselineBatch, NO_PASSES)).toBe(false);
  });

  it('a design or tpu-v3 that cannot meet the SLOs at batch 1 is infeasible with the SLO and the value named', async () => {
    const [e] = await ev.evaluate({ workloads: [name], batch: 8, designs: [design], tpotSloSeconds: 1e-6, maxAreaMm2: 5000 });
    expect(e.status).toBe('infeasible');
    expect(e.code).toBe('latency');
    expect(e.reason).toMatch(/^tpu-v3 cannot serve gpt2-124m:decode,context=512 within the SLOs even at batch 1 \(TPOT [\d.]+ ms on gpt2-124m:decode,context=512 at batch 1 misses the 0\.001 ms TPOT SLO\), so nothing can be compared$/);
  });

  it('the serving SLOs apply to LLM workloads only (one line)', async () => {
    await expect(ev.evaluate({ workloads: ['teaching-cnn'], batch: 8, designs: [design], tpotSloSeconds: 0.02 })).rejects.toThrow(/^the TPOT and TTFT SLOs apply to LLM workloads; "teaching-cnn" is not one$/);
    await expect(ev.evaluate({ workloads: [name], batch: 8, designs: [design], ttftSloSeconds: -1 })).rejects.toThrow(/^TTFT SLO \(ttftSloSeconds\) must be a positive number of seconds \(got -1\)$/);
  });

  it('the SLO fields travel in the study spec (normalizeStudy, evaluationSettings)', async () => {
    const { normalizeStudy, evaluationSettings } = await import('../../shared/search/index');
    const s = normalizeStudy({ workloads: [name], tpotSloSeconds: 0.02, ttftSloSeconds: 2 });
    expect(evaluationSettings(s)).toMatchObject({ tpotSloSeconds: 0.02, ttftSloSeconds: 2 });
    expect(() => normalizeStudy({ workloads: [name], tpotSloSeconds: 0 })).toThrow(/^TPOT SLO must be a positive number of seconds \(got 0\)$/);
    expect('tpotSloSeconds' in normalizeStudy({ workloads: [name] })).toBe(false);
    // A checkpoint of a study with other SLOs is another study's (checkpoint.ts compares every field).
    const { validateCheckpoint, CHECKPOINT_FORMAT, CHECKPOINT_VERSION } = await import('../../shared/search/index');
    const cp = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, study: s, workloadDigest: 'd', trials: [], pending: [] };
    expect(validateCheckpoint(JSON.parse(JSON.stringify(cp)), s, 'd').study.tpotSloSeconds).toBe(0.02);
    const other = normalizeStudy({ workloads: [name], tpotSloSeconds: 0.03, ttftSloSeconds: 2 });
    expect(() => validateCheckpoint(cp, other, 'd')).toThrow(/^checkpoint belongs to another study: tpotSloSeconds is 0\.02 in the checkpoint but 0\.03 now$/);
  });
});
