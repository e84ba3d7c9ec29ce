// `fast compare-algorithms --workload W --trials N --seeds K [--algorithms a,b,…] [--workers K] [--json] …`:
// the four search algorithms on the same study, seeds 1…K each, with their best-so-far curves averaged over the
// seeds (arithmetic mean of the best gain after each trial). One worker pool serves every run, and a design scored
// once is never re-simulated (results are deterministic, so sharing them changes nothing). docs/model.md §6.
import { Command } from 'commander';
import {
  ALGORITHMS, isAlgorithm, normalizeStudy, poolScorer, runStudy,
  type Algorithm, type StudySpec, type TrialEvaluation,
} from '../../shared/search/index';
import { createNodeSimPool, defaultWorkerCount } from '../node-pool';
import { asUsage, UsageError, type Io } from '../errors';
import { formatNumber, table } from '../output';
import { ProgressBar, addCommonOptions, commonStudy, parseWhole, resolveWorkloads, type CommonOpts } from './search';

interface CompareOpts extends CommonOpts { seeds?: string; algorithms?: string }

export interface AlgorithmComparison {
  algorithm: Algorithm;
  /** Mean over seeds of the best gain after each trial (null while some seed has no feasible trial yet). */
  meanBestSoFar: (number | null)[];
  finalBest: { mean: number | null; min: number | null; max: number | null; perSeed: (number | null)[] };
  /** Feasible trials per seed (mean). */
  meanFeasibleTrials: number;
}

export interface ComparisonResult {
  study: Omit<StudySpec, 'algorithm' | 'seed'>;
  seeds: number[];
  algorithms: AlgorithmComparison[];
}

export async function runCompare(o: CompareOpts, showProgress = false): Promise<ComparisonResult> {
  const w = await resolveWorkloads(o.workload);
  const seedCount = parseWhole('--seeds', o.seeds, 1, 1000) ?? 3;
  const algorithms = (o.algorithms ?? ALGORITHMS.join(',')).split(',').map((a) => a.trim());
  for (const a of algorithms) if (!isAlgorithm(a)) throw new UsageError(`--algorithms: unknown algorithm "${a}" (use ${ALGORITHMS.join(', ')})`);
  const base = commonStudy(o, w.names);
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const studies = (algorithms as Algorithm[]).map((algorithm) => seeds.map((seed) => asUsage(() => normalizeStudy({ ...base, algorithm, seed }))));
  const workers = parseWhole('--workers', o.workers, 1, 64) ?? defaultWorkerCount();
  const pool = createNodeSimPool(workers);
  const cache = new Map<string, TrialEvaluation>();
  try {
    const out: AlgorithmComparison[] = [];
    for (const runs of studies) {
      const curves: (number | null)[][] = [];
      const finals: (number | null)[] = [];
      let feasible = 0;
      for (const study of runs) {
        const bar = new ProgressBar(showProgress, `${study.algorithm} seed ${study.seed} `);
        const r = await runStudy({ study, workloadDigest: w.digest, scorer: poolScorer(pool, study, w.payload), cache, onProgress: (p) => bar.update(p) });
        bar.done();
        curves.push(r.bestSoFar);
        finals.push(r.best ? r.best.gainVsTpuV3 : null);
        feasible += r.trials.filter((t) => t.status === 'ok').length;
      }
      const n = curves[0].length;
      const meanBestSoFar = Array.from({ length: n }, (_, i) => {
        const vs = curves.map((c) => c[i]);
        return vs.some((v) => v === null) ? null : (vs as number[]).reduce((s, v) => s + v, 0) / vs.length;
      });
      const found = finals.filter((v): v is number => v !== null);
      out.push({
        algorithm: runs[0].algorithm,
        meanBestSoFar,
        finalBest: {
          mean: found.length === finals.length ? found.reduce((s, v) => s + v, 0) / found.length : null,
          min: found.length ? Math.min(...found) : null,
          max: found.length ? Math.max(...found) : null,
          perSeed: finals,
        },
        meanFeasibleTrials: feasible / runs.length,
      });
    }
    const { algorithm: _a, seed: _s, ...study } = studies[0][0];
    return { study, seeds, algorithms: out };
  } finally {
    await pool.close();
  }
}

const f3 = (v: number | null) => (v === null ? '—' : formatNumber(v, 3));

export function humanCompare(r: ComparisonResult): string {
  const n = r.study.trials;
  const marks = [...new Set([Math.round(n / 10), Math.round(n / 4), Math.round(n / 2), n].filter((m) => m >= 1))];
  return [
    `${r.study.workloads.join(', ')}: ${n} trials × seeds ${r.seeds.join(', ')}; batch ${r.study.batch}, ${r.study.processNode}, area ≤ ${f3(r.study.maxAreaMm2)} mm²`,
    'mean best Perf/TDP gain vs tpu-v3 after N trials:',
    table(['algorithm', ...marks.map((m) => `N=${m}`), 'min', 'max', 'feasible'],
      r.algorithms.map((a) => [a.algorithm, ...marks.map((m) => f3(a.meanBestSoFar[m - 1])), f3(a.finalBest.min), f3(a.finalBest.max), Math.round(a.meanFeasibleTrials)])),
  ].join('\n') + '\n';
}

export function compareAlgorithmsCommand(io: Io): Command {
  return addCommonOptions(new Command('compare-algorithms')
    .description('run every search algorithm over several seeds and average their best-so-far curves')
    .option('--trials <N>', 'trials per run (default 200)')
    .option('--seeds <K>', 'seeds 1…K per algorithm (default 3)')
    .option('--algorithms <a,…>', `which algorithms (default: ${ALGORITHMS.join(',')})`))
    .action(async (o: CompareOpts) => {
      const r = await runCompare(o, !o.json && process.stderr.isTTY === true);
      io.out(o.json ? JSON.stringify(r) + '\n' : humanCompare(r));
    });
}
