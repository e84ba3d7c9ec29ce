// Explore's sweep: one parameter of the design (a design row of the parameter table, or the batch) over its whole
// grid (lib/sweep.ts: domainValues(effectiveDomain(id, spec)), the design's own value added when off the grid), for
// the Explore design, workload and passes as they are when the sweep starts. Every point's numbers are the model's:
// - a simulation parameter (affects 'sim'): each valid point is simulated through the app's sim runner (the worker
//   pool), a few at a time so Explore's own requests are not queued behind hundreds; replies are cached by request;
// - a cost-only parameter (affects 'cost'): the design's one simulation (Explore's shown result when it answers the
//   design as it is now, else one request) is re-priced per point on the main thread (hardwareCost, energyOf), as
//   Explore re-prices a cost-only slider move; nothing is simulated per point;
// - a point the hardware schema rejects is never simulated: it carries the schema's reason.
// A newer sweep (or cancel) drops the older one's remaining points; changing the design marks the sweep `outdated`
// (it is not re-run by itself: a DRAM-rate sweep is 1,793 simulations). Owned by ExploreState (its `sweep`).
import { energyOf, type HardwareSpec, type ParamId } from '../../../shared/hardware';
import type { SimulateMessage } from '../../../shared/api/worker-api';
import type { SimulateReport } from '../../../shared/api/simulate';
import { isCostOnly, pointMetrics, sweepGrid, type SweepMetricId, type SweepPoint } from '../lib/sweep';
import { reportActivity, type SimRunner } from './explore.svelte';

/** What the sweep reads of the Explore state (getters, so reading them inside $derived tracks them). */
export interface SweepSource {
  /** The design as it is now (null while the schema rejects it). */
  readonly spec: HardwareSpec | null;
  readonly workload: string;
  readonly passes: string;
  /** A report answering the design as it is now (its workload, passes and simulation parameters), if one is in. */
  readonly report: SimulateReport | null;
  /** The simulate request for a design on a workload with passes (as Explore asks for its own). */
  message(spec: HardwareSpec, workload: string, passes: string): SimulateMessage;
}

export interface SweepRun {
  param: ParamId;
  workload: string;
  passes: string;
  /** The design swept around. */
  spec: HardwareSpec;
  /** Which inputs this run answers (compared with the current ones: `outdated`). */
  key: string;
  /** Cost-only: points re-price one simulation. */
  costOnly: boolean;
  points: SweepPoint[];
  /** Points to evaluate (the valid ones) and how many are in. */
  total: number;
  done: number;
  status: 'running' | 'done' | 'cancelled' | 'error';
  /** Why a cost-only run has no numbers (its one simulation failed). */
  error: string | null;
}

interface SimNumbers { throughputPerSecond: number; latencySeconds: number; joulesPerInference: number }

const CACHE_SIZE = 4096;
const PUBLISH_MS = 100;

export class SweepState {
  /** The row picked (the next sweep's). */
  param = $state<ParamId>('arrayRows');
  /** The metric charted. */
  metric = $state<SweepMetricId>('perfPerTdp');
  /** The last sweep started (its points fill in as they are simulated). */
  run = $state.raw<SweepRun | null>(null);

  readonly #runner: SimRunner;
  readonly #source: SweepSource;
  readonly #concurrency: number;
  #generation = 0;
  /** Simulation numbers by request (workload, passes, whole design). */
  #cache = new Map<string, SimNumbers>();
  /** The running simulated sweep's points as they come in (published to `run` every PUBLISH_MS and at the end). */
  #work: { points: SweepPoint[]; done: number } | null = null;

  constructor(runner: SimRunner, source: SweepSource, opts: { concurrency?: number } = {}) {
    this.#runner = runner;
    this.#source = source;
    this.#concurrency = Math.max(1, opts.concurrency ?? 4);
  }

  #inputsKey(param: ParamId, spec: HardwareSpec | null, workload: string, passes: string): string {
    return JSON.stringify([param, workload, passes, spec]);
  }

  /** The inputs a sweep of the picked row would answer now. */
  readonly currentKey = $derived.by(() => this.#inputsKey(this.param, this.#source.spec, this.#source.workload, this.#source.passes));
  /** The shown sweep no longer answers the design, workload, passes or row picked. */
  readonly outdated = $derived(this.run !== null && this.run.key !== this.currentKey);
  readonly running = $derived(this.run?.status === 'running');
  /** Whether a sweep can start (the design must be valid). */
  readonly ready = $derived.by(() => this.#source.spec !== null);

  /** Sweep the picked row (or `param`) around the design as it is now; resolves when every point is in. */
  async start(param: ParamId = this.param): Promise<void> {
    const spec = this.#source.spec;
    if (!spec) return;
    this.param = param;
    const gen = ++this.#generation;
    this.#work = null;
    const workload = this.#source.workload;
    const passes = this.#source.passes;
    const snapshot = $state.snapshot(spec) as HardwareSpec;
    const grid = sweepGrid(param, snapshot);
    const costOnly = isCostOnly(param);
    const points: SweepPoint[] = grid.map((g) => ({
      value: g.value, current: g.current, status: g.spec ? 'pending' : 'invalid', reason: g.reason, metrics: null,
    }));
    const valid = grid.flatMap((g, i) => (g.spec ? [{ i, spec: g.spec }] : []));
    this.run = {
      param, workload, passes, spec: snapshot, key: this.#inputsKey(param, snapshot, workload, passes), costOnly,
      points, total: valid.length, done: 0, status: 'running', error: null,
    };

    if (costOnly) {
      let base: SimNumbers & { report: SimulateReport };
      try {
        const report = this.#source.report ?? await this.#runner.simulate(this.#source.message(snapshot, workload, passes));
        base = { report, throughputPerSecond: report.throughputPerSecond, latencySeconds: report.latencySeconds, joulesPerInference: report.energy.joulesPerInference };
      } catch (e) {
        if (gen === this.#generation) this.run = { ...this.run!, status: 'error', error: (e as Error).message };
        return;
      }
      if (gen !== this.#generation) return;
      const activity = reportActivity(base.report);
      const next = [...points];
      for (const { i, spec: s } of valid) {
        // The same activity, priced for each point's design (the cycles do not depend on a cost-only row).
        next[i] = { ...next[i], status: 'ok', metrics: pointMetrics(s, { ...base, joulesPerInference: energyOf(s, activity).joulesPerInference }) };
      }
      this.run = { ...this.run!, points: next, done: valid.length, status: 'done' };
      return;
    }

    // Replies land in `work`; the shown run follows it at most every PUBLISH_MS (a 1,793-point sweep would otherwise
    // redraw the chart once per reply), and at the end.
    const work = { points: [...points], done: 0 };
    this.#work = work;
    let published = performance.now();
    const publish = (status: SweepRun['status'] = 'running') => {
      published = performance.now();
      this.run = { ...this.run!, points: [...work.points], done: work.done, status };
    };
    const queue = [...valid];
    const worker = async () => {
      while (queue.length && gen === this.#generation) {
        const { i, spec: s } = queue.shift()!;
        let point: SweepPoint;
        try {
          const sim = await this.#simulate(s, workload, passes);
          point = { ...points[i], status: 'ok', metrics: pointMetrics(s, sim) };
        } catch (e) {
          point = { ...points[i], status: 'error', reason: (e as Error).message };
        }
        if (gen !== this.#generation) return;
        work.points[i] = point;
        work.done++;
        if (performance.now() - published >= PUBLISH_MS) publish();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, valid.length) }, worker));
    if (gen !== this.#generation) return;
    this.#work = null;
    publish('done');
  }

  async #simulate(spec: HardwareSpec, workload: string, passes: string): Promise<SimNumbers> {
    const key = JSON.stringify([workload, passes, spec]);
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const r = await this.#runner.simulate(this.#source.message(spec, workload, passes));
    const out = { throughputPerSecond: r.throughputPerSecond, latencySeconds: r.latencySeconds, joulesPerInference: r.energy.joulesPerInference };
    this.#cache.set(key, out);
    if (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    return out;
  }

  /** Stop the running sweep: points not yet asked for stay pending (those in flight finish but are dropped). */
  cancel(): void {
    if (!this.running) return;
    this.#generation++;
    const w = this.#work;
    this.#work = null;
    this.run = { ...this.run!, ...(w ? { points: [...w.points], done: w.done } : {}), status: 'cancelled' };
  }
}
