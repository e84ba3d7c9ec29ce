// Pure view logic of Explore's sweep (state/sweep.svelte.ts): which rows can be swept, the grid of one row for a
// design (the row's search grid, domainValues(effectiveDomain(id, spec)), plus the design's own value when it lies
// off the grid), each point's design or the schema's reason it is invalid, the metrics of a point from the model's
// numbers, the chart's x positions, and the CSV. No DOM, no workers.
import {
  PARAMS, domainValues, effectiveDomain, hardwareCost, paramById, validateHardwareSpec, valueLabel,
  type HardwareSpec, type ParamDef, type ParamId,
} from '../../../shared/hardware';
import { joules, seconds, sig } from './format';

/** Rows a sweep offers: every design parameter, and the batch (the study setting a user most often varies). */
export const SWEEP_PARAMS: readonly ParamId[] = PARAMS.filter((p) => p.role === 'design' || p.id === 'batch').map((p) => p.id);

export function isSweepParam(id: string): id is ParamId {
  return (SWEEP_PARAMS as readonly string[]).includes(id);
}

/** Whether sweeping the row only re-prices (area, TDP, energy) the design's one simulation. */
export function isCostOnly(id: ParamId): boolean {
  return paramById(id).affects === 'cost';
}

/** One grid point before it is evaluated: its design, or the schema's reason it is not a valid design. */
export interface GridPoint {
  value: number | string;
  /** The design's own value (a grid point, or added to the grid when it lies off it). */
  current: boolean;
  spec: HardwareSpec | null;
  /** validateHardwareSpec's messages, joined, when the design is invalid. */
  reason: string | null;
}

/**
 * The sweep's grid: the row's search grid for this design (its effective domain: the DRAM rate follows the
 * technology), with the design's own value added in order when it is not on the grid. Each point is the design with
 * that one value changed (the batch row also sets the batch), validated by the hardware schema.
 */
export function sweepGrid(id: ParamId, spec: HardwareSpec): GridPoint[] {
  const values: (number | string)[] = [...domainValues(effectiveDomain(id, spec))];
  const own = spec[id] as number | string;
  if (!values.includes(own)) {
    if (typeof own === 'number') {
      const at = values.findIndex((v) => typeof v === 'number' && v > own);
      values.splice(at < 0 ? values.length : at, 0, own);
    } else values.push(own);
  }
  return values.map((value) => {
    const v = validateHardwareSpec({ ...spec, [id]: value });
    return {
      value, current: value === own,
      spec: v.ok ? v.spec : null,
      reason: v.ok ? null : v.issues.map((i) => i.message).join('; '),
    };
  });
}

/** How many points sweepGrid gives, without validating them (the card's button says it on every design change). */
export function sweepGridSize(id: ParamId, spec: HardwareSpec): number {
  const values = domainValues(effectiveDomain(id, spec));
  return values.length + (values.includes(spec[id] as number | string) ? 0 : 1);
}

/** What the model says a point does (null for a point that is not evaluated: invalid, failed or pending). */
export interface PointMetrics {
  throughputPerSecond: number;
  latencySeconds: number;
  /** Inferences per second per watt of TDP. */
  perfPerTdp: number;
  areaMm2: number;
  tdpWatts: number;
  joulesPerInference: number;
}

/** A point's metrics from its simulation's throughput, latency and energy and the cost model's price of its design. */
export function pointMetrics(spec: HardwareSpec, sim: { throughputPerSecond: number; latencySeconds: number; joulesPerInference: number }): PointMetrics {
  const cost = hardwareCost(spec);
  return {
    throughputPerSecond: sim.throughputPerSecond,
    latencySeconds: sim.latencySeconds,
    perfPerTdp: sim.throughputPerSecond / cost.tdpWatts,
    areaMm2: cost.areaMm2,
    tdpWatts: cost.tdpWatts,
    joulesPerInference: sim.joulesPerInference,
  };
}

export type SweepMetricId = keyof PointMetrics;

/** The metrics a sweep charts, in the picker's order; `better` says which way is better. */
export const SWEEP_METRICS: readonly { id: SweepMetricId; label: string; unit: string; better: 'higher' | 'lower' }[] = [
  { id: 'perfPerTdp', label: 'Perf/TDP', unit: 'inferences/s/W', better: 'higher' },
  { id: 'throughputPerSecond', label: 'Throughput', unit: 'inferences/s', better: 'higher' },
  { id: 'latencySeconds', label: 'Latency per batch', unit: 's', better: 'lower' },
  { id: 'areaMm2', label: 'Die area', unit: 'mm²', better: 'lower' },
  { id: 'tdpWatts', label: 'TDP', unit: 'W', better: 'lower' },
  { id: 'joulesPerInference', label: 'Energy per inference', unit: 'J', better: 'lower' },
];

/** A metric's value as the card shows it (3 significant digits, with its unit). */
export function formatMetric(id: SweepMetricId, v: number): string {
  switch (id) {
    case 'perfPerTdp': return `${sig(v)} /s/W`;
    case 'throughputPerSecond': return `${sig(v)} /s`;
    case 'latencySeconds': return seconds(v);
    case 'areaMm2': return `${sig(v)} mm²`;
    case 'tdpWatts': return `${sig(v)} W`;
    case 'joulesPerInference': return joules(v);
  }
}

export type PointStatus = 'pending' | 'ok' | 'invalid' | 'error';

/** One evaluated (or pending) point of a sweep. */
export interface SweepPoint {
  value: number | string;
  current: boolean;
  status: PointStatus;
  /** Why the point has no numbers: the schema's reason (invalid) or the simulator's error. */
  reason: string | null;
  metrics: PointMetrics | null;
}

/**
 * X positions of a sweep's points: the value itself on rows whose grid is linear (DRAM rate, clock, stacks, links),
 * else the point's place in the grid (choices, names, and powers of two, which sit evenly spaced as on a log axis).
 */
export function sweepX(id: ParamId, values: readonly (number | string)[]): { x: number[]; numeric: boolean } {
  const d: ParamDef['domain'] = paramById(id).domain;
  const numeric = d.kind === 'range' && d.scale === 'linear' && values.every((v) => typeof v === 'number');
  return { x: values.map((v, i) => (numeric ? (v as number) : i)), numeric };
}

/** A value as the sweep's axis, table and CSV name it ('HBM2', '128', '0.94'). */
export function sweepValueLabel(id: ParamId, v: number | string): string {
  return valueLabel(id, v, 'short');
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The sweep as CSV: one row per point, the row's value, status, every metric (full precision) and the reason. */
export function sweepCsv(id: ParamId, points: readonly SweepPoint[]): string {
  const cols = [id, 'current', 'status', ...SWEEP_METRICS.map((m) => m.id), 'reason'];
  const rows = points.map((p) => [p.value, p.current ? 'yes' : '', p.status, ...SWEEP_METRICS.map((m) => p.metrics?.[m.id]), p.reason]
    .map(csvCell).join(','));
  return `${cols.join(',')}\n${rows.join('\n')}\n`;
}
