// Scoring search trials (pure shared code: the worker API method `evaluateTrials` and in-process callers use it).
// A trial is a design evaluated on every workload of the study with its best software (all passes) and compared
// with `tpu-v3` on the baseline software (no passes) at the same batch (./baseline.ts; docs/sources.md §8), on the
// study's objective: Perf/TDP (the default) or inferences per joule (shared/hardware/energy.ts energyOf). The
// baselines and the validated workloads are cached per realm (one worker), so a worker simulates each baseline once
// per study. An LLM study may set serving SLOs (TPOT: its decode graph's step latency; TTFT: its prefill graph's latency,
// llmPhaseSpec) besides the latency SLO: each side then runs at its largest power-of-two batch meeting every SLO and
// fitting its DRAM (largestBatchWhere).
// docs/model.md §6.2, §9.5.
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import type { Machine } from '../core/records';
import {
  BATCH_RANGE, activityOf, checkAssumedOverrides, coefficientsWith, energyOf, isBatch, type CoefficientTable,
  type HardwareCostResult, type HardwareSpec,
} from '../hardware';
import { ALL_PASSES, simulateWithPasses } from '../compiler/passes';
import { machineFromHardware } from '../sim/machine';
import { llmPhaseSpec, parseWorkload, zooWorkload, type WorkloadSpec } from '../workload';
import {
  DEFAULT_OBJECTIVE, OBJECTIVES, checkCapacity, checkDesign, isObjective, largestBatchWhere, largestFittingBatch, normalizeWeights,
  weightedGeomean,
  type InfeasibleCode, type Objective, type StudyConstraints,
} from './objective';
import { baselineHardware, baselineResult, BASELINE_PRESET, type BaselineResult } from './baseline';

/** What crosses the worker boundary: workloads by zoo name or as WorkloadSpec JSON, designs as plain JSON. */
export interface EvaluateTrialsRequest extends StudyConstraints {
  workloads: (string | unknown)[];
  /** One positive weight per workload (default: equal). */
  weights?: number[];
  /** The study's batch (BATCH_RANGE: 1…1024); ignored for the batch choice when a latency SLO is set. */
  batch: number;
  /** What the gains measure (default 'perf-per-tdp'). */
  objective?: Objective;
  designs: unknown[];
  /** Browsers: URL of highs.wasm (Node finds it itself). */
  highsWasmUrl?: string;
}

export interface WorkloadEvaluation {
  workload: string;
  weight: number;
  /** The design's batch (the study's, or its largest power of two within the SLOs). */
  batch: number;
  throughputPerSecond: number;
  latencySeconds: number;
  perfPerTdp: number;
  /**
   * Inferences per joule of the batch's energy (energyOf). Always computed; absent only in trials of Perf/TDP
   * checkpoints written before it existed.
   */
  inferencesPerJoule?: number;
  /** tpu-v3, baseline software, at the study's batch (or its own largest batch within the SLOs). */
  baselineBatch: number;
  baselinePerfPerTdp: number;
  /** tpu-v3's inferences per joule (as inferencesPerJoule). */
  baselineInferencesPerJoule?: number;
  /** The gain on the study's objective: perfPerTdp ÷ baselinePerfPerTdp, or inferencesPerJoule ÷ baselineInferencesPerJoule. */
  gainVsTpuV3: number;
  /** An LLM study with serving SLOs: the design's TPOT (decode step latency) and TTFT (prefill latency) at its batch,
   * each when its SLO is set. */
  tpotSeconds?: number;
  ttftSeconds?: number;
  /** Tensors the fusion pass placed in GMEM. */
  onChipTensors: number;
  /** Attentions the chosen software runs fused (the `attention` pass applied; 0: not chosen or none matched). Absent
   * only in trials of checkpoints written before the pass existed. */
  fusedAttentions?: number;
}

export interface TrialEvaluation {
  status: 'ok' | 'infeasible';
  /** Set when infeasible. */
  code?: InfeasibleCode;
  reason?: string;
  /** Weighted geometric mean of the per-workload gains on the study's objective; null when infeasible. */
  gainVsTpuV3: number | null;
  /** Weighted geometric mean of the per-workload Perf/TDP, inferences/s/W; null when infeasible. */
  perfPerTdp: number | null;
  /** Priced whenever the design passes the schema, feasible or not. */
  areaMm2: number | null;
  tdpWatts: number | null;
  workloads: WorkloadEvaluation[];
}

/** FNV-1a of a string (cache keys for workloads given as JSON). */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A study's SLOs, seconds (each optional): latency of the workload itself, TPOT of its decode graph, TTFT of its prefill graph. */
export interface Slos { latency?: number; tpot?: number; ttft?: number }

const anySlo = (s: Slos) => s.latency !== undefined || s.tpot !== undefined || s.ttft !== undefined;

/** The graphs an SLO is measured on: the workload itself (latency), its decode graph (TPOT), its prefill graph (TTFT). */
interface SloGraphs { latency: WorkloadSpec; tpot?: WorkloadSpec; ttft?: WorkloadSpec }

const SLO_LABEL: Record<keyof Slos, string> = { latency: 'latency', tpot: 'TPOT', ttft: 'TTFT' };

/** Whether a side meets every SLO set, `latencyOf(graph)` its latency on that graph at the batch in question. */
function meetsSlos(slos: Slos, graphs: SloGraphs, latencyOf: (g: WorkloadSpec) => number): boolean {
  return (['latency', 'tpot', 'ttft'] as const).every((k) => {
    const limit = slos[k], g = graphs[k];
    return limit === undefined || !g || latencyOf(g) <= limit;
  });
}

/** Why a side misses its SLOs at batch 1 (`latencyAt1(graph)` its latency there): the first SLO it misses, with its value. */
function missAtOne(w: WorkloadSpec, slos: Slos, graphs: SloGraphs, latencyAt1: (g: WorkloadSpec) => number): string {
  for (const k of ['latency', 'tpot', 'ttft'] as const) {
    const limit = slos[k], g = graphs[k];
    if (limit === undefined || !g) continue;
    const v = latencyAt1(g);
    if (v > limit) return `${SLO_LABEL[k]} ${ms(v)} on ${w.name} at batch 1 misses the ${ms(limit)} ${SLO_LABEL[k]} SLO`;
  }
  return `${w.name} meets no SLO at batch 1`;
}

/** Every field of a Machine, in one fixed order (the simulation cache's key; typed so a new field must be added). */
const MACHINE_FIELDS = Object.keys({
  cores: 0, arraysPerCore: 0, arrayRows: 0, arrayCols: 0, dataflow: 0, vectorLanesPerCore: 0, localMemoryBytesPerCore: 0,
  globalMemoryBytes: 0, globalMemoryBytesPerCycle: 0, dramBytesPerCycle: 0, localMemoryBytesPerCyclePerCore: 0,
  opOverheadCycles: 0, accumulatorBytes: 0, clockHz: 0,
} satisfies Record<keyof Machine, 0>) as (keyof Machine)[];
/** Simulations kept per realm (one worker): an EfficientNet-B7 result is tens of kB, an LLM's a few hundred. */
const SIMULATION_CACHE_SIZE = 64;

/** Per-realm state: validated workloads and tpu-v3 baselines, keyed by workload, batch and SLO. */
export class TrialEvaluator {
  #workloads = new Map<string, WorkloadSpec>();
  #graphs = new Map<string, { decode: WorkloadSpec; prefill: WorkloadSpec }>();
  #baselines = new Map<string, BaselineResult>();
  /**
   * Recent simulations with all passes, keyed by workload object, batch and Machine (every field the simulator and
   * the passes read). Designs that differ only in what the simulator never sees (DRAM capacity, ICI links, a DRAM
   * technology at the same rate) give the same Machine, hence the same result and the same fusion solve; the search
   * proposes such neighbours often (evolution mutates one parameter at a time). Energy, priced from the full design,
   * is computed outside. Least recently used entries go first.
   */
  #simulations = new Map<string, ReturnType<typeof simulateWithPasses>>();
  #workloadIds = new WeakMap<WorkloadSpec, number>();
  #nextWorkloadId = 1;
  #simulationHits = 0;
  #simulationMisses = 0;
  #core: Core;
  #highs: (url?: string) => Promise<LegacyHighs>;

  constructor(core: Core, highs: (url?: string) => Promise<LegacyHighs>) {
    this.#core = core;
    this.#highs = highs;
  }

  #workload(value: string | unknown): { key: string; spec: WorkloadSpec } {
    const key = typeof value === 'string' ? `zoo:${value}` : `json:${fnv1a(JSON.stringify(value))}`;
    let spec = this.#workloads.get(key);
    if (!spec) {
      spec = typeof value === 'string' ? zooWorkload(value) : parseWorkload(value);
      this.#workloads.set(key, spec);
    }
    return { key, spec };
  }

  /** The graphs the study's SLOs are measured on (an LLM's decode and prefill graphs built once per realm). */
  #sloGraphs(key: string, w: WorkloadSpec, slos: Slos): SloGraphs {
    if (slos.tpot === undefined && slos.ttft === undefined) return { latency: w };
    let g = this.#graphs.get(key);
    if (!g) {
      const info = w.llm!;
      g = {
        decode: info.graphPhase === 'decode' ? w : llmPhaseSpec(w, 'decode'),
        prefill: info.graphPhase === 'prefill' ? w : llmPhaseSpec(w, 'prefill'),
      };
      this.#graphs.set(key, g);
    }
    return { latency: w, ...(slos.tpot !== undefined ? { tpot: g.decode } : {}), ...(slos.ttft !== undefined ? { ttft: g.prefill } : {}) };
  }

  /**
   * tpu-v3 with the baseline software at the study's batch, or (with SLOs) at its own largest power-of-two batch
   * meeting them and fitting its DRAM; `{ miss }` when it cannot even at batch 1.
   */
  #baseline(key: string, w: WorkloadSpec, batch: number, slos: Slos, table: CoefficientTable, tableKey: string): BaselineResult | { miss: string; code: InfeasibleCode } {
    const k = `${key}|${batch}|${slos.latency ?? ''}|${slos.tpot ?? ''}|${slos.ttft ?? ''}|${tableKey}`;
    let b = this.#baselines.get(k);
    if (!b) {
      let at = batch;
      if (anySlo(slos)) {
        const graphs = this.#sloGraphs(key, w, slos);
        const full = checkCapacity(w, baselineHardware(), 1);
        if (full) return { code: 'capacity', miss: `${BASELINE_PRESET} cannot hold ${w.name} even at batch 1 (${full}), so nothing can be compared` };
        const latency = (g: WorkloadSpec, n: number) => baselineResult(this.#core, g, n, table).latencySeconds;
        const found = largestBatchWhere((n) => meetsSlos(slos, graphs, (g) => latency(g, n)), largestFittingBatch(w, baselineHardware()));
        if (found === undefined) {
          return { code: 'latency', miss: `${BASELINE_PRESET} cannot serve ${w.name} within the SLOs even at batch 1 (${missAtOne(w, slos, graphs, (g) => latency(g, 1))}), so nothing can be compared` };
        }
        at = found;
      }
      b = baselineResult(this.#core, w, at, table);
      this.#baselines.set(k, b);
    }
    return b;
  }

  /** Score every design (in order). Invalid requests (workloads, weights, batch) throw one-line errors. */
  async evaluate(req: EvaluateTrialsRequest): Promise<TrialEvaluation[]> {
    if (!req || typeof req !== 'object') throw new Error(`evaluateTrials: expected a request object (got ${shown(req)})`);
    if (!Array.isArray(req.workloads) || req.workloads.length === 0) throw new Error('evaluateTrials: give at least one workload');
    if (!Array.isArray(req.designs)) throw new Error(`evaluateTrials: designs must be a list (got ${shown(req.designs)})`);
    if (!isBatch(req.batch)) throw new Error(`batch must be a whole number from ${BATCH_RANGE.min} to ${BATCH_RANGE.max} (got ${shown(req.batch)})`);
    const slo = req.latencySloSeconds;
    if (slo !== undefined && !(Number.isFinite(slo) && slo > 0)) throw new Error(`latency SLO must be a positive number of seconds (got ${shown(slo)})`);
    for (const [k, v] of [['TPOT SLO (tpotSloSeconds)', req.tpotSloSeconds], ['TTFT SLO (ttftSloSeconds)', req.ttftSloSeconds]] as const) {
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new Error(`${k} must be a positive number of seconds (got ${shown(v)})`);
    }
    const slos: Slos = { latency: slo, tpot: req.tpotSloSeconds, ttft: req.ttftSloSeconds };
    for (const [k, v] of [['area budget (maxAreaMm2)', req.maxAreaMm2], ['TDP budget (maxTdpWatts)', req.maxTdpWatts]] as const) {
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new Error(`${k} must be a positive number (got ${shown(v)})`);
    }
    const objective = req.objective ?? DEFAULT_OBJECTIVE;
    if (!isObjective(objective)) throw new Error(`objective must be ${OBJECTIVES.join(' or ')} (got ${shown(objective)})`);
    const weights = normalizeWeights(req.workloads.length, req.weights);
    // A study with assumed coefficients overridden prices designs, tpu-v3 and energy with that table (objective.ts).
    const assumed = req.assumed === undefined ? undefined : checkAssumedOverrides(req.assumed);
    const table = coefficientsWith(assumed);
    const tableKey = assumed ? JSON.stringify(Object.entries(assumed).sort(([p], [q]) => p.localeCompare(q))) : '';
    const workloads = req.workloads.map((w) => this.#workload(w));
    if (slos.tpot !== undefined || slos.ttft !== undefined) {
      const other = workloads.find((w) => !w.spec.llm);
      if (other) throw new Error(`the TPOT and TTFT SLOs apply to LLM workloads; ${shown(other.spec.name)} is not one`);
    }
    const checks = req.designs.map((d) => checkDesign(d, { ...req, assumed }));
    const needsHighs = checks.some((c) => c.ok); // fusion (all passes) solves for GMEM and local memory
    const highs = needsHighs ? await this.#highs(req.highsWasmUrl) : undefined;
    return checks.map((c) => {
      if (!c.ok) return infeasible(c.code, c.reason, c.cost?.areaMm2 ?? null, c.cost?.tdpWatts ?? null);
      const { spec, cost } = c;
      const per: WorkloadEvaluation[] = [];
      for (let i = 0; i < workloads.length; i++) {
        const { key, spec: w } = workloads[i];
        const base = this.#baseline(key, w, req.batch, slos, table, tableKey);
        if ('miss' in base) return infeasible(base.code, base.miss, cost.areaMm2, cost.tdpWatts);
        // DRAM capacity (objective.ts checkCapacity): the study's batch must fit; with an SLO only batches that fit count.
        const capacity = checkCapacity(w, spec, anySlo(slos) ? 1 : req.batch);
        if (capacity) return infeasible('capacity', capacity, cost.areaMm2, cost.tdpWatts);
        let result;
        let served: { tpotSeconds?: number; ttftSeconds?: number } = {};
        try {
          let at = req.batch;
          if (anySlo(slos)) {
            const graphs = this.#sloGraphs(key, w, slos);
            const memo = new Map<number, ReturnType<TrialEvaluator['run']>>();
            const runAt = (n: number) => {
              let r = memo.get(n);
              if (!r) { r = this.run(w, spec, cost, n, highs, table); memo.set(n, r); }
              return r;
            };
            // The decode and prefill graphs' latencies (the workload itself reuses runAt).
            const other = new Map<string, number>();
            const latency = (g: WorkloadSpec, n: number) => {
              if (g === w) return runAt(n).latencySeconds;
              const k = `${g === graphs.tpot ? 'tpot' : 'ttft'}|${n}`;
              let v = other.get(k);
              if (v === undefined) { v = this.latency(g, spec, n, highs); other.set(k, v); }
              return v;
            };
            const found = largestBatchWhere((n) => meetsSlos(slos, graphs, (g) => latency(g, n)), largestFittingBatch(w, spec));
            if (found === undefined) {
              return infeasible('latency', missAtOne(w, slos, graphs, (g) => latency(g, 1)), cost.areaMm2, cost.tdpWatts);
            }
            at = found;
            result = runAt(at);
            served = {
              ...(graphs.tpot ? { tpotSeconds: latency(graphs.tpot, at) } : {}),
              ...(graphs.ttft ? { ttftSeconds: latency(graphs.ttft, at) } : {}),
            };
          } else {
            result = this.run(w, spec, cost, at, highs, table);
          }
        } catch (e) {
          return infeasible('error', `${w.name}: ${(e as Error).message}`, cost.areaMm2, cost.tdpWatts);
        }
        const perfPerTdp = result.throughputPerSecond / cost.tdpWatts;
        const { inferencesPerJoule } = result;
        per.push({
          workload: w.name, weight: weights[i], batch: result.batch, throughputPerSecond: result.throughputPerSecond,
          latencySeconds: result.latencySeconds, perfPerTdp, inferencesPerJoule, baselineBatch: base.batch,
          baselinePerfPerTdp: base.perfPerTdp, baselineInferencesPerJoule: base.inferencesPerJoule,
          gainVsTpuV3: objective === 'inferences-per-joule' ? inferencesPerJoule / base.inferencesPerJoule : perfPerTdp / base.perfPerTdp,
          ...served,
          onChipTensors: result.onChipTensors, fusedAttentions: result.fusedAttentions,
        });
      }
      return {
        status: 'ok',
        gainVsTpuV3: weightedGeomean(per.map((p) => p.gainVsTpuV3), weights),
        perfPerTdp: weightedGeomean(per.map((p) => p.perfPerTdp), weights),
        areaMm2: cost.areaMm2,
        tdpWatts: cost.tdpWatts,
        workloads: per,
      };
    });
  }

  /** How often a simulation was reused (same workload, batch and Machine) or run. */
  get simulationCache(): { hits: number; misses: number; size: number } {
    return { hits: this.#simulationHits, misses: this.#simulationMisses, size: this.#simulations.size };
  }

  /** simulateWithPasses with all passes, reused for the same workload, batch and Machine (see #simulations). */
  #simulate(w: WorkloadSpec, h: HardwareSpec, batch: number, highs: LegacyHighs | undefined) {
    const m = machineFromHardware(h);
    let id = this.#workloadIds.get(w);
    if (id === undefined) { id = this.#nextWorkloadId++; this.#workloadIds.set(w, id); }
    const key = `${id}|${batch}|${MACHINE_FIELDS.map((f) => String(m[f])).join('|')}`;
    let r = this.#simulations.get(key);
    if (r) {
      this.#simulationHits++;
      this.#simulations.delete(key); // most recently used last
    } else {
      this.#simulationMisses++;
      r = simulateWithPasses(this.#core, highs, w, m, { batch, passes: ALL_PASSES });
      if (this.#simulations.size >= SIMULATION_CACHE_SIZE) this.#simulations.delete(this.#simulations.keys().next().value!);
    }
    this.#simulations.set(key, r);
    return r;
  }

  /** The latency of one graph on one design with all passes (an LLM's other phase, for its SLO). */
  latency(w: WorkloadSpec, h: HardwareSpec, batch: number, highs: LegacyHighs | undefined): number {
    return this.#simulate(w, h, batch, highs).result.latencySeconds;
  }

  /** One workload on one design with all passes (the candidate's best software), with its energy per inference priced with `table`. */
  run(w: WorkloadSpec, h: HardwareSpec, cost: HardwareCostResult, batch: number, highs: LegacyHighs | undefined, table: CoefficientTable) {
    const r = this.#simulate(w, h, batch, highs);
    return {
      batch, throughputPerSecond: r.result.throughputPerSecond, latencySeconds: r.result.latencySeconds,
      inferencesPerJoule: energyOf(h, activityOf(r.result), table, cost).inferencesPerJoule, onChipTensors: r.placement.size,
      fusedAttentions: r.attention?.applied ? r.attention.fused : 0,
    };
  }
}

/** A value from a request, for a one-line message. */
const shown = (v: unknown): string => (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined ? String(v)
  : typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v);

const ms = (s: number) => `${Number((s * 1e3).toPrecision(4))} ms`;

function infeasible(code: InfeasibleCode, reason: string, areaMm2: number | null, tdpWatts: number | null): TrialEvaluation {
  return { status: 'infeasible', code, reason, gainVsTpuV3: null, perfPerTdp: null, areaMm2, tdpWatts, workloads: [] };
}

let realm: Promise<TrialEvaluator> | undefined;

/**
 * The realm's evaluator, created on first use with the Wasm core and a lazy HiGHS loader (what the worker API
 * method calls; no top-level await, docs/architecture.md, Stack pitfalls P3).
 */
export function realmEvaluator(loadCore: () => Promise<Core>, loadHighs: (url?: string) => Promise<LegacyHighs>): Promise<TrialEvaluator> {
  realm ??= loadCore().then(
    (core) => new TrialEvaluator(core, loadHighs),
    (e) => { realm = undefined; throw e; },
  );
  return realm;
}

/** A scorer that evaluates in this realm (tests, scripts): the same code the workers run. */
export function inProcessScorer(
  loadCore: () => Promise<Core>,
  loadHighs: (url?: string) => Promise<LegacyHighs>,
  base: Omit<EvaluateTrialsRequest, 'designs'>,
): { lanes: number; score(designs: unknown[]): Promise<TrialEvaluation[]> } {
  return { lanes: 1, score: async (designs) => (await realmEvaluator(loadCore, loadHighs)).evaluate({ ...base, designs }) };
}
