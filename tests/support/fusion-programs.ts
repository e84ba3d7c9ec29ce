// Fusion problems for checking the structured solver against HiGHS: random programs shaped like compiled networks,
// and the real problems of zoo workloads on presets and designs drawn from the search space. Shared by
// tests/unit/fusion-exact.test.ts and `npm run bench` (fusionAgreement).
import { fusionObjective, fitsCapacity, reduceFusion, solveWithHighs, type FusionProblem } from '../../shared/compiler/fusion';
import { solveFusionExact } from '../../shared/compiler/fusion-exact';
import { buildFusionProblem } from '../../shared/compiler/passes';
import type { Core } from '../../shared/core/loader';
import { SEARCHED_SOFTWARE } from '../../shared/core/records';
import { PRESETS, type HardwareSpec } from '../../shared/hardware';
import { machineFromHardware } from '../../shared/sim/machine';
import { evaluateWorkload } from '../../shared/sim/engine';
import { zooWorkload } from '../../shared/workload';
import { hardwareSpace } from '../../shared/search/space';
import type { Rng } from '../../shared/search/index';
import type { LegacyHighs } from 'highs';

/** A random program shaped like a compiled network: ops on a main path, each reading the previous activation (and
 * sometimes a residual from a few ops back) and a weight, with DRAM/GMEM cycles from bytes and bandwidths. */
export function networkProgram(rng: Rng): FusionProblem {
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

/** The fusion problems of `workloads` at `batches` on tpuv4i, tpu-v3, tpuv4i with 4 and 16 MiB of GMEM, and designs with
 * GMEM drawn from the search space until there are `designs`. */
export function zooProblems(core: Core, rng: Rng, workloads: readonly string[], batches: readonly number[], designs: number): FusionProblem[] {
  const space = hardwareSpace();
  const hw: HardwareSpec[] = [PRESETS.tpuv4i, PRESETS['tpu-v3'], ...[4, 16].map((g) => ({ ...PRESETS.tpuv4i, globalMemoryMiB: g }))];
  while (hw.length < designs) { const h = space.decode(space.dims.map(() => rng.float())); if (h.globalMemoryMiB > 0) hw.push(h); }
  const out: FusionProblem[] = [];
  for (const name of workloads) {
    const w = zooWorkload(name);
    for (const batch of batches) {
      for (const h of hw) {
        let m; try { m = machineFromHardware(h); } catch { continue; }
        out.push(buildFusionProblem(w, evaluateWorkload(core, w, m, { batch, software: SEARCHED_SOFTWARE }), m));
      }
    }
  }
  return out;
}

/**
 * HiGHS as a reference: tighter tolerances and gaps than the model's own run, and no presolve — with its presolve on,
 * HiGHS returned placements up to 8e-8 worse than the optimum on 8 of 2,917 bench instances (docs/model.md §5.1).
 */
export const TIGHT_HIGHS = { primal_feasibility_tolerance: 1e-10, mip_feasibility_tolerance: 1e-10, mip_rel_gap: 1e-10, mip_abs_gap: 1e-10, presolve: 'off' };

export interface Agreement { instances: number; checked: number; equal: number; exactBetter: number; exactWorse: number; declined: number; infeasible: number }

/** Each problem solved by the structured solver and by HiGHS (TIGHT_HIGHS): counts of equal objectives (1e-9 relative). */
export function agreement(problems: readonly FusionProblem[], highs: LegacyHighs): Agreement {
  const a: Agreement = { instances: 0, checked: 0, equal: 0, exactBetter: 0, exactWorse: 0, declined: 0, infeasible: 0 };
  for (const p of problems) {
    const { reduced, keep } = reduceFusion(p);
    if (!reduced.tensors.length) continue;
    a.instances++;
    const r = solveFusionExact(reduced);
    if (r.status !== 'optimal') { a.declined++; continue; }
    a.checked++;
    const h = solveWithHighs(p, reduced, keep, highs, 60, performance.now(), TIGHT_HIGHS);
    const onChip = p.tensors.map(() => false), local = p.tensors.map(() => false);
    keep.forEach((j, k) => { onChip[j] = r.onChip[k]; local[j] = r.local[k]; });
    if (!fitsCapacity(p, onChip, local)) { a.infeasible++; continue; }
    const fe = fusionObjective(p, onChip, local), fh = fusionObjective(p, h.onChip, h.local);
    if (Math.abs(fe - fh) <= 1e-9 * fh) a.equal++; else if (fe < fh) a.exactBetter++; else a.exactWorse++;
  }
  return a;
}
