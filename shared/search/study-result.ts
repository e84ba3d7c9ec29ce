// A study's results: the told trials (TrialRecord: an evaluation plus where it sits in the study) and their summary
// (StudyResult: best design, Pareto front of distinct feasible designs, best gain so far, infeasible counts), for
// finished, partial and checkpointed studies alike. docs/model.md §6.
import type { HardwareSpec } from '../hardware';
import type { TrialEvaluation, WorkloadEvaluation } from './evaluate';
import type { InfeasibleCode } from './objective';
import { paretoFront } from './pareto';
import type { StudySpec } from './study-spec';

/** A told trial: its evaluation plus where it sits in the study. */
export interface TrialRecord extends TrialEvaluation {
  /** 0-based, in ask order. */
  index: number;
  /** The batch (round of asks) it belongs to. */
  batch: number;
  hardware: HardwareSpec;
  /** Set when the design repeats an earlier trial's (its result is reused, not re-simulated). */
  duplicateOf?: number;
}

export interface DesignSummary {
  trial: number;
  hardware: HardwareSpec;
  perfPerTdp: number;
  gainVsTpuV3: number;
  areaMm2: number;
  tdpWatts: number;
}

export interface StudyResult {
  /** The study (its `objective` says what the gains measure). */
  study: StudySpec;
  /** False when the study was cancelled before its last trial. */
  complete: boolean;
  best: (DesignSummary & { workloads: WorkloadEvaluation[] }) | null;
  /** Feasible distinct designs no other dominates on (gain on the study's objective max, area min, TDP min), best gain first. */
  pareto: DesignSummary[];
  trials: TrialRecord[];
  /** Best gain after each trial (null until the first feasible one). */
  bestSoFar: (number | null)[];
  infeasible: Partial<Record<InfeasibleCode, number>>;
}

/** Summaries of a list of trials (also for partial studies and checkpoints). */
export function summarize(study: StudySpec, trials: TrialRecord[], complete: boolean): StudyResult {
  let best: TrialRecord | undefined;
  const bestSoFar: (number | null)[] = [];
  const infeasible: StudyResult['infeasible'] = {};
  for (const t of trials) {
    if (t.status === 'ok' && (!best || t.gainVsTpuV3! > best.gainVsTpuV3!)) best = t;
    if (t.status !== 'ok') infeasible[t.code!] = (infeasible[t.code!] ?? 0) + 1;
    bestSoFar.push(best ? best.gainVsTpuV3 : null);
  }
  const summary = (t: TrialRecord): DesignSummary => ({
    trial: t.index, hardware: t.hardware, perfPerTdp: t.perfPerTdp!, gainVsTpuV3: t.gainVsTpuV3!, areaMm2: t.areaMm2!, tdpWatts: t.tdpWatts!,
  });
  const distinct = trials.filter((t) => t.status === 'ok' && t.duplicateOf === undefined);
  const front = paretoFront(distinct.map((t) => [t.gainVsTpuV3!, t.areaMm2!, t.tdpWatts!]), ['max', 'min', 'min'])
    .map((i) => distinct[i])
    .sort((a, b) => b.gainVsTpuV3! - a.gainVsTpuV3! || a.areaMm2! - b.areaMm2! || a.index - b.index);
  return {
    study,
    complete,
    best: best ? { ...summary(best), workloads: best.workloads } : null,
    pareto: front.map(summary),
    trials,
    bestSoFar,
    infeasible,
  };
}
