// `fast ablation --workload W --hardware H [--batch N] [--json]`: none / +schedule / +padding / +fusion / +fused attention / all.
import { Command } from 'commander';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { ABLATION_STEPS, ablation, type AblationReport } from '../../shared/api/ablation';
import { resolveHardware } from '../hardware-arg';
import { addShapeOptions, parseShapeFlags, resolveWorkload, type ShapeFlags } from '../workload-arg';
import { asUsage, type Io } from '../errors';
import { table } from '../output';
import { parseBatch, residency } from './simulate';

interface Opts extends ShapeFlags { workload: string; hardware: string; batch?: string; json?: boolean }

export async function runAblation(o: Opts): Promise<AblationReport> {
  const batch = parseBatch(o.batch);
  const [workload, hw] = await Promise.all([resolveWorkload(o.workload, parseShapeFlags(o)), resolveHardware(o.hardware)]);
  const core = await loadCore();
  const highs = await loadHighs(); // the fusion rows solve for GMEM and local memory
  return asUsage(() => ablation(core, highs, workload, hw.spec, hw.name, batch));
}

const r3 = (v: number) => Number(v.toPrecision(3));

export function ablationCommand(io: Io): Command {
  return addShapeOptions(new Command('ablation')
    .description(`the software passes one at a time on one design: ${ABLATION_STEPS.map((s) => s.label).join(', ')}`)
    .requiredOption('--workload <W>', 'zoo name or a workload file (.json, .onnx, .csv, .yaml)')
    .requiredOption('--hardware <H>', 'preset name or a hardware .json file')
    .option('--batch <N>', 'batch size (default: the design\'s batch parameter)')
    .option('--json', 'print JSON'))
    .action(async (o: Opts) => {
      const r = await runAblation(o);
      if (o.json) { io.out(JSON.stringify(r, null, 2) + '\n'); return; }
      io.out(`${r.workload} on ${r.hardware}, batch ${r.batch} (TDP ${r3(r.tdpWatts)} W, ${r3(r.areaMm2)} mm²)\n`);
      io.out(table(['passes', 'throughput /s', 'speed-up', 'latency ms', 'DRAM MB', 'GMEM MB', 'util %', 'Perf/TDP', 'fusion ms', 'on chip (local/GMEM)'],
        r.rows.map((x) => [x.passes, r3(x.throughputPerSecond), r3(x.speedup), r3(x.latencySeconds * 1e3), r3(x.dramBytes / 1e6),
          r3(x.gmemBytes / 1e6), r3(100 * x.utilization), r3(x.perfPerTdp), x.fusionSolveMs === undefined ? '-' : r3(x.fusionSolveMs).toString(),
          x.fusionSolveMs === undefined ? '-' : `${x.tensorsInLocal ?? 0} / ${x.tensorsOnChip ?? 0} tensors`])) + '\n');
      io.out(`software alone: ${r3(r.softwareOnlySpeedup)}× on this hardware\n`);
      if (r.fusionOps.length) {
        io.out(`\nWhere +fusion saves time (ops vs none, and the operands it keeps on chip):\n`);
        io.out(table(['op', 'cycles saved', 'on chip'], r.fusionOps.map((o) => [o.name, Math.round(o.cyclesSaved), residency(o)])) + '\n');
      }
    });
}
