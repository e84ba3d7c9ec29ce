// `fast roi --gain G [--nre USD] [--chips N] …`: TCO of a TPU-v3 fleet against the design's and the break-even size.
import { Command } from 'commander';
import { roi, ROI_DEFAULTS, type RoiSpec, type RoiResult } from '../../shared/roi';
import { asUsage, UsageError, type Io } from '../errors';

const FLAGS: [keyof RoiSpec, string, string][] = [
  ['gain', '--gain <G>', 'Perf/TDP gain of the design over tpu-v3 (required)'],
  ['nreUsd', '--nre <USD>', 'NRE: design, masks, verification, software'],
  ['chips', '--chips <N>', 'TPU-v3 chips serving the load'],
  ['baselineChipUsd', '--baseline-chip-usd <USD>', 'CapEx per TPU-v3 chip'],
  ['designChipUsd', '--design-chip-usd <USD>', 'CapEx per design chip'],
  ['baselineTdpWatts', '--baseline-tdp <W>', 'TDP of a TPU-v3 chip'],
  ['designTdpWatts', '--design-tdp <W>', 'TDP of a design chip'],
  ['usdPerKwh', '--usd-per-kwh <USD>', 'electricity price'],
  ['pue', '--pue <X>', 'data-centre power usage effectiveness'],
  ['years', '--years <Y>', 'deployment lifetime'],
];

export function roiSpecFromFlags(o: Record<string, string | undefined>): RoiSpec {
  const spec: Record<string, number> = { ...ROI_DEFAULTS, gain: NaN };
  for (const [key, flag] of FLAGS) {
    const text = o[key];
    if (text === undefined) continue;
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${flag.split(' ')[0]} must be a number (got "${text}")`);
    spec[key] = v;
  }
  return spec as unknown as RoiSpec;
}

export function roiCommand(io: Io): Command {
  const cmd = new Command('roi').description('TCO of a TPU-v3 fleet vs the design serving the same load, and the break-even fleet size');
  for (const [key, flag, help] of FLAGS) {
    const dflt = key === 'gain' ? '' : ` (default ${(ROI_DEFAULTS as Record<string, number>)[key]})`;
    if (key === 'gain') cmd.requiredOption(flag, help); else cmd.option(flag, help + dflt);
  }
  cmd.option('--json', 'print JSON');
  // commander names options by the long flag (camel-cased); map them to RoiSpec keys.
  const optionKey: Record<string, keyof RoiSpec> = {
    gain: 'gain', nre: 'nreUsd', chips: 'chips', baselineChipUsd: 'baselineChipUsd', designChipUsd: 'designChipUsd',
    baselineTdp: 'baselineTdpWatts', designTdp: 'designTdpWatts', usdPerKwh: 'usdPerKwh', pue: 'pue', years: 'years',
  };
  return cmd.action((o: Record<string, string | boolean | undefined>) => {
    const flags: Record<string, string | undefined> = {};
    for (const [opt, key] of Object.entries(optionKey)) if (typeof o[opt] === 'string') flags[key] = o[opt] as string;
    const spec = roiSpecFromFlags(flags);
    const r: RoiResult = asUsage(() => roi(spec));
    if (o.json) { io.out(JSON.stringify({ ...r, breakEvenChips: Number.isFinite(r.breakEvenChips) ? r.breakEvenChips : null, inputs: spec }, null, 2) + '\n'); return; }
    const usd = (v: number) => `$${(v / 1e6).toFixed(1)} M`;
    io.out([
      `gain ${spec.gain}× Perf/TDP over tpu-v3, ${spec.chips} TPU-v3 chips → ${r.designChips.toFixed(0)} design chips for the same load`,
      `TCO over ${spec.years} years: TPU-v3 fleet ${usd(r.tcoBaseline)}, design fleet ${usd(r.tcoDesign)} (incl. NRE ${usd(spec.nreUsd)})`,
      Number.isFinite(r.breakEvenChips)
        ? `break-even at ${Math.ceil(r.breakEvenChips)} TPU-v3 chips' worth of load; ${r.savings >= 0 ? 'saves' : 'costs'} ${usd(Math.abs(r.savings))} at this size`
        : 'never breaks even: each design chip costs more over its life than the TPU-v3 chips it replaces',
    ].join('\n') + '\n');
  });
}
