// The Compare view's state: two or more designs (presets, the Explore design, search results) on a set of workloads
// at one batch, each simulated through the worker pool with its own software passes, against the TPU-v3 reference
// (baseline software, same workload and batch); and a per-op diff of two designs on one workload. Replies are cached
// by request, so adding a design simulates only its cells. Requests are made while the view is connected.
import { untrack } from 'svelte';
import { DEFAULT_HARDWARE, PARAMS, PRESETS, PRESET_INFO, clockHz, hardwareCost, type HardwareCostResult, type HardwareSpec, type PresetName } from '../../../shared/hardware';
import type { SimulateMessage } from '../../../shared/api/worker-api';
import type { SimulateReport } from '../../../shared/api/simulate';
import type { Bound } from '../../../shared/core/records';
import { CancelledError } from '../../../shared/pool';
import { workloadMessageValue } from '../lib/workloads';
import { llmBaseOf } from '../lib/llm';
import { baselineHardware, BASELINE_PASSES_LABEL, BASELINE_PRESET } from '../../../shared/search/baseline';
import type { SimRunner } from './explore.svelte';
import { defaultCompareLink, linkPartText, nearestPreset, type CompareLink } from '../../../shared/url-state';

export interface CompareDesign {
  id: string;
  label: string;
  hardware: HardwareSpec;
  passes: string;
  /** Where it came from, in words. */
  origin: string;
}

/** Okabe–Ito, one colour per design in order. */
export const DESIGN_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
export const MAX_DESIGNS = DESIGN_COLORS.length;

export type Cell =
  | { status: 'pending' }
  | { status: 'error'; error: string }
  | { status: 'ok'; report: SimulateReport };

export interface CellResult {
  design: CompareDesign;
  workload: string;
  cost: HardwareCostResult;
  report: SimulateReport | null;
  error: string | null;
  /** Perf/TDP over the TPU-v3 reference's on the same workload and batch (null until both are in). */
  gain: number | null;
}

export interface DiffRow {
  name: string;
  kind: string;
  /** Seconds per batch the op takes on A and on B (null: that side runs no op of this name). */
  secondsA: number | null;
  secondsB: number | null;
  boundA: Bound | null;
  boundB: Bound | null;
}

export interface DiffResult {
  a: CompareDesign;
  b: CompareDesign;
  rows: DiffRow[] | null;
  error: string | null;
  latencyA: number | null;
  latencyB: number | null;
  /** Design-level numbers of A and B on the diff workload (null until both are simulated). */
  metrics: MetricRow[] | null;
}

export type MetricUnit = 'W' | 'mm²' | 'J' | 's' | '';

/** One number of designs A and B side by side (the diff card's summary table: A, B, B − A, B / A). */
export interface MetricRow {
  id: MetricId;
  label: string;
  /** How the values are shown: W, mm², J (per inference), s, or a bare count/ratio. */
  unit: MetricUnit;
  /** Which way is better (colours B − A); neutral: neither (average power rises with the work done per second). */
  better: 'lower' | 'higher' | 'neutral';
  a: number;
  b: number;
}

export const METRIC_ROWS = [
  { id: 'throughput', label: 'throughput (inferences/s)', unit: '', better: 'higher' },
  { id: 'latency', label: 'latency per batch', unit: 's', better: 'lower' },
  { id: 'perfPerTdp', label: 'Perf/TDP (inferences/s/W)', unit: '', better: 'higher' },
  { id: 'energy', label: 'energy per inference', unit: 'J', better: 'lower' },
  { id: 'inferencesPerJoule', label: 'inferences per joule', unit: '', better: 'higher' },
  { id: 'averageWatts', label: 'average power over the batch', unit: 'W', better: 'neutral' },
  { id: 'tdpWatts', label: 'TDP (by each design\'s rating)', unit: 'W', better: 'lower' },
  { id: 'peakWatts', label: 'peak power, every unit busy', unit: 'W', better: 'lower' },
  { id: 'areaMm2', label: 'die area', unit: 'mm²', better: 'lower' },
  { id: 'ownAreaMm2', label: 'own area, without the chip\'s fixed I/O and management', unit: 'mm²', better: 'lower' },
  { id: 'ownWatts', label: 'own TDP, without the chip\'s fixed I/O and management', unit: 'W', better: 'lower' },
] as const satisfies readonly { id: string; label: string; unit: MetricUnit; better: 'lower' | 'higher' | 'neutral' }[];
export type MetricId = (typeof METRIC_ROWS)[number]['id'];

/** A metric of one simulated cell (every number from its report and the cost model). */
export function metricOf(id: MetricId, cost: HardwareCostResult, report: SimulateReport): number {
  switch (id) {
    case 'throughput': return report.throughputPerSecond;
    case 'latency': return report.latencySeconds;
    case 'perfPerTdp': return report.throughputPerSecond / cost.tdpWatts;
    case 'energy': return report.energy.joulesPerInference;
    case 'inferencesPerJoule': return report.energy.inferencesPerJoule;
    case 'averageWatts': return report.energy.averageWatts;
    case 'tdpWatts': return cost.tdpWatts;
    case 'peakWatts': return cost.peakWatts;
    case 'areaMm2': return cost.areaMm2;
    case 'ownAreaMm2': return cost.ownAreaMm2;
    case 'ownWatts': return cost.ownWatts;
  }
}

let nextId = 1;
const newId = () => `d${nextId++}`;

export function presetDesign(name: PresetName, passes: string): CompareDesign {
  const label = `${PRESET_INFO[name].label} · ${passes === 'none' ? 'baseline software' : passes === 'all' ? 'all passes' : passes}`;
  return { id: newId(), label, hardware: { ...PRESETS[name] }, passes, origin: 'preset' };
}

export class CompareState {
  designs = $state<CompareDesign[]>([presetDesign('tpu-v3', 'none'), presetDesign('tpu-v3', 'all'), presetDesign('tpuv4i', 'all')]);
  workloads = $state<string[]>(['efficientnet-b0', 'resnet50-v2', 'bert-base-128']);
  /** The parameter table's default batch (its batch row). */
  batch = $state(DEFAULT_HARDWARE.batch);
  metric = $state<'gain' | 'perfPerTdp' | 'throughput' | 'latency' | 'energy' | 'inferencesPerJoule' | 'averageWatts'>('gain');
  /** The per-op diff: one workload, designs A and B (by id). */
  diffWorkload = $state('efficientnet-b0');
  diffA = $state<string | null>(null);
  diffB = $state<string | null>(null);
  /** Replies by request key. */
  cells = $state.raw<Record<string, Cell>>({});
  /** What the last "Add to Compare" did, in words (a live message beside the buttons). */
  notice = $state<string | null>(null);

  readonly #runner: SimRunner;
  #inflight = new Set<string>();

  constructor(runner: SimRunner) {
    this.#runner = runner;
  }

  // ------------------------------------------------------------------------------------------------ requests
  message(hardware: HardwareSpec, workload: string, passes: string, hardwareName = 'design'): SimulateMessage {
    return { workload: workloadMessageValue(workload), hardware: { ...$state.snapshot(hardware), batch: this.batch }, hardwareName, batch: this.batch, passes };
  }

  keyOf(hardware: HardwareSpec, workload: string, passes: string): string {
    return JSON.stringify([workload, this.batch, passes, $state.snapshot(hardware)]);
  }

  referenceKey(workload: string): string {
    return this.keyOf(baselineHardware(), workload, BASELINE_PASSES_LABEL);
  }

  /** Every request the view needs now. */
  readonly wanted = $derived.by(() => {
    const out: { key: string; msg: () => SimulateMessage }[] = [];
    const seen = new Set<string>();
    const add = (hw: HardwareSpec, w: string, passes: string, name?: string) => {
      const key = this.keyOf(hw, w, passes);
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ key, msg: () => this.message(hw, w, passes, name) });
    };
    const workloads = [...new Set([...this.workloads, this.diffWorkload])];
    for (const w of workloads) add(baselineHardware(), w, BASELINE_PASSES_LABEL, BASELINE_PRESET);
    for (const d of this.designs) for (const w of this.workloads) add(d.hardware, w, d.passes);
    for (const id of [this.diffA, this.diffB]) {
      const d = this.designs.find((x) => x.id === id);
      if (d) add(d.hardware, this.diffWorkload, d.passes);
    }
    return out;
  });

  /** Request whatever is wanted and not cached, while the view is shown; returns the stop function. */
  connect(): () => void {
    return $effect.root(() => {
      $effect(() => {
        const wanted = this.wanted;
        untrack(() => {
          for (const w of wanted) if (!this.cells[w.key] && !this.#inflight.has(w.key)) void this.#fetch(w.key, w.msg());
        });
      });
    });
  }

  async #fetch(key: string, msg: SimulateMessage): Promise<void> {
    this.#inflight.add(key);
    try {
      const report = await this.#runner.simulate(msg);
      this.cells = { ...this.cells, [key]: { status: 'ok', report } };
    } catch (e) {
      if (e instanceof CancelledError) return; // asked again on the next change
      this.cells = { ...this.cells, [key]: { status: 'error', error: (e as Error).message } };
    } finally {
      this.#inflight.delete(key);
    }
  }

  // ------------------------------------------------------------------------------------------------ results
  cell(design: CompareDesign, workload: string): CellResult {
    const c = this.cells[this.keyOf(design.hardware, workload, design.passes)];
    const ref = this.cells[this.referenceKey(workload)];
    const report = c?.status === 'ok' ? c.report : null;
    const cost = hardwareCost({ ...design.hardware, batch: this.batch });
    const gain = report && ref?.status === 'ok' ? (report.throughputPerSecond / cost.tdpWatts) / ref.report.perfPerTdp : null;
    return { design, workload, cost, report, error: c?.status === 'error' ? c.error : null, gain };
  }

  /** Every design × workload cell, in design order. */
  readonly table = $derived(this.designs.map((d) => ({ design: d, cells: this.workloads.map((w) => this.cell(d, w)) })));

  readonly pendingCount = $derived(this.wanted.filter((w) => this.cells[w.key]?.status !== 'ok' && this.cells[w.key]?.status !== 'error').length);

  /** Per-op time of design A and B on the diff workload, matched by op name (ops only one side runs show once). */
  readonly diff = $derived.by((): DiffResult | null => {
    const a = this.designs.find((d) => d.id === this.diffA) ?? this.designs[0];
    const b = this.designs.find((d) => d.id === this.diffB) ?? this.designs[1] ?? this.designs[0];
    if (!a || !b) return null;
    const ca = this.cell(a, this.diffWorkload);
    const cb = this.cell(b, this.diffWorkload);
    if (!ca.report || !cb.report) return { a, b, rows: null, error: ca.error ?? cb.error, latencyA: null, latencyB: null, metrics: null };
    // Per-op time, not cycles: the designs may run at different clocks.
    const ha = clockHz(a.hardware);
    const hb = clockHz(b.hardware);
    const inB = new Map(cb.report.ops.map((o) => [o.name, o]));
    const rows: DiffRow[] = ca.report.ops.map((o) => {
      const ob = inB.get(o.name);
      return { name: o.name, kind: o.kind, secondsA: o.cycles / ha, secondsB: ob ? ob.cycles / hb : null, boundA: o.bound, boundB: ob?.bound ?? null };
    });
    const inA = new Set(ca.report.ops.map((o) => o.name));
    for (const o of cb.report.ops) {
      if (!inA.has(o.name)) rows.push({ name: o.name, kind: o.kind, secondsA: null, secondsB: o.cycles / hb, boundA: null, boundB: o.bound });
    }
    const ra = ca.report;
    const rb = cb.report;
    const metrics = METRIC_ROWS.map((m): MetricRow => ({ ...m, a: metricOf(m.id, ca.cost, ra), b: metricOf(m.id, cb.cost, rb) }));
    return { a, b, rows, error: null, latencyA: ra.latencySeconds, latencyB: rb.latencySeconds, metrics };
  });

  // ------------------------------------------------------------------------------------------------ actions
  add(d: Omit<CompareDesign, 'id'>): CompareDesign | null {
    if (this.designs.length >= MAX_DESIGNS) {
      this.notice = `Not added: Compare holds ${MAX_DESIGNS} designs already; remove one first.`;
      return null;
    }
    const design = { ...d, id: newId(), hardware: { ...$state.snapshot(d.hardware) } };
    this.designs = [...this.designs, design];
    this.notice = `Added "${design.label}" to Compare (design ${this.designs.length} of ${MAX_DESIGNS}).`;
    return design;
  }

  // ------------------------------------------------------------------------------------------------ links
  /** The designs, workloads and batch as a share link carries them (shared/url-state.ts). */
  toLink(): CompareLink {
    return {
      designs: this.designs.map((d) => {
        const hardware = $state.snapshot(d.hardware) as HardwareSpec;
        return { preset: nearestPreset(hardware), hardware, passes: d.passes };
      }),
      workloads: [...this.workloads],
      batch: this.batch,
    };
  }

  /** Take a link's designs (absent: the defaults); a link equal to the current one changes nothing (labels kept). */
  applyLink(l: CompareLink | undefined): void {
    const link = l ?? defaultCompareLink();
    if (linkPartText({ compare: link }) === linkPartText({ compare: this.toLink() })) return;
    this.designs = link.designs.map((d) => {
      const exact = PARAMS.every((p) => d.hardware[p.id] === PRESETS[d.preset][p.id]);
      if (exact) return presetDesign(d.preset, d.passes);
      const passes = d.passes === 'none' ? 'baseline software' : d.passes === 'all' ? 'all passes' : d.passes;
      return { id: newId(), label: `custom design (from ${PRESET_INFO[d.preset].label}) · ${passes}`, hardware: { ...d.hardware }, passes: d.passes, origin: 'link' };
    });
    this.workloads = [...link.workloads];
    this.#remember(link.workloads);
    this.batch = link.batch;
    this.diffA = null;
    this.diffB = null;
  }

  remove(id: string): void {
    this.designs = this.designs.filter((d) => d.id !== id);
    if (this.diffA === id) this.diffA = null;
    if (this.diffB === id) this.diffB = null;
  }

  toggleWorkload(name: string, on: boolean): void {
    const set = new Set(this.workloads);
    if (on) set.add(name); else set.delete(name);
    this.workloads = [...set];
    if (on) this.#remember([name]);
  }

  /** Workloads the view has held that the pickers do not list (an LLM variant from a link,
   * `llama-3-8b:decode,context=2048`): still offered once unticked, so they can be ticked again. */
  #listed = $state<string[]>([]);

  #remember(names: readonly string[]): void {
    const add = names.filter((n) => !this.#listed.includes(n));
    if (add.length) this.#listed = [...this.#listed, ...add];
  }

  /**
   * The workload checkboxes: the names the page lists (the zoo's base names and the imports, as ever), and each
   * other workload the view holds or has held (an LLM variant) right after its base's entries, else at the end.
   */
  workloadChoices(names: readonly string[]): string[] {
    const out = [...names];
    // a remembered name the view no longer holds is offered again only if it is an LLM variant (an import since
    // removed is not)
    for (const w of [...this.#listed.filter((n) => llmBaseOf(n) !== null), ...this.workloads]) {
      if (out.includes(w)) continue;
      const base = llmBaseOf(w);
      let after = -1;
      if (base) out.forEach((n, i) => { if (llmBaseOf(n) === base) after = i; });
      if (after < 0) out.push(w); else out.splice(after + 1, 0, w);
    }
    return out;
  }

  colorOf(id: string): string {
    const i = this.designs.findIndex((d) => d.id === id);
    return DESIGN_COLORS[Math.max(0, i) % DESIGN_COLORS.length];
  }
}
