// A study's specification: StudySpec (everything that decides its result) and StudyInput (what callers give:
// the workloads, the rest defaulted), normalizeStudy (defaults filled in, every field checked, one-line errors naming
// the field), and what a spec decides: its hardware space, its strategy, its evaluation settings. docs/model.md §6.
import {
  BATCH_RANGE, DEFAULT_HARDWARE, checkAssumedOverrides, dramCapacityBytes, inDomain, paramById, type AssumedValues, type ParamId,
  type ProcessNode,
} from '../hardware';
import { isZooName, workloadFootprint, zooWorkload, type WorkloadSpec } from '../workload';
import { BayesianOptimization } from './bo';
import type { EvaluateTrialsRequest } from './evaluate';
import { RegularizedEvolution } from './evolution';
import {
  DEFAULT_OBJECTIVE, OBJECTIVES, checkCapacity, checkDesign, isObjective, normalizeWeights, objectiveOf, studyCoefficients, tpuV3AreaMm2, type Objective,
} from './objective';
import { RandomSearch } from './random';
import { hardwareSpace, type RangeSpec, type Value } from './space';
import { isAlgorithm, ALGORITHMS, type Algorithm, type Strategy } from './strategy';
import { LinearCombinationSwarm } from './swarm';

/** A study, complete and validated (normalizeStudy): everything that decides its result. */
export interface StudySpec {
  /** Workload names (zoo names, or file names for imported workloads). */
  workloads: string[];
  weights: number[];
  batch: number;
  processNode: ProcessNode;
  maxAreaMm2: number;
  maxTdpWatts?: number;
  latencySloSeconds?: number;
  /** LLM serving SLOs (objective.ts StudyConstraints): the decode step latency (TPOT) and the prefill latency (TTFT). */
  tpotSloSeconds?: number;
  ttftSloSeconds?: number;
  /** What the study maximizes (normalizeStudy always sets it; a spec without one, an old checkpoint's, is 'perf-per-tdp'). */
  objective?: Objective;
  algorithm: Algorithm;
  seed: number;
  trials: number;
  trialsPerBatch: number;
  ranges?: Partial<Record<ParamId, RangeSpec>>;
  fixed?: Partial<Record<ParamId, Value>>;
  /**
   * Assumed cost-model coefficients overridden for this study, each within its range (objective.ts StudyConstraints);
   * absent when none (every study but `fast reproduce --sensitivity`'s re-searches).
   */
  assumed?: Partial<AssumedValues>;
}

export type StudyInput = Partial<Omit<StudySpec, 'workloads'>> & Pick<StudySpec, 'workloads'>;

export const DEFAULT_TRIALS_PER_BATCH = 16;

/** A value from a study or a file, for a one-line message. */
const shown = (v: unknown): string => (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined ? String(v)
  : typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v);

function wholeNumber(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${shown(v)})`);
  }
  return v;
}

/** Defaults filled in and every field checked; errors are one line naming the field. */
export function normalizeStudy(s: StudyInput): StudySpec {
  if (!s || typeof s !== 'object') throw new Error(`a study must be an object (got ${shown(s)})`);
  if (!Array.isArray(s.workloads) || s.workloads.length === 0) throw new Error('give at least one workload');
  if (!s.workloads.every((w) => typeof w === 'string' && w.length > 0)) throw new Error('workloads must be names (non-empty strings)');
  const algorithm = s.algorithm ?? 'evolution';
  if (!isAlgorithm(algorithm)) throw new Error(`unknown algorithm ${shown(algorithm)} (use ${ALGORITHMS.join(', ')})`);
  const objective = s.objective ?? DEFAULT_OBJECTIVE;
  if (!isObjective(objective)) throw new Error(`unknown objective ${shown(objective)} (use ${OBJECTIVES.join(' or ')})`);
  const processNode = s.processNode ?? DEFAULT_HARDWARE.processNode;
  const nodes = paramById('processNode').domain;
  if (!inDomain(nodes, processNode)) throw new Error(`process node must be ${nodes.values.join(' or ')} (got ${shown(processNode)})`);
  const assumed = s.assumed === undefined ? undefined : checkAssumedOverrides(s.assumed);
  const hasAssumed = !!assumed && Object.keys(assumed).length > 0;
  const maxAreaMm2 = s.maxAreaMm2 ?? tpuV3AreaMm2(studyCoefficients({ assumed }));
  if (!(Number.isFinite(maxAreaMm2) && maxAreaMm2 > 0)) throw new Error(`area budget must be a positive number of mm² (got ${shown(maxAreaMm2)})`);
  if (s.maxTdpWatts !== undefined && !(Number.isFinite(s.maxTdpWatts) && s.maxTdpWatts > 0)) throw new Error(`TDP budget must be a positive number of watts (got ${shown(s.maxTdpWatts)})`);
  if (s.latencySloSeconds !== undefined && !(Number.isFinite(s.latencySloSeconds) && s.latencySloSeconds > 0)) throw new Error(`latency SLO must be a positive number (got ${shown(s.latencySloSeconds)})`);
  if (s.tpotSloSeconds !== undefined && !(Number.isFinite(s.tpotSloSeconds) && s.tpotSloSeconds > 0)) throw new Error(`TPOT SLO must be a positive number of seconds (got ${shown(s.tpotSloSeconds)})`);
  if (s.ttftSloSeconds !== undefined && !(Number.isFinite(s.ttftSloSeconds) && s.ttftSloSeconds > 0)) throw new Error(`TTFT SLO must be a positive number of seconds (got ${shown(s.ttftSloSeconds)})`);
  const spec: StudySpec = {
    workloads: [...s.workloads],
    weights: normalizeWeights(s.workloads.length, s.weights),
    batch: wholeNumber('batch', s.batch ?? DEFAULT_HARDWARE.batch, BATCH_RANGE.min, BATCH_RANGE.max),
    processNode,
    maxAreaMm2,
    ...(s.maxTdpWatts !== undefined ? { maxTdpWatts: s.maxTdpWatts } : {}),
    ...(s.latencySloSeconds !== undefined ? { latencySloSeconds: s.latencySloSeconds } : {}),
    ...(s.tpotSloSeconds !== undefined ? { tpotSloSeconds: s.tpotSloSeconds } : {}),
    ...(s.ttftSloSeconds !== undefined ? { ttftSloSeconds: s.ttftSloSeconds } : {}),
    objective,
    algorithm,
    seed: wholeNumber('seed', s.seed ?? 1, 0, 2 ** 32 - 1),
    trials: wholeNumber('trials', s.trials ?? 200, 1, 1_000_000),
    trialsPerBatch: wholeNumber('trials per batch', s.trialsPerBatch ?? DEFAULT_TRIALS_PER_BATCH, 1, 4096),
    ...(s.ranges && Object.keys(s.ranges).length ? { ranges: s.ranges } : {}),
    ...(s.fixed && Object.keys(s.fixed).length ? { fixed: s.fixed } : {}),
    ...(hasAssumed ? { assumed } : {}),
  };
  studySpace(spec); // validates ranges and fixed parameters
  return spec;
}

/**
 * The DRAM a study's zoo workloads need whatever the design (docs/model.md §6.3): each one's footprint at the study's
 * batch, or at batch 1 when an SLO picks the batch (the least it can run at). Imported workloads (file names) are not
 * known here; the evaluation checks them.
 */
function capacityNeeds(s: StudySpec): { w: WorkloadSpec; batch: number; bytes: number }[] {
  const batch = s.latencySloSeconds !== undefined || s.tpotSloSeconds !== undefined || s.ttftSloSeconds !== undefined ? 1 : s.batch;
  return s.workloads.filter((n) => isZooName(n)).map((n) => {
    const w = zooWorkload(n);
    return { w, batch, bytes: workloadFootprint(w, batch).totalBytes };
  });
}

/**
 * The study's hardware space: the table's parameters, narrowed and fixed, with its known constraints (schema, area,
 * TDP, and the DRAM capacity its zoo workloads need at its batch, objective.ts checkCapacity).
 */
export function studySpace(s: StudySpec) {
  const constraints = { maxAreaMm2: s.maxAreaMm2, maxTdpWatts: s.maxTdpWatts, assumed: s.assumed };
  let needs: ReturnType<typeof capacityNeeds> | undefined; // generated on the first check, once
  return hardwareSpace({
    ranges: s.ranges,
    // The node is a setting of the study, unless a range asks to search it (`--range processNode=16nm/7nm`).
    fixed: { ...(s.ranges?.processNode ? {} : { processNode: s.processNode }), ...s.fixed },
    batch: s.batch,
    check: (h) => {
      const c = checkDesign(h, constraints);
      if (!c.ok) return c.reason;
      needs ??= capacityNeeds(s);
      const capacity = dramCapacityBytes(h);
      const short = needs.find((n) => n.bytes > capacity);
      return short ? checkCapacity(short.w, h, short.batch) : null;
    },
  });
}

export function createStrategy(s: StudySpec): Strategy {
  const space = studySpace(s);
  switch (s.algorithm) {
    case 'random': return new RandomSearch(space, s.seed);
    case 'evolution': return new RegularizedEvolution(space, s.seed);
    case 'bo': return new BayesianOptimization(space, s.seed);
    case 'swarm': return new LinearCombinationSwarm(space, s.seed);
  }
}

/** The evaluation fields of a request for this study (the caller adds the workloads and the designs). */
export function evaluationSettings(s: StudySpec): Omit<EvaluateTrialsRequest, 'workloads' | 'designs'> {
  return {
    weights: s.weights, batch: s.batch, maxAreaMm2: s.maxAreaMm2, objective: objectiveOf(s),
    ...(s.maxTdpWatts !== undefined ? { maxTdpWatts: s.maxTdpWatts } : {}),
    ...(s.latencySloSeconds !== undefined ? { latencySloSeconds: s.latencySloSeconds } : {}),
    ...(s.tpotSloSeconds !== undefined ? { tpotSloSeconds: s.tpotSloSeconds } : {}),
    ...(s.ttftSloSeconds !== undefined ? { ttftSloSeconds: s.ttftSloSeconds } : {}),
    ...(s.assumed ? { assumed: s.assumed } : {}),
  };
}
