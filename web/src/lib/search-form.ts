// The Search view's form as plain data, and its translation to a study (shared/search/study-spec.ts StudyInput) and
// back. One setting per row of the parameter table except the batch (a setting of the study): the table's whole
// grid, a narrower range inside the table's domain, a subset of an enumeration, or one fixed value. Only what the
// user changed reaches the study, so the default form is exactly `fast search`'s default study (same seed → same
// best design). docs/model.md §6.1.
import {
  PARAMS, domainValues, effectiveDomain, inDomain, isDramTechParam, describeDomain, paramById, DEFAULT_HARDWARE,
  type ParamId, type ProcessNode,
} from '../../../shared/hardware';
import { DEFAULT_TRIALS_PER_BATCH, studySpace, type StudyInput, type StudySpec } from '../../../shared/search/study-spec';
import { DEFAULT_OBJECTIVE, objectiveOf, tpuV3AreaMm2, type Objective } from '../../../shared/search/objective';
import type { RangeSpec, Value } from '../../../shared/search/space';
import type { Algorithm } from '../../../shared/search/strategy';

/** Parameters the form offers: every table row but the batch. */
export const SEARCH_PARAMS = PARAMS.filter((p) => p.id !== 'batch');
export type SearchParamId = Exclude<ParamId, 'batch'>;

export type ParamSetting =
  /** The table's whole search grid (docs/model.md §6.1). */
  | { mode: 'table' }
  /** Numeric: the grid values within [min, max] (bounds anywhere in the table's domain). */
  | { mode: 'range'; min: number; max: number }
  /** Enumerations: the listed values only. */
  | { mode: 'values'; values: string[] }
  /** Held at one value of the table's domain. */
  | { mode: 'fixed'; value: Value };

export interface SearchForm {
  workloads: { name: string; weight: number }[];
  algorithm: Algorithm;
  /** What the gain over tpu-v3 measures (default Perf/TDP). */
  objective: Objective;
  trials: number;
  seed: number;
  batch: number;
  /** null: the default, tpu-v3's own area. */
  maxAreaMm2: number | null;
  maxTdpWatts: number | null;
  latencySloMs: number | null;
  /** LLM serving SLOs (ms; null: none): the decode step latency and the prefill latency of the batch (issue 20). */
  tpotSloMs: number | null;
  ttftSloMs: number | null;
  trialsPerBatch: number;
  params: Record<SearchParamId, ParamSetting>;
}

/**
 * A setting of the study (a row of role 'study' in the form: the process node) is fixed at the baseline's value
 * (16 nm) unless the user searches both.
 */
export function defaultParamSetting(id: SearchParamId): ParamSetting {
  return paramById(id).role === 'study' ? { mode: 'fixed', value: DEFAULT_HARDWARE[id] } : { mode: 'table' };
}

export function defaultForm(workload = 'efficientnet-b0'): SearchForm {
  return {
    workloads: [{ name: workload, weight: 1 }],
    algorithm: 'evolution',
    objective: DEFAULT_OBJECTIVE,
    trials: 200,
    seed: 1,
    batch: DEFAULT_HARDWARE.batch,
    maxAreaMm2: null,
    maxTdpWatts: null,
    latencySloMs: null,
    tpotSloMs: null,
    ttftSloMs: null,
    trialsPerBatch: DEFAULT_TRIALS_PER_BATCH,
    params: Object.fromEntries(SEARCH_PARAMS.map((p) => [p.id, defaultParamSetting(p.id)])) as Record<SearchParamId, ParamSetting>,
  };
}

/** The table's grid of a parameter (the DRAM rate's depends on the technology: the widest, HBM3's, is not used). */
export function tableGrid(id: SearchParamId): readonly Value[] {
  return domainValues(effectiveDomain(id));
}

/** Numeric bounds of a parameter's table domain (for range controls). */
export function domainBounds(id: SearchParamId): [number, number] | null {
  const d = paramById(id).domain;
  if (d.kind === 'enum') return null;
  if (d.kind === 'choice') return [Math.min(...d.values), Math.max(...d.values)];
  return [d.min, d.max];
}

/** The study the form describes (not yet validated: normalizeStudy checks it and names what is wrong). */
export function studyInput(f: SearchForm): StudyInput {
  const ranges: Partial<Record<ParamId, RangeSpec>> = {};
  const fixed: Partial<Record<ParamId, Value>> = {};
  let processNode: ProcessNode | undefined;
  for (const p of SEARCH_PARAMS) {
    const s = f.params[p.id];
    if (p.id === 'processNode') {
      if (s.mode === 'fixed') processNode = s.value as ProcessNode;
      else if (s.mode === 'values') {
        if (s.values.length === 1) processNode = s.values[0] as ProcessNode;
        else ranges.processNode = { values: [...s.values] };
      } else ranges.processNode = { values: [...(p.domain.kind === 'enum' ? p.domain.values : [])] };
      continue;
    }
    if (s.mode === 'fixed') {
      // A setting of the study held at its default is what the study does anyway: left out, as `fast search` leaves it.
      if (!(p.role === 'study' && s.value === DEFAULT_HARDWARE[p.id])) fixed[p.id] = s.value;
    } else if (s.mode === 'values') ranges[p.id] = { values: [...s.values] };
    else if (s.mode === 'range') {
      const b = domainBounds(p.id);
      // A range equal to the whole domain is the table's grid: leave it out (the study then equals the CLI's).
      if (!b || s.min > b[0] || s.max < b[1]) ranges[p.id] = { min: s.min, max: s.max };
    }
  }
  return {
    workloads: f.workloads.map((w) => w.name),
    weights: f.workloads.some((w) => w.weight !== 1) ? f.workloads.map((w) => w.weight) : undefined,
    algorithm: f.algorithm,
    ...(f.objective !== DEFAULT_OBJECTIVE ? { objective: f.objective } : {}),
    trials: f.trials,
    seed: f.seed,
    batch: f.batch,
    ...(processNode && processNode !== DEFAULT_HARDWARE.processNode ? { processNode } : {}),
    ...(f.maxAreaMm2 !== null ? { maxAreaMm2: f.maxAreaMm2 } : {}),
    ...(f.maxTdpWatts !== null ? { maxTdpWatts: f.maxTdpWatts } : {}),
    ...(f.latencySloMs !== null ? { latencySloSeconds: f.latencySloMs / 1e3 } : {}),
    ...(f.tpotSloMs !== null ? { tpotSloSeconds: f.tpotSloMs / 1e3 } : {}),
    ...(f.ttftSloMs !== null ? { ttftSloSeconds: f.ttftSloMs / 1e3 } : {}),
    trialsPerBatch: f.trialsPerBatch,
    ...(Object.keys(ranges).length ? { ranges } : {}),
    ...(Object.keys(fixed).length ? { fixed } : {}),
  };
}

/** The form that describes a (normalized) study: restores the controls of a search reloaded from its checkpoint. */
export function formFromStudy(s: StudySpec): SearchForm {
  const f = defaultForm(s.workloads[0]);
  f.workloads = s.workloads.map((name, i) => ({ name, weight: s.weights[i] ?? 1 }));
  f.algorithm = s.algorithm;
  f.objective = objectiveOf(s);
  f.trials = s.trials;
  f.seed = s.seed;
  f.batch = s.batch;
  f.maxAreaMm2 = Math.abs(s.maxAreaMm2 - tpuV3AreaMm2()) < 1e-9 ? null : s.maxAreaMm2;
  f.maxTdpWatts = s.maxTdpWatts ?? null;
  f.latencySloMs = s.latencySloSeconds !== undefined ? s.latencySloSeconds * 1e3 : null;
  f.tpotSloMs = s.tpotSloSeconds !== undefined ? s.tpotSloSeconds * 1e3 : null;
  f.ttftSloMs = s.ttftSloSeconds !== undefined ? s.ttftSloSeconds * 1e3 : null;
  f.trialsPerBatch = s.trialsPerBatch;
  f.params.processNode = { mode: 'fixed', value: s.processNode };
  for (const [id, r] of Object.entries(s.ranges ?? {}) as [SearchParamId, RangeSpec][]) {
    if ('values' in r) f.params[id] = { mode: 'values', values: r.values.map(String) };
    else {
      const b = domainBounds(id) ?? [0, 0];
      f.params[id] = { mode: 'range', min: r.min ?? b[0], max: r.max ?? b[1] };
    }
  }
  for (const [id, v] of Object.entries(s.fixed ?? {}) as [SearchParamId, Value][]) f.params[id] = { mode: 'fixed', value: v };
  return f;
}

/** A whole-number / positive-number check with the message the form shows next to the field. */
export function fieldIssue(f: SearchForm): string | null {
  if (f.workloads.length === 0) return 'pick at least one workload';
  for (const p of SEARCH_PARAMS) {
    const s = f.params[p.id];
    if (s.mode === 'fixed') {
      const d = isDramTechParam(p.id) && f.params.dramTechnology.mode === 'fixed'
        ? effectiveDomain(p.id, { dramTechnology: f.params.dramTechnology.value as never })
        : p.domain;
      if (!inDomain(d, s.value)) return `${p.label}: must be ${describeDomain(d, p.unit)} (got ${JSON.stringify(s.value)})`;
    }
    if (s.mode === 'values' && s.values.length === 0) return `${p.label}: keep at least one value`;
    if (s.mode === 'range' && !(s.min <= s.max)) return `${p.label}: the lower end ${s.min} is above the upper end ${s.max}`;
  }
  return null;
}

/** How many distinct designs the study's space holds (the DRAM rate's and capacity's grids depend on the technology). */
export function designCount(s: StudySpec): number {
  const space = studySpace(s);
  let n = 1;
  const tech = space.dims.find((d) => d.id === 'dramTechnology');
  const perTech = space.dims.filter((d) => isDramTechParam(d.id));
  for (const d of space.dims) {
    if (d === tech || perTech.includes(d)) continue;
    n *= d.values({}).length;
  }
  const techs = tech ? tech.values({}) : [space.fixed.dramTechnology ?? DEFAULT_HARDWARE.dramTechnology];
  const dram = techs.reduce((sum: number, t) => sum + perTech.reduce((m, d) => m * d.values({ dramTechnology: t }).length, 1), 0);
  return n * dram;
}

/** The grid of one searched dimension as the study will use it (for the "n values" hint). */
export function studyGridSize(s: StudySpec, id: SearchParamId): number | null {
  try {
    const space = studySpace(s);
    const d = space.dims.find((x) => x.id === id);
    if (!d) return 1;
    if (isDramTechParam(id)) {
      const tech = space.dims.find((x) => x.id === 'dramTechnology');
      const techs = tech ? tech.values({}) : [space.fixed.dramTechnology ?? DEFAULT_HARDWARE.dramTechnology];
      return techs.reduce((sum: number, t) => sum + d.values({ dramTechnology: t }).length, 0);
    }
    return d.values({}).length;
  } catch {
    return null;
  }
}
