// The pass ablation: fusion keeps tensors in TPU-v3's VMEM (no GMEM) and in TPUv4i's CMEM, cutting DRAM traffic, with
// the reason in the ops; all passes together are never slower than no passes or than schedule/padding alone.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { ablation } from '../../shared/api/ablation';
import { zooWorkload } from '../../shared/workload';
import { PRESETS } from '../../shared/hardware';
import { main } from '../../cli/main';

describe('ablation', async () => {
  const core = await loadCore();
  const highs = await loadHighs();
  const row = (r: ReturnType<typeof ablation>, label: string) => r.rows.find((x) => x.passes === label)!;

  it('on tpu-v3 (no GMEM) fusion keeps tensors resident in VMEM; better layout speeds EfficientNet-B0 up', () => {
    const r = ablation(core, highs, zooWorkload('efficientnet-b0'), PRESETS['tpu-v3'], 'tpu-v3', 64);
    expect(r.rows.map((x) => x.passes)).toEqual(['none', '+schedule', '+padding', '+fusion', '+fused attention', 'all']);
    const none = row(r, 'none'), fusion = row(r, '+fusion');
    expect(fusion.speedup).toBeGreaterThan(1);
    expect(fusion.dramBytes).toBeLessThan(none.dramBytes);
    expect(fusion.gmemBytes).toBe(0);
    expect(fusion.tensorsOnChip).toBe(0);
    expect(fusion.tensorsInLocal).toBeGreaterThan(0);
    expect(row(r, '+padding').speedup).toBeGreaterThan(1.3);
    expect(r.softwareOnlySpeedup).toBe(row(r, 'all').speedup);
  });

  it('ResNet-50 v2 and BERT-1024 on tpu-v3: a fusion gain from VMEM residency, and the ops say which operands stay', () => {
    for (const [name, batch] of [['resnet50-v2', 64], ['bert-base-1024', 8]] as const) {
      const r = ablation(core, highs, zooWorkload(name), PRESETS['tpu-v3'], 'tpu-v3', batch);
      expect(row(r, '+fusion').speedup).toBeGreaterThan(1.01);
      expect(r.fusionOps.length).toBeGreaterThan(0);
      for (const o of r.fusionOps) {
        expect(o.cyclesSaved).toBeGreaterThan(0);
        expect(o.inLocal.length).toBeGreaterThan(0);
        expect(o.onChip).toEqual([]);
      }
    }
  });

  it('on tpuv4i fusion keeps tensors in CMEM and cuts EfficientNet-B0\'s DRAM traffic', () => {
    const r = ablation(core, highs, zooWorkload('efficientnet-b0'), PRESETS.tpuv4i, 'tpuv4i', 64);
    const none = row(r, 'none'), fusion = row(r, '+fusion'), all = row(r, 'all');
    expect(fusion.dramBytes).toBeLessThan(0.8 * none.dramBytes);
    expect(fusion.gmemBytes).toBeGreaterThan(0);
    expect(fusion.tensorsOnChip).toBeGreaterThan(0);
    expect(fusion.throughputPerSecond).toBeGreaterThanOrEqual(none.throughputPerSecond);
    for (const other of ['none', '+schedule', '+padding']) expect(all.throughputPerSecond).toBeGreaterThanOrEqual(row(r, other).throughputPerSecond);
  });

  it('fast ablation --json runs and bad input exits 2', async () => {
    let out = '', err = '';
    const io = { out: (s: string) => { out += s; }, err: (s: string) => { err += s; } };
    expect(await main(['ablation', '--workload', 'teaching-cnn', '--hardware', 'teaching-8x8', '--json'], io)).toBe(0);
    const j = JSON.parse(out);
    expect(j.rows).toHaveLength(6);
    expect(j.rows[0].speedup).toBe(1);
    expect(await main(['ablation', '--workload', 'teaching-cnn', '--hardware', 'nope'], io)).toBe(2);
    expect(err).toMatch(/^fast: unknown hardware "nope"/m);
  });
});
