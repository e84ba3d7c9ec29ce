// The teaching path of issue 18, end to end on the production build served from a sub-path (headless Chromium,
// playwright-core):
// - a first visit shows "what is this, try this" with the paper's link; dismissed, it stays dismissed after a reload
//   (localStorage), and the footer's "About this page" brings it back;
// - a guided lesson: predict (no numbers yet) → change (its control scrolled into view and focused) → observe (the
//   model answers the prediction with the numbers the totals show) → why (the depthwise lesson's p defined, with the
//   op's packing), then next/previous lesson links;
// - the glossary: a term opens its definition, Esc closes it and gives focus back; "all terms" opens the glossary at
//   the entry; on every view each abbreviation shown as a term is expanded exactly once;
// - the docs the page cites open in a dialog at their section (docs/model.md §3, docs/validation.md);
// - the honest word on small designs: the 8×8 teaching chip's note and its own blocks, equal to the cost model's;
// - accessibility: Esc closes a parameter's explanation and a chart tooltip, the explanation follows its control when
//   the panel scrolls, and the roofline's points are in a table whose rows select the op.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { APP_VIEWS } from '../../shared/url-state';
import { PRESETS, hardwareCost } from '../../shared/hardware';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium';
import { serveStatic } from './static-server';
import { GLOSSARY } from '../../web/src/lib/glossary';
import { PAPER } from '../../web/src/lib/docs';

import { BASE, DIST, haveBrowser } from './setup';

describe.skipIf(!haveBrowser)('the teaching path, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];

  const settled = () => page.waitForFunction(() => {
    const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
    return !!r && r.dataset.stale === 'false' && r.dataset.shownKey === r.dataset.wantedKey && Number(r.dataset.ops) > 0 && r.dataset.reference === 'ready';
  }, undefined, { timeout: 60_000 });
  const text = (id: string) => page.getByTestId(id).textContent();

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    site = await serveStatic(DIST, BASE);
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('a first visit says what this is and what to try, links the paper, and is remembered once dismissed', async () => {
    await page.goto(site.url);
    await settled();
    const intro = page.getByTestId('intro');
    await intro.waitFor();
    expect(await intro.textContent()).toMatch(/What is this\?.*Try this:/s);
    expect(await intro.locator(`a[href="${PAPER.url}"]`).count()).toBe(1);
    expect(await page.getByTestId('paper-link').getAttribute('href')).toBe('https://arxiv.org/abs/2105.12842');
    await page.getByTestId('intro-dismiss').click();
    expect(await intro.count()).toBe(0);
    await page.reload();
    await settled();
    expect(await page.getByTestId('intro').count()).toBe(0);
    await page.getByTestId('intro-show').click();
    await page.getByTestId('intro').waitFor();
  });

  it('a guided lesson: predict, change (its control in view and focused), observe (the model answers), why; next and previous lessons', async () => {
    await page.getByTestId('intro-lesson').click();
    await expect.poll(() => page.url()).toContain('lesson=depthwise');
    await settled();
    const panel = page.getByTestId('lesson-panel');
    expect(await panel.getAttribute('data-step')).toBe('predict');
    const body = page.getByTestId('lesson-body');
    expect(await body.textContent()).not.toMatch(/inferences\/s|%/); // no result before the prediction
    await page.getByTestId('lesson-choice-down').check();
    await page.getByTestId('lesson-next').click();
    expect(await panel.getAttribute('data-step')).toBe('change');
    // the change step's control is in the viewport and focused
    const where = await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-control="passes"]')!;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, h: innerHeight, focused: el.contains(document.activeElement) };
    });
    expect(where.focused).toBe(true);
    expect(where.top).toBeGreaterThanOrEqual(0);
    expect(where.bottom).toBeLessThanOrEqual(where.h);
    await page.getByTestId('lesson-next').click();
    expect(await panel.getAttribute('data-step')).toBe('observe');
    const verdict = page.getByTestId('lesson-verdict');
    await verdict.waitFor({ timeout: 30_000 });
    const v = (await verdict.textContent())!;
    expect(v).toMatch(/^(You predicted it|You predicted "slower")\. The model says: (faster|about the same|slower) \(/);
    // the model's numbers: the view's throughput as the totals card shows it
    expect(v).toContain(`${(await text('total-throughput'))!.trim()} inferences/s without the pass`);
    expect(await body.textContent()).toMatch(/depthwise convolutions do [\d.]+% of the MACs but take [\d.]+% of the time/);
    await page.getByTestId('lesson-next').click();
    expect(await panel.getAttribute('data-step')).toBe('why');
    const why = (await body.textContent())!;
    expect(why).toMatch(/p is the number of channels packed side by side/);
    expect(why).toMatch(/packs p = [\d,]+: it fills [\d.]+% of the slots/);
    // next lesson is a link to its state; previous comes back
    const next = page.getByTestId('lesson-following');
    expect(await next.getAttribute('href')).toContain('lesson=bert-softmax');
    await next.click();
    await expect.poll(() => page.url()).toContain('lesson=bert-softmax');
    expect(await panel.getAttribute('data-step')).toBe('predict');
    await page.getByTestId('lesson-previous').click();
    await expect.poll(() => page.url()).toContain('lesson=depthwise');
    await settled();
  }, 120_000);

  it('a term opens its definition, Esc closes it and gives focus back; "all terms" opens the glossary at its entry', async () => {
    const term = page.locator('[data-testid="roofline"] [data-term="ridge-point"]');
    await term.click();
    const pop = page.getByTestId('term-popover');
    expect(await pop.textContent()).toContain(GLOSSARY.find((e) => e.id === 'ridge-point')!.definition);
    await page.keyboard.press('Escape');
    expect(await pop.count()).toBe(0);
    expect(await term.evaluate((el) => el === document.activeElement)).toBe(true);
    await term.click();
    await pop.getByRole('link', { name: 'all terms' }).click();
    expect(await page.getByTestId('glossary').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('glossary-ridge-point');
    for (const id of ['mxu', 'systolic-array', 'dataflow', 'vmem', 'gmem', 'hbm', 'ridge-point', 'roofline', 'fusion', 'padding', 'perf-tdp', 'pareto', 'ilp']) {
      expect(await page.locator(`#glossary-${id}`).count(), id).toBe(1);
    }
  });

  it('on every view, each abbreviation shown as a term is expanded exactly once', async () => {
    const abbreviations = GLOSSARY.filter((e) => e.expansion).map((e) => e.id);
    for (const view of APP_VIEWS) {
      await page.getByTestId(`tab-${view}`).click();
      await expect.poll(() => page.url()).toContain(`view=${view}`);
      await page.waitForFunction(() => !document.querySelector('main .loading'));
      await page.waitForTimeout(300);
      const counts = await page.evaluate((ids) => ids.map((id) => ({
        id,
        terms: document.querySelectorAll(`main [data-term="${id}"]`).length,
        expanded: document.querySelectorAll(`main [data-term="${id}"][data-expanded]`).length,
      })), abbreviations);
      for (const c of counts) expect(c.expanded, `${view}: ${c.id} (${c.terms} terms)`).toBe(c.terms > 0 ? 1 : 0);
    }
    await page.getByTestId('tab-explore').click();
    await settled();
  }, 120_000);

  it('the docs the page cites open in a dialog at their section; Esc closes it', async () => {
    await page.locator('[data-testid="cost-breakdown"] [data-doc="model-3"]').click();
    const dialog = page.getByTestId('doc-dialog');
    await expect.poll(() => dialog.locator('h2').textContent(), { timeout: 20_000 }).toBe('docs/model.md §3: Hardware: parameters, area and power');
    expect(await dialog.getByTestId('doc-body').textContent()).toMatch(/3\.3 Area and TDP/);
    await page.keyboard.press('Escape');
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    await page.getByRole('contentinfo').locator('[data-doc="validation"]').click();
    await expect.poll(() => dialog.locator('h2').textContent(), { timeout: 20_000 }).toBe('docs/validation.md: Validation');
    await page.keyboard.press('Escape');
  });

  it('the 8×8 teaching chip says its fixed chip-level area and power dominate, and shows its own blocks apart', async () => {
    await page.goto(`${site.url}?v=1&view=explore&w=teaching-cnn&hw=teaching-8x8`);
    await settled();
    const cost = hardwareCost(PRESETS['teaching-8x8']);
    const note = (await text('small-design-note'))!;
    expect(note).toMatch(/Most of this chip is what every chip carries whatever the design/);
    expect(note).toContain(`${cost.areaMm2.toFixed(0)} mm²`);
    expect(Number(await page.getByTestId('total-own-area').getAttribute('data-value'))).toBeCloseTo(cost.ownAreaMm2, 6);
    expect(Number(await page.getByTestId('total-own-watts').getAttribute('data-value'))).toBeCloseTo(cost.ownWatts, 6);
    await page.goto(`${site.url}?v=1&view=explore`);
    await settled();
    expect(await page.getByTestId('small-design-note').count()).toBe(0); // TPU-v3 is mostly its own blocks
  });

  it('Esc closes a parameter\'s explanation and a chart tooltip; the explanation follows its control; the roofline\'s points are a table', async () => {
    const slider = page.getByTestId('param-arrayRows');
    await slider.focus();
    const explain = page.locator('#param-arrayRows-explain');
    expect(await explain.isVisible()).toBe(true);
    const before = (await explain.boundingBox())!.y;
    await page.locator('aside.panel').evaluate((p) => { p.scrollTop += 60; });
    await expect.poll(async () => (await explain.boundingBox())!.y).toBeLessThan(before - 30);
    await page.keyboard.press('Escape');
    expect(await explain.isVisible()).toBe(false);

    const point = page.locator('[data-testid="roofline"] circle.point').first();
    await point.scrollIntoViewIfNeeded();
    await point.hover({ force: true }); // points overlap: whichever is on top shows its tooltip
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    await page.keyboard.press('Escape');
    expect(await tip.count()).toBe(0);

    const table = page.getByTestId('roofline-table');
    await table.locator('summary').click();
    const rows = table.getByTestId('roofline-row');
    expect(await rows.count()).toBe(await page.locator('[data-testid="roofline"] circle.point').count());
    const third = rows.nth(2).getByRole('button');
    const name = (await third.textContent())!;
    await third.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => text('op-detail-name')).toBe(name);
    expect(problems).toEqual([]);
  }, 60_000);
});
