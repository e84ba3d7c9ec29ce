// The sweep against the command line, end to end (issue 18's "the sweep of array rows on EfficientNet-B0 matches
// fast simulate at three points"): the production build served from a sub-path sweeps array rows over its whole grid
// around the default Explore design (EfficientNet-B0 on tpu-v3, every pass), its CSV is downloaded, and three of its
// points equal `fast simulate --json` run as a separate process on a hardware file with that many rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { serveStatic } from './static-server';
import { PRESETS, domainValues, effectiveDomain } from '../../shared/hardware';

import { haveBrowser, openSite } from './setup';

const ROWS = [32, 128, 256];

describe.skipIf(!haveBrowser)('the sweep against fast simulate, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ site, browser, page } = await openSite({ width: 1400, height: 900 }, problems, {}));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('array rows on EfficientNet-B0: three points of the page\'s sweep equal fast simulate', async () => {
    await page.goto(`${site.url}?v=1&view=explore`);
    await page.waitForFunction(() => {
      const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
      return !!r && r.dataset.stale === 'false' && r.dataset.shownKey === r.dataset.wantedKey && Number(r.dataset.ops) > 0;
    }, undefined, { timeout: 60_000 });
    await page.getByTestId('sweep-param').selectOption('arrayRows');
    await page.getByTestId('sweep-start').click();
    await expect.poll(() => page.getByTestId('sweep-status').getAttribute('data-status'), { timeout: 240_000, interval: 1000 }).toBe('done');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-csv').click()]);
    const path = 'test-results/sweep-arrayRows.csv';
    await dl.saveAs(path);
    const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
    const cols = head.split(',');
    const rows = new Map(lines.map((l) => l.split(',')).map((c) => [Number(c[0]), Object.fromEntries(cols.map((k, i) => [k, c[i]]))]));
    expect([...rows.keys()]).toEqual(domainValues(effectiveDomain('arrayRows', PRESETS['tpu-v3']))); // the whole grid

    for (const r of ROWS) {
      const row = rows.get(r)!;
      expect(row.status, `${r} rows`).toBe('ok');
      const file = `test-results/sweep-hw-${r}.json`;
      writeFileSync(file, JSON.stringify({ base: 'tpu-v3', arrayRows: r }));
      const cli = JSON.parse(execFileSync('node', ['cli/fast.mjs', 'simulate', '--workload', 'efficientnet-b0', '--hardware', file, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
      expect(Number(row.throughputPerSecond), `${r} rows: throughput`).toBe(cli.throughputPerSecond);
      expect(Number(row.latencySeconds), `${r} rows: latency`).toBe(cli.latencySeconds);
      expect(Number(row.perfPerTdp), `${r} rows: Perf/TDP`).toBe(cli.perfPerTdp);
      expect(Number(row.areaMm2), `${r} rows: area`).toBe(cli.areaMm2);
      expect(Number(row.tdpWatts), `${r} rows: TDP`).toBe(cli.tdpWatts);
      expect(Number(row.joulesPerInference) / cli.energy.joulesPerInference, `${r} rows: energy`).toBeCloseTo(1, 12);
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
