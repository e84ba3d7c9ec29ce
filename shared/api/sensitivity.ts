// How far a design's Perf/TDP gain over tpu-v3 can be trusted (`fast sensitivity`, the page's tornado chart): every
// assumed coefficient of the cost model set to the low and the high end of its documented plausible range, the three
// calibrated knobs re-fitted to the TPU family each time (so the family stays calibrated), the design and tpu-v3
// re-priced. Performance does not depend on any of these coefficients, so each side is simulated once: the design
// with all passes, tpu-v3 with the baseline software, at the same batch. docs/model.md §3.6.
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import type { WorkloadSpec } from '../workload/types';
import {
  ASSUMPTIONS, ASSUMED_VALUES, coefficientsWith, hardwareCost, isBatch, refittedCoefficients, BATCH_RANGE,
  type Assumption, type AssumptionKey, type CoefficientTable, type HardwareSpec,
} from '../hardware';
import { ALL_PASSES, simulateWithPasses } from '../compiler/passes';
import { machineFromHardware } from '../sim/machine';
import { baselineHardware, baselineResult } from '../search/baseline';
import type { SensitivityReport, SensitivityRow } from './sensitivity-types';

export type { SensitivityReport, SensitivityRow } from './sensitivity-types';

export interface SensitivityRequest {
  workload: WorkloadSpec;
  hardware: HardwareSpec;
  hardwareName: string;
  /** Defaults to the design's batch. */
  batch?: number;
}

/** One assumed coefficient at each end of its range: the coefficient tables to re-price with (knobs re-fitted each time). */
export interface AssumptionEnds { key: AssumptionKey; assumption: Assumption; low: CoefficientTable; high: CoefficientTable }

/** Every assumed coefficient of the cost model at its low and its high end (the tornado's rows; `fast reproduce --sensitivity`). */
export function assumptionEnds(): AssumptionEnds[] {
  return (Object.keys(ASSUMPTIONS) as AssumptionKey[]).map((key) => {
    const assumption: Assumption = ASSUMPTIONS[key];
    return { key, assumption, low: coefficientsWith({ [key]: assumption.low }), high: coefficientsWith({ [key]: assumption.high }) };
  });
}

/** Perf/TDP gain of `design` over tpu-v3 priced with `table`. */
function gainWith(table: CoefficientTable, design: HardwareSpec, designThroughput: number, base: HardwareSpec, baseThroughput: number): number {
  return (designThroughput / hardwareCost(design, table).tdpWatts) / (baseThroughput / hardwareCost(base, table).tdpWatts);
}

export function sensitivityReport(core: Core, highs: LegacyHighs | undefined, req: SensitivityRequest): SensitivityReport {
  const batch = req.batch ?? req.hardware.batch;
  if (!isBatch(batch)) throw new Error(`batch must be a whole number from ${BATCH_RANGE.min} to ${BATCH_RANGE.max} (got ${batch})`);
  const design = { ...req.hardware, batch };
  const { result } = simulateWithPasses(core, highs, req.workload, machineFromHardware(design), { batch, passes: ALL_PASSES });
  const base = baselineResult(core, req.workload, batch);
  const baseSpec = baselineHardware(batch);
  const gain = gainWith(refittedCoefficients(ASSUMED_VALUES), design, result.throughputPerSecond, baseSpec, base.throughputPerSecond);
  const rows: SensitivityRow[] = assumptionEnds().map(({ key, assumption: x, low, high }) => ({
    path: `assumed.${key}`, label: x.label, unit: x.unit, value: x.value, low: x.low, high: x.high,
    gainLow: gainWith(low, design, result.throughputPerSecond, baseSpec, base.throughputPerSecond),
    gainHigh: gainWith(high, design, result.throughputPerSecond, baseSpec, base.throughputPerSecond),
  }));
  rows.sort((p, q) => Math.abs(q.gainHigh - q.gainLow) - Math.abs(p.gainHigh - p.gainLow) || p.path.localeCompare(q.path));
  return { workload: req.workload.name, hardware: req.hardwareName, batch, gain, rows };
}
