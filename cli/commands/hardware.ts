// `fast hardware [--hardware H] [--json]`: price the presets, or one design, from the coefficient table:
// die area, TDP (peak power × the rating of its class), peak power, the design's own cost, peak FLOPS and the
// per-component breakdown (docs/model.md §3).
import { Command } from 'commander';
import {
  COMPONENT_LABELS, PRESETS, dramBytesPerSecond, hardwareCost, macArrayAreaShare, peakFlopsPerSecond, presetNames,
  type CostLine, type HardwareSpec,
} from '../../shared/hardware';
import { resolveHardware, type ResolvedHardware } from '../hardware-arg';
import type { Io } from '../errors';
import { table } from '../output';

interface Opts { hardware?: string; json?: boolean }

export interface HardwareRow {
  name: string;
  areaMm2: number;
  tdpWatts: number;
  /** Peak power (every unit at full activity) before the TDP rating. */
  peakWatts: number;
  /** The design's own area and TDP, without the chip's fixed I/O and its share. */
  ownAreaMm2: number;
  ownWatts: number;
  peakFlopsPerSecond: number;
  breakdown: CostLine[];
  /** The priced design. */
  hardware: HardwareSpec;
}

export function priceDesign(d: ResolvedHardware): HardwareRow {
  const cost = hardwareCost(d.spec);
  return {
    name: d.name,
    areaMm2: cost.areaMm2,
    tdpWatts: cost.tdpWatts,
    peakWatts: cost.peakWatts,
    ownAreaMm2: cost.ownAreaMm2,
    ownWatts: cost.ownWatts,
    peakFlopsPerSecond: peakFlopsPerSecond(d.spec),
    breakdown: cost.breakdown,
    hardware: d.spec,
  };
}

export async function runHardware(o: Opts): Promise<HardwareRow[]> {
  const designs = o.hardware
    ? [await resolveHardware(o.hardware)]
    : presetNames().map((name) => ({ name, spec: { ...PRESETS[name] } }));
  return designs.map(priceDesign);
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

function summary(rows: HardwareRow[]): string {
  return table(
    ['design', 'node', 'area mm²', 'TDP W', 'peak TFLOPS', 'MAC area %', 'DRAM GB/s', 'TFLOPS/W', 'peak W', 'rating', 'own mm²', 'own W'],
    rows.map((r) => [
      r.name, r.hardware.processNode, round(r.areaMm2, 1), round(r.tdpWatts, 1), round(r.peakFlopsPerSecond / 1e12, 1),
      round(100 * macArrayAreaShare(r), 1), round(dramBytesPerSecond(r.hardware) / 1e9, 1),
      round(r.peakFlopsPerSecond / 1e12 / r.tdpWatts, 3), round(r.peakWatts, 1), r.hardware.tdpClass,
      round(r.ownAreaMm2, 1), round(r.ownWatts, 1),
    ]),
  );
}

function breakdown(r: HardwareRow): string {
  const lines = r.breakdown.map((l) => [
    COMPONENT_LABELS[l.component], round(l.areaMm2, 2), round((100 * l.areaMm2) / r.areaMm2, 1),
    round(l.watts, 2), round((100 * l.watts) / r.tdpWatts, 1),
  ]);
  return table(['component', 'area mm²', 'area %', 'W', 'W %'], [...lines, ['total', round(r.areaMm2, 2), 100, round(r.tdpWatts, 2), 100]])
    + `\n\npeak power ${round(r.peakWatts, 1)} W, rated as a${r.hardware.tdpClass === 'inference' ? 'n inference' : ' training'} part; this design's own blocks: `
    + `${round(r.ownAreaMm2, 1)} mm², ${round(r.ownWatts, 1)} W (the rest is the chip's fixed I/O and management and its share)`;
}

export function hardwareCommand(io: Io): Command {
  return new Command('hardware')
    .description('list the hardware presets priced (area, TDP, peak FLOPS), or price one design with its breakdown')
    .option('--hardware <H>', `a preset (${presetNames().join(', ')}) or a JSON design file (may be partial: {"base": "tpu-v3", ...})`)
    .option('--json', 'print JSON: [{name, areaMm2, tdpWatts, peakWatts, ownAreaMm2, ownWatts, peakFlopsPerSecond, breakdown, hardware}]')
    .action(async (o: Opts) => {
      const rows = await runHardware(o);
      if (o.json) { io.out(JSON.stringify(rows, null, 2) + '\n'); return; }
      io.out(summary(rows) + '\n');
      if (o.hardware) io.out('\n' + breakdown(rows[0]) + '\n');
      else io.out('\nper-component breakdown: fast hardware --hardware <preset or file.json>\n');
    });
}
