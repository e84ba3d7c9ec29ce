// End to end, the views of issue 9 on the production build served from a sub-path (headless Chromium, playwright-core):
// - Search: a seeded 200-trial study on EfficientNet-B0 runs in the page with visible progress, survives a reload
//   mid-way (resumed from its IndexedDB checkpoint, no saved trial lost) and ends with exactly the result of
//   `fast search` with the same flags (run here through the CLI's main()); its exports (trials CSV, Pareto CSV, the
//   best design as a hardware file that `fast simulate --hardware` accepts and prices identically, a chart as SVG);
//   a trial opens in Explore with the same gain and the energy per inference `fast simulate` reports; a damaged
//   saved search is reported with a choice;
// - Compare: presets and the search's best side by side, TPU-v3 with the baseline software at exactly 1×, the
//   search's gain reproduced, energy per inference, peak power and own area as `fast simulate` reports them, a per-op
//   diff with A's and B's design-level numbers;
// - ROI: break-even and TCOs equal `fast roi` for the same inputs;
// - Import: a small ONNX model (built here with onnx-proto) dropped on the page shows its ops, MACs and warnings,
//   opens in Explore and survives a reload; a model with dynamic H and W is refused with the input-shape fields open,
//   imports with the sizes typed there (the MACs of `importOnnx` with the same sizes), and the saved import
//   remembers them; a corrupt, an unsupported and an oversized file give clear errors;
// - a screenshot of every view (test-results/tour-*.png; README's tour uses them), and no console errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import onnxProto from 'onnx-proto';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium';
import { serveStatic } from './static-server';
import { main } from '../../cli/main';
import { importOnnx, importScalesimCsv, importTimeloop, workloadCounts } from '../../shared/workload/index';
import { joules, num } from '../../web/src/lib/format';

import { BASE, DIST, haveBrowser } from './setup';

const SEED = 7;
const TRIALS = 200;

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** A small CNN as PyTorch exports it, with one op the importer does not support (LRN). */
function tinyOnnx(): Uint8Array {
  const { onnx } = onnxProto;
  const node = (opType: string, input: string[], output: string[], attrs: Record<string, number | number[]> = {}) => ({
    opType, input, output, name: `/${output[0]}/${opType}`,
    attribute: Object.entries(attrs).map(([name, v]) => (Array.isArray(v) ? { name, type: 7, ints: v } : { name, type: 2, i: v })),
  });
  const w = (name: string, dims: number[]) => ({ name, dims, dataType: 1 });
  const m = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny-cnn',
      node: [
        node('Conv', ['x', 'w1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [2, 2] }),
        node('Relu', ['c1'], ['r1']),
        node('LRN', ['r1'], ['n1'], { size: 3 }),
        node('Conv', ['n1', 'wd'], ['d2'], { group: 16, kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
        node('Conv', ['d2', 'wp'], ['p2']),
        node('Relu', ['p2'], ['r2']),
        node('GlobalAveragePool', ['r2'], ['g']),
        node('Flatten', ['g'], ['f'], { axis: 1 }),
        node('Gemm', ['f', 'wf', 'bf'], ['logits'], { transB: 1 }),
        node('Softmax', ['logits'], ['prob'], { axis: 1 }),
      ],
      initializer: [w('w1', [16, 3, 3, 3]), w('wd', [16, 1, 3, 3]), w('wp', [32, 16, 1, 1]), w('wf', [10, 32]), w('bf', [10])],
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }, { dimValue: 64 }, { dimValue: 64 }] } } } }],
      output: [],
    },
  });
  return onnx.ModelProto.encode(m).finish();
}

/** A CNN exported with dynamic H and W (dynamic_axes {0: N, 2: H, 3: W}), flattened by a Reshape computed from Shape. */
function dynamicOnnx(): Uint8Array {
  const { onnx } = onnxProto;
  const ints = (name: string, v: number[]) => ({ name, dims: [v.length], dataType: 7, int64Data: v });
  const m = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'dyn-cnn',
      node: [
        { opType: 'Conv', input: ['x', 'w1'], output: ['c1'], name: '/conv1/Conv', attribute: [{ name: 'kernel_shape', type: 7, ints: [3, 3] }, { name: 'pads', type: 7, ints: [1, 1, 1, 1] }, { name: 'strides', type: 7, ints: [2, 2] }] },
        { opType: 'Relu', input: ['c1'], output: ['r1'], name: '/relu/Relu' },
        { opType: 'GlobalAveragePool', input: ['r1'], output: ['g'], name: '/gap/GlobalAveragePool' },
        { opType: 'Shape', input: ['g'], output: ['s'], name: '/Shape' },
        { opType: 'Gather', input: ['s', 'i0'], output: ['n'], name: '/Gather', attribute: [{ name: 'axis', type: 2, i: 0 }] },
        { opType: 'Unsqueeze', input: ['n', 'ax0'], output: ['n1'], name: '/Unsqueeze' },
        { opType: 'Concat', input: ['n1', 'minus1'], output: ['t'], name: '/Concat', attribute: [{ name: 'axis', type: 2, i: 0 }] },
        { opType: 'Reshape', input: ['g', 't'], output: ['f'], name: '/Reshape' },
        { opType: 'Gemm', input: ['f', 'wf'], output: ['logits'], name: '/fc/Gemm', attribute: [{ name: 'transB', type: 2, i: 1 }] },
      ],
      initializer: [{ name: 'w1', dims: [16, 3, 3, 3], dataType: 1 }, { name: 'wf', dims: [10, 16], dataType: 1 }, { name: 'i0', dims: [], dataType: 7, int64Data: [0] }, ints('ax0', [0]), ints('minus1', [-1])],
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }, { dimParam: 'H' }, { dimParam: 'W' }] } } } }],
      output: [],
    },
  });
  return onnx.ModelProto.encode(m).finish();
}

describe.skipIf(!haveBrowser)('Search, Compare, ROI and Import in Chromium, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];
  const pages: Page[] = [];

  const watch = (p: Page) => {
    pages.push(p);
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('crash', () => problems.push('the page crashed'));
    p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    // A reload aborts the workers' fetches in flight (net::ERR_ABORTED): not a failure of the site.
    p.on('requestfailed', (r) => {
      const why = r.failure()?.errorText ?? '';
      if (!r.url().startsWith('blob:') && !why.includes('ERR_ABORTED')) problems.push(`request failed: ${r.url()} (${why})`);
    });
    p.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  };
  const newPage = async () => {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    watch(p);
    return p;
  };
  const text = (id: string, p: Page = page) => p.getByTestId(id).first().textContent();
  const attr = async (id: string, name: string, p: Page = page) => (await p.getByTestId(id).first().getAttribute(name)) ?? '';
  const grab = async (button: () => Promise<void>, p: Page = page) => {
    const [dl] = await Promise.all([p.waitForEvent('download'), button()]);
    const path = `test-results/${dl.suggestedFilename()}`;
    await dl.saveAs(path);
    expect(dl.url().startsWith('blob:')).toBe(true);
    return { name: dl.suggestedFilename(), path, body: readFileSync(path) };
  };
  const tab = async (view: string, p: Page = page) => {
    await p.getByTestId(`tab-${view}`).click();
    await expect.poll(() => p.url()).toContain(`view=${view}`);
  };
  const exploreSettled = (p: Page = page) => p.waitForFunction(() => {
    const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
    return !!r && r.dataset.stale === 'false' && r.dataset.shownKey === r.dataset.wantedKey && Number(r.dataset.ops) > 0 && r.dataset.reference === 'ready';
  }, undefined, { timeout: 60_000 });

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    site = await serveStatic(DIST, BASE);
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    page = await newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  // ------------------------------------------------------------------------------------------------------ Search
  let cliResult: {
    best: { trial: number; hardware: Record<string, unknown>; gainVsTpuV3: number; workloads: { perfPerTdp: number }[] };
    trials: unknown[]; pareto: { trial: number }[]; bestSoFar: unknown[];
  };
  let bestJsonPath = '';

  it(`a seeded ${TRIALS}-trial search on EfficientNet-B0 runs in the page, survives a reload and equals fast search`, async () => {
    const r = await cli(['search', '--workload', 'efficientnet-b0', '--trials', String(TRIALS), '--seed', String(SEED), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    cliResult = JSON.parse(r.out);
    expect(cliResult.trials).toHaveLength(TRIALS);

    await page.goto(`${site.url}?v=1&view=search`);
    await page.getByTestId('search-trials').fill(String(TRIALS));
    await page.getByTestId('search-seed').fill(String(SEED));
    expect(await text('search-cli')).toContain(`npx fast search --workload efficientnet-b0 --trials ${TRIALS} --seed ${SEED} --algorithm evolution`);
    expect(Number(await attr('search-designs', 'data-value'))).toBeGreaterThan(1e13); // the table's whole grid
    await page.getByTestId('search-start').click();
    const root = page.getByTestId('search');
    await expect.poll(() => root.getAttribute('data-phase')).toBe('running');
    // visible progress: the bar, the count, trials per second and an ETA
    await expect.poll(async () => Number(await root.getAttribute('data-saved')), { timeout: 60_000 }).toBeGreaterThanOrEqual(48);
    expect(await text('search-count')).toMatch(new RegExp(`^\\d+ / ${TRIALS}$`));
    expect(Number(await text('search-rate'))).toBeGreaterThan(0);
    expect(await text('search-eta')).toMatch(/^\d+:\d\d$/);
    // the scatter's trials: marked ones as elements, the plain feasible ones in its dot cloud (charts/DotCloud.svelte)
    const plotted = await page.getByTestId('trial-point').count() + Number(await page.getByTestId('trial-cloud').getAttribute('data-count'));
    expect(plotted).toBeGreaterThan(20);
    expect(await text('search-best-gain')).toMatch(/×$/);
    // Nothing animates while a search runs: a running animation makes Chromium draw every frame, on the CPU the
    // simulation workers need (web/src/views/search/ProgressCard.svelte).
    expect(await page.evaluate(() => document.getAnimations().map((a) => (a as CSSAnimation).animationName ?? a.id))).toEqual([]);
    await page.screenshot({ path: 'test-results/search-running.png' });

    const saved = Number(await root.getAttribute('data-saved'));
    expect(saved).toBeLessThan(TRIALS);
    await page.reload();
    const again = page.getByTestId('search');
    await expect.poll(() => again.getAttribute('data-phase'), { timeout: 20_000 }).toBe('running');
    const resumed = Number(await again.getAttribute('data-resumed'));
    expect(resumed).toBeGreaterThanOrEqual(saved); // no trial that was saved is lost
    expect(await text('search-progress')).toContain(`resumed from a checkpoint of ${resumed} trials`);
    await expect.poll(() => again.getAttribute('data-phase'), { timeout: 150_000, interval: 500 }).toBe('done');
    expect(await text('search-count')).toBe(`${TRIALS} / ${TRIALS}`);

    // The page's result is fast search's, trial for trial.
    const json = await grab(() => page.getByTestId('export-results-json').click());
    const mine = JSON.parse(json.body.toString('utf8'));
    expect(mine.best.hardware).toEqual(cliResult.best.hardware);
    expect(mine.best.gainVsTpuV3).toBe(cliResult.best.gainVsTpuV3);
    expect(mine.trials).toEqual(cliResult.trials);
    expect(mine.pareto).toEqual(cliResult.pareto);
    expect(mine.bestSoFar).toEqual(cliResult.bestSoFar);
    expect(await attr('trial-detail', 'data-trial')).toBe(String(cliResult.best.trial));
    await page.screenshot({ path: 'test-results/search-done.png', fullPage: true });
  }, 300_000);

  it('exports the trials, the Pareto front, a chart and the best design as a hardware file fast simulate accepts', async () => {
    const csv = await grab(() => page.getByTestId('export-trials-csv').click());
    const lines = csv.body.toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(TRIALS + 1);
    expect(lines[0].split(',').slice(0, 9)).toEqual(['trial', 'batchRound', 'status', 'code', 'reason', 'gainVsTpuV3', 'perfPerTdp', 'areaMm2', 'tdpWatts']);
    const pareto = await grab(() => page.getByTestId('export-pareto-csv').click());
    expect(pareto.body.toString('utf8').trim().split('\n')).toHaveLength(cliResult.pareto.length + 1);
    const svg = await grab(() => page.getByTestId('trial-scatter').getByRole('button', { name: 'SVG' }).click());
    expect(svg.body.toString('utf8')).toContain('<circle');

    const best = await grab(() => page.getByTestId('export-best-json').click());
    bestJsonPath = best.path;
    expect(JSON.parse(best.body.toString('utf8'))).toEqual(cliResult.best.hardware);
    const sim = await cli(['simulate', '--workload', 'efficientnet-b0', '--hardware', best.path, '--json']);
    expect(sim.err).toBe('');
    expect(sim.code).toBe(0);
    const report = JSON.parse(sim.out);
    expect(report.perfPerTdp / cliResult.best.workloads[0].perfPerTdp).toBeCloseTo(1, 12); // the same design, priced and simulated alike
  }, 60_000);

  it('a trial opens in Explore with its design and the same gain over TPU-v3', async () => {
    const b = cliResult.best;
    await page.locator(`[data-testid="trial-point"][data-index="${b.trial}"]`).click();
    expect(await text('trial-detail-title')).toBe(`Best design — trial ${b.trial}`);
    await page.getByTestId('trial-explore').click();
    await expect.poll(() => page.url()).toContain('view=explore');
    await exploreSettled();
    expect(page.url()).toContain(`arrayCols=${b.hardware.arrayCols}`); // links carry the fields that differ from tpu-v3
    expect(await text('param-arrayRows-value')).toBe(`${b.hardware.arrayRows} PEs`);
    expect(await text('param-cores-value')).toBe(String(b.hardware.cores));
    const shown = Number((await text('total-gain'))!.replace('×', ''));
    expect(shown).toBeCloseTo(b.gainVsTpuV3, 2);
    // Energy per inference and the modelled peak: what fast simulate reports for the same design (all passes).
    const sim = JSON.parse((await cli(['simulate', '--workload', 'efficientnet-b0', '--hardware', bestJsonPath, '--json'])).out);
    expect(Number(await attr('total-energy', 'data-value')) / sim.energy.joulesPerInference).toBeCloseTo(1, 12);
    expect(await text('total-energy')).toBe(joules(sim.energy.joulesPerInference));
    expect(Number(await attr('total-peak', 'data-value')) / sim.cost.peakWatts).toBeCloseTo(1, 12);
    expect(await text('total-tdp-unit')).toBe(`W (TDP, ${String(b.hardware.tdpClass)} rating)`);
    await page.goBack();
    await expect.poll(() => page.url()).toContain('view=search');
    await expect.poll(() => page.getByTestId('search').getAttribute('data-phase')).toBe('done');
  }, 60_000);

  // ------------------------------------------------------------------------------------------------------ Compare
  it('Compare: presets and the search\'s best side by side; TPU-v3 with baseline software is exactly 1×', async () => {
    await tab('compare');
    const cmp = page.getByTestId('compare');
    await expect.poll(() => page.getByTestId('compare-design').count()).toBe(3); // the view's code loads on first use
    await page.getByTestId('compare-add-best').click();
    await expect.poll(() => page.getByTestId('compare-design').count()).toBe(4);
    await expect.poll(() => cmp.getAttribute('data-pending'), { timeout: 60_000 }).toBe('0');
    const rows = page.getByTestId('compare-row');
    expect(await rows.count()).toBe(4);
    expect(await rows.nth(0).getByTestId('compare-gain').first().textContent()).toBe('1.00×');
    const bestGain = Number((await rows.nth(3).getByTestId('compare-gain').first().textContent())!.replace('×', ''));
    expect(bestGain).toBeCloseTo(cliResult.best.gainVsTpuV3, 2); // EfficientNet-B0 is the first workload
    expect(await page.getByTestId('compare-bar').count()).toBe(4 * 3);
    // Energy per inference, peak power and own area of the presets on EfficientNet-B0: fast simulate's numbers.
    const batch = await page.getByTestId('compare-batch').inputValue();
    for (const [i, hw, passes] of [[0, 'tpu-v3', 'none'], [2, 'tpuv4i', 'all']] as const) {
      const sim = JSON.parse((await cli(['simulate', '--workload', 'efficientnet-b0', '--hardware', hw, '--passes', passes, '--batch', batch, '--json'])).out);
      const row = rows.nth(i);
      expect(Number(await row.getByTestId('compare-energy').first().getAttribute('data-value')) / sim.energy.joulesPerInference).toBeCloseTo(1, 12);
      expect(await row.getByTestId('compare-energy').first().textContent()).toBe(joules(sim.energy.joulesPerInference));
      expect(await row.getByTestId('compare-peak').textContent()).toBe(num(sim.cost.peakWatts));
      expect(await row.getByTestId('compare-own-area').textContent()).toBe(num(sim.cost.ownAreaMm2));
    }
    await page.getByTestId('diff-b').selectOption({ index: 3 });
    await expect.poll(() => page.getByTestId('diff-row').count()).toBeGreaterThan(10);
    expect(await text('diff-summary')).toMatch(/B is [\d.]+× as fast as A/);
    // A (tpu-v3, baseline software) against B (the search's best): the design-level rows carry both sides' numbers.
    const energyRow = page.locator('[data-testid="diff-metric"][data-metric="energy"]');
    const simA = JSON.parse((await cli(['simulate', '--workload', 'efficientnet-b0', '--hardware', 'tpu-v3', '--passes', 'none', '--batch', batch, '--json'])).out);
    const simB = JSON.parse((await cli(['simulate', '--workload', 'efficientnet-b0', '--hardware', bestJsonPath, '--batch', batch, '--json'])).out);
    expect(Number(await energyRow.getAttribute('data-a')) / simA.energy.joulesPerInference).toBeCloseTo(1, 12);
    expect(Number(await energyRow.getAttribute('data-b')) / simB.energy.joulesPerInference).toBeCloseTo(1, 12);
    expect(await page.getByTestId('diff-metric').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: 'test-results/tour-compare.png' });
  }, 90_000);

  // ------------------------------------------------------------------------------------------------------ ROI
  it('ROI: the chosen design\'s gain by default, and break-even and TCOs equal fast roi for the same inputs', async () => {
    await tab('roi');
    await expect.poll(() => text('roi-from')).toContain(`trial ${cliResult.best.trial}`);
    await page.screenshot({ path: 'test-results/tour-roi.png' });
    await page.getByTestId('roi-source').selectOption('manual');
    const set = async (id: string, v: string) => { await page.getByTestId(id).fill(v); };
    await set('roi-gain', '2.4');
    await set('roi-design-tdp', '300');
    await set('roi-nre-design', '40');
    await set('roi-nre-masks', '5');
    await set('roi-nre-verification', '15');
    await set('roi-nre-software', '20');
    await set('roi-chips', '20000');
    await set('roi-price', '0.08');
    const r = await cli(['roi', '--gain', '2.4', '--design-tdp', '300', '--nre', '80000000', '--chips', '20000', '--usd-per-kwh', '0.08', '--json']);
    expect(r.code).toBe(0);
    const want = JSON.parse(r.out);
    await expect.poll(async () => Number(await attr('roi-break-even', 'data-value'))).toBeCloseTo(want.breakEvenChips, 6);
    expect(Number(await attr('roi-tco-baseline', 'data-value'))).toBeCloseTo(want.tcoBaseline, 3);
    expect(Number(await attr('roi-tco-design', 'data-value'))).toBeCloseTo(want.tcoDesign, 3);
    expect((await text('roi-break-even'))!.replace(/,/g, '')).toBe(String(Math.ceil(want.breakEvenChips)));
    expect(await text('roi-cli')).toBe('npx fast roi --gain 2.4 --design-tdp 300 --nre 80000000 --chips 20000 --usd-per-kwh 0.08');
    expect(await page.locator('[data-testid="roi-curve-line"]').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
  }, 60_000);

  // ------------------------------------------------------------------------------------------------------ Import
  const drop = async (files: { name: string; bytes: Uint8Array }[], p: Page = page) => {
    const dt = await p.evaluateHandle((fs) => {
      const t = new DataTransfer();
      for (const f of fs) t.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      return t;
    }, files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') })));
    const zone = p.getByTestId('drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer: dt });
    await zone.dispatchEvent('drop', { dataTransfer: dt });
  };

  it('Import: a dropped ONNX model shows its ops, MACs, parameters and warnings, then opens in Explore and survives a reload', async () => {
    const bytes = tinyOnnx();
    const expected = importOnnx(bytes, { name: 'tiny-cnn' });
    const counts = workloadCounts(expected);
    await tab('import');
    await expect.poll(() => text('drop-zone')).toContain('Limits: ONNX model 256 MiB');
    await drop([{ name: 'tiny-cnn.onnx', bytes }]);
    await expect.poll(() => page.getByTestId('import').getAttribute('data-phase')).toBe('done');
    expect(await text('import-name')).toBe('tiny-cnn');
    expect(await text('import-ops')).toBe(String(expected.ops.length));
    expect(Number(await attr('import-macs', 'data-value'))).toBe(counts.macs);
    expect(Number(await attr('import-params', 'data-value'))).toBe(counts.params);
    const names = await page.locator('[data-testid="import-op-row"] td.name').allTextContents();
    expect(names).toEqual(expected.ops.map((o) => o.name));
    expect(await text('import-warnings')).toContain('LRN');
    // The import report: operators by type, the skipped LRN with its share of the tensors, both checks agreeing.
    expect(await page.getByTestId('import-report').getAttribute('data-ok')).toBe('true');
    expect(await text('import-report-skipped')).toMatch(/\(LRN\): .*% of the tensors/);
    expect(await page.getByTestId('import-report-check').count()).toBe(2);
    await page.screenshot({ path: 'test-results/tour-import.png' });

    await page.getByTestId('import-explore').click();
    await expect.poll(() => page.url()).toContain('w=tiny-cnn');
    expect(page.url()).toContain('view=explore');
    await exploreSettled();
    expect(await page.getByTestId('workload').inputValue()).toBe('tiny-cnn');
    expect(Number(await page.getByTestId('explore').getAttribute('data-ops'))).toBeGreaterThan(3);
    const throughput = await text('total-throughput');
    await page.reload(); // the import is kept in IndexedDB, so the link still reads
    await exploreSettled();
    expect(await page.getByTestId('link-error').count()).toBe(0);
    expect(await page.getByTestId('workload').inputValue()).toBe('tiny-cnn');
    expect(await text('total-throughput')).toBe(throughput);
  }, 90_000);

  it('Import: a model with dynamic H and W opens the input-shape fields, imports with the sizes typed there, and remembers them', async () => {
    const bytes = dynamicOnnx();
    await tab('import');
    await drop([{ name: 'dyn-cnn.onnx', bytes }]);
    await expect.poll(() => text('import-error')).toContain('dyn-cnn.onnx: onnx: graph input "x" has a symbolic dimension "H" at axis 2 and no size was given');
    expect(await page.getByTestId('import-shapes').getAttribute('open')).not.toBeNull(); // opened: the model needs sizes
    expect(await page.getByTestId('import-shape-input').getAttribute('data-input')).toBe('x');
    expect(await page.getByTestId('import-shape-input').getAttribute('placeholder')).toBe('1,3,H,W');
    expect(await page.getByTestId('import-shape-dim').evaluateAll((els) => els.map((e) => e.getAttribute('data-dim')))).toEqual(['N', 'H', 'W']);
    await page.screenshot({ path: 'test-results/import-shapes.png' });

    // A bad size is one line naming the field; the shape field, then the dimension fields, import it.
    await page.getByTestId('import-shape-input').fill('1,3,0,48');
    await page.getByTestId('import-reimport').click();
    await expect.poll(() => text('import-error')).toContain('input shape "x=1,3,0,48": size "0" (axis 2) is not a whole number');
    await page.getByTestId('import-shape-input').fill('1,3,64');
    await page.getByTestId('import-reimport').click();
    await expect.poll(() => text('import-error')).toContain('onnx: input shape for "x": 3 sizes given, but the graph declares 4 dimensions [N, 3, H, W]');
    await page.getByTestId('import-shape-input').fill('1,3,64,48');
    await page.getByTestId('import-reimport').click();
    await expect.poll(() => page.getByTestId('import').getAttribute('data-phase')).toBe('done');
    const byShape = workloadCounts(importOnnx(bytes, { name: 'dyn-cnn', inputShapes: { x: [1, 3, 64, 48] } }));
    expect(Number(await attr('import-macs', 'data-value'))).toBe(byShape.macs);
    expect(await page.getByTestId('import-warnings').count()).toBe(0); // every op costed
    expect(await text('import-shapes-used')).toContain('x = [1, 3, 64, 48]');

    await page.getByTestId('import-shape-input').fill('');
    await page.locator('[data-testid="import-shape-dim"][data-dim="H"]').fill('320');
    await page.locator('[data-testid="import-shape-dim"][data-dim="W"]').fill('240');
    await page.getByTestId('import-reimport').click();
    await expect.poll(async () => Number(await attr('import-macs', 'data-value'))).toBe(workloadCounts(importOnnx(bytes, { symbols: { H: 320, W: 240 } })).macs);
    expect(await text('import-shapes-used')).toContain('H = 320; W = 240');

    // The saved import remembers its sizes (shown in the fields after a reload; the file itself is not kept).
    await page.getByTestId('import-explore').click();
    await expect.poll(() => page.url()).toContain('w=dyn-cnn');
    await exploreSettled();
    await page.reload();
    await exploreSettled();
    await tab('import');
    await page.locator('[data-testid="import-saved"] li', { hasText: 'dyn-cnn' }).getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => text('import-shapes-used')).toContain('H = 320; W = 240');
    await page.getByTestId('import-shapes').locator('summary').click();
    expect(await page.locator('[data-testid="import-shape-dim"][data-dim="H"]').inputValue()).toBe('320');
    expect(await page.getByTestId('import-reimport').isDisabled()).toBe(true);
  }, 90_000);

  it('Import: a SCALE-Sim topology with its .cfg explores on the .cfg\'s array; a Timeloop problem reads too', async () => {
    const csv = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n'
      + 'Conv1, 34, 34, 3, 3, 16, 32, 1,\nConv2_DP, 34, 34, 3, 3, 32, 1, 1,\nFC, 1, 1, 1, 1, 512, 10, 1,\n';
    const cfg = '[general]\nrun_name = tour\n\n[architecture_presets]\nArrayHeight: 32\nArrayWidth: 32\nIfmapSramSzkB: 512\n'
      + 'FilterSramSzkB: 512\nOfmapSramSzkB: 256\nDataflow: os\n\n[run_presets]\nInterfaceBandwidth: CALC\n';
    const expected = importScalesimCsv(csv, { name: 'layers' });
    await tab('import');
    await drop([{ name: 'layers.csv', bytes: new TextEncoder().encode(csv) }, { name: 'array.cfg', bytes: new TextEncoder().encode(cfg) }]);
    await expect.poll(() => page.getByTestId('import').getAttribute('data-phase')).toBe('done');
    expect(await page.locator('[data-testid="import-op-row"] td.name').allTextContents()).toEqual(expected.ops.map((o) => o.name));
    expect(Number(await attr('import-macs', 'data-value'))).toBe(workloadCounts(expected).macs);
    expect(await text('import-cfg')).toContain('32×32 array, os dataflow');
    await page.getByTestId('import-explore-cfg').click();
    await expect.poll(() => page.url()).toContain('w=layers');
    await exploreSettled();
    expect(await text('param-arrayRows-value')).toBe('32 PEs');
    expect(await text('param-cores-value')).toBe('1');
    expect(await text('param-arraysPerCore-value')).toBe('1');
    expect(await text('param-localMemoryMiB-value')).toBe('2 MiB'); // 512 + 512 + 256 kB, rounded up
    expect(await page.getByTestId('param-dataflow').inputValue()).toBe('os');

    const yaml = 'problem:\n  shape:\n    name: CNN-Layer\n  instance:\n    R: 3\n    S: 3\n    P: 16\n    Q: 16\n    C: 64\n    M: 128\n    N: 1\n';
    const t = importTimeloop(yaml, { name: 'conv-layer' });
    await tab('import');
    await drop([{ name: 'conv-layer.yaml', bytes: new TextEncoder().encode(yaml) }]);
    await expect.poll(() => text('import-name')).toBe('conv-layer');
    expect(Number(await attr('import-macs', 'data-value'))).toBe(workloadCounts(t).macs);
    expect(await page.getByTestId('import-op-row').count()).toBe(t.ops.length);
  }, 60_000);

  it('Import: a corrupt, an unsupported and an oversized file each give a clear error, never a blank page', async () => {
    await tab('import');
    await drop([{ name: 'broken.onnx', bytes: Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256) }]);
    await expect.poll(() => text('import-error')).toContain('broken.onnx');
    expect(await text('import-error')).toMatch(/onnx: (not a valid ONNX model|the file holds no graph)/);
    expect(await page.getByTestId('import-summary').count()).toBe(0);
    expect(await page.getByTestId('drop-zone').isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/import-error.png' });
    await drop([{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }]);
    await expect.poll(() => text('import-error')).toContain('notes.txt: unsupported file type ".txt"');
    await drop([{ name: 'huge.csv', bytes: new Uint8Array(1.5 * 2 ** 20).fill(44) }]);
    await expect.poll(() => text('import-error')).toContain('huge.csv is 1.5 MiB; at most 1 MiB is read for a SCALE-Sim topology CSV');
    await drop([{ name: 'layers.csv', bytes: new TextEncoder().encode('Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nconv1, 8, 8, 9, 3, 3, 8, 1,\n') }]);
    await expect.poll(() => text('import-error')).toContain('layers.csv: topology line 2: filter 9×3 is larger than the ifmap 8×8');
    await drop([{ name: 'latin1.csv', bytes: Uint8Array.from([0x63, 0x6f, 0x6e, 0x76, 0xe9, 0x2c, 0xff, 0x0a]) }]);
    await expect.poll(() => text('import-error')).toContain('latin1.csv: not UTF-8 text (is it the right file?)');
    expect(await text('import-error')).not.toContain('latin1.csv: latin1.csv'); // the name once
  }, 60_000);

  // ------------------------------------------------------------------------------------------------------ storage
  it('a damaged saved search is reported with a choice (download or discard), not run', async () => {
    const p = await newPage(); // a fresh browser context: its own IndexedDB
    await p.goto(`${site.url}?v=1&view=search`);
    // (a fresh page's first render, while other pages' search workers may be warming their solvers on the 2 cores)
    await expect.poll(() => p.getByTestId('study-form').count(), { timeout: 20_000 }).toBe(1);
    await p.evaluate(() => new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('fast-explorer', 1);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const tx = req.result.transaction('search', 'readwrite');
        tx.objectStore('search').put({ format: 'fast-explorer/search', version: 1, savedAt: 0, value: { status: 'running', checkpoint: { format: 'nope' }, payload: ['efficientnet-b0'], workers: 2 } }, 'current');
        tx.oncomplete = () => { req.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }));
    await p.reload();
    await expect.poll(() => p.getByTestId('search-corrupt').textContent(), { timeout: 20_000 }).toContain('could not be read');
    expect(await p.getByTestId('search-corrupt').textContent()).toContain('not a FAST search checkpoint');
    expect(await p.getByTestId('search').getAttribute('data-phase')).toBe('idle');
    await p.getByTestId('search-corrupt-discard').click();
    await expect.poll(() => p.getByTestId('search-corrupt').count()).toBe(0);
    await p.reload();
    await expect.poll(() => p.getByTestId('study-form').count(), { timeout: 20_000 }).toBe(1);
    expect(await p.getByTestId('search-corrupt').count()).toBe(0);
    await p.close();
  }, 60_000);

  // ------------------------------------------------------------------------------------------------------ tour
  it('the tour: a screenshot of every view', async () => {
    await page.goto(`${site.url}?v=1&view=explore&w=efficientnet-b0&hw=tpu-v3&passes=all`);
    await exploreSettled();
    await page.screenshot({ path: 'test-results/tour-explore.png' });
    await tab('search');
    await expect.poll(() => page.getByTestId('search').getAttribute('data-phase')).toBe('done');
    await page.locator(`[data-testid="trial-point"][data-index="${cliResult.best.trial}"]`).hover();
    await page.screenshot({ path: 'test-results/tour-search.png' });
    expect(bestJsonPath).not.toBe('');
  }, 60_000);

  it('infeasible trials are shown with their reasons (a latency SLO), as fast search records them', async () => {
    const r = await cli(['search', '--workload', 'teaching-cnn', '--latency-slo', '0.01', '--trials', '16', '--json']);
    expect(r.code).toBe(0);
    const want = JSON.parse(r.out) as { trials: { index: number; status: string; reason?: string }[] };
    const bad = want.trials.filter((t) => t.status !== 'ok');
    expect(bad.length).toBeGreaterThan(0);
    await tab('search');
    await page.getByTestId('search-workload-efficientnet-b0').uncheck();
    await page.getByTestId('search-workload-teaching-cnn').check();
    await page.getByTestId('search-trials').fill('16');
    await page.getByTestId('search-seed').fill('1');
    await page.getByTestId('search-slo').fill('0.01');
    await page.getByTestId('search-start').click();
    await expect.poll(() => text('search-progress')).toContain('teaching CNN · evolution · seed 1');
    await expect.poll(() => page.getByTestId('search').getAttribute('data-phase'), { timeout: 60_000 }).toBe('done');
    expect(await text('search-count')).toBe('16 / 16');
    await page.getByTestId('tab-infeasible').click();
    await expect.poll(() => page.getByTestId('infeasible-reason').allTextContents()).toEqual(bad.map((t) => t.reason));
    expect(await page.locator('path[data-testid="trial-point"]').count()).toBe(bad.length); // crosses in the scatter
    await page.locator(`[data-testid="trial-point"][data-index="${bad[0].index}"]`).first().click({ force: true });
    expect(await text('trial-reason')).toBe(bad[0].reason);
  }, 90_000);

  it('logged no errors or warnings on any page', () => {
    expect(problems).toEqual([]);
  });
});
