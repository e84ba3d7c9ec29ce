// `fast sensitivity --workload W [--hardware H] [--batch N] [--json]`: how the design's Perf/TDP gain over tpu-v3
// moves when each assumed cost coefficient is at the low and the high end of its plausible range (knobs re-fitted to
// the TPU family each time): a tornado, largest swing first. docs/model.md §3.6.
import { Command } from 'commander';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { sensitivityReport, type SensitivityReport } from '../../shared/api/sensitivity';
import { BATCH_RANGE, isBatch } from '../../shared/hardware';
import { UsageError, type Io } from '../errors';
import { resolveHardware } from '../hardware-arg';
import { addShapeOptions, parseShapeFlags, resolveWorkload, type ShapeFlags } from '../workload-arg';
import { table } from '../output';

interface Opts extends ShapeFlags { workload?: string; hardware?: string; batch?: string; json?: boolean }

export async function runSensitivity(o: Opts): Promise<SensitivityReport> {
  if (!o.workload) throw new UsageError('--workload is required (a zoo name or a workload file)');
  let batch: number | undefined;
  if (o.batch !== undefined) {
    const b = /^\d+$/.test(o.batch.trim()) ? Number(o.batch) : NaN;
    if (!isBatch(b)) throw new UsageError(`--batch must be a whole number from ${BATCH_RANGE.min} to ${BATCH_RANGE.max} (got ${JSON.stringify(o.batch)})`);
    batch = b;
  }
  const workload = await resolveWorkload(o.workload, parseShapeFlags(o));
  const hw = await resolveHardware(o.hardware ?? 'tpuv4i');
  const highs = await loadHighs(); // fusion solves for local memory on any design
  return sensitivityReport(await loadCore(), highs, { workload, hardware: hw.spec, hardwareName: hw.name, batch });
}

const f3 = (v: number) => v.toFixed(3);
const num = (v: number) => String(Number(v.toPrecision(4)));

export function sensitivityTable(r: SensitivityReport): string {
  const width = 30;
  const lo = Math.min(r.gain, ...r.rows.flatMap((x) => [x.gainLow, x.gainHigh]));
  const hi = Math.max(r.gain, ...r.rows.flatMap((x) => [x.gainLow, x.gainHigh]));
  const at = (g: number) => Math.round(((g - lo) / (hi - lo || 1)) * width);
  const bar = (a: number, b: number) => {
    const [x, y] = [at(Math.min(a, b)), at(Math.max(a, b))];
    const c = at(r.gain);
    return Array.from({ length: width + 1 }, (_, i) => (i === c ? '|' : i >= x && i <= y ? '█' : ' ')).join('');
  };
  const body = table(
    ['assumption', 'low … high', 'gain at low', 'gain at high', 'swing', 'tornado'],
    r.rows.map((x) => [x.label, `${num(x.low)} … ${num(x.high)} ${x.unit}`, f3(x.gainLow), f3(x.gainHigh), f3(Math.abs(x.gainHigh - x.gainLow)), bar(x.gainLow, x.gainHigh)]),
  );
  return `${r.hardware} on ${r.workload}, batch ${r.batch}: Perf/TDP ${f3(r.gain)}× tpu-v3 (all passes vs the baseline software); `
    + `each assumption at its low and high end, the family's knobs re-fitted\n\n${body}\n`;
}

export function sensitivityCommand(io: Io): Command {
  return addShapeOptions(new Command('sensitivity')
    .description('a tornado: how Perf/TDP against tpu-v3 moves with each assumed cost coefficient at its low and high end')
    .option('--workload <W>', 'zoo name or workload file (required)')
    .option('--hardware <H>', 'a preset or a JSON design file (default: tpuv4i)')
    .option('--batch <N>', "batch for both sides (default: the design's)")
    .option('--json', 'print JSON: {workload, hardware, batch, gain, rows: [{path, label, unit, value, low, high, gainLow, gainHigh}]}'))
    .action(async (o: Opts) => {
      const r = await runSensitivity(o);
      io.out(o.json ? JSON.stringify(r, null, 2) + '\n' : sensitivityTable(r));
    });
}
