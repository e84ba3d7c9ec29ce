// The ablation of FAST's software passes on one design (the paper's "TPU-v3 with better software" question):
// none, each pass alone, and all, with throughput, DRAM traffic and the speed-up over no passes.
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import type { WorkloadSpec } from '../workload/types';
import type { HardwareSpec } from '../hardware';
import { simulate } from './simulate';
import { ALL_PASSES, NO_PASSES, PASSES, passesLabel, type PassSet } from '../compiler/passes';

export interface AblationRow {
  passes: string;
  throughputPerSecond: number;
  latencySeconds: number;
  /** Throughput over the `none` row's. */
  speedup: number;
  dramBytes: number;
  gmemBytes: number;
  utilization: number;
  perfPerTdp: number;
  fusionSolveMs?: number;
  tensorsOnChip?: number;
}

export interface AblationReport {
  workload: string;
  hardware: string;
  batch: number;
  tdpWatts: number;
  areaMm2: number;
  rows: AblationRow[];
  /** Throughput with all passes over none: the speed-up from software alone on this hardware. */
  softwareOnlySpeedup: number;
}

/** none, each pass of the passes table alone ('+schedule', '+padding', '+fusion'), all. */
export const ABLATION_STEPS: { label: string; passes: PassSet }[] = [
  { label: 'none', passes: NO_PASSES },
  ...PASSES.map((p) => ({ label: `+${p.label}`, passes: { ...NO_PASSES, [p.id]: true } })),
  { label: 'all', passes: ALL_PASSES },
];

export function ablation(core: Core, highs: LegacyHighs | undefined, workload: WorkloadSpec, hardware: HardwareSpec,
                         hardwareName: string, batch?: number): AblationReport {
  const reports = ABLATION_STEPS.map((s) => simulate(core, highs, { workload, hardware, hardwareName, batch, passes: s.passes }));
  const base = reports[0].throughputPerSecond;
  const rows = reports.map((r, i): AblationRow => ({
    passes: ABLATION_STEPS[i].label,
    throughputPerSecond: r.throughputPerSecond,
    latencySeconds: r.latencySeconds,
    speedup: r.throughputPerSecond / base,
    dramBytes: r.totals.dramBytes,
    gmemBytes: r.totals.gmemBytes,
    utilization: r.totals.utilization,
    perfPerTdp: r.perfPerTdp,
    ...(r.fusion ? { fusionSolveMs: r.fusion.solveMs, tensorsOnChip: r.fusion.onChip.length } : {}),
  }));
  return {
    workload: workload.name, hardware: hardwareName, batch: reports[0].batch, tdpWatts: reports[0].tdpWatts,
    areaMm2: reports[0].areaMm2, rows, softwareOnlySpeedup: rows[rows.length - 1].speedup,
  };
}
