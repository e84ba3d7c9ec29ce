// `fast scalesim`: SCALE-Sim v2-compatible cycles, utilisations and DRAM traffic for a topology + config, in CALC
// mode and in USER mode (DRAM stall cycles at the config's Bandwidth). Models: docs/model.md §1 and §1.1.
import { Command, Option } from 'commander';
import { createSimApi } from '../../shared/api/worker-api';
import { MAX_TOPOLOGY_BYTES } from '../../shared/workload/importers/scalesim';
import { MAX_CONFIG_BYTES, ScalesimInputError, type ScalesimRow } from '../../shared/api/scalesim-mode';
import { readText, UsageError, type Io } from '../errors';
import { table } from '../output';

export type { ScalesimRow };

interface Opts { topology: string; config: string; format: 'auto' | 'conv' | 'gemm'; json?: boolean; splitDp?: boolean }

/** The files read, then the worker API's scalesimMode (shared/api/scalesim-mode.ts): the code path the page's SCALE-Sim mode runs. */
export async function runScalesim(o: Opts): Promise<{ rows: ScalesimRow[]; warnings: string[] }> {
  const [topology, config] = await Promise.all([readText(o.topology, 'topology', MAX_TOPOLOGY_BYTES), readText(o.config, 'config', MAX_CONFIG_BYTES)]);
  try {
    const r = await createSimApi().scalesimMode({ topology, config, format: o.format, splitDp: !!o.splitDp });
    return { rows: r.rows, warnings: r.warnings };
  } catch (e) {
    if (e instanceof ScalesimInputError) throw new UsageError(e.message);
    throw e;
  }
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
