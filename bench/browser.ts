// `npm run bench:browser [-- --json] [--samples N] [--workload W] [--search-trials N] [--algorithms A,B] [--search-only]
// [--dist DIR]`: slider
// change → charts updated, in headless Chromium, on the production build (dist/) served from a sub-path. Each sample moves the array-rows slider of
// the Explore view (EfficientNet-B7 by default) to a design not simulated before (the clock slider is set to a
// fresh value first, untimed), and times, inside the page, from the input event to (a) the DOM commit that shows
// the new result in every chart and (b) the next animation frame after it, once the view has warmed its fusion
// solvers (solversWarmMs after the first result; a reader's pause, ExploreState.solvers). A second series moves the slider back
// to a design already simulated (the state's reply cache). Then the Search view: a seeded study on EfficientNet-B0
// (all passes, as every search) with 2 workers, once per algorithm (evolution, the default, and BO), timed inside
// the page from the Start click to the phase 'done' (trials/s over that wall time; the view has started its workers
// before, as it does while a user reads the form, so their start-up is not in it), with
// the longest main-thread task meanwhile (Chromium's 'longtask' entries: tasks over 50 ms; 0 when there were none) and when
// each such task began (longTaskStartsMs, from the Start click).
// `--dist DIR` benchmarks another build (an A/B of two builds). Also reports the built site's gzipped JS, CSS and Wasm.
// `--search-only --search-trials 5000 --algorithms evolution` times the 5,000-trial study in the page alone (the
// issue's moonshot: its throughput, and whether the page's main thread was ever blocked over 50 ms).
// Never asserted in tests (benchmarks, not timed tests).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic } from '../tests/e2e/static-server';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/chromium';

const args = process.argv.slice(2);
const json = args.includes('--json');
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const SAMPLES = Number(opt('samples', '40'));
const WORKLOAD = opt('workload', 'efficientnet-b7');
const SEARCH_TRIALS = Number(opt('search-trials', '200'));
const ALGORITHMS = opt('algorithms', 'evolution,bo').split(',');
const SEARCH_ONLY = args.includes('--search-only');
if (!(SEARCH_TRIALS >= 1) || ALGORITHMS.some((a) => !['evolution', 'bo', 'random'].includes(a))) throw new Error('--search-trials takes a count ≥ 1 and --algorithms a list of evolution, bo, random');
const DIST = args.includes('--dist') ? `${opt('dist', '').replace(/\/$/, '')}/` : new URL('../dist/', import.meta.url).pathname;
if (!existsSync(`${DIST}index.html`)) throw new Error('dist/ is not built: run "npm run build" (npm run bench:browser does)');

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const r1 = (v: number) => Math.round(v * 10) / 10;
const stats = (xs: number[]) => ({ n: xs.length, p50: r1(quantile(xs, 0.5)), p95: r1(quantile(xs, 0.95)), max: r1(Math.max(...xs)) });

function sizes() {
  const dir = `${DIST}assets/`;
  const files = readdirSync(dir).map((f) => {
    const raw = readFileSync(dir + f);
    return { file: f, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
  });
  const sum = (pred: (f: string) => boolean) => files.filter((x) => pred(x.file)).reduce((s, x) => ({ bytes: s.bytes + x.bytes, gzipBytes: s.gzipBytes + x.gzipBytes }), { bytes: 0, gzipBytes: 0 });
  return {
    files,
    pageJs: sum((f) => f.startsWith('index-') && f.endsWith('.js')),
    css: sum((f) => f.endsWith('.css')),
    workerJs: sum((f) => f.startsWith('worker-') && f.endsWith('.js')),
    coreWasm: sum((f) => f.startsWith('release-') && f.endsWith('.wasm')),
    highsWasm: sum((f) => f.startsWith('highs-') && f.endsWith('.wasm')),
    allJs: sum((f) => f.endsWith('.js')),
    allWasm: sum((f) => f.endsWith('.wasm')),
  };
}

/** Set a slider to position `index` and time, in the page, until the view shows the result for the new state. */
function move(page: Page, testid: string, index: number): Promise<{ domMs: number; frameMs: number; changed: boolean }> {
  return page.evaluate(({ testid, index }) => new Promise((resolve, reject) => {
    const el = document.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`);
    const root = document.querySelector<HTMLElement>('[data-testid="explore"]');
    if (!el || !root) { reject(new Error('controls not found')); return; }
    const before = root.dataset.wantedKey;
    let t0 = 0;
    let done = false;
    const check = () => {
      if (done) return;
      const wanted = root.dataset.wantedKey;
      if (wanted !== before && root.dataset.shownKey === wanted && root.dataset.stale === 'false') {
        done = true;
        const domMs = performance.now() - t0;
        mo.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve({ domMs, frameMs: performance.now() - t0, changed: true }), 0));
      }
    };
    const mo = new MutationObserver(check);
    mo.observe(root, { attributes: true, attributeFilter: ['data-stale', 'data-shown-key', 'data-wanted-key'] });
    setTimeout(() => { if (!done) { mo.disconnect(); reject(new Error(`no update within 20 s (${testid} → ${index})`)); } }, 20_000);
    t0 = performance.now();
    el.value = String(index);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    queueMicrotask(check);
  }), { testid, index });
}

async function settle(page: Page) {
  await page.waitForFunction(() => {
    const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
    return r?.dataset.stale === 'false' && r.dataset.shownKey === r.dataset.wantedKey && Number(r.dataset.ops) > 0
      && r.dataset.reference === 'ready';
  }, undefined, { timeout: 60_000 });
}

/** Run one seeded study in the Search view; trials/s over its wall time and the longest main-thread task meanwhile. */
interface SearchFigures { trialsPerS: number; wallMs: number; longestTaskMs: number; longTasks: number; longTaskStartsMs: number[] }

async function searchRun(browser: Browser, url: string, algorithm: string, errors: string[]): Promise<SearchFigures> {
  // A fresh context: an empty IndexedDB (no saved search to restore), the long-task observer from the first script on.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript({
      content: "globalThis.__longtasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) globalThis.__longtasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });",
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    return await searchIn(page, url, algorithm);
  } finally {
    await context.close();
  }
}

async function searchIn(page: Page, url: string, algorithm: string): Promise<SearchFigures> {
  await page.goto(`${url}?v=1&view=search`);
  await page.getByTestId('search-trials').fill(String(SEARCH_TRIALS));
  await page.getByTestId('search-seed').fill('7');
  await page.getByTestId('search-workers').fill('2');
  await page.getByTestId('search-algorithm').selectOption(algorithm);
  // The view starts the form's workers while a user reads the form (SearchState.prewarm); time from a warm page, as a
  // user who has read the form sees it.
  await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="search"]')?.dataset.warm) >= 2, undefined, { timeout: 60_000 });
  const t0 = await page.evaluate(() => {
    const w = globalThis as unknown as { __done?: number };
    const root = document.querySelector<HTMLElement>('[data-testid="search"]')!;
    delete w.__done;
    new MutationObserver((_m, mo) => {
      if (root.dataset.phase === 'done' || root.dataset.phase === 'error') { w.__done = performance.now(); mo.disconnect(); }
    }).observe(root, { attributes: true, attributeFilter: ['data-phase'] });
    const t = performance.now();
    document.querySelector<HTMLButtonElement>('[data-testid="search-start"]')!.click();
    return t;
  });
  await page.waitForFunction(() => (globalThis as unknown as { __done?: number }).__done !== undefined, undefined, { timeout: 600_000, polling: 200 });
  if ((await page.getAttribute('[data-testid="search"]', 'data-phase')) !== 'done') throw new Error(`the ${algorithm} search failed: ${await page.getByTestId('search-error').textContent()}`);
  const { t1, tasks } = await page.evaluate(() => {
    const w = globalThis as unknown as { __done: number; __longtasks: [number, number][] };
    return { t1: w.__done, tasks: w.__longtasks };
  });
  const inRun = tasks.filter(([start, d]) => start + d >= t0 && start <= t1);
  const during = inRun.map(([, d]) => d);
  return {
    trialsPerS: r1(SEARCH_TRIALS / ((t1 - t0) / 1e3)), wallMs: Math.round(t1 - t0), longestTaskMs: r1(Math.max(0, ...during)), longTasks: during.length,
    longTaskStartsMs: inRun.map(([start]) => Math.round(start - t0)), // when each began, from the search's start
  };
}

const result: Record<string, unknown> = {};

/** The Explore view's slider series (the figures above), into `result`. */
async function sliders(page: Page): Promise<void> {
  const t0 = Date.now();
  await page.goto(`${site.url}?v=1&w=${WORKLOAD}&hw=tpu-v3&passes=all`);
  await page.waitForSelector('[data-testid="explore"]');
  const firstPaintMs = Date.now() - t0;
  await settle(page);
  const firstResultMs = Date.now() - t0;
  // As a reader who pauses after the first result: the view warms the fusion solvers in the simulation worker then
  // (ExploreState.solvers, SOLVER_WARM_DELAY_MS after the last result); the steps are timed after it. (A build from
  // before the warm-up, --dist, has no data-solvers: no wait.)
  await page.waitForFunction(() => ['done', undefined].includes(document.querySelector<HTMLElement>('[data-testid="explore"]')?.dataset.solvers), undefined, { timeout: 120_000 });
  const solversWarmMs = Date.now() - t0 - firstResultMs;
  const ops = Number(await page.getAttribute('[data-testid="explore"]', 'data-ops'));
  const bars = await page.locator('[data-testid="op-bar"]').count();

  const rowsMax = Number(await page.getAttribute('[data-testid="param-arrayRows"]', 'max'));
  const clockMax = Number(await page.getAttribute('[data-testid="param-clockGhz"]', 'max'));
  const rowsA = rowsMax - 2; // 128 rows (the preset's)
  const rowsB = rowsMax - 4; // 64 rows
  const fresh: { domMs: number; frameMs: number }[] = [];
  const cached: { domMs: number; frameMs: number }[] = [];
  const warmup = 3;
  if (2 * (SAMPLES + warmup) > clockMax) throw new Error(`at most ${Math.floor(clockMax / 2) - warmup} samples`);
  for (let i = 0; i < SAMPLES + warmup; i++) {
    await move(page, 'param-clockGhz', 2 * i + 1); // a clock not used before (odd positions; the preset's is even): untimed
    const f = await move(page, 'param-arrayRows', rowsB); // a design never simulated: re-simulate
    const c = await move(page, 'param-arrayRows', rowsA); // the design the clock move simulated: from the cache
    if (i >= warmup) { fresh.push(f); cached.push(c); }
  }
  result.workload = WORKLOAD;
  result.ops = ops;
  result.barsDrawn = bars;
  result.firstPaintMs = firstPaintMs;
  result.firstResultMs = firstResultMs;
  result.solversWarmMs = solversWarmMs;
  result.sliderToChartsMs = {
    resimulate: { dom: stats(fresh.map((s) => s.domMs)), nextFrame: stats(fresh.map((s) => s.frameMs)) },
    cached: { dom: stats(cached.map((s) => s.domMs)), nextFrame: stats(cached.map((s) => s.frameMs)) },
  };
}

const site = await serveStatic(DIST, '/bench/fast-explorer/');
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // tsx (esbuild, keepNames) wraps functions in __name(); functions passed to page.evaluate need it in the page.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  if (!SEARCH_ONLY) await sliders(page);
  const search: Record<string, unknown> = { workload: 'efficientnet-b0', trials: SEARCH_TRIALS, seed: 7, workers: 2 };
  for (const algorithm of ALGORITHMS) search[algorithm] = await searchRun(browser, site.url, algorithm, errors);
  result.inPageSearch = search;
  result.pageErrors = errors;
} finally {
  await browser.close();
  await site.close();
}
result.sizes = sizes();
result.cores = cpus().length;
result.chromium = chromiumPath();

if (json) console.log(JSON.stringify(result));
else {
  const r = result as { sliderToChartsMs: Record<string, Record<string, { n: number; p50: number; p95: number; max: number }>>; sizes: ReturnType<typeof sizes> };
  const f = (v: number) => v.toFixed(1).padStart(7);
  if (!SEARCH_ONLY) {
  console.log(`slider → charts updated, ${WORKLOAD} (${result.ops} ops, ${result.barsDrawn} bars), headless Chromium, ${result.cores} cores`);
  console.log(`first paint ${result.firstPaintMs} ms, first result ${result.firstResultMs} ms, fusion solvers warm ${result.solversWarmMs} ms later`);
  console.log('series                      n     p50 ms  p95 ms  max ms');
  for (const [name, s] of Object.entries(r.sliderToChartsMs)) {
    for (const [kind, x] of Object.entries(s)) console.log(`${`${name} (${kind})`.padEnd(26)} ${String(x.n).padStart(3)} ${f(x.p50)} ${f(x.p95)} ${f(x.max)}`);
  }
  }
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  const z = r.sizes;
  console.log(`gzipped: page JS ${kb(z.pageJs.gzipBytes)}, CSS ${kb(z.css.gzipBytes)}, worker JS ${kb(z.workerJs.gzipBytes)}, core Wasm ${kb(z.coreWasm.gzipBytes)}, `
    + `HiGHS Wasm ${kb(z.highsWasm.gzipBytes)} (loaded only for fusion with GMEM); all JS ${kb(z.allJs.gzipBytes)}, all Wasm ${kb(z.allWasm.gzipBytes)}`);
  const s = result.inPageSearch as Record<string, { trialsPerS: number; wallMs: number; longestTaskMs: number; longTasks: number }>;
  for (const a of ALGORITHMS) {
    console.log(`in-page search, ${a}, ${SEARCH_TRIALS} trials on efficientnet-b0, 2 workers: ${s[a].trialsPerS} trials/s (${s[a].wallMs} ms); `
      + `longest main-thread task ${s[a].longestTaskMs} ms (${s[a].longTasks} over 50 ms)`);
  }
  if ((result.pageErrors as string[]).length) console.log('page errors:', result.pageErrors);
}
