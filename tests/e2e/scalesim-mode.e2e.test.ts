// SCALE-Sim mode in the page (issue 18), end to end on the production build served from a sub-path (headless
// Chromium, playwright-core): a SCALE-Sim topology dropped with its .cfg offers SCALE-Sim mode; its per-layer cycles,
// stall cycles, utilisations and DRAM counts equal what `node cli/fast.mjs scalesim … --json` prints for the same
// files (run here), beside the native model's cycles on the .cfg's array (the FC layer: 194,559 vs 66,679)
// with one "why they differ" line per layer; a .cfg SCALE-Sim mode cannot run gets one clear line; axe-core, run in
// the page under its CSP, finds no serious or critical violation with the panel open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { serveStatic } from './static-server';
import { haveBrowser, openSite } from './setup';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CLI = new URL('../../cli/fast.mjs', import.meta.url).pathname;

const cfg = (o: { rows: number; cols: number; dataflow: string; mode: string; bandwidth?: number }) => [
  '[general]', 'run_name = e2e', '', '[architecture_presets]', `ArrayHeight: ${o.rows}`, `ArrayWidth: ${o.cols}`,
  'IfmapSramSzkB: 64', 'FilterSramSzkB: 64', 'OfmapSramSzkB: 64', 'IfmapOffset: 0', 'FilterOffset: 10000000', 'OfmapOffset: 20000000',
  `Dataflow: ${o.dataflow}`, ...(o.bandwidth ? [`Bandwidth: ${o.bandwidth}`] : []), '', '[run_presets]', `InterfaceBandwidth: ${o.mode}`, '',
].join('\n');

/** The pairs dropped: the FC layer (CALC, 32×32 ws), and conv, depthwise (DP) and FC rows in USER mode on 128×128 os. */
const PAIRS = [
  { name: 'fc', csv: 'Layer name, M, N, K,\nfc1, 1, 1000, 2048,\n', cfg: cfg({ rows: 32, cols: 32, dataflow: 'ws', mode: 'CALC', bandwidth: 10 }) },
  {
    name: 'convs',
    csv: 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n'
      + 'conv1, 30, 30, 3, 3, 32, 64, 1,\nconvDP, 16, 16, 3, 3, 16, 1, 1,\nfc, 1, 1, 1, 1, 512, 100, 1,\n',
    cfg: cfg({ rows: 128, cols: 128, dataflow: 'os', mode: 'USER', bandwidth: 8 }),
  },
];

describe.skipIf(!haveBrowser)('SCALE-Sim mode in the Import view, production build served from a sub-path', () => {
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'scalesim-mode-e2e-'));

  const drop = async (files: { name: string; text: string }[]) => {
    const dt = await page.evaluateHandle((fs) => {
      const t = new DataTransfer();
      for (const f of fs) t.items.add(new File([f.text], f.name));
      return t;
    }, files);
    const zone = page.getByTestId('drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer: dt });
    await zone.dispatchEvent('drop', { dataTransfer: dt });
  };
  const importPair = async (p: { name: string; csv: string; cfg: string }) => {
    await drop([{ name: `${p.name}.csv`, text: p.csv }, { name: `${p.name}.cfg`, text: p.cfg }]);
    await expect.poll(() => page.getByTestId('import-name').textContent(), { timeout: 30_000 }).toBe(p.name);
    await page.getByTestId('scalesim-mode').waitFor();
  };
  const runMode = async () => {
    await page.getByTestId('scalesim-run').click();
    await expect.poll(() => page.getByTestId('scalesim-mode').getAttribute('data-status'), { timeout: 60_000 }).toMatch(/^(ok|error)$/);
  };

  beforeAll(async () => {
    ({ site, browser, page } = await openSite({ width: 1400, height: 900 }, problems, { console: 'errors' }));
    await page.goto(`${site.url}?v=1&view=import`);
    await page.getByTestId('drop-zone').waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('SCALE-Sim mode\'s cycles, utilisations and DRAM counts equal `fast scalesim --json` on the same files, beside the native model with a reason per layer', async () => {
    for (const p of PAIRS) {
      writeFileSync(join(dir, `${p.name}.csv`), p.csv);
      writeFileSync(join(dir, `${p.name}.cfg`), p.cfg);
      const cli = JSON.parse(execFileSync(process.execPath, [CLI, 'scalesim', '--topology', join(dir, `${p.name}.csv`), '--config', join(dir, `${p.name}.cfg`), '--json'], { encoding: 'utf8' })) as {
        layer: string; totalCycles: number; stallCycles: number; computeUtilizationPct: number; overallUtilizationPct: number;
        dramIfmapReads: number | null; dramFilterReads: number | null; dramOfmapWrites: number | null;
      }[];
      await importPair(p);
      await runMode();
      expect(await page.getByTestId('scalesim-mode').getAttribute('data-status')).toBe('ok');
      const rows = await page.getByTestId('scalesim-row').evaluateAll((els) => els.map((e) => ({ ...(e as HTMLElement).dataset })));
      expect(rows.map((r) => r.layer)).toEqual(cli.map((c) => c.layer));
      cli.forEach((c, i) => {
        const r = rows[i];
        expect(Number(r.cycles), c.layer).toBe(c.totalCycles);
        expect(Number(r.stall), c.layer).toBe(c.stallCycles);
        expect(Number(r.ifmap), c.layer).toBe(c.dramIfmapReads);
        expect(Number(r.filter), c.layer).toBe(c.dramFilterReads);
        expect(Number(r.ofmap), c.layer).toBe(c.dramOfmapWrites);
        expect(Number(r.computeUtil), c.layer).toBe(c.computeUtilizationPct);
        expect(Number(r.overallUtil), c.layer).toBe(c.overallUtilizationPct);
        expect(Number(r.native), c.layer).toBeGreaterThan(0);
      });
      expect(Number(await page.getByTestId('scalesim-total').getAttribute('data-cycles'))).toBe(cli.reduce((a, c) => a + c.totalCycles, 0));
      // one reason per layer, each from its own numbers
      const lines = await page.getByTestId('scalesim-why').allTextContents();
      expect(lines.map((t) => t.slice(0, t.indexOf(': ')))).toEqual(cli.map((c) => c.layer));
      const why = lines.map((t) => t.slice(t.indexOf(': ') + 2));
      expect(new Set(why).size).toBe(why.length);
      if (p.name === 'fc') {
        expect(rows[0].cycles).toBe('194559');
        expect(Math.round(Number(rows[0].native))).toBe(66_679);
        expect(why[0]).toMatch(/^SCALE-Sim takes 2\.92× the native cycles: SCALE-Sim runs 2,048 folds one after another, each paying 94 cycles of fill and drain/);
      } else {
        expect(why.some((t) => /SCALE-Sim stalls [\d,]+ cycles on DRAM at the \.cfg's 8 words\/cycle \(USER mode\)/.test(t))).toBe(true);
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('a .cfg SCALE-Sim mode cannot run gets one clear line; axe finds no serious or critical violation with the panel open', async () => {
    await importPair({ name: 'nobw', csv: PAIRS[0].csv, cfg: cfg({ rows: 32, cols: 32, dataflow: 'ws', mode: 'USER' }) });
    await runMode();
    const err = (await page.getByTestId('scalesim-error').textContent()) ?? '';
    expect(err).toMatch(/InterfaceBandwidth USER needs \[architecture_presets\] Bandwidth/);
    expect(err.split('\n')).toHaveLength(1);
    await importPair(PAIRS[1]);
    await runMode();
    await page.evaluate(AXE_SOURCE); // under the page's CSP, as phone.e2e runs it
    const serious = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
    });
    expect(serious).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);
});
