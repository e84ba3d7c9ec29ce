// The systolic-array explainer's state (Explore's "Systolic array, cycle by cycle" panel): the shape the user picked
// (array R×C, GEMM M, N, K, dataflow), the animation's cycle and its play/pause timer, and the core's numbers for the
// shape. The per-cycle frames come from the pure schedule in lib/systolic.ts (docs/model.md §1); the totals and the
// second step's runs (the same GEMM on 128×128, a depthwise layer) come from the SCALE-Sim-compatible core through the
// app's pool (the worker API's scalesimGemms), the same core `fast scalesim` calls. The shown counter ends on the
// schedule's last cycle; `agrees` says whether that is the core's total (it always should: a test checks it).
import type { WorkerPool } from '../../../shared/pool';
import type { Dataflow, GemmResult, GemmSpec } from '../../../shared/core/records';
import { simPool, type RemoteSim } from '../pool';
import {
  frameAt, gemmSpec, lessonRows, schedule as scheduleOf, shapeProblem,
  type Frame, type LessonRow, type Schedule, type ShapeField, type SystolicShape,
} from '../lib/systolic';

/** What the explainer asks of the workers. */
export interface ExplainerRunner {
  gemms(specs: GemmSpec[]): Promise<GemmResult[]>;
}

/** The runner over the app's pool of sim workers (the page's shared pool unless one is given; started on first use). */
export function explainerRunner(pool?: WorkerPool<RemoteSim>): ExplainerRunner {
  const p = () => (pool ??= simPool());
  return { gemms: (specs) => p().run((api) => api.scalesimGemms(specs)) };
}

export type CoreNumbers =
  | { status: 'running'; key: string }
  | { status: 'ok'; key: string; shape: GemmResult; lesson: { row: LessonRow; result: GemmResult }[] }
  | { status: 'error'; key: string; error: string };

/** Play speeds offered, in cycles per second. */
export const SPEEDS = [1, 2, 5, 10, 25, 100] as const;

export const DEFAULT_SHAPE: SystolicShape = { rows: 4, cols: 4, m: 6, n: 5, k: 4, dataflow: 'ws' };

export class ExplainerState {
  rows = $state(DEFAULT_SHAPE.rows);
  cols = $state(DEFAULT_SHAPE.cols);
  m = $state(DEFAULT_SHAPE.m);
  n = $state(DEFAULT_SHAPE.n);
  k = $state(DEFAULT_SHAPE.k);
  dataflow = $state<Dataflow>(DEFAULT_SHAPE.dataflow);
  /** The cycle shown (0 … the schedule's last cycle). */
  cycle = $state(0);
  playing = $state(false);
  speed = $state<number>(5);
  core = $state.raw<CoreNumbers | null>(null);

  readonly shape: SystolicShape = $derived({ rows: this.rows, cols: this.cols, m: this.m, n: this.n, k: this.k, dataflow: this.dataflow });
  /** Why the shape cannot be animated (one line), or null. */
  readonly problem: string | null = $derived(shapeProblem(this.shape));
  readonly schedule: Schedule | null = $derived(this.problem ? null : scheduleOf(this.shape));
  readonly frame: Frame | null = $derived(this.schedule ? frameAt(this.schedule, Math.min(this.cycle, this.schedule.lastCycle)) : null);
  readonly atEnd: boolean = $derived(!!this.schedule && this.cycle >= this.schedule.lastCycle);
  /** The core's numbers for the shape as it is now (null while they are being computed, or for a bad shape). */
  readonly numbers = $derived(this.core?.status === 'ok' && this.core.key === JSON.stringify(this.shape) ? this.core : null);
  /** Whether the schedule's last cycle is the core's total (null until the core answers). */
  readonly agrees: boolean | null = $derived(this.numbers && this.schedule ? this.numbers.shape.totalCycles === this.schedule.lastCycle : null);

  readonly #runner: ExplainerRunner;
  #timer: ReturnType<typeof setInterval> | undefined;
  #generation = 0;

  constructor(runner: ExplainerRunner = explainerRunner()) {
    this.#runner = runner;
  }

  /** Ask the core for the shape's numbers (call once the panel opens, and after each change). */
  async refresh(): Promise<void> {
    const shape = this.shape;
    const key = JSON.stringify(shape);
    const gen = ++this.#generation;
    if (this.problem) { this.core = null; return; }
    this.core = { status: 'running', key };
    const lesson = lessonRows(shape);
    try {
      const results = await this.#runner.gemms([gemmSpec(shape), ...lesson.map((r) => r.spec)]);
      if (gen !== this.#generation) return;
      const bad = results.findIndex((r) => r.status !== 'ok');
      if (bad >= 0) { this.core = { status: 'error', key, error: `the core rejected ${bad === 0 ? 'the shape' : lesson[bad - 1].label}` }; return; }
      this.core = { status: 'ok', key, shape: results[0], lesson: lesson.map((row, i) => ({ row, result: results[i + 1] })) };
    } catch (e) {
      if (gen === this.#generation) this.core = { status: 'error', key, error: (e as Error).message };
    }
  }

  /** Change one dimension (a number input's valueAsNumber: NaN when empty): back to cycle 0, paused, new numbers. */
  setField(field: ShapeField, value: number): void {
    this[field] = value;
    this.#changed();
  }

  setDataflow(d: Dataflow): void {
    this.dataflow = d;
    this.#changed();
  }

  #changed(): void {
    this.pause();
    this.cycle = 0;
    void this.refresh();
  }

  step(): void {
    if (!this.schedule) return;
    if (this.cycle < this.schedule.lastCycle) this.cycle++;
    if (this.cycle >= this.schedule.lastCycle) this.pause();
  }

  back(): void {
    if (this.cycle > 0) this.cycle--;
  }

  reset(): void {
    this.pause();
    this.cycle = 0;
  }

  toEnd(): void {
    this.pause();
    if (this.schedule) this.cycle = this.schedule.lastCycle;
  }

  play(): void {
    if (!this.schedule || this.playing) return;
    if (this.atEnd) this.cycle = 0;
    this.playing = true;
    this.#startTimer();
  }

  pause(): void {
    this.playing = false;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  setSpeed(cyclesPerSecond: number): void {
    this.speed = cyclesPerSecond;
    if (this.playing) {
      if (this.#timer !== undefined) clearInterval(this.#timer);
      this.#startTimer();
    }
  }

  #startTimer(): void {
    this.#timer = setInterval(() => this.step(), 1000 / this.speed);
  }

  /** Stop the timer (the panel unmounts). */
  dispose(): void {
    this.pause();
    this.#generation++;
  }
}
