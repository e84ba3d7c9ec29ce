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
  /** Tensors the fusion pass placed in GMEM. */
  tensorsOnChip?: number;
  /** Tensors the fusion pass kept resident in local memory, and their bytes. */
  tensorsInLocal?: number;
  localResidentBytes?: number;
}

/** Why fusion helped: an op of the '+fusion' row, the cycles it saved against 'none', and its operands on chip. */
export interface AblationFusionOp { name: string; cyclesSaved: number; inLocal: string[]; onChip: string[] }

export interface AblationReport {
  workload: string;
  hardware: string;
  batch: number;
  tdpWatts: number;
  areaMm2: number;
  rows: AblationRow[];
  /** Throughput with all passes over none: the speed-up from software alone on this hardware. */
  softwareOnlySpeedup: number;
  /** The '+fusion' row's ops that saved the most cycles against 'none' (same software, so the same ops), at most
   * FUSION_OPS_SHOWN, with the operands the pass keeps in local memory or GMEM. */
  fusionOps: AblationFusionOp[];
}

export const FUSION_OPS_SHOWN = 8;

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
    ...(r.fusion ? {
      fusionSolveMs: r.fusion.solveMs, tensorsOnChip: r.fusion.onChip.length,
      tensorsInLocal: r.fusion.inLocal.length, localResidentBytes: r.fusion.residentBytes.local,
    } : {}),
  }));
  const none = reports[0].ops, fused = reports[ABLATION_STEPS.findIndex((s) => s.label === '+fusion')]?.ops ?? [];
  const fusionOps = fused.length === none.length
    ? fused.map((o, i) => ({ name: o.name, cyclesSaved: none[i].cycles - o.cycles, inLocal: o.inLocal, onChip: o.onChip }))
      .filter((o) => o.cyclesSaved > 0 && (o.inLocal.length || o.onChip.length))
      .sort((a, b) => b.cyclesSaved - a.cyclesSaved).slice(0, FUSION_OPS_SHOWN)
    : [];
  return {
    workload: workload.name, hardware: hardwareName, batch: reports[0].batch, tdpWatts: reports[0].tdpWatts,
    areaMm2: reports[0].areaMm2, rows, softwareOnlySpeedup: rows[rows.length - 1].speedup, fusionOps,
  };
}
