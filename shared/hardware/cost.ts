// Area and TDP of a hardware design as sums over components, priced from the ONE coefficient table
// (coefficients.ts). Peak power = every unit at full activity and DRAM at peak bandwidth, with dynamic power scaled by
// the node's voltage–frequency curve (∝ V²), leakage (∝ V), the chip's fixed I/O and its chip-to-chip links; TDP =
// peak × the rating of the design's class (training or inference part), the difference shown as its own line.
// Each resource is priced by what it physically adds (arrays: MACs + edge-wide operand delivery; lanes: one ALU and
// its share of the vector unit; memory: SRAM by MiB; stacks: PHYs; DRAM capacity: background power by GiB; links:
// SerDes and router); the area no block
// explains is a fitted fraction of the modelled blocks. Prices come from the spec alone, so a cost-only change
// (process node, DRAM technology, links, rating) never needs a re-simulation. docs/model.md §3.3.
import { COEFFICIENTS, voltageRatio, type CoefficientTable } from './coefficients';
import {
  arrayPortBytesPerCycle, clockHz, dramBytesPerSecond, globalMemoryBytesPerSecond, localMemoryBytesPerCycle,
  peakMacsPerCycle,
} from './derived';
import { DRAM_INTERFACES, type HardwareSpec } from './params';

export const COST_COMPONENTS = [
  'mac-arrays', 'operand-delivery', 'vector-lanes', 'core-control', 'local-memory', 'global-memory', 'interconnect',
  'dram-phy', 'dram-devices', 'uncore', 'chip-links', 'unattributed', 'leakage', 'tdp-headroom',
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
  'uncore': 'chip I/O and management (PCIe, host DMA, PLLs, keep-outs)',
  'chip-links': 'chip-to-chip links (ICI SerDes and router)',
  'unattributed': 'unattributed die area (fitted)',
  'leakage': 'leakage (logic and SRAM)',
  'tdp-headroom': 'TDP rating over peak power (fitted)',
};

/** Components the chip carries whatever the design (the teacher's "not this design's own cost"). */
/** The bus length the on-chip network's area assumption is stated for (coefficients.ts nocMm2PerGBpsAt16), mm. */
const NOC_REFERENCE_MM = 10;

export const FIXED_COMPONENTS: readonly CostComponent[] = ['uncore'];

export interface CostLine {
  component: CostComponent;
  /** Die area, mm² (0 for off-die DRAM devices, leakage and the rating line). */
  areaMm2: number;
  /** W: peak power, or for 'tdp-headroom' the rating's difference from it (negative when rated below peak). */
  watts: number;
  /** Carried by the chip whatever the design (FIXED_COMPONENTS). */
  fixed: boolean;
}

export interface HardwareCostResult {
  /** Die area, mm² = Σ breakdown areaMm2. */
  areaMm2: number;
  /** TDP, W = Σ breakdown watts = peak power × the rating of the design's class. */
  tdpWatts: number;
  /** Peak power, W: every unit at full activity (TDP without the rating line). */
  peakWatts: number;
  /** The design's own area and TDP: without the fixed lines and their proportional share of unattributed area, leakage and rating. */
  ownAreaMm2: number;
  ownWatts: number;
  /** Supply voltage ÷ nominal at this clock (the V–f curve): dynamic power scales with its square, leakage with it. */
  voltageRatio: number;
  breakdown: CostLine[];
}

/**
 * Price a design (assumed valid: parse it with parseHardwareSpec first). `table` defaults to THE table; the
 * calibration and sensitivity runs pass variants.
 */
export function hardwareCost(h: HardwareSpec, table: CoefficientTable = COEFFICIENTS): HardwareCostResult {
  const n = table.node[h.processNode];
  const dram = table.dram[h.dramTechnology];
  const iface = DRAM_INTERFACES[h.dramTechnology];
  const v = voltageRatio(table, h.processNode, h.clockGhz);
  const dyn = (1 + table.chip.dynamicOverhead.value) * v * v;
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
  // GMEM is a block beside the cores: its data crosses half the block's edge, not the die (its floorplan).
  const gmemEdgeMm = Math.sqrt(h.globalMemoryMiB * n.sramMm2PerMiB.value);
  const sramMiB = h.cores * h.localMemoryMiB + h.globalMemoryMiB;

  const area: Record<CostComponent, number> = {
    'mac-arrays': macs * n.macAreaMm2.value,
    'operand-delivery': arrayPortBytesPerCycle_ * n.deliveryMm2PerBytePerCycle.value,
    'vector-lanes': lanes * n.vectorLaneAreaMm2.value,
    'core-control': h.cores * n.coreControlMm2.value,
    'local-memory': h.cores * h.localMemoryMiB * n.sramMm2PerMiB.value,
    'global-memory': h.globalMemoryMiB * n.sramMm2PerMiB.value,
    // DRAM traffic crosses the die (the assumption's ~10 mm of bus per GB/s); GMEM traffic only its own block.
    'interconnect': (dramBps / 1e9 + (gmemBps / 1e9) * Math.min(1, gmemEdgeMm / (2 * NOC_REFERENCE_MM))) * n.nocMm2PerGBps.value,
    'dram-phy': h.dramStacks * (dram.phyAreaMm2.value + iface.channels * n.dramControllerMm2PerChannel.value),
    'dram-devices': 0,
    'uncore': n.fixedIoMm2.value,
    'chip-links': h.iciLinks * n.linkMm2.value,
    'unattributed': 0,
    'leakage': 0,
    'tdp-headroom': 0,
  };
  const modelled = COST_COMPONENTS.reduce((s, c) => s + area[c], 0);
  // Routing channels, power grid, clock spine, DFT and whitespace go with the logic; SRAM macros (their density is
  // measured with periphery, TPUv4i's CMEM) and PHY hard macros carry their own.
  const logicMm2 = modelled - area['local-memory'] - area['global-memory'] - area['dram-phy'];
  area.unattributed = logicMm2 * table.chip.unattributedFraction.value;
  const dieMm2 = modelled + area.unattributed;
  // DRAM data enters at the PHYs on the die's edge and crosses to the cores: half the die's edge on average. GMEM
  // data crosses the GMEM block itself, placed beside the cores: half its own edge (its floorplan, not the die's).
  const nocDistanceMm = 0.5 * Math.sqrt(dieMm2);
  const gmemDistanceMm = 0.5 * gmemEdgeMm;
  const sramArea = area['local-memory'] + area['global-memory'];

  const watts: Record<CostComponent, number> = {
    'mac-arrays': macs * f * n.macEnergyPj.value * pj * dyn,
    'operand-delivery': arrayPortBytesPerCycle_ * f * n.wireEnergyPjPerByteMm.value * n.deliveryDistanceMm.value * pj * dyn,
    'vector-lanes': lanes * f * n.vectorLaneOpEnergyPj.value * pj * dyn,
    'core-control': area['core-control'] * n.logicWattsPerMm2PerGhz.value * ghz * dyn,
    'local-memory': localBytesPerCycle * f * n.localSramEnergyPjPerByte.value * pj * dyn,
    'global-memory': gmemBps * n.sramEnergyPjPerByte.value * pj * dyn,
    'interconnect': (dramBps * nocDistanceMm + gmemBps * gmemDistanceMm) * n.wireEnergyPjPerByteMm.value * pj * dyn,
    'dram-phy': dramBps * 8 * dram.phyEnergyPjPerBit.value * pj,
    // Access energy at peak bandwidth plus the background (standby and refresh) power of the capacity.
    'dram-devices': dramBps * 8 * dram.deviceEnergyPjPerBit.value * pj + dramBackgroundWatts(h, table),
    'uncore': n.fixedIoWatts.value,
    'chip-links': h.iciLinks * n.linkWatts.value,
    'unattributed': 0,
    'leakage': v * ((dieMm2 - sramArea) * n.logicLeakageWattsPerMm2.value + sramMiB * n.sramLeakageWattsPerMiB.value),
    'tdp-headroom': 0,
  };
  const peakWatts = COST_COMPONENTS.reduce((s, c) => s + watts[c], 0);
  const rating = h.tdpClass === 'inference' ? table.chip.ratingInference.value : table.chip.ratingTraining.value;
  watts['tdp-headroom'] = peakWatts * (rating - 1);

  const breakdown = COST_COMPONENTS.map((component) => ({
    component, areaMm2: area[component], watts: watts[component], fixed: FIXED_COMPONENTS.includes(component),
  }));
  const tdpWatts = breakdown.reduce((s, l) => s + l.watts, 0);
  // The fixed lines' share of the proportional ones: unattributed area ∝ modelled area; leakage ∝ area; rating ∝ peak.
  const fixedArea = FIXED_COMPONENTS.reduce((s, c) => s + area[c], 0);
  const fixedAreaAll = fixedArea * (1 + table.chip.unattributedFraction.value); // the fixed lines are logic
  const fixedPeak = FIXED_COMPONENTS.reduce((s, c) => s + watts[c], 0) + v * fixedAreaAll * n.logicLeakageWattsPerMm2.value;
  return {
    areaMm2: dieMm2,
    tdpWatts,
    peakWatts,
    ownAreaMm2: dieMm2 - fixedAreaAll,
    ownWatts: tdpWatts - fixedPeak * rating,
    voltageRatio: v,
    breakdown,
  };
}

/**
 * DRAM background power, W: standby and refresh of every GiB, drawn whatever the traffic (coefficients.ts
 * dramBackgroundWPerGiB). tpu-v3: 4 × 8 GiB × 0.05 W/GiB = 1.6 W. Part of the 'dram-devices' line and of the static
 * energy (energy.ts).
 */
export function dramBackgroundWatts(h: Pick<HardwareSpec, 'dramTechnology' | 'dramStacks' | 'dramGiBPerStack'>, table: CoefficientTable = COEFFICIENTS): number {
  return h.dramStacks * h.dramGiBPerStack * table.dram[h.dramTechnology].backgroundWattsPerGiB.value;
}

/** Share of the die taken by the systolic arrays (TPU-v3: 11%, docs/sources.md §2.2). */
export function macArrayAreaShare(cost: Pick<HardwareCostResult, 'areaMm2' | 'breakdown'>): number {
  return cost.breakdown.find((l) => l.component === 'mac-arrays')!.areaMm2 / cost.areaMm2;
}

/** Share of the die taken by the global memory (TPUv4i's CMEM: 28%, docs/sources.md §2.3). */
export function globalMemoryAreaShare(cost: Pick<HardwareCostResult, 'areaMm2' | 'breakdown'>): number {
  return cost.breakdown.find((l) => l.component === 'global-memory')!.areaMm2 / cost.areaMm2;
}
