// Reproducing the paper (`fast reproduce`, issue "Reproduce the paper"): for every paper workload,
// tpu-v3 with the baseline software, tpu-v3 with FAST's software alone, the best single-workload design, and one
// design searched for the whole suite; gains, their means, and the ablation. Every number comes from the model.
// Pure shared code: the caller supplies the core, HiGHS and a study runner over its worker pool.
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import { zooWorkload, type WorkloadSpec } from '../workload';
import { COEFFICIENTS, coefficientsWith, hardwareCost, type AssumedValues, type AssumptionKey, type CoefficientTable, type HardwareSpec } from '../hardware';
import { simulate, type SimulateReport } from './simulate';
import { ALL_PASSES } from '../compiler/passes';
import { ablation, type AblationRow } from './ablation';
import type { StudyInput } from '../search/study-spec';
import type { StudyResult } from '../search/study-result';
import type { Algorithm } from '../search/strategy';
import { baselineHardware, BASELINE_PASSES, BASELINE_PRESET } from '../search/baseline';
import { roi, ROI_DEFAULTS, type RoiResult } from '../roi';
import { assumptionEnds } from './sensitivity';

/** The paper's benchmarks (docs/sources.md §1.4): EfficientNet-B0…B7, ResNet-50v2, BERT at sequence 128 and 1024. */
export const PAPER_WORKLOADS = [
  'efficientnet-b0', 'efficientnet-b1', 'efficientnet-b2', 'efficientnet-b3', 'efficientnet-b4', 'efficientnet-b5',
  'efficientnet-b6', 'efficientnet-b7', 'resnet50-v2', 'bert-base-128', 'bert-base-1024',
] as const;

/** The paper's headline averages (docs/sources.md §1.5). */
export const PAPER_AVERAGES = { singleWorkloadGain: 3.7, suiteGain: 2.4, softwareOnlyGain: 1.8 } as const;

export interface ReproduceSettings {
  workloads: string[];
  batch: number;
  seed: number;
  algorithm: Algorithm;
  /** Trials of each single-workload study and of the suite study. */
  trials: number;
  suiteTrials: number;
  quick: boolean;
}

export const QUICK_TRIALS = 48;
export const FULL_TRIALS = 400;

export function reproduceSettings(o: { quick?: boolean; trials?: number; seed?: number; algorithm?: Algorithm; batch?: number; workloads?: string[] }): ReproduceSettings {
  const quick = !!o.quick;
  const trials = o.trials ?? (quick ? QUICK_TRIALS : FULL_TRIALS);
  if (!Number.isInteger(trials) || trials < 1 || trials > 100_000) throw new Error(`--trials must be a whole number from 1 to 100000 (got ${o.trials})`);
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`--seed must be a whole number from 0 to 4294967295 (got ${o.seed})`);
  return {
    workloads: o.workloads ?? [...PAPER_WORKLOADS],
    batch: o.batch ?? 64,
    seed,
    algorithm: o.algorithm ?? 'evolution',
    trials,
    suiteTrials: trials,
    quick,
  };
}

export interface DesignRun {
  throughputPerSecond: number;
  latencySeconds: number;
  tdpWatts: number;
  areaMm2: number;
  perfPerTdp: number;
  /** Perf/TDP over tpu-v3 with the baseline software. */
  gain: number;
}

export interface Bottleneck {
  /** Share of time by bound on this design. */
  byBound: Record<'compute' | 'vector' | 'memory' | 'overhead', number>;
  /** The op kinds (and units) taking the most time, with their share. */
  topKinds: { kind: string; share: number }[];
  utilization: number;
}

export interface ReproduceRow {
  workload: string;
  baseline: DesignRun & { bottleneck: Bottleneck };
  softwareOnly: DesignRun;
  single: DesignRun & { hardware: HardwareSpec; bottleneck: Bottleneck };
  suite: DesignRun;
  ablation: AblationRow[];
}

export interface ReproduceReport {
  settings: ReproduceSettings;
  /** How the averages are taken. */
  mean: 'geometric';
  averageSingleWorkloadGain: number;
  averageSuiteGain: number;
  averageSoftwareOnlyGain: number;
  arithmeticMeans: { singleWorkloadGain: number; suiteGain: number; softwareOnlyGain: number };
  paper: typeof PAPER_AVERAGES;
  suiteDesign: { hardware: HardwareSpec; areaMm2: number; tdpWatts: number; gain: number } | null;
  rows: ReproduceRow[];
  /** ROI of the suite design at a few fleet sizes (defaults of docs/model.md §7, the design's own TDP). */
  roi: { chips: number; result: RoiResult }[];
  /** The headline gains' ranges (`fast reproduce --sensitivity`); absent from a run without it (and older records). */
  sensitivity?: ReproduceSensitivity;
}

const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function bottleneck(r: SimulateReport): Bottleneck {
  const total = r.totals.cycles;
  const byKind = new Map<string, number>();
  for (const o of r.ops) {
    const kind = o.kind === 'conv2d' && /\/dw$/.test(o.name) ? `depthwise conv (${o.schedule.unit})` : o.kind === 'conv2d' ? `conv2d (${o.schedule.unit})` : o.kind;
    byKind.set(kind, (byKind.get(kind) ?? 0) + o.cycles);
  }
  return {
    byBound: {
      compute: r.cyclesByBound.compute / total, vector: r.cyclesByBound.vector / total,
      memory: r.cyclesByBound.memory / total, overhead: r.cyclesByBound.overhead / total,
    },
    topKinds: [...byKind.entries()].map(([kind, c]) => ({ kind, share: c / total })).sort((a, b) => b.share - a.share).slice(0, 4),
    utilization: r.totals.utilization,
  };
}

function run(r: SimulateReport, baselinePerfPerTdp: number): DesignRun {
  return {
    throughputPerSecond: r.throughputPerSecond, latencySeconds: r.latencySeconds, tdpWatts: r.tdpWatts,
    areaMm2: r.areaMm2, perfPerTdp: r.perfPerTdp, gain: r.perfPerTdp / baselinePerfPerTdp,
  };
}

/** What the reproduction needs from its host: a study runner (over a worker pool) with checkpointing. */
export interface ReproduceHost {
  core: Core;
  highs: LegacyHighs;
  /**
   * Run (or resume) one study; `id` names it for checkpoints ("single:<workload>" or "suite"; a sensitivity re-search's
   * carry the prefix "sens@<trials>:<assumption>=<low|high>:" or "sens@<trials>:central:", see researchStudyId).
   */
  runStudy(id: string, study: StudyInput): Promise<StudyResult>;
  onStage?(stage: string, index: number, total: number): void;
}

// ---- sensitivity (`fast reproduce --sensitivity`) ----------------------------------------------------------------

/** The three headline gains: geometric means over the workloads. */
export interface HeadlineGains { singleWorkloadGain: number; suiteGain: number; softwareOnlyGain: number }
export const HEADLINES = ['singleWorkloadGain', 'suiteGain', 'softwareOnlyGain'] as const;
export type Headline = (typeof HEADLINES)[number];

/** Trials of each re-search study by default (--sensitivity-trials), or the main run's trials when fewer (--quick). */
export const SENSITIVITY_TRIALS = 100;
/** How many assumptions (those that move the headline gains most when re-scored) are re-searched at each end. */
export const RESEARCHED_ASSUMPTIONS = 3;

export interface SensitivitySettings {
  /** Trials of every re-search study (single-workload and suite). */
  trials: number;
  /** Assumptions re-searched (the top ones by swing). */
  researched: number;
}

export function sensitivitySettings(o: { trials?: number }, s: Pick<ReproduceSettings, 'trials'>): SensitivitySettings {
  const trials = o.trials ?? Math.min(SENSITIVITY_TRIALS, s.trials);
  if (!Number.isInteger(trials) || trials < 1 || trials > 100_000) throw new Error(`--sensitivity-trials must be a whole number from 1 to 100000 (got ${o.trials})`);
  return { trials, researched: RESEARCHED_ASSUMPTIONS };
}

/** One assumption re-scored: the found designs and tpu-v3 re-priced with it at each end (knobs re-fitted). */
export interface AssumptionSwing {
  key: AssumptionKey;
  label: string;
  unit: string;
  value: number;
  low: number;
  high: number;
  atLow: HeadlineGains;
  atHigh: HeadlineGains;
  /** max over the headlines of |gain at high − gain at low| ÷ the central gain: the ranking. */
  swing: number;
  /**
   * Found designs (distinct single-workload designs and the suite design) whose area, re-priced at that end, is over
   * tpu-v3's re-priced area: the budget the searches kept to would have ruled them out (the re-searches keep to it).
   */
  designsOverArea: { low: number; high: number };
}

/** A headline's range: min and max over every assumption at either end (the central value included). */
export interface HeadlineRange {
  central: number;
  low: number;
  high: number;
  /** What gives the low / high end ("<assumption>=low|high"); null when it is the central value itself. */
  lowBy: string | null;
  highBy: string | null;
}

/** One re-search: every study of the reproduction re-run with the coefficient table changed (or, central, not). */
export interface ResearchRun {
  assumption: AssumptionKey | null;
  end: 'low' | 'high' | null;
  value: number | null;
  /** The headline gains of the designs it found, priced with its own table against tpu-v3 priced the same way. */
  gains: HeadlineGains;
  /** The designs it found (null: no feasible design, tpu-v3 with the baseline software counts instead, as in the main run). */
  singles: { workload: string; hardware: HardwareSpec | null }[];
  suiteDesign: HardwareSpec | null;
}

/** How the headline gains move with the cost model's assumed coefficients and with the tpu-v3 TDP convention. */
export interface ReproduceSensitivity {
  version: 1;
  settings: SensitivitySettings;
  /** Each headline's range over the re-scoring (min/max over every assumption at either end). */
  ranges: Record<Headline, HeadlineRange>;
  /** Every assumption re-scored, by swing (largest first). */
  rescored: AssumptionSwing[];
  /**
   * The top assumptions re-searched at each end, at `settings.trials` trials per study, with a central re-search at
   * the same trials to compare with (the main run itself when its trials are the same).
   */
  research: { trials: number; assumptions: AssumptionKey[]; central: ResearchRun; runs: ResearchRun[] };
  /**
   * Perf/TDP with every design at its modelled peak power and tpu-v3 at its rated TDP (`rated`, the published 450 W)
   * or at its modelled peak power (`peak`). Software only runs on tpu-v3 itself, so its gain is the same either way.
   */
  tdpConvention: {
    tpuV3RatedWatts: number;
    tpuV3PeakWatts: number;
    /** tpu-v3's modelled TDP (peak × the fitted training rating): the headline's convention. */
    tpuV3ModelTdpWatts: number;
    rated: HeadlineGains;
    peak: HeadlineGains;
  };
}

/** The throughputs a headline needs per workload: performance does not depend on the cost coefficients. */
export interface ScoredRow {
  workload: string;
  baseThroughput: number;
  softThroughput: number;
  single: { hardware: HardwareSpec; throughput: number };
  suite: { hardware: HardwareSpec; throughput: number };
}

/** The rows of a report as throughputs and designs. */
export function scoredRows(r: ReproduceReport): ScoredRow[] {
  const tpu = baselineHardware();
  return r.rows.map((x) => ({
    workload: x.workload,
    baseThroughput: x.baseline.throughputPerSecond,
    softThroughput: x.softwareOnly.throughputPerSecond,
    single: { hardware: x.single.hardware, throughput: x.single.throughputPerSecond },
    suite: { hardware: r.suiteDesign?.hardware ?? tpu, throughput: x.suite.throughputPerSecond },
  }));
}

/**
 * The headline gains of `rows` with every chip priced by `watts` (default: TDP from `table`) and tpu-v3 by
 * `baselineWatts` (default: the same `watts`). The software-only gain compares tpu-v3 with tpu-v3: the watts cancel.
 */
export function headlineGains(rows: readonly ScoredRow[], batch: number, table: CoefficientTable = COEFFICIENTS,
  watts: (h: HardwareSpec) => number = (h) => hardwareCost({ ...h, batch }, table).tdpWatts, baselineWatts?: number): HeadlineGains {
  const tpuW = baselineWatts ?? watts(baselineHardware(batch));
  const gain = (thr: number, w: number, base: number) => (thr / w) / (base / tpuW);
  return {
    singleWorkloadGain: geomean(rows.map((x) => gain(x.single.throughput, watts(x.single.hardware), x.baseThroughput))),
    suiteGain: geomean(rows.map((x) => gain(x.suite.throughput, watts(x.suite.hardware), x.baseThroughput))),
    softwareOnlyGain: geomean(rows.map((x) => x.softThroughput / x.baseThroughput)),
  };
}

/** Every assumption at each end, the found designs re-priced (no re-simulation), by swing. */
export function rescoreAssumptions(report: ReproduceReport): AssumptionSwing[] {
  const rows = scoredRows(report);
  const central = headlineOf(report);
  // Distinct found designs (tpu-v3 itself, where a search found nothing, is never over its own area).
  const key = (h: HardwareSpec) => JSON.stringify(Object.entries({ ...h, batch: report.settings.batch }).sort(([p], [q]) => p.localeCompare(q)));
  const designs = [...new Map([...rows.map((r) => r.single.hardware), ...(report.suiteDesign ? [report.suiteDesign.hardware] : [])].map((h) => [key(h), h])).values()];
  const out = assumptionEnds().map(({ key, assumption: a, low, high }) => {
    const atLow = headlineGains(rows, report.settings.batch, low);
    const atHigh = headlineGains(rows, report.settings.batch, high);
    const swing = Math.max(...HEADLINES.map((h) => Math.abs(atHigh[h] - atLow[h]) / central[h]));
    const over = (table: CoefficientTable) => {
      const budget = hardwareCost(baselineHardware(report.settings.batch), table).areaMm2;
      return designs.filter((h) => hardwareCost({ ...h, batch: report.settings.batch }, table).areaMm2 > budget * (1 + 1e-9)).length;
    };
    return { key, label: a.label, unit: a.unit, value: a.value, low: a.low, high: a.high, atLow, atHigh, swing, designsOverArea: { low: over(low), high: over(high) } };
  });
  return out.sort((p, q) => q.swing - p.swing || p.key.localeCompare(q.key));
}

/** The report's own headline gains. */
export const headlineOf = (r: ReproduceReport): HeadlineGains => ({
  singleWorkloadGain: r.averageSingleWorkloadGain, suiteGain: r.averageSuiteGain, softwareOnlyGain: r.averageSoftwareOnlyGain,
});

/** Each headline's min and max over the re-scored assumptions, the central value included. */
export function headlineRanges(central: HeadlineGains, swings: readonly AssumptionSwing[]): Record<Headline, HeadlineRange> {
  const range = (h: Headline): HeadlineRange => {
    const r: HeadlineRange = { central: central[h], low: central[h], high: central[h], lowBy: null, highBy: null };
    for (const s of swings) {
      for (const end of ['low', 'high'] as const) {
        const v = (end === 'low' ? s.atLow : s.atHigh)[h];
        // A re-scored value within rounding of the central one is no swing (the software-only gain divides two
        // Perf/TDP of one design, whose TDP cancels only to the last bit).
        if (Math.abs(v - central[h]) <= 1e-12 * Math.abs(central[h])) continue;
        if (v < r.low) { r.low = v; r.lowBy = `${s.key}=${end}`; }
        if (v > r.high) { r.high = v; r.highBy = `${s.key}=${end}`; }
      }
    }
    return r;
  };
  return { singleWorkloadGain: range('singleWorkloadGain'), suiteGain: range('suiteGain'), softwareOnlyGain: range('softwareOnlyGain') };
}

/** The tpu-v3 TDP convention both ways: designs at their modelled peak power, tpu-v3 at its rated 450 W or its modelled peak. */
export function tdpConvention(report: ReproduceReport): ReproduceSensitivity['tdpConvention'] {
  const rows = scoredRows(report);
  const batch = report.settings.batch;
  const peak = (h: HardwareSpec) => hardwareCost({ ...h, batch }, COEFFICIENTS).peakWatts;
  const tpu = hardwareCost(baselineHardware(batch), COEFFICIENTS);
  const rated = COEFFICIENTS.sources.tpuV3TdpW.value;
  return {
    tpuV3RatedWatts: rated, tpuV3PeakWatts: tpu.peakWatts, tpuV3ModelTdpWatts: tpu.tdpWatts,
    rated: headlineGains(rows, batch, COEFFICIENTS, peak, rated),
    peak: headlineGains(rows, batch, COEFFICIENTS, peak, tpu.peakWatts),
  };
}

/** The checkpoint id prefix of a re-search's studies. */
export function researchStudyId(trials: number, assumption: AssumptionKey | null, end: 'low' | 'high' | null): string {
  return `sens@${trials}:${assumption === null ? 'central' : `${assumption}=${end}`}:`;
}

// ---- the reproduction ----------------------------------------------------------------------------------------------

interface Searched { singles: Map<string, StudyResult>; suite: StudyResult }

/** Every study of the reproduction: one per workload and the suite, `assumed` overriding the cost model's coefficients. */
async function searchAll(s: ReproduceSettings, host: ReproduceHost, o: { prefix: string; trials: number; assumed?: Partial<AssumedValues>; label: string; stage: () => [number, number] }): Promise<Searched> {
  const singles = new Map<string, StudyResult>();
  const extra = o.assumed ? { assumed: o.assumed } : {};
  for (const w of s.workloads) {
    host.onStage?.(`${o.label}single-workload search: ${w}`, ...o.stage());
    singles.set(w, await host.runStudy(`${o.prefix}single:${w}`, { workloads: [w], batch: s.batch, seed: s.seed, algorithm: s.algorithm, trials: o.trials, ...extra }));
  }
  host.onStage?.(`${o.label}suite search: all workloads`, ...o.stage());
  const suite = await host.runStudy(`${o.prefix}suite`, { workloads: s.workloads, batch: s.batch, seed: s.seed, algorithm: s.algorithm, trials: o.trials, ...extra });
  return { singles, suite };
}

export async function reproduce(s: ReproduceSettings, host: ReproduceHost, sens?: SensitivitySettings): Promise<ReproduceReport> {
  const tpu = baselineHardware();
  const workloads = new Map<string, WorkloadSpec>(s.workloads.map((w) => [w, zooWorkload(w)]));
  const sim = (w: string, hardware: HardwareSpec, name: string, passes = ALL_PASSES) =>
    simulate(host.core, host.highs, { workload: workloads.get(w)!, hardware: { ...hardware, batch: s.batch }, hardwareName: name, batch: s.batch, passes });
  const perSearch = s.workloads.length + 1;
  const researches = sens ? 2 * sens.researched + (sens.trials === s.trials ? 0 : 1) : 0;
  const stages = perSearch * (1 + researches) + 1 + (sens ? 2 : 0);
  let stage = 0;
  const next = (): [number, number] => [stage++, stages];

  const main = await searchAll(s, host, { prefix: '', trials: s.trials, label: '', stage: next });
  host.onStage?.('evaluating the designs', ...next());

  const suiteHw = main.suite.best?.hardware;
  const rows: ReproduceRow[] = s.workloads.map((w) => {
    const base = sim(w, tpu, BASELINE_PRESET, BASELINE_PASSES);
    const soft = sim(w, tpu, BASELINE_PRESET, ALL_PASSES);
    const best = main.singles.get(w)!.best;
    const single = best ? sim(w, best.hardware, `fast-${w}`) : base;
    const suite = suiteHw ? sim(w, suiteHw, 'fast-suite') : base;
    return {
      workload: w,
      baseline: { ...run(base, base.perfPerTdp), bottleneck: bottleneck(base) },
      softwareOnly: run(soft, base.perfPerTdp),
      single: { ...run(single, base.perfPerTdp), hardware: best?.hardware ?? tpu, bottleneck: bottleneck(single) },
      suite: run(suite, base.perfPerTdp),
      // The fusion ILP's wall-clock solve time is left out: the record holds model numbers only, so a resumed or
      // replayed run (results-check) gives the same record.
      ablation: ablation(host.core, host.highs, workloads.get(w)!, baselineHardware(s.batch), BASELINE_PRESET, s.batch).rows.map(({ fusionSolveMs: _, ...row }) => row),
    };
  });
  const singleGains = rows.map((r) => r.single.gain);
  const suiteGains = rows.map((r) => r.suite.gain);
  const softGains = rows.map((r) => r.softwareOnly.gain);
  const suiteTdp = main.suite.best?.tdpWatts ?? 450;
  const suiteGain = geomean(suiteGains);
  const report: ReproduceReport = {
    settings: s,
    mean: 'geometric',
    averageSingleWorkloadGain: geomean(singleGains),
    averageSuiteGain: suiteGain,
    averageSoftwareOnlyGain: geomean(softGains),
    arithmeticMeans: { singleWorkloadGain: mean(singleGains), suiteGain: mean(suiteGains), softwareOnlyGain: mean(softGains) },
    paper: PAPER_AVERAGES,
    suiteDesign: main.suite.best ? { hardware: main.suite.best.hardware, areaMm2: main.suite.best.areaMm2, tdpWatts: main.suite.best.tdpWatts, gain: suiteGain } : null,
    rows,
    roi: [1_000, 10_000, 100_000].map((chips) => ({ chips, result: roi({ ...ROI_DEFAULTS, gain: suiteGain, chips, designTdpWatts: suiteTdp }) })),
  };
  if (!sens) return report;

  // (a) Re-score: the found designs and tpu-v3 re-priced with each assumption at each end.
  host.onStage?.('sensitivity: re-scoring the designs with each assumption at its low and high end', ...next());
  const rescored = rescoreAssumptions(report);
  const ranges = headlineRanges(headlineOf(report), rescored);

  // (b) Re-search: the top assumptions at each end, every study re-run with the coefficient table changed.
  const top = rescored.slice(0, sens.researched);
  /** The designs a re-search found, simulated (throughput), priced with its table against tpu-v3 priced the same way. */
  const researched = (found: Searched, assumption: AssumptionKey | null, end: 'low' | 'high' | null, value: number | null): ResearchRun => {
    const table = assumption === null ? COEFFICIENTS : coefficientsWith({ [assumption]: value! });
    const suiteHardware = found.suite.best?.hardware ?? null;
    const scored: ScoredRow[] = rows.map((r) => {
      const best = found.singles.get(r.workload)!.best;
      return {
        workload: r.workload, baseThroughput: r.baseline.throughputPerSecond, softThroughput: r.softwareOnly.throughputPerSecond,
        single: { hardware: best?.hardware ?? tpu, throughput: best ? sim(r.workload, best.hardware, `fast-${r.workload}`).throughputPerSecond : r.baseline.throughputPerSecond },
        suite: { hardware: suiteHardware ?? tpu, throughput: suiteHardware ? sim(r.workload, suiteHardware, 'fast-suite').throughputPerSecond : r.baseline.throughputPerSecond },
      };
    });
    return {
      assumption, end, value, gains: headlineGains(scored, s.batch, table),
      singles: rows.map((r) => ({ workload: r.workload, hardware: found.singles.get(r.workload)!.best?.hardware ?? null })), suiteDesign: suiteHardware,
    };
  };
  // At the main run's trials the central search is the main run itself: its designs and headline, not simulated again.
  const central: ResearchRun = sens.trials === s.trials
    ? {
      assumption: null, end: null, value: null, gains: headlineOf(report),
      singles: rows.map((r) => ({ workload: r.workload, hardware: main.singles.get(r.workload)!.best?.hardware ?? null })), suiteDesign: suiteHw ?? null,
    }
    : researched(await searchAll(s, host, { prefix: researchStudyId(sens.trials, null, null), trials: sens.trials, label: `sensitivity, central at ${sens.trials} trials: `, stage: next }), null, null, null);
  const runs: ResearchRun[] = [];
  for (const a of top) {
    for (const end of ['low', 'high'] as const) {
      const value = end === 'low' ? a.low : a.high;
      const found = await searchAll(s, host, {
        prefix: researchStudyId(sens.trials, a.key, end), trials: sens.trials, assumed: { [a.key]: value },
        label: `sensitivity, ${a.key} at its ${end} end (${value}), ${sens.trials} trials: `, stage: next,
      });
      runs.push(researched(found, a.key, end, value));
    }
  }
  host.onStage?.('sensitivity: evaluating the TDP convention', ...next());
  report.sensitivity = {
    version: 1, settings: sens, ranges, rescored,
    research: { trials: sens.trials, assumptions: top.map((a) => a.key), central, runs },
    tdpConvention: tdpConvention(report),
  };
  return report;
}
