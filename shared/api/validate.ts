// The model held to every public number we have (`fast validate`, the page's Validation view, docs/validation.md):
// one row per check — the TPU family's die areas and TDPs (fitted by the three knobs, with leave-one-out errors), the
// published block shares of those dies, the TPUv2 → TPU-v3 step, TPU-v3's measured power against the model's power on
// a busy workload and its peak, the presets' published peak FLOPS and DRAM bandwidth, and the SCALE-Sim v2 oracle.
// Every `model` number is computed here from the model; published numbers cite docs/sources.md. docs/validation.md §1.
import type { Core } from '../core/loader';
import { scalesimGemms } from '../core/pack';
import {
  COEFFICIENTS, PRESETS, PRESET_INFO, dramBytesPerSecond, fitFamily, globalMemoryAreaShare, hardwareCost,
  macArrayAreaShare, peakFlopsPerSecond, type PresetName,
} from '../hardware';
import { parseGemmSpec } from '../scalesim/gemm';
import { parseOracleCsv } from '../scalesim/oracle';
import { zooWorkload } from '../workload';
import { NO_PASSES } from '../compiler/passes';
import { simulate } from './simulate';
import type { ValidationReport, ValidationRow } from './validation-types';

export type { ValidationReport, ValidationRow } from './validation-types';

const SRC = {
  TL: { source: 'Ten Lessons (Jouppi et al., ISCA 2021) Table 1', url: 'https://doi.org/10.1109/ISCA52012.2021.00010' },
  N: { source: 'Norrie et al., IEEE Micro 2021', url: 'https://doi.org/10.1109/MM.2021.3058217' },
  C: { source: 'Google Cloud TPU documentation (TPU v3)', url: 'https://cloud.google.com/tpu/docs/system-architecture-tpu-vm' },
  S: { source: 'SCALE-Sim v2 (Samajdar et al.), its own outputs on 187 public cases', url: 'https://github.com/scalesim-project/scale-sim-v2' },
} as const;

/** Tolerances (docs/validation.md §2 gives the reasoning). */
export const TOLERANCE = {
  /** Die area and TDP of a family chip: the issue's ±15%. */
  family: 0.15,
  /** A block's share of its die: whole-percent rounding of the share (±6% at 8%) and the "<" die bound (±5%) compound. */
  share: 0.2,
  /** A preset's peak FLOPS and DRAM bandwidth against the published figure: rounding only. */
  spec: 0.02,
} as const;

/** The busy workload TPU-v3's average power is measured on: ResNet-50 at MLPerf's offline batch. */
export const BUSY_WORKLOAD = { workload: 'resnet50-v2', batch: 256 } as const;

function row(r: Omit<ValidationRow, 'error' | 'ok'> & { ok?: boolean }): ValidationRow {
  const error = r.model / r.published - 1;
  const ok = r.ok ?? (r.publishedRange
    ? r.model >= r.publishedRange[0] && r.model <= r.publishedRange[1]
    : Math.abs(error) <= r.tolerance + 1e-12);
  return { ...r, error, ok };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** Every validation row; `oracleCsv` is the text of tests/oracle/scalesim/public.csv. */
export function validationReport(core: Core, oracleCsv: string): ValidationReport {
  if (typeof oracleCsv !== 'string') throw new Error('validate: expected the SCALE-Sim oracle CSV as text');
  const cases = parseOracleCsv(oracleCsv);
  const specs = cases.map((c, i) => parseGemmSpec(
    { m: c.m, n: c.n, k: c.k, rows: c.rows, cols: c.cols, dataflow: c.dataflow, sublayers: c.sublayers },
    `SCALE-Sim oracle row ${i + 2} (${c.caseId})`,
  ));
  const rows: ValidationRow[] = [];
  const fit = fitFamily();
  const s = COEFFICIENTS.sources;

  // 1. The family: die area and TDP (fitted), with leave-one-out errors.
  for (const r of fit.rows) {
    const label = PRESET_INFO[r.preset].label;
    rows.push(row({
      id: `area.${r.preset}`, quantity: 'die area', subject: r.preset, unit: 'mm²', source: SRC.TL.source, sourceUrl: SRC.TL.url,
      published: r.areaMm2.published, model: r.areaMm2.model, tolerance: TOLERANCE.family, kind: 'fitted',
      leaveOneOutError: r.areaMm2.leaveOneOutError,
      note: `${label}: published "<" bound × ${COEFFICIENTS.assumed.dieFractionOfBound}; model = the preset priced by the coefficient table`,
    }));
    rows.push(row({
      id: `tdp.${r.preset}`, quantity: 'TDP', subject: r.preset, unit: 'W', source: SRC.TL.source, sourceUrl: SRC.TL.url,
      published: r.tdpWatts.published, model: r.tdpWatts.model, tolerance: TOLERANCE.family, kind: 'fitted',
      leaveOneOutError: r.tdpWatts.leaveOneOutError,
      note: `${label}: peak power ${r.peakWatts.toFixed(0)} W × the fitted ${PRESETS[r.preset].tdpClass} rating`,
    }));
  }

  // 2. Block shares of the dies (not fitted: the MXU and CMEM densities are derived from two of them).
  const share = (id: string, preset: PresetName, what: string, published: number, model: number, note: string) => rows.push(row({
    id, quantity: `${what} share of the die`, subject: preset, unit: 'fraction', source: SRC.TL.source, sourceUrl: SRC.TL.url,
    published, model, tolerance: TOLERANCE.share, kind: 'check', note,
  }));
  const costs = Object.fromEntries((['tpu-v2', 'tpu-v3', 'tpuv4i'] as const).map((p) => [p, hardwareCost(PRESETS[p])])) as Record<'tpu-v2' | 'tpu-v3' | 'tpuv4i', ReturnType<typeof hardwareCost>>;
  share('share.mxu.tpu-v2', 'tpu-v2', 'MXU', s.tpuV2MxuShare.value, macArrayAreaShare(costs['tpu-v2']), 'a held-out check: the MAC area is derived from TPU-v3\'s share');
  share('share.mxu.tpu-v3', 'tpu-v3', 'MXU', s.tpuV3MxuShare.value, macArrayAreaShare(costs['tpu-v3']), `the MAC area is derived from this share of a ${pct(COEFFICIENTS.assumed.dieFractionOfBound)}-of-bound die; the modelled die differs from it`);
  share('share.mxu.tpuv4i', 'tpuv4i', 'MXU', s.tpuV4iMxuShare.value, macArrayAreaShare(costs.tpuv4i), 'the 7 nm MAC area is derived from this share; the modelled die differs from the bound');
  share('share.cmem.tpuv4i', 'tpuv4i', 'CMEM (global memory)', s.tpuV4iCmemShare.value, globalMemoryAreaShare(costs.tpuv4i), 'the SRAM density is derived from this share; the modelled die differs from the bound');

  // 3. The TPUv2 → TPU-v3 step: the marginal price of twice the MXUs per core at a higher clock.
  const v2 = fit.rows.find((r) => r.preset === 'tpu-v2')!, v3 = fit.rows.find((r) => r.preset === 'tpu-v3')!;
  rows.push(row({
    id: 'step.area.v2-v3', quantity: 'die-area ratio TPU-v3 ÷ TPUv2', subject: 'tpu-v3 / tpu-v2', unit: '×', source: SRC.TL.source, sourceUrl: SRC.TL.url,
    published: v3.areaMm2.published / v2.areaMm2.published, model: v3.areaMm2.model / v2.areaMm2.model, tolerance: TOLERANCE.family, kind: 'check',
    note: 'twice the MXUs per core, 700 → 940 MHz, 700 → 900 GB/s: the marginal area of the step',
  }));
  rows.push(row({
    id: 'step.tdp.v2-v3', quantity: 'TDP ratio TPU-v3 ÷ TPUv2', subject: 'tpu-v3 / tpu-v2', unit: '×', source: SRC.TL.source, sourceUrl: SRC.TL.url,
    published: v3.tdpWatts.published / v2.tdpWatts.published, model: v3.tdpWatts.model / v2.tdpWatts.model, tolerance: TOLERANCE.family, kind: 'check',
    note: 'the marginal power of the step (both training parts, so the rating cancels)',
  }));

  // 4. TPU-v3's measured power.
  const busy = simulate(core, undefined, {
    workload: zooWorkload(BUSY_WORKLOAD.workload), hardware: { ...PRESETS['tpu-v3'], batch: BUSY_WORKLOAD.batch },
    hardwareName: 'tpu-v3', passes: NO_PASSES,
  });
  rows.push(row({
    id: 'power.tpu-v3.busy', quantity: 'average power on a busy workload', subject: 'tpu-v3', unit: 'W', source: SRC.C.source, sourceUrl: SRC.C.url,
    published: s.tpuV3MeasuredMeanW.value, publishedRange: [s.tpuV3MeasuredMinW.value, s.tpuV3MeasuredMaxW.value],
    model: busy.energy.averageWatts, tolerance: 0, kind: 'check',
    note: `energy of a ${BUSY_WORKLOAD.workload} batch of ${BUSY_WORKLOAD.batch} (baseline software) ÷ its latency; measured min…max ${s.tpuV3MeasuredMinW.value}…${s.tpuV3MeasuredMaxW.value} W, mean ${s.tpuV3MeasuredMeanW.value} W`,
  }));
  rows.push(row({
    id: 'power.tpu-v3.peak', quantity: 'peak power (all units at full activity)', subject: 'tpu-v3', unit: 'W', source: SRC.C.source, sourceUrl: SRC.C.url,
    published: s.tpuV3MeasuredMaxW.value, publishedRange: [s.tpuV3MeasuredMaxW.value, s.tpuV3TdpW.value],
    model: costs['tpu-v3'].peakWatts, tolerance: 0, kind: 'check',
    note: `no workload can draw more than the peak, and the rating covers it: between the measured maximum (${s.tpuV3MeasuredMaxW.value} W) and the ${s.tpuV3TdpW.value} W TDP`,
  }));

  // 5. The presets' published peak compute and DRAM bandwidth (checks of the presets' parameters).
  const specRows: [PresetName, number, number, keyof typeof SRC, keyof typeof SRC][] = [
    ['tpu-v2', 46e12, 700e9, 'TL', 'N'], ['tpu-v3', 123e12, 900e9, 'C', 'C'], ['tpuv4i', 138e12, 614e9, 'TL', 'TL'],
  ];
  for (const [p, flops, bw, fs, bs] of specRows) {
    rows.push(row({
      id: `peak.${p}`, quantity: 'peak bf16 TFLOPS', subject: p, unit: 'TFLOPS', source: SRC[fs].source, sourceUrl: SRC[fs].url,
      published: flops / 1e12, model: peakFlopsPerSecond(PRESETS[p]) / 1e12, tolerance: TOLERANCE.spec, kind: 'check',
      note: '2 × MACs per cycle × clock of the preset',
    }));
    rows.push(row({
      id: `dram.${p}`, quantity: 'DRAM bandwidth', subject: p, unit: 'GB/s', source: SRC[bs].source, sourceUrl: SRC[bs].url,
      published: bw / 1e9, model: dramBytesPerSecond(PRESETS[p]) / 1e9, tolerance: TOLERANCE.spec, kind: 'check',
      note: 'stacks × per-stack rate of the preset',
    }));
  }

  // 6. The SCALE-Sim v2 oracle: compute cycles and SRAM counts exact on every public case.
  const results = scalesimGemms(core, specs);
  let cycles = 0, sram = 0;
  cases.forEach((c, i) => {
    const r = results[i];
    if (r.status !== 'ok') return;
    if (r.totalCycles === c.totalCycles - c.stallCycles) cycles++;
    if (r.sramIfmapReads === c.sramIfmapReads && r.sramFilterReads === c.sramFilterReads && r.sramOfmapWrites === c.sramOfmapWrites) sram++;
  });
  rows.push(row({
    id: 'scalesim.cycles', quantity: 'compute cycles exact', subject: 'SCALE-Sim v2 public cases', unit: 'cases', source: SRC.S.source, sourceUrl: SRC.S.url,
    published: cases.length, model: cycles, tolerance: 0, kind: 'oracle', ok: cycles === cases.length,
    note: 'SCALE-Sim mode: total − stall cycles per case, integer-exact',
  }));
  rows.push(row({
    id: 'scalesim.sram', quantity: 'SRAM read/write counts exact', subject: 'SCALE-Sim v2 public cases', unit: 'cases', source: SRC.S.source, sourceUrl: SRC.S.url,
    published: cases.length, model: sram, tolerance: 0, kind: 'oracle', ok: sram === cases.length,
    note: 'ifmap and filter reads, ofmap writes per case, integer-exact',
  }));

  const knobs = [
    { name: 'unattributedFraction', value: fit.knobs.unattributedFraction, unit: '× modelled logic area', meaning: 'die area no modelled block explains, in proportion to the logic blocks' },
    { name: 'rating.training', value: fit.knobs.rating.training, unit: '× peak power', meaning: 'TDP ÷ peak power of a training part (TPUv2, TPU-v3)' },
    { name: 'rating.inference', value: fit.knobs.rating.inference, unit: '× peak power', meaning: 'TDP ÷ peak power of an inference part (TPUv4i)' },
  ];
  return { rows, knobs };
}
