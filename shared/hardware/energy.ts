// Energy per inference from the model's own activity counts, priced with the coefficient table that prices TDP
// (docs/model.md §3.7): every MAC, lane op, SRAM byte and DRAM byte the simulation counted at its energy (dynamic
// energies × the clock/control overhead × (V/V_nom)², as in the peak-power terms), plus the power the chip draws
// whatever it does — leakage, core control, fixed I/O, chip-to-chip links and the DRAM's background (standby and
// refresh) power — over the batch's latency.
import { COEFFICIENTS, voltageRatio, type CoefficientTable } from './coefficients';
import { dramBackgroundWatts, hardwareCost, type HardwareCostResult } from './cost';
import { arrayPortBytesPerCycle } from './derived';
import type { HardwareSpec } from './params';
import { ENERGY_COMPONENTS, type Activity, type EnergyComponent, type EnergyReport } from './energy-types';

export { ENERGY_COMPONENTS, ENERGY_LABELS, type Activity, type EnergyComponent, type EnergyReport } from './energy-types';

/**
 * Energy of one batch per inference, by component, for a design that performed `a`. `cost` is the design priced with
 * `table` (callers that have already priced it pass it, so a design is priced once).
 */
export function energyOf(h: HardwareSpec, a: Activity, table: CoefficientTable = COEFFICIENTS, cost: HardwareCostResult = hardwareCost(h, table)): EnergyReport {
  const n = table.node[h.processNode];
  const dram = table.dram[h.dramTechnology];
  const v = voltageRatio(table, h.processNode, h.clockGhz);
  const dyn = (1 + table.chip.dynamicOverhead.value) * v * v;
  const pj = 1e-12;
  const line = (c: string) => cost.breakdown.find((l) => l.component === c)!;
  // Operand delivery moves each array's port width per MAC-cycle: bytes per MAC = port bytes / (rows × cols).
  const deliveryBytesPerMac = arrayPortBytesPerCycle(h) / (h.arrayRows * h.arrayCols);
  const nocDistanceMm = 0.5 * Math.sqrt(cost.areaMm2);
  const gmemDistanceMm = 0.5 * Math.sqrt(h.globalMemoryMiB * n.sramMm2PerMiB.value);
  const joules: Record<EnergyComponent, number> = {
    'mac-arrays': a.macs * n.macEnergyPj.value * pj * dyn,
    'operand-delivery': a.macs * deliveryBytesPerMac * n.wireEnergyPjPerByteMm.value * n.deliveryDistanceMm.value * pj * dyn,
    'vector-lanes': a.vectorOps * n.vectorLaneOpEnergyPj.value * pj * dyn,
    'local-memory': a.localBytes * n.localSramEnergyPjPerByte.value * pj * dyn,
    'global-memory': a.gmemBytes * n.sramEnergyPjPerByte.value * pj * dyn,
    'interconnect': (a.dramBytes * nocDistanceMm + a.gmemBytes * gmemDistanceMm) * n.wireEnergyPjPerByteMm.value * pj * dyn,
    'dram': a.dramBytes * 8 * (dram.deviceEnergyPjPerBit.value + dram.phyEnergyPjPerBit.value) * pj,
    'static': a.latencySeconds * (line('leakage').watts + line('core-control').watts + line('uncore').watts + line('chip-links').watts
      + dramBackgroundWatts(h, table)),
  };
  const batchJ = ENERGY_COMPONENTS.reduce((s, c) => s + joules[c], 0);
  const per = (j: number) => j / a.inferences;
  return {
    joulesPerInference: per(batchJ),
    inferencesPerJoule: a.inferences / batchJ,
    averageWatts: batchJ / a.latencySeconds,
    breakdown: ENERGY_COMPONENTS.map((component) => ({ component, joulesPerInference: per(joules[component]) })),
  };
}

/** Activity of a simulated batch (a WorkloadResult-like object) for energyOf. */
export function activityOf(r: { macs: number; vectorOps: number; localBytes: number; gmemBytes: number; dramBytes: number; latencySeconds: number; batch: number }): Activity {
  return { macs: r.macs, vectorOps: r.vectorOps, localBytes: r.localBytes, gmemBytes: r.gmemBytes, dramBytes: r.dramBytes, latencySeconds: r.latencySeconds, inferences: r.batch };
}
