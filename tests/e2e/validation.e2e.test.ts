// End to end, the Validation view on the production build served from a sub-path (headless Chromium, playwright-core):
// opened by its tab and by a share link, it shows one row per row of the validation report that validate.ts computes
// here in Node from the same oracle file, with the ok flags and a summary counting them; the sensitivity tornado runs
// in the page's workers and draws one bar per row of its table; a screenshot (test-results/tour-validation.png), and no
// console errors or failed requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { serveStatic } from './static-server';
import { validationReport } from '../../shared/api/validate';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { haveBrowser, openSite } from './setup';

describe.skipIf(!haveBrowser)('Validation view in Chromium, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ site, browser, page } = await openSite({ width: 1400, height: 900 }, problems, { console: 'errors and warnings', network: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const rowsShown = (p: Page) => p.waitForFunction(() => document.querySelector('[data-testid="validation"]')?.getAttribute('data-status') === 'ok'
    || !!document.querySelector('[data-testid="validation-error-message"]'), undefined, { timeout: 60_000 });
  const shownRows = (p: Page) => p.$$eval('[data-testid="validation-row"]', (trs) => trs.map((tr) => ({ id: (tr as HTMLElement).dataset.id, ok: (tr as HTMLElement).dataset.ok === 'true' })));

  it('opens from its tab and shows every row of the validation report with a summary that counts the ok flags', async () => {
    await page.goto(site.url);
    await page.getByTestId('tab-validation').click();
    await expect.poll(() => page.url()).toContain('view=validation');
    await rowsShown(page);
    expect(await page.getByTestId('validation-error-message').count()).toBe(0);

    const oracle = readFileSync(new URL('../oracle/scalesim/public.csv', import.meta.url), 'utf8');
    const want = validationReport(await loadCore(), oracle, await loadHighs());
    const rows = await shownRows(page);
    expect(rows).toEqual(want.rows.map((r) => ({ id: r.id, ok: r.ok })));
    const ok = rows.filter((r) => r.ok).length;
    expect((await page.getByTestId('validation-summary').textContent())!.trim()).toBe(`${ok} of ${rows.length} rows within tolerance`);
    expect(await page.getByTestId('validation-knob').count()).toBe(want.knobs.length);
  });

  it('draws the sensitivity tornado: one bar per row of its table', async () => {
    await page.getByTestId('sensitivity-workload').selectOption('teaching-cnn');
    await page.getByTestId('sensitivity-run').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sensitivity-row"]').length > 0
      || !!document.querySelector('[data-testid="sensitivity-error"]'), undefined, { timeout: 120_000 });
    expect(await page.getByTestId('sensitivity-error').count()).toBe(0);
    const tableRows = await page.$$eval('[data-testid="sensitivity-row"]', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.path));
    const bars = await page.$$eval('[data-testid="tornado-bar"]', (gs) => gs.map((g) => (g as SVGGElement).dataset.key));
    expect(bars).toEqual(tableRows);
    await page.screenshot({ path: 'test-results/tour-validation.png', fullPage: true });
  });

  it('opens from a share link with the view key', async () => {
    const p = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await p.goto(`${site.url}?v=1&view=validation`);
    await rowsShown(p);
    expect((await shownRows(p)).length).toBeGreaterThan(0);
    expect(await p.getByTestId('tab-validation').getAttribute('aria-current')).toBe('page');
    await p.close();
  });

  it('logged no errors', () => {
    expect(problems).toEqual([]);
  });
});
