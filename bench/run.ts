// `npm run bench [-- --json] [-- --full]`: performance benchmarks (never asserted in tests). Prints a table, or one JSON
// object with --json; --full adds the minutes-long study5000Seconds. Medians over repeated runs after a warm-up.
// `npm run bench -- --queue` runs the scale-out benchmark instead (bench/queue.ts: Redis + BullMQ, docs/scale-out.md).
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { loadCore } from '../shared/core/loader';
import { scalesimGemms, evalOps, scalesimMemory } from '../shared/core/pack';
import type { ScalesimMemorySpec } from '../shared/scalesim/memory';
import { loadOracle, oracleMemorySpec } from '../tests/oracle/scalesim';
import { agreement, networkProgram, zooProblems } from '../tests/support/fusion-programs';
import type { GemmSpec } from '../shared/scalesim/gemm';
import { createNodeSimPool } from '../cli/node-pool';
import { zooWorkload } from '../shared/workload';
import { PRESETS } from '../shared/hardware';
import { machineFromHardware } from '../shared/sim/machine';
import { lowerWorkload } from '../shared/sim/lower';
import { SEARCHED_SOFTWARE } from '../shared/core/records';
import { prepareWorkload, evaluatePrepared } from '../shared/sim/engine';
import { simulateWithPasses, ALL_PASSES } from '../shared/compiler/passes';
import { loadHighs } from '../shared/compiler/solver';
import { normalizeStudy, poolScorer, runStudy, type StudyProgress } from '../shared/search/index';
import { BayesianOptimization, Rng, hardwareSpace, snap, type Point } from '../shared/search/index';

const json = process.argv.includes('--json');
if (process.argv.includes('--queue')) await import('./queue'); // runs it and exits

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time of `fn` in ms over `repeats` runs, after `warmup` runs. */
function timeMs(fn: () => void, repeats = 15, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function oracleSpecs(): GemmSpec[] {
  const text = readFileSync(new URL('../tests/oracle/scalesim/public.csv', import.meta.url), 'utf8').trim().split('\n');
  const cols = text[0].split(',');
  const idx = (k: string) => cols.indexOf(k);
  return text.slice(1).map((line) => {
    const f = line.split(',');
    return { m: +f[idx('gemm_M')], n: +f[idx('gemm_N')], k: +f[idx('gemm_K')], rows: +f[idx('array_rows')], cols: +f[idx('array_cols')],
      dataflow: f[idx('dataflow')] as GemmSpec['dataflow'], sublayers: +f[idx('dw_split_sublayers')] };
  });
}

const core = await loadCore();
const highs = await loadHighs();

// SCALE-Sim-compatible mode: one layer (the 187 oracle layers, batched).
const specs = oracleSpecs();
const scalesimLayerUs = (timeMs(() => { for (let i = 0; i < 20; i++) scalesimGemms(core, specs); }) * 1000) / (20 * specs.length);

// The full `fast scalesim` model per layer (compute + SRAM/DRAM memory model, USER stalls), each oracle layer alone.
const memSpecs: ScalesimMemorySpec[] = loadOracle().map(oracleMemorySpec);
// One untimed pass over every layer first: otherwise the first layer timed carries V8's optimization of the memory
// model's walks (with one warm-up call per layer, the first of the list read 765–1,747 µs, 352–356 µs on later passes).
for (let i = 0; i < memSpecs.length; i++) { scalesimGemms(core, [specs[i]]); scalesimMemory(core, [memSpecs[i]]); }
const perLayerUs = memSpecs.map((spec, i) => timeMs(() => { scalesimGemms(core, [specs[i]]); scalesimMemory(core, [spec]); }, 5, 1) * 1000);
const scalesimFullLayerUs = median(perLayerUs);
const scalesimFullLayerMaxUs = Math.max(...perLayerUs);

// One op on one design including the schedule search: EfficientNet-B0's executed ops on tpu-v3, searched software.
const tpu = machineFromHardware(PRESETS['tpu-v3']);
const v4i = machineFromHardware(PRESETS.tpuv4i);
const b0Ops = lowerWorkload(zooWorkload('efficientnet-b0'), { batch: 64 }).map((l) => l.record);
const opEvalNs = (timeMs(() => { for (let i = 0; i < 50; i++) evalOps(core, tpu, SEARCHED_SOFTWARE, b0Ops); }, 15, 5) * 1e6) / (50 * b0Ops.length);

// Whole models (lowering + core + sums), with and without the fusion ILP.
const models = ['efficientnet-b0', 'efficientnet-b7', 'bert-base-1024'] as const;
// modelEvalMs: one design evaluation of a prepared workload (lowered once per workload and batch, as the search
// does); modelEvalColdMs includes lowering. Both with the searched schedule and layout, without fusion.
const modelEvalMs: Record<string, number> = {};
const modelEvalColdMs: Record<string, number> = {};
const modelEvalWithFusionMs: Record<string, number> = {};
const fusionSolveMs: Record<string, number> = {};
const fusionSolveColdMs: Record<string, number> = {};
for (const name of models) {
  const w = zooWorkload(name);
  const prepared = prepareWorkload(w, { batch: 64 });
  modelEvalMs[name] = timeMs(() => { for (let i = 0; i < 20; i++) evaluatePrepared(core, prepared, tpu, SEARCHED_SOFTWARE); }, 15, 5) / 20;
  modelEvalColdMs[name] = timeMs(() => evaluatePrepared(core, prepareWorkload(w, { batch: 64 }), tpu, SEARCHED_SOFTWARE));
  // fusionSolveMs: the median solve of 25 after 40 warm-up runs, the steady state a search worker reaches after its
  // first few dozen trials (it solves one per trial); fusionSolveColdMs: the median of the first 10 of the same runs,
  // before V8 has optimized the solver (EfficientNet-B0 comes first, so its cold figure carries the process's JIT
  // warm-up; 10–60 ms per solve) and while allocation from the first evaluations still triggers collections
  const solves: number[] = [];
  modelEvalWithFusionMs[name] = timeMs(() => { solves.push(simulateWithPasses(core, highs, w, v4i, { batch: 64, passes: ALL_PASSES }).fusion?.solveMs ?? 0); }, 25, 40);
  fusionSolveMs[name] = median(solves.slice(-25));
  fusionSolveColdMs[name] = median(solves.slice(0, 10));
}

// fusionAgreement: the structured exact solver against HiGHS (tight tolerances, no presolve: TIGHT_HIGHS) on ≥ 3,000
// fusion problems: zoo workloads × presets and drawn designs, and random network-shaped programs
// (tests/support/fusion-programs.ts).
const fusionAgreement = (() => {
  const rng = new Rng(17, 'bench-fusion-agreement');
  const problems = [
    ...zooProblems(core, rng, ['teaching-cnn', 'resnet50-v2', 'efficientnet-b0', 'efficientnet-b7', 'bert-base-128', 'bert-base-1024'], [1, 8, 64], 12),
    ...Array.from({ length: 3000 }, () => networkProgram(rng)),
  ];
  const t0 = performance.now();
  const a = agreement(problems, highs);
  return { ...a, seconds: (performance.now() - t0) / 1000 };
})();

// Round trip through a worker (Comlink + structured clone): the 187 oracle layers in one call.
const pool = createNodeSimPool(1);
await pool.run((api) => api.ping());
const rt: number[] = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  await pool.run((api) => api.scalesimGemms(specs));
  rt.push(performance.now() - t0);
}
await pool.close();

// searchTrialsPerS: a random-search study on efficientnet-b0 at batch 64 with all passes (designs with
// GMEM run the fusion ILP) through the search runner on Node worker pools of 1 and 2 workers. Workers are warmed
// first with a 32-trial study of another seed, toward the steady state of a long study: V8 first runs Wasm with its baseline
// compiler and optimizes a function once it is hot, so a fresh worker's first HiGHS solves take about three times as
// long (searchTrialsPerSCold: the same study on workers warmed with one design, which need not reach HiGHS).
// 32 trials give each of 2 workers only about two HiGHS solves: with --full, searchTrialsPerSLongWarm is the same
// study after a 500-trial warm-up study (docs/model.md §6.7). trials/s counts simulated trials over the study's wall time.
const searchTrialsPerS: Record<string, number> = {};
const searchTrialsPerSCold: Record<string, number> = {};
const searchTrialsPerSLongWarm: Record<string, number> = {};
let searchFusionShare = 0;
{
  const study = normalizeStudy({ workloads: ['efficientnet-b0'], algorithm: 'random', seed: 1, trials: 96, trialsPerBatch: 16 });
  const warmStudy = (trials: number) => normalizeStudy({ workloads: ['efficientnet-b0'], algorithm: 'random', seed: 2, trials, trialsPerBatch: 16 });
  const warm = { ...PRESETS['tpu-v3'], arrayRows: 64, arrayCols: 64, globalMemoryMiB: 16, localMemoryMiB: 4 };
  const modes: [Record<string, number>, number][] = [[searchTrialsPerSCold, 0], [searchTrialsPerS, 32]];
  if (process.argv.includes('--full')) modes.push([searchTrialsPerSLongWarm, 500]);
  for (const workers of [1, 2]) {
    const key = `${workers}worker${workers > 1 ? 's' : ''}`;
    for (const [figure, warmTrials] of modes) {
      const p = createNodeSimPool(workers);
      const scorer = poolScorer(p, study, study.workloads);
      await Promise.all(Array.from({ length: workers }, () => scorer.score([warm])));
      if (warmTrials) await runStudy({ study: warmStudy(warmTrials), workloadDigest: 'bench', scorer });
      let last: StudyProgress | undefined;
      const r = await runStudy({ study, workloadDigest: 'bench', scorer, onProgress: (q) => { last = q; } });
      await p.close();
      figure[key] = last!.trialsPerSecond;
      // every simulated trial solves the fusion ILP: local memory (every design has some) is a residency level, GMEM another
      searchFusionShare = r.trials.filter((t) => t.status === 'ok').length / r.trials.length;
    }
  }
}
const searchPoolEfficiency = searchTrialsPerS['2workers'] / (2 * searchTrialsPerS['1worker']);

// study5000Seconds (only with --full: minutes): the study an architect runs before trusting a result, as `fast search
// --workload efficientnet-b0 --trials 5000` runs it (evolution, seed 1, batch 64, all passes), on a pool of 2 workers;
// wall time from the first ask to the last tell, workers warmed first.
let study5000Seconds: number | undefined;
if (process.argv.includes('--full')) {
  const study = normalizeStudy({ workloads: ['efficientnet-b0'], seed: 1, trials: 5000 });
  const p = createNodeSimPool(2);
  const scorer = poolScorer(p, study, study.workloads);
  await Promise.all([0, 1].map(() => scorer.score([PRESETS['tpu-v3']])));
  const t0 = performance.now();
  await runStudy({ study, workloadDigest: 'bench-5000', scorer });
  study5000Seconds = (performance.now() - t0) / 1000;
  await p.close();
}

// boAsk16Ms: one BO ask(16) (then telling the 16) on the hardware space with 5,000 trials told (synthetic values,
// every tenth infeasible); median over 9 asks after one warm-up ask (the first also fits the GP from cold).
let boAsk16Ms: number;
{
  const space = hardwareSpace();
  const bo = new BayesianOptimization(space, 1);
  const rng = new Rng(7, 'bench-bo');
  const value = (p: Point) => -p.reduce((s, u, i) => s + (i + 1) * (u - 0.3) ** 2, 0);
  for (const p of bo.ask(20)) bo.tell(p, value(p));
  for (let i = 0; i < 5000; i++) {
    const p = snap(space.dims, space.dims.map(() => rng.float()));
    bo.tell(p, rng.int(10) === 0 ? null : value(p));
  }
  boAsk16Ms = timeMs(() => { for (const p of bo.ask(16)) bo.tell(p, value(p)); }, 9, 1);
}

const result = {
  cores: availableParallelism(),
  node: process.version,
  opEvalNs,
  modelEvalMs,
  modelEvalColdMs,
  modelEvalWithFusionMs,
  fusionSolveMs,
  fusionSolveColdMs,
  fusionAgreement,
  scalesimLayerUs,
  scalesimFullLayerUs,
  scalesimFullLayerMaxUs,
  workerRoundTripMs187Layers: median(rt),
  searchTrialsPerS,
  searchTrialsPerSCold,
  ...(Object.keys(searchTrialsPerSLongWarm).length ? { searchTrialsPerSLongWarm } : {}),
  searchPoolEfficiency,
  searchFusionShare,
  boAsk16Ms,
  ...(study5000Seconds !== undefined ? { study5000Seconds } : {}),
  notes: 'modelEval*: batch 64; without fusion on tpu-v3, with fusion on tpuv4i (128 MiB GMEM). fusionSolveMs: median of 25 solves after 40 warm-up runs (fusionSolveColdMs: median of the first 10). opEvalNs: EfficientNet-B0 ops on tpu-v3 with the searched schedule and layout. searchTrialsPerS: 96 random-search trials on efficientnet-b0 (batch 64, all passes; searchFusionShare of them are simulated, each solving the fusion ILP over local memory and GMEM), pools of 1 and 2 workers warmed by a 32-trial study (searchTrialsPerSCold: warmed by one design; searchTrialsPerSLongWarm, --full only: by a 500-trial study); searchPoolEfficiency = 2-worker / (2 × 1-worker). fusionAgreement: problems solved by the structured solver and by HiGHS (tolerances and gaps 1e-10, presolve off): checked (not declined), equal objectives to 1e-9, exactBetter (HiGHS\'s placement beaten by a feasible one), exactWorse. boAsk16Ms: BO ask(16) on the hardware space with 5,000 trials told. study5000Seconds (--full only): a 5,000-trial evolution study on efficientnet-b0 (seed 1, all passes), 2 workers.',
};
if (json) console.log(JSON.stringify(result));
else {
  for (const [k, v] of Object.entries(result)) {
    if (typeof v === 'object') for (const [kk, vv] of Object.entries(v)) console.log(`${(k + '.' + kk).padEnd(44)} ${Number((vv as number).toPrecision(4))}`);
    else console.log(`${k.padEnd(44)} ${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`);
  }
}
