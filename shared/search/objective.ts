// What a study maximizes and what it must respect (docs/model.md §6.2, docs/sources.md §8): Perf/TDP (the default) or
// inferences per joule of a design running its best software (all passes) relative to `tpu-v3` running the baseline
// software (no passes; ./baseline.ts), at the same batch; for a suite, the weighted geometric mean of the per-workload
// gains. Constraints: area (default: tpu-v3's), optional TDP, optional latency SLO. The known constraints (schema,
// area, TDP) are checked from the design and the cost table alone, before any simulation. docs/model.md §6.2–6.3.
import {
  BATCH_RANGE, COEFFICIENTS, coefficientsWith, hardwareCost, validateHardwareSpec, type AssumedValues, type CoefficientTable,
  type HardwareCostResult, type HardwareSpec,
} from '../hardware';
import { BYTES_PER_GIB, dramCapacityBytes } from '../hardware/derived';
import { workloadFootprint, type WorkloadFootprint } from '../workload/counts';
import type { WorkloadSpec } from '../workload/types';
import { baselineHardware } from './baseline';

/**
 * What a study maximizes, each as a gain over tpu-v3 with the baseline software at the same batch (docs/model.md §6.2):
 * 'perf-per-tdp' (the default, the paper's): inferences/s per watt of TDP; 'inferences-per-joule': inferences per
 * joule of energy (shared/hardware/energy.ts energyOf, from the simulated activity of the batch).
 */
export const OBJECTIVES = ['perf-per-tdp', 'inferences-per-joule'] as const;
export type Objective = (typeof OBJECTIVES)[number];
export const DEFAULT_OBJECTIVE: Objective = 'perf-per-tdp';
export const isObjective = (v: unknown): v is Objective => (OBJECTIVES as readonly unknown[]).includes(v);
/** The objective's name as tables and cards show it. */
export const OBJECTIVE_LABELS: Record<Objective, string> = { 'perf-per-tdp': 'Perf/TDP', 'inferences-per-joule': 'inferences/J' };
/** A study's objective: a spec without one (an old checkpoint's) is a Perf/TDP study. */
export const objectiveOf = (s: { objective?: Objective }): Objective => s.objective ?? DEFAULT_OBJECTIVE;

/** Why a trial has no score. 'invalid': the schema rejects the design; 'error': the simulator could not run it. */
export type InfeasibleCode = 'invalid' | 'area' | 'tdp' | 'latency' | 'capacity' | 'error';
/** Every InfeasibleCode, for labels and checks (web search views, trial tables). */
export const INFEASIBLE_CODES: readonly InfeasibleCode[] = ['invalid', 'area', 'tdp', 'latency', 'capacity', 'error'];

export interface StudyConstraints {
  /** Die area budget, mm² (default: tpu-v3's area). */
  maxAreaMm2?: number;
  /** TDP budget, W (default: none). */
  maxTdpWatts?: number;
  /**
   * Latency SLO, seconds (default: none). With an SLO each side runs at its largest power-of-two batch that meets
   * it (docs/sources.md §8.2) instead of the study's batch; a design that misses it even at batch 1 is infeasible.
   */
  latencySloSeconds?: number;
  /**
   * LLM serving SLOs, seconds (default: none; LLM workloads only, docs/model.md §9.5): TPOT, the decode step latency of
   * the workload's decode graph, and TTFT, the prefill latency of its prompt at the same batch. With either, each side
   * runs at its largest power-of-two batch meeting every SLO (and fitting its DRAM), as with the latency SLO.
   */
  tpotSloSeconds?: number;
  ttftSloSeconds?: number;
  /**
   * Assumed coefficients of the cost model overridden for this study (each within its documented range; the knobs
   * re-fitted: shared/hardware/calibrate.ts coefficientsWith). Designs, tpu-v3 and the default area budget are priced
   * with that table. Default: none (the coefficient table as it is). `fast reproduce --sensitivity` re-searches with it.
   */
  assumed?: Partial<AssumedValues>;
}

/** The coefficient table a study prices with: the table itself, or with the study's assumed overrides. */
export const studyCoefficients = (c: Pick<StudyConstraints, 'assumed'>): CoefficientTable => coefficientsWith(c.assumed);

/** tpu-v3's die area: the default area budget (a design may not be bigger than the chip it is compared with). */
export function tpuV3AreaMm2(table: CoefficientTable = COEFFICIENTS): number {
  return hardwareCost(baselineHardware(), table).areaMm2;
}

/** Relative slack on budgets, so a design priced at exactly the budget (tpu-v3 itself) is within it. */
const BUDGET_SLACK = 1e-9;

export type DesignCheck =
  | { ok: true; spec: HardwareSpec; cost: HardwareCostResult }
  | { ok: false; code: InfeasibleCode; reason: string; spec?: HardwareSpec; cost?: HardwareCostResult };

/** Schema, area and TDP: everything decidable without simulating. */
export function checkDesign(value: unknown, c: StudyConstraints): DesignCheck {
  const v = validateHardwareSpec(value);
  if (!v.ok) return { ok: false, code: 'invalid', reason: v.issues[0].message };
  const spec = v.spec;
  const table = studyCoefficients(c);
  const cost = hardwareCost(spec, table);
  const maxArea = c.maxAreaMm2 ?? tpuV3AreaMm2(table);
  if (cost.areaMm2 > maxArea * (1 + BUDGET_SLACK)) {
    return { ok: false, code: 'area', reason: `area ${cost.areaMm2.toFixed(1)} mm² is over the ${round(maxArea)} mm² budget`, spec, cost };
  }
  if (c.maxTdpWatts !== undefined && cost.tdpWatts > c.maxTdpWatts * (1 + BUDGET_SLACK)) {
    return { ok: false, code: 'tdp', reason: `TDP ${cost.tdpWatts.toFixed(1)} W is over the ${round(c.maxTdpWatts)} W budget`, spec, cost };
  }
  return { ok: true, spec, cost };
}

const round = (v: number) => Number(v.toPrecision(6));

/** A workload's DRAM footprint at a batch against a design's capacity (docs/model.md §6.3). */
export interface MemoryFit {
  footprintBytes: number;
  weightBytes: number;
  /** Graph inputs × batch, the KV cache included. */
  inputBytes: number;
  /** The KV cache part of inputBytes (0 for a workload that is not an LLM). */
  kvCacheBytes: number;
  activationBytes: number;
  capacityBytes: number;
  fits: boolean;
}

/** The footprint of `w` at `batch` on `h`'s DRAM (dramStacks × dramGiBPerStack). */
export function memoryFit(w: WorkloadSpec, h: Pick<HardwareSpec, 'dramStacks' | 'dramGiBPerStack'>, batch: number, footprint: WorkloadFootprint = workloadFootprint(w, batch)): MemoryFit {
  const capacityBytes = dramCapacityBytes(h);
  return {
    footprintBytes: footprint.totalBytes, weightBytes: footprint.weightBytes, inputBytes: footprint.inputBytes,
    kvCacheBytes: footprint.kvCacheBytes, activationBytes: footprint.activationBytes, capacityBytes,
    fits: footprint.totalBytes <= capacityBytes,
  };
}

/** A byte count for a one-line reason: "24.1 GiB", "1.25 GiB", "9.87 MiB" (below 1 GiB), "12 KiB". */
export function gib(bytes: number): string {
  const g = bytes / BYTES_PER_GIB;
  if (g >= 10) return `${g.toFixed(1)} GiB`;
  if (g >= 1) return `${g.toFixed(2)} GiB`;
  const m = bytes / 2 ** 20;
  return m >= 1 ? `${Number(m.toPrecision(3))} MiB` : `${Number((bytes / 1024).toPrecision(3))} KiB`;
}

/**
 * Why a footprint does not fit, in one line: "needs 24.1 GiB of DRAM (weights 15.0 GiB, KV cache and inputs 8.00 GiB,
 * activations 1.10 GiB) but has 16 GiB".
 */
export function capacityReason(m: MemoryFit): string {
  const inputs = m.kvCacheBytes > 0 ? 'KV cache and inputs' : 'inputs';
  return `needs ${gib(m.footprintBytes)} of DRAM (weights ${gib(m.weightBytes)}, ${inputs} ${gib(m.inputBytes)}, `
    + `activations ${gib(m.activationBytes)}) but has ${Number((m.capacityBytes / BYTES_PER_GIB).toPrecision(6))} GiB`;
}

/**
 * The capacity constraint of a design on a workload at a batch (the search's 'capacity' infeasibility, docs/model.md
 * §6.3): null when the footprint fits, else the one-line reason naming the workload and batch.
 */
export function checkCapacity(w: WorkloadSpec, h: Pick<HardwareSpec, 'dramStacks' | 'dramGiBPerStack'>, batch: number): string | null {
  const m = memoryFit(w, h, batch);
  return m.fits ? null : `${w.name} at batch ${batch} ${capacityReason(m)}`;
}

/** Largest power-of-two batch (1…maxBatch) whose footprint fits the design's DRAM; undefined when batch 1 does not. */
export function largestFittingBatch(w: WorkloadSpec, h: Pick<HardwareSpec, 'dramStacks' | 'dramGiBPerStack'>, maxBatch = BATCH_RANGE.max): number | undefined {
  return largestBatchWhere((n) => memoryFit(w, h, n).fits, maxBatch);
}

/** Weights for `n` workloads: given ones must be positive and finite, one per workload; default all 1. */
export function normalizeWeights(n: number, weights?: readonly number[]): number[] {
  if (!weights) return new Array<number>(n).fill(1);
  if (!Array.isArray(weights)) throw new Error('weights: give a list of numbers, one per workload');
  if (weights.length !== n) throw new Error(`weights: give one weight per workload (${n} workloads, ${weights.length} weights)`);
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) {
      throw new Error(`weights: weight ${i + 1} must be a positive number (got ${typeof w === 'number' ? w : typeof w === 'string' ? JSON.stringify(w.slice(0, 40)) : typeof w})`);
    }
  });
  return [...weights];
}

/** exp(Σ wᵢ ln xᵢ / Σ wᵢ): the suite score (scale-free, so no workload dominates by its units). */
export function weightedGeomean(xs: readonly number[], weights: readonly number[]): number {
  if (xs.length === 1) return xs[0]; // exact for a single workload
  let s = 0, w = 0;
  xs.forEach((x, i) => { s += weights[i] * Math.log(x); w += weights[i]; });
  return Math.exp(s / w);
}

/**
 * Largest power-of-two batch (1…maxBatch, by default the batch row's maximum) for which `ok` holds, by bisection;
 * undefined when it fails at batch 1. `ok` must hold on a prefix of the powers of two (latency, TPOT, TTFT and the
 * footprint all grow with the batch, so "within every SLO and fits" does).
 */
export function largestBatchWhere(ok: (batch: number) => boolean, maxBatch = BATCH_RANGE.max): number | undefined {
  if (!ok(1)) return undefined;
  let lo = 0, hi = Math.floor(Math.log2(maxBatch));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(2 ** mid)) lo = mid;
    else hi = mid - 1;
  }
  return 2 ** lo;
}

/** Largest power-of-two batch (1…maxBatch, by default the batch row's maximum) whose latency meets the SLO, by bisection. */
export function largestBatchWithin(sloSeconds: number, latencyAt: (batch: number) => number, maxBatch = BATCH_RANGE.max): number | undefined {
  // Latency grows with the batch (more work per call), so the feasible exponents are a prefix.
  return largestBatchWhere((n) => latencyAt(n) <= sloSeconds, maxBatch);
}
