// Software passes around the core: --passes parsing, fusion never slower, no GMEM → no change, schedule/layout.
import { describe, expect, it } from 'vitest';
import highsLoader from 'highs';
import { loadCore } from '../../shared/core/loader';
import { parsePasses, passesLabel, simulateWithPasses, buildFusionProblem, ALL_PASSES, NO_PASSES } from '../../shared/compiler/passes';
import { fitsCapacity, fusionObjective } from '../../shared/compiler/fusion';
import { evaluateWorkload } from '../../shared/sim/engine';
import type { Machine } from '../../shared/core/records';
import { tinyWorkload } from '../fixtures/tiny-workload';

const machine: Machine = {
  cores: 1, arraysPerCore: 1, arrayRows: 16, arrayCols: 16, dataflow: 'ws', vectorLanesPerCore: 64,
  localMemoryBytesPerCore: 64 * 1024, globalMemoryBytes: 96 * 1024, globalMemoryBytesPerCycle: 256, dramBytesPerCycle: 8,
  localMemoryBytesPerCyclePerCore: 4096, opOverheadCycles: 50, accumulatorBytes: 4, clockHz: 1e9,
};

describe('passes', async () => {
  const core = await loadCore();
  const highs = await highsLoader();

  it('parses --passes and names the bad word', () => {
    expect(parsePasses('all')).toEqual(ALL_PASSES);
    expect(parsePasses('none')).toEqual(NO_PASSES);
    expect(parsePasses('fusion, schedule')).toEqual({ schedule: true, padding: false, fusion: true });
    expect(passesLabel(parsePasses('padding'))).toBe('padding');
    expect(() => parsePasses('fusion,tiling')).toThrow(/unknown pass "tiling"/);
  });

  it('fusion puts tensors in GMEM within capacity, cuts DRAM traffic and is never slower', () => {
    for (const batch of [1, 4, 16]) {
      const none = simulateWithPasses(core, highs, tinyWorkload, machine, { batch, passes: { schedule: true, padding: true, fusion: false } });
      const all = simulateWithPasses(core, highs, tinyWorkload, machine, { batch, passes: ALL_PASSES });
      expect(all.result.cycles).toBeLessThanOrEqual(none.result.cycles);
      expect(all.fusion).toBeDefined();
      if (batch === 1) {
        expect(all.placement.size).toBeGreaterThan(0);
        expect(all.result.dramBytes).toBeLessThan(none.result.dramBytes);
        expect(all.fusion!.dramBytesSaved).toBe(none.result.dramBytes - all.result.dramBytes);
      }
      const problem = buildFusionProblem(tinyWorkload, none.result, machine);
      expect(fitsCapacity(problem, problem.tensors.map((t) => all.placement.has(t.name)))).toBe(true);
    }
  });

  it('the fusion model at the all-DRAM placement is the simulated time', () => {
    const r = evaluateWorkload(core, tinyWorkload, machine, { batch: 2, software: { schedule: 'searched', layout: 'searched' } });
    const p = buildFusionProblem(tinyWorkload, r, machine);
    expect(fusionObjective(p, p.tensors.map(() => false))).toBeCloseTo(r.cycles, 6);
  });

  it('without GMEM fusion changes nothing', () => {
    const m0 = { ...machine, globalMemoryBytes: 0 };
    const a = simulateWithPasses(core, highs, tinyWorkload, m0, { batch: 4, passes: ALL_PASSES });
    const b = simulateWithPasses(core, highs, tinyWorkload, m0, { batch: 4, passes: { schedule: true, padding: true, fusion: false } });
    expect(a.result).toEqual(b.result);
    expect(a.placement.size).toBe(0);
  });

  it('searching schedule and layout is never slower than the baseline software', () => {
    const base = simulateWithPasses(core, highs, tinyWorkload, machine, { batch: 8, passes: NO_PASSES });
    for (const p of ['schedule', 'padding', 'schedule,padding', 'all']) {
      expect(simulateWithPasses(core, highs, tinyWorkload, machine, { batch: 8, passes: parsePasses(p) }).result.cycles).toBeLessThanOrEqual(base.result.cycles);
    }
  });
});
