// Security of the production build (docs/architecture.md "Security"): dist/index.html carries the strict
// Content-Security-Policy; no built script contains eval or a Function constructor (zod's are removed by
// vite.config.ts); and in headless Chromium, under that CSP, every view — Explore with its exports, a small search,
// Compare, ROI, Import with dropped files — runs with no CSP violation (securitypolicyviolation events or console
// reports), no request outside the site's origin and no page error. Names from imported files and links are shown as
// text: markup in them is never parsed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium';
import { serveStatic } from './static-server';

import { BASE, DIST, haveBrowser } from './setup';

const XSS = '<img src=x onerror="window.__xss=1">';

/** The CSP of dist/index.html, as directive → sources. */
function builtCsp(): Map<string, string[]> {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  if (!m) throw new Error('dist/index.html has no Content-Security-Policy <meta>');
  return new Map(m[1].split(';').map((d) => d.trim()).filter(Boolean).map((d) => { const [k, ...v] = d.split(/\s+/); return [k, v]; }));
}

function builtScripts(dir = join(DIST, 'assets')): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.js') || f.endsWith('.mjs')).map((f) => join(dir, f));
}

describe('the built site forbids eval and inline code', () => {
  it('dist/index.html carries the strict Content-Security-Policy, first in <head>', () => {
    const csp = builtCsp();
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('worker-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]); // no 'unsafe-inline': the app sets styles through the CSSOM only
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    for (const sources of csp.values()) for (const s of sources) expect(["'unsafe-eval'", "'unsafe-inline'", '*', 'http:', 'https:']).not.toContain(s);
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline handler
  });

  it('no built script contains eval, a Function constructor or a string timer', () => {
    const scripts = builtScripts();
    expect(scripts.some((f) => /\/worker-[\w-]+\.js$/.test(f))).toBe(true); // the workers' bundle is scanned too
    const forbidden: [string, RegExp][] = [
      ['eval(…)', /(?<![\w$.])eval\s*\(/],
      ['new Function(…)', /\bnew\s+Function\s*\(/],
      ['Function("…")', /(?<![\w$.])Function\s*\(\s*[`'"]/],
      ['an alias of Function', /[=(,:]\s*Function\s*[,;)]/],
      ['setTimeout/setInterval with a string', /\bset(?:Timeout|Interval)\s*\(\s*[`'"]/],
    ];
    const found: string[] = [];
    for (const file of scripts) {
      const code = readFileSync(file, 'utf8');
      for (const [what, re] of forbidden) {
        const m = re.exec(code);
        if (m) found.push(`${file.slice(DIST.length)}: ${what} at …${code.slice(Math.max(0, m.index - 60), m.index + 40)}…`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe.skipIf(!haveBrowser)('every view in Chromium under the CSP, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];
  const csp: string[] = [];
  const offsite: string[] = [];

  const watch = (p: Page) => {
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      const t = m.text();
      if (/Content[ -]Security[ -]Policy|Refused to (load|execute|apply|evaluate|connect|create|frame)/i.test(t)) csp.push(`console: ${t}`);
      else if (m.type() === 'error') problems.push(`console error: ${t}`);
    });
    p.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== new URL(site.url).origin) offsite.push(u);
    });
  };
  /** Violations the page's document saw (installed before any page script runs). */
  const violations = (p: Page = page) => p.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    site = await serveStatic(DIST, BASE);
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
      });
    });
    page = await context.newPage();
    watch(page);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const tab = async (view: string) => {
    await page.getByTestId(`tab-${view}`).click();
    await expect.poll(() => page.url()).toContain(`view=${view}`);
  };
  const download = async (click: () => Promise<void>) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
    return dl.suggestedFilename();
  };

  it('Explore: the default view and the CSV/SVG/PNG exports', async () => {
    await page.goto(site.url);
    await page.waitForFunction(() => {
      const r = document.querySelector<HTMLElement>('[data-testid="explore"]');
      return !!r && r.dataset.stale === 'false' && Number(r.dataset.ops) > 0 && r.dataset.reference === 'ready';
    }, undefined, { timeout: 60_000 });
    expect(await page.locator('.placeholder').count()).toBe(0);
    const roofline = page.getByTestId('roofline');
    expect(await download(() => roofline.getByRole('button', { name: 'SVG' }).click())).toMatch(/\.svg$/);
    expect(await download(() => roofline.getByRole('button', { name: 'PNG' }).click())).toMatch(/\.png$/); // canvas from a blob: image
    expect(await download(() => page.getByRole('button', { name: 'CSV' }).first().click())).toMatch(/\.csv$/);
    expect(await violations()).toEqual([]);
  });

  it('Search: a small study runs in the workers and finishes', async () => {
    await tab('search');
    await page.getByTestId('search-trials').fill('8');
    await page.getByTestId('search-seed').fill('3');
    await page.getByTestId('search-start').click();
    await expect.poll(() => page.getByTestId('search').getAttribute('data-phase'), { timeout: 60_000 }).toBe('done');
    expect(await page.getByTestId('trial-point').count()).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
  });

  it('Compare and ROI render', async () => {
    await tab('compare');
    await expect.poll(() => page.getByTestId('compare').count()).toBe(1);
    await expect.poll(() => page.getByTestId('compare').getAttribute('data-pending'), { timeout: 60_000 }).toBe('0');
    await tab('roi');
    await expect.poll(() => page.getByTestId('roi-break-even').getAttribute('data-value'), { timeout: 30_000 }).not.toBe('');
    expect(await violations()).toEqual([]);
  });

  it('Import: names from a dropped file are shown as text, never parsed as markup', async () => {
    await tab('import');
    const csv = `Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n${XSS}, 16, 16, 3, 3, 8, 16, 1,\n`;
    const dt = await page.evaluateHandle((body) => {
      const t = new DataTransfer();
      t.items.add(new File([body], 'names.csv'));
      return t;
    }, csv);
    const zone = page.getByTestId('drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer: dt });
    await zone.dispatchEvent('drop', { dataTransfer: dt });
    await expect.poll(() => page.getByTestId('import').getAttribute('data-phase'), { timeout: 30_000 }).toBe('done');
    expect(await page.locator('[data-testid="import-op-row"] td.name').first().textContent()).toBe(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await violations()).toEqual([]);
  });

  it('a link carrying markup shows it as text in its message', async () => {
    await page.goto(`${site.url}?v=1&w=${encodeURIComponent(XSS)}&op=${encodeURIComponent(XSS)}`);
    await expect.poll(() => page.getByTestId('link-error').textContent()).toContain('<img src=x');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await violations()).toEqual([]);
  });

  it('no CSP violation, no request outside the site and no page error in all of the above', () => {
    expect(csp).toEqual([]);
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
  });
});
