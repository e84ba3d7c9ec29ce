// One simulation as users see it (`fast simulate`): a workload on a priced design with the chosen
// software passes → throughput, latency, TDP, area, Perf/TDP and per-op results. Shared by the CLI and workers.
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import type { WorkloadSpec } from '../workload/types';
import { COEFFICIENTS, activityOf, energyOf, hardwareCost, type EnergyReport, type HardwareCostResult, type HardwareSpec } from '../hardware';
import { simulateWithPasses, passesLabel, type PassSet, type FusionReport, type AttentionReport } from '../compiler/passes';
import { machineFromHardware } from '../sim/machine';
import type { ExecutedOp } from '../sim/engine';
import type { Bound, Location } from '../core/records';
import type { LlmReport } from './llm';
import { memoryFit, type MemoryFit } from '../search/objective';

export interface SimulateRequest {
  workload: WorkloadSpec;
  hardware: HardwareSpec;
  hardwareName: string;
  /** Defaults to the design's `batch` parameter. */
  batch?: number;
  passes: PassSet;
  onlineSoftmax?: boolean;
}

/**
 * One executed op as the report shows it: the engine's per-op result (shared/sim/engine.ts) less what only the
 * fusion pass reads (operands, per-operand bytes, the exposed first load, local bytes), plus two report-only fields.
 */
export interface SimulatedOp extends Pick<ExecutedOp,
  'name' | 'kind' | 'block' | 'macs' | 'cycles' | 'computeCycles' | 'vectorCycles' | 'dramCycles' | 'gmemCycles' |
  'localCycles' | 'overheadCycles' | 'bound' | 'utilization' | 'mappingEfficiency' | 'dramBytes' | 'gmemBytes' |
  'vectorOps' | 'fused' | 'fusedAttention' | 'schedule'> {
  /** The largest memory level's cycles (DRAM, GMEM or local memory). */
  memoryCycles: number;
  /** Operand tensors of this op that live in the global memory (GMEM) instead of DRAM. */
  onChip: string[];
  /** Operand tensors of this op kept resident in the cores' local memory (e.g. TPU-v3's VMEM) by the fusion pass:
   * they cost this op no DRAM or GMEM traffic. */
  inLocal: string[];
}

export interface SimulateReport {
  workload: string;
  hardware: string;
  batch: number;
  passes: string;
  latencySeconds: number;
  throughputPerSecond: number;
  tdpWatts: number;
  areaMm2: number;
  /** Inferences per second per watt of TDP. */
  perfPerTdp: number;
  totals: { cycles: number; macs: number; vectorOps: number; dramBytes: number; gmemBytes: number; localBytes: number; utilization: number };
  /** Energy per inference from this run's activity counts (docs/model.md §3.7). */
  energy: EnergyReport;
  /**
   * The workload's importer warnings (present only when it has some): what an import left out or approximated — e.g.
   * "onnx: 3 ops not supported and skipped (not costed): …" — so a result says what it does not count.
   */
  workloadWarnings?: string[];
  cyclesByBound: Record<Bound, number>;
  cost: HardwareCostResult;
  /**
   * The workload's DRAM footprint at this batch against the design's capacity (weights, inputs with an LLM's KV cache,
   * peak live activations: shared/workload/counts.ts workloadFootprint; docs/model.md §6.3). A search calls a design
   * whose footprint does not fit infeasible ('capacity'); a simulation still runs it and says so here.
   */
  memory: MemoryFit;
  fusion?: FusionReport;
  /** What the fused-attention pass did (present when it is on). */
  attention?: AttentionReport;
  /** LLM serving metrics (present when the workload is an LLM; shared/api/llm.ts simulateLlm attaches them). */
  llm?: LlmReport;
  ops: SimulatedOp[];
}

export function simulate(core: Core, highs: LegacyHighs | undefined, req: SimulateRequest): SimulateReport {
  const batch = req.batch ?? req.hardware.batch;
  const machine = machineFromHardware(req.hardware);
  const { result, placement, fusion, attention } = simulateWithPasses(core, highs, req.workload, machine, {
    batch, passes: req.passes, onlineSoftmax: req.onlineSoftmax,
  });
  const cost = hardwareCost(req.hardware);
  return {
    workload: req.workload.name,
    hardware: req.hardwareName,
    batch,
    passes: passesLabel(req.passes),
    latencySeconds: result.latencySeconds,
    throughputPerSecond: result.throughputPerSecond,
    tdpWatts: cost.tdpWatts,
    areaMm2: cost.areaMm2,
    perfPerTdp: result.throughputPerSecond / cost.tdpWatts,
    totals: {
      cycles: result.cycles, macs: result.macs, vectorOps: result.vectorOps, dramBytes: result.dramBytes,
      gmemBytes: result.gmemBytes, localBytes: result.localBytes, utilization: result.utilization,
    },
    energy: energyOf(req.hardware, activityOf(result), COEFFICIENTS, cost),
    ...(req.workload.warnings?.length ? { workloadWarnings: [...req.workload.warnings] } : {}),
    cyclesByBound: result.cyclesByBound,
    cost,
    memory: memoryFit(req.workload, req.hardware, batch),
    fusion,
    attention,
    ops: result.ops.map((o) => simulatedOp(o, placement)),
  };
}

/** The one mapping from an executed op to its report row (field order is the JSON order of `fast simulate --json`). */
function simulatedOp(o: ExecutedOp, placement: ReadonlyMap<string, Location>): SimulatedOp {
  const operands = [o.operands.a, o.operands.b, o.operands.c, ...o.operands.extras];
  const at = (level: Location) => operands.filter((n): n is string => !!n && placement.get(n) === level);
  const onChip = at('gmem'), inLocal = at('local');
  return {
    name: o.name, kind: o.kind, block: o.block, macs: o.macs, cycles: o.cycles, computeCycles: o.computeCycles,
    vectorCycles: o.vectorCycles, memoryCycles: Math.max(o.dramCycles, o.gmemCycles, o.localCycles),
    dramCycles: o.dramCycles, gmemCycles: o.gmemCycles, localCycles: o.localCycles, overheadCycles: o.overheadCycles,
    bound: o.bound, utilization: o.utilization, mappingEfficiency: o.mappingEfficiency, dramBytes: o.dramBytes,
    gmemBytes: o.gmemBytes, vectorOps: o.vectorOps, onChip, inLocal, fused: o.fused, fusedAttention: o.fusedAttention, schedule: o.schedule,
  };
}
