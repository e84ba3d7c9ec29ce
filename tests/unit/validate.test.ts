// `fast validate` and `fast sensitivity` (docs/validation.md, docs/model.md §3.6): every validation row within its
// tolerance, enough rows and sources, docs/validation.md generated from the model and current, the sensitivity
// tornado re-fitting the knobs, and one clear line for bad input.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCore } from '../../shared/core/loader';
import { validationReport } from '../../shared/api/validate';
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
  const report = validationReport(core, oracleCsv());

  it('at least 12 rows from at least 4 public sources, each with a link', () => {
    expect(report.rows.length).toBeGreaterThanOrEqual(12);
    expect(new Set(report.rows.map((r) => r.source)).size).toBeGreaterThanOrEqual(4);
    for (const r of report.rows) expect(r.sourceUrl, r.id).toMatch(/^https:\/\//);
    expect(new Set(report.rows.map((r) => r.id)).size).toBe(report.rows.length);
  });

  it('every row is within its tolerance', () => {
    const out = report.rows.filter((r) => !r.ok).map((r) => `${r.id}: model ${r.model} vs ${r.published} (${(r.error * 100).toFixed(1)}%)`);
    expect(out).toEqual([]);
  });

  it('ok is recomputed from the numbers, not asserted', () => {
    for (const r of report.rows) {
      expect(r.error, r.id).toBeCloseTo(r.model / r.published - 1, 12);
      if (r.publishedRange) expect(r.ok).toBe(r.model >= r.publishedRange[0] && r.model <= r.publishedRange[1]);
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
    const bad = validationReport(core, [csv[0], f.join(','), ...csv.slice(2)].join('\n'));
    const row = bad.rows.find((r) => r.id === 'scalesim.cycles')!;
    expect(row.model).toBe(row.published - 1);
    expect(row.ok).toBe(false);
  });

  it('bad oracle text is one clear line, not a trap', () => {
    expect(() => validationReport(core, 'not a csv')).toThrow(/SCALE-Sim oracle: expected the CSV/);
    const csv = oracleCsv().trim().split('\n');
    const cols = csv[0].split(',');
    const f = csv[1].split(',');
    f[cols.indexOf('gemm_M')] = '-5';
    expect(() => validationReport(core, [csv[0], f.join(',')].join('\n'))).toThrow(/SCALE-Sim oracle row 2/);
  });

  it('docs/validation.md is generated from the model and current (npm run validation:doc)', async () => {
    expect(readFileSync(new URL('../../docs/validation.md', import.meta.url), 'utf8')).toBe(await validationDoc());
  });

  it('the CLI prints the table with a summary, and --json the same rows', async () => {
    const t = await run(['validate']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(new RegExp(`${report.rows.length} of ${report.rows.length} rows within tolerance`));
    const j = await run(['validate', '--json']);
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.out) as typeof report;
    expect(parsed.rows.map((r) => r.id)).toEqual(report.rows.map((r) => r.id));
    expect(parsed.rows.map((r) => r.model)).toEqual(report.rows.map((r) => r.model));
  });
});

describe('fast sensitivity', async () => {
  const core = await loadCore();
  const r = sensitivityReport(core, undefined, { workload: zooWorkload('teaching-cnn'), hardware: { ...PRESETS['tpu-v2'], batch: 8 }, hardwareName: 'tpu-v2' });

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
    const self = sensitivityReport(core, undefined, { workload: zooWorkload('teaching-cnn'), hardware: { ...PRESETS['tpu-v3'], batch: 8 }, hardwareName: 'tpu-v3' });
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
