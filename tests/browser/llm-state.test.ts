// Explore's LLM state in Chromium with real Web Workers (issue 20): the serving curve's chart data (lib/llm-report.ts
// servingCurveData: segments by bound, the design's batch, the first misfit, re-priced tokens/s per W), the capacity
// banner's text; and ExploreState on Llama 3 8B: the controls compose the variant name, the result and the serving
// curve equal the in-page API's, a cost-only capacity change re-checks the fit without a simulation, and a value the
// model refuses changes nothing and says why.
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { ExploreState, type SimRunner } from '../../web/src/state/explore.svelte';
import { createBrowserSimPool, simRunner } from '../../web/src/pool';
import { capacityProblem, llmMetrics, servingCurveData } from '../../web/src/lib/llm-report';
import { createSimApi } from '../../shared/api/worker-api';
import type { ServingCurvePoint } from '../../shared/api/llm';
import { dramCapacityBytes } from '../../shared/hardware';

const until = async (cond: () => boolean, ms = 120_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const point = (batch: number, tpotMs: number, bound: 'memory' | 'compute', fits = true): ServingCurvePoint => ({
  batch, tpotSeconds: tpotMs / 1e3, tokensPerSecond: batch / (tpotMs / 1e3), tokensPerSecondPerWatt: batch / (tpotMs / 1e3) / 400,
  memoryShare: bound === 'memory' ? 0.9 : 0.2, computeShare: bound === 'memory' ? 0.1 : 0.8, bound, footprintBytes: batch * 2 ** 30, fits,
});

describe('serving curve data and capacity text', () => {
  it('maps points to marks, segments coloured by the bound at their larger batch, the design\'s batch and the first misfit', () => {
    const pts = [point(1, 18, 'memory'), point(2, 18.2, 'memory'), point(4, 19, 'memory'), point(8, 30, 'compute'), point(16, 61, 'compute', false)];
    const d = servingCurveData(pts, 4);
    expect(d.marks.map((m) => m.batch)).toEqual([1, 2, 4, 8, 16]);
    expect(d.marks.map((m) => m.tpotMs)).toEqual([18, 18.2, 19, 30, 61]);
    expect(d.marks.filter((m) => m.current).map((m) => m.batch)).toEqual([4]);
    expect(d.currentOnCurve).toBe(true);
    // no segment reaches the point that does not fit
    expect(d.segments).toEqual([{ from: 0, to: 1, bound: 'memory' }, { from: 1, to: 2, bound: 'memory' }, { from: 2, to: 3, bound: 'compute' }]);
    expect(d.firstMisfit).toBe(16);
    expect(d.domainX[0]).toBe(0);
    expect(d.domainX[1]).toBeGreaterThan(61);
    expect(d.domainY[0]).toBeLessThan(1 / 0.018);
    expect(d.domainY[1]).toBeGreaterThan(16 / 0.061);
    // the design's batch off the curve (not a power of two, or past the capacity)
    expect(servingCurveData(pts, 6).currentOnCurve).toBe(false);
    expect(servingCurveData(pts, 16).currentOnCurve).toBe(false);
    // tokens/s per W follows the design's TDP as it is now
    expect(servingCurveData(pts, 4, 200).marks[2].tokensPerSecondPerWatt).toBeCloseTo(4 / 0.019 / 200, 9);
    expect(servingCurveData(pts, 4).marks[2].tokensPerSecondPerWatt).toBeCloseTo(4 / 0.019 / 400, 9);
    expect(servingCurveData([], 1)).toMatchObject({ marks: [], segments: [], firstMisfit: null, currentOnCurve: false });
  });

  it('says what needs how much and what the design has', () => {
    const m = { footprintBytes: 79 * 2 ** 30, weightBytes: 15 * 2 ** 30, inputBytes: 64 * 2 ** 30 + 4096, kvCacheBytes: 64 * 2 ** 30, activationBytes: 2 ** 20, capacityBytes: 32 * 2 ** 30, fits: false };
    expect(capacityProblem(m, true)).toBe('Does not fit: the batch needs 79.0 GiB of DRAM (weights 15.0 GiB, KV cache 64.0 GiB, other inputs 4.00 KiB, activations 1.00 MiB) but the design has 32.0 GiB.');
    expect(capacityProblem({ ...m, kvCacheBytes: 0 }, false)).toMatch(/\(weights 15\.0 GiB, inputs 64\.0 GiB, activations 1\.00 MiB\)/);
    expect(capacityProblem({ ...m, fits: true }, true)).toBeNull();
    expect(capacityProblem(undefined, true)).toBeNull();
  });
});

describe('ExploreState with an LLM and the worker pool', () => {
  const pool = createBrowserSimPool(2);
  afterAll(() => pool.close());
  const runner: SimRunner = simRunner(pool);
  const s = new ExploreState(runner);
  const stop = s.connect();
  afterAll(stop);
  const api = createSimApi();
  const settled = () => until(() => { flushSync(); return !s.stale && !!s.result; });
  const curveIn = () => until(() => { flushSync(); return !!s.llm.curveData; }, 240_000);

  it('the picker\'s base becomes the canonical variant; the controls compose it; the result is the in-page API\'s', async () => {
    s.setWorkload('llama-3-8b');
    flushSync();
    expect(s.workload).toBe('llama-3-8b:decode,context=1024');
    expect(s.llm.selection?.base).toBe('llama-3-8b');
    expect(s.setLlm({ context: 2048 })).toBeNull();
    expect(s.workload).toBe('llama-3-8b:decode,context=2048');
    await settled();
    const r = s.result!;
    expect(r.workload).toBe('llama-3-8b:decode,context=2048');
    const l = r.report.llm!;
    expect(l.phase).toBe('decode');
    expect(l.context).toBe(2048);
    expect(l.kvBytesPerToken).toBe(128 * 1024);
    const local = await api.simulate(s.simMessage(s.validSpec!));
    expect(l.tpotSeconds).toBe(local.llm!.tpotSeconds);
    expect(r.report.memory.fits).toBe(true);
    expect(s.memory?.fits).toBe(true);
    const metrics = llmMetrics(l, { tdpWatts: s.cost!.tdpWatts, energyPerTokenJoules: s.llmEnergyPerToken! });
    expect(metrics.find((m) => m.id === 'tpot')!.raw).toBe(l.tpotSeconds);
    expect(metrics.find((m) => m.id === 'tokens-per-watt')!.raw).toBeCloseTo(l.tokensPerSecondPerWatt, 12);
    expect(s.llmEnergyPerToken).toBe(l.energyPerTokenJoules);
  }, 240_000);

  it('a refused value changes nothing and says why; a phase switch changes the graph', async () => {
    const before = s.workload;
    expect(s.setLlm({ context: 200_000 })).toMatch(/context must be a whole number from 1 to 8192/);
    expect(s.workload).toBe(before);
    expect(s.setLlm({ phase: 'prefill', prompt: 512 })).toBeNull();
    expect(s.workload).toBe('llama-3-8b:prefill,prompt=512');
    await settled();
    expect(s.result!.report.llm!.phase).toBe('prefill');
    expect(s.result!.report.llm!.ttftSeconds).toBeGreaterThan(0);
    expect(s.setLlm({ phase: 'decode', context: 2048 })).toBeNull();
    expect(s.workload).toBe('llama-3-8b:decode,context=2048');
    await settled();
  }, 240_000);

  it('the serving curve is the in-page API\'s, the design\'s batch is on it, and a capacity change re-checks the fit without a simulation', async () => {
    await curveIn();
    const spec = s.validSpec!;
    const local = await api.llmServingCurve({ workload: s.workload, hardware: { ...spec }, hardwareName: 'tpu-v3', passes: 'all' });
    expect(s.llm.curveReport!.points).toEqual(local.points);
    const d = s.llm.curveData!;
    expect(d.marks[0].batch).toBe(1);
    expect(d.marks.find((m) => m.current)?.batch).toBe(spec.batch);
    expect(d.currentOnCurve).toBe(true);
    const last = d.marks.at(-1)!;
    if (!last.fits) expect(d.firstMisfit).toBe(last.batch);

    // Less DRAM per stack is a cost-only change: no new simulation, but the fit and the curve follow the capacity.
    // tpu-v3: 4 HBM2 stacks of 8 GiB; at 4 GiB each, 16 GiB cannot hold 15 GiB of weights and 16 GiB of KV cache.
    const sent = s.sim.sent;
    expect(s.spec.dramTechnology).toBe('hbm2');
    s.setParam('dramGiBPerStack', 4);
    flushSync();
    expect(s.validSpec).not.toBeNull();
    expect(s.sim.sent).toBe(sent);
    const m = s.memory!;
    expect(m.capacityBytes).toBe(16 * 2 ** 30);
    expect(m.fits).toBe(false);
    expect(s.result!.report.memory.fits).toBe(true); // the report was simulated for 32 GiB
    expect(capacityProblem(m, true)).toMatch(/KV cache 16\.0 GiB.*but the design has 16\.0 GiB/);
    await curveIn();
    expect(s.llm.curveReport!.capacityBytes).toBe(dramCapacityBytes(s.validSpec!));
  }, 400_000);
});
