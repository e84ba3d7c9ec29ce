// End to end: the production build (dist/) served from a sub-path, driven in headless Chromium (playwright-core).
// The Explore view: default state, a slider changing totals, chart and URL, reload restoring the view, lessons,
// a malformed link, cost-only re-pricing, the reference, op detail, fusion through HiGHS in the worker, exports,
// first paint without the Wasm, no network outside the site, and no page or console errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium';
import { serveStatic } from './static-server';
import { PARAMS, PRESETS } from '../../shared/hardware';
import { createSimApi } from '../../shared/api/worker-api';

import { BASE, DIST, haveBrowser } from './setup';

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

describe.skipIf(!haveBrowser)('Explore in Chromium, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];
  const offsite: string[] = [];

  const watch = (p: Page) => {
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    p.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    p.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    p.on('request', (r) => { const u = r.url(); if (!u.startsWith(site.url) && !u.startsWith('data:') && !u.startsWith('blob:')) offsite.push(u); });
  };
  /** The view shows a result for exactly the current controls, and the TPU-v3 reference for its workload/batch. */
  const settled = (p: Page = page) => p.waitForFunction(() => {
    const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
    return !!r && r.dataset.stale === 'false' && r.dataset.shownKey === r.dataset.wantedKey && Number(r.dataset.ops) > 0
      && r.dataset.reference === 'ready';
  }, undefined, { timeout: 30_000 });
  const text = (id: string, p: Page = page) => p.getByTestId(id).textContent();
  const totals = async (p: Page = page) => ({
    throughput: await text('total-throughput', p), latency: await text('total-latency', p), tdp: await text('total-tdp', p),
    area: await text('total-area', p), perfTdp: await text('total-perf-tdp', p), gain: await text('total-gain', p),
  });
  const barHeights = (p: Page = page) => p.locator('[data-testid="op-bar"] rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));

  /** EfficientNet-B0's executed ops on tpu-v3 with every pass, from the model in Node (elementwise ops fused into their producers). */
  let defaultOps = 0;

  beforeAll(async () => {
    const t = PRESETS['tpu-v3'];
    defaultOps = (await createSimApi().simulate({ workload: 'efficientnet-b0', hardware: t, hardwareName: 'tpu-v3', batch: t.batch, passes: 'all' })).ops.length;
    mkdirSync('test-results', { recursive: true });
    site = await serveStatic(DIST, BASE);
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch(page);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('opens on EfficientNet-B0 on tpu-v3 with every pass, one bar per op, and the gain vs TPU-v3', async () => {
    await page.goto(site.url);
    await settled();
    expect(await page.getByTestId('workload').inputValue()).toBe('efficientnet-b0');
    expect(await page.getByTestId('preset').inputValue()).toBe('tpu-v3');
    expect(await text('view-title')).toContain('EfficientNet-B0 on tpu-v3');
    const ops = Number(await page.getByTestId('explore').getAttribute('data-ops'));
    expect(ops).toBe(defaultOps); // EfficientNet-B0's executed ops, as the model in Node counts them
    expect(await page.getByTestId('op-bar').count()).toBe(ops);
    expect(await page.getByTestId('traffic-bar').count()).toBe(ops);
    expect(await page.locator('[data-testid="roofline"] circle.point').count()).toBeGreaterThan(ops * 0.9);
    const t = await totals();
    expect(num(t.throughput)).toBeGreaterThan(1000);
    expect(num(t.tdp)).toBeGreaterThan(100);
    expect(t.gain).toMatch(/^\d+(\.\d+)?×$/);
    await expect.poll(() => text('status')).toBe('up to date');
    // tpu-v3 has no global memory: the fusion map says so instead of drawing an empty chart.
    expect(await text('fusion-empty')).toContain('no global memory');
    await page.screenshot({ path: 'test-results/explore-default.png' });
  });

  let movedUrl = '';
  it('moving the array-rows slider re-simulates: totals, bars and the URL change', async () => {
    const before = { totals: await totals(), heights: await barHeights() };
    const slider = page.getByTestId('param-arrayRows');
    const max = Number(await slider.getAttribute('max'));
    expect(await page.locator('#param-arrayRows-explain').isVisible()).toBe(false);
    await slider.focus(); // focus (or hover) opens the parameter's explanation from the table
    expect(await page.locator('#param-arrayRows-explain').isVisible()).toBe(true);
    expect(await page.locator('#param-arrayRows-explain').textContent()).toContain(PARAMS.find((p) => p.id === 'arrayRows')!.explain);
    await page.keyboard.press('ArrowLeft'); // keyboard: one position down (96 rows)
    await expect.poll(() => text('param-arrayRows-value')).toBe('96 PEs');
    await slider.fill(String(max - 6)); // 32 rows
    await expect.poll(() => text('param-arrayRows-value')).toBe('32 PEs');
    await settled();
    const after = await totals();
    expect(after.throughput).not.toBe(before.totals.throughput);
    expect(after.area).not.toBe(before.totals.area); // fewer PEs: a smaller die
    expect(await barHeights()).not.toEqual(before.heights);
    expect(await page.getByTestId('op-bar').count()).toBe(defaultOps);
    await expect.poll(() => page.url()).toContain('arrayRows=32');
    expect(page.url().startsWith(site.url)).toBe(true);
    expect(await page.getByTestId('preset').inputValue()).toBe(''); // no longer a preset: "custom"
    movedUrl = page.url();
    await page.screenshot({ path: 'test-results/explore-32-rows.png' });
  });

  it('reloading the URL restores the same view', async () => {
    const before = { totals: await totals(), heights: await barHeights(), url: page.url() };
    await page.reload();
    await settled();
    expect(page.url()).toBe(movedUrl);
    expect(await text('param-arrayRows-value')).toBe('32 PEs');
    expect(await totals()).toEqual(before.totals);
    expect(await barHeights()).toEqual(before.heights);
  });

  it('a cost-only parameter re-prices at once without re-simulating', async () => {
    const key = await page.getByTestId('explore').getAttribute('data-wanted-key');
    const before = await totals();
    await page.getByTestId('param-processNode').selectOption('7nm');
    await expect.poll(() => text('total-tdp')).not.toBe(before.tdp);
    const after = await totals();
    expect(after.area).not.toBe(before.area);
    expect(after.throughput).toBe(before.throughput); // the simulation did not change
    expect(after.perfTdp).not.toBe(before.perfTdp);
    expect(await page.getByTestId('explore').getAttribute('data-wanted-key')).toBe(key);
    expect(await page.getByTestId('explore').getAttribute('data-stale')).toBe('false');
    await expect.poll(() => page.url()).toContain('processNode=7nm');
  });

  it('TPU-v3 with baseline software is exactly the reference: gain 1×', async () => {
    await page.getByTestId('preset').selectOption('tpu-v3');
    await page.getByRole('button', { name: 'none (baseline)' }).click();
    await settled();
    await expect.poll(() => text('total-gain')).toBe('1.00×');
    await expect.poll(() => page.url()).toContain('passes=none');
    // every pass on: the searched software is never slower than the baseline (a product requirement), so the gain is at least 1×
    await page.getByRole('button', { name: 'all', exact: true }).click();
    await settled();
    await expect.poll(async () => num(await text('total-gain'))).toBeGreaterThanOrEqual(1);
  });

  it('clicking a bar shows the op\'s schedule and why it is bound; arrow keys move the selection', async () => {
    const chart = page.locator('[data-testid="op-chart"] svg.chart').first();
    const box = (await chart.boundingBox())!;
    await chart.click({ position: { x: 70 + 30, y: box.height - 60 } });
    const name = await text('op-detail-name');
    expect(name).toBeTruthy();
    expect(await text('op-why')).toMatch(/^(Compute|Vector|Memory|Overhead)-bound/);
    await expect.poll(() => page.url()).toContain('op=');
    await chart.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => text('op-detail-name')).not.toBe(name);
  });

  it('a lesson link opens its state, highlights its controls and explains it with the model\'s numbers', async () => {
    await page.getByTestId('lesson-depthwise').click();
    await settled();
    await expect.poll(() => page.url()).toContain('lesson=depthwise');
    expect(page.url()).toContain('arrayRows=256');
    expect(await text('param-arrayRows-value')).toBe('256 PEs');
    expect(await text('param-arraysPerCore-value')).toBe('1');
    expect(await page.getByTestId('pass-schedule').isChecked()).toBe(false);
    expect(await page.locator('.param.highlighted').count()).toBe(3);
    const panel = page.getByTestId('lesson-panel');
    expect(await panel.getAttribute('data-step')).toBe('predict'); // a guided lesson opens on its question
    await page.getByTestId('lesson-step-observe').click();
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toMatch(/With the padding \(layout\) pass/);
    const lesson = (await panel.textContent())!;
    expect(lesson).toMatch(/depthwise convolutions do [\d.]+% of the MACs but take [\d.]+% of the time/);
    // the lesson's op is selected and explained
    expect(await text('op-detail-name')).toBe('stage2/block1/dw');
    await page.screenshot({ path: 'test-results/lesson-depthwise.png' });
  });

  it('fusion runs the HiGHS ILP in the worker: the fusion lesson draws the map', async () => {
    await page.getByTestId('lesson-fusion-gmem').click();
    await settled();
    await expect.poll(() => page.locator('[data-testid="fusion-map"] rect.range').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    expect(await page.getByTestId('fusion-map').textContent()).toMatch(/kept in GMEM( \(global memory\))? by the ILP( \(integer linear program\))? \(optimal/);
    const gmem = await page.locator('[data-testid="traffic-bar"] rect[fill="#CC79A7"]').count();
    expect(gmem).toBeGreaterThan(0);
    await page.getByTestId('lesson-step-observe').click();
    await expect.poll(() => page.getByTestId('lesson-panel').textContent(), { timeout: 20_000 }).toMatch(/Without the fusion pass/);
    await page.screenshot({ path: 'test-results/lesson-fusion.png', fullPage: true });
  });

  it('exports the results as CSV and JSON and a chart as SVG and PNG, all client-side', async () => {
    const grab = async (button: () => Promise<void>) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), button()]);
      const path = `test-results/${dl.suggestedFilename()}`;
      await dl.saveAs(path);
      expect(dl.url().startsWith('blob:')).toBe(true);
      return { name: dl.suggestedFilename(), body: readFileSync(path) };
    };
    const ops = Number(await page.getByTestId('explore').getAttribute('data-ops'));
    const csv = await grab(() => page.getByRole('button', { name: 'CSV', exact: true }).click());
    const lines = csv.body.toString('utf8').trim().split('\n');
    expect(lines[0].startsWith('index,name,kind,block,bound,cycles')).toBe(true);
    expect(lines).toHaveLength(ops + 1);
    const json = await grab(() => page.getByRole('button', { name: 'JSON' }).click());
    const r = JSON.parse(json.body.toString('utf8'));
    expect(r.workload).toBe('resnet50-v2');
    expect(r.hardware.globalMemoryMiB).toBe(128);
    expect(r.report.ops).toHaveLength(ops);
    expect(r.gainVsTpuV3).toBeCloseTo(r.perfPerTdp / r.reference.perfPerTdp, 10);
    const card = page.getByTestId('roofline');
    const svg = await grab(() => card.getByRole('button', { name: 'SVG' }).click());
    expect(svg.name).toMatch(/\.svg$/);
    const svgText = svg.body.toString('utf8');
    expect(svgText.startsWith('<?xml')).toBe(true);
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('circle');
    const png = await grab(() => card.getByRole('button', { name: 'PNG' }).click());
    expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.body.length).toBeGreaterThan(5000);
  });

  it('Back returns to the previous lesson\'s state', async () => {
    // Each step move is a history entry (the step is in the link): Back first returns to the fusion lesson's first
    // step, then to the depthwise lesson at the step it was left on.
    await page.goBack();
    await settled();
    expect(page.url()).toContain('lesson=fusion-gmem');
    expect(page.url()).not.toContain('step=');
    await page.goBack();
    await settled();
    expect(page.url()).toContain('lesson=depthwise');
    expect(page.url()).toContain('step=3');
    expect(await text('param-arrayRows-value')).toBe('256 PEs');
  });

  it('a malformed link shows a message and the defaults, never a blank page', async () => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch(p);
    await p.goto(`${site.url}?v=1&w=efficientnet-b0&cores=3&arrayRows=banana&bogus=1`);
    const banner = p.getByTestId('link-error');
    await expect.poll(() => banner.textContent()).toContain('could not be read');
    const msg = (await banner.textContent())!;
    expect(msg).toContain('cores must be one of 1, 2, 4, 8 (got 3)');
    expect(msg).toContain('arrayRows must be 8…256 in steps of 8 (got "banana")');
    expect(msg).toContain('unknown key "bogus"');
    await settled(p);
    expect(await text('param-cores-value', p)).toBe(String(PRESETS['tpu-v3'].cores));
    expect(await p.getByTestId('op-bar').count()).toBe(defaultOps);
    await p.screenshot({ path: 'test-results/bad-link.png' });
    await p.goto(`${site.url}?v=7`);
    await expect.poll(() => p.getByTestId('link-error').textContent()).toContain('this app reads version 1 links');
    await p.close();
  });

  it('paints the page before the Wasm core arrives (controls and cost from the main thread)', async () => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch(p);
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    await p.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
    await p.goto(site.url);
    await expect.poll(() => text('total-tdp', p)).toMatch(/^\d[\d,]*$/);
    expect(await p.getByTestId('param-arrayRows').isVisible()).toBe(true);
    expect(await text('total-throughput', p)).toBe('…');
    release();
    await settled(p);
    expect(num(await text('total-throughput', p))).toBeGreaterThan(1000);
    await p.close();
  });

  it('made no request outside the site and logged no errors or warnings', () => {
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
  });
});

