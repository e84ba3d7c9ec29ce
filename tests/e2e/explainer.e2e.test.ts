// End to end, Explore's systolic-array explainer on the production build served from a sub-path (headless Chromium,
// playwright-core): opened from its disclosure, for three shapes × three dataflows it steps (or plays, or jumps) to
// the last cycle, and the counter there equals the total cycles `fast scalesim` prints for the same GEMM on the same
// array (the real command, cli/main's main(), on a topology and .cfg written here); the second step's rows (the GEMM
// on 128×128, the depthwise sample layer) equal `fast scalesim` too; a bad size gets one line; a screenshot
// (test-results/tour-explainer.png), and no console errors or failed requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { serveStatic } from './static-server';
import { main } from '../../cli/main';
import { SAMPLE_TOPOLOGY_CSV } from '../../shared/workload/samples';
import { haveBrowser, openSite } from './setup';

type Dataflow = 'ws' | 'os' | 'is';
interface Shape { rows: number; cols: number; m: number; n: number; k: number }

const dir = mkdtempSync(join(tmpdir(), 'fast-explainer-'));

/** `fast scalesim --json` on a topology text and an array; the rows' total cycles. */
async function fastScalesim(topology: string, rows: number, cols: number, dataflow: Dataflow): Promise<{ layer: string; totalCycles: number }[]> {
  const stem = join(dir, `${rows}x${cols}-${dataflow}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(`${stem}.cfg`, `[general]\nrun_name = explainer\n[architecture_presets]\nArrayHeight: ${rows}\nArrayWidth: ${cols}\nIfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB: 64\nIfmapOffset: 0\nFilterOffset: 10000000\nOfmapOffset: 20000000\nDataflow: ${dataflow}\nBandwidth: 10\nMemoryBanks: 1\n[run_presets]\nInterfaceBandwidth: CALC\n`);
  writeFileSync(`${stem}.csv`, topology);
  let out = '', err = '';
  const code = await main(['scalesim', '--topology', `${stem}.csv`, '--config', `${stem}.cfg`, '--json'], { out: (s) => { out += s; }, err: (s) => { err += s; } });
  if (code !== 0) throw new Error(`fast scalesim exited ${code}: ${err}`);
  return JSON.parse(out);
}

const gemmTopology = (s: Shape) => `Layer, M, N, K,\nexplainer, ${s.m}, ${s.n}, ${s.k},\n`;
const dwTopology = () => {
  const [header, ...rows] = SAMPLE_TOPOLOGY_CSV.trim().split('\n');
  return `${header}\n${rows.filter((r) => r.includes('DP')).join('\n')}\n`;
};

// how each case reaches its last cycle: clicking Step every cycle, playing, or stepping a little and jumping to the end
const SHAPES: { shape: Shape; how: 'step' | 'play' | 'end' }[] = [
  { shape: { rows: 4, cols: 4, m: 4, n: 4, k: 4 }, how: 'step' },
  { shape: { rows: 8, cols: 6, m: 13, n: 7, k: 20 }, how: 'play' },
  { shape: { rows: 16, cols: 12, m: 32, n: 30, k: 29 }, how: 'end' },
];
const DATAFLOWS: Dataflow[] = ['ws', 'os', 'is'];

describe.skipIf(!haveBrowser)('systolic explainer in Chromium, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ site, browser, page } = await openSite({ width: 1400, height: 900 }, problems, { console: 'errors and warnings', network: true }));
    await page.goto(site.url);
    await page.getByTestId('explore').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const cycle = async (p: Page) => {
    const el = p.getByTestId('systolic-cycle');
    const attr = Number(await el.getAttribute('data-cycle'));
    expect(Number((await el.textContent())!.replace(/,/g, ''))).toBe(attr);
    return attr;
  };

  async function setShape(p: Page, s: Shape, dataflow: Dataflow) {
    await p.getByTestId('systolic-dataflow').selectOption(dataflow);
    for (const f of ['rows', 'cols', 'm', 'n', 'k'] as const) {
      const input = p.getByTestId(`systolic-${f}`);
      await input.fill(String(s[f]));
      await input.press('Tab'); // commits the value (change)
    }
    expect(JSON.parse((await p.getByTestId('systolic-explainer').getAttribute('data-shape'))!)).toEqual({ ...s, dataflow });
    // the core's numbers for this very shape
    await p.waitForFunction(() => {
      const want = document.querySelector('[data-testid="systolic-explainer"]')?.getAttribute('data-shape');
      return document.querySelector('[data-testid="systolic-core-total"]')?.getAttribute('data-key') === want;
    }, undefined, { timeout: 30_000 });
  }

  it('opens from its disclosure in Explore', async () => {
    await page.getByTestId('systolic-open').click();
    await page.getByTestId('systolic-explainer').waitFor({ timeout: 30_000 });
    expect(await cycle(page)).toBe(0);
  });

  for (const { shape, how } of SHAPES) {
    for (const dataflow of DATAFLOWS) {
      it(`${shape.m}×${shape.n}×${shape.k} on ${shape.rows}×${shape.cols}, ${dataflow}: ends on fast scalesim's total cycles (${how})`, async () => {
        const [want] = await fastScalesim(gemmTopology(shape), shape.rows, shape.cols, dataflow);
        await setShape(page, shape, dataflow);
        expect(await cycle(page)).toBe(0);
        expect(await page.getByTestId('systolic-phase').textContent()).toBe(dataflow === 'os' ? 'fill' : 'load');
        expect(Number(await page.getByTestId('systolic-core-total').getAttribute('data-total'))).toBe(want.totalCycles);
        expect(await page.getByTestId('systolic-agrees').count()).toBe(1);
        await page.getByTestId('systolic-step').click();
        await page.getByTestId('systolic-step').click();
        expect(await cycle(page)).toBe(2);
        await page.getByTestId('systolic-back').click();
        expect(await cycle(page)).toBe(1);
        if (how === 'step') {
          let clicks = 1;
          while (await page.getByTestId('systolic-step').isEnabled()) {
            await page.getByTestId('systolic-step').click();
            clicks++;
            expect(clicks).toBeLessThanOrEqual(want.totalCycles);
          }
          expect(clicks).toBe(want.totalCycles);
        } else if (how === 'play') {
          await page.getByTestId('systolic-speed').selectOption('100');
          await page.getByTestId('systolic-play').click();
          await expect.poll(() => page.getByTestId('systolic-pause').count()).toBe(1);
          // it stops by itself on the last cycle
          await page.getByTestId('systolic-play').waitFor({ timeout: 30_000 });
        } else {
          await page.getByTestId('systolic-end').click();
        }
        expect(await cycle(page)).toBe(want.totalCycles);
        expect(Number(await page.getByTestId('systolic-last').getAttribute('data-last'))).toBe(want.totalCycles);
        expect(await page.getByTestId('systolic-step').isDisabled()).toBe(true);
        expect(await page.getByTestId('systolic-phase').textContent()).toBe('drain');
        await page.getByTestId('systolic-reset').click();
        expect(await cycle(page)).toBe(0);
      });
    }
  }

  it('the second step: the same GEMM on 128×128 and the depthwise layer, as fast scalesim counts them', async () => {
    const shape: Shape = { rows: 8, cols: 8, m: 24, n: 20, k: 18 };
    await setShape(page, shape, 'ws');
    const [big] = await fastScalesim(gemmTopology(shape), 128, 128, 'ws');
    const [dwSmall] = await fastScalesim(dwTopology(), 8, 8, 'ws');
    const [dwBig] = await fastScalesim(dwTopology(), 128, 128, 'ws');
    const rows = await page.$$eval('[data-testid="systolic-lesson-row"]', (trs) => trs.map((tr) => [(tr as HTMLElement).dataset.id, Number((tr as HTMLElement).dataset.cycles)]));
    const [small] = await fastScalesim(gemmTopology(shape), 8, 8, 'ws');
    expect(rows).toEqual([['gemm-small', small.totalCycles], ['gemm-big', big.totalCycles], ['dw-small', dwSmall.totalCycles], ['dw-big', dwBig.totalCycles]]);
    expect(await page.getByTestId('systolic-why-dw').textContent()).toContain('K = kh·kw = 3·3 = 9');
    // the screenshot: partial sums leaving the bottom row in the first fold (K = 18 spans three row folds of 8)
    for (let i = 0; i < 20; i++) await page.getByTestId('systolic-step').click();
    expect(await cycle(page)).toBe(20);
    expect(await page.getByTestId('systolic-out').count()).toBeGreaterThan(0);
    await page.getByTestId('systolic').screenshot({ path: 'test-results/tour-explainer.png' });
  });

  it('a size out of bounds gets one line and no animation', async () => {
    const m = page.getByTestId('systolic-m');
    await m.fill('40');
    await m.press('Tab');
    expect((await page.getByTestId('systolic-error').textContent())!.trim()).toBe('M must be a whole number from 1 to 32 (got 40)');
    expect(await page.getByTestId('systolic-grid').count()).toBe(0);
    await m.fill('12');
    await m.press('Tab');
    expect(await page.getByTestId('systolic-grid').count()).toBe(1);
  });

  it('logged no errors', () => {
    expect(problems).toEqual([]);
  });
});
