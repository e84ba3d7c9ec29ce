// SCALE-Sim mode (issue 18): the worker API's scalesimMode is what `fast scalesim` prints (the CLI calls it), bad input
// is one line, the per-layer "why they differ" line is computed from the layer's numbers (shared/api/scalesim-compare.ts),
// and a topology imported with its .cfg keeps both texts (also in the saved record) for the Import view's panel.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { createSimApi } from '../../shared/api/worker-api';
import { compareLayer, scalesimFolds, type NativeLayer } from '../../shared/api/scalesim-compare';
import { ScalesimInputError, type ScalesimRow } from '../../shared/api/scalesim-mode';
import { parseScalesimConfig, type ScalesimLayer } from '../../shared/workload/importers/scalesim';
import { importScalesimCsv } from '../../shared/workload/importers/scalesim-workload';
import { designFromScalesimConfig, importFiles, toImported, validateImportRecord } from '../../web/src/lib/import-files';
import { nativeOpsFor } from '../../web/src/state/scalesim-mode.svelte';

const FC_CSV = 'Layer name, M, N, K,\nfc1, 1, 1000, 2048,\n';
const cfg = (o: { rows?: number; cols?: number; dataflow?: string; mode?: string; bandwidth?: string } = {}) => [
  '[general]', 'run_name = fc', '', '[architecture_presets]', `ArrayHeight: ${o.rows ?? 32}`, `ArrayWidth: ${o.cols ?? 32}`,
  'IfmapSramSzkB: 64', 'FilterSramSzkB: 64', 'OfmapSramSzkB: 64', 'IfmapOffset: 0', 'FilterOffset: 10000000', 'OfmapOffset: 20000000',
  `Dataflow: ${o.dataflow ?? 'ws'}`, ...(o.bandwidth === undefined ? ['Bandwidth: 10'] : o.bandwidth ? [`Bandwidth: ${o.bandwidth}`] : []), '',
  '[run_presets]', `InterfaceBandwidth: ${o.mode ?? 'CALC'}`, '',
].join('\n');
const CONV_CSV = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n'
  + 'conv1, 58, 58, 3, 3, 64, 128, 1,\nconvDP, 30, 30, 3, 3, 32, 1, 1,\nfc, 1, 1, 1, 1, 4096, 1000, 1,\n';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('SCALE-Sim mode: one code path for `fast scalesim` and the page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalesim-mode-'));
  const api = createSimApi();

  it('the worker API\'s scalesimMode gives exactly the rows `fast scalesim --json` prints (CALC and USER, conv, DP and GEMM rows)', async () => {
    for (const [name, csv, c] of [['fc', FC_CSV, cfg()], ['conv', CONV_CSV, cfg({ rows: 128, cols: 128, mode: 'USER', bandwidth: '4' })], ['os', CONV_CSV, cfg({ dataflow: 'os' })]] as const) {
      writeFileSync(join(dir, `${name}.csv`), csv);
      writeFileSync(join(dir, `${name}.cfg`), c);
      const r = await cli(['scalesim', '--topology', join(dir, `${name}.csv`), '--config', join(dir, `${name}.cfg`), '--json']);
      expect(r.code, r.err).toBe(0);
      const mode = await api.scalesimMode({ topology: csv, config: c });
      expect(JSON.parse(r.out)).toEqual(mode.rows);
      expect(mode.layers.map((l) => l.name)).toEqual(mode.rows.map((x) => x.layer));
    }
    // the issue's FC layer: 194,559 cycles on a 32×32 ws array
    expect((await api.scalesimMode({ topology: FC_CSV, config: cfg() })).rows[0].totalCycles).toBe(194_559);
  }, 60_000);

  it('bad input is one line naming the problem (and a usage error, exit 2, in the CLI)', async () => {
    await expect(api.scalesimMode({ topology: FC_CSV, config: cfg({ mode: 'USER', bandwidth: '' }) })).rejects.toThrow(/^config: InterfaceBandwidth USER needs \[architecture_presets\] Bandwidth/);
    await expect(api.scalesimMode({ topology: FC_CSV, config: cfg({ mode: 'USER', bandwidth: '' }) })).rejects.toBeInstanceOf(ScalesimInputError);
    await expect(api.scalesimMode({ topology: 'Layer name, M, N, K,\nfc1, 1, x, 2,\n', config: cfg() })).rejects.toThrow(/^[^\n]+$/);
    await expect(api.scalesimMode({ topology: 3, config: cfg() })).rejects.toThrow(/topology must be the CSV's text/);
    await expect(api.scalesimMode(null)).rejects.toThrow(/expected \{ topology, config \}/);
    writeFileSync(join(dir, 'user.cfg'), cfg({ mode: 'USER', bandwidth: '' }));
    writeFileSync(join(dir, 'fc.csv'), FC_CSV);
    const r = await cli(['scalesim', '--topology', join(dir, 'fc.csv'), '--config', join(dir, 'user.cfg')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('why SCALE-Sim and the native model differ, per layer (shared/api/scalesim-compare.ts)', () => {
  const config = parseScalesimConfig(cfg()).config;
  const fc: ScalesimLayer = { name: 'fc1', m: 1, n: 1000, k: 2048, sublayers: 1 };
  const row = (o: Partial<ScalesimRow> = {}): ScalesimRow => ({
    layer: 'fc1', totalCycles: 194_559, stallCycles: 0, computeUtilizationPct: 0.775, mappingEfficiencyPct: 97.66, overallUtilizationPct: 1.028, macs: 2_048_000,
    dramIfmapReads: 2048, dramFilterReads: 2_048_000, dramOfmapWrites: 64_031, avgIfmapDramWordsPerCycle: null, avgFilterDramWordsPerCycle: null, avgOfmapDramWordsPerCycle: null, approximate: [], ...o,
  });
  const op = (o: Partial<NativeLayer> = {}): NativeLayer => ({
    name: 'fc1', cycles: 66_679, computeCycles: 65_598, vectorCycles: 0, dramCycles: 4349, gmemCycles: 0, localCycles: 100, overheadCycles: 940,
    bound: 'compute', utilization: 0.03, dramBytes: 4_100_000, schedule: { unit: 'systolic', pack: 1 }, ...o,
  });

  it('SCALE-Sim\'s fold structure (docs/model.md §1) for each dataflow', () => {
    expect(scalesimFolds(fc, config)).toEqual({ folds: 64 * 32, t: 1, perFold: 2 * 32 + 32 + 1 - 2, fillDrain: 94, kFolds: 64 });
    expect(scalesimFolds(fc, { ...config, dataflow: 'os' })).toEqual({ folds: 1 * 32, t: 2048, perFold: 2048 + 62, fillDrain: 62, kFolds: 1 });
    expect(scalesimFolds({ ...fc, sublayers: 3 }, { ...config, dataflow: 'is' })).toEqual({ folds: 64 * 1 * 3, t: 1000, perFold: 1094, fillDrain: 94, kFolds: 64 });
  });

  it('the issue\'s FC layer: per-fold fill/drain, the native fold\'s weight load, partial sums — each with its numbers', () => {
    const c = compareLayer(fc, config, row(), op());
    expect(c.ratio).toBeCloseTo(194_559 / 66_679, 10);
    expect(c.reason).toBe('SCALE-Sim takes 2.92× the native cycles: SCALE-Sim runs 2,048 folds one after another, each paying 94 cycles of fill and drain (192,512 in all); '
      + 'the native model overlaps the next fold\'s weight load and pays fill/drain once (62); a native fold lasts at least the 32 cycles its weight load takes (this layer streams only 1 per fold); '
      + 'SCALE-Sim writes each output 64 times as partial sums (64,031 DRAM words); the native model keeps them in its accumulators.');
  });

  it('the line follows the layer\'s numbers: stalls, a DRAM-bound native op, the vector unit, the per-op overhead, a faster SCALE-Sim', () => {
    const user = { ...config, interfaceBandwidth: 'USER' as const, dramWordsPerCycle: 4 };
    const stalled = compareLayer(fc, user, row({ totalCycles: 500_000, stallCycles: 305_441 }), op());
    expect(stalled.reason).toMatch(/^SCALE-Sim takes 7\.5× the native cycles: SCALE-Sim stalls 305,441 cycles on DRAM at the \.cfg's 4 words\/cycle \(USER mode\); SCALE-Sim runs 2,048 folds/);
    const dram = compareLayer(fc, config, row(), op({ bound: 'memory', cycles: 300_000, dramCycles: 299_000, dramBytes: 8_000_000 }));
    expect(dram.reason).toMatch(/^The native model takes 1\.54× SCALE-Sim's cycles: in the native model it is DRAM-bound: 299,000 cycles moving 8,000,000 bytes of 2-byte bf16 words at the design's DRAM bandwidth \(SCALE-Sim's CALC mode has no DRAM stalls\); SCALE-Sim runs/);
    const dp: ScalesimLayer = { name: 'convDP', m: 784, n: 1, k: 9, sublayers: 32 };
    const vec = compareLayer(dp, config, row({ layer: 'convDP', totalCycles: 37_280, dramOfmapWrites: 25_088 }), op({ name: 'convDP', cycles: 1160, computeCycles: 0, vectorCycles: 221, bound: 'overhead', schedule: { unit: 'vector', pack: 1 } }));
    expect(vec.reason).toBe('SCALE-Sim takes 32× the native cycles: the native model runs this layer on the vector unit (221 cycles), not on the array SCALE-Sim folds it onto 32 times; '
      + 'in the native model its fixed per-op overhead (940 cycles, which SCALE-Sim does not count) exceeds its work.');
    const same = compareLayer(fc, config, row({ totalCycles: 66_679 }), op());
    expect(same.reason).toMatch(/^The same cycles: /);
    expect(new Set([stalled, dram, vec, same].map((x) => x.reason)).size).toBe(4);
  });
});

describe('an import with its .cfg keeps both texts for SCALE-Sim mode', () => {
  it('importFiles returns them, the saved record keeps them, a malformed saved pair is refused with one line', async () => {
    const w = await importFiles([new File([FC_CSV], 'fc.csv'), new File([cfg()], 'fc.cfg')], []);
    expect(w.scalesimSources).toEqual({ topology: FC_CSV, config: cfg() });
    expect((await importFiles([new File([FC_CSV], 'fc.csv')], [])).scalesimSources).toBeUndefined();
    const record = { spec: w.spec, files: w.files, config: w.config, scalesimSources: w.scalesimSources };
    expect(toImported(validateImportRecord(JSON.parse(JSON.stringify(record)))).scalesimSources).toEqual(w.scalesimSources);
    expect(() => validateImportRecord({ ...record, scalesimSources: { topology: 1 } })).toThrow(/^the saved import's SCALE-Sim texts are malformed$/);
  });

  it('the native model\'s op for each layer is found by the importer\'s op name (one op per layer, in order)', async () => {
    const spec = importScalesimCsv(CONV_CSV, { name: 'conv' });
    const design = designFromScalesimConfig(parseScalesimConfig(cfg({ rows: 128, cols: 128 })).config);
    if (!('spec' in design)) throw new Error(design.reason);
    const report = await createSimApi().simulate({ workload: spec, hardware: design.spec, batch: 1, passes: 'all' });
    const ops = nativeOpsFor({ spec } as Parameters<typeof nativeOpsFor>[0], report);
    expect(ops.map((o) => o?.name)).toEqual(['conv1', 'convDP', 'fc']);
  }, 60_000);
});
