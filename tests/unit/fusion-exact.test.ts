// The structured exact fusion solver (shared/compiler/fusion-exact.ts): against exhaustive search on small random
// programs, and against HiGHS (the reference) on real fusion problems of zoo workloads × designs and on random
// programs shaped like compiled networks (a main path, residuals, pinned weights, GMEM and per-point local memory).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import highsLoader from 'highs';
import { bruteForceFusion, fillFreeCapacity, fitsCapacity, fusionObjective, indicesByKeyDescending, solveFusion, type FusionProblem } from '../../shared/compiler/fusion';
import { solveFusionExact } from '../../shared/compiler/fusion-exact';
import { loadCore } from '../../shared/core/loader';
import { Rng } from '../../shared/search/index';
import { agreement, networkProgram, zooProblems } from '../support/fusion-programs';

/** Small random programs whose terms lie inside their tensors' live ranges (as the compiler builds them); `pin`
 * tensors are live over the whole program (weights). */
const small = (maxOps: number, maxTensors: number, gmem: boolean, local: boolean): fc.Arbitrary<FusionProblem> =>
  fc.integer({ min: 2, max: maxOps }).chain((n) => fc.record({
    cap: fc.integer({ min: 0, max: 4000 }),
    caps: fc.array(fc.integer({ min: -500, max: 3000 }), { minLength: n, maxLength: n }),
    tensors: fc.array(fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.nat(n - 1), fc.nat(n - 1), fc.boolean()), { minLength: 1, maxLength: maxTensors }),
    ops: fc.array(fc.record({
      floor: fc.integer({ min: 0, max: 500 }), dramFixed: fc.integer({ min: 0, max: 200 }), gmemFixed: fc.integer({ min: 0, max: 50 }),
      constant: fc.integer({ min: 0, max: 20 }), picks: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 100 })), { maxLength: 4 }),
    }), { minLength: n, maxLength: n }),
  }).map(({ cap, caps, tensors, ops }) => {
    const ts = tensors.map(([bytes, a, b, pin], i) => ({ name: `t${i}`, bytes, first: pin ? 0 : Math.min(a, b), last: pin ? n - 1 : Math.max(a, b) }));
    const o = ops.map((op, i) => {
      const seen = new Set<number>();
      const terms = op.picks.map(([t, d, g]) => ({ tensor: t % ts.length, dram: d, gmem: g })).filter((t) => !seen.has(t.tensor) && seen.add(t.tensor));
      for (const t of terms) { ts[t.tensor].first = Math.min(ts[t.tensor].first, i); ts[t.tensor].last = Math.max(ts[t.tensor].last, i); }
      return { floor: op.floor, dramFixed: op.dramFixed, gmemFixed: op.gmemFixed, constant: op.constant, terms };
    });
    return { capacityBytes: gmem ? cap : 0, localCapacityBytes: local ? caps : undefined, tensors: ts, ops: o };
  }));

describe('exact fusion solver', async () => {
  const highs = await highsLoader();

  for (const [label, gmem, local, maxTensors] of [['GMEM', true, false, 14], ['local memory', false, true, 12], ['both levels', true, true, 9]] as const) {
    it(`finds the brute-force optimum with ${label} (random small programs, pinned tensors among them)`, () => {
      let solved = 0;
      fc.assert(fc.property(small(10, maxTensors, gmem, local), (p) => {
        const r = solveFusionExact(p);
        if (r.status !== 'optimal') return;
        solved++;
        const brute = bruteForceFusion(p);
        expect(fitsCapacity(p, r.onChip, r.local)).toBe(true);
        expect(r.onChip.every((x, j) => !(x && r.local[j]))).toBe(true);
        const f = fusionObjective(p, r.onChip, r.local);
        expect(Math.abs(f - r.objective)).toBeLessThanOrEqual(1e-9 * Math.max(1, f));
        expect(Math.abs(f - brute.objective)).toBeLessThanOrEqual(1e-9 * Math.max(1, brute.objective));
      }), { numRuns: 300, seed: 17 });
      expect(solved).toBeGreaterThanOrEqual(290); // it declines almost none of them
    });
  }

  it('agrees with HiGHS on ≥ 300 instances: zoo workloads × designs with GMEM, and random network-shaped programs', async () => {
    const rng = new Rng(2026, 'fusion-exact-test');
    const problems = [
      ...zooProblems(await loadCore(), rng, ['teaching-cnn', 'resnet50-v2', 'efficientnet-b0', 'bert-base-128'], [1, 8], 8),
      ...Array.from({ length: 300 }, () => networkProgram(rng)),
    ];
    const a = agreement(problems, highs);
    expect(a.checked).toBeGreaterThanOrEqual(300);
    expect(a.infeasible).toBe(0);
    // the same objective as HiGHS (tight tolerances and gaps, no presolve) to 1e-9 on every instance checked
    expect(a.exactWorse).toBe(0);
    expect(a.exactBetter).toBe(0);
    expect(a.equal).toBe(a.checked);
  }, 120_000);

  it('declines what it is not built for, and solveFusion then answers with HiGHS', () => {
    // 7 activations live at once (each from its op to the one before last)
    const n = 9;
    const p: FusionProblem = {
      capacityBytes: 1000, localCapacityBytes: Array(n).fill(0),
      tensors: Array.from({ length: 7 }, (_, j) => ({ name: `a${j}`, bytes: 100 + j, first: j, last: 7 })),
      ops: Array.from({ length: n }, (_, i) => ({ floor: 1, dramFixed: 0, gmemFixed: 0, constant: 0, terms: i < 7 ? [{ tensor: i, dram: 50, gmem: 5 }] : i === 7 ? [{ tensor: 0, dram: 50, gmem: 5 }] : [] })),
    };
    const r = solveFusionExact(p);
    expect(r.status).toBe('declined');
    expect(r.reason).toMatch(/live at once/);
    const s = solveFusion(p, highs);
    expect(s.solver).toBe('highs');
    expect(fitsCapacity(p, s.onChip, s.local)).toBe(true);
    // a term outside its tensor's live range (only a hand-made problem has one)
    const q: FusionProblem = { capacityBytes: 10, tensors: [{ name: 't', bytes: 1, first: 1, last: 1 }], ops: [{ floor: 0, dramFixed: 0, gmemFixed: 0, constant: 0, terms: [{ tensor: 0, dram: 2, gmem: 1 }] }, { floor: 0, dramFixed: 0, gmemFixed: 0, constant: 0, terms: [] }] };
    expect(solveFusionExact(q).status).toBe('declined');
    expect(solveFusion(q, highs).objective).toBe(bruteForceFusion(q).objective);
  });

  it('counts its work, not its time: a budget it passes declines the instance, and the count repeats exactly', () => {
    const rng = new Rng(23);
    let budgeted = 0;
    for (let k = 0; k < 40; k++) {
      const p = networkProgram(rng);
      const r = solveFusionExact(p);
      if (r.status !== 'optimal' || r.work < 1000) continue;
      expect(solveFusionExact(p).work).toBe(r.work);
      const tight = solveFusionExact(p, 100, 1e-9, r.work / 10);
      expect(tight.status).toBe('declined');
      expect(tight.reason).toMatch(/units of work/);
      expect(solveFusionExact(p, 100, 1e-9, r.work).status).toBe('optimal');
      budgeted++;
    }
    expect(budgeted).toBeGreaterThan(10);
  });

  it('the tie-break\'s range maxima decide fits exactly as the point-by-point walk does', () => {
    const rng = new Rng(29);
    for (let k = 0; k < 300; k++) {
      const p = networkProgram(rng);
      const start = p.tensors.map(() => rng.float() < 0.15), local = p.tensors.map((_, j) => !start[j] && rng.float() < 0.15);
      for (const [x, y] of [[p.tensors.map(() => false), p.tensors.map(() => false)], [start, local]]) {
        expect(fillFreeCapacity(p, x, y)).toEqual(fillFreeCapacity(p, x, y, true));
      }
    }
  });

  it('the tie-break\'s order (most DRAM cycles first, then by index) equals a comparator sort, ties and all', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(0, 1, 2.5, 1e9, Infinity), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { maxLength: 60 }),
      fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), (keys, keep) => {
        const key = Float64Array.from(keys);
        const want = keys.map((_, j) => j).filter((j) => keep[j]).sort((a, b) => key[b] - key[a] || a - b);
        expect([...indicesByKeyDescending(keys.length, (j) => keep[j], key)]).toEqual(want);
      }), { numRuns: 300 });
  });

  it('the tie-break fills free capacity without slowing any op, and leaves out only what does not fit or would', () => {
    fc.assert(fc.property(small(10, 12, true, true), (p) => {
      const s = solveFusion(p, highs);
      const none = p.tensors.map(() => false);
      expect(fitsCapacity(p, s.onChip, s.local)).toBe(true);
      expect(s.objective).toBeLessThanOrEqual(fusionObjective(p, none, none) + 1e-9);
      // idempotent: nothing more fits
      const again = fillFreeCapacity(p, s.onChip, s.local);
      expect(again.onChip).toEqual(s.onChip);
      expect(again.local).toEqual(s.local);
      // any tensor left in DRAM that reads bytes: moving it on chip would overflow a level or slow the program
      p.tensors.forEach((_, j) => {
        if (s.onChip[j] || s.local[j]) return;
        for (const level of ['gmem', 'local'] as const) {
          const x = s.onChip.slice(), y = s.local.slice();
          if (level === 'gmem') x[j] = true; else y[j] = true;
          if (fitsCapacity(p, x, y)) expect(fusionObjective(p, x, y)).toBeGreaterThanOrEqual(s.objective - 1e-9 * Math.max(1, s.objective));
        }
      });
    }), { numRuns: 200, seed: 23 });
  });
});
