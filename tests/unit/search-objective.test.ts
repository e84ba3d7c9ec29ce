// The search objective and constraints: known constraints before simulation (schema, area, TDP), the gain against
// tpu-v3 with the baseline software checked against independent `simulate` calls, suites as weighted geometric
// means, the latency SLO rule of docs/sources.md §8.2, and infeasible trials carrying their reason.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { ALL_PASSES, NO_PASSES } from '../../shared/compiler/passes';
import { simulate } from '../../shared/api/simulate';
import { PRESETS, hardwareCost, type HardwareSpec } from '../../shared/hardware';
import { zooWorkload } from '../../shared/workload';
import {
  TrialEvaluator, checkDesign, largestBatchWithin, normalizeWeights, tpuV3AreaMm2, weightedGeomean,
} from '../../shared/search/index';

const tpu = PRESETS['tpu-v3'];
const v4i16: HardwareSpec = { ...PRESETS.tpuv4i, processNode: '16nm' };
// A small design with GMEM (so the fusion ILP runs).
const small: HardwareSpec = { ...tpu, cores: 2, arraysPerCore: 4, arrayRows: 32, arrayCols: 64, vectorLanesPerCore: 1024, localMemoryMiB: 2, globalMemoryMiB: 16, dramStacks: 2, clockGhz: 1.2 };

describe('known constraints', () => {
  it('tpu-v3 fits its own area budget; bigger designs, hotter designs and invalid designs do not', () => {
    expect(tpuV3AreaMm2()).toBe(hardwareCost(tpu).areaMm2);
    const ok = checkDesign(tpu, {});
    expect(ok.ok).toBe(true);
    const big = checkDesign(v4i16, {});
    expect(big).toMatchObject({ ok: false, code: 'area' });
    expect(!big.ok && big.reason).toMatch(new RegExp(`^area \\d+\\.\\d mm² is over the ${Number(hardwareCost(PRESETS['tpu-v3']).areaMm2.toPrecision(6))} mm² budget$`));
    expect(checkDesign(v4i16, { maxAreaMm2: 2000 }).ok).toBe(true);
    const hot = checkDesign(tpu, { maxTdpWatts: 300 });
    expect(hot).toMatchObject({ ok: false, code: 'tdp' });
    expect(!hot.ok && hot.reason).toBe(`TDP ${hardwareCost(PRESETS['tpu-v3']).tdpWatts.toFixed(1)} W is over the 300 W budget`);
    expect(checkDesign({ ...tpu, cores: 3 }, {})).toMatchObject({ ok: false, code: 'invalid', reason: 'cores must be one of 1, 2, 4, 8 (got 3)' });
    const tiles = checkDesign({ ...tpu, arraysPerCore: 8, arrayRows: 256, arrayCols: 256, vectorLanesPerCore: 8192, localMemoryMiB: 1 }, { maxAreaMm2: 1e5 });
    expect(tiles).toMatchObject({ ok: false, code: 'invalid' });
    expect(!tiles.ok && tiles.reason).toMatch(/^localMemoryMiB must be 6…64 MiB/);
  });

  it('suite scores are weighted geometric means; weights are validated', () => {
    expect(weightedGeomean([2, 8], [1, 1])).toBeCloseTo(4, 12);
    expect(weightedGeomean([2, 8], [3, 1])).toBeCloseTo(2 ** 1.5, 12);
    expect(normalizeWeights(2)).toEqual([1, 1]);
    expect(() => normalizeWeights(2, [1])).toThrow('weights: give one weight per workload (2 workloads, 1 weights)');
    expect(() => normalizeWeights(2, [1, 0])).toThrow(/weight 2 must be a positive number/);
  });

  it('the SLO batch is the largest power of two within the SLO (bisection, few evaluations)', () => {
    let calls = 0;
    const lat = (b: number) => { calls++; return 1e-3 * b + 2e-4; };
    expect(largestBatchWithin(0.0202, lat)).toBe(16);
    expect(calls).toBeLessThanOrEqual(5);
    expect(largestBatchWithin(1e-4, lat)).toBeUndefined();
    expect(largestBatchWithin(10, lat)).toBe(1024);
  });
});

describe('trial evaluation', async () => {
  const core = await loadCore();
  const highs = await loadHighs();
  const ev = new TrialEvaluator(core, loadHighs);
  const sim = (w: string, h: HardwareSpec, batch: number, passes: typeof ALL_PASSES) =>
    simulate(core, highs, { workload: zooWorkload(w), hardware: h, hardwareName: 'x', batch, passes });

  it('gain = Perf/TDP with all passes / tpu-v3 Perf/TDP with none, at the study batch', async () => {
    for (const batch of [8, 64]) {
      const [a, b] = await ev.evaluate({ workloads: ['teaching-cnn'], batch, designs: [tpu, small] });
      const base = sim('teaching-cnn', tpu, batch, NO_PASSES);
      for (const [e, h] of [[a, tpu], [b, small]] as const) {
        const mine = sim('teaching-cnn', h, batch, ALL_PASSES);
        expect(e.status).toBe('ok');
        expect(e.workloads[0].batch).toBe(batch);
        expect(e.workloads[0].throughputPerSecond).toBe(mine.throughputPerSecond);
        expect(e.perfPerTdp).toBe(mine.perfPerTdp);
        expect(e.gainVsTpuV3).toBeCloseTo(mine.perfPerTdp / base.perfPerTdp, 12);
        expect(e.areaMm2).toBe(mine.areaMm2);
        expect(e.tdpWatts).toBe(mine.tdpWatts);
      }
      // tpu-v3 against itself gains only from software, never loses.
      expect(a.gainVsTpuV3!).toBeGreaterThanOrEqual(1);
    }
  });

  it('a suite is the weighted geometric mean of the single-workload gains', async () => {
    const [suite] = await ev.evaluate({ workloads: ['teaching-cnn', 'mobilenet-v2'], weights: [1, 3], batch: 16, designs: [small] });
    const [one] = await ev.evaluate({ workloads: ['teaching-cnn'], batch: 16, designs: [small] });
    const [two] = await ev.evaluate({ workloads: ['mobilenet-v2'], batch: 16, designs: [small] });
    expect(suite.workloads.map((w) => [w.workload, w.weight])).toEqual([['teaching-cnn', 1], ['mobilenet-v2', 3]]);
    expect(suite.gainVsTpuV3).toBeCloseTo(Math.exp((Math.log(one.gainVsTpuV3!) + 3 * Math.log(two.gainVsTpuV3!)) / 4), 12);
    expect(suite.perfPerTdp).toBeCloseTo(Math.exp((Math.log(one.perfPerTdp!) + 3 * Math.log(two.perfPerTdp!)) / 4), 9);
  });

  it('infeasible designs come back with their reason and no simulation', async () => {
    const [area, invalid, tdp] = await ev.evaluate({ workloads: ['teaching-cnn'], batch: 64, maxTdpWatts: 400, designs: [v4i16, { ...tpu, clockGhz: 2 }, tpu] });
    expect(area).toMatchObject({ status: 'infeasible', code: 'area', gainVsTpuV3: null, workloads: [] });
    expect(area.areaMm2).toBeGreaterThan(hardwareCost(PRESETS['tpu-v3']).areaMm2);
    expect(invalid).toMatchObject({ status: 'infeasible', code: 'invalid', reason: 'clockGhz must be 0.5…1.5 GHz (got 2)', areaMm2: null });
    expect(tdp).toMatchObject({ status: 'infeasible', code: 'tdp' });
  });

  it('with a latency SLO each side runs at its largest power-of-two batch within it (docs/sources.md §8.2)', async () => {
    const slo = 2e-3;
    const [e] = await ev.evaluate({ workloads: ['efficientnet-b0'], batch: 64, latencySloSeconds: slo, designs: [small] });
    expect(e.status).toBe('ok');
    const w = e.workloads[0];
    for (const [h, passes, b] of [[small, ALL_PASSES, w.batch], [tpu, NO_PASSES, w.baselineBatch]] as const) {
      expect(Math.log2(b) % 1).toBe(0);
      expect(sim('efficientnet-b0', h, b, passes).latencySeconds).toBeLessThanOrEqual(slo);
      if (b < 1024) expect(sim('efficientnet-b0', h, 2 * b, passes).latencySeconds).toBeGreaterThan(slo);
    }
    expect(w.latencySeconds).toBeLessThanOrEqual(slo);
    const base = sim('efficientnet-b0', tpu, w.baselineBatch, NO_PASSES);
    expect(w.gainVsTpuV3).toBeCloseTo(w.perfPerTdp / base.perfPerTdp, 12);
    // An SLO nothing meets: the trial is infeasible and says why.
    const [none] = await ev.evaluate({ workloads: ['efficientnet-b0'], batch: 64, latencySloSeconds: 1e-6, designs: [small] });
    expect(none).toMatchObject({ status: 'infeasible', code: 'latency' });
    expect(none.reason).toMatch(/latency SLO/);
  });

  it('rejects a bad request with one line', async () => {
    await expect(ev.evaluate({ workloads: ['nope'], batch: 64, designs: [tpu] })).rejects.toThrow(/unknown workload "nope"/);
    await expect(ev.evaluate({ workloads: ['teaching-cnn'], batch: 0, designs: [tpu] })).rejects.toThrow(/batch must be a whole number from 1 to 1024/);
    await expect(ev.evaluate({ workloads: ['teaching-cnn', 'teaching-cnn'], weights: [1], batch: 4, designs: [tpu] })).rejects.toThrow(/one weight per workload/);
  });
});
