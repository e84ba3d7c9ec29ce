// Search for LLM serving in the page, end to end on the production build served from a sub-path (issue 20): the Search
// view's form with GPT-2 124M in decode, a TPOT SLO of 20 ms typed in the form's TPOT field, random search, seed 1,
// 8 trials. The study runs in the page's workers and ends with exactly what the form's own command line (`fast search
// --workload gpt2-124m --phase decode --context 1024 … --tpot-slo 20ms`, run here as printed through the CLI's main())
// gives: the same trials in the same order with the same gains, the same best design. The page shows the study's SLO
// and the best design's batch (the largest meeting the SLO) and TPOT; a reload brings the finished study back; the
// view's share link carries the SLO (stpot) and a fresh page opened from it shows the form with the SLO, the workload
// and its phase.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { serveStatic } from './static-server';
import { main } from '../../cli/main';
import { num, seconds } from '../../web/src/lib/format';
import { haveBrowser, openSite, watchProblems } from './setup';

const TRIALS = 8;
const SEED = 1;
const ALGORITHM = 'random';
const TPOT_SLO_MS = 20;

interface WorkloadRow { workload: string; batch: number; gainVsTpuV3: number; tpotSeconds?: number; latencySeconds: number }
interface Trial { index: number; status: string; code?: string; reason?: string; gainVsTpuV3: number | null; hardware: Record<string, unknown>; workloads: WorkloadRow[] }
interface Result { best: { trial: number; hardware: Record<string, unknown>; gainVsTpuV3: number; workloads: WorkloadRow[] } | null; trials: Trial[] }

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** a equals b to 1e-9 relative (both finite), or both are null. */
function closeRel(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

describe.skipIf(!haveBrowser)('an LLM serving search in the page equals fast search (production build served from a sub-path)', () => {
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

  it(`GPT-2 124M decode, TPOT SLO ${TPOT_SLO_MS} ms, ${ALGORITHM}, seed ${SEED}, ${TRIALS} trials: fast search's trials, best design, batch and TPOT; the link carries the SLO`, async () => {
    await page.goto(`${site.url}?v=1&view=search`);
    await page.getByTestId('search-workload-efficientnet-b0').uncheck();
    await page.getByTestId('search-workload-gpt2-124m').check();
    await expect.poll(() => page.getByTestId('search-llm').count()).toBe(1);
    await page.getByTestId('search-llm-phase-gpt2-124m').selectOption('decode');
    await page.getByTestId('search-tpot-slo').fill(String(TPOT_SLO_MS));
    await page.getByTestId('search-algorithm').selectOption(ALGORITHM);
    await page.getByTestId('search-trials').fill(String(TRIALS));
    await page.getByTestId('search-seed').fill(String(SEED));
    expect(await page.getByTestId('study-issue').count()).toBe(0);
    // The form's own command line (an LLM variant as its base and --phase/--context: the CLI splits --workload on
    // commas), run here as printed, is the reference.
    const line = (await page.getByTestId('search-cli').locator('code').textContent()) ?? '';
    expect(line).toBe(`npx fast search --workload gpt2-124m --phase decode --context 1024 --trials ${TRIALS} --seed ${SEED} --algorithm ${ALGORITHM} --tpot-slo ${TPOT_SLO_MS}ms`);
    expect(await page.getByTestId('search-cli').textContent()).not.toContain('plus the flags');
    const r = await cli([...line.replace(/^npx fast /, '').split(' '), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const want = JSON.parse(r.out) as Result;
    expect(want.trials).toHaveLength(TRIALS);
    expect(want.best).not.toBeNull();
    const variant = want.best!.workloads[0].workload;
    expect(variant).toBe('gpt2-124m:decode,context=1024');

    // The share link (written debounced) carries the SLO in seconds, and the workload variant.
    await expect.poll(() => new URL(page.url()).searchParams.get('stpot')).toBe(String(TPOT_SLO_MS / 1e3));
    const link = page.url();
    expect(link).toContain('view=search');

    await page.getByTestId('search-start').click();
    const root = page.getByTestId('search');
    await expect.poll(() => root.getAttribute('data-phase'), { timeout: 60_000, interval: 250 }).toMatch(/^(done|error)$/);
    expect(await page.getByTestId('search-error').count() ? await page.getByTestId('search-error').textContent() : '').toBe('');
    expect(await root.getAttribute('data-phase')).toBe('done');
    expect(await page.getByTestId('search-count').first().textContent()).toBe(`${TRIALS} / ${TRIALS}`);
    expect(await page.getByTestId('search-tpot-slo-label').textContent()).toBe(`TPOT ≤ ${num(TPOT_SLO_MS, 2)} ms`);

    // The page's result is fast search's, trial for trial.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-results-json').click()]);
    const path = `test-results/llm-search-${dl.suggestedFilename()}`;
    await dl.saveAs(path);
    const mine = JSON.parse(readFileSync(path, 'utf8')) as Result;
    expect(mine.trials.map((t) => t.index)).toEqual(want.trials.map((t) => t.index));
    for (let i = 0; i < TRIALS; i++) {
      const [a, b] = [mine.trials[i], want.trials[i]];
      expect(a.hardware, `trial ${i}`).toEqual(b.hardware);
      expect([a.status, a.code, a.reason], `trial ${i}`).toEqual([b.status, b.code, b.reason]);
      expect(closeRel(a.gainVsTpuV3, b.gainVsTpuV3), `trial ${i} gain ${a.gainVsTpuV3} vs ${b.gainVsTpuV3}`).toBe(true);
      expect(a.workloads.map((w) => [w.workload, w.batch]), `trial ${i}`).toEqual(b.workloads.map((w) => [w.workload, w.batch]));
      a.workloads.forEach((w, k) => expect(closeRel(w.tpotSeconds, b.workloads[k].tpotSeconds), `trial ${i} TPOT`).toBe(true));
    }
    expect(mine.best!.trial).toBe(want.best!.trial);
    expect(mine.best!.hardware).toEqual(want.best!.hardware);
    expect(closeRel(mine.best!.gainVsTpuV3, want.best!.gainVsTpuV3)).toBe(true);

    // The best design's batch (the largest meeting the SLO) and its TPOT, within the SLO, as the page shows them.
    const best = want.best!.workloads[0];
    expect(best.tpotSeconds).toBeDefined();
    expect(best.tpotSeconds!).toBeLessThanOrEqual(TPOT_SLO_MS / 1e3);
    expect(await page.getByTestId('trial-detail').getAttribute('data-trial')).toBe(String(want.best!.trial));
    expect(await page.getByTestId('detail-batch').first().textContent()).toBe(String(best.batch));
    const cell = page.getByTestId('detail-latency').first();
    expect(closeRel(Number(await cell.getAttribute('data-tpot')), best.tpotSeconds)).toBe(true);
    expect(await cell.textContent()).toContain(seconds(best.tpotSeconds!));
    expect(await cell.textContent()).toContain('TPOT');

    // The finished study is kept in this browser: a reload brings it back (its saved workloads are LLM variant names).
    await page.reload();
    await expect.poll(() => page.getByTestId('search').getAttribute('data-phase'), { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('search-corrupt').count()).toBe(0);
    expect(await page.getByTestId('trial-detail').getAttribute('data-trial')).toBe(String(want.best!.trial));
    expect(await page.getByTestId('detail-batch').first().textContent()).toBe(String(best.batch));

    // A fresh page opened from the link shows the form with the SLO, the workload and its phase.
    const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p2 = await fresh.newPage();
    watchProblems(p2, problems, { console: 'errors' });
    await p2.goto(link);
    await expect.poll(() => p2.getByTestId('search-tpot-slo').count()).toBe(1);
    expect(await p2.getByTestId('search-tpot-slo').inputValue()).toBe(String(TPOT_SLO_MS));
    expect(await p2.getByTestId('search-workload-gpt2-124m').isChecked()).toBe(true);
    expect(await p2.getByTestId('search-workload-efficientnet-b0').isChecked()).toBe(false);
    expect(await p2.getByTestId('search-llm-phase-gpt2-124m').inputValue()).toBe('decode');
    expect(await p2.getByTestId('search-algorithm').inputValue()).toBe(ALGORITHM);
    expect(await p2.getByTestId('search-trials').inputValue()).toBe(String(TRIALS));
    expect(await p2.getByTestId('link-error').count()).toBe(0);
    expect(await p2.getByTestId('search-cli').locator('code').textContent()).toBe(line);
    await fresh.close();
    expect(problems).toEqual([]);
  }, 150_000);
});
