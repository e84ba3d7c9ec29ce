// Compiling the fusion solvers ahead of a search (the page's prewarm; docs/architecture.md, "Search view"). V8 runs a
// Wasm or JS function with its baseline code first and optimizes it only once it is hot, in background threads, and
// HiGHS is 3.5 MB of Wasm: a realm's first hard fusion solve takes several times its warm time (measured in Node: the
// first solve of a declined EfficientNet-B0 program 2.8–6.2 s, later solves of the same 0.5–0.8 s, on a loaded 2-core
// machine; a fresh HiGHS instance in the same realm is warm at once, so what is slow is the code, not the instance).
// warmUpSolvers runs the fusion pass — the structured solver, HiGHS, the tie-break, the re-evaluation — on the programs
// of four fixed designs, and HiGHS on each, and throws the answers away: no result and no cache of results is touched
// (the lowering and tensor caches it fills are pure), so a search that follows gives the same trials with or without
// it (tested), only sooner. Measured on 2 Node workers (nice -20 on a loaded 2-core machine), the 200-trial evolution
// study of `npm run bench:browser`: 58–72 trials/s from workers that scored one small design, 97–115 after this
// warm-up (1.5–2 s a worker), 129–177 after a 200-trial study (the steady state of a long search; more designs in the
// warm-up did not come closer: the gap is the amount of work V8 has seen, not which paths).
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import { SEARCHED_SOFTWARE } from '../core/records';
import { PRESETS, type HardwareSpec } from '../hardware';
import { ALL_PASSES, buildFusionProblem, simulateWithPasses } from '../compiler/passes';
import { reduceFusion, solveWithHighs } from '../compiler/fusion';
import { evaluateWorkload } from '../sim/engine';
import { machineFromHardware } from '../sim/machine';
import { zooWorkload } from '../workload';

/**
 * Designs whose EfficientNet-B0 fusion programs at batch 64 keep HiGHS busy for tens to a few hundred milliseconds
 * once warm (the first three: small GMEM against the activations, so the structured solver declines them;
 * docs/model.md §5.1).
 */
export const WARM_UP_DESIGNS: readonly HardwareSpec[] = [
  { ...PRESETS['tpu-v3'], globalMemoryMiB: 2, localMemoryMiB: 1 },
  { ...PRESETS.tpuv4i, globalMemoryMiB: 4, localMemoryMiB: 1 },
  { ...PRESETS.tpuv4i, globalMemoryMiB: 2, localMemoryMiB: 4 },
  // and one the structured solver answers (its search to the end, the tie-break, the re-evaluation with a placement)
  { ...PRESETS.tpuv4i, globalMemoryMiB: 16, localMemoryMiB: 16 },
];
export const WARM_UP_WORKLOAD = 'efficientnet-b0';
export const WARM_UP_BATCH = 64;

export interface WarmUpReport {
  /** Fusion programs solved (each by the pass as the model runs it, and by HiGHS). */
  programs: number;
  /** HiGHS solves among them. */
  highsSolves: number;
  /** The warm-up designs in all (a call for one design solves one of them). */
  designs: number;
  ms: number;
}

/**
 * Solve the warm-up designs' fusion programs (answers discarded); see the file's head. With `only` (an index into
 * WARM_UP_DESIGNS), that design's alone: the page's warm-up goes design by design, so a search started meanwhile waits
 * for one solve, not a round.
 */
export function warmUpSolvers(core: Core, highs: LegacyHighs, only?: number): WarmUpReport {
  if (only !== undefined && !(Number.isInteger(only) && only >= 0 && only < WARM_UP_DESIGNS.length)) {
    throw new Error(`warmUpSolvers: the design must be an index 0–${WARM_UP_DESIGNS.length - 1}, not ${String(only)}`);
  }
  const t0 = performance.now();
  const w = zooWorkload(WARM_UP_WORKLOAD);
  let programs = 0, highsSolves = 0;
  for (const design of only === undefined ? WARM_UP_DESIGNS : [WARM_UP_DESIGNS[only]]) {
    const m = machineFromHardware(design);
    // the pass as a trial runs it: evaluation, the program, its solve, the re-evaluation with the placement
    const pass = simulateWithPasses(core, highs, w, m, { batch: WARM_UP_BATCH, passes: ALL_PASSES });
    programs++;
    if (pass.fusion?.solver === 'highs') highsSolves++;
    else {
      // then HiGHS on the same program, which the structured solver answered
      const base = evaluateWorkload(core, w, m, { batch: WARM_UP_BATCH, software: SEARCHED_SOFTWARE });
      const problem = buildFusionProblem(w, base, m);
      const { reduced, keep } = reduceFusion(problem);
      solveWithHighs(problem, reduced, keep, highs);
      highsSolves++;
    }
  }
  return { programs, highsSolves, designs: WARM_UP_DESIGNS.length, ms: performance.now() - t0 };
}
