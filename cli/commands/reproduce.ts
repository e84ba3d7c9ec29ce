// `fast reproduce [--quick] [--trials N] [--seed S] [--algorithm A] [--workers K] [--checkpoint F [--restart]]
// [--sensitivity [--sensitivity-trials N]] [--json]`:
// the paper's table (docs/sources.md §1.5) from our model: tpu-v3 baseline, tpu-v3 + FAST software, the best single-workload
// design and one suite design per workload, with the averages. Resumable from a checkpoint (cli/checkpoint-file.ts:
// atomic writes; an unusable file is a one-line message offering --restart); progress on a TTY. A run below the recorded
// run's trials (RESULTS_TRIALS, docs/results.md) says so: a `run` object in --json, a one-line note in the table.
// --sensitivity adds each headline gain's range (shared/api/reproduce.ts: the designs re-scored with every assumed
// coefficient at either end, the top three re-searched at --sensitivity-trials, the tpu-v3 TDP convention both ways);
// its studies share the checkpoint. Progress goes to stderr (a line per stage when stderr is not a terminal and
// --sensitivity is on), so --json's stdout stays one JSON document.
import { Command, Option } from 'commander';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import {
  HEADLINES, reproduce, reproduceSettings, sensitivitySettings, type Headline, type ReproduceReport, type ReproduceSettings,
} from '../../shared/api/reproduce';
import {
  CheckpointError, normalizeStudy, poolScorer, restoreStudyResult, runStudy, validateCheckpoint, type Checkpoint, type StudyResult,
} from '../../shared/search/index';
import { ALGORITHMS, type Algorithm } from '../../shared/search/strategy';
import { fnv1a } from '../../shared/search/evaluate';
import { zooWorkload } from '../../shared/workload';
import { createNodeSimPool, defaultWorkerCount } from '../node-pool';
import { CheckpointFile, readCheckpointFile, unusableCheckpoint } from '../checkpoint-file';
import { asUsage, UsageError, type Io } from '../errors';
import { table } from '../output';

interface Opts {
  quick?: boolean; trials?: string; seed?: string; algorithm: Algorithm; workers?: string; checkpoint?: string; restart?: boolean; json?: boolean;
  workloads?: string; sensitivity?: boolean; sensitivityTrials?: string;
}

const FORMAT = 'fast-reproduce-checkpoint';
const VERSION = 1;
interface ReproduceCheckpoint {
  format: typeof FORMAT;
  version: number;
  settings: ReproduceSettings;
  done: Record<string, StudyResult>;
  inflight?: { id: string; checkpoint: Checkpoint };
}

const int = (flag: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v)) throw new UsageError(`${flag} must be a whole number (got "${text}")`);
  return v;
};

function progressLine(io: Io, enabled: boolean) {
  let last = 0;
  return (text: string, force = false) => {
    if (!enabled) return;
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    io.err(`\r\x1b[K${text}`);
  };
}

export async function runReproduce(o: Opts, io: Io): Promise<ReproduceReport> {
  const settings = asUsage(() => reproduceSettings({
    quick: o.quick, trials: int('--trials', o.trials), seed: int('--seed', o.seed), algorithm: o.algorithm,
    workloads: o.workloads ? o.workloads.split(',').map((w) => w.trim()).filter(Boolean) : undefined,
  }));
  for (const w of settings.workloads) asUsage(() => zooWorkload(w));
  if (o.sensitivityTrials !== undefined && !o.sensitivity) throw new UsageError('--sensitivity-trials needs --sensitivity');
  const sens = o.sensitivity ? asUsage(() => sensitivitySettings({ trials: int('--sensitivity-trials', o.sensitivityTrials) }, settings)) : undefined;
  const workers = int('--workers', o.workers) ?? defaultWorkerCount();
  if (workers < 1 || workers > 64) throw new UsageError(`--workers must be from 1 to 64 (got ${workers})`);

  if (o.restart && !o.checkpoint) throw new UsageError('--restart needs --checkpoint F (it starts F over)');
  let cp: ReproduceCheckpoint = { format: FORMAT, version: VERSION, settings, done: {} };
  if (o.checkpoint && !o.restart) {
    const saved = await readCheckpointFile(o.checkpoint) as Partial<ReproduceCheckpoint> | null | undefined;
    if (saved !== undefined) {
      if (!saved || typeof saved !== 'object' || saved.format !== FORMAT || saved.version !== VERSION) throw unusableCheckpoint(o.checkpoint, 'it is not a fast reproduce checkpoint of this version');
      if (JSON.stringify(saved.settings) !== JSON.stringify(settings)) throw unusableCheckpoint(o.checkpoint, 'it was written with other settings (trials, seed, algorithm or workloads)', 'use the same flags');
      if (!saved.done || typeof saved.done !== 'object' || Array.isArray(saved.done)) throw unusableCheckpoint(o.checkpoint, 'it is damaged (no record of finished studies)');
      cp = saved as ReproduceCheckpoint;
    }
  }
  const file = o.checkpoint ? new CheckpointFile(o.checkpoint) : undefined;
  const save = async () => { await file?.write(cp); };
  /** A study restored from the checkpoint: validated and re-summarized from its trials (a damaged entry is refused). */
  const restored = (id: string, study: Parameters<typeof validateCheckpoint>[1], digest: string): { done?: StudyResult; resume?: Checkpoint } => {
    try {
      if (Object.prototype.hasOwnProperty.call(cp.done, id)) return { done: restoreStudyResult(cp.done[id], study) };
      if (cp.inflight?.id === id) return { resume: validateCheckpoint(cp.inflight.checkpoint, study, digest) };
      return {};
    } catch (e) {
      if (e instanceof CheckpointError) throw unusableCheckpoint(o.checkpoint!, `study "${id}": ${e.message}`);
      throw e;
    }
  };

  // Progress on stderr: a live line on a terminal; with --sensitivity (a long run) a line per stage otherwise.
  const tty = !!process.stderr.isTTY;
  const show = progressLine(io, tty);
  const stageLines = !tty && !!sens;
  const pool = createNodeSimPool(workers);
  try {
    const core = await loadCore();
    const highs = await loadHighs();
    let stageText = '';
    const report = await reproduce(settings, {
      core, highs,
      onStage: (stage, i, n) => {
        stageText = `[${i + 1}/${n}] ${stage}`;
        show(stageText, true);
        if (stageLines) io.err(`${stageText}\n`);
      },
      runStudy: async (id, input) => {
        const study = asUsage(() => normalizeStudy(input));
        const specs = study.workloads.map((w) => zooWorkload(w));
        const digest = fnv1a(JSON.stringify(specs));
        const { done, resume } = restored(id, study, digest);
        if (done) return done;
        const result = await runStudy({
          study, resume, workloadDigest: digest,
          scorer: poolScorer(pool, study, study.workloads),
          onCheckpoint: async (c, when) => { cp.inflight = { id, checkpoint: c }; await file?.write(cp, { throttle: when === 'chunk' }); },
          onProgress: (p) => show(`${stageText}: ${p.completed}/${p.total} trials, ${p.trialsPerSecond.toFixed(1)}/s, best ${p.bestGain === null ? '–' : p.bestGain.toFixed(2) + '×'}`),
        }).catch((e) => {
          // The replay of the study in flight (runStudy's first step) found it does not match this study's history.
          if (e instanceof CheckpointError && resume) throw unusableCheckpoint(o.checkpoint!, `study "${id}": ${e.message}`);
          throw e;
        });
        cp.done[id] = result;
        delete cp.inflight;
        await save();
        return result;
      },
    }, sens);
    if (tty) io.err('\r\x1b[K');
    return report;
  } finally {
    await pool.close();
  }
}

const f2 = (v: number) => v.toFixed(2);

/** Trials per study of the recorded run behind docs/results.md and the README's table (docs/results.json settings). */
export const RESULTS_TRIALS = 1500;

/** What kind of run this was: its trials per study, and (below the recorded run's budget) why its gains differ. */
export interface RunNote { trials: number; suiteTrials: number; quick: boolean; resultsTrials: number; shortRun: boolean; caveat: string | null }

export function runNote(s: ReproduceSettings): RunNote {
  const shortRun = s.quick || s.trials < RESULTS_TRIALS || s.suiteTrials < RESULTS_TRIALS;
  const caveat = shortRun
    ? `a short, low-trial run (${s.trials} trials per study${s.quick ? ', --quick' : ''}): its gains are usually lower than the full run behind docs/results.md and the README (--trials ${RESULTS_TRIALS}); compare only runs with the same --trials`
    : null;
  return { trials: s.trials, suiteTrials: s.suiteTrials, quick: s.quick, resultsTrials: RESULTS_TRIALS, shortRun, caveat };
}

export function reproduceCommand(io: Io): Command {
  return new Command('reproduce')
    .description("the paper's table: tpu-v3, tpu-v3 + FAST software, single-workload and suite designs per workload")
    .option('--quick', `fewer trials (a few minutes on 2 cores); a short run, whose gains are usually lower than docs/results.md's (--trials ${RESULTS_TRIALS})`)
    .option('--trials <N>', 'trials per study (default: 48 quick, 400 full)')
    .option('--seed <S>', 'seed of every study', '1')
    .addOption(new Option('--algorithm <A>', 'search algorithm').choices([...ALGORITHMS]).default('evolution'))
    .option('--workloads <W,…>', 'a subset of the paper workloads (default: all eleven)')
    .option('--workers <K>', 'worker threads (default: all cores)')
    .option('--checkpoint <F>', 'resume from / save progress to this file')
    .option('--restart', 'with --checkpoint: ignore what F holds and start over (F is overwritten)')
    .option('--sensitivity', 'each headline gain with its range: the designs re-scored with every assumed cost coefficient at its low and high end, the top three re-searched, the tpu-v3 TDP convention both ways')
    .option('--sensitivity-trials <N>', 'with --sensitivity: trials of each re-search study (default 100, or --trials when fewer)')
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const r = await runReproduce(o, io);
      const note = runNote(r.settings);
      if (o.json) { io.out(JSON.stringify({ ...r, run: note }, null, 2) + '\n'); return; }
      io.out(`${note.trials} trials per study (suite ${note.suiteTrials}), seed ${r.settings.seed}, ${r.settings.algorithm}\n`);
      if (note.caveat) io.out(`note: ${note.caveat}\n`);
      io.out(table(
        ['workload', 'tpu-v3 /s', 'Perf/TDP', 'software only ×', 'single design ×', 'suite design ×'],
        r.rows.map((x) => [x.workload, Math.round(x.baseline.throughputPerSecond), Number(x.baseline.perfPerTdp.toPrecision(3)), f2(x.softwareOnly.gain), f2(x.single.gain), f2(x.suite.gain)]),
      ) + '\n');
      io.out(`\ngeometric means: single-workload ${f2(r.averageSingleWorkloadGain)}× (paper 3.7×), suite ${f2(r.averageSuiteGain)}× (paper 2.4×), software only ${f2(r.averageSoftwareOnlyGain)}× (paper up to 1.8×)\n`);
      if (r.sensitivity) io.out(sensitivityText(r));
    });
}

const HEADLINE_LABELS: Record<Headline, string> = { singleWorkloadGain: 'single-workload', suiteGain: 'suite', softwareOnlyGain: 'software only' };

/** The --sensitivity part of the table output. */
export function sensitivityText(r: ReproduceReport): string {
  const x = r.sensitivity!;
  const lines: string[] = ['', 'sensitivity (re-scored: every assumed coefficient at its low and high end, knobs re-fitted):'];
  for (const h of HEADLINES) {
    const g = x.ranges[h];
    const by = g.lowBy || g.highBy ? `; low: ${g.lowBy ?? 'central'}, high: ${g.highBy ?? 'central'}` : '; no assumption moves it';
    lines.push(`  ${HEADLINE_LABELS[h]}: ${f2(g.central)}× (range ${f2(g.low)}–${f2(g.high)}×${by})`);
  }
  lines.push(table(
    ['assumption', 'low', 'high', 'single ×', 'suite ×', 'swing'],
    x.rescored.slice(0, 6).map((a) => [a.key, a.low, a.high, `${f2(a.atLow.singleWorkloadGain)}–${f2(a.atHigh.singleWorkloadGain)}`, `${f2(a.atLow.suiteGain)}–${f2(a.atHigh.suiteGain)}`, `${(100 * a.swing).toFixed(1)}%`]),
  ));
  const rs = x.research;
  lines.push('', `re-searched at ${rs.trials} trials per study (central at ${rs.trials} trials: single-workload ${f2(rs.central.gains.singleWorkloadGain)}×, suite ${f2(rs.central.gains.suiteGain)}×):`);
  lines.push(table(
    ['assumption', 'end', 'value', 'single ×', 'suite ×'],
    rs.runs.map((u) => [u.assumption ?? 'central', u.end ?? '', u.value ?? '', f2(u.gains.singleWorkloadGain), f2(u.gains.suiteGain)]),
  ));
  const t = x.tdpConvention;
  lines.push('', `TDP convention (designs at modelled peak power): tpu-v3 at its rated ${t.tpuV3RatedWatts} W: single-workload ${f2(t.rated.singleWorkloadGain)}×, suite ${f2(t.rated.suiteGain)}×; tpu-v3 at its modelled peak ${t.tpuV3PeakWatts.toFixed(0)} W: single-workload ${f2(t.peak.singleWorkloadGain)}×, suite ${f2(t.peak.suiteGain)}×`);
  return lines.join('\n') + '\n';
}
