// Calibration against measurement (docs/sources.md §3.1): ResNet-50 on TPU-v3 at batch 256 (MLPerf Inference
// v0.5 offline: 8,179 images/s per chip) with the baseline software, and the qualitative ordering that
// depthwise-heavy EfficientNets run the matrix units far below ResNet-50.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { zooWorkload } from '../../shared/workload';
import { PRESETS } from '../../shared/hardware';
import { simulate } from '../../shared/api/simulate';
import { NO_PASSES, ALL_PASSES } from '../../shared/compiler/passes';

describe('calibration on tpu-v3', async () => {
  const core = await loadCore();
  const run = (workload: string, batch: number, passes = NO_PASSES) =>
    simulate(core, undefined, { workload: zooWorkload(workload), hardware: PRESETS['tpu-v3'], hardwareName: 'tpu-v3', batch, passes });

  it('ResNet-50 v2 at batch 256 is within ±15% of MLPerf\'s 8,179 images/s, near 52% of peak', () => {
    const r = run('resnet50-v2', 256);
    expect(r.throughputPerSecond / 8179).toBeGreaterThan(0.85);
    expect(r.throughputPerSecond / 8179).toBeLessThan(1.15);
    expect(r.totals.utilization).toBeGreaterThan(0.4);
    expect(r.totals.utilization).toBeLessThan(0.65);
  });

  it('every EfficientNet runs the matrix units at under a third of ResNet-50\'s utilization', () => {
    const resnet = run('resnet50-v2', 64).totals.utilization;
    for (const v of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const r = run(`efficientnet-b${v}`, 64);
      expect(r.totals.utilization, `efficientnet-b${v}`).toBeLessThan(resnet / 3);
    }
  });

  it('EfficientNet-B0\'s bottlenecks on tpu-v3 are its depthwise and squeeze-excite ops', () => {
    const r = run('efficientnet-b0', 64);
    const total = r.totals.cycles;
    const share = (f: (name: string) => boolean) => r.ops.filter((o) => f(o.name)).reduce((s, o) => s + o.cycles, 0) / total;
    const dw = share((n) => /\/dw$/.test(n));
    const se = share((n) => /\/se/.test(n));
    expect(dw).toBeGreaterThan(0.5);
    const top5 = [...r.ops].sort((a, b) => b.cycles - a.cycles).slice(0, 5);
    // Four of the five slowest are depthwise convolutions at < 1% utilization; the fifth may be an expand conv whose
    // swish epilogue (18 vector slots per output, docs/model.md §4.3) makes it vector-bound.
    const dwTop = top5.filter((o) => /\/dw$/.test(o.name));
    expect(dwTop.length).toBeGreaterThanOrEqual(4);
    expect(dwTop.every((o) => o.utilization < 0.01)).toBe(true);
    expect(top5.filter((o) => !/\/dw$/.test(o.name)).every((o) => o.bound === 'vector' && o.utilization < 0.05)).toBe(true);
    expect(dw + se).toBeGreaterThan(0.55);
  });

  it('better software alone speeds EfficientNet up on unchanged tpu-v3 hardware, and never slows anything', () => {
    for (const w of ['efficientnet-b0', 'resnet50-v2', 'bert-base-128']) {
      const base = run(w, 64);
      const best = run(w, 64, ALL_PASSES);
      expect(best.throughputPerSecond, w).toBeGreaterThanOrEqual(base.throughputPerSecond);
      if (w === 'efficientnet-b0') expect(best.throughputPerSecond / base.throughputPerSecond).toBeGreaterThan(1.3);
    }
  });
});
