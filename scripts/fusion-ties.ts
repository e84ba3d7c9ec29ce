// Measurement behind docs/model.md §5.1 "The tie-break" (and the earlier case for HiGHS): over zoo workloads ×
// designs with GMEM, how often HiGHS's fusion placement has an alternative optimum (or a strictly better placement
// hidden by its tolerances) one tensor flip away, and how often a branch and bound can certify that the optimum is
// the only placement within a margin safe against those tolerances (so it would return HiGHS's placement).
// Usage: node --import tsx scripts/fusion-ties.ts [--designs N] [--workloads a,b] [--json]   (minutes: HiGHS on all)
import { loadCore } from '../shared/core/loader';
import { SEARCHED_SOFTWARE } from '../shared/core/records';
import { PRESETS, type HardwareSpec } from '../shared/hardware';
import { machineFromHardware } from '../shared/sim/machine';
import { evaluateWorkload } from '../shared/sim/engine';
import { zooNames, zooWorkload } from '../shared/workload';
import { buildFusionProblem } from '../shared/compiler/passes';
import { fitsCapacity, fusionObjective, reduceFusion, solveWithHighs, type FusionProblem } from '../shared/compiler/fusion';
import { loadHighs } from '../shared/compiler/solver';
import { hardwareSpace } from '../shared/search/space';
import { Rng } from '../shared/search/index';

const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };

/**
 * Depth-first branch and bound over the tensors of a (presolved) problem, on-chip branch first, heaviest DRAM time
 * first. Bound: Σ_i max(floor_i, D_i, G_i) over the tensors fixed so far (a free tensor adds to one side only, so
 * no completion is below it; at a leaf it is the model's time less the constants). Every placement within
 * `margin(best)` of the best is enumerated (capacity slackened by `capSlack`, as HiGHS's tolerance allows); the
 * answer is 'unique' when the best strictly feasible placement is the only one, 'tie' at a second, 'budget' past
 * maxNodes.
 */
function certify(p: FusionProblem, margin: (best: number, maxTime: number) => number, capSlack: number, maxNodes: number) {
  const n = p.ops.length, m = p.tensors.length;
  const floor = new Float64Array(n), D = new Float64Array(n), G = new Float64Array(n);
  const opsOf: { op: number; dram: number; gmem: number }[][] = Array.from({ length: m }, () => []);
  const weight = new Float64Array(m);
  let maxTime = 1;
  p.ops.forEach((op, i) => {
    floor[i] = op.floor; D[i] = op.dramFixed; G[i] = op.gmemFixed;
    let dAll = op.dramFixed, gAll = op.gmemFixed;
    for (const t of op.terms) { opsOf[t.tensor].push({ op: i, dram: t.dram, gmem: t.gmem }); weight[t.tensor] += t.dram; dAll += t.dram; gAll += t.gmem; }
    maxTime = Math.max(maxTime, op.floor, dAll, gAll);
  });
  const order = Array.from({ length: m }, (_, j) => j).sort((a, b) => weight[b] - weight[a] || a - b);
  const capStrict = p.capacityBytes * (1 + 1e-12), capLoose = p.capacityBytes * (1 + capSlack);
  const use = new Float64Array(n), x = new Uint8Array(m);
  let bound = 0;
  for (let i = 0; i < n; i++) bound += Math.max(floor[i], D[i], G[i]);
  let best = Infinity, bestX: Uint8Array | undefined, nodes = 0;
  let outcome: 'tie' | 'budget' | undefined;
  const near: number[] = [];
  const slack = () => margin(best, maxTime);
  const side = (t: number, on: boolean, saved: Float64Array) => {
    opsOf[t].forEach(({ op, dram, gmem }, q) => {
      const arr = on ? G : D;
      saved[q] = arr[op];
      const before = Math.max(floor[op], D[op], G[op]);
      arr[op] += on ? gmem : dram;
      bound += Math.max(floor[op], D[op], G[op]) - before;
    });
  };
  const undo = (t: number, on: boolean, saved: Float64Array) => { for (let q = opsOf[t].length - 1; q >= 0; q--) (on ? G : D)[opsOf[t][q].op] = saved[q]; };
  const dfs = (k: number): void => {
    if (outcome) return;
    if (++nodes > maxNodes) { outcome = 'budget'; return; }
    if (bound > best + slack()) return;
    if (k === m) {
      let strict = true;
      for (let i = 0; i < n; i++) if (use[i] > capStrict) { strict = false; break; }
      if (strict && bound < best) {
        best = bound; bestX = x.slice();
        const keep = near.filter((v) => v <= best + slack());
        near.length = 0; near.push(...keep);
      }
      if (bound <= best + slack()) near.push(bound);
      if (near.length >= 2) outcome = 'tie';
      return;
    }
    const t = order[k], { bytes, first, last } = p.tensors[t];
    const saved = new Float64Array(opsOf[t].length), savedBound = bound;
    let fits = true;
    for (let s = first; s <= last; s++) if (use[s] + bytes > capLoose) { fits = false; break; }
    if (fits) {
      x[t] = 1;
      for (let s = first; s <= last; s++) use[s] += bytes;
      side(t, true, saved);
      dfs(k + 1);
      undo(t, true, saved);
      for (let s = first; s <= last; s++) use[s] -= bytes;
      bound = savedBound; x[t] = 0;
      if (outcome) return;
    }
    side(t, false, saved);
    dfs(k + 1);
    undo(t, false, saved);
    bound = savedBound;
  };
  dfs(0);
  return { outcome: outcome ?? (bestX && near.length === 1 ? 'unique' as const : 'tie' as const), onChip: bestX, nodes };
}

const core = await loadCore();
const highs = await loadHighs();
const rng = new Rng(7, 'fusion-ties');
const space = hardwareSpace();
const designs: HardwareSpec[] = [PRESETS.tpuv4i, ...[4, 16, 32, 64].map((g) => ({ ...PRESETS.tpuv4i, globalMemoryMiB: g }))];
const wanted = Number(arg('--designs') ?? 12);
for (let tries = 0; designs.length < wanted && tries < 10000; tries++) {
  const h = space.decode(space.dims.map(() => rng.float()));
  if (h.globalMemoryMiB > 0) designs.push(h);
}
const margins = { safe: [1e-4, 1e-3], belowMeasured: [1e-6, 1e-5] } as const;
const count = { instances: 0, flipTie: 0, flipBetter: 0, worstRel: 0, worstOfMaxTime: 0, safeUnique: 0, safeAgree: 0, lowUnique: 0, lowAgree: 0 };
for (const name of arg('--workloads')?.split(',') ?? zooNames()) {
  const w = zooWorkload(name);
  for (const batch of [1, 8, 64, 256]) {
    for (const h of designs) {
      let m;
      try { m = machineFromHardware(h); } catch { continue; }
      const p = buildFusionProblem(w, evaluateWorkload(core, w, m, { batch, software: SEARCHED_SOFTWARE }), m);
      const red = reduceFusion(p);
      const sol = solveWithHighs(p, red.reduced, red.keep, highs); // HiGHS's own placement (before the tie-break)
      const f = fusionObjective(p, sol.onChip);
      let maxTime = 1;
      for (const op of p.ops) maxTime = Math.max(maxTime, op.floor, op.dramFixed + op.terms.reduce((s, t) => s + t.dram, 0));
      count.instances++;
      let tie = false, better = false;
      for (let j = 0; j < p.tensors.length; j++) {
        const y = sol.onChip.slice();
        y[j] = !y[j];
        if (!fitsCapacity(p, y)) continue;
        const g = fusionObjective(p, y);
        if (Math.abs(g - f) <= 1e-9 * f) tie = true;
        if (g < f * (1 - 1e-9)) {
          better = true;
          count.worstRel = Math.max(count.worstRel, (f - g) / f);
          count.worstOfMaxTime = Math.max(count.worstOfMaxTime, (f - g) / maxTime);
        }
      }
      if (tie) count.flipTie++;
      if (better) count.flipBetter++;
      const { reduced, keep } = reduceFusion(p);
      for (const [label, [rel, abs]] of Object.entries(margins)) {
        const r = certify(reduced, (best, mt) => rel * best + abs * mt, 1e-5, 20000);
        if (r.outcome !== 'unique' || !r.onChip) continue;
        const same = keep.every((j, k) => sol.onChip[j] === (r.onChip![k] === 1));
        if (label === 'safe') { count.safeUnique++; if (same) count.safeAgree++; } else { count.lowUnique++; if (same) count.lowAgree++; }
      }
    }
  }
  if (!process.argv.includes('--json')) console.error(`${name}: ${count.instances} instances so far`);
}
if (process.argv.includes('--json')) console.log(JSON.stringify(count));
else {
  console.log(`${count.instances} instances (${designs.length} designs × batches 1, 8, 64, 256)`);
  console.log(`HiGHS placement with an alternative within 1e-9 one flip away: ${count.flipTie}`);
  console.log(`… with a strictly better placement one flip away: ${count.flipBetter} (worst ${count.worstRel.toExponential(2)} of the objective, ${count.worstOfMaxTime.toExponential(2)} of the largest op time)`);
  console.log(`certified unique, margin 1e-4 + 1e-3·maxTime: ${count.safeUnique} (agreeing with HiGHS: ${count.safeAgree})`);
  console.log(`certified unique, margin 1e-6 + 1e-5·maxTime: ${count.lowUnique} (agreeing with HiGHS: ${count.lowAgree})`);
}
