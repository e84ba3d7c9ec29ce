// SCALE-Sim mode on a topology CSV and a .cfg (the texts): SCALE-Sim v2-compatible cycles, utilisations and DRAM
// traffic per layer, in CALC mode and in USER mode (DRAM stall cycles at the config's Bandwidth). The one code path
// behind `fast scalesim` (cli/commands/scalesim.ts) and the Import view's SCALE-Sim mode: both call the worker API's
// scalesimMode (shared/api/worker-api.ts), which runs this over the core's GEMM and memory models
// (docs/model.md §1 and §1.1). Input problems are ScalesimInputError (one line naming the problem).
import type { GemmResult, GemmSpec } from '../core/records';
import type { ScalesimMemoryResult, ScalesimMemorySpec } from '../scalesim/memory';
import { parseScalesimConfig, parseScalesimTopology, MAX_TOPOLOGY_BYTES, type ScalesimConfig, type ScalesimLayer } from '../workload/importers/scalesim';

/** Largest SCALE-Sim .cfg read (SCALE-Sim's own are under 1 kB). */
export const MAX_CONFIG_BYTES = 2 ** 20;

/** A problem with the topology or the .cfg (the CLI reports it as a usage error). */
export class ScalesimInputError extends Error {}

export interface ScalesimModeRequest {
  /** The topology CSV's text. */
  topology: string;
  /** The .cfg's text. */
  config: string;
  format?: 'auto' | 'conv' | 'gemm';
  /** Report a DP layer as SCALE-Sim does: one row per channel, <layer>Channel_<i>. */
  splitDp?: boolean;
}

export interface ScalesimRow {
  layer: string;
  /** SCALE-Sim "Total Cycles": compute cycles plus DRAM stall cycles (USER mode). */
  totalCycles: number;
  stallCycles: number;
  computeUtilizationPct: number;
  mappingEfficiencyPct: number;
  /** MACs / (total cycles × R × C): includes the stalls, as SCALE-Sim does. */
  overallUtilizationPct: number;
  macs: number;
  /** DETAILED_ACCESS_REPORT DRAM counts (words); null when the layer has a column stride unlike its row stride. */
  dramIfmapReads: number | null;
  dramFilterReads: number | null;
  dramOfmapWrites: number | null;
  /** BANDWIDTH_REPORT average DRAM words/cycle of the layer (per sub-layer window for DP layers). */
  avgIfmapDramWordsPerCycle: number | null;
  avgFilterDramWordsPerCycle: number | null;
  avgOfmapDramWordsPerCycle: number | null;
  /** Outputs that are approximations of SCALE-Sim for this layer (see docs/model.md §1.1). */
  approximate: string[];
}

export interface ScalesimModeResult {
  rows: ScalesimRow[];
  warnings: string[];
  /** The .cfg as read. */
  config: ScalesimConfig;
  /** The topology's layers as read (one per row unless `splitDp` split a DP layer). */
  layers: ScalesimLayer[];
}

/** The core's two SCALE-Sim models (the worker API's scalesimGemms and scalesimMemory). */
export interface ScalesimModels {
  gemms(specs: GemmSpec[]): Promise<GemmResult[]>;
  memory(specs: ScalesimMemorySpec[]): Promise<ScalesimMemoryResult[]>;
}

const asInput = <T>(f: () => T): T => {
  try { return f(); } catch (e) { throw new ScalesimInputError((e as Error).message); }
};

/** The request checked (texts within the limits the CLI reads). */
export function parseScalesimModeRequest(v: unknown): ScalesimModeRequest {
  if (!v || typeof v !== 'object') throw new ScalesimInputError('scalesimMode: expected { topology, config } texts');
  const r = v as Record<string, unknown>;
  if (typeof r.topology !== 'string') throw new ScalesimInputError('scalesimMode: the topology must be the CSV\'s text');
  if (typeof r.config !== 'string') throw new ScalesimInputError('scalesimMode: the config must be the .cfg\'s text');
  if (r.topology.length > MAX_TOPOLOGY_BYTES) throw new ScalesimInputError(`topology: more than ${MAX_TOPOLOGY_BYTES} characters`);
  if (r.config.length > MAX_CONFIG_BYTES) throw new ScalesimInputError(`config: more than ${MAX_CONFIG_BYTES} characters`);
  const format = r.format ?? 'auto';
  if (format !== 'auto' && format !== 'conv' && format !== 'gemm') throw new ScalesimInputError(`scalesimMode: format must be auto, conv or gemm (got ${JSON.stringify(format)})`);
  return { topology: r.topology, config: r.config, format, splitDp: r.splitDp === true };
}

export async function runScalesimMode(models: ScalesimModels, req: ScalesimModeRequest): Promise<ScalesimModeResult> {
  const topo = asInput(() => parseScalesimTopology(req.topology, req.format ?? 'auto'));
  const { config, warnings } = asInput(() => parseScalesimConfig(req.config));
  const user = config.interfaceBandwidth === 'USER';
  if (user && config.dramWordsPerCycle === undefined) {
    throw new ScalesimInputError('config: InterfaceBandwidth USER needs [architecture_presets] Bandwidth (DRAM words/cycle)');
  }
  const notes = [...topo.warnings, ...warnings];
  const compute = await models.gemms(topo.layers.map((l) => ({
    m: l.m, n: l.n, k: l.k, rows: config.arrayRows, cols: config.arrayCols, dataflow: config.dataflow, sublayers: l.sublayers,
  })));
  // The memory model needs the conv geometry (ifmap addresses); SCALE-Sim strides rows and columns alike unless a
  // column stride is given, which the memory model does not cover.
  const modelled = topo.layers.map((l) => !l.conv || l.conv.strideCols === l.conv.stride);
  topo.layers.forEach((l, i) => {
    if (modelled[i]) return;
    if (user) throw new ScalesimInputError(`layer ${l.name}: a column stride unlike the row stride is not supported in USER mode`);
    notes.push(`layer ${l.name}: column stride ${l.conv!.strideCols} ≠ row stride ${l.conv!.stride}: DRAM counts not modelled`);
  });
  const memSpecs: ScalesimMemorySpec[] = [];
  topo.layers.forEach((l, i) => {
    if (!modelled[i]) return;
    memSpecs.push({
      ...(l.conv
        ? { conv: { ifmapHeight: l.conv.ifmapHeight, ifmapWidth: l.conv.ifmapWidth, filterHeight: l.conv.filterHeight, filterWidth: l.conv.filterWidth, channels: l.sublayers > 1 ? 1 : l.conv.channels, numFilters: l.conv.filters, stride: l.conv.stride } }
        : { gemm: { m: l.m, n: l.n, k: l.k } }),
      rows: config.arrayRows, cols: config.arrayCols, dataflow: config.dataflow, sublayers: l.sublayers,
      ifmapSramWords: config.ifmapSramKb * 1024, filterSramWords: config.filterSramKb * 1024, ofmapSramWords: config.ofmapSramKb * 1024,
      mode: config.interfaceBandwidth, bandwidthWordsPerCycle: user ? config.dramWordsPerCycle : undefined,
    });
  });
  let memory: ScalesimMemoryResult[];
  try { memory = await models.memory(memSpecs); } catch (e) { throw new ScalesimInputError((e as Error).message); }
  let mi = 0;
  const rows: ScalesimRow[] = [];
  const layers: ScalesimLayer[] = [];
  topo.layers.forEach((l, i) => {
    const c = compute[i];
    const m = modelled[i] ? memory[mi++] : undefined;
    if (m && m.status !== 'ok') {
      throw new ScalesimInputError(`layer ${l.name}: ${m.status === 'work_limit' ? 'beyond the memory model\'s work budget (too many folds, drains or prefetch windows)' : 'invalid for the memory model'}`);
    }
    const total = m ? m.totalCycles : c.totalCycles;
    const pes = config.arrayRows * config.arrayCols;
    const row: ScalesimRow = {
      layer: l.name,
      totalCycles: total,
      stallCycles: m ? m.stallCycles : 0, // CALC mode has no stalls
      computeUtilizationPct: c.computeUtilizationPct,
      mappingEfficiencyPct: c.mappingEfficiencyPct,
      overallUtilizationPct: 100 * c.macs / (Math.max(total, l.sublayers) * pes),
      macs: c.macs,
      dramIfmapReads: m ? m.dramIfmapReads : null,
      dramFilterReads: m ? m.dramFilterReads : null,
      dramOfmapWrites: m ? m.dramOfmapWrites : null,
      avgIfmapDramWordsPerCycle: m ? m.avgIfmapDramWordsPerCycle : null,
      avgFilterDramWordsPerCycle: m ? m.avgFilterDramWordsPerCycle : null,
      avgOfmapDramWordsPerCycle: m ? m.avgOfmapDramWordsPerCycle : null,
      approximate: m ? [...m.approximate] : [],
    };
    if (!(req.splitDp && l.sublayers > 1)) { rows.push(row); layers.push(l); return; }
    // SCALE-Sim reports a DP layer as C layers named <layer>Channel_<i>, one per input channel
    const per = (v: number | null) => (v === null ? null : v / l.sublayers);
    for (let ch = 0; ch < l.sublayers; ch++) {
      layers.push({ ...l, name: `${l.name}Channel_${ch}`, sublayers: 1 });
      rows.push({
        ...row,
        layer: `${l.name}Channel_${ch}`,
        totalCycles: row.totalCycles / l.sublayers,
        stallCycles: row.stallCycles / l.sublayers,
        macs: row.macs / l.sublayers,
        dramIfmapReads: per(row.dramIfmapReads),
        dramFilterReads: per(row.dramFilterReads),
        dramOfmapWrites: per(row.dramOfmapWrites),
        approximate: [...row.approximate],
      });
    }
  });
  return { rows, warnings: notes, config, layers };
}
