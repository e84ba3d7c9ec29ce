// The page on a phone and its accessibility, end to end on the production build served from a sub-path (headless
// Chromium, playwright-core), issue 18:
// - at 390×844 and 360×740, every view (Explore, Search with a small study run there, Compare, ROI, Import with a
//   SCALE-Sim topology dropped on it, Validation with its sensitivity tornado), reached through the tab bar: no
//   horizontal overflow (the document is no wider than the viewport; tables scroll inside their own containers),
//   every chart at least 300 px wide, and every tab inside the viewport (the tab bar wraps); a phone screenshot for
//   README's tour (test-results/tour-phone-explore.png);
// - at desktop size, axe-core run in the page under its Content-Security-Policy reports no serious or critical
//   violation (WCAG 2.0/2.1 A and AA, contrast included) on any view, and the charts' SVG text (which axe does not
//   check) reads at 4.5:1 on white. The CSP blocks Playwright's addScriptTag (an inline script), so axe's source is
//   evaluated through page.evaluate (DevTools' Runtime.evaluate, which the page's CSP does not govern); the check
//   asserts that the CSP is in force while it runs;
// - a skip link is the first thing the keyboard reaches and moves focus to the open view; focus on the dark header's
//   tabs is drawn in a light colour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { APP_VIEWS, type AppView } from '../../shared/url-state';
import type { serveStatic } from './static-server';

import { haveBrowser, openSite } from './setup';

const PHONES = [{ width: 390, height: 844 }, { width: 360, height: 740 }] as const;
const DESKTOP = { width: 1400, height: 900 };
const MIN_CHART = 300;
/** Charts each view shows once it is ready (Search after its small study, Validation with its sensitivity tornado). */
const CHARTS: Record<AppView, number> = { explore: 4, search: 2, compare: 4, roi: 2, import: 0, validation: 1 };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const CSV = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n'
  + 'Conv1, 34, 34, 3, 3, 16, 32, 1,\nConv2_DP, 34, 34, 3, 3, 32, 1, 1,\nFC, 1, 1, 1, 1, 512, 10, 1,\n';

interface Layout { viewport: number; document: number; body: number; charts: { label: string; width: number }[] }

describe.skipIf(!haveBrowser)('the page on a phone and its accessibility, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ site, browser, page } = await openSite(PHONES[0], problems, { crash: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const layout = (): Promise<Layout> => page.evaluate(() => ({
    viewport: document.documentElement.clientWidth,
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    charts: Array.from(document.querySelectorAll<SVGSVGElement>('main svg.chart')).map((s) => ({
      label: s.getAttribute('aria-label') ?? '?', width: Math.round(s.getBoundingClientRect().width),
    })),
  }));

  const exploreSettled = () => page.waitForFunction(() => {
    const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
    return !!r && r.dataset.stale === 'false' && r.dataset.shownKey === r.dataset.wantedKey && Number(r.dataset.ops) > 0 && r.dataset.reference === 'ready';
  }, undefined, { timeout: 60_000 });

  const drop = async (files: { name: string; text: string }[]) => {
    const dt = await page.evaluateHandle((fs) => {
      const t = new DataTransfer();
      for (const f of fs) t.items.add(new File([f.text], f.name));
      return t;
    }, files);
    await page.getByTestId('drop-zone').dispatchEvent('dragenter', { dataTransfer: dt });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
  };

  /** Waits until a view shows what it shows once ready; Search runs a small study and Import reads a topology once. */
  async function ready(view: AppView) {
    if (view === 'explore') await exploreSettled();
    if (view === 'search' && (await page.getByTestId('search').getAttribute('data-phase')) !== 'done') {
      await page.getByTestId('search-trials').fill('16');
      await page.getByTestId('search-seed').fill('3');
      await page.getByTestId('search-start').click();
      await expect.poll(() => page.getByTestId('search').getAttribute('data-phase'), { timeout: 120_000, interval: 500 }).toBe('done');
    }
    if (view === 'import' && (await page.getByTestId('import').getAttribute('data-phase')) !== 'done') {
      await drop([{ name: 'layers.csv', text: CSV }]);
      await expect.poll(() => page.getByTestId('import').getAttribute('data-phase'), { timeout: 30_000 }).toBe('done');
      expect(await page.getByTestId('import-op-row').count()).toBe(3);
    }
    if (view === 'validation') {
      await expect.poll(() => page.getByTestId('validation').getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
      if ((await page.getByTestId('sensitivity-row').count()) === 0) { // the tornado, once, on the small teaching CNN
        await page.getByTestId('sensitivity-workload').selectOption('teaching-cnn');
        await page.getByTestId('sensitivity-run').click();
        await expect.poll(() => page.getByTestId('sensitivity-row').count(), { timeout: 120_000 }).toBeGreaterThan(0);
      }
    }
    await expect.poll(async () => (await layout()).charts.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(CHARTS[view]);
    await page.waitForFunction(() => !document.querySelector('main .frame:empty')); // every frame has measured itself
  }

  /** Opens a view through the tab bar, checking first that its tab lies inside the viewport. */
  async function open(view: AppView, width: number) {
    const tab = page.getByTestId(`tab-${view}`);
    const box = await tab.boundingBox();
    expect(box, `tab ${view}`).not.toBeNull();
    expect(box!.x, `tab ${view} at ${width} px`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `tab ${view} at ${width} px`).toBeLessThanOrEqual(width);
    await tab.click();
    await expect.poll(() => page.url()).toContain(`view=${view}`);
    await ready(view);
  }

  it('at 390×844 and 360×740 every view fits the width, its charts are at least 300 px wide and every tab is reachable', async () => {
    await page.goto(`${site.url}?v=1&view=explore`);
    await exploreSettled();
    for (const size of PHONES) {
      await page.setViewportSize(size);
      for (const view of APP_VIEWS) {
        await open(view, size.width);
        const l = await layout();
        const where = `${view} at ${size.width}×${size.height}`;
        expect(l.viewport, where).toBe(size.width);
        expect(l.document, `${where}: document width`).toBeLessThanOrEqual(l.viewport);
        expect(l.body, `${where}: body width`).toBeLessThanOrEqual(l.viewport);
        expect(l.charts.length, where).toBeGreaterThanOrEqual(CHARTS[view]);
        for (const c of l.charts) expect(c.width, `${where}: chart "${c.label}"`).toBeGreaterThanOrEqual(MIN_CHART);
        if (view === 'compare') {
          // The workloads' names under the bars are shortened to their band rather than run into each other.
          const ticks = await page.locator('[data-testid="compare-bars"] .axis-x .tick text').evaluateAll((ts) =>
            ts.map((t) => { const b = t.getBoundingClientRect(); return { left: b.left, right: b.right, text: t.firstChild?.nodeValue ?? '', title: t.querySelector('title')?.textContent ?? null }; }));
          expect(ticks.length, where).toBe(3);
          for (let i = 1; i < ticks.length; i++) expect(ticks[i - 1].right, `${where}: tick ${i}`).toBeLessThanOrEqual(ticks[i].left);
          // A shortened name ends in "…" and keeps the whole name in its title.
          const first = ticks[0];
          if (first.text !== 'EfficientNet-B0') {
            expect(first.text, where).toMatch(/…$/);
            expect(first.title, where).toBe('EfficientNet-B0');
            expect('EfficientNet-B0'.startsWith(first.text.slice(0, -1)), where).toBe(true);
          }
        }
        if (view === 'explore' && size.width === 390) {
          // The tour's phone picture: the view title, totals and the top of the cycles chart.
          await page.evaluate(() => {
            const t = document.querySelector('[data-testid="view-title"]')!.getBoundingClientRect().top;
            window.scrollTo(0, window.scrollY + t - 8);
          });
          await page.screenshot({ path: 'test-results/tour-phone-explore.png' });
          await page.evaluate(() => window.scrollTo(0, 0));
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('axe-core, run in the page under its CSP, finds no serious or critical violation on any view at desktop size', async () => {
    await page.setViewportSize(DESKTOP);
    // The CSP is in force: an inline script (what addScriptTag adds) is refused.
    await expect(page.addScriptTag({ content: 'window.__inline = 1' })).rejects.toThrow(/Content Security Policy/);
    expect(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline)).toBeUndefined();
    await page.evaluate(AXE_SOURCE);
    const found: string[] = [];
    for (const view of APP_VIEWS) {
      await open(view, DESKTOP.width);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ passes: { id: string }[]; violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
        const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
        return {
          passed: r.passes.map((p) => p.id),
          serious: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('; ')}`),
        };
      });
      expect(violations.passed, view).toContain('color-contrast'); // the contrast rule ran on this view's text
      found.push(...violations.serious.map((v) => `${view}: ${v}`));
      // axe leaves SVG text out: the charts' dark text (light text sits on coloured marks) is checked here against
      // their white background, at WCAG AA's 4.5:1.
      const faint = await page.evaluate(() => {
        const out: string[] = [];
        for (const t of Array.from(document.querySelectorAll('main svg.chart text'))) {
          const rgb = (getComputedStyle(t).fill.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255)
            .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
          if (rgb.length < 3) continue;
          const lum = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
          if (lum <= 0.5 && 1.05 / (lum + 0.05) < 4.5) out.push(`"${t.textContent}" in ${getComputedStyle(t).fill} (${(1.05 / (lum + 0.05)).toFixed(2)}:1)`);
        }
        return out;
      });
      found.push(...faint.map((f) => `${view}: chart text ${f}`));
    }
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
  }, 300_000);

  it('a skip link comes first and moves focus to the view; focus on the dark header is drawn in a light colour', async () => {
    await page.goto(`${site.url}?v=1&view=roi`);
    await page.getByTestId('roi').waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByTestId('skip-link');
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0); // shown while focused
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(page.url()).not.toContain('#'); // the link's state is untouched

    await page.getByTestId('tab-explore').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab'); // focus by keyboard, so :focus-visible applies
    const ring = await page.getByTestId('tab-explore').evaluate((el) => {
      const s = getComputedStyle(el);
      return { focused: el === document.activeElement, style: s.outlineStyle, color: s.outlineColor, width: s.outlineWidth };
    });
    expect(ring).toEqual({ focused: true, style: 'solid', color: 'rgb(86, 180, 233)', width: '2px' });
    expect(problems).toEqual([]);
  }, 60_000);
});
