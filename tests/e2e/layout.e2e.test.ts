// Issue 18's layout bugs on laptop screens, end to end on the production build served from a sub-path (headless
// Chromium, playwright-core):
// - at 1366×768 and 1440×900, Search's "Start search" is inside the viewport without scrolling, and no label of the
//   study form is clipped (its scrollWidth fits its clientWidth: "DRAM bandwid…", "BERT-large, 1024 toker" before);
// - at 1440×900, clicking a bar of the cycles chart brings the op detail into the viewport (its top was at
//   y = 984 in a 900 px window).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium';
import { serveStatic } from './static-server';

import { BASE, DIST, haveBrowser } from './setup';

const LAPTOPS = [{ width: 1366, height: 768 }, { width: 1440, height: 900 }] as const;

describe.skipIf(!haveBrowser)('laptop layouts, production build served from a sub-path', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    site = await serveStatic(DIST, BASE);
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const viewport of LAPTOPS) {
    it(`${viewport.width}×${viewport.height}: "Start search" is in view without scrolling and the form's labels are not clipped`, async () => {
      const page = await browser.newPage({ viewport });
      try {
        await page.goto(`${site.url}?view=search`);
        const start = page.getByTestId('search-start');
        await start.waitFor();
        await page.getByTestId('search-designs').waitFor();
        const box = (await start.boundingBox())!;
        expect(await page.evaluate(() => [window.scrollX, window.scrollY])).toEqual([0, 0]);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        // Text that is cut short: any element of the form whose own text overflows its box.
        const clipped = await page.getByTestId('study-form').evaluate((form) => {
          const out: string[] = [];
          for (const el of form.querySelectorAll<HTMLElement>('label, span, th, td, legend, option, p')) {
            if (el.tagName === 'OPTION') continue;
            const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent!.trim()).join('');
            if (!text || el.clientWidth === 0) continue;
            if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()} "${el.textContent!.trim().slice(0, 40)}": ${el.scrollWidth} > ${el.clientWidth}`);
          }
          return out;
        });
        expect(clipped).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('1440×900: clicking a bar brings the op detail into view', async () => {
    const viewport = LAPTOPS[1];
    const page = await browser.newPage({ viewport });
    try {
      await page.goto(site.url);
      await page.waitForFunction(() => {
        const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
        return !!r && r.dataset.stale === 'false' && r.dataset.shownKey === r.dataset.wantedKey && Number(r.dataset.ops) > 0;
      }, undefined, { timeout: 60_000 });
      const chart = page.locator('[data-testid="op-chart"] svg.chart').first();
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      await chart.click({ position: { x: 70 + 30, y: box.height - 60 } });
      await page.getByTestId('op-detail-name').waitFor();
      await expect.poll(async () => {
        const b = (await page.getByTestId('op-detail').boundingBox())!;
        return b.y >= 0 && b.y < viewport.height - 40;
      }, { timeout: 5_000 }).toBe(true);
    } finally {
      await page.close();
    }
  });
});
