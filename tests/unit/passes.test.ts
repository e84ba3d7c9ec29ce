// Software passes around the core: --passes parsing, fusion never slower, no GMEM → no change, schedule/layout.
import { describe, expect, it } from 'vitest';
import highsLoader from 'highs';
import { loadCore } from '../../shared/core/loader';
import { parsePasses, passesLabel, simulateWithPasses, buildFusionProblem, ALL_PASSES, NO_PASSES } from '../../shared/compiler/passes';
import { fitsCapacity, fusionObjective } from '../../shared/compiler/fusion';
import { evaluateWorkload } from '../../shared/sim/engine';
import type { Location, Machine } from '../../shared/core/records';
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
    expect(parsePasses('fusion, schedule')).toEqual({ schedule: true, padding: false, fusion: true, attention: false });
    expect(parsePasses('attention')).toEqual({ schedule: false, padding: false, fusion: false, attention: true });
    expect(passesLabel(parsePasses('padding'))).toBe('padding');
    expect(() => parsePasses('fusion,tiling')).toThrow(/unknown pass "tiling"/);
  });

  it('fusion puts tensors in GMEM or local memory within capacity, cuts DRAM traffic and is never slower', () => {
    for (const batch of [1, 4, 16]) {
      const none = simulateWithPasses(core, highs, tinyWorkload, machine, { batch, passes: { ...ALL_PASSES, fusion: false } });
      const all = simulateWithPasses(core, highs, tinyWorkload, machine, { batch, passes: ALL_PASSES });
      expect(all.result.cycles).toBeLessThanOrEqual(none.result.cycles);
      expect(all.fusion).toBeDefined();
      if (batch === 1) {
        expect(all.placement.size).toBeGreaterThan(0);
        expect(all.result.dramBytes).toBeLessThan(none.result.dramBytes);
        expect(all.fusion!.dramBytesSaved).toBe(none.result.dramBytes - all.result.dramBytes);
      }
      const problem = buildFusionProblem(tinyWorkload, none.result, machine);
      expect(fitsCapacity(problem, problem.tensors.map((t) => all.placement.get(t.name) === 'gmem'), problem.tensors.map((t) => all.placement.get(t.name) === 'local'))).toBe(true);
    }
  });

  it('the fusion model at the all-DRAM placement is the simulated time', () => {
    const r = evaluateWorkload(core, tinyWorkload, machine, { batch: 2, software: { schedule: 'searched', layout: 'searched' } });
    const p = buildFusionProblem(tinyWorkload, r, machine);
    expect(fusionObjective(p, p.tensors.map(() => false))).toBeCloseTo(r.cycles, 6);
  });

  it('without GMEM, fusion keeps tensors resident in local memory where the tiles leave room, and is never slower', () => {
    const m0 = { ...machine, globalMemoryBytes: 0 };
    for (const batch of [1, 4]) {
      const a = simulateWithPasses(core, highs, tinyWorkload, m0, { batch, passes: ALL_PASSES });
      const b = simulateWithPasses(core, highs, tinyWorkload, m0, { batch, passes: { ...ALL_PASSES, fusion: false } });
      expect(a.result.cycles).toBeLessThanOrEqual(b.result.cycles);
      expect(a.placement.size).toBeGreaterThan(0);
      expect([...a.placement.values()].every((l) => l === 'local')).toBe(true);
      expect(a.fusion!.inLocal.length).toBe(a.placement.size);
      expect(a.fusion!.onChip).toEqual([]);
      expect(a.fusion!.residentBytes.local).toBeGreaterThan(0);
      expect(a.result.dramBytes).toBeLessThan(b.result.dramBytes);
      expect(a.result.gmemBytes).toBe(0);
      const problem = buildFusionProblem(tinyWorkload, b.result, m0);
      // free local memory: the cores' local memory less each op's double-buffered tiles, never more
      for (const cap of problem.localCapacityBytes!) expect(cap).toBeLessThanOrEqual(m0.cores * m0.localMemoryBytesPerCore);
      expect(fitsCapacity(problem, problem.tensors.map(() => false), problem.tensors.map((t) => a.placement.get(t.name) === 'local'))).toBe(true);
    }
  });

  it('a tensor resident in local memory costs no DRAM or GMEM traffic', () => {
    const sw = { schedule: 'searched', layout: 'searched' } as const;
    const everywhere = (l: Location) => new Map(tinyWorkload.tensors.map((t) => [t.name, l]));
    const dram = evaluateWorkload(core, tinyWorkload, machine, { batch: 2, software: sw });
    const local = evaluateWorkload(core, tinyWorkload, machine, { batch: 2, software: sw, placement: everywhere('local') });
    expect(dram.dramBytes).toBeGreaterThan(0);
    expect(local.dramBytes).toBe(0);
    expect(local.gmemBytes).toBe(0);
    expect(local.cycles).toBeLessThanOrEqual(dram.cycles);
    expect(local.ops.every((o) => o.status === 'ok')).toBe(true);
  });


  it('searching schedule and layout is never slower than the baseline software', () => {
    const base = simulateWithPasses(core, highs, tinyWorkload, machine, { batch: 8, passes: NO_PASSES });
    for (const p of ['schedule', 'padding', 'schedule,padding', 'all']) {
      expect(simulateWithPasses(core, highs, tinyWorkload, machine, { batch: 8, passes: parsePasses(p) }).result.cycles).toBeLessThanOrEqual(base.result.cycles);
    }
  });
});
