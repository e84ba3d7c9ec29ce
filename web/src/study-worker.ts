// The study worker: a module Web Worker that runs the Search view's study loop off the page thread — the
// strategy's ask/tell, shared/search/study.ts's runStudy, checkpoints and result summaries (best so far, Pareto).
// In the app it scores on its own simulation workers (nested workers, started and warmed by prewarmSims while the
// form is read; poolScorer over shared/pool.ts's WorkerPool, with the same fault handling as the page's pool): no
// trial crosses the page thread. With a pool the page passes (tests), every chunk goes back to the page through the
// `score` hook instead, which the page answers with poolScorer over that pool. Only web/src/state/search.svelte.ts
// talks to it.
// No top-level await and no eager Wasm import (docs/architecture.md, Stack pitfalls P3).
import { expose, releaseProxy, type Remote } from 'comlink';
import type { HardwareSpec } from '../../shared/hardware';
import type { WorkerPool } from '../../shared/pool';
import { poolScorer } from '../../shared/search/pool-scorer';
import { createBrowserSimPool, type RemoteSim } from './sim-pool';
import { warmForSearch } from './lib/warm';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint } from '../../shared/search/checkpoint';
import type { TrialEvaluation } from '../../shared/search/evaluate';
import { runStudy, type StudyProgress } from '../../shared/search/study';
import { summarize, type StudyResult } from '../../shared/search/study-result';
import type { StudySpec } from '../../shared/search/study-spec';
import type { WorkloadSpec } from '../../shared/workload/types';
import { CURRENT_SEARCH_KEY, workloadDigest, type StoredSearchRecord } from './lib/search-record';
import { searchStore } from './lib/app-db';

/** The page's side of a running study (a Comlink proxy; calls arrive on the page in the order they were made). */
export interface StudyHooks {
  /** Score a chunk of designs on the page's simulation pool (poolScorer). */
  score(designs: HardwareSpec[]): Promise<TrialEvaluation[]>;
  progress(p: StudyProgress): void;
  /**
   * A batch was told. Only the trials the page has not had cross (a long study's thousands are not cloned on the
   * page thread after every batch): the told trials are the earlier ones up to `update.from` and `update.trials`.
   */
  batch(update: BatchUpdate): void;
  /** A chunk of the batch in flight was scored: the batch's results so far (the checkpoint's `pending`). */
  chunk(pending: Checkpoint['pending']): void;
  /**
   * The running study's checkpoint to save, as JSON text (the page writes it to IndexedDB as it is: cloning thousands
   * of trials blocked it for 70–130 ms per write), at the run's start and then at most once per SAVE_MS; `trials` is
   * how many told trials it holds. Only without the request's `save` (then the worker writes them itself: `saved`).
   */
  save(checkpointJson: string, trials: number): void;
  /**
   * With the request's `save`, the worker writes those checkpoints to IndexedDB itself instead of calling `save`, and
   * reports each write: how many told trials it holds, and null, or why it failed.
   */
  saved(trials: number, error: string | null): void;
  /** Answers once every earlier hook call has been handled (the hooks' port is ordered). */
  flush(): void;
}

export interface BatchUpdate {
  /** The checkpoint without its trials (format, version, study, digest; `pending` is empty at a batch's end). */
  header: Omit<Checkpoint, 'trials' | 'pending'>;
  /** Index of the first told trial in `trials`: the page keeps its earlier ones. */
  from: number;
  trials: Checkpoint['trials'];
  /** The summary of every told trial, without the trials. */
  summary: Omit<StudyResult, 'trials'>;
}

export interface StudyRunRequest {
  study: StudySpec;
  workloadDigest: string;
  resume?: Checkpoint;
  /** Chunks scored at once (the page pool's size). */
  lanes: number;
  /**
   * Write the running study's checkpoints to IndexedDB here (the current-search record, status 'running'), not on the
   * page thread: at 5,000 trials a write copied a few megabytes of JSON on the page, twice (the message, then the
   * put), once a second. The page still writes the record when the run ends (after this worker's last write).
   */
  save?: WorkerSave;
  /**
   * Score on this worker's own simulation workers (nested workers, `lanes` of them: the ones prewarmSims started when
   * there are as many) instead of through the page's `score` hook; the study's workloads as they cross to them.
   */
  own?: { payload: (string | WorkloadSpec)[] };
}

/** What the study worker needs to write a running search's record (SearchRecord's other fields). */
export interface WorkerSave {
  /** The IndexedDB database (the app's DB_NAME; tests their own). */
  db: string;
  payload: (string | WorkloadSpec)[];
  workers: number;
  /** Seconds searched before this run's request (earlier sessions and this one so far); the worker adds its own. */
  elapsedSeconds: number;
}

export interface StudyRunReply {
  /**
   * The told trials' summary (complete only when the study ran to its budget), without the trials: the page has them
   * from the `batch` hooks (cloning thousands of trials again, twice, was a long task on the page thread at the end).
   */
  summary: Omit<StudyResult, 'trials'>;
  /** The told trials (the page's `batch` hooks had them all). */
  told: number;
  /** The last checkpoint's results of the batch in flight (a stopped study's; empty otherwise). */
  pending: Checkpoint['pending'];
  /** The last checkpoint (the told trials and `pending`) as JSON text: the record the page saves at the end. */
  checkpointJson: string;
  /** Stopped by `stop()` before the budget. */
  stopped: boolean;
}

export interface StudyWorkerApi {
  /** The checkpoint's workload digest for the study's workloads as they cross to the workers (zoo names are
   * generated here: tens of ms for EfficientNet-B0, kept off the page thread). */
  workloadDigest(payload: (string | WorkloadSpec)[]): string;
  run(req: StudyRunRequest, hooks: StudyHooks): Promise<StudyRunReply>;
  /**
   * Stop the running study between chunks (the page then cancels its pool to stop the chunks in flight; this worker's
   * own simulation workers, if it runs on them, are stopped here).
   */
  stop(): void;
  /**
   * Start this worker's own simulation workers ahead of a run (the page calls it while the form is read): each loads
   * the simulator and HiGHS, scores one small design and compiles the fusion solvers (rounds of warmUpSolvers:
   * web/src/lib/warm.ts), and counts as ready WARM_SETTLE_MS later (`ready` is called then, once per worker). Another
   * count replaces them; a run that starts meanwhile stops the warm-up after the solve in flight.
   */
  prewarmSims(workers: number, ready: () => void): void;
}

/** This worker's own simulation workers (nested; started by prewarmSims or by a run that asks for them). */
let sims: { workers: number; pool: WorkerPool<RemoteSim> } | null = null;
function ownSims(workers: number): WorkerPool<RemoteSim> {
  if (sims?.workers === workers) return sims.pool;
  void sims?.pool.close().catch(() => {});
  sims = { workers, pool: createBrowserSimPool(workers) };
  return sims.pool;
}

/**
 * The batch in flight's results (the `chunk` hook) and the progress reach the page at most this often, the latest of
 * each: every hook call is a message task on the page thread, and the page draws at most 10 updates a second and
 * saves a checkpoint at most once a second anyway. A batch's end goes at once (it replaces the pending results).
 */
const HOOK_MS = 100;
/** A running study's checkpoint is sent for saving at most this often (a reload loses at most this long of trials). */
const SAVE_MS = 1000;

/**
 * A checkpoint's JSON text, built from the told trials' JSON kept batch by batch (each trial is stringified once, so a
 * save costs the new trials plus one join, not a walk over every trial object). Parses to the checkpoint itself.
 */
class CheckpointText {
  #head: string;
  #parts: string[] = [];
  #done = 0;
  constructor(cp: Omit<Checkpoint, 'trials' | 'pending'>) {
    this.#head = `{"format":${JSON.stringify(cp.format)},"version":${JSON.stringify(cp.version)},"study":${JSON.stringify(cp.study)},"workloadDigest":${JSON.stringify(cp.workloadDigest)},"trials":[`;
  }
  of(cp: Checkpoint): string {
    if (cp.trials.length > this.#done) {
      const more = JSON.stringify(cp.trials.slice(this.#done));
      this.#parts.push(more.slice(1, -1));
      this.#done = cp.trials.length;
    }
    return `${this.#head}${this.#parts.join(',')}],"pending":${JSON.stringify(cp.pending)}}`;
  }
}

/**
 * Calls `send` at most once per `ms`: `later()` asks for a call, made at once when the last was at least `ms` ago,
 * else at the end of that wait (one call for every request made meanwhile); `now()` makes a waiting call at once and
 * `drop()` forgets it. The caller keeps what to send (the latest of each kind).
 */
class Throttle {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = -Infinity;
  constructor(private readonly ms: number, private readonly send: () => void) {}
  later(): void {
    if (this.#timer !== null) return;
    const wait = this.#last + this.ms - performance.now();
    if (wait <= 0) this.now();
    else this.#timer = setTimeout(() => this.now(), wait);
  }
  now(): void {
    this.drop();
    this.#last = performance.now();
    this.send();
  }
  drop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

let abort: AbortController | null = null;
/** Runs started: a warm-up (prewarmSims) stops once a run takes its workers. */
let runs = 0;
/** stop() arrived before run() (a Pause right after Start): the run stops at once. */
let stopEarly = false;

const api: StudyWorkerApi = {
  workloadDigest: (payload) => workloadDigest(payload),
  async run(req, hooks) {
    if (abort) throw new Error('a study is already running in this worker');
    runs++;
    const signal = (abort = new AbortController()).signal;
    if (stopEarly) abort.abort();
    const ignore = () => {};
    let last: Checkpoint = req.resume ?? {
      format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, study: req.study, workloadDigest: req.workloadDigest, trials: [], pending: [],
    };
    let sent = 0; // told trials the page has
    // The checkpoint for saving: at the start, then at most once per SAVE_MS (the newest waits for its slot).
    const text = new CheckpointText(last);
    let unsaved: Checkpoint = last;
    // With req.save, written here, one write after another (the page's final record waits for the last: `writing`).
    const store = req.save ? searchStore(req.save.db) : null;
    const started = performance.now();
    let writing: Promise<unknown> = Promise.resolve();
    const write = (json: string, trials: number, to: WorkerSave) => {
      const record: StoredSearchRecord = {
        status: 'running', checkpoint: json, payload: to.payload, workers: to.workers,
        elapsedSeconds: to.elapsedSeconds + (performance.now() - started) / 1e3,
      };
      writing = writing
        .then(() => store!.put(CURRENT_SEARCH_KEY, record))
        .then(() => hooks.saved(trials, null), (e) => hooks.saved(trials, (e as Error)?.message ?? String(e)))
        .catch(ignore);
    };
    const saves = new Throttle(SAVE_MS, () => {
      const json = text.of(unsaved), trials = unsaved.trials.length;
      if (req.save) write(json, trials, req.save);
      else void Promise.resolve(hooks.save(json, trials)).catch(ignore);
    });
    saves.later();
    // Chunk and progress updates not sent yet (the latest of each).
    let queued: { pending?: Checkpoint['pending']; progress?: StudyProgress } = {};
    let done = false;
    const updates = new Throttle(HOOK_MS, () => {
      const q = queued;
      queued = {};
      if (done) return;
      if (q.pending) void Promise.resolve(hooks.chunk(q.pending)).catch(ignore);
      if (q.progress) void Promise.resolve(hooks.progress(q.progress)).catch(ignore);
    });
    // A chunk's checkpoint and the progress after it are one call: the request waits for the end of this task.
    let soon = false;
    const update = () => {
      if (soon) return;
      soon = true;
      setTimeout(() => { soon = false; updates.later(); }, 0);
    };
    try {
      const result = await runStudy({
        study: req.study, workloadDigest: req.workloadDigest, resume: req.resume, signal,
        scorer: req.own ? poolScorer(ownSims(req.lanes), req.study, req.own.payload) : { lanes: req.lanes, score: (designs) => hooks.score(designs) },
        // Two chunks in flight per lane: a simulation worker finds its next design already queued when its trial ends
        // (through the page, with a pool a test passes, the relay may wait on the page thread while it draws).
        queueDepth: 2,
        onCheckpoint: (cp, when) => {
          last = cp;
          if (when === 'batch') {
            const { trials, pending: _, ...header } = cp;
            const { trials: __, ...summary } = summarize(req.study, trials, false);
            const from = Math.min(sent, trials.length);
            sent = trials.length;
            delete queued.pending; // the batch's end empties the page's pending results
            void Promise.resolve(hooks.batch({ header, from, trials: trials.slice(from), summary })).catch(ignore);
          }
          else if (when === 'chunk') { queued.pending = cp.pending; update(); }
          if (when !== 'stop') { unsaved = cp; saves.later(); }
        },
        onProgress: (p) => { queued.progress = p; update(); },
      });
      updates.now();
      saves.drop(); // the final record supersedes a save still waiting for its slot
      await writing; // and lands after the writes made here
      await hooks.flush();
      const { trials: _, ...summary } = signal.aborted ? summarize(req.study, result.trials, false) : result;
      return { summary, told: result.trials.length, pending: last.pending, checkpointJson: text.of(last), stopped: signal.aborted };
    } finally {
      done = true; // the hooks' proxy is released below: nothing more is sent
      updates.drop();
      saves.drop();
      await writing; // (a failed run too: the page then writes the last checkpoint it has)
      abort = null;
      try { (hooks as unknown as Remote<StudyHooks>)[releaseProxy](); } catch { /* released already */ }
    }
  },
  stop() {
    if (abort) abort.abort();
    else stopEarly = true;
    // The chunks in flight on this worker's own simulation workers stop now (fresh workers start on the next call).
    if (sims) void sims.pool.cancel('stopped').catch(() => {});
  },
  prewarmSims(workers, ready) {
    const pool = ownSims(workers);
    const mine = sims, run = runs;
    warmForSearch(pool, workers, () => sims === mine && runs === run, () => void Promise.resolve(ready()).catch(() => {}));
  },
};

expose(api);
