// Area and TDP of a hardware design as sums over components, priced from the ONE coefficient table
// (coefficients.ts). Peak power = every unit at full activity and DRAM at peak bandwidth, plus leakage and fixed
// uncore power (FAST's metric, docs/sources.md §4.6); TDP = peak × (1 + the calibrated headroom), shown as its own line.
// Each resource is priced by what it physically adds (arrays: MACs + edge-wide operand delivery; lanes: a few
// MAC-equivalents; memory: SRAM by MiB; stacks: PHYs); what TPU-v3's die leaves unexplained is booked once per
// chip. Prices come from the spec alone, so a cost-only change (process node, DRAM technology) never needs a
// re-simulation. docs/model.md §3.3.
import { COEFFICIENTS, type CoefficientTable } from './coefficients';
import {
  arrayPortBytesPerCycle, clockHz, dramBytesPerSecond, globalMemoryBytesPerSecond, localMemoryBytesPerCycle,
  peakMacsPerCycle,
} from './derived';
import { DRAM_INTERFACES, type HardwareSpec } from './params';

export const COST_COMPONENTS = [
  'mac-arrays', 'operand-delivery', 'vector-lanes', 'core-control', 'local-memory', 'global-memory', 'interconnect',
  'dram-phy', 'dram-devices', 'uncore', 'unattributed', 'leakage', 'tdp-headroom',
] as const;
export type CostComponent = (typeof COST_COMPONENTS)[number];

export const COMPONENT_LABELS: Record<CostComponent, string> = {
  'mac-arrays': 'systolic MAC arrays',
  'operand-delivery': 'operand delivery to the arrays (buses, staging)',
  'vector-lanes': 'vector lanes (ALUs, registers, shared units)',
  'core-control': 'core control (scalar, sequencer, DMA)',
  'local-memory': 'local memory (SRAM)',
  'global-memory': 'global memory (SRAM)',
  'interconnect': 'on-chip network (DRAM/GMEM to cores)',
  'dram-phy': 'DRAM PHYs and controllers',
  'dram-devices': 'DRAM devices (off-die)',
  'uncore': 'uncore (chip I/O, ICI, PCIe, management)',
  'unattributed': 'unattributed die area (calibrated)',
  'leakage': 'leakage',
  'tdp-headroom': 'TDP headroom over peak draw (calibrated)',
};

export interface CostLine {
  component: CostComponent;
  /** Die area, mm² (0 for off-die DRAM devices and for leakage). */
  areaMm2: number;
  /** Peak power, W. */
  watts: number;
}

export interface HardwareCostResult {
  /** Die area, mm² = Σ breakdown areaMm2. */
  areaMm2: number;
  /** TDP, W = Σ breakdown watts (peak power plus the 'tdp-headroom' line). */
  tdpWatts: number;
  breakdown: CostLine[];
}

/**
 * Price a design (assumed valid: parse it with parseHardwareSpec first). `table` defaults to THE table; the
 * calibration passes a variant with its knobs zeroed.
 */
export function hardwareCost(h: HardwareSpec, table: CoefficientTable = COEFFICIENTS): HardwareCostResult {
  const n = table.node[h.processNode];
  const dram = table.dram[h.dramTechnology];
  const iface = DRAM_INTERFACES[h.dramTechnology];
  const overhead = 1 + table.chip.dynamicOverhead.value;
  const f = clockHz(h);
  const ghz = h.clockGhz;
  const pj = 1e-12;

  const macs = peakMacsPerCycle(h);
  const lanes = h.cores * h.vectorLanesPerCore;
  const arrays = h.cores * h.arraysPerCore;
  const arrayPortBytesPerCycle_ = arrays * arrayPortBytesPerCycle(h);
  const localBytesPerCycle = h.cores * localMemoryBytesPerCycle(h);
  const dramBps = dramBytesPerSecond(h);
  const gmemBps = globalMemoryBytesPerSecond(h);
  const nocGBps = (dramBps + gmemBps) / 1e9;

  const area: Record<CostComponent, number> = {
    'mac-arrays': macs * n.macAreaMm2.value,
    'operand-delivery': arrayPortBytesPerCycle_ * n.deliveryMm2PerBytePerCycle.value,
    'vector-lanes': lanes * n.vectorLaneAreaMm2.value,
    'core-control': h.cores * n.coreControlMm2.value,
    'local-memory': h.cores * h.localMemoryMiB * n.sramMm2PerMiB.value,
    'global-memory': h.globalMemoryMiB * n.sramMm2PerMiB.value,
    'interconnect': nocGBps * n.nocMm2PerGBps.value,
    'dram-phy': h.dramStacks * (dram.phyAreaMm2.value + iface.channels * n.dramControllerMm2PerChannel.value),
    'dram-devices': 0,
    'uncore': n.uncoreMm2.value,
    'unattributed': n.unattributedMm2.value,
    'leakage': 0,
    'tdp-headroom': 0,
  };
  const dieMm2 = COST_COMPONENTS.reduce((s, c) => s + area[c], 0);
  // Data from DRAM controllers and GMEM banks crosses the die to the cores: half the die's edge on average.
  const nocDistanceMm = 0.5 * Math.sqrt(dieMm2);

  const watts: Record<CostComponent, number> = {
    'mac-arrays': macs * f * n.macEnergyPj.value * pj * overhead,
    'operand-delivery': arrayPortBytesPerCycle_ * f * n.wireEnergyPjPerByteMm.value * n.deliveryDistanceMm.value * pj * overhead,
    'vector-lanes': lanes * f * n.vectorLaneOpEnergyPj.value * pj * overhead,
    'core-control': area['core-control'] * n.logicWattsPerMm2PerGhz.value * ghz * overhead,
    'local-memory': localBytesPerCycle * f * n.localSramEnergyPjPerByte.value * pj * overhead,
    'global-memory': gmemBps * n.sramEnergyPjPerByte.value * pj * overhead,
    'interconnect': (dramBps + gmemBps) * n.wireEnergyPjPerByteMm.value * nocDistanceMm * pj * overhead,
    'dram-phy': dramBps * 8 * dram.phyEnergyPjPerBit.value * pj,
    'dram-devices': dramBps * 8 * dram.deviceEnergyPjPerBit.value * pj,
    'uncore': n.uncoreWatts.value,
    'unattributed': 0,
    'leakage': dieMm2 * n.leakageWattsPerMm2.value,
    'tdp-headroom': 0,
  };
  const peakWatts = COST_COMPONENTS.reduce((s, c) => s + watts[c], 0);
  watts['tdp-headroom'] = peakWatts * table.chip.tdpHeadroom.value;

  const breakdown = COST_COMPONENTS.map((component) => ({ component, areaMm2: area[component], watts: watts[component] }));
  return {
    areaMm2: dieMm2,
    tdpWatts: breakdown.reduce((s, l) => s + l.watts, 0),
    breakdown,
  };
}

/** Share of the die taken by the systolic arrays (TPU-v3: 11%, docs/sources.md §2.2). */
export function macArrayAreaShare(cost: HardwareCostResult): number {
  return cost.breakdown.find((l) => l.component === 'mac-arrays')!.areaMm2 / cost.areaMm2;
}
