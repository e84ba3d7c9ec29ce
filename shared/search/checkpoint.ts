// Study checkpoints: the format (told trials + results of the batch in flight, with the study and a digest of its
// workloads), its validation (another study's, another version's, or a damaged file is one CheckpointError naming
// the first bad field, never half-used), a finished study restored from one (fast reproduce), and the replay of its
// told trials into a fresh strategy, which must ask the same designs (a strategy is a deterministic function of
// seed and history). A checkpoint written before studies had an objective is a Perf/TDP study's. docs/model.md §6.
import { z } from 'zod';
import { validateHardwareSpec, type HardwareSpec } from '../hardware';
import type { TrialEvaluation } from './evaluate';
import type { Point, SearchSpace } from './space';
import type { Strategy } from './strategy';
import { summarize, type StudyResult, type TrialRecord } from './study-result';
import { INFEASIBLE_CODES, objectiveOf, type InfeasibleCode } from './objective';
import type { StudySpec } from './study-spec';

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

/**
 * Fields whose change makes a checkpoint unusable (everything but the trial budget). A study without an objective
 * (written before there was a choice) is a Perf/TDP study.
 */
function studyMismatch(now: StudySpec, stored: StudySpec): string | undefined {
  const a = { ...now, objective: objectiveOf(now) };
  const b = { ...stored, objective: objectiveOf(stored) };
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
// Inferences per joule may be absent from a Perf/TDP study's trials written before they existed; an energy study's
// gains are made of them, so its trials must carry them.
const finite = z.number();
/** Every infeasibility code a trial may carry ('capacity' since issue 20), as zod's enum wants it. */
const INFEASIBLE_CODE_TUPLE = INFEASIBLE_CODES as unknown as [InfeasibleCode, ...InfeasibleCode[]];
const workloadEvaluationSchema = (energy: boolean) => z.object({
  workload: z.string(), weight: finite, batch: finite, throughputPerSecond: finite, latencySeconds: finite, perfPerTdp: finite,
  inferencesPerJoule: energy ? finite : finite.optional(),
  baselineBatch: finite, baselinePerfPerTdp: finite,
  baselineInferencesPerJoule: energy ? finite : finite.optional(),
  gainVsTpuV3: finite, tpotSeconds: finite.optional(), ttftSeconds: finite.optional(), onChipTensors: finite, fusedAttentions: finite.optional(),
});
const evaluationFields = (energy: boolean) => ({
  status: z.enum(['ok', 'infeasible']),
  code: z.enum(INFEASIBLE_CODE_TUPLE).optional(),
  reason: z.string().optional(),
  gainVsTpuV3: finite.positive().nullable(),
  perfPerTdp: finite.nullable(),
  areaMm2: finite.nullable(),
  tdpWatts: finite.nullable(),
  workloads: z.array(workloadEvaluationSchema(energy)),
});
const scored = (e: { status: string; code?: string; gainVsTpuV3: number | null }) =>
  e.status === 'ok' ? e.gainVsTpuV3 !== null && e.code === undefined : e.code !== undefined && e.gainVsTpuV3 === null;
const SCORED = { message: 'an ok result needs a gain and no code; an infeasible one a code and no gain' };
const checkpointBodySchema = (energy: boolean) => z.object({
  trials: z.array(z.object({
    ...evaluationFields(energy),
    index: z.number().int().min(0),
    batch: z.number().int().min(0),
    hardware: z.custom<HardwareSpec>((v) => validateHardwareSpec(v).ok, { message: 'is not a valid design' }),
    duplicateOf: z.number().int().min(0).optional(),
  }).refine(scored, SCORED)),
  pending: z.array(z.object({ key: z.string(), evaluation: z.object(evaluationFields(energy)).refine(scored, SCORED) })),
});
const BODY = { perf: checkpointBodySchema(false), energy: checkpointBodySchema(true) };

/** The trials (and pending results) of a checkpoint of `study`: shapes, then order. */
function checkBody(study: StudySpec, trials: unknown[], pending: unknown[]): void {
  const body = BODY[objectiveOf(study) === 'inferences-per-joule' ? 'energy' : 'perf'].safeParse({ trials, pending });
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
  checkBody(study, v.trials, []);
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
  checkBody(study, v.trials, v.pending);
  return v as Checkpoint;
}

/**
 * Replay a checkpoint's told trials into a fresh strategy, batch by batch, checking it asks the same designs;
 * `tell` gets each asked point with its trial (the caller tells the strategy and records the trial).
 */
export function replayCheckpoint(cp: Checkpoint, strategy: Strategy, space: SearchSpace<HardwareSpec>, tell: (point: Point, t: TrialRecord) => void): void {
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
      tell(p, t);
    });
    i = j;
  }
}
