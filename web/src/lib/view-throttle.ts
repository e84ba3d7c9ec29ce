// How often a running search's view updates apply (web/src/state/search.svelte.ts). Updates arrive in bursts from
// the study worker's hooks; each kind is queued (the latest wins) and applied in a task of its own. The progress (a
// few lines of text) applies at most every VIEW_MS. The charts' content — the told trials' summary and the batch in
// flight — applies at most every chartIntervalMs(trials): every redraw of the two Search charts makes the renderer
// re-rasterize their plots, at a cost that grows with the trials drawn (a trace of a 5,000-trial study: the raster
// thread's work per second of study grew about fivefold from the first eighth to the last, to half a core on this
// 2-core machine, which the simulation workers then lacked; docs/model.md §6.7), so the interval grows with the trials
// and that cost stays about level.

/** The shortest interval between two applications of the view updates (ms). */
export const VIEW_MS = 100;
/** The charts' interval per trial drawn (ms), between VIEW_MS and CHART_MAX_MS. */
export const CHART_MS_PER_TRIAL = 0.1;
/** The longest interval between two chart redraws while a study runs (ms). */
export const CHART_MAX_MS = 500;

/** The interval between two chart redraws of a study with `trials` told trials (ms). */
export function chartIntervalMs(trials: number): number {
  return Math.min(CHART_MAX_MS, Math.max(VIEW_MS, trials * CHART_MS_PER_TRIAL));
}

/** What one application of the queued updates carries (null: no change of that kind). */
export interface ViewBatch<R, P, Q> { result: R | null; pending: P | null; progress: Q | null }

export interface ThrottleClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Queues a running search's view updates and applies them in timer tasks: the progress at most every VIEW_MS, the
 * result and the pending batch (what the charts draw) together at most every chartIntervalMs of the result's trials.
 * flush() applies everything queued at once (the study's end).
 */
export class ViewThrottle<R extends { trials: readonly unknown[] }, P, Q> {
  #apply: (b: ViewBatch<R, P, Q>) => void;
  #clock: ThrottleClock;
  #queued: ViewBatch<R, P, Q> = { result: null, pending: null, progress: null };
  #timer: unknown = null;
  #timerAt = Infinity; // when the armed timer fires
  #shown = -Infinity; // last application of anything
  #chartsShown = -Infinity; // last application of chart content
  #lastResult: R | null = null; // the last result applied

  constructor(apply: (b: ViewBatch<R, P, Q>) => void, clock: ThrottleClock = realClock) {
    this.#apply = apply;
    this.#clock = clock;
  }

  /** Queue updates (the latest of each kind wins) and arm the timer for the earliest one due. */
  queue(u: { result?: R; pending?: P; progress?: Q }): void {
    if (u.result !== undefined) this.#queued.result = u.result;
    if (u.pending !== undefined) this.#queued.pending = u.pending;
    if (u.progress !== undefined) this.#queued.progress = u.progress;
    this.#arm();
  }

  /** Apply everything queued now (and disarm). */
  flush(): void {
    this.#fire(true);
  }

  /** When the queued updates are due: the progress VIEW_MS after the last application, chart content its interval
   * after the last chart redraw (and not before the progress would be). */
  #due(): number {
    const q = this.#queued;
    let at = Infinity;
    if (q.progress !== null) at = this.#shown + VIEW_MS;
    if (q.result !== null || q.pending !== null) {
      at = Math.min(at, Math.max(this.#shown + VIEW_MS, this.#chartsShown + chartIntervalMs(this.#chartTrials())));
    }
    return at;
  }

  /** The trials the charts will draw (the queued result's, else those of the last one applied). */
  #chartTrials(): number {
    return (this.#queued.result ?? this.#lastResult)?.trials.length ?? 0;
  }

  /** Arm the timer for the earliest queued update due (sooner if one queued now is due before the armed time). */
  #arm(): void {
    const at = this.#due();
    if (this.#timer !== null) {
      if (this.#timerAt <= at) return;
      this.#clock.clearTimeout(this.#timer);
    }
    if (at === Infinity) { this.#timer = null; return; }
    this.#timerAt = at;
    this.#timer = this.#clock.setTimeout(() => { this.#timer = null; this.#fire(false); }, Math.max(0, at - this.#clock.now()));
  }

  #fire(all: boolean): void {
    if (this.#timer !== null) { this.#clock.clearTimeout(this.#timer); this.#timer = null; }
    const now = this.#clock.now();
    const q = this.#queued;
    const charts = (q.result !== null || q.pending !== null)
      && (all || now >= this.#chartsShown + chartIntervalMs(this.#chartTrials()));
    const batch: ViewBatch<R, P, Q> = { result: charts ? q.result : null, pending: charts ? q.pending : null, progress: q.progress };
    this.#queued = { result: charts ? null : q.result, pending: charts ? null : q.pending, progress: null };
    if (batch.result === null && batch.pending === null && batch.progress === null) { this.#arm(); return; }
    this.#shown = now;
    if (charts) { this.#chartsShown = now; if (batch.result !== null) this.#lastResult = batch.result; }
    this.#apply(batch);
    this.#arm(); // chart content held back
  }
}
