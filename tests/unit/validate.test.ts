// `fast validate` and `fast sensitivity` (docs/validation.md, docs/model.md §3.6): every validation row within its
// tolerance (one test per row, named by its id, so a row out of tolerance is named by the failing test), enough rows
// and sources, the performance rows (MLPerf, LLMCompass's vector operators, the depthwise split, TPUv4i's CMEM) present
// and computed from the model, docs/validation.md generated from the model and current, the sensitivity tornado
// re-fitting the knobs, and one clear line for bad input.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCore } from '../../shared/core/loader';
import { validationReport, KNOWN_DISAGREEMENTS, MLPERF_ROWS, VECTOR_OPS, VECTOR_OP_ONLINE_SOFTMAX, DEPTHWISE_SPLIT, CMEM } from '../../shared/api/validate';
import { singleOpId, singleOpWorkload } from '../../shared/api/validation-ops';
import { loadHighs } from '../../shared/compiler/solver';
import { simulate } from '../../shared/api/simulate';
import { NO_PASSES } from '../../shared/compiler/passes';
import { sensitivityReport } from '../../shared/api/sensitivity';
import { ASSUMPTIONS, PRESETS } from '../../shared/hardware';
import { zooWorkload } from '../../shared/workload';
import { main } from '../../cli/main';
import { oracleCsv } from '../oracle/scalesim';
import { validationDoc } from '../../scripts/validation-doc';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('fast validate', async () => {
  const core = await loadCore();
  const highs = await loadHighs();
  const report = validationReport(core, oracleCsv(), highs);

  it('at least 12 rows from at least 4 public sources, each with a link', () => {
    expect(report.rows.length).toBeGreaterThanOrEqual(12);
    expect(new Set(report.rows.map((r) => r.source)).size).toBeGreaterThanOrEqual(4);
    for (const r of report.rows) expect(r.sourceUrl, r.id).toMatch(/^https:\/\//);
    expect(new Set(report.rows.map((r) => r.id)).size).toBe(report.rows.length);
  });

  // One test per row: a row outside its tolerance fails its own test, named by the row.
  for (const r of report.rows) {
    const band = r.band ? `${(r.band[0] * 100).toFixed(0)}%…+${(r.band[1] * 100).toFixed(0)}%` : r.publishedRange ? `${r.publishedRange[0]}…${r.publishedRange[1]}` : r.tolerance === 0 ? 'exact' : `${r.oneSided ? '≥ −' : '±'}${(r.tolerance * 100).toFixed(0)}%`;
    if (r.knownDisagreement) {
      it(`row ${r.id} is a known disagreement: a soft row, out of its tolerance (${band}), with its reason`, () => {
        expect(r.kind).toBe('soft');
        expect(r.ok, `${r.id} now agrees (${r.model}): remove it from KNOWN_DISAGREEMENTS`).toBe(false);
        expect(r.knownDisagreement).toMatch(/.{80}/);
      });
      continue;
    }
    it(`row ${r.id} is within its tolerance (${band})`, () => {
      const detail = `${r.id}: model ${r.model} vs published ${r.published} ${r.unit} (${(r.error * 100).toFixed(1)}%)`;
      if (r.publishedRange) {
        expect(r.model, detail).toBeGreaterThanOrEqual(r.publishedRange[0]);
        expect(r.model, detail).toBeLessThanOrEqual(r.publishedRange[1]);
      } else if (r.kind === 'oracle') {
        expect(r.model, detail).toBe(r.published);
      } else if (r.oneSided) {
        expect(r.error, detail).toBeGreaterThanOrEqual(-r.tolerance - 1e-12);
      } else {
        expect(Math.abs(r.error), detail).toBeLessThanOrEqual(r.tolerance + 1e-12);
      }
    });
  }

  it('the performance rows are all there, each with its source, its tolerance\'s reason and a model number', () => {
    const ids = [
      ...MLPERF_ROWS.map((m) => m.id),
      ...VECTOR_OPS.map((v) => `vector.${singleOpId(v.op)}`),
      ...DEPTHWISE_SPLIT.workloads.flatMap((w) => [`split.${w}.depthwise`, `split.${w}.conv`]),
      ...CMEM.workloads.map((w) => `cmem.onoff.${w.name}`),
      ...CMEM.sweep.map((p) => `cmem.sweep.${p.mib}`),
    ];
    expect(ids).toEqual(expect.arrayContaining(['mlperf.resnet50-v1.5.offline', 'mlperf.ssd-resnet34.offline', 'vector.softmax.4096x32768',
      'vector.layernorm.4096x4096', 'vector.gelu.134217728', 'split.efficientnet-b7.depthwise', 'cmem.onoff.resnet50-v1.5', 'cmem.sweep.0', 'cmem.sweep.16', 'cmem.sweep.72']));
    for (const id of ids) {
      const r = report.rows.find((x) => x.id === id);
      expect(r, id).toBeDefined();
      expect(Number.isFinite(r!.model) && r!.model > 0, id).toBe(true);
      expect(r!.toleranceReason, id).toMatch(/.{40}/);
      expect(r!.note, id).toBeTruthy();
    }
  });

  it('the MLPerf rows: the model × η, η fitted on ResNet-50 v1.5 (±10% of 8,179/s), SSD one-sided (the network alone may be faster)', () => {
    const ideal = (w: string, batch: number) => simulate(core, highs, { workload: zooWorkload(w), hardware: { ...PRESETS['tpu-v3'], batch }, hardwareName: 'tpu-v3', passes: NO_PASSES }).throughputPerSecond;
    const eta = report.knobs.find((k) => k.name === 'systemEfficiency')!.value;
    const rn = report.rows.find((r) => r.id === 'mlperf.resnet50-v1.5.offline')!;
    expect([rn.published, rn.tolerance, rn.kind, rn.leaveOneOutError]).toEqual([8179, 0.1, 'fitted', null]);
    // η is measured ÷ modelled on the one row that fits it, and it is a plausible efficiency (not a free scale)
    expect(eta).toBeCloseTo(8179 / ideal('resnet50-v1.5', 512), 12);
    expect(eta).toBeGreaterThan(0.6);
    expect(eta).toBeLessThanOrEqual(1);
    expect(rn.model).toBeCloseTo(ideal('resnet50-v1.5', 512) * eta, 9);
    expect(rn.note).toMatch(/ideal runtime gives [\d,.]+\/s \(\+\d+\.\d%\)/);
    const ssd = report.rows.find((r) => r.id === 'mlperf.ssd-resnet34.offline')!;
    expect([ssd.published, ssd.tolerance, ssd.oneSided, ssd.kind, ssd.publishedRange]).toEqual([164.1, 0.1, true, 'check', undefined]);
    expect(ssd.model).toBeCloseTo(ideal('ssd-resnet34', 256) * eta, 9);
    expect(ssd.ok).toBe(ssd.error >= -0.1);
  });

  it('the vector-operator rows are model vs model: issue slots per element against LLMCompass\'s cost per element, the whole times in the note', () => {
    for (const v of VECTOR_OPS) {
      const r = report.rows.find((x) => x.id === `vector.${singleOpId(v.op)}`)!;
      expect(r.kind).toBe('model');
      expect(r.note).toMatch(/^model vs model \(LLMCompass's TPU-v3 model; no TPU-v3 measurement published\)/);
      expect(r.published).toBe(v.flopsPerElement);
      expect(r.tolerance).toBe(0.25);
      const online = v.op.kind === 'softmax' && VECTOR_OP_ONLINE_SOFTMAX;
      const one = simulate(core, highs, { workload: singleOpWorkload(v.op), hardware: { ...PRESETS['tpu-v3'], batch: 2 }, hardwareName: 'tpu-v3', passes: NO_PASSES, onlineSoftmax: online });
      const elements = (v.op.kind === 'gelu' ? v.op.elements : v.op.rows * v.op.length) * 2;
      expect(r.model).toBeCloseTo(one.ops[0].vectorOps / elements, 9);
      expect(r.note).toContain(`${v.simulatedUs - v.fixedUs} µs`);
    }
  });

  it('the depthwise split is soft (±15 points), and its two shares of one workload add up to 100%', () => {
    for (const w of DEPTHWISE_SPLIT.workloads) {
      const dw = report.rows.find((r) => r.id === `split.${w}.depthwise`)!, conv = report.rows.find((r) => r.id === `split.${w}.conv`)!;
      expect(dw.kind).toBe('soft');
      expect(dw.publishedRange).toEqual([65.3 - 15, 65.3 + 15]);
      expect(dw.model + conv.model).toBeCloseTo(100, 9);
      expect(dw.note).toMatch(/FLOPs: depthwise \d+\.\d% /);
    }
  });

  it('the CMEM sweep point at 0 MiB is the geometric mean of the on/off ratios\' reciprocals (the same simulations)', () => {
    const onOff = CMEM.workloads.map((w) => report.rows.find((r) => r.id === `cmem.onoff.${w.name}`)!.model);
    const zero = report.rows.find((r) => r.id === 'cmem.sweep.0')!;
    expect(zero.model).toBeCloseTo(Math.exp(-onOff.reduce((a, x) => a + Math.log(x), 0) / onOff.length), 9);
  });

  it('every known disagreement names a row of the report, and only soft rows may be out', () => {
    for (const id of Object.keys(KNOWN_DISAGREEMENTS)) expect(report.rows.find((r) => r.id === id), id).toBeDefined();
    for (const r of report.rows.filter((x) => !x.ok)) expect([r.id, r.kind, !!r.knownDisagreement]).toEqual([r.id, 'soft', true]);
  });

  it('a report computed again (simulations shared through the cache) has the same rows', () => {
    expect(validationReport(core, oracleCsv(), highs)).toEqual(report);
  });

  it('a single-op workload with a bad shape is one clear line', () => {
    expect(() => singleOpWorkload({ kind: 'softmax', rows: 0, length: 8 })).toThrow(/^single-op workload: rows must be a positive whole number \(got 0\)$/);
    expect(() => singleOpWorkload({ kind: 'gelu', elements: 1.5 })).toThrow(/elements must be a positive whole number \(got 1\.5\)/);
  });

  it('ok is recomputed from the numbers, not asserted', () => {
    for (const r of report.rows) {
      expect(r.error, r.id).toBeCloseTo(r.model / r.published - 1, 12);
      if (r.publishedRange) expect(r.ok).toBe(r.model >= r.publishedRange[0] && r.model <= r.publishedRange[1]);
      else if (r.oneSided) expect(r.ok, r.id).toBe(r.error >= -r.tolerance - 1e-12);
      else if (r.kind !== 'oracle') expect(r.ok, r.id).toBe(Math.abs(r.error) <= r.tolerance + 1e-12);
    }
  });

  it('every real preset has an area and a TDP row within ±15% (TPUv4i\'s 175 W included); the fitted ones carry leave-one-out errors', () => {
    for (const [name, info] of Object.entries({ 'tpu-v2': 280, 'tpu-v3': 450, tpuv4i: 175 })) {
      const area = report.rows.find((r) => r.id === `area.${name}`)!;
      const tdp = report.rows.find((r) => r.id === `tdp.${name}`)!;
      expect(tdp.published).toBe(info);
      expect(Math.abs(area.error)).toBeLessThanOrEqual(0.15);
      expect(Math.abs(tdp.error)).toBeLessThanOrEqual(0.15);
      expect(area.leaveOneOutError).toEqual(expect.any(Number));
      expect(tdp.leaveOneOutError === null || typeof tdp.leaveOneOutError === 'number').toBe(true);
    }
  });

  it('TPU-v3\'s average power on the busy workload lies inside the measured 123–262 W', () => {
    const r = report.rows.find((x) => x.id === 'power.tpu-v3.busy')!;
    expect(r.publishedRange).toEqual([123, 262]);
    expect(r.model).toBeGreaterThan(123);
    expect(r.model).toBeLessThan(262);
  });

  it('the SCALE-Sim rows count real matches: a corrupted oracle case is counted as a miss', () => {
    const csv = oracleCsv().trim().split('\n');
    const cols = csv[0].split(',');
    const i = cols.indexOf('total_cycles');
    const f = csv[1].split(',');
    f[i] = String(Number(f[i]) + 1);
    const bad = validationReport(core, [csv[0], f.join(','), ...csv.slice(2)].join('\n'), highs);
    const row = bad.rows.find((r) => r.id === 'scalesim.cycles')!;
    expect(row.model).toBe(row.published - 1);
    expect(row.ok).toBe(false);
  });

  it('bad oracle text is one clear line, not a trap', () => {
    expect(() => validationReport(core, 'not a csv', highs)).toThrow(/SCALE-Sim oracle: expected the CSV/);
    const csv = oracleCsv().trim().split('\n');
    const cols = csv[0].split(',');
    const f = csv[1].split(',');
    f[cols.indexOf('gemm_M')] = '-5';
    expect(() => validationReport(core, [csv[0], f.join(',')].join('\n'), highs)).toThrow(/SCALE-Sim oracle row 2/);
  });

  it('docs/validation.md is generated from the model and current (npm run validation:doc)', async () => {
    expect(readFileSync(new URL('../../docs/validation.md', import.meta.url), 'utf8')).toBe(await validationDoc());
  });

  it('the CLI prints the table with a summary, and --json the same rows; exit 1 naming the rows out of tolerance, if any', async () => {
    const ok = report.rows.filter((r) => r.ok).length;
    const out = report.rows.filter((r) => !r.ok && !r.knownDisagreement).map((r) => r.id);
    const t = await run(['validate']);
    expect(t.code).toBe(out.length ? 1 : 0);
    expect(t.out).toMatch(new RegExp(`${ok} of ${report.rows.length} rows within tolerance`));
    if (out.length) expect(t.err).toContain(out.join(', '));
    const j = await run(['validate', '--json']);
    expect(j.code).toBe(out.length ? 1 : 0);
    const parsed = JSON.parse(j.out) as typeof report;
    expect(parsed.rows.map((r) => r.id)).toEqual(report.rows.map((r) => r.id));
    expect(parsed.rows.map((r) => r.model)).toEqual(report.rows.map((r) => r.model));
  });
});

describe('fast sensitivity', async () => {
  const core = await loadCore();
  const highs = await loadHighs();
  const r = sensitivityReport(core, highs, { workload: zooWorkload('teaching-cnn'), hardware: { ...PRESETS['tpu-v2'], batch: 8 }, hardwareName: 'tpu-v2' });

  it('one row per assumption with its documented range, sorted by swing', () => {
    expect(r.rows.map((x) => x.path).sort()).toEqual(Object.keys(ASSUMPTIONS).map((k) => `assumed.${k}`).sort());
    for (const x of r.rows) {
      const a = ASSUMPTIONS[x.path.slice('assumed.'.length) as keyof typeof ASSUMPTIONS];
      expect([x.low, x.value, x.high]).toEqual([a.low, a.value, a.high]);
      expect(Number.isFinite(x.gainLow) && Number.isFinite(x.gainHigh)).toBe(true);
    }
    const swings = r.rows.map((x) => Math.abs(x.gainHigh - x.gainLow));
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    expect(swings[0]).toBeGreaterThan(0);
  });

  it('tpu-v3 against itself (same software) has gain 1 under every assumption: the re-fit keeps both sides on one table', () => {
    const self = sensitivityReport(core, highs, { workload: zooWorkload('teaching-cnn'), hardware: { ...PRESETS['tpu-v3'], batch: 8 }, hardwareName: 'tpu-v3' });
    // all passes vs baseline software: a software-only gain, the same under every cost assumption
    for (const x of self.rows) {
      expect(x.gainLow).toBeCloseTo(self.gain, 9);
      expect(x.gainHigh).toBeCloseTo(self.gain, 9);
    }
  });

  it('the CLI: a table by default, JSON with --json, one line for bad flags', async () => {
    const t = await run(['sensitivity', '--workload', 'teaching-cnn', '--hardware', 'teaching-8x8']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/Perf\/TDP [\d.]+× tpu-v3/);
    const j = await run(['sensitivity', '--workload', 'teaching-cnn', '--hardware', 'teaching-8x8', '--json']);
    expect(JSON.parse(j.out).rows).toHaveLength(Object.keys(ASSUMPTIONS).length);
    for (const argv of [['sensitivity'], ['sensitivity', '--workload', 'teaching-cnn', '--batch', '0'], ['sensitivity', '--workload', 'nope'], ['sensitivity', '--workload', 'teaching-cnn', '--hardware', 'tpu-v9']]) {
      const b = await run(argv);
      expect(b.code, argv.join(' ')).toBe(2);
      expect(b.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });
});
