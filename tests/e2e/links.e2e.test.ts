// End to end, issue 18's full share links on the production build (headless Chromium): a link to Compare (presets and
// a custom design with their passes, workloads, batch), to ROI (inputs and the gain's source) and to Search (the
// study form: weighted workloads, algorithm, seed, trials, a budget, ranges, fixed parameters) opened in a fresh
// browser context shows that state, and the page's own link for it (the view tab's, and the one it writes when the
// view is opened again) is the opened link. A link naming a workload this browser does not have says so in one
// sentence; "Add to Compare" says what it added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium';
import { serveStatic } from './static-server';
import { PRESETS, PRESET_INFO } from '../../shared/hardware';
import { defaultRoiLink, defaultUrlState, serializeUrlState, type UrlState } from '../../shared/url-state';
import { normalizeStudy } from '../../shared/search/study-spec';
import { zooNames } from '../../shared/workload';
import { defaultForm, designCount, studyInput } from '../../web/src/lib/search-form';
import { BASE, DIST, haveBrowser } from './setup';

const base = (view: string): UrlState => ({ ...defaultUrlState({ workloads: zooNames() }), view });

function compareLink(): string {
  return serializeUrlState({
    ...base('compare'),
    compare: {
      designs: [
        { preset: 'tpu-v3', hardware: { ...PRESETS['tpu-v3'] }, passes: 'none' },
        { preset: 'tpuv4i', hardware: { ...PRESETS.tpuv4i, arrayRows: 64 }, passes: 'schedule,fusion' },
        { preset: 'teaching-8x8', hardware: { ...PRESETS['teaching-8x8'] }, passes: 'all' },
      ],
      workloads: ['resnet50-v2'],
      batch: 16,
    },
  });
}

function roiLink(): string {
  const roi = defaultRoiLink();
  roi.inputs.chips = 2500;
  roi.inputs.years = 4.5;
  roi.inputs.manualGain = 1.75;
  roi.source = 'manual';
  return serializeUrlState({ ...base('roi'), roi });
}

const searchForm = () => {
  const f = defaultForm();
  f.workloads = [{ name: 'resnet50-v2', weight: 2 }, { name: 'efficientnet-b0', weight: 1 }];
  f.algorithm = 'bo';
  f.seed = 7;
  f.trials = 64;
  f.maxTdpWatts = 300;
  f.params.arrayRows = { mode: 'range', min: 16, max: 128 };
  f.params.cores = { mode: 'fixed', value: 2 };
  return f;
};
const searchLink = () => serializeUrlState({ ...base('search'), search: studyInput(searchForm()) });

describe.skipIf(!haveBrowser)('share links round-trip in a fresh browser context (production build)', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const problems: string[] = [];

  beforeAll(async () => {
    site = await serveStatic(DIST, BASE);
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** A fresh context (its own storage) on the link. */
  async function open(link: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    await p.goto(`${site.url}${link}`);
    return p;
  }

  /** The page's own link for what it shows: the view tab's href, and the address after leaving and reopening the view. */
  async function ownLinkIs(p: Page, view: string, link: string): Promise<void> {
    await expect.poll(() => p.getByTestId(`tab-${view}`).getAttribute('href')).toBe(link);
    await p.getByTestId('tab-explore').click();
    await expect.poll(() => new URL(p.url()).searchParams.get('view')).toBe('explore');
    await p.getByTestId(`tab-${view}`).click();
    await expect.poll(() => new URL(p.url()).search).toBe(link);
  }

  it('Compare: designs with their passes, workloads and batch', async () => {
    const link = compareLink();
    expect(link).toContain('cmp=tpu-v3/none;tpuv4i/schedule,fusion/arrayRows:64;teaching-8x8/all&cw=resnet50-v2&cb=16');
    const p = await open(link);
    const labels = () => p.getByTestId('compare-design').allTextContents();
    await expect.poll(async () => (await labels()).length).toBe(3);
    const [a, b, c] = await labels();
    expect(a).toContain(`${PRESET_INFO['tpu-v3'].label} · baseline software`);
    expect(b).toContain(`custom design (from ${PRESET_INFO.tpuv4i.label}) · schedule,fusion`);
    expect(c).toContain(`${PRESET_INFO['teaching-8x8'].label} · all passes`);
    expect(await p.getByTestId('compare-batch').inputValue()).toBe('16');
    expect(await p.getByTestId('compare-workload-resnet50-v2').isChecked()).toBe(true);
    expect(await p.getByTestId('compare-workload-efficientnet-b0').isChecked()).toBe(false);
    await ownLinkIs(p, 'compare', link);
    // "Add to Compare" says what it added, and the link then carries the added design.
    await p.getByTestId('compare-add-preset').click();
    await expect.poll(() => p.getByTestId('compare-notice').textContent()).toMatch(/^Added ".+" to Compare \(design 4 of 8\)\.$/);
    await expect.poll(() => new URL(p.url()).searchParams.get('cmp')).toBe('tpu-v3/none;tpuv4i/schedule,fusion/arrayRows:64;teaching-8x8/all;tpu-v3/all');
    await p.context().close();
  });

  it('ROI: inputs and where the gain comes from', async () => {
    const link = roiLink();
    expect(link).toMatch(/&roi=chips:2500,years:4.5,manualGain:1.75,src:manual$/);
    const p = await open(link);
    await expect.poll(() => p.getByTestId('roi-chips').inputValue()).toBe('2500');
    expect(await p.getByTestId('roi-years').inputValue()).toBe('4.5');
    expect(await p.getByTestId('roi-source').inputValue()).toBe('manual');
    expect(await p.getByTestId('roi-gain').inputValue()).toBe('1.75');
    await ownLinkIs(p, 'roi', link);
    await p.context().close();
  });

  it('Search: the study form (not its trials)', async () => {
    const link = searchLink();
    expect(link).toContain('sw=resnet50-v2:2,efficientnet-b0:1&sa=bo&st=64&ss=7&stdp=300&sr=arrayRows:16..128&sf=cores:2');
    const p = await open(link);
    await expect.poll(() => p.getByTestId('search-trials').inputValue()).toBe('64');
    expect(await p.getByTestId('search-seed').inputValue()).toBe('7');
    expect(await p.getByTestId('search-algorithm').inputValue()).toBe('bo');
    expect(await p.getByTestId('search-max-tdp').inputValue()).toBe('300');
    expect(await p.getByTestId('search-workload-resnet50-v2').isChecked()).toBe(true);
    expect(await p.getByTestId('search-workload-bert-base-128').isChecked()).toBe(false);
    // The design space shown is the study's: its count from the same code the CLI's study uses.
    const designs = designCount(normalizeStudy(studyInput(searchForm())));
    await expect.poll(() => p.getByTestId('search-designs').getAttribute('data-value')).toBe(String(designs));
    await ownLinkIs(p, 'search', link);
    await p.context().close();
  });

  it('a link naming a workload this browser does not have says so in one sentence', async () => {
    const p = await open('?v=1&view=compare&cw=resnet50-v2,my-model.onnx');
    const issues = p.locator('[data-testid="link-error"] li');
    await expect.poll(() => issues.allTextContents()).toEqual([
      'this link names the workload "my-model.onnx", which this browser does not have (it is not in the zoo and was not imported here): import its file on the Import view, then open the link again',
    ]);
    await p.context().close();
  });

  it('no page errors', () => {
    expect(problems).toEqual([]);
  });
});
