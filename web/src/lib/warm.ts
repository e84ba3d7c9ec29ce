// How the Search view warms its simulation workers ahead of a search (SearchState.prewarm, or the study worker's
// own workers: web/src/study-worker.ts prewarmSims). No imports beyond the presets: both the page and the study
// worker load it.
import { PRESETS } from '../../../shared/hardware/presets';

/** What prewarm scores on each worker: a small design with GMEM and local memory (HiGHS loads for its fusion solve). */
export const WARM_DESIGN = { ...PRESETS['teaching-8x8'], globalMemoryMiB: 4 };
/** The request that scores it (evaluateTrials). */
export const WARM_UP_REQUEST = { workloads: ['teaching-cnn'], batch: 1, designs: [WARM_DESIGN] };
/**
 * After its solver warm-up a worker counts as warm this much later: V8 optimizes the hot HiGHS functions on background
 * threads, which on 2 cores compete with a search started at once. Measured with npm run bench:browser (quiet 2-core
 * machine, 2026-12-06): a search started right after the warm-up ran at 32–49 trials/s with main-thread tasks of
 * 107–206 ms; 3 s later at 75–85 trials/s with none over 96 ms; without the warm-up 34–37 trials/s, no long task.
 */
export const WARM_SETTLE_MS = 3000;
