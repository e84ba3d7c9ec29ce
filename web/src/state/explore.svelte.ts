// The Explore view's state: workload, design (one field per row of the parameter table), software passes, the
// selected op and the chart options; and the results, fetched through the worker pool with latest-wins.
// - Simulation parameters (affects 'sim') and passes re-simulate; cost-only parameters (affects 'cost') only
//   re-price on the main thread with hardwareCost (shared/hardware/cost.ts), never calling a worker.
// - The reference (TPU-v3, baseline software = passes "none", same workload and batch: shared/search/baseline.ts)
//   is simulated once per workload/batch and cached; gains are Perf/TDP against it.
// - A lesson may name one comparison state; it is simulated the same way.
// Components read this class; only this class talks to the pool (through a SimRunner).
import { untrack } from 'svelte';
import {
  COEFFICIENTS, PARAMS, PRESETS, PRESET_NAMES, activityOf, dramCapacityBytes, dramGBpsRange, dramGiBChoices, energyOf, nearestDramGiB, hardwareCost, validateHardwareSpec,
  type Activity, type EnergyReport, type HardwareCostResult, type HardwareSpec, type ParamId, type PresetName,
} from '../../../shared/hardware';
import type { SimulateMessage } from '../../../shared/api/worker-api';
import type { SimulateReport } from '../../../shared/api/simulate';
import { defaultUrlState, type BarMode, type UrlState } from '../../../shared/url-state';
import { baselineHardware, BASELINE_PASSES_LABEL, BASELINE_PRESET } from '../../../shared/search/baseline';
import { LatestRequest } from './latest.svelte';
import { SweepState } from './sweep.svelte';
import { LlmState } from './llm.svelte';
import type { ServingCurveMessage, ServingCurveReport } from '../../../shared/api/llm';
import { canonicalWorkload, composeVariant, isLlmBase, pickBase } from '../lib/llm';
import type { LlmSettings } from '../../../shared/workload/llm/index';
import { lessonById, type LessonContext } from '../lib/lessons';
import { blockBars, opBars, rooflinePoints, roofs } from '../lib/ops';
import { fusionMap } from '../lib/fusion-map';
import { parsePasses } from '../../../shared/compiler/passes';
import { WARM_SETTLE_MS, warmSolverRounds } from '../lib/warm';
import { workloadMessageValue, workloadSpec, zooNames } from '../lib/workloads';

/** How the state reaches the simulator (web/src/pool.ts adapts the worker pool to it). */
export interface SimRunner {
  simulate(msg: SimulateMessage): Promise<SimulateReport>;
  /** An LLM workload's serving curve (shared/api/llm.ts); absent, Explore shows no curve. */
  llmServingCurve?(msg: ServingCurveMessage): Promise<ServingCurveReport>;
  /**
   * Compile the fusion solvers in the worker the next simulation goes to (shared/search/warm-up.ts; discards its
   * answers, changes no result): all warm-up designs, or the one given. Absent, Explore warms nothing.
   */
  warmUpSolvers?(design?: number): Promise<{ designs: number } | null>;
}

/**
 * The fusion solvers are warmed (SimRunner.warmUpSolvers) once the first result simulated with fusion has been shown
 * and no simulation has run for this long: a reader's pause, not a drag. Until then V8 runs HiGHS (3.5 MB of Wasm)
 * with its baseline code, so the first design whose fusion program goes to HiGHS took 0.46 s instead of tens of ms,
 * and the steps after it were slowed by V8 optimizing HiGHS on the same two cores (docs/architecture.md, "Where a
 * slider step's time goes").
 */
export const SOLVER_WARM_DELAY_MS = 1000;
/**
 * Rounds of the warm-up (web/src/lib/warm.ts). One: six, as the Search view runs, made no slider step faster in
 * bench:browser (two A/B runs on the 2-core machine: p95 DOM 29.4 / 34.6 ms against 30.1 / 28.6 with one round), and
 * cost 3–4 s of both cores.
 */
export const EXPLORE_WARM_UP_ROUNDS = 1;

/** Whether a result's passes include fusion (the only pass that runs HiGHS). */
function fusionIn(passes: string): boolean {
  try { return parsePasses(passes).fusion; } catch { return false; }
}

/** A report with the exact request it answers. */
export interface SimResult {
  report: SimulateReport;
  workload: string;
  spec: HardwareSpec;
  passes: string;
}

/**
 * How long the shown result must have been stale before the view greys it out (`dimmed`). A reply within it (a
 * slider move on most models) repaints the numbers and charts once, with the new result, instead of greying them out
 * for a frame and back: a grey flash on every step of a drag, and a full repaint of every chart for it.
 */
export const DIM_DELAY_MS = 150;

/** `issues` of a valid design: one object, so a slider step on a valid design does not re-run every control's `issue`. */
const NO_ISSUES: Readonly<Record<string, string>> = Object.freeze({});

const SIM_PARAMS = PARAMS.filter((p) => p.affects === 'sim').map((p) => p.id);
const COST_PARAMS = PARAMS.filter((p) => p.affects !== 'sim').map((p) => p.id);

/** What the simulator counted for a report's batch: the activity that energy per inference prices (energyOf). */
export function reportActivity(r: SimulateReport): Activity {
  return activityOf({ ...r.totals, latencySeconds: r.latencySeconds, batch: r.batch });
}

export interface Totals {
  throughputPerSecond: number;
  latencySeconds: number;
  tdpWatts: number;
  areaMm2: number;
  perfPerTdp: number;
  /** Perf/TDP over the reference's (null until the reference is in). */
  gain: number | null;
  referencePerfPerTdp: number | null;
  utilization: number;
  dramBytes: number;
  batch: number;
  /** Energy per inference of the shown result, priced for the design as it is now (see ExploreState.energy). */
  energy: EnergyReport;
}

export type MemoryStatus = NonNullable<SimulateReport['memory']>;

export class ExploreState {
  workload = $state('efficientnet-b0');
  /** The preset the design started from (links store only the fields that differ from it). */
  preset = $state<PresetName>('tpu-v3');
  spec = $state<HardwareSpec>({ ...PRESETS['tpu-v3'] });
  passes = $state('all');
  lessonId = $state<string | undefined>(undefined);
  /** The open lesson's step (index into STEP_KINDS; a lesson link opens at the step its `step` key names, else its first). */
  lessonStep = $state(0);
  /** The choice the reader predicted in the lesson's first step. */
  lessonPick = $state<string | undefined>(undefined);
  /** Name of the selected op. */
  op = $state<string | undefined>(undefined);
  /** Executed-op index range of the per-op charts. */
  zoom = $state<[number, number] | undefined>(undefined);
  barMode = $state<BarMode>('op');
  /** Index of the op under the pointer in any chart. */
  hover = $state<number | null>(null);
  /** Problems of the link the page was opened with (shown once, with the defaults). */
  linkIssues = $state<string[]>([]);
  /**
   * The fusion solvers' warm-up in the simulation worker (SOLVER_WARM_DELAY_MS): not yet, running (and V8 optimizing
   * HiGHS after it, WARM_SETTLE_MS), or done (or failed).
   */
  solvers = $state<'cold' | 'warming' | 'done'>('cold');

  readonly #runner: SimRunner;
  /** The per-stack DRAM rate and capacity the design last had with each technology (restored on switching back to it). */
  readonly #dramRates = new Map<string, { rate: number; gib: number }>();
  /** The design's simulation. */
  readonly sim = new LatestRequest<SimulateMessage, SimResult>((m) => this.#run(m));
  /** TPU-v3 with baseline software on the same workload and batch, cached per workload/batch. */
  readonly reference = new LatestRequest<SimulateMessage, SimResult>((m) => this.#run(m), 32);
  /** The open lesson's comparison state. */
  readonly compare = new LatestRequest<SimulateMessage, SimResult>((m) => this.#run(m));
  /** Workloads the picker offers (issue 9 appends imported ones after registerWorkload in lib/workloads.ts). */
  workloads = $state<string[]>(zooNames());
  /** The sweep card's state: one parameter over its grid around this design (state/sweep.svelte.ts). */
  readonly sweep: SweepState;
  /** The LLM the workload names and its serving curve (state/llm.svelte.ts). */
  readonly llm: LlmState;

  /** Whether the Explore view is open (the app's view); the solvers are warmed only while it is. */
  readonly #isOpen: () => boolean;

  constructor(runner: SimRunner, o: { isOpen?: () => boolean } = {}) {
    this.#runner = runner;
    this.#isOpen = o.isOpen ?? (() => true);
    const self = this; // the getters below have their own `this`
    this.sweep = new SweepState(runner, {
      get spec() { return self.validSpec; },
      get workload() { return self.workload; },
      get passes() { return self.passes; },
      get report() {
        const r = self.sim.current;
        const spec = self.validSpec;
        const answers = r && spec && r.workload === self.workload && r.passes === self.passes && SIM_PARAMS.every((id) => r.spec[id] === spec[id]);
        return answers ? r.report : null;
      },
      message: (spec, workload, passes) => self.simMessage(spec, { workload, passes }),
    });
    const curve = runner.llmServingCurve?.bind(runner);
    this.llm = new LlmState({
      get workload() { return self.workload; },
      get spec() { return self.validSpec; },
      get passes() { return self.passes; },
      get hardwareName() { return self.presetMatch ?? 'design'; },
      get tdpWatts() { return self.cost?.tdpWatts ?? null; },
    }, curve ? { llmServingCurve: curve } : null);
  }

  async #run(msg: SimulateMessage): Promise<SimResult> {
    return {
      report: await this.#runner.simulate(msg),
      workload: typeof msg.workload === 'string' ? msg.workload : (msg.workload as { name: string }).name,
      spec: msg.hardware as HardwareSpec,
      passes: msg.passes ?? 'all',
    };
  }

  // ------------------------------------------------------------------ design and cost (main thread)
  readonly validation = $derived(validateHardwareSpec(this.spec));
  readonly validSpec = $derived(this.validation.ok ? this.validation.spec : null);
  /** Area and TDP of the design as it is now (cost-only changes show here at once). */
  readonly cost = $derived<HardwareCostResult | null>(this.validSpec ? hardwareCost(this.validSpec) : null);
  /** Issues by field, for inline display next to the controls. */
  readonly issues = $derived(this.validation.ok ? NO_ISSUES : Object.fromEntries(this.validation.issues.map((i) => [i.field, i.message])) as Record<string, string>);
  /** The preset the design equals exactly, if any. */
  readonly presetMatch = $derived(PRESET_NAMES.find((p) => PARAMS.every((q) => PRESETS[p][q.id] === this.spec[q.id])) ?? null);

  // ------------------------------------------------------------------ requests
  /** Everything the simulation depends on (cost-only parameters excluded). */
  readonly simKey = $derived(JSON.stringify([this.workload, this.passes, ...SIM_PARAMS.map((id) => this.spec[id])]));

  simMessage(spec: HardwareSpec, over: { workload?: string; passes?: string } = {}): SimulateMessage {
    return {
      workload: workloadMessageValue(over.workload ?? this.workload),
      hardware: $state.snapshot(spec),
      hardwareName: this.presetMatch ?? 'design',
      batch: spec.batch,
      passes: over.passes ?? this.passes,
    };
  }

  referenceMessage(workload: string, batch: number): SimulateMessage {
    return { workload: workloadMessageValue(workload), hardware: baselineHardware(batch), hardwareName: BASELINE_PRESET, batch, passes: BASELINE_PASSES_LABEL };
  }

  /** The lesson's comparison request for the current state, if a lesson is open. */
  readonly compareMessage = $derived.by((): SimulateMessage | null => {
    const l = lessonById(this.lessonId);
    const spec = this.validSpec;
    if (!l || !spec) return null;
    const c = l.compare;
    const base: HardwareSpec = c.preset ? { ...PRESETS[c.preset], batch: spec.batch } : { ...spec };
    const hw = validateHardwareSpec({ ...base, ...(c.hardware ?? {}) });
    if (!hw.ok) return null;
    return this.simMessage(hw.spec, { workload: c.workload, passes: c.passes });
  });

  /** Start requesting results whenever the inputs change; returns the stop function. */
  connect(): () => void {
    const stopLlm = this.llm.connect();
    let dimTimer: ReturnType<typeof setTimeout> | undefined;
    let warmTimer: ReturnType<typeof setTimeout> | undefined, settleTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = $effect.root(() => {
      $effect(() => {
        const stale = this.stale;
        untrack(() => {
          clearTimeout(dimTimer);
          if (!stale) this.dimmed = false;
          else if (!this.dimmed) dimTimer = setTimeout(() => { this.dimmed = true; }, DIM_DELAY_MS);
        });
      });
      // Before the flush updates the DOM (a pre-effect): the worker starts on a slider step while the page redraws
      // the controls and the cost numbers, not after.
      $effect.pre(() => {
        const spec = this.validSpec;
        const key = this.simKey;
        untrack(() => {
          if (!spec) this.sim.clear();
          else this.sim.request(key, this.simMessage(spec));
        });
      });
      // Warm the fusion solvers once, after the first result simulated with fusion, when no simulation has run for
      // SOLVER_WARM_DELAY_MS with the view open (a new request, or leaving the view, re-arms the wait).
      $effect(() => {
        const shown = this.sim.value;
        const busy = this.sim.busy;
        const open = this.#isOpen();
        untrack(() => {
          clearTimeout(warmTimer);
          const warm = this.#runner.warmUpSolvers;
          if (this.solvers !== 'cold' || busy || !open || !shown || !warm || !fusionIn(shown.result.passes)) return;
          warmTimer = setTimeout(() => {
            if (this.sim.busy || this.solvers !== 'cold' || !this.#isOpen()) return;
            this.solvers = 'warming';
            // EXPLORE_WARM_UP_ROUNDS, design by design, while the design stays the same and the view open (a slider
            // step ends the warm-up, and waits for one design's solve at most where it goes to the warming worker);
            // 'done' once V8 has had time to optimize HiGHS in the background too (WARM_SETTLE_MS, as for a search)
            const key = this.simKey;
            void warmSolverRounds((d) => warm.call(this.#runner, d), () => this.simKey === key && this.#isOpen(), EXPLORE_WARM_UP_ROUNDS)
              .catch(() => {})
              .finally(() => { settleTimer = setTimeout(() => { this.solvers = 'done'; }, WARM_SETTLE_MS); });
          }, SOLVER_WARM_DELAY_MS);
        });
      });
      $effect(() => {
        const w = this.workload;
        const batch = this.spec.batch;
        untrack(() => this.reference.request(JSON.stringify([w, batch]), this.referenceMessage(w, batch)));
      });
      $effect(() => {
        const msg = this.compareMessage;
        untrack(() => {
          if (!msg) this.compare.clear();
          else this.compare.request(JSON.stringify(msg), msg);
        });
      });
    });
    return () => { stop(); stopLlm(); clearTimeout(dimTimer); clearTimeout(warmTimer); clearTimeout(settleTimer); };
  }

  // ------------------------------------------------------------------ results
  /** The result shown (possibly stale: see `stale`). */
  readonly result = $derived<SimResult | null>(this.sim.value?.result ?? null);
  /** The result shown does not answer the controls (recomputing, or the design is invalid). */
  readonly stale = $derived(!this.validSpec || this.sim.stale);
  readonly referenceResult = $derived(this.reference.current);
  /** The view greys the shown result out: it has been `stale` for DIM_DELAY_MS (set while connected). */
  dimmed = $state(false);

  /**
   * Energy per inference of the shown result: the report's own, unless a cost-only parameter (process node, DRAM
   * technology, …) has changed since it was simulated; then the same activity is re-priced on the main thread with
   * energyOf, as hardwareCost re-prices area and TDP, so no worker is called.
   */
  readonly energy = $derived.by((): EnergyReport | null => {
    const r = this.result;
    if (!r) return null;
    const spec = this.validSpec;
    if (!spec || COST_PARAMS.every((id) => spec[id] === r.spec[id])) return r.report.energy;
    return energyOf(spec, reportActivity(r.report), COEFFICIENTS, this.cost ?? undefined);
  });

  /**
   * Whether the shown result's batch fits the design's DRAM: the report's footprint (weights, inputs such as an LLM's
   * KV cache, peak activations: the workload and batch decide it) against the capacity of the design as it is now.
   * The capacity per stack is a cost-only parameter, so a change to it re-checks here at once without re-simulating.
   */
  readonly memory = $derived.by((): MemoryStatus | null => {
    const m = this.result?.report.memory;
    if (!m) return null;
    const capacityBytes = this.validSpec ? dramCapacityBytes(this.validSpec) : m.capacityBytes;
    return { ...m, capacityBytes, fits: m.footprintBytes <= capacityBytes };
  });

  /**
   * An LLM result's energy per token, priced for the design as it is now: the report's own, unless a cost-only
   * parameter changed since it was simulated; then each simulated graph's activity is re-priced (energyOf, as `energy`
   * re-prices the shown report): prefill and decode per their own token counts, a request as its prefill plus `output`
   * decode steps over the output tokens (shared/api/llm.ts llmReport).
   */
  readonly llmEnergyPerToken = $derived.by((): number | null => {
    const r = this.result;
    const l = r?.report.llm;
    const e = this.energy;
    if (!r || !l || !e) return null;
    if (e === r.report.energy) return l.energyPerTokenJoules;
    const decode = e.joulesPerInference;
    if (l.phase === 'prefill') return decode / l.prompt;
    if (l.phase === 'decode') return decode;
    const spec = this.validSpec;
    if (!l.phases || !spec) return l.energyPerTokenJoules;
    const prefill = energyOf(spec, reportActivity(l.phases.prefill), COEFFICIENTS, this.cost ?? undefined).joulesPerInference;
    return (prefill + l.output * decode) / l.output;
  });

  readonly totals = $derived.by((): Totals | null => {
    const r = this.result;
    if (!r) return null;
    const cost = this.cost ?? r.report.cost;
    const perfPerTdp = r.report.throughputPerSecond / cost.tdpWatts;
    const ref = this.referenceResult;
    const refPerf = ref && ref.report.batch === r.report.batch && ref.workload === r.workload ? ref.report.perfPerTdp : null;
    return {
      throughputPerSecond: r.report.throughputPerSecond,
      latencySeconds: r.report.latencySeconds,
      tdpWatts: cost.tdpWatts,
      areaMm2: cost.areaMm2,
      perfPerTdp,
      gain: refPerf ? perfPerTdp / refPerf : null,
      referencePerfPerTdp: refPerf,
      utilization: r.report.totals.utilization,
      dramBytes: r.report.totals.dramBytes,
      batch: r.report.batch,
      energy: this.energy ?? r.report.energy,
    };
  });

  readonly bars = $derived(this.result ? opBars(this.result.report) : []);
  readonly blocks = $derived(this.result ? blockBars(this.result.report) : []);
  readonly roofs = $derived(this.result ? roofs(this.result.spec) : null);
  readonly points = $derived(this.result ? rooflinePoints(this.result.report, this.result.spec) : []);
  readonly fusion = $derived.by(() => {
    const r = this.result;
    if (!r || !r.report.fusion || r.spec.globalMemoryMiB <= 0) return null;
    return fusionMap(r.report, workloadSpec(r.workload), r.spec.globalMemoryMiB * 2 ** 20);
  });
  /** The executed-op range the per-op charts show (the zoom, when it fits the current result). */
  readonly zoomRange = $derived.by((): [number, number] => {
    const n = this.bars.length;
    const z = this.zoom;
    return z && z[1] < n ? z : [0, Math.max(0, n - 1)];
  });
  readonly selectedIndex = $derived(this.result && this.op ? this.result.report.ops.findIndex((o) => o.name === this.op) : -1);
  readonly selected = $derived(this.selectedIndex >= 0 ? this.result!.report.ops[this.selectedIndex] : null);

  readonly lesson = $derived(lessonById(this.lessonId));
  /**
   * The view already is the lesson's comparison state (the reader made the change): both sides of the comparison
   * are the same design, so the lesson asks to set it back rather than report a 1× change.
   */
  readonly lessonChangeMade = $derived.by(() => {
    const m = this.compareMessage;
    const spec = this.validSpec;
    if (!m || !spec) return false;
    const hw = m.hardware as HardwareSpec;
    const key = JSON.stringify([typeof m.workload === 'string' ? m.workload : (m.workload as { name: string }).name, m.passes ?? this.passes, ...SIM_PARAMS.map((id) => hw[id])]);
    return key === this.simKey && COST_PARAMS.every((id) => hw[id] === spec[id]);
  });

  /** Open a lesson (or close it, with undefined) at its first step, with no prediction made. */
  openLesson(id: string | undefined): void {
    this.lessonId = id;
    this.lessonStep = 0;
    this.lessonPick = undefined;
  }
  readonly lessonContext = $derived.by((): LessonContext | null => {
    const r = this.result;
    if (!r || !this.lesson || !this.cost || this.stale) return null;
    const c = this.compare.current;
    // The lesson reads energy from the report: give it the re-priced one (as it gets `cost` for the design as it is now).
    const energy = this.energy;
    return {
      // Not stale: the design as it is now differs from the result's at most in cost-only parameters (node, rating).
      report: energy && energy !== r.report.energy ? { ...r.report, energy } : r.report, spec: this.validSpec ?? r.spec, cost: this.cost,
      compare: c ? { report: c.report, spec: c.spec, cost: hardwareCost(c.spec) } : null,
    };
  });

  // ------------------------------------------------------------------ actions
  setParam(id: ParamId, value: number | string): void {
    const from = this.spec.dramTechnology;
    (this.spec as Record<string, number | string>)[id] = value;
    if (id === 'dramTechnology' && value !== from) {
      // A technology sets the per-stack rate and capacity (visible changes on their sliders; the rate re-simulates):
      // going back to a technology restores the rate and capacity the design had with it; otherwise the current
      // rate stays when it is in the new range, and the technology's top rate (its rated speed) replaces it when it
      // is not; the current capacity stays when the technology is built in it, else its nearest capacity replaces it.
      this.#dramRates.set(from, { rate: this.spec.dramGBpsPerStack, gib: this.spec.dramGiBPerStack });
      const tech = this.spec.dramTechnology;
      const [lo, hi] = dramGBpsRange(tech);
      const prev = this.#dramRates.get(tech);
      const cur = this.spec.dramGBpsPerStack;
      this.spec.dramGBpsPerStack = prev !== undefined ? Math.min(hi, Math.max(lo, prev.rate)) : cur >= lo && cur <= hi ? cur : hi;
      const gib = prev?.gib ?? this.spec.dramGiBPerStack;
      this.spec.dramGiBPerStack = dramGiBChoices(tech).includes(gib) ? gib : nearestDramGiB(tech, gib);
    }
  }

  applyPreset(name: PresetName): void {
    this.preset = name;
    this.spec = { ...PRESETS[name] };
    this.#dramRates.clear();
  }

  /**
   * Show a workload. An LLM base picked in the picker becomes a variant (the settings of the LLM shown before, else the
   * base's default: lib/llm.ts pickBase); an LLM name is kept in its canonical form, so links and requests agree.
   */
  setWorkload(name: string): void {
    const next = isLlmBase(name) ? pickBase(name, this.workload) : canonicalWorkload(name);
    if (next === this.workload) return;
    this.workload = next;
    this.op = undefined;
    this.zoom = undefined;
  }

  /**
   * Change the LLM settings of the workload (phase, token counts, precisions): the workload becomes the canonical
   * variant name. Returns the model's one-line reason when the settings are not valid (the workload is left as it
   * was), else null. The op selection is kept when the graph has the op (a phase switch changes the graph).
   */
  setLlm(change: Partial<LlmSettings>): string | null {
    const sel = this.llm.selection;
    if (!sel) return 'the workload is not an LLM';
    const r = composeVariant(sel, change);
    if ('error' in r) return r.error;
    if (r.name !== this.workload) {
      if (change.phase && change.phase !== sel.settings.phase) this.zoom = undefined;
      this.workload = r.name;
    }
    return null;
  }

  selectOp(index: number | null): void {
    const ops = this.result?.report.ops;
    this.op = index !== null && ops && ops[index] ? ops[index].name : undefined;
  }

  /** Move the selection by `delta` ops (keyboard). */
  stepOp(delta: number): void {
    const n = this.result?.report.ops.length ?? 0;
    if (!n) return;
    const i = this.selectedIndex < 0 ? (delta > 0 ? 0 : n - 1) : Math.min(n - 1, Math.max(0, this.selectedIndex + delta));
    this.selectOp(i);
  }

  toUrlState(): UrlState {
    return {
      view: 'explore',
      workload: this.workload,
      preset: this.preset,
      hardware: $state.snapshot(this.spec),
      passes: this.passes,
      barMode: this.barMode,
      ...(this.lessonId ? { lesson: this.lessonId } : {}),
      ...(this.lessonId && this.lessonStep > 0 ? { lessonStep: this.lessonStep } : {}),
      ...(this.op ? { op: this.op } : {}),
      ...(this.zoom ? { zoom: [...this.zoom] as [number, number] } : {}),
    };
  }

  apply(s: UrlState): void {
    this.workload = canonicalWorkload(s.workload);
    this.preset = s.preset;
    this.spec = { ...s.hardware };
    this.#dramRates.clear();
    this.passes = s.passes;
    if (s.lesson !== this.lessonId) this.openLesson(s.lesson);
    this.lessonStep = s.lesson ? (s.lessonStep ?? 0) : 0;
    this.op = s.op;
    this.zoom = s.zoom ? [...s.zoom] : undefined;
    this.barMode = s.barMode;
  }

  reset(): void {
    this.apply(defaultUrlState({ workloads: this.workloads }));
  }
}
