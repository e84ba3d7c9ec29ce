// The search's per-worker simulation cache (shared/search/evaluate.ts): designs that differ only in what the
// simulator never reads (DRAM capacity, chip-to-chip links) reuse one simulation and fusion solve, and every trial
// equals what a fresh evaluator reports for that design alone (energy and cost still priced from the full design).
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { PRESETS, type HardwareSpec } from '../../shared/hardware';
import { TrialEvaluator } from '../../shared/search/evaluate';

describe('simulation cache', () => {
  const base: HardwareSpec = { ...PRESETS.tpuv4i };
  const costOnly: HardwareSpec[] = [
    { ...base, dramGiBPerStack: base.dramGiBPerStack * 2 },
    { ...base, iciLinks: base.iciLinks === 0 ? 2 : 0 },
  ];
  const simulated: HardwareSpec[] = [
    { ...base, arrayRows: base.arrayRows / 2 },
    { ...base, dramGBpsPerStack: base.dramGBpsPerStack - 1 },
    { ...base, globalMemoryMiB: base.globalMemoryMiB / 2 },
  ];
  const request = { workloads: ['efficientnet-b0'], batch: 8 };

  it('reuses a simulation when only cost-only parameters differ, and each trial equals a fresh evaluation of its design', async () => {
    const core = await loadCore();
    const ev = new TrialEvaluator(core, loadHighs);
    const all = await ev.evaluate({ ...request, designs: [base, ...costOnly, ...simulated] });
    expect(ev.simulationCache).toMatchObject({ hits: costOnly.length, misses: 1 + simulated.length });
    for (const [i, d] of [base, ...costOnly, ...simulated].entries()) {
      const [alone] = await new TrialEvaluator(core, loadHighs).evaluate({ ...request, designs: [d] });
      expect(all[i]).toEqual(alone);
    }
    // The cost-only neighbours are priced apart: at least one differs from the base design in TDP or energy.
    const differs = costOnly.some((_, k) => all[1 + k].tdpWatts !== all[0].tdpWatts
      || all[1 + k].workloads[0].inferencesPerJoule !== all[0].workloads[0].inferencesPerJoule);
    expect(differs).toBe(true);
  }, 120_000);

  it('keys by batch and workload too', async () => {
    const ev = new TrialEvaluator(await loadCore(), loadHighs);
    await ev.evaluate({ ...request, designs: [base] });
    await ev.evaluate({ ...request, batch: 16, designs: [base] });
    await ev.evaluate({ ...request, workloads: ['teaching-cnn'], designs: [base] });
    expect(ev.simulationCache).toMatchObject({ hits: 0, misses: 3 });
    await ev.evaluate({ ...request, designs: [costOnly[0]] });
    expect(ev.simulationCache).toMatchObject({ hits: 1, misses: 3 });
  }, 120_000);
});
