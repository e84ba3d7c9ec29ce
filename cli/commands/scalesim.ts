// `fast scalesim`: SCALE-Sim v2-compatible compute cycles and utilisations for a topology + config.
import { Command, Option } from 'commander';
import { createSimApi } from '../../shared/sim/api';
import { parseScalesimTopology, parseScalesimConfig } from '../../shared/workload/importers/scalesim';
import { asUsage, readText, UsageError, type Io } from '../errors';
import { table } from '../output';

interface Opts { topology: string; config: string; format: 'auto' | 'conv' | 'gemm'; json?: boolean }

export interface ScalesimRow {
  layer: string;
  totalCycles: number;
  stallCycles: number;
  computeUtilizationPct: number;
  mappingEfficiencyPct: number;
  overallUtilizationPct: number;
  macs: number;
}

export async function runScalesim(o: Opts): Promise<{ rows: ScalesimRow[]; warnings: string[] }> {
  const [topoText, cfgText] = await Promise.all([readText(o.topology, 'topology'), readText(o.config, 'config')]);
  const topo = asUsage(() => parseScalesimTopology(topoText, o.format));
  const { config, warnings } = asUsage(() => parseScalesimConfig(cfgText));
  if (config.interfaceBandwidth === 'USER') {
    throw new UsageError('config: InterfaceBandwidth USER (DRAM stall simulation) is not modelled yet; use CALC');
  }
  const results = await createSimApi().scalesimGemms(topo.layers.map((l) => ({
    m: l.m, n: l.n, k: l.k, rows: config.arrayRows, cols: config.arrayCols, dataflow: config.dataflow, sublayers: l.sublayers,
  })));
  const rows = topo.layers.map((l, i) => {
    const r = results[i];
    return {
      layer: l.name,
      totalCycles: r.totalCycles,
      stallCycles: 0, // CALC mode: SCALE-Sim models no DRAM stalls
      computeUtilizationPct: r.computeUtilizationPct,
      mappingEfficiencyPct: r.mappingEfficiencyPct,
      overallUtilizationPct: r.overallUtilizationPct,
      macs: r.macs,
    };
  });
  return { rows, warnings: [...topo.warnings, ...warnings] };
}

export function scalesimCommand(io: Io): Command {
  return new Command('scalesim')
    .description('SCALE-Sim v2-compatible compute cycles and utilisation for a topology CSV and a .cfg (CALC mode)')
    .requiredOption('--topology <file>', 'SCALE-Sim topology CSV (conv or GEMM form)')
    .requiredOption('--config <file>', 'SCALE-Sim architecture .cfg')
    .addOption(new Option('--format <form>', 'topology form').choices(['auto', 'conv', 'gemm']).default('auto'))
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const { rows, warnings } = await runScalesim(o);
      for (const w of warnings) io.err(`warning: ${w}\n`);
      if (o.json) { io.out(JSON.stringify(rows, null, 2) + '\n'); return; }
      io.out(table(
        ['layer', 'total cycles', 'stall cycles', 'compute util %', 'mapping eff %', 'overall util %'],
        rows.map((r) => [r.layer, r.totalCycles, r.stallCycles, r.computeUtilizationPct, r.mappingEfficiencyPct, r.overallUtilizationPct]),
      ) + '\n');
    });
}
