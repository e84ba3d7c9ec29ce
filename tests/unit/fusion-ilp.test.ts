// The fusion ILP (shared/compiler/fusion.ts) against exhaustive search on random small graphs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import highsLoader from 'highs';
import { HIGHS_MAX_NODES, bruteForceFusion, capacityRows, fitsCapacity, fusionObjective, localRows, reduceFusion, solveFusion, solveWithHighs, type FusionProblem } from '../../shared/compiler/fusion';
import { buildFusionProblem } from '../../shared/compiler/passes';
import { loadCore } from '../../shared/core/loader';
import { SEARCHED_SOFTWARE } from '../../shared/core/records';
import { PRESETS } from '../../shared/hardware';
import { machineFromHardware } from '../../shared/sim/machine';
import { evaluateWorkload } from '../../shared/sim/engine';
import { zooWorkload } from '../../shared/workload';

const problems: fc.Arbitrary<FusionProblem> = fc.integer({ min: 2, max: 8 }).chain((nOps) =>
  fc.record({
    capacityBytes: fc.integer({ min: 0, max: 4000 }),
    tensors: fc.array(
      fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: nOps - 1 }), fc.integer({ min: 0, max: nOps - 1 })),
      { minLength: 1, maxLength: 12 },
    ).map((ts) => ts.map(([bytes, a, b], i) => ({ name: `t${i}`, bytes, first: Math.min(a, b), last: Math.max(a, b) }))),
    ops: fc.array(fc.record({
      floor: fc.integer({ min: 0, max: 500 }), dramFixed: fc.integer({ min: 0, max: 200 }), gmemFixed: fc.integer({ min: 0, max: 50 }),
      constant: fc.integer({ min: 0, max: 20 }), picks: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 100 })), { maxLength: 5 }),
    }), { minLength: nOps, maxLength: nOps }),
  }).map(({ capacityBytes, tensors, ops }) => ({
    capacityBytes, tensors,
    ops: ops.map((o) => {
      const seen = new Set<number>();
      const terms = o.picks.map(([t, d, g]) => ({ tensor: t % tensors.length, dram: d, gmem: g })).filter((t) => !seen.has(t.tensor) && seen.add(t.tensor));
      return { floor: o.floor, dramFixed: o.dramFixed, gmemFixed: o.gmemFixed, constant: o.constant, terms };
    }),
  })));

/** The same graphs with a local level: free local memory per program point (some points with none), GMEM kept
 * (`withGmem`) or removed, at most `maxTensors` tensors (brute force tries 2^T or 3^T placements). */
const withLocal = (withGmem: boolean, maxTensors: number): fc.Arbitrary<FusionProblem> =>
  fc.tuple(problems, fc.array(fc.integer({ min: -500, max: 3000 }), { minLength: 8, maxLength: 8 })).map(([p, caps]) => {
    const keep = p.tensors.length <= maxTensors ? p.tensors.length : maxTensors;
    const tensors = p.tensors.slice(0, keep);
    return {
      capacityBytes: withGmem ? p.capacityBytes : 0,
      localCapacityBytes: p.ops.map((_, i) => caps[i]),
      tensors,
      ops: p.ops.map((o) => ({ ...o, terms: o.terms.filter((t) => t.tensor < keep) })),
    };
  });

describe('fusion ILP', async () => {
  const highs = await highsLoader();

  it('finds the brute-force optimum on 250 random small graphs', () => {
    let checked = 0;
    fc.assert(fc.property(problems, (p) => {
      const ilp = solveFusion(p, highs);
      const brute = bruteForceFusion(p);
      expect(fitsCapacity(p, ilp.onChip)).toBe(true);
      expect(ilp.objective).toBeCloseTo(fusionObjective(p, ilp.onChip), 9);
      expect(Math.abs(ilp.objective - brute.objective)).toBeLessThanOrEqual(1e-6 * Math.max(1, brute.objective));
      checked++;
    }), { numRuns: Number(process.env.FUSION_RUNS ?? 250), seed: Number(process.env.FUSION_SEED ?? 2022) });
    expect(checked).toBe(Number(process.env.FUSION_RUNS ?? 250));
  });

  it('never does worse than all-DRAM, and changes nothing without GMEM or free local memory', () => {
    fc.assert(fc.property(problems, (p) => {
      const none = p.tensors.map(() => false);
      expect(solveFusion(p, highs).objective).toBeLessThanOrEqual(fusionObjective(p, none));
      const zero = solveFusion({ ...p, capacityBytes: 0 }, highs);
      expect(zero.onChip.every((x) => !x)).toBe(true);
      expect(zero.local.every((x) => !x)).toBe(true);
      expect(zero.status).toBe('no_capacity');
      const full = solveFusion({ ...p, capacityBytes: 0, localCapacityBytes: p.ops.map(() => 0) }, highs);
      expect(full.status).toBe('no_capacity');
    }), { numRuns: 50, seed: 5 });
  });

  it('local memory only (no GMEM): finds the brute-force optimum, within each point\'s free local memory', () => {
    fc.assert(fc.property(withLocal(false, 12), (p) => {
      const ilp = solveFusion(p, highs);
      const brute = bruteForceFusion(p);
      expect(ilp.onChip.every((x) => !x)).toBe(true);
      expect(fitsCapacity(p, ilp.onChip, ilp.local)).toBe(true);
      expect(ilp.objective).toBeCloseTo(fusionObjective(p, ilp.onChip, ilp.local), 9);
      expect(Math.abs(ilp.objective - brute.objective)).toBeLessThanOrEqual(1e-6 * Math.max(1, brute.objective));
    }), { numRuns: Number(process.env.FUSION_RUNS ?? 150), seed: 31 });
  });

  it('GMEM and local memory: each tensor in at most one, the brute-force optimum over all 3^T placements', () => {
    let both = 0;
    fc.assert(fc.property(withLocal(true, 8), (p) => {
      const ilp = solveFusion(p, highs);
      const brute = bruteForceFusion(p);
      expect(ilp.onChip.every((x, j) => !(x && ilp.local[j]))).toBe(true);
      expect(fitsCapacity(p, ilp.onChip, ilp.local)).toBe(true);
      expect(ilp.objective).toBeCloseTo(fusionObjective(p, ilp.onChip, ilp.local), 9);
      expect(Math.abs(ilp.objective - brute.objective)).toBeLessThanOrEqual(1e-6 * Math.max(1, brute.objective));
      if (ilp.onChip.some(Boolean) && ilp.local.some(Boolean)) both++;
    }), { numRuns: Number(process.env.FUSION_RUNS ?? 150), seed: 47 });
    expect(both).toBeGreaterThan(0); // the generator does reach placements that use both levels
  });

  it('hand case: local memory is free for a tensor only where the working sets leave room', () => {
    // op0 writes a (900 B), op1 reads it; free local memory 1000 B at op0, 500 B at op1 (a bigger tile): a cannot
    // stay resident. With 1000 B at both points it does, and costs op1 no DRAM time.
    const p: FusionProblem = {
      capacityBytes: 0, localCapacityBytes: [1000, 500],
      tensors: [{ name: 'a', bytes: 900, first: 0, last: 1 }],
      ops: [
        { floor: 10, dramFixed: 0, gmemFixed: 0, constant: 0, terms: [{ tensor: 0, dram: 90, gmem: 9 }] },
        { floor: 10, dramFixed: 0, gmemFixed: 0, constant: 0, terms: [{ tensor: 0, dram: 90, gmem: 9 }] },
      ],
    };
    expect(solveFusion(p, highs).local).toEqual([false]);
    expect(localRows(p)).toEqual([{ live: [0], cap: 500 }]);
    const roomy = solveFusion({ ...p, localCapacityBytes: [1000, 1000] }, highs);
    expect(roomy.local).toEqual([true]);
    expect(roomy.objective).toBe(20); // both ops at their floor
    expect(fitsCapacity(p, [true], [true])).toBe(false); // never in both levels
  });

  it('hand case: the one tensor that fits and matters goes on chip', () => {
    // op0 writes a (900 B), op1 reads a and b (900 B each); capacity 1000 B: only one fits while both are live.
    const p: FusionProblem = {
      capacityBytes: 1000,
      tensors: [{ name: 'a', bytes: 900, first: 0, last: 1 }, { name: 'b', bytes: 900, first: 0, last: 1 }],
      ops: [
        { floor: 10, dramFixed: 0, gmemFixed: 0, constant: 0, terms: [{ tensor: 0, dram: 90, gmem: 9 }] },
        { floor: 10, dramFixed: 0, gmemFixed: 0, constant: 0, terms: [{ tensor: 0, dram: 90, gmem: 9 }, { tensor: 1, dram: 50, gmem: 5 }] },
      ],
    };
    const s = solveFusion(p, highs);
    expect(s.onChip).toEqual([true, false]);
    expect(s.objective).toBe(10 + 50); // op0: max(10, 0, 9); op1: max(10, 50, 9)
  });

  // The plain scan the capacity rows were first written as: every program point, live tensors in ascending index,
  // bytes summed in that order, a row when they could overflow, duplicates dropped.
  const scanRows = (p: FusionProblem): number[][] => {
    const rows: number[][] = [];
    const seen = new Set<string>();
    for (let i = 0; i < p.ops.length; i++) {
      const live: number[] = [];
      let sum = 0;
      p.tensors.forEach((t, j) => { if (t.first <= i && i <= t.last) { live.push(j); sum += t.bytes; } });
      if (sum <= p.capacityBytes || seen.has(live.join(','))) continue;
      seen.add(live.join(','));
      rows.push(live);
    }
    return rows;
  };

  // The local level's plain scan: a row per live set that overflows some point's free local memory, with the
  // smallest such capacity.
  const scanLocalRows = (p: FusionProblem): { live: number[]; cap: number }[] => {
    const rows: { live: number[]; cap: number }[] = [];
    for (let i = 0; i < p.ops.length; i++) {
      const live: number[] = [];
      let sum = 0;
      p.tensors.forEach((t, j) => { if (t.first <= i && i <= t.last) { live.push(j); sum += t.bytes; } });
      const cap = Math.max(0, p.localCapacityBytes?.[i] ?? 0);
      if (sum <= cap) continue;
      const same = rows.find((r) => r.live.join(',') === live.join(','));
      if (same) same.cap = Math.min(same.cap, cap); else rows.push({ live, cap });
    }
    return rows;
  };

  it('local capacity rows: the sweep equals the plain scan', () => {
    fc.assert(fc.property(withLocal(true, 12), (p) => { expect(localRows(p)).toEqual(scanLocalRows(p)); }), { numRuns: 300, seed: 19 });
  });

  it('capacity rows: the sweep equals the plain scan (random graphs, capacities at exact live sums, zoo problems)', async () => {
    fc.assert(fc.property(problems, fc.nat(), (p, k) => {
      expect(capacityRows(p)).toEqual(scanRows(p));
      // A capacity equal to some point's live bytes: that point must not get a row (≤ is allowed).
      const sums = p.ops.map((_, i) => p.tensors.reduce((s, t) => s + (t.first <= i && i <= t.last ? t.bytes : 0), 0));
      const q = { ...p, capacityBytes: sums[k % sums.length] };
      expect(capacityRows(q)).toEqual(scanRows(q));
      // Fractional bytes, where the summation order can matter.
      const r = { ...q, tensors: q.tensors.map((t, j) => ({ ...t, bytes: t.bytes / 3 + j * 0.1 })), capacityBytes: q.capacityBytes / 3 };
      expect(capacityRows(r)).toEqual(scanRows(r));
    }), { numRuns: 300, seed: 17 });
    const core = await loadCore();
    let rows = 0;
    for (const name of ['efficientnet-b0', 'bert-base-128', 'resnet50-v2']) {
      for (const gmem of [4, 16, 128]) {
        const m = machineFromHardware({ ...PRESETS.tpuv4i, globalMemoryMiB: gmem });
        const p = buildFusionProblem(zooWorkload(name), evaluateWorkload(core, zooWorkload(name), m, { batch: 64, software: SEARCHED_SOFTWARE }), m);
        for (const q of [p, reduceFusion(p).reduced]) {
          const want = scanRows(q);
          expect(capacityRows(q)).toEqual(want);
          rows += want.length;
        }
      }
    }
    expect(rows).toBeGreaterThan(0);
  });
});

describe('the HiGHS fallback\'s limits', async () => {
  const highs = await highsLoader();
  // A program the structured solver gets no say in (solveWithHighs directly): two tensors, one GMEM slot.
  const p: FusionProblem = {
    capacityBytes: 100,
    tensors: [{ name: 'a', bytes: 80, first: 0, last: 1 }, { name: 'b', bytes: 60, first: 1, last: 2 }],
    ops: [
      { floor: 10, dramFixed: 5, gmemFixed: 0, constant: 0, terms: [{ tensor: 0, dram: 50, gmem: 5 }] },
      { floor: 10, dramFixed: 5, gmemFixed: 0, constant: 0, terms: [{ tensor: 0, dram: 40, gmem: 4 }, { tensor: 1, dram: 30, gmem: 3 }] },
      { floor: 10, dramFixed: 5, gmemFixed: 0, constant: 0, terms: [{ tensor: 1, dram: 35, gmem: 3 }] },
    ],
  };
  const { reduced, keep } = reduceFusion(p);

  it('limits HiGHS by a node count, not by wall time (a starved solve must not change a result), and gives its answer', () => {
    const seen: Record<string, unknown>[] = [];
    const spy = { ...highs, solve: (lp: string, o: Record<string, unknown>) => { seen.push(o); return highs.solve(lp, o as never); } } as typeof highs;
    const sol = solveWithHighs(p, reduced, keep, spy);
    expect(seen).toHaveLength(1);
    expect(seen[0].mip_max_nodes).toBe(HIGHS_MAX_NODES);
    expect(seen[0].time_limit).toBeGreaterThanOrEqual(300); // only a guard against a solve that never ends
    expect(sol.status).toBe('optimal');
    expect(sol.objective).toBeCloseTo(bruteForceFusion(p).objective, 9);
  });

  it('past its node budget (HiGHS reports Unknown) the best placement found stands, as a limit and never an error', () => {
    const limited = { ...highs, solve: (lp: string, o: Record<string, unknown>) => ({ ...highs.solve(lp, o as never), Status: 'Unknown' }) } as typeof highs;
    const sol = solveWithHighs(p, reduced, keep, limited);
    expect(sol.status).toBe('time_limit');
    expect(fitsCapacity(p, sol.onChip, sol.local)).toBe(true);
  });
});
