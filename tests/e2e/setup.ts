// Shared preamble of the e2e files: where the production build is, the sub-path it is served under, and whether a
// browser is available (E2E_REQUIRED=1 makes a missing browser an error instead of a skip).
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumAvailable, chromiumPath } from '../chromium';
import { serveStatic } from './static-server';

export const DIST = new URL('../../dist/', import.meta.url).pathname;
export const BASE = '/labs/fast-explorer/';
export const haveBrowser = chromiumAvailable();

if (process.env.E2E_REQUIRED === '1' && !haveBrowser) {
  throw new Error(`E2E_REQUIRED=1 but no Chromium at ${chromiumPath()} (set CHROMIUM_PATH or apt-get install chromium)`);
}
if (!existsSync(DIST + 'index.html')) throw new Error('dist/ is not built: run "npm run build" first (npm test does)');

/** What a test counts as a problem on a page: uncaught errors always; optionally console errors (and warnings), crashes,
 * failed requests and HTTP errors. */
export interface WatchOptions { console?: 'errors' | 'errors and warnings'; crash?: boolean; network?: boolean }

export function watchProblems(page: Page, problems: string[], o: WatchOptions = {}): void {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  if (o.console) {
    const warnings = o.console === 'errors and warnings';
    page.on('console', (m) => { if (m.type() === 'error' || (warnings && m.type() === 'warning')) problems.push(`console ${m.type()}: ${m.text()}`); });
  }
  if (o.crash) page.on('crash', () => problems.push('the page crashed'));
  if (o.network) {
    page.on('requestfailed', (r) => { if (!(r.failure()?.errorText ?? '').includes('ERR_ABORTED')) problems.push(`request failed: ${r.url()}`); });
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  }
}

/** The production build served from its sub-path, a headless Chromium and one page at `viewport`, watched for problems. */
export async function openSite(viewport: { width: number; height: number }, problems: string[], o: WatchOptions = {}) {
  mkdirSync('test-results', { recursive: true });
  const site = await serveStatic(DIST, BASE);
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport });
  watchProblems(page, problems, o);
  return { site, browser, page };
}
