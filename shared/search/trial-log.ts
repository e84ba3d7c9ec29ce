// The append-only trial log of a study (`fast search --checkpoint F`, local or through a queue): JSON Lines, one
// record per line, appended as the study goes and flushed to disk (fsync) once per batch, instead of one checkpoint
// JSON rewritten after every batch. Lines:
//   {"format":"fast-search-log","version":1,"study":{…},"workloadDigest":"…"}   the header (first line, always whole)
//   {"pending":"<design key>","evaluation":{…}}                                 a result of the batch in flight
//   {"index":0,"batch":0,"hardware":{…},"status":"ok",…}                        a told trial (TrialRecord)
//   {"batchEnd":0,"told":16}                                                    the batch's trials are all above
// Reading it back (TrialLogReader) gives the same Checkpoint the JSON format held: the trials up to the last batch
// end; the results of a batch not yet ended (its pending results, and its trials when a kill cut the batch's lines
// short) as pending results, so nothing simulated is lost; and the byte offset where the next append belongs (the
// writer truncates the rest). Only the last line may be torn (no line break: a kill in the middle of a write); it is
// ignored. Any other damage is a CheckpointError naming the line. The file I/O is the CLI's (cli/trial-log-file.ts);
// this module is pure. docs/model.md §6, docs/scale-out.md.
import type { TrialEvaluation } from './evaluate';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CheckpointError, validateCheckpoint, type Checkpoint } from './checkpoint';
import type { TrialRecord } from './study-result';
import { studySpace, type StudySpec } from './study-spec';

export const TRIAL_LOG_FORMAT = 'fast-search-log';
export const TRIAL_LOG_VERSION = 1;

export interface TrialLogHeader {
  format: typeof TRIAL_LOG_FORMAT;
  version: number;
  study: StudySpec;
  workloadDigest: string;
}

/** The header line (with its line break). */
export function trialLogHeader(study: StudySpec, workloadDigest: string): string {
  return JSON.stringify({ format: TRIAL_LOG_FORMAT, version: TRIAL_LOG_VERSION, study, workloadDigest } satisfies TrialLogHeader) + '\n';
}

/**
 * The whole log of a checkpoint (a study converted from the older JSON checkpoint, or resumed): header, its trials
 * batch by batch with their batch ends, then its pending results.
 */
export function trialLogText(cp: Checkpoint): string {
  const enc = new TrialLogEncoder(0);
  return trialLogHeader(cp.study, cp.workloadDigest) + enc.append(cp, 'batch-replay') + enc.append(cp, 'chunk');
}

/**
 * Turns the runner's successive checkpoints (study.ts onCheckpoint) into the lines to append: after a chunk, the
 * pending results not yet logged; after a batch, the newly told trials and the batch end (the caller then fsyncs).
 */
export class TrialLogEncoder {
  #told: number;
  #pendingLogged = new Set<string>();

  /** `told`: trials the log already holds up to its last batch end. */
  constructor(told: number) {
    this.#told = told;
  }

  append(cp: Checkpoint, when: 'batch' | 'chunk' | 'stop' | 'batch-replay'): string {
    let out = '';
    if (when === 'batch' || when === 'batch-replay') {
      // Every batch whose trials are not logged yet (one after a run's batch; all of them when writing a whole log).
      for (let i = this.#told; i < cp.trials.length;) {
        const b = cp.trials[i].batch;
        while (i < cp.trials.length && cp.trials[i].batch === b) out += JSON.stringify(cp.trials[i++]) + '\n';
        out += JSON.stringify({ batchEnd: b, told: i }) + '\n';
      }
      this.#told = cp.trials.length;
      this.#pendingLogged.clear();
      return out;
    }
    for (const { key, evaluation } of cp.pending) {
      if (this.#pendingLogged.has(key)) continue;
      this.#pendingLogged.add(key);
      out += JSON.stringify({ pending: key, evaluation }) + '\n';
    }
    return out;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a log (or an older JSON checkpoint) read back holds. */
export type TrialLogRead =
  | { kind: 'log'; checkpoint: Checkpoint; /** byte offset just past the last batch end (or the header) */ keepBytes: number; tornLastLine: boolean }
  | { kind: 'json'; value: unknown };

/**
 * Reads a log line by line (`line` without its line break, `endByte` the byte offset just past its line break;
 * `torn` for a last line without one). The first line decides: a log header, or an older whole-JSON checkpoint
 * (one line, often without a line break), which is handed back as parsed JSON for validateCheckpoint.
 */
export class TrialLogReader {
  #lineNo = 0;
  #header: TrialLogHeader | undefined;
  #json: unknown;
  #isJson = false;
  #trials: TrialRecord[] = [];
  /** Trials after the last batch end (a batch cut short), and pending results. */
  #open: TrialRecord[] = [];
  #pending = new Map<string, TrialEvaluation>();
  #keepBytes = 0;
  #torn = false;
  #blank = false;

  line(text: string, endByte: number, torn = false): void {
    this.#lineNo++;
    if (this.#blank) {
      if (text.trim() === '') return;
      throw new CheckpointError('the file is corrupt (not JSON: it starts with an empty line)');
    }
    if (this.#lineNo === 1 && text.trim() === '') { this.#blank = true; return; }
    if (this.#isJson) throw new CheckpointError('the file is corrupt (text after its JSON)');
    if (torn) { this.#torn = true; if (this.#lineNo > 1) return; }
    if (this.#lineNo > 1 && text.trim() === '') throw new CheckpointError(`checkpoint is damaged: line ${this.#lineNo} is empty`);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      if (this.#lineNo === 1) throw new CheckpointError(`the file is corrupt (not JSON: ${(e as Error).message.slice(0, 120)})`);
      throw new CheckpointError(`checkpoint is damaged: line ${this.#lineNo} is not JSON`);
    }
    if (this.#lineNo === 1) {
      if (isObject(v) && v.format === TRIAL_LOG_FORMAT) {
        if (torn) throw new CheckpointError('checkpoint is damaged: its header line is cut short');
        if (v.version !== TRIAL_LOG_VERSION) throw new CheckpointError(`trial log version ${JSON.stringify(v.version)?.slice(0, 40)} is not supported (expected ${TRIAL_LOG_VERSION})`);
        if (!isObject(v.study) || typeof v.workloadDigest !== 'string') throw new CheckpointError('checkpoint is incomplete: its header has no study');
        this.#header = v as unknown as TrialLogHeader;
        this.#keepBytes = endByte;
        return;
      }
      // An older checkpoint (one JSON document) or not a checkpoint at all: validateCheckpoint says which.
      this.#isJson = true;
      this.#json = v;
      return;
    }
    if (!isObject(v)) throw new CheckpointError(`checkpoint is damaged: line ${this.#lineNo} is not a record`);
    if ('pending' in v) {
      if (typeof v.pending !== 'string' || !isObject(v.evaluation)) throw new CheckpointError(`checkpoint is damaged: line ${this.#lineNo} is not a pending result`);
      this.#pending.set(v.pending, v.evaluation as unknown as TrialEvaluation);
    } else if ('batchEnd' in v) {
      const told = this.#trials.length + this.#open.length;
      if (v.told !== told || !this.#open.length || this.#open.some((t) => t.batch !== v.batchEnd)) {
        throw new CheckpointError(`checkpoint is damaged: line ${this.#lineNo} ends batch ${JSON.stringify(v.batchEnd)?.slice(0, 20)} after ${JSON.stringify(v.told)?.slice(0, 20)} trials, but ${told} trials precede it`);
      }
      this.#trials.push(...this.#open);
      this.#open = [];
      this.#pending.clear();
      this.#keepBytes = endByte;
    } else if ('index' in v) {
      if (v.index !== this.#trials.length + this.#open.length) throw new CheckpointError(`checkpoint is damaged: line ${this.#lineNo} holds trial ${JSON.stringify(v.index)?.slice(0, 20)}, expected ${this.#trials.length + this.#open.length}`);
      this.#open.push(v as unknown as TrialRecord);
    } else {
      throw new CheckpointError(`checkpoint is damaged: line ${this.#lineNo} is not a trial, a result or a batch end`);
    }
  }

  /** The log's study as a validated checkpoint of `study` (or the older JSON document, unvalidated). */
  finish(study: StudySpec, workloadDigest: string): TrialLogRead {
    if (this.#isJson) return { kind: 'json', value: this.#json };
    if (!this.#header) throw new CheckpointError('the file is empty');
    // A batch cut short: its told trials' results become pending results (a design's result is the same wherever
    // it sits), so the resumed batch re-asks them and nothing is simulated twice.
    const space = studySpace(study);
    const pending = new Map<string, TrialEvaluation>();
    for (const t of this.#open) {
      let key: string;
      try { key = space.key(t.hardware); } catch { throw new CheckpointError(`checkpoint is damaged: trial ${t.index} has no valid design`); }
      if (t.duplicateOf === undefined) pending.set(key, evaluationOf(t));
    }
    for (const [k, e] of this.#pending) pending.set(k, e);
    const checkpoint = validateCheckpoint({
      format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, study: this.#header.study, workloadDigest: this.#header.workloadDigest,
      trials: this.#trials, pending: [...pending].map(([key, evaluation]) => ({ key, evaluation })),
    }, study, workloadDigest);
    // The writer truncates the log at keepBytes and logs the pending results again (a batch cut short included).
    return { kind: 'log', checkpoint, keepBytes: this.#keepBytes, tornLastLine: this.#torn };
  }
}

function evaluationOf(t: TrialRecord): TrialEvaluation {
  return {
    status: t.status, ...(t.code ? { code: t.code } : {}), ...(t.reason ? { reason: t.reason } : {}),
    gainVsTpuV3: t.gainVsTpuV3, perfPerTdp: t.perfPerTdp, areaMm2: t.areaMm2, tdpWatts: t.tdpWatts, workloads: t.workloads,
  };
}
