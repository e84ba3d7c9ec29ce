// The calibration, as code: solve the two 'calibrated' knobs of the coefficient table so the tpu-v3 preset lands
// on its public die size and TDP. Everything else in the table is fixed first; the same knobs then price every
// design (no per-preset terms). coefficients.ts holds the solved literals; a test checks they match.
// docs/model.md §3.5.
import { COEFFICIENTS, type CoefficientTable } from './coefficients';
import { hardwareCost, type CostComponent } from './cost';
import { PRESETS } from './presets';

/** Peak power a design can draw, W: its TDP without the calibrated headroom line. */
export function peakWatts(cost: { tdpWatts: number; breakdown: { component: CostComponent; watts: number }[] }): number {
  return cost.tdpWatts - cost.breakdown.find((l) => l.component === 'tdp-headroom')!.watts;
}

/**
 * A copy of `table` with the two knobs replaced: the unattributed die area per chip at 16 nm (the 7 nm value
 * follows by the area scale) and the TDP headroom.
 */
export function withKnobs(table: CoefficientTable, unattributedMm2At16: number, tdpHeadroom: number): CoefficientTable {
  const scale = table.chip.areaScale16to7.value;
  const knob = <C extends { value: number }>(c: C, value: number): C => ({ ...c, value });
  return {
    ...table,
    chip: { ...table.chip, tdpHeadroom: knob(table.chip.tdpHeadroom, tdpHeadroom) },
    node: {
      '16nm': { ...table.node['16nm'], unattributedMm2: knob(table.node['16nm'].unattributedMm2, unattributedMm2At16) },
      '7nm': { ...table.node['7nm'], unattributedMm2: knob(table.node['7nm'].unattributedMm2, unattributedMm2At16 / scale) },
    },
  };
}

export interface Calibration {
  /** tpu-v3 die the area knob is solved for, mm² (95% of the < 700 mm² bound). */
  targetAreaMm2: number;
  targetTdpWatts: number;
  /** Die area of tpu-v3 that the modelled blocks explain, mm² (everything but the unattributed line). */
  attributedAreaMm2: number;
  unattributedMm2At16: number;
  /** tpu-v3's peak power (every unit at full activity, with leakage, uncore and DRAM), W. */
  peakWatts: number;
  tdpHeadroom: number;
}

/**
 * Area is the attributed blocks plus the knob: u = target − die(u = 0). Power, with that area fixed (leakage
 * follows area), is proportional to the headroom: TDP = (1 + h) · peak, so h = 450 / peak − 1.
 */
export function solveCalibration(table: CoefficientTable = COEFFICIENTS): Calibration {
  const spec = PRESETS['tpu-v3'];
  const s = table.sources;
  const targetAreaMm2 = s.dieFractionOfBound.value * s.tpuV3DieBoundMm2.value;
  const targetTdpWatts = s.tpuV3TdpW.value;

  const attributedAreaMm2 = hardwareCost(spec, withKnobs(table, 0, 0)).areaMm2;
  const u = targetAreaMm2 - attributedAreaMm2;
  const peak = hardwareCost(spec, withKnobs(table, u, 0)).tdpWatts;
  return { targetAreaMm2, targetTdpWatts, attributedAreaMm2, unattributedMm2At16: u, peakWatts: peak, tdpHeadroom: targetTdpWatts / peak - 1 };
}
