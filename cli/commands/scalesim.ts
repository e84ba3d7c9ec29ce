// `fast scalesim`: SCALE-Sim v2-compatible cycles, utilisations and DRAM traffic for a topology + config, in CALC
// mode and in USER mode (DRAM stall cycles at the config's Bandwidth). Models: docs/model.md §1 and §1.1.
import { Command, Option } from 'commander';
import { createSimApi } from '../../shared/api/worker-api';
import type { ScalesimMemorySpec } from '../../shared/scalesim/memory';
import { parseScalesimTopology, parseScalesimConfig, MAX_TOPOLOGY_BYTES } from '../../shared/workload/importers/scalesim';

/** Largest SCALE-Sim .cfg read (SCALE-Sim's own are under 1 kB). */
const MAX_CONFIG_BYTES = 2 ** 20;
import { asUsage, readText, UsageError, type Io } from '../errors';
import { table } from '../output';

interface Opts { topology: string; config: string; format: 'auto' | 'conv' | 'gemm'; json?: boolean; splitDp?: boolean }

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

export async function runScalesim(o: Opts): Promise<{ rows: ScalesimRow[]; warnings: string[] }> {
  const [topoText, cfgText] = await Promise.all([readText(o.topology, 'topology', MAX_TOPOLOGY_BYTES), readText(o.config, 'config', MAX_CONFIG_BYTES)]);
  const topo = asUsage(() => parseScalesimTopology(topoText, o.format));
  const { config, warnings } = asUsage(() => parseScalesimConfig(cfgText));
  const user = config.interfaceBandwidth === 'USER';
  if (user && config.dramWordsPerCycle === undefined) {
    throw new UsageError('config: InterfaceBandwidth USER needs [architecture_presets] Bandwidth (DRAM words/cycle)');
  }
  const notes = [...topo.warnings, ...warnings];
  const api = createSimApi();
  const compute = await api.scalesimGemms(topo.layers.map((l) => ({
    m: l.m, n: l.n, k: l.k, rows: config.arrayRows, cols: config.arrayCols, dataflow: config.dataflow, sublayers: l.sublayers,
  })));
  // The memory model needs the conv geometry (ifmap addresses); SCALE-Sim strides rows and columns alike unless a
  // column stride is given, which the memory model does not cover.
  const modelled = topo.layers.map((l) => !l.conv || l.conv.strideCols === l.conv.stride);
  topo.layers.forEach((l, i) => {
    if (modelled[i]) return;
    if (user) throw new UsageError(`layer ${l.name}: a column stride unlike the row stride is not supported in USER mode`);
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
  const memory = await asUsageAsync(() => api.scalesimMemory(memSpecs));
  let mi = 0;
  const rows: ScalesimRow[] = [];
  topo.layers.forEach((l, i) => {
    const c = compute[i];
    const m = modelled[i] ? memory[mi++] : undefined;
    if (m && m.status !== 'ok') {
      throw new UsageError(`layer ${l.name}: ${m.status === 'work_limit' ? 'beyond the memory model\'s work budget (too many folds, drains or prefetch windows)' : 'invalid for the memory model'}`);
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
    if (!(o.splitDp && l.sublayers > 1)) { rows.push(row); return; }
    // SCALE-Sim reports a DP layer as C layers named <layer>Channel_<i>, one per input channel
    const per = (v: number | null) => (v === null ? null : v / l.sublayers);
    for (let ch = 0; ch < l.sublayers; ch++) {
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
  return { rows, warnings: notes };
}

async function asUsageAsync<T>(f: () => Promise<T>): Promise<T> {
  try { return await f(); } catch (e) { throw new UsageError((e as Error).message); }
}

const fmt = (v: number | null) => (v === null ? '-' : v);

export function scalesimCommand(io: Io): Command {
  return new Command('scalesim')
    .description('SCALE-Sim v2-compatible cycles, utilisation and DRAM traffic for a topology CSV and a .cfg (CALC or USER mode)')
    .requiredOption('--topology <file>', 'SCALE-Sim topology CSV (conv or GEMM form)')
    .requiredOption('--config <file>', 'SCALE-Sim architecture .cfg (InterfaceBandwidth CALC, or USER with Bandwidth)')
    .addOption(new Option('--format <form>', 'topology form').choices(['auto', 'conv', 'gemm']).default('auto'))
    .option('--split-dp', 'report a DP (depthwise) layer as SCALE-Sim does: one row per channel, <layer>Channel_<i>')
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const { rows, warnings } = await runScalesim(o);
      for (const w of warnings) io.err(`warning: ${w}\n`);
      if (o.json) { io.out(JSON.stringify(rows, null, 2) + '\n'); return; }
      io.out(table(
        ['layer', 'total cycles', 'stall cycles', 'compute util %', 'mapping eff %', 'overall util %', 'DRAM ifmap rd', 'DRAM filter rd', 'DRAM ofmap wr'],
        rows.map((r) => [r.layer, r.totalCycles, r.stallCycles, r.computeUtilizationPct, r.mappingEfficiencyPct, r.overallUtilizationPct,
          fmt(r.dramIfmapReads), fmt(r.dramFilterReads), fmt(r.dramOfmapWrites)]),
      ) + '\n');
    });
}
