// The sensitivity report's shape (`fast sensitivity --json`, the page's tornado chart): how Perf/TDP against tpu-v3
// moves when each assumed coefficient of the cost model is set to the low and the high end of its documented
// plausible range (the calibrated knobs re-fitted each time). shared/api/sensitivity.ts builds it; docs/model.md §3.6.

export interface SensitivityRow {
  /** The assumption's key in the cost model's ASSUMPTIONS table, as 'assumed.<key>' (e.g. 'assumed.wireEnergyPjPerByteMm'). */
  path: string;
  /** Short human label. */
  label: string;
  unit: string;
  value: number;
  low: number;
  high: number;
  /** Perf/TDP gain vs tpu-v3 with the coefficient at low / at high (knobs re-fitted). */
  gainLow: number;
  gainHigh: number;
}

export interface SensitivityReport {
  workload: string;
  hardware: string;
  batch: number;
  /** The gain with every coefficient at its value. */
  gain: number;
  /** Sorted by swing |gainHigh − gainLow|, largest first. */
  rows: SensitivityRow[];
}
