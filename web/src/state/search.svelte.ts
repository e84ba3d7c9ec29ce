// The Search view's state: the study form (lib/search-form.ts), and a running study — shared/search/study.ts's
// runStudy in the study worker (web/src/study-worker.ts: ask/tell, checkpoints and summaries off the page thread),
// which scores on its own simulation workers (or, with a pool a test passes, hands each chunk back here to be scored
// with poolScorer over it) (the page applies the worker's results and draws: the shown result, the batch in flight and the
// progress are applied in a task of their own — the progress at most every VIEW_MS, the charts' content less often as
// the trials grow (lib/view-throttle.ts) — so a burst of hooks is one redraw: the charts and the progress in that task,
// the trial detail and the table in the next, so no task draws every card). Pause and
// cancel stop the study worker and terminate the simulation workers; the checkpoint (the CLI's format, as the study
// worker's JSON text) goes to IndexedDB at most once a second while the study runs and once when it ends, so a reload resumes the study from at
// most a second back (the resumed study re-runs those trials, identically), and a finished study is still there after
// a reload. The simulation workers are started ahead (prewarm) while the form is read. One tab runs a search at a time (Web Locks). Results are
// `$state.raw` (replaced, never mutated). docs/model.md §6.
import { proxy } from 'comlink';
import { CancelledError } from '../../../shared/pool';
import type { Checkpoint } from '../../../shared/search/checkpoint';
import { poolScorer, type ScorerPool } from '../../../shared/search/pool-scorer';
import type { StudyProgress } from '../../../shared/search/study';
import { summarize, type StudyResult, type TrialRecord } from '../../../shared/search/study-result';
import { normalizeStudy, type StudySpec } from '../../../shared/search/study-spec';
import type { TrialEvaluation } from '../../../shared/search/evaluate';
import type { WorkloadSpec } from '../../../shared/workload/types';
import type { VersionedStore } from '../lib/idb-store';
import { warmForSearch } from '../lib/warm';
import { ViewThrottle } from '../lib/view-throttle';
import { CURRENT_SEARCH_KEY, type SearchRecord, type SearchStatus, type StoredSearchRecord } from '../lib/search-record';
import { defaultForm, designCount, fieldIssue, formFromStudy, studyInput, type SearchForm } from '../lib/search-form';
import { startStudyWorker, type StudyWorker } from '../pool';
import { linkPartText } from '../../../shared/url-state';
import type { StudyInput } from '../../../shared/search/study-spec';
import type { StudyHooks, StudyRunReply, WorkerSave } from '../study-worker';

/** The pool a search runs on (web/src/pool.ts createBrowserSimPool; tests may pass their own). */
export interface SearchPool extends ScorerPool {
  cancel(reason?: string): Promise<void>;
  close(): Promise<void>;
}

export interface SearchEnv {
  createPool(workers: number): SearchPool;
  /** Where checkpoints go; null: nowhere (the search then does not survive a reload). */
  store: VersionedStore<SearchRecord, StoredSearchRecord> | null;
  /** What crosses to the workers for a workload name: the zoo name, or an imported workload's spec. */
  workloadValue(name: string): string | WorkloadSpec;
  /** Make an imported workload of a restored search known to the page again. */
  registerImported(spec: WorkloadSpec): void;
  defaultWorkers: number;
  /** Web Locks, if the browser has them (one tab runs the search). */
  locks?: LockManager;
  /** Start the worker that runs the study loop (default: web/src/pool.ts startStudyWorker). */
  startStudyWorker?(): StudyWorker;
  /**
   * The study worker scores on its own simulation workers (nested workers it starts and warms: no trial crosses the
   * page thread) instead of through `createPool`'s pool on the page (the app: true; tests that pass their own pool:
   * false or absent).
   */
  nestedWorkers?: boolean;
  /**
   * The IndexedDB database `store` lives in (the app: DB_NAME): the study worker then writes the running study's
   * checkpoints there itself (StudyRunRequest.save), and the page only the record at the run's end. Absent: the page
   * writes every record through `store`.
   */
  storeDb?: string;
}

export type SearchPhase = 'idle' | 'running' | 'pausing' | 'paused' | 'done' | 'cancelled' | 'error' | 'elsewhere';

export interface LiveProgress {
  /** Trials settled (told, plus those of the batch in flight). */
  completed: number;
  total: number;
  /** Designs simulated per second over the last 5 s (as the CLI's bar). */
  trialsPerSecond: number;
  /** Seconds to the end at the recent settle rate; null until there is a rate. */
  etaSeconds: number | null;
  /** Wall time searching, over every session of this study. */
  elapsedSeconds: number;
  bestGain: number | null;
}

const LOCK_NAME = 'fast-explorer-search';
const WINDOW_MS = 5000;
/** The Search view's cards of a study (best so far, scatter, detail, table), mounted in stages (`revealed`). */
export const REVEAL_STAGES = 4;
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

export class SearchState {
  form = $state<SearchForm>(defaultForm());
  workers = $state(1);

  /** The study the form describes, checked by normalizeStudy (errors name the field). */
  readonly validation = $derived.by((): { ok: true; study: StudySpec } | { ok: false; error: string } => {
    const issue = fieldIssue(this.form);
    if (issue) return { ok: false, error: issue };
    const w = this.workers;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > 64) return { ok: false, error: `workers must be a whole number from 1 to 64 (got ${w})` };
    try {
      return { ok: true, study: normalizeStudy(studyInput($state.snapshot(this.form) as SearchForm)) };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  });
  /** Distinct designs in the form's space. */
  readonly designs = $derived(this.validation.ok ? designCount(this.validation.study) : null);

  phase = $state<SearchPhase>('idle');
  /** The study shown (running, paused or finished). */
  study = $state.raw<StudySpec | null>(null);
  #result = $state.raw<StudyResult | null>(null);
  #drawn = $state.raw<StudyResult | null>(null);
  /** Summary of the told trials (partial while running). Setting it sets `drawn` too. */
  get result(): StudyResult | null { return this.#result; }
  set result(r: StudyResult | null) {
    this.#cancelStaged();
    this.#result = r;
    this.#drawn = r;
  }
  /**
   * The summary the charts draw: `result`, except while a view update is being applied in two tasks (#views, #stage): the
   * charts and the progress draw the new summary in one task, the trial detail, the table and the rest (`result`) in
   * the next, so that neither task builds every card.
   */
  get drawn(): StudyResult | null { return this.#drawn; }
  /** Results of the batch in flight (scored, not yet told). */
  pending = $state.raw<{ key: string; evaluation: TrialEvaluation }[]>([]);
  progress = $state.raw<LiveProgress | null>(null);
  /** Why the study stopped (a failed worker, a checkpoint that does not replay). */
  error = $state<string | null>(null);
  /** Checkpoints could not be written or read (the search itself goes on). */
  storageIssue = $state<string | null>(null);
  /** The saved search could not be read: the reason and the raw record (the user chooses what to do). */
  corrupt = $state.raw<{ reason: string; raw: unknown } | null>(null);
  /** Told trials in the last checkpoint written to IndexedDB (what a reload now would resume from). */
  savedTrials = $state(0);
  /** Trials restored from the checkpoint when this session resumed the study. */
  resumedTrials = $state<number | null>(null);
  /** The trial shown in detail. */
  selected = $state<number | null>(null);
  /** The scatter's x axis. */
  xAxis = $state<'area' | 'tdp'>('area');

  readonly running = $derived(this.phase === 'running' || this.phase === 'pausing');
  readonly selectedTrial = $derived<TrialRecord | null>(this.result && this.selected !== null ? this.result.trials[this.selected] ?? null : null);
  /** The study's workloads as they crossed to the workers (imported ones as specs). */
  payload = $state.raw<(string | WorkloadSpec)[]>([]);

  readonly #env: SearchEnv;
  #worker: StudyWorker | null = null;
  #pool: SearchPool | null = null;
  #stopAs: 'pause' | 'cancel' | null = null;
  #lastCheckpoint: Checkpoint | null = null;
  #workersOfRun = 1;
  #elapsedBefore = 0;
  #sessionStart = 0;
  #samples: [number, number, number][] = []; // [time ms, simulated, completed]
  #saving: Promise<void> = Promise.resolve();
  /** Simulation workers started ahead of a search (prewarm), taken by the next start with as many workers. */
  #warm: { workers: number; pool: SearchPool | null; study: StudyWorker | null } | null = null;
  /** Workers of the warm pool that have finished warming up (the view shows it as data-warm; bench:browser waits for it). */
  warmWorkers = $state(0);
  #run: Promise<void> | null = null;
  /**
   * View updates waiting to be applied (the latest of each wins), each application in a task of its own (not in a
   * hook's message task, nor in an animation frame's, which then also lays out and paints): the progress at most every
   * VIEW_MS, what the charts draw (the result, the batch in flight) at most every chartIntervalMs of its trials
   * (lib/view-throttle.ts).
   */
  #views = new ViewThrottle<StudyResult, SearchState['pending'], StudyProgress>((v) => {
    if (v.result) void this.#stage(v.result);
    if (v.pending) this.pending = v.pending;
    if (v.progress) this.progress = this.#live(v.progress.completed, v.progress.simulated);
  });
  /**
   * The shown study's cards mounted so far (the Search view: best so far, scatter, detail, table), one more every two
   * tasks (the card, then the parts it defers: components/Later.svelte), so no task builds them all. A run's workers
   * start only once all are up: the mounts then have the cores to themselves (with the simulation workers and the
   * study worker busy on 2 cores, a mount task of 20-30 ms of CPU took 50-90 ms: bench:browser's longTaskStartsMs).
   */
  revealed = $state(0);
  #revealing: Promise<void> | null = null;
  #revealGen = 0;
  /** The second task of a view update (`result` after `drawn`), and what waits for it. */
  #staged: { timer: ReturnType<typeof setTimeout>; result: StudyResult; done: (() => void)[] } | null = null;

  constructor(env: SearchEnv) {
    this.#env = env;
    this.workers = env.defaultWorkers;
  }

  // ------------------------------------------------------------------------------------------------ links
  /** The form came from a link: a saved search restored later shows its trials but keeps the link's form. */
  #formFromLink = false;

  /** The form's study as a share link carries it (its settings, not its trials); none while the form is invalid. */
  toLink(): StudyInput | undefined {
    return this.validation.ok ? studyInput($state.snapshot(this.form) as SearchForm) : undefined;
  }

  /** Take a link's study (absent: the default form); a link equal to the form's changes nothing (a half-typed form stays). */
  applyLink(s: StudyInput | undefined): void {
    if (linkPartText({ search: s }) === linkPartText({ search: this.toLink() })) return;
    this.form = s ? formFromStudy(normalizeStudy(s)) : defaultForm();
    this.#formFromLink = s !== undefined;
  }

  // ------------------------------------------------------------------------------------------------ form actions
  setWorkloads(names: string[]): void {
    const old = new Map(this.form.workloads.map((w) => [w.name, w.weight]));
    this.form.workloads = names.map((name) => ({ name, weight: old.get(name) ?? 1 }));
  }

  resetForm(): void {
    this.form = defaultForm(this.form.workloads[0]?.name);
  }

  // ------------------------------------------------------------------------------------------------ running
  /** Start the form's study from scratch (replaces the saved search). */
  start(): Promise<void> {
    const v = this.validation;
    if (!v.ok || this.running) return Promise.resolve();
    const payload = v.study.workloads.map((w) => this.#env.workloadValue(w));
    this.corrupt = null;
    return this.#begin(v.study, payload, undefined, 0, this.workers);
  }

  /** Continue the paused (or interrupted) study from its checkpoint. */
  resume(): Promise<void> {
    if (this.running || !this.study || !this.#lastCheckpoint) return Promise.resolve();
    return this.#begin(this.study, this.payload, this.#lastCheckpoint, this.#elapsedBefore, this.workers);
  }

  /** Stop now, keeping the checkpoint to resume from. */
  pause(): Promise<void> {
    return this.#stop('pause');
  }

  /** Stop now: the trials so far are the study's result. */
  cancel(): Promise<void> {
    return this.#stop('cancel');
  }

  async #stop(as: 'pause' | 'cancel'): Promise<void> {
    if (!this.running || !this.#run) return;
    this.#stopAs = as;
    this.phase = 'pausing';
    // The study worker stops first (it takes no further chunk), then the chunks in flight are cancelled. A worker not
    // started yet is told as soon as it is (its run then stops at once).
    await this.#worker?.api.stop().catch(() => {});
    await this.#pool?.cancel(as === 'pause' ? 'paused' : 'cancelled');
    await this.#run;
  }

  /** Mount the shown study's cards (`revealed`, one stage every two tasks); resolves once all are up. */
  reveal(): Promise<void> {
    if (this.revealed >= REVEAL_STAGES) return Promise.resolve();
    if (this.#revealing) return this.#revealing;
    const gen = this.#revealGen;
    const p: Promise<void> = (async () => {
      while (this.revealed < REVEAL_STAGES) {
        await nextTask();
        await nextTask();
        if (gen !== this.#revealGen) return; // cleared meanwhile
        this.revealed += 1;
      }
    })().finally(() => { if (this.#revealing === p) this.#revealing = null; });
    this.#revealing = p;
    return p;
  }

  /** Clear the shown study and the saved one (not while running). */
  async clear(): Promise<void> {
    if (this.running) return;
    this.phase = 'idle';
    this.study = null;
    this.#revealGen++;
    this.#revealing = null;
    this.revealed = 0;
    this.result = null;
    this.pending = [];
    this.progress = null;
    this.error = null;
    this.selected = null;
    this.resumedTrials = null;
    this.#lastCheckpoint = null;
    await this.#saving; // a write queued earlier must not land after the delete
    await this.#env.store?.delete(CURRENT_SEARCH_KEY).catch(() => {});
  }

  /** The latest checkpoint (the CLI's format: `fast search --checkpoint F` with the same flags resumes it). */
  checkpoint(): Checkpoint | null {
    return this.#lastCheckpoint;
  }

  #begin(study: StudySpec, payload: (string | WorkloadSpec)[], resume: Checkpoint | undefined, elapsedBefore: number, workers: number): Promise<void> {
    const run = async () => {
      this.study = study;
      this.payload = payload;
      this.error = null;
      this.pending = [];
      this.#stopAs = null;
      this.#elapsedBefore = elapsedBefore;
      this.#workersOfRun = workers;
      this.resumedTrials = resume && resume.trials.length ? resume.trials.length : null;
      this.result = summarize(study, resume?.trials ?? [], false);
      if (!resume) this.selected = null;
      this.#lastCheckpoint = resume ?? null;
      this.phase = 'running';
      this.#sessionStart = performance.now();
      this.#samples = [];
      this.progress = this.#live(resume?.trials.length ?? 0, 0);
      // The running view renders in this task and its cards in the next ones (reveal); the workers start (and compete
      // for the cores) after them.
      if (this.revealed < REVEAL_STAGES) await this.reveal();
      else await nextTask();
      // The warm workers of the same count (prewarm): the page's pool, or a study worker with its own workers warm.
      const nested = this.#env.nestedWorkers === true;
      const warm = this.#takeWarm(workers);
      const pool = (this.#pool = nested ? null : warm?.pool ?? this.#env.createPool(workers));
      const worker = (this.#worker = warm?.study ?? (this.#env.startStudyWorker ?? startStudyWorker)());
      if (this.#stopAs) void worker.api.stop().catch(() => {}); // Pause/Cancel before the worker existed
      const died = worker.died.then((why) => Promise.reject(new Error(why)));
      const scorer = pool ? poolScorer(pool, study, payload) : null;
      let live = true; // hook calls that arrive after the run's reply are ignored
      let told = {} as Checkpoint; // the last batch's checkpoint: chunk checkpoints extend it (set below)
      const hooks: StudyHooks = {
        score: (designs) => scorer ? scorer.score(designs) : Promise.reject(new Error('this study scores on the study worker\'s own workers')),
        progress: (p) => { if (live) this.#views.queue({ progress: p }); },
        batch: ({ header, from, trials, summary }) => {
          if (!live) return;
          const all = told.trials ? told.trials.slice(0, from).concat(trials) : trials;
          const cp: Checkpoint = { ...header, trials: all, pending: [] };
          const result: StudyResult = { ...summary, trials: all };
          told = cp;
          this.#lastCheckpoint = cp;
          this.#views.queue({ result, pending: [] });
        },
        chunk: (pending) => {
          if (!live) return;
          this.#lastCheckpoint = { ...told, pending };
          this.#views.queue({ pending });
        },
        // The study worker sends the checkpoint to save as JSON text (at most once a second): written as it is; or,
        // with `save` in the request (storeDb), writes it itself and says so.
        save: (json, trials) => { if (live) this.#save('running', json, trials); },
        saved: (trials, error) => { if (live) this.#saved(trials, error); },
        flush: () => {},
      };
      try {
        // The digest generates the zoo workloads: the study worker computes it, off the page thread.
        const digest = await Promise.race([worker.api.workloadDigest(payload), died]);
        told = this.#lastCheckpoint = resume ?? {
          format: 'fast-search-checkpoint', version: 1, study, workloadDigest: digest, trials: [], pending: [],
        };
        // The study worker saves the checkpoint as running at once (and then at most once a second): itself where the
        // store's database is known (no checkpoint crosses the page thread), else through the `save` hook.
        const save: WorkerSave | undefined = this.#env.store && this.#env.storeDb ? {
          db: this.#env.storeDb, payload, workers: this.#workersOfRun,
          elapsedSeconds: this.#elapsedBefore + (performance.now() - this.#sessionStart) / 1e3,
        } : undefined;
        const reply: StudyRunReply = await Promise.race([
          worker.api.run({ study, workloadDigest: digest, resume, lanes: pool?.size ?? workers, ...(nested ? { own: { payload } } : {}), ...(save ? { save } : {}) }, proxy(hooks)),
          died,
        ]);
        live = false;
        this.#views.flush(); // what the hooks queued, before the final result replaces it
        const elapsed = this.#elapsedBefore + (performance.now() - this.#sessionStart) / 1e3;
        this.#elapsedBefore = elapsed;
        // The told trials are the batch hooks' (the reply carries only their count, the summary and the last pending).
        const trials = told.trials ?? [];
        if (trials.length !== reply.told) throw new Error(`the study worker told ${reply.told} trials, the page has ${trials.length}`);
        this.#lastCheckpoint = { ...told, trials, pending: reply.pending };
        // The final summary as any view update: the charts in this task, the rest in the next, where the phase ends.
        this.pending = [];
        await this.#stage({ ...reply.summary, trials });
        const status: SearchStatus = !reply.stopped ? 'done' : this.#stopAs === 'cancel' ? 'cancelled' : 'paused';
        this.phase = status;
        this.#save(status, reply.checkpointJson, trials.length);
        this.progress = this.#live(trials.length, 0, true);
        await this.#saving; // a finished run is a saved run
      } catch (e) {
        live = false;
        this.#views.flush();
        // The newest checkpoint, so a reload resumes from it (a clone of every trial on this thread, once, on a failure).
        if (this.#lastCheckpoint) this.#save('running', this.#lastCheckpoint, this.#lastCheckpoint.trials.length);
        this.phase = 'error';
        const cancelled = e instanceof CancelledError || (e as Error).name === 'CancelledError';
        this.error = cancelled ? 'the workers stopped unexpectedly' : (e as Error).message;
        this.pending = [];
      } finally {
        this.#worker = null;
        this.#pool = null;
        worker.terminate(); // with its own simulation workers, if it had them
        await pool?.close().catch(() => {});
      }
    };
    const locked = async () => {
      const locks = this.#env.locks;
      if (!locks) return run();
      try {
        // Wait briefly: after a reload the old page may still hold the lock for a moment.
        await locks.request(LOCK_NAME, { signal: AbortSignal.timeout(3000) }, () => run());
      } catch (e) {
        if ((e as Error).name === 'AbortError' || (e as Error).name === 'TimeoutError') {
          this.study = study;
          this.payload = payload;
          this.result = summarize(study, resume?.trials ?? [], false);
          this.#lastCheckpoint = resume ?? null;
          this.phase = 'elsewhere';
          return;
        }
        throw e;
      }
    };
    this.#run = locked().catch((e) => {
      this.phase = 'error';
      this.error = (e as Error).message;
    });
    return this.#run;
  }


  /**
   * Show a new summary in two tasks: `drawn` (the charts) now, `result` (the trial detail, the table, the best gain)
   * in a task of its own; resolves once both are shown. A newer summary before the second task replaces it.
   */
  #stage(r: StudyResult): Promise<void> {
    const done = this.#staged?.done ?? [];
    if (this.#staged) clearTimeout(this.#staged.timer);
    this.#drawn = r;
    const staged = {
      result: r, done,
      timer: setTimeout(() => {
        this.#staged = null;
        this.#result = staged.result;
        for (const f of staged.done) f();
      }, 0),
    };
    this.#staged = staged;
    return new Promise((resolve) => staged.done.push(resolve));
  }

  /** Drop a second task not run yet (`result` is being set): what waits for it goes on. */
  #cancelStaged(): void {
    const st = this.#staged;
    if (!st) return;
    clearTimeout(st.timer);
    this.#staged = null;
    for (const f of st.done) f();
  }

  #live(completed: number, simulated: number, final = false): LiveProgress {
    const now = performance.now();
    const s = this.#samples;
    if (!final) {
      s.push([now, simulated, completed]);
      while (s.length > 2 && now - s[1][0] > WINDOW_MS) s.shift();
    }
    const [t0, sim0, done0] = s[0] ?? [now, simulated, completed];
    const dt = (now - t0) / 1e3;
    const rate = dt > 0.05 ? (simulated - sim0) / dt : 0;
    const settleRate = dt > 0.05 ? (completed - done0) / dt : 0;
    const total = this.study?.trials ?? completed;
    const bestGain = this.#drawn?.best?.gainVsTpuV3 ?? null;
    return {
      completed, total, trialsPerSecond: final ? this.progress?.trialsPerSecond ?? 0 : rate,
      etaSeconds: final ? 0 : settleRate > 0 ? (total - completed) / settleRate : null,
      elapsedSeconds: final ? this.#elapsedBefore : this.#elapsedBefore + (now - this.#sessionStart) / 1e3,
      bestGain,
    };
  }

  /**
   * Write the record (in order, never blocking the study); a failure is shown once, the search goes on. The checkpoint
   * comes as the study worker's JSON text (IndexedDB copies a string; a checkpoint object is cloned trial by trial on
   * this thread), or as the object on a failure; `trials` is how many told trials it holds.
   */
  #save(status: SearchStatus, cp: Checkpoint | string, trials: number): void {
    const store = this.#env.store;
    if (!store) return;
    const elapsed = this.#elapsedBefore + (status === 'running' ? (performance.now() - this.#sessionStart) / 1e3 : 0);
    const record: StoredSearchRecord = { status, checkpoint: cp, payload: this.payload, workers: this.#workersOfRun, elapsedSeconds: elapsed };
    // The put runs in a task of its own, not in the one that drew.
    this.#saving = this.#saving.then(() => new Promise((r) => setTimeout(r, 0))).then(() => store.put(CURRENT_SEARCH_KEY, record)).then(
      () => this.#saved(trials, null),
      (e) => this.#saved(trials, (e as Error).message),
    );
  }

  /** A record was written (by the page or the study worker) holding `trials` told trials, or failed with `error`. */
  #saved(trials: number, error: string | null): void {
    if (error !== null) {
      this.storageIssue = `Checkpoints are not being saved (${error}): this search will not survive a reload.`;
      return;
    }
    this.savedTrials = trials;
    if (this.storageIssue?.startsWith('Checkpoints')) this.storageIssue = null;
  }

  /**
   * Start the form's number of simulation workers before a search, so that Start does not wait for (and its first
   * render does not compete with) their start-up: each loads the simulator and HiGHS, scores one small design and
   * compiles the fusion solvers (rounds of warmUpSolvers: web/src/lib/warm.ts; a start stops them after the solve in
   * flight). The Search view calls it when it opens; the next start with as many workers runs on them. A count the form no
   * longer has closes them and warms the new count. Failures are ignored here (the search starts its own workers).
   */
  prewarm(): void {
    if (this.running) return;
    const workers = this.workers;
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) return;
    if (this.#warm?.workers === workers) return;
    this.#closeWarm(this.#warm);
    this.warmWorkers = 0;
    if (this.#env.nestedWorkers) {
      // The study worker starts its own simulation workers and warms them the same way (prewarmSims).
      const study = (this.#env.startStudyWorker ?? startStudyWorker)();
      const warm = (this.#warm = { workers, pool: null, study });
      void study.api.prewarmSims(workers, proxy(() => { if (this.#warm === warm) this.warmWorkers++; })).catch(() => {});
      return;
    }
    const pool = this.#env.createPool(workers);
    const warm = (this.#warm = { workers, pool, study: null });
    warmForSearch(pool, workers, () => this.#warm === warm, () => { this.warmWorkers++; });
  }

  #closeWarm(w: { pool: SearchPool | null; study: StudyWorker | null } | null): void {
    if (!w) return;
    void w.pool?.close().catch(() => {});
    w.study?.terminate();
  }

  #takeWarm(workers: number): { pool: SearchPool | null; study: StudyWorker | null } | null {
    const w = this.#warm;
    this.#warm = null;
    this.warmWorkers = 0;
    if (!w) return null;
    if (w.workers === workers) return w;
    this.#closeWarm(w);
    return null;
  }

  /** Wait for every write queued so far (tests, before a reload). */
  flushed(): Promise<void> {
    return this.#saving;
  }


  // ------------------------------------------------------------------------------------------------ restore
  /** Read the saved search: show it, and resume it if it was running when the page went away. */
  async restore(): Promise<void> {
    const store = this.#env.store;
    if (!store) return;
    let r;
    try {
      r = await store.get(CURRENT_SEARCH_KEY);
    } catch (e) {
      this.storageIssue = `Saved searches are unavailable (${(e as Error).message}); a search will not survive a reload.`;
      return;
    }
    if (r.status === 'missing' || this.running || this.study) return;
    if (r.status === 'corrupt') {
      this.corrupt = { reason: r.reason, raw: r.raw };
      return;
    }
    const rec = r.value;
    const study = rec.checkpoint.study;
    for (const p of rec.payload) if (typeof p !== 'string') this.#env.registerImported(p);
    if (!this.#formFromLink) this.form = formFromStudy(study);
    this.workers = Math.min(rec.workers, 64);
    this.study = study;
    this.payload = rec.payload;
    this.#lastCheckpoint = rec.checkpoint;
    this.savedTrials = rec.checkpoint.trials.length;
    this.#elapsedBefore = rec.elapsedSeconds;
    this.#workersOfRun = rec.workers;
    const complete = rec.checkpoint.trials.length >= study.trials;
    this.result = summarize(study, rec.checkpoint.trials, rec.status === 'done' && complete);
    this.progress = { completed: rec.checkpoint.trials.length, total: study.trials, trialsPerSecond: 0, etaSeconds: null, elapsedSeconds: rec.elapsedSeconds, bestGain: this.result.best?.gainVsTpuV3 ?? null };
    if (rec.status === 'running' && !complete) {
      // Resume in the background: restore() returns once the saved study is on screen.
      void this.#begin(study, rec.payload, rec.checkpoint, rec.elapsedSeconds, this.workers);
    } else {
      this.phase = rec.status === 'running' ? 'done' : rec.status;
    }
  }

  /** Forget the unreadable saved search. */
  async discardCorrupt(): Promise<void> {
    await this.#env.store?.delete(CURRENT_SEARCH_KEY).catch(() => {});
    this.corrupt = null;
  }

  /** Forget a saved search that failed to resume (the error says why) and start over from the form. */
  async discardFailed(): Promise<void> {
    this.error = null;
    await this.clear();
  }
}
