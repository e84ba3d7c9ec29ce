// The study runner: the ask/tell loop between a strategy and an evaluator (a worker pool in the CLI and the web
// app). Per batch: ask `trialsPerBatch` points, decode them, settle what needs no simulation (repeats of a design
// already scored, designs the known constraints reject, results restored from a checkpoint), score the rest in
// parallel chunks, then tell every result in ask order — so results never depend on which worker ran a trial or
// when it finished. After every batch the caller gets a checkpoint (told trials + results of the batch in flight);
// a resumed study replays the told trials into a fresh strategy (a deterministic function of seed and history) and
// continues. docs/model.md §6.
import { z } from 'zod';
import {
  BATCH_RANGE, DEFAULT_HARDWARE, inDomain, paramById, validateHardwareSpec, type HardwareSpec, type ParamId, type ProcessNode,
} from '../hardware';
import { BayesianOptimization } from './bo';
import type { EvaluateTrialsRequest, TrialEvaluation, WorkloadEvaluation } from './evaluate';
import { RegularizedEvolution } from './evolution';
import { checkDesign, normalizeWeights, tpuV3AreaMm2, type InfeasibleCode } from './objective';
import { paretoFront } from './pareto';
import { WorkerFaultError, type RunOptions } from '../pool';
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
  algorithm: Algorithm;
  seed: number;
  trials: number;
  trialsPerBatch: number;
  ranges?: Partial<Record<ParamId, RangeSpec>>;
  fixed?: Partial<Record<ParamId, Value>>;
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
  const processNode = s.processNode ?? DEFAULT_HARDWARE.processNode;
  const nodes = paramById('processNode').domain;
  if (!inDomain(nodes, processNode)) throw new Error(`process node must be ${nodes.values.join(' or ')} (got ${shown(processNode)})`);
  const maxAreaMm2 = s.maxAreaMm2 ?? tpuV3AreaMm2();
  if (!(Number.isFinite(maxAreaMm2) && maxAreaMm2 > 0)) throw new Error(`area budget must be a positive number of mm² (got ${shown(maxAreaMm2)})`);
  if (s.maxTdpWatts !== undefined && !(Number.isFinite(s.maxTdpWatts) && s.maxTdpWatts > 0)) throw new Error(`TDP budget must be a positive number of watts (got ${shown(s.maxTdpWatts)})`);
  if (s.latencySloSeconds !== undefined && !(Number.isFinite(s.latencySloSeconds) && s.latencySloSeconds > 0)) throw new Error(`latency SLO must be a positive number (got ${shown(s.latencySloSeconds)})`);
  const spec: StudySpec = {
    workloads: [...s.workloads],
    weights: normalizeWeights(s.workloads.length, s.weights),
    batch: wholeNumber('batch', s.batch ?? DEFAULT_HARDWARE.batch, BATCH_RANGE.min, BATCH_RANGE.max),
    processNode,
    maxAreaMm2,
    ...(s.maxTdpWatts !== undefined ? { maxTdpWatts: s.maxTdpWatts } : {}),
    ...(s.latencySloSeconds !== undefined ? { latencySloSeconds: s.latencySloSeconds } : {}),
    algorithm,
    seed: wholeNumber('seed', s.seed ?? 1, 0, 2 ** 32 - 1),
    trials: wholeNumber('trials', s.trials ?? 200, 1, 1_000_000),
    trialsPerBatch: wholeNumber('trials per batch', s.trialsPerBatch ?? DEFAULT_TRIALS_PER_BATCH, 1, 4096),
    ...(s.ranges && Object.keys(s.ranges).length ? { ranges: s.ranges } : {}),
    ...(s.fixed && Object.keys(s.fixed).length ? { fixed: s.fixed } : {}),
  };
  studySpace(spec); // validates ranges and fixed parameters
  return spec;
}

/** The study's hardware space: the table's parameters, narrowed and fixed, with its known constraints. */
export function studySpace(s: StudySpec) {
  const constraints = { maxAreaMm2: s.maxAreaMm2, maxTdpWatts: s.maxTdpWatts };
  return hardwareSpace({
    ranges: s.ranges,
    // The node is a setting of the study, unless a range asks to search it (`--range processNode=16nm/7nm`).
    fixed: { ...(s.ranges?.processNode ? {} : { processNode: s.processNode }), ...s.fixed },
    batch: s.batch,
    check: (h) => {
      const c = checkDesign(h, constraints);
      return c.ok ? null : c.reason;
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
    weights: s.weights, batch: s.batch, maxAreaMm2: s.maxAreaMm2,
    ...(s.maxTdpWatts !== undefined ? { maxTdpWatts: s.maxTdpWatts } : {}),
    ...(s.latencySloSeconds !== undefined ? { latencySloSeconds: s.latencySloSeconds } : {}),
  };
}

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
  study: StudySpec;
  /** False when the study was cancelled before its last trial. */
  complete: boolean;
  best: (DesignSummary & { workloads: WorkloadEvaluation[] }) | null;
  /** Feasible distinct designs no other dominates on (Perf/TDP max, area min, TDP min), best gain first. */
  pareto: DesignSummary[];
  trials: TrialRecord[];
  /** Best gain after each trial (null until the first feasible one). */
  bestSoFar: (number | null)[];
  infeasible: Partial<Record<InfeasibleCode, number>>;
}

export const CHECKPOINT_FORMAT = 'fast-search-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  study: StudySpec;
  /** Digest of the workloads' specs: a resumed study must score the same workloads. */
  workloadDigest: string;
  trials: TrialRecord[];
  /** Results of the batch in flight, by design key (restored without re-simulating). */
  pending: { key: string; evaluation: TrialEvaluation }[];
}

export interface StudyProgress {
  /** Trials told so far (the whole study, resumed ones included). */
  told: number;
  /** Trials settled so far, including the batch in flight. */
  completed: number;
  total: number;
  /** Trials simulated in this session and the wall time they took (progress only; never in results). */
  simulated: number;
  elapsedSeconds: number;
  trialsPerSecond: number;
  bestGain: number | null;
  batch: number;
}

/** Scores designs; `lanes` chunks run at once (the pool's size). */
export interface TrialScorer {
  lanes: number;
  score(designs: HardwareSpec[]): Promise<TrialEvaluation[]>;
}

export interface RunStudyOptions {
  study: StudySpec;
  scorer: TrialScorer;
  workloadDigest: string;
  /** A checkpoint to continue from (its study must match). */
  resume?: Checkpoint;
  /**
   * Called after every batch ('batch'), after every chunk within a batch ('chunk': the caller may skip some) and
   * when a cancelled study stops ('stop').
   */
  onCheckpoint?: (cp: Checkpoint, when: 'batch' | 'chunk' | 'stop') => void | Promise<void>;
  onProgress?: (p: StudyProgress) => void;
  /** Stops the study between chunks (cancel the pool too, to stop chunks in flight). */
  signal?: AbortSignal;
  /** Results shared between studies with identical evaluation settings (compare-algorithms); keyed by design. */
  cache?: Map<string, TrialEvaluation>;
  /** Designs per scorer call (default 1); never changes results. */
  chunkSize?: number;
}

/** Fields whose change makes a checkpoint unusable (everything but the trial budget). */
function studyMismatch(a: StudySpec, b: StudySpec): string | undefined {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== 'trials'));
  for (const k of keys) {
    const va = JSON.stringify((a as unknown as Record<string, unknown>)[k]);
    const vb = JSON.stringify((b as unknown as Record<string, unknown>)[k]);
    const show = (x: string | undefined) => (x === undefined ? 'unset' : x.length > 60 ? `${x.slice(0, 60)}…` : x);
    if (va !== vb) return `${show(k)} is ${show(vb)} in the checkpoint but ${show(va)} now`;
  }
  return undefined;
}

/** A checkpoint that cannot be used: not one, another study's, or damaged (the CLI adds the way out). */
export class CheckpointError extends Error {
  constructor(message: string) { super(message); this.name = 'CheckpointError'; }
}

// The shapes a checkpoint's trials and pending results must have before they are replayed (a damaged or edited file
// is refused with the path of its first bad field, never half-used).
const finite = z.number();
const WorkloadEvaluationSchema = z.object({
  workload: z.string(), weight: finite, batch: finite, throughputPerSecond: finite, latencySeconds: finite, perfPerTdp: finite,
  baselineBatch: finite, baselinePerfPerTdp: finite, gainVsTpuV3: finite, onChipTensors: finite,
});
const evaluationFields = {
  status: z.enum(['ok', 'infeasible']),
  code: z.enum(['invalid', 'area', 'tdp', 'latency', 'error']).optional(),
  reason: z.string().optional(),
  gainVsTpuV3: finite.positive().nullable(),
  perfPerTdp: finite.nullable(),
  areaMm2: finite.nullable(),
  tdpWatts: finite.nullable(),
  workloads: z.array(WorkloadEvaluationSchema),
};
const scored = (e: { status: string; code?: string; gainVsTpuV3: number | null }) =>
  e.status === 'ok' ? e.gainVsTpuV3 !== null && e.code === undefined : e.code !== undefined && e.gainVsTpuV3 === null;
const SCORED = { message: 'an ok result needs a gain and no code; an infeasible one a code and no gain' };
const EvaluationSchema = z.object(evaluationFields).refine(scored, SCORED);
const TrialRecordSchema = z.object({
  ...evaluationFields,
  index: z.number().int().min(0),
  batch: z.number().int().min(0),
  hardware: z.custom<HardwareSpec>((v) => validateHardwareSpec(v).ok, { message: 'is not a valid design' }),
  duplicateOf: z.number().int().min(0).optional(),
}).refine(scored, SCORED);
const CheckpointBodySchema = z.object({
  trials: z.array(TrialRecordSchema),
  pending: z.array(z.object({ key: z.string(), evaluation: EvaluationSchema })),
});

/** The trials (and pending results) of a checkpoint: shapes, then order. */
function checkBody(trials: unknown[], pending: unknown[]): void {
  const body = CheckpointBodySchema.safeParse({ trials, pending });
  if (!body.success) {
    const issue = body.error.issues[0];
    const where = issue.path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${String(k)}`), '').replace(/^\./, '');
    throw new CheckpointError(`checkpoint is damaged: ${where} ${issue.message.replace(/\s*\n\s*/g, ' ').slice(0, 200)}`);
  }
  body.data.trials.forEach((t, i) => {
    const prev = body.data.trials[i - 1];
    if (t.index !== i || (prev && t.batch < prev.batch) || (t.duplicateOf !== undefined && t.duplicateOf >= i)) {
      throw new CheckpointError(`checkpoint is damaged: trials[${i}] is out of order`);
    }
  });
}

/**
 * A finished study as a checkpoint stored it (fast reproduce): checked against `study` and re-summarized from its
 * trials, so a damaged or edited entry is refused (CheckpointError) rather than half-used.
 */
export function restoreStudyResult(value: unknown, study: StudySpec): StudyResult {
  const v = value as Partial<StudyResult> | null;
  if (!v || typeof v !== 'object' || !v.study || typeof v.study !== 'object' || !Array.isArray(v.trials)) throw new CheckpointError('its finished study is damaged');
  const diff = studyMismatch(study, v.study);
  if (diff) throw new CheckpointError(`its finished study is another one: ${diff}`);
  if (v.trials.length !== study.trials) throw new CheckpointError(`its finished study holds ${v.trials.length} trials, not ${study.trials}`);
  checkBody(v.trials, []);
  return summarize(study, v.trials as TrialRecord[], true);
}

/** Check that a parsed JSON value is a checkpoint of this study; returns it or throws a one-line CheckpointError. */
export function validateCheckpoint(value: unknown, study: StudySpec, workloadDigest: string): Checkpoint {
  const v = value as Partial<Checkpoint> | null;
  if (!v || typeof v !== 'object' || v.format !== CHECKPOINT_FORMAT) throw new CheckpointError('checkpoint is not a FAST search checkpoint');
  if (v.version !== CHECKPOINT_VERSION) throw new CheckpointError(`checkpoint version ${JSON.stringify(v.version)?.slice(0, 40)} is not supported (expected ${CHECKPOINT_VERSION})`);
  if (!v.study || typeof v.study !== 'object' || !Array.isArray(v.trials) || !Array.isArray(v.pending)) throw new CheckpointError('checkpoint is incomplete');
  const diff = studyMismatch(study, v.study as StudySpec);
  if (diff) throw new CheckpointError(`checkpoint belongs to another study: ${diff}`);
  if (v.workloadDigest !== workloadDigest) throw new CheckpointError('checkpoint was written for different workload contents');
  if (v.trials.length > study.trials) throw new CheckpointError(`checkpoint already holds ${v.trials.length} trials, more than --trials ${study.trials}`);
  checkBody(v.trials, v.pending);
  return v as Checkpoint;
}

function record(index: number, batch: number, hardware: HardwareSpec, e: TrialEvaluation, duplicateOf?: number): TrialRecord {
  const r: TrialRecord = {
    index, batch, hardware, status: e.status,
    ...(e.code ? { code: e.code } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    gainVsTpuV3: e.gainVsTpuV3, perfPerTdp: e.perfPerTdp, areaMm2: e.areaMm2, tdpWatts: e.tdpWatts, workloads: e.workloads,
  };
  if (duplicateOf !== undefined) r.duplicateOf = duplicateOf;
  return r;
}

const valueOf = (t: TrialRecord) => (t.status === 'ok' && t.gainVsTpuV3 !== null ? Math.log(t.gainVsTpuV3) : null);

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

/**
 * Run (or resume) a study to its trial budget or until `signal` aborts. Resolves to the result; rejects only when
 * the scorer fails for a reason other than a cancellation that `signal` asked for.
 */
export async function runStudy(o: RunStudyOptions): Promise<StudyResult> {
  const study = o.study;
  const space = studySpace(study);
  const strategy = createStrategy(study);
  const trials: TrialRecord[] = [];
  const byKey = new Map<string, number>(); // design key → first trial index
  const pending = new Map<string, TrialEvaluation>();
  const t0 = performance.now();
  let simulated = 0;

  const told = (t: TrialRecord) => {
    trials.push(t);
    const key = space.key(t.hardware);
    if (!byKey.has(key)) byKey.set(key, t.index);
  };

  // Replay the checkpoint's told trials into the fresh strategy, batch by batch, checking it asks the same designs.
  if (o.resume) {
    const cp = o.resume;
    for (let i = 0; i < cp.trials.length;) {
      const b = cp.trials[i].batch;
      let j = i;
      while (j < cp.trials.length && cp.trials[j].batch === b) j++;
      const points = strategy.ask(j - i);
      points.forEach((p, k) => {
        const t = cp.trials[i + k];
        if (t.index !== i + k || space.key(space.decode(p)) !== space.key(t.hardware)) {
          throw new CheckpointError(`checkpoint does not replay: trial ${i + k} differs (written by another version or edited?)`);
        }
        strategy.tell(p, valueOf(t));
        told(t);
      });
      i = j;
    }
    for (const { key, evaluation } of cp.pending) pending.set(key, evaluation);
  }

  const progress = (completed: number, batch: number) => {
    if (!o.onProgress) return;
    const elapsedSeconds = (performance.now() - t0) / 1e3;
    const s = summarizeBest(trials);
    o.onProgress({
      told: trials.length, completed, total: study.trials, simulated, elapsedSeconds,
      trialsPerSecond: elapsedSeconds > 0 ? simulated / elapsedSeconds : 0, bestGain: s, batch,
    });
  };
  const checkpoint = (batchEnd: boolean): Checkpoint => ({
    format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, study, workloadDigest: o.workloadDigest,
    trials: [...trials], pending: batchEnd ? [] : [...pending].map(([key, evaluation]) => ({ key, evaluation })),
  });

  let batch = trials.length ? trials[trials.length - 1].batch + 1 : 0;
  progress(trials.length, batch);
  while (trials.length < study.trials && !o.signal?.aborted) {
    const n = Math.min(study.trialsPerBatch, study.trials - trials.length);
    const points = strategy.ask(n);
    const designs = points.map((p) => space.decode(p));
    const keys = designs.map((d) => space.key(d));
    // Settle what needs no simulation; collect distinct designs to score.
    const evals: (TrialEvaluation | undefined)[] = new Array(n);
    const toScore: { key: string; design: HardwareSpec }[] = [];
    const queued = new Set<string>();
    keys.forEach((key, i) => {
      const earlier = byKey.get(key);
      if (earlier !== undefined) { evals[i] = trialEvaluation(trials[earlier]); return; }
      const known = pending.get(key) ?? o.cache?.get(key);
      if (known) { evals[i] = known; return; }
      const c = checkDesign(designs[i], { maxAreaMm2: study.maxAreaMm2, maxTdpWatts: study.maxTdpWatts });
      if (!c.ok) {
        evals[i] = {
          status: 'infeasible', code: c.code, reason: c.reason, gainVsTpuV3: null, perfPerTdp: null,
          areaMm2: c.cost?.areaMm2 ?? null, tdpWatts: c.cost?.tdpWatts ?? null, workloads: [],
        };
        return;
      }
      if (!queued.has(key)) { queued.add(key); toScore.push({ key, design: designs[i] }); }
    });

    // Score `lanes` chunks at a time, each lane taking the next chunk as soon as its last one returns (a trial costs
    // tens of ms against well under 1 ms per call, so one design per chunk balances best); every finished chunk
    // extends the checkpoint's pending results.
    const lanes = Math.max(1, o.scorer.lanes);
    const chunk = Math.max(1, o.chunkSize ?? 1);
    const chunks: { key: string; design: HardwareSpec }[][] = [];
    for (let i = 0; i < toScore.length; i += chunk) chunks.push(toScore.slice(i, i + chunk));
    let next = 0;
    let settled = evals.filter(Boolean).length;
    const lane = async () => {
      while (next < chunks.length && !o.signal?.aborted) {
        const mine = chunks[next++];
        const res = await o.scorer.score(mine.map((m) => m.design));
        if (res.length !== mine.length) throw new Error(`scorer returned ${res.length} results for ${mine.length} designs`);
        mine.forEach((m, k) => { pending.set(m.key, res[k]); o.cache?.set(m.key, res[k]); });
        simulated += mine.length;
        settled += mine.length;
        await o.onCheckpoint?.(checkpoint(false), 'chunk');
        progress(trials.length + Math.min(n, settled), batch);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(lanes, chunks.length) }, lane));
    } catch (e) {
      if (o.signal?.aborted) break;
      throw e;
    }
    if (o.signal?.aborted) break;

    // Tell in ask order.
    const base = trials.length;
    keys.forEach((key, i) => {
      const earlier = byKey.get(key);
      const e = evals[i] ?? pending.get(key)!;
      const t = record(base + i, batch, designs[i], e, earlier);
      strategy.tell(points[i], valueOf(t));
      told(t);
    });
    pending.clear();
    await o.onCheckpoint?.(checkpoint(true), 'batch');
    progress(trials.length, batch);
    batch++;
  }
  if (o.signal?.aborted) await o.onCheckpoint?.(checkpoint(false), 'stop');
  return summarize(study, trials, trials.length >= study.trials);
}

function summarizeBest(trials: TrialRecord[]): number | null {
  let best: number | null = null;
  for (const t of trials) if (t.status === 'ok' && (best === null || t.gainVsTpuV3! > best)) best = t.gainVsTpuV3;
  return best;
}

function trialEvaluation(t: TrialRecord): TrialEvaluation {
  return {
    status: t.status, ...(t.code ? { code: t.code } : {}), ...(t.reason ? { reason: t.reason } : {}),
    gainVsTpuV3: t.gainVsTpuV3, perfPerTdp: t.perfPerTdp, areaMm2: t.areaMm2, tdpWatts: t.tdpWatts, workloads: t.workloads,
  };
}

/** The worker API surface a pool scorer needs (shared/api/worker-api.ts `evaluateTrials`). */
export interface TrialApi {
  evaluateTrials(req: EvaluateTrialsRequest): Promise<TrialEvaluation[]>;
}

/** What poolScorer needs of a pool (shared/pool.ts WorkerPool: the browser's or Node's). */
export interface ScorerPool {
  size: number;
  run<R>(fn: (api: TrialApi) => Promise<R>, opts?: RunOptions): Promise<R>;
}

/**
 * One call scoring a trial may take this long before its worker counts as hung (terminated, replaced, retried once).
 * Generous: a trial is tens of milliseconds to a few seconds (a suite of the largest workloads with fusion).
 */
export const TRIAL_DEADLINE_MS = 300_000;

export interface PoolScorerOptions extends Pick<EvaluateTrialsRequest, 'highsWasmUrl'> {
  /** Per-call deadline (default TRIAL_DEADLINE_MS). */
  deadlineMs?: number;
}

/**
 * A scorer over a worker pool: each chunk is one `evaluateTrials` call on the least-busy worker. `workloads` are zoo
 * names or WorkloadSpec JSON, in the study's order. Worker faults (a trap, a worker that dies or hangs past the
 * deadline) are retried once on a fresh worker by the pool; a chunk that faults twice is split into single designs
 * (each retried likewise), and a design that still faults becomes an infeasible trial with code 'error' and the
 * reason — the study goes on. Cancellations and the evaluator's own errors (a bad request) propagate.
 */
export function poolScorer(pool: ScorerPool, study: StudySpec, workloads: (string | unknown)[], opts: PoolScorerOptions = {}): TrialScorer {
  const { deadlineMs = TRIAL_DEADLINE_MS, ...extra } = opts;
  const settings = { ...evaluationSettings(study), ...extra, workloads };
  const constraints = { maxAreaMm2: study.maxAreaMm2, maxTdpWatts: study.maxTdpWatts };
  const score = async (designs: HardwareSpec[]): Promise<TrialEvaluation[]> => {
    try {
      return await pool.run((api) => api.evaluateTrials({ ...settings, designs }), { deadlineMs, retries: 1 });
    } catch (e) {
      if (!(e instanceof WorkerFaultError)) throw e;
      if (designs.length > 1) return (await Promise.all(designs.map((d) => score([d])))).flat();
      const c = checkDesign(designs[0], constraints);
      return [{
        status: 'infeasible', code: 'error', reason: e.message, gainVsTpuV3: null, perfPerTdp: null,
        areaMm2: c.cost?.areaMm2 ?? null, tdpWatts: c.cost?.tdpWatts ?? null, workloads: [],
      }];
    }
  };
  return { lanes: pool.size, score };
}
