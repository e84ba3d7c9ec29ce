// The structured exact fusion solver (shared/compiler/fusion-exact.ts): against exhaustive search on small random
// programs, and against HiGHS (the reference) on real fusion problems of zoo workloads × designs and on random
// programs shaped like compiled networks (a main path, residuals, pinned weights, GMEM and per-point local memory).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import highsLoader from 'highs';
import {
  bruteForceFusion, fillFreeCapacity, fitsCapacity, fusionObjective, reduceFusion, solveFusion, solveWithHighs, type FusionProblem,
} from '../../shared/compiler/fusion';
import { solveFusionExact } from '../../shared/compiler/fusion-exact';
import { buildFusionProblem } from '../../shared/compiler/passes';
import { loadCore } from '../../shared/core/loader';
import { SEARCHED_SOFTWARE } from '../../shared/core/records';
import { PRESETS, type HardwareSpec } from '../../shared/hardware';
import { machineFromHardware } from '../../shared/sim/machine';
import { evaluateWorkload } from '../../shared/sim/engine';
import { zooWorkload } from '../../shared/workload';
import { hardwareSpace } from '../../shared/search/space';
import { Rng } from '../../shared/search/index';

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

/** A random program shaped like a compiled network: ops on a main path, each reading the previous activation (and
 * sometimes a residual from a few ops back) and a weight, with DRAM/GMEM cycles from bytes and bandwidths. */
function network(rng: Rng): FusionProblem {
  const n = 8 + Math.floor(rng.float() * 40);
  const dramBw = 100 + rng.float() * 900, gmemBw = dramBw * (2 + rng.float() * 10);
  const tensors: FusionProblem['tensors'] = [], ops: FusionProblem['ops'] = [];
  const size = (lo: number, hi: number) => 16 * Math.round((lo + rng.float() * (hi - lo)) / 16);
  const acts: number[] = [];
  for (let i = 0; i < n; i++) {
    const terms: FusionProblem['ops'][number]['terms'] = [];
    const read = (t: number) => { terms.push({ tensor: t, dram: tensors[t].bytes / dramBw, gmem: tensors[t].bytes / gmemBw }); tensors[t].last = Math.max(tensors[t].last, i); };
    if (i > 0) read(acts[i - 1]);
    if (i > 3 && rng.float() < 0.25) { const j = acts[i - 2 - Math.floor(rng.float() * 3)]; if (!terms.some((t) => t.tensor === j)) read(j); }
    if (rng.float() < 0.8) { tensors.push({ name: `w${i}`, bytes: size(64, 40_000), first: 0, last: n - 1 }); read(tensors.length - 1); }
    tensors.push({ name: `a${i}`, bytes: size(256, 200_000), first: i, last: i });
    acts.push(tensors.length - 1);
    read(tensors.length - 1);
    const mem = terms.reduce((s, t) => s + t.dram, 0);
    ops.push({ floor: mem * rng.float() * 2, dramFixed: rng.float() * 20, gmemFixed: 0, constant: rng.float() * 10, terms });
  }
  const totalW = tensors.filter((t) => t.first === 0 && t.last === n - 1).reduce((s, t) => s + t.bytes, 0);
  return {
    capacityBytes: rng.float() < 0.2 ? 0 : Math.round(totalW * (0.1 + rng.float() * 1.5)),
    localCapacityBytes: ops.map(() => (rng.float() < 0.15 ? 0 : Math.round(rng.float() * 300_000))),
    tensors, ops,
  };
}

describe('exact fusion solver', async () => {
  const highs = await highsLoader();
  // HiGHS as a reference: tighter tolerances than the model's own run (docs/model.md §5.1)
  const tight = { primal_feasibility_tolerance: 1e-10, mip_feasibility_tolerance: 1e-10, mip_rel_gap: 1e-10, mip_abs_gap: 1e-10 };

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
    const core = await loadCore();
    const rng = new Rng(2026, 'fusion-exact-test');
    const space = hardwareSpace();
    const designs: HardwareSpec[] = [PRESETS.tpuv4i, PRESETS['tpu-v3'], ...[4, 16].map((g) => ({ ...PRESETS.tpuv4i, globalMemoryMiB: g }))];
    while (designs.length < 8) { const h = space.decode(space.dims.map(() => rng.float())); if (h.globalMemoryMiB > 0) designs.push(h); }
    const problems: { tag: string; p: FusionProblem }[] = [];
    for (const name of ['teaching-cnn', 'resnet50-v2', 'efficientnet-b0', 'bert-base-128']) {
      const w = zooWorkload(name);
      for (const batch of [1, 8]) {
        for (const h of designs) {
          let m; try { m = machineFromHardware(h); } catch { continue; }
          problems.push({ tag: `${name} b${batch} ${h.name ?? 'drawn'}`, p: buildFusionProblem(w, evaluateWorkload(core, w, m, { batch, software: SEARCHED_SOFTWARE }), m) });
        }
      }
    }
    for (let k = 0; k < 300; k++) problems.push({ tag: `network ${k}`, p: network(rng) });
    const count = { checked: 0, equal: 0, exactBetter: 0, declined: 0 };
    for (const { p } of problems) {
      const { reduced, keep } = reduceFusion(p);
      if (!reduced.tensors.length) continue;
      const r = solveFusionExact(reduced);
      if (r.status !== 'optimal') { count.declined++; continue; }
      count.checked++;
      const h = solveWithHighs(p, reduced, keep, highs, 60, performance.now(), tight);
      const onChip = p.tensors.map(() => false), local = p.tensors.map(() => false);
      keep.forEach((j, k) => { onChip[j] = r.onChip[k]; local[j] = r.local[k]; });
      expect(fitsCapacity(p, onChip, local)).toBe(true);
      const fe = fusionObjective(p, onChip, local), fh = fusionObjective(p, h.onChip, h.local);
      // never worse than HiGHS; equal to 1e-9 unless HiGHS's own placement is beaten (its tolerances, §5.1)
      expect(fe).toBeLessThanOrEqual(fh * (1 + 1e-9));
      if (Math.abs(fe - fh) <= 1e-9 * fh) count.equal++; else count.exactBetter++;
    }
    expect(count.checked).toBeGreaterThanOrEqual(300);
    expect(count.equal).toBeGreaterThanOrEqual(Math.ceil(0.97 * count.checked));
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
