// The calibration, as code: solve the two 'calibrated' knobs of the coefficient table so the tpu-v3 preset lands
// on its public die size and TDP. Everything else in the table is fixed first; the same knobs then price every
// design (no per-preset terms). coefficients.ts holds the solved literals; a test checks they match.
// docs/model.md §3.4.
import { COEFFICIENTS, type CoefficientTable } from './coefficients';
import { hardwareCost, type CostComponent } from './cost';
import { PRESETS } from './presets';

/** Components whose power is on-die dynamic power and so carries the clock/control overhead. */
export const ON_DIE_DYNAMIC: readonly CostComponent[] = [
  'mac-arrays', 'vector-lanes', 'core-datapath', 'core-control', 'local-memory', 'global-memory', 'interconnect',
];

/** A copy of `table` with the two knobs replaced (7 nm datapath area follows 16 nm by the area scale). */
export function withKnobs(table: CoefficientTable, coreDatapath16: number, dynamicOverhead: number): CoefficientTable {
  const scale = table.chip.areaScale16to7.value;
  const knob = (c: { value: number }, value: number) => ({ ...c, value });
  return {
    ...table,
    chip: { ...table.chip, dynamicOverhead: knob(table.chip.dynamicOverhead, dynamicOverhead) as typeof table.chip.dynamicOverhead },
    node: {
      '16nm': { ...table.node['16nm'], coreDatapathMm2PerBytePerCycle: knob(table.node['16nm'].coreDatapathMm2PerBytePerCycle, coreDatapath16) as never },
      '7nm': { ...table.node['7nm'], coreDatapathMm2PerBytePerCycle: knob(table.node['7nm'].coreDatapathMm2PerBytePerCycle, coreDatapath16 / scale) as never },
    },
  };
}

export interface Calibration {
  /** tpu-v3 die the area knob is solved for, mm² (95% of the < 700 mm² bound). */
  targetAreaMm2: number;
  targetTdpWatts: number;
  coreDatapathMm2PerBytePerCycle16: number;
  dynamicOverhead: number;
}

/**
 * Area is linear in the datapath knob: die(k) = die(0) + k · (local-memory port bytes/cycle of all cores), so
 * k = (target − die(0)) / bytes. Power, with that area fixed, is linear in the overhead: TDP(o) = rest +
 * (1 + o) · D where D is the on-die dynamic power, so o = (450 − rest) / D − 1.
 */
export function solveCalibration(table: CoefficientTable = COEFFICIENTS): Calibration {
  const spec = PRESETS['tpu-v3'];
  const s = table.sources;
  const targetAreaMm2 = s.dieFractionOfBound.value * s.tpuV3DieBoundMm2.value;
  const targetTdpWatts = s.tpuV3TdpW.value;

  const area0 = hardwareCost(spec, withKnobs(table, 0, 0));
  const area1 = hardwareCost(spec, withKnobs(table, 1, 0));
  const k = (targetAreaMm2 - area0.areaMm2) / (area1.areaMm2 - area0.areaMm2);

  const p = hardwareCost(spec, withKnobs(table, k, 0));
  const dynamic = p.breakdown.filter((l) => ON_DIE_DYNAMIC.includes(l.component)).reduce((a, l) => a + l.watts, 0);
  const rest = p.tdpWatts - dynamic;
  const overhead = (targetTdpWatts - rest) / dynamic - 1;
  return { targetAreaMm2, targetTdpWatts, coreDatapathMm2PerBytePerCycle16: k, dynamicOverhead: overhead };
}
