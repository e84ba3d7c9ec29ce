// Compiling the fusion solvers ahead of a search (the page's prewarm; docs/architecture.md, "Search view"). V8 runs a
// Wasm or JS function with its baseline code first and optimizes it only once it is hot, in background threads, and
// HiGHS is 3.5 MB of Wasm: a realm's first hard fusion solve takes several times its warm time (measured in Node: the
// first solve of a declined EfficientNet-B0 program 2.8–6.2 s, later solves of the same 0.5–0.8 s, on a loaded 2-core
// machine; a fresh HiGHS instance in the same realm is warm at once, so what is slow is the code, not the instance).
// warmUpSolvers runs the fusion pass's solvers — the structured solver, the tie-break and HiGHS — on the programs of a
// few fixed designs and throws the answers away: no cache of results and no result is touched, so a search that
// follows gives the same trials with or without it (tested), only sooner.
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import { SEARCHED_SOFTWARE } from '../core/records';
import { PRESETS, type HardwareSpec } from '../hardware';
import { buildFusionProblem } from '../compiler/passes';
import { reduceFusion, solveFusion, solveWithHighs } from '../compiler/fusion';
import { evaluateWorkload } from '../sim/engine';
import { machineFromHardware } from '../sim/machine';
import { zooWorkload } from '../workload';

/**
 * Designs whose EfficientNet-B0 fusion programs at batch 64 keep HiGHS busy for tens to a few hundred milliseconds
 * once warm (small GMEM against the activations, so the structured solver declines them; docs/model.md §5.1).
 */
export const WARM_UP_DESIGNS: readonly HardwareSpec[] = [
  { ...PRESETS['tpu-v3'], globalMemoryMiB: 2, localMemoryMiB: 1 },
  { ...PRESETS.tpuv4i, globalMemoryMiB: 4, localMemoryMiB: 1 },
  { ...PRESETS.tpuv4i, globalMemoryMiB: 2, localMemoryMiB: 4 },
];
export const WARM_UP_WORKLOAD = 'efficientnet-b0';
export const WARM_UP_BATCH = 64;

export interface WarmUpReport {
  /** Fusion programs solved (each by the pass as the model runs it, and by HiGHS). */
  programs: number;
  /** HiGHS solves among them. */
  highsSolves: number;
  ms: number;
}

/** Solve the warm-up designs' fusion programs (answers discarded); see the file's head. */
export function warmUpSolvers(core: Core, highs: LegacyHighs): WarmUpReport {
  const t0 = performance.now();
  const w = zooWorkload(WARM_UP_WORKLOAD);
  let programs = 0, highsSolves = 0;
  for (const design of WARM_UP_DESIGNS) {
    const m = machineFromHardware(design);
    const base = evaluateWorkload(core, w, m, { batch: WARM_UP_BATCH, software: SEARCHED_SOFTWARE });
    const problem = buildFusionProblem(w, base, m);
    const sol = solveFusion(problem, highs);
    programs++;
    if (sol.solver === 'highs') highsSolves++;
    else {
      const { reduced, keep } = reduceFusion(problem);
      solveWithHighs(problem, reduced, keep, highs);
      highsSolves++;
    }
  }
  return { programs, highsSolves, ms: performance.now() - t0 };
}
