// The baseline every gain is measured against (docs/model.md §6.2, docs/sources.md §8): the `tpu-v3` preset
// running the baseline software (every pass off) on the same workload at the same batch. The one definition:
// the search objective and its default area budget, `fast reproduce`, and the page's Explore and Compare
// references all take the preset, the passes and the reference result from here.
import type { Core } from '../core/loader';
import type { WorkloadSpec } from '../workload/types';
import { COEFFICIENTS, PRESETS, activityOf, energyOf, hardwareCost, type CoefficientTable, type HardwareSpec, type PresetName } from '../hardware';
import { NO_PASSES, passesLabel, simulateWithPasses, type PassSet } from '../compiler/passes';
import { machineFromHardware } from '../sim/machine';

export const BASELINE_PRESET: PresetName = 'tpu-v3';
/** The baseline software: no passes (the fixed TPU-style schedule and layout, every tensor in DRAM). */
export const BASELINE_PASSES: Readonly<PassSet> = NO_PASSES;
/** The baseline passes as `--passes` and the worker API spell them: `none`. */
export const BASELINE_PASSES_LABEL = passesLabel(BASELINE_PASSES);

/** A fresh copy of the baseline design, at `batch` when given (else the preset's). */
export function baselineHardware(batch?: number): HardwareSpec {
  return batch === undefined ? { ...PRESETS[BASELINE_PRESET] } : { ...PRESETS[BASELINE_PRESET], batch };
}

export interface BaselineResult {
  batch: number;
  latencySeconds: number;
  throughputPerSecond: number;
  /** Inferences per second per watt of the baseline's TDP: the denominator of every Perf/TDP gain. */
  perfPerTdp: number;
  /** Inferences per joule of the batch's energy (shared/hardware/energy.ts): the denominator of an energy study's gains. */
  inferencesPerJoule: number;
}

/**
 * The reference result: the baseline design with the baseline software on `w` at `batch` (no fusion, so no HiGHS),
 * priced with `table` (a study's coefficient table; default the table itself).
 */
export function baselineResult(core: Core, w: WorkloadSpec, batch: number, table: CoefficientTable = COEFFICIENTS): BaselineResult {
  const hardware = baselineHardware(batch);
  const { result } = simulateWithPasses(core, undefined, w, machineFromHardware(hardware), { batch, passes: BASELINE_PASSES });
  const cost = hardwareCost(hardware, table);
  return {
    batch,
    latencySeconds: result.latencySeconds,
    throughputPerSecond: result.throughputPerSecond,
    perfPerTdp: result.throughputPerSecond / cost.tdpWatts,
    inferencesPerJoule: energyOf(hardware, activityOf(result), table, cost).inferencesPerJoule,
  };
}
