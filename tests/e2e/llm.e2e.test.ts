// An LLM in Explore, end to end on the production build served from a sub-path (issue 20): pick Llama 3 8B, switch to
// decode, set the context, see TPOT and the serving curve (decode at batch 1, 2, 4, … while it fits, the design's
// batch marked), then open the page's own share link in a fresh context and get the same workload, phase and context
// back. A link to a batch whose KV cache does not fit the design's DRAM shows the capacity banner and no speed as
// valid; the LLM lessons open as links and answer with the model's numbers; the page stays within a 360 px phone's
// width, and axe-core finds no serious violation in the LLM parts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import type { serveStatic } from './static-server';
import { PRESETS } from '../../shared/hardware';
import { defaultUrlState, serializeUrlState } from '../../shared/url-state';
import { zooNames } from '../../shared/workload';
import { llmVariantName } from '../../shared/workload/llm/index';
import { haveBrowser, openSite, watchProblems } from './setup';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Explore shows the result of what its controls ask for. */
const settled = (page: Page, ms = 180_000) => page.waitForFunction(() => {
  const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
  return !!r && r.dataset.stale === 'false' && r.dataset.shownKey === r.dataset.wantedKey && Number(r.dataset.ops) > 0;
}, undefined, { timeout: ms });

describe.skipIf(!haveBrowser)('an LLM in Explore and its link (production build served from a sub-path)', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ site, browser, page } = await openSite({ width: 1400, height: 900 }, problems, { console: 'errors', crash: true }));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('Llama 3 8B decode at context 2,048: TPOT, the serving curve, and the share link in a fresh page', async () => {
    await page.goto(`${site.url}?v=1&view=explore`);
    await settled(page);
    await page.getByTestId('workload').selectOption('llama-3-8b');
    await expect.poll(() => page.getByTestId('llm-panel').count()).toBe(1);
    await page.getByTestId('llm-phase-prefill').check();
    await expect.poll(() => page.getByTestId('llm-prompt').count()).toBe(1);
    await page.getByTestId('llm-phase-decode').check();
    await page.getByTestId('llm-context').fill('2048');
    await page.getByTestId('llm-context').press('Enter');
    await settled(page);

    const want = llmVariantName('llama-3-8b', { phase: 'decode', context: 2048 });
    expect(await page.getByTestId('view-title').textContent()).toContain('Llama 3 8B');
    const tpot = page.getByTestId('llm-tpot');
    expect(Number(await tpot.getAttribute('data-value'))).toBeGreaterThan(0);
    expect(await tpot.textContent()).toMatch(/\d.*(ms|µs|s)$/);
    expect(await page.getByTestId('llm-metrics').getAttribute('data-phase')).toBe('decode');
    expect(await page.getByTestId('llm-metrics').getAttribute('data-fits')).toBe('true');
    // KV per token of Llama 3 8B in bf16: 128 KiB (2 × 32 layers × 8 KV heads × 128 × 2 bytes)
    expect(Number(await page.getByTestId('llm-kv-per-token').getAttribute('data-value'))).toBe(128 * 1024);

    const status = page.getByTestId('serving-curve-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 240_000, interval: 500 }).toBe('ready');
    const points = Number(await status.getAttribute('data-points'));
    expect(points).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="serving-point"]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="serving-point"][data-kind="current"]').count()).toBe(1); // batch 64 is on the curve
    expect(await page.locator('[data-testid^="serving-segment-"]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('serving-curve-chart').locator('svg').getAttribute('aria-label')).toContain('tokens per second against TPOT');
    const labels = await page.locator('[data-testid="serving-label"]').allTextContents();
    expect(labels[0]).toMatch(/^1\b/);
    // README's tour: the top of the page, with the LLM panel, the LLM metrics and the serving curve
    await page.screenshot({ path: 'test-results/tour-llm.png', fullPage: true, clip: { x: 0, y: 0, width: 1400, height: 1320 } });

    // The link the page writes (debounced) carries the variant name; a fresh context opens the same LLM settings.
    await expect.poll(() => decodeURIComponent(new URL(page.url()).searchParams.get('w') ?? '')).toBe(want);
    const link = page.url();
    const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p2 = await fresh.newPage();
    watchProblems(p2, problems, { console: 'errors' });
    await p2.goto(link);
    await settled(p2);
    expect(await p2.getByTestId('workload').inputValue()).toBe('llama-3-8b');
    expect(await p2.getByTestId('llm-phase-decode').isChecked()).toBe(true);
    expect(await p2.getByTestId('llm-context').inputValue()).toBe('2048');
    expect(await p2.getByTestId('link-error').count()).toBe(0);
    expect(await p2.getByTestId('llm-tpot').getAttribute('data-value')).toBe(await tpot.getAttribute('data-value'));
    await fresh.close();
    expect(problems).toEqual([]);
  }, 420_000);

  it('a batch whose KV cache does not fit the design\'s DRAM shows the capacity banner and no valid speed', async () => {
    // Llama 3 8B at context 8,192 and batch 64 on tpu-v3: 64 × 8,192 × 128 KiB = 64 GiB of KV cache beside 15 GiB of weights.
    const link = serializeUrlState({
      ...defaultUrlState({ workloads: zooNames() }),
      workload: llmVariantName('llama-3-8b', { phase: 'decode', context: 8192 }),
      hardware: { ...PRESETS['tpu-v3'], batch: 64 },
    });
    await page.goto(`${site.url}${link}`);
    await settled(page);
    const banner = page.getByTestId('capacity-banner');
    await expect.poll(() => banner.count()).toBe(1);
    const text = (await banner.textContent()) ?? '';
    expect(text).toMatch(/Does not fit: the batch needs [\d.]+ GiB of DRAM \(weights 15\.0 GiB, KV cache 64\.0 GiB, /);
    expect(text).toMatch(/but the design has [\d.]+ GiB/);
    expect(await page.getByTestId('total-throughput').textContent()).toBe('does not fit');
    expect(await page.getByTestId('llm-tpot').textContent()).toBe('does not fit');
    expect(await page.getByTestId('llm-metrics').getAttribute('data-fits')).toBe('false');
    // the serving curve stops before the batch that does not fit, and says which one
    const status = page.getByTestId('serving-curve-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 240_000, interval: 500 }).toBe('ready');
    const misfit = Number(await status.getAttribute('data-first-misfit'));
    expect(misfit).toBeGreaterThan(0);
    expect(misfit).toBeLessThanOrEqual(64);
    expect(problems).toEqual([]);
  }, 420_000);

  it('the LLM lessons are links: decode at batch 1 against the ridge point, and GQA\'s KV saving, in the model\'s numbers', async () => {
    await page.goto(`${site.url}?v=1&view=explore`);
    await settled(page);
    await page.getByTestId('lesson-llm-decode').click();
    await expect.poll(() => page.url()).toContain('lesson=llm-decode');
    await settled(page);
    expect(await page.getByTestId('llm-metrics').getAttribute('data-phase')).toBe('decode');
    await page.getByTestId('lesson-choice-same').check();
    await page.getByTestId('lesson-step-observe').click();
    const panel = page.getByTestId('lesson-panel');
    await expect.poll(() => panel.textContent(), { timeout: 120_000 }).toMatch(/an arithmetic intensity of [\d.]+ FLOP\/B against the design's ridge point of [\d.]+ FLOP\/B/);
    await expect.poll(() => page.getByTestId('lesson-verdict').count(), { timeout: 120_000 }).toBe(1);
    expect(await page.getByTestId('lesson-verdict').textContent()).toMatch(/TPOT [\d.]+ ms at batch 1 and [\d.]+ ms at batch 64/);
    await page.getByTestId('lesson-following').click();
    await expect.poll(() => page.url()).toContain('lesson=llm-gqa');
    await settled(page);
    await page.getByTestId('lesson-step-observe').click();
    // Qwen2.5-0.5B: 2 × 24 layers × 2 KV heads × 64 × 2 bytes = 12 KiB per token; MHA (14 KV heads) 84 KiB
    await expect.poll(() => panel.textContent(), { timeout: 120_000 }).toMatch(/12\.0 KiB of KV cache per token of context.*it would need 84\.0 KiB/);
    await expect.poll(() => panel.textContent(), { timeout: 120_000 }).toMatch(/GPT-2 124M keeps 36\.0 KiB per token/);
    expect(problems).toEqual([]);
  }, 300_000);

  it('axe-core finds no serious or critical violation with the LLM panel, metrics, banner and serving curve shown', async () => {
    // The capacity link: every LLM part is shown, the banner too.
    await page.goto(`${site.url}${serializeUrlState({
      ...defaultUrlState({ workloads: zooNames() }),
      workload: llmVariantName('llama-3-8b', { phase: 'decode', context: 8192 }),
      hardware: { ...PRESETS['tpu-v3'], batch: 64 },
    })}`);
    await settled(page);
    await expect.poll(() => page.getByTestId('serving-curve-status').getAttribute('data-status'), { timeout: 240_000, interval: 500 }).toBe('ready');
    await expect.poll(() => page.getByTestId('capacity-banner').count()).toBe(1);
    await page.evaluate(AXE_SOURCE);
    const serious = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.help}): ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('; ')}`);
    });
    expect(serious).toEqual([]);
    // axe leaves SVG text out: the serving curve's dark labels read at 4.5:1 on white
    const faint = await page.evaluate(() => Array.from(document.querySelectorAll('[data-testid="serving-curve"] svg.chart text')).flatMap((t) => {
      const rgb = (getComputedStyle(t).fill.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      if (rgb.length < 3) return [];
      const lum = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
      return lum <= 0.5 && 1.05 / (lum + 0.05) < 4.5 ? [`"${t.textContent}" ${(1.05 / (lum + 0.05)).toFixed(2)}:1`] : [];
    }));
    expect(faint).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('on a 360 px phone the LLM panel and the serving curve stay within the page\'s width', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await settled(page);
    await expect.poll(() => page.getByTestId('serving-curve-status').getAttribute('data-status'), { timeout: 240_000, interval: 500 }).toBe('ready');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ['llm-panel', 'serving-curve', 'llm-metrics']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x, id).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(360);
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
