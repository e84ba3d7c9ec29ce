// Reproducing the paper (`fast reproduce`, issue "Reproduce the paper"): for every paper workload,
// tpu-v3 with the baseline software, tpu-v3 with FAST's software alone, the best single-workload design, and one
// design searched for the whole suite; gains, their means, and the ablation. Every number comes from the model.
// Pure shared code: the caller supplies the core, HiGHS and a study runner over its worker pool.
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import { zooWorkload, type WorkloadSpec } from '../workload';
import type { HardwareSpec } from '../hardware';
import { simulate, type SimulateReport } from './simulate';
import { ALL_PASSES } from '../compiler/passes';
import { ablation, type AblationRow } from './ablation';
import type { StudyInput } from '../search/study-spec';
import type { StudyResult } from '../search/study-result';
import type { Algorithm } from '../search/strategy';
import { baselineHardware, BASELINE_PASSES, BASELINE_PRESET } from '../search/baseline';
import { roi, ROI_DEFAULTS, type RoiResult } from '../roi';

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
  /** Run (or resume) one study; `id` names it for checkpoints ("single:<workload>" or "suite"). */
  runStudy(id: string, study: StudyInput): Promise<StudyResult>;
  onStage?(stage: string, index: number, total: number): void;
}

export async function reproduce(s: ReproduceSettings, host: ReproduceHost): Promise<ReproduceReport> {
  const tpu = baselineHardware();
  const workloads = new Map<string, WorkloadSpec>(s.workloads.map((w) => [w, zooWorkload(w)]));
  const sim = (w: string, hardware: HardwareSpec, name: string, passes = ALL_PASSES) =>
    simulate(host.core, host.highs, { workload: workloads.get(w)!, hardware: { ...hardware, batch: s.batch }, hardwareName: name, batch: s.batch, passes });
  const stages = s.workloads.length + 1;
  let stage = 0;

  const singles = new Map<string, StudyResult>();
  for (const w of s.workloads) {
    host.onStage?.(`single-workload search: ${w}`, stage++, stages);
    singles.set(w, await host.runStudy(`single:${w}`, { workloads: [w], batch: s.batch, seed: s.seed, algorithm: s.algorithm, trials: s.trials }));
  }
  host.onStage?.('suite search: all workloads', stage++, stages);
  const suiteStudy = await host.runStudy('suite', { workloads: s.workloads, batch: s.batch, seed: s.seed, algorithm: s.algorithm, trials: s.suiteTrials });
  host.onStage?.('evaluating the designs', stage, stages);

  const suiteHw = suiteStudy.best?.hardware;
  const rows: ReproduceRow[] = s.workloads.map((w) => {
    const base = sim(w, tpu, BASELINE_PRESET, BASELINE_PASSES);
    const soft = sim(w, tpu, BASELINE_PRESET, ALL_PASSES);
    const best = singles.get(w)!.best;
    const single = best ? sim(w, best.hardware, `fast-${w}`) : base;
    const suite = suiteHw ? sim(w, suiteHw, 'fast-suite') : base;
    return {
      workload: w,
      baseline: { ...run(base, base.perfPerTdp), bottleneck: bottleneck(base) },
      softwareOnly: run(soft, base.perfPerTdp),
      single: { ...run(single, base.perfPerTdp), hardware: best?.hardware ?? tpu, bottleneck: bottleneck(single) },
      suite: run(suite, base.perfPerTdp),
      ablation: ablation(host.core, host.highs, workloads.get(w)!, baselineHardware(s.batch), BASELINE_PRESET, s.batch).rows,
    };
  });
  const singleGains = rows.map((r) => r.single.gain);
  const suiteGains = rows.map((r) => r.suite.gain);
  const softGains = rows.map((r) => r.softwareOnly.gain);
  const suiteTdp = suiteStudy.best?.tdpWatts ?? 450;
  const suiteGain = geomean(suiteGains);
  return {
    settings: s,
    mean: 'geometric',
    averageSingleWorkloadGain: geomean(singleGains),
    averageSuiteGain: suiteGain,
    averageSoftwareOnlyGain: geomean(softGains),
    arithmeticMeans: { singleWorkloadGain: mean(singleGains), suiteGain: mean(suiteGains), softwareOnlyGain: mean(softGains) },
    paper: PAPER_AVERAGES,
    suiteDesign: suiteStudy.best ? { hardware: suiteStudy.best.hardware, areaMm2: suiteStudy.best.areaMm2, tdpWatts: suiteStudy.best.tdpWatts, gain: suiteGain } : null,
    rows,
    roi: [1_000, 10_000, 100_000].map((chips) => ({ chips, result: roi({ ...ROI_DEFAULTS, gain: suiteGain, chips, designTdpWatts: suiteTdp }) })),
  };
}
