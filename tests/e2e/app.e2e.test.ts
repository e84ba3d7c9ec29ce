// End to end: the production build (dist/) served from a sub-path, driven in headless Chromium.
// Moves the slider and checks that the chart and totals change, with no page or console errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumAvailable, chromiumPath } from '../chromium';
import { serveStatic } from './static-server';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const required = process.env.E2E_REQUIRED === '1';
const haveBrowser = chromiumAvailable();
if (required && !haveBrowser) throw new Error(`E2E_REQUIRED=1 but no Chromium at ${chromiumPath()} (set CHROMIUM_PATH or apt-get install chromium)`);
if (!existsSync(DIST + 'index.html')) throw new Error('dist/ is not built: run "npm run build" first (npm test does)');

describe.skipIf(!haveBrowser)('app in Chromium, served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];

  beforeAll(async () => {
    site = await serveStatic(DIST, '/labs/fast-explorer/');
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const barWidths = () => page.locator('rect.bar').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))));

  it('loads the page, runs the Wasm in a worker, and redraws when the slider moves', async () => {
    await page.goto(site.url);
    const total = page.getByTestId('total');
    await expect.poll(() => total.textContent(), { timeout: 20_000 }).toMatch(/^[\d,]+$/);
    await expect.poll(() => page.getByTestId('edge').textContent()).toBe('128 × 128');
    const before = { total: await total.textContent(), widths: await barWidths() };
    expect(before.widths.length).toBe(10);

    await page.getByTestId('slider').fill('4'); // 16 × 16 array: many more folds
    await expect.poll(() => page.getByTestId('edge').textContent()).toBe('16 × 16');
    await expect.poll(() => total.textContent(), { timeout: 10_000 }).not.toBe(before.total);
    await expect.poll(async () => (await page.locator('svg.stale').count()), { timeout: 10_000 }).toBe(0);
    const after = await barWidths();
    expect(after).toHaveLength(10);
    expect(after).not.toEqual(before.widths);
    // cycles grow on the smaller array: 128×128 → 16×16 means far more folds for every big layer
    const n = (s: string | null) => Number((s ?? '').replace(/,/g, ''));
    expect(n(await total.textContent())).toBeGreaterThan(n(before.total));

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/app.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
