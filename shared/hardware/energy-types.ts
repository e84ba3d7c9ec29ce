// Energy per inference's shape (`fast simulate --json` .energy, Explore's totals, Compare, the search's
// inferences-per-joule objective). shared/hardware/energy.ts computes it from the model's own activity counts with
// the coefficient table that prices TDP. docs/model.md §3.7.

export const ENERGY_COMPONENTS = [
  'mac-arrays', 'operand-delivery', 'vector-lanes', 'local-memory', 'global-memory', 'interconnect', 'dram',
  'static',
] as const;
export type EnergyComponent = (typeof ENERGY_COMPONENTS)[number];

export const ENERGY_LABELS: Record<EnergyComponent, string> = {
  'mac-arrays': 'systolic MAC arrays',
  'operand-delivery': 'operand delivery to the arrays',
  'vector-lanes': 'vector lanes',
  'local-memory': 'local memory (SRAM)',
  'global-memory': 'global memory (SRAM)',
  'interconnect': 'on-chip network',
  'dram': 'DRAM (devices and PHYs)',
  'static': 'idle and leakage power over the latency',
};

/** What the simulator counted for one batch. */
export interface Activity {
  macs: number;
  vectorOps: number;
  localBytes: number;
  gmemBytes: number;
  dramBytes: number;
  /** Seconds the batch takes. */
  latencySeconds: number;
  /** Inferences in the batch. */
  inferences: number;
}

export interface EnergyReport {
  joulesPerInference: number;
  inferencesPerJoule: number;
  /** Energy of the batch ÷ its latency, W. */
  averageWatts: number;
  breakdown: { component: EnergyComponent; joulesPerInference: number }[];
}
