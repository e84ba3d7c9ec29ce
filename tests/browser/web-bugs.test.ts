// Issue 18's page bugs, each pinned down in Chromium: the DRAM technology sets the per-stack rate and going back
// restores the design's own (its badge says so, not "cost only"); gains below 1× are red and above green on every
// view; labels keep their spaces ("gain (ref.", "Lifetime years"); the roofline's ops/byte axis has no SI prefixes;
// the cycles chart's title follows its mode; the fusion map speaks MiB like the GMEM slider. The Explore parts run
// on real workers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { ExploreState, type SimRunner } from '../../web/src/state/explore.svelte';
import { createBrowserSimPool, simRunner } from '../../web/src/pool';
import type { AppState } from '../../web/src/state/app.svelte';
import ParamControl from '../../web/src/views/explore/ParamControl.svelte';
import Totals from '../../web/src/views/explore/Totals.svelte';
import OpCyclesChart from '../../web/src/views/explore/OpCyclesChart.svelte';
import RooflineChart from '../../web/src/views/explore/RooflineChart.svelte';
import FusionMapChart from '../../web/src/views/explore/FusionMapChart.svelte';
import NumberField from '../../web/src/views/roi/NumberField.svelte';
import TrialsTable from '../../web/src/views/search/TrialsTable.svelte';
import TrialDetail from '../../web/src/views/search/TrialDetail.svelte';
import ProgressCard from '../../web/src/views/search/ProgressCard.svelte';
import { binaryBytes, decade, times } from '../../web/src/lib/format';
import { gainTone } from '../../web/src/lib/gain';
import { PRESETS, dramGBpsRange, effectiveDomain, paramById, type HardwareSpec } from '../../shared/hardware';
import { normalizeStudy } from '../../shared/search/study-spec';
import { summarize, type TrialRecord } from '../../shared/search/study-result';

const until = async (cond: () => boolean, ms = 30_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const host = () => { const h = document.createElement('div'); h.style.width = '1100px'; document.body.append(h); return h; };
const rgb = (el: Element) => getComputedStyle(el).color;
const GREEN = 'rgb(0, 110, 79)';
const RED = 'rgb(180, 35, 24)';

describe('DRAM technology sets the per-stack rate; going back restores the design\'s own', () => {
  const idle: SimRunner = { simulate: () => new Promise(() => {}) }; // never answers: only the design is read
  it('tpu-v3: HBM2 225 → LPDDR5 25.6 (its top rate) → HBM2 restores 225, not 128', () => {
    const s = new ExploreState(idle);
    expect(s.spec.dramGBpsPerStack).toBe(PRESETS['tpu-v3'].dramGBpsPerStack);
    s.setParam('dramTechnology', 'lpddr5');
    expect(s.spec.dramGBpsPerStack).toBe(dramGBpsRange('lpddr5')[1]);
    s.setParam('dramTechnology', 'hbm2');
    expect(s.spec.dramGBpsPerStack).toBe(225);
    // A rate the user set with a technology is the one restored.
    s.setParam('dramTechnology', 'hbm3');
    const [lo3, hi3] = dramGBpsRange('hbm3');
    expect(s.spec.dramGBpsPerStack).toBe(hi3);
    s.setParam('dramGBpsPerStack', lo3);
    s.setParam('dramTechnology', 'hbm2');
    expect(s.spec.dramGBpsPerStack).toBe(225);
    s.setParam('dramTechnology', 'hbm3');
    expect(s.spec.dramGBpsPerStack).toBe(lo3);
    // A rate inside the new range stays; a preset forgets the remembered rates.
    s.applyPreset('tpu-v3');
    s.setParam('dramGBpsPerStack', 300);
    s.setParam('dramTechnology', 'hbm2e');
    expect(s.spec.dramGBpsPerStack).toBe(dramGBpsRange('hbm2e')[0] <= 300 ? 300 : dramGBpsRange('hbm2e')[1]);
    s.applyPreset('tpu-v3');
    s.setParam('dramTechnology', 'lpddr5');
    s.setParam('dramTechnology', 'hbm2');
    expect(s.spec.dramGBpsPerStack).toBe(225);
  });

  it('a technology sets the capacity too: kept when the technology is built in it, else its nearest; going back restores it (issue 20)', () => {
    const s = new ExploreState(idle);
    expect(s.spec.dramGiBPerStack).toBe(8);
    s.setParam('dramTechnology', 'lpddr5'); // LPDDR5 x32 devices: 1, 2, 4 GiB
    expect(s.spec.dramGiBPerStack).toBe(4);
    s.setParam('dramTechnology', 'hbm2');
    expect(s.spec.dramGiBPerStack).toBe(8);
    s.setParam('dramTechnology', 'hbm3'); // 16, 24 GiB
    expect(s.spec.dramGiBPerStack).toBe(16);
    s.setParam('dramGiBPerStack', 24);
    s.setParam('dramTechnology', 'hbm2e'); // 8, 16, 24: 24 stays
    expect(s.spec.dramGiBPerStack).toBe(24);
    s.setParam('dramTechnology', 'hbm2');
    expect(s.spec.dramGiBPerStack).toBe(8);
    s.setParam('dramTechnology', 'hbm3');
    expect(s.spec.dramGiBPerStack).toBe(24);
    expect(s.validSpec).not.toBeNull();
  });

  it('its badge says it sets the bandwidth; a cost-only parameter keeps "cost only"', () => {
    const h = host();
    const spec: HardwareSpec = { ...PRESETS['tpu-v3'] };
    const tech = mount(ParamControl, { target: h, props: { param: paramById('dramTechnology'), value: 'hbm2', domain: effectiveDomain('dramTechnology', spec), onchange: () => {} } });
    const node = mount(ParamControl, { target: h, props: { param: paramById('processNode'), value: spec.processNode, domain: effectiveDomain('processNode', spec), onchange: () => {} } });
    flushSync();
    const badge = h.querySelector<HTMLElement>('[data-testid="param-dramTechnology-badge"]')!;
    expect(badge.textContent).not.toMatch(/cost only/i);
    expect(badge.textContent).toMatch(/bandwidth/i);
    expect(badge.title).toMatch(/re-simulated/);
    expect(h.querySelector('[data-testid="param-processNode-badge"]')!.textContent).toBe('cost only');
    unmount(tech); unmount(node); h.remove();
  });
});

describe('gains are coloured one way on every view', () => {
  it('the rule: green above 1×, red below, neither at 1.00×', () => {
    expect([gainTone(1.5), gainTone(0.5), gainTone(1), gainTone(null), gainTone(undefined)]).toEqual(['up', 'down', undefined, undefined, undefined]);
  });

  const study = normalizeStudy({ workloads: ['teaching-cnn'] });
  const trial = (index: number, gain: number, area: number, tdp: number): TrialRecord => ({
    index, batch: 0, hardware: { ...PRESETS['teaching-8x8'] }, status: 'ok', gainVsTpuV3: gain, perfPerTdp: gain * 10, areaMm2: area, tdpWatts: tdp,
    workloads: [{ workload: 'teaching-cnn', weight: 1, batch: study.batch, throughputPerSecond: 100, latencySeconds: 0.01, perfPerTdp: gain * 10, baselineBatch: study.batch, baselinePerfPerTdp: 10, gainVsTpuV3: gain, onChipTensors: 0 }],
  });
  const appOf = (trials: TrialRecord[]) => {
    const result = summarize(study, trials, true);
    return { search: { result, study, selected: null, selectedTrial: null, phase: 'done', progress: null, workers: 2, resumedTrials: 0, checkpoint: () => null }, compare: { notice: null }, workloads: ['teaching-cnn'] } as unknown as AppState;
  };

  it('Search\'s table, detail and progress card: a gain below 1× is red, above 1× green', () => {
    const h = host();
    const mixed = appOf([trial(0, 0.5, 100, 50), trial(1, 1.5, 300, 200)]);
    const table = mount(TrialsTable, { target: h, props: { app: mixed } });
    flushSync();
    const cells = [...h.querySelectorAll('[data-testid="trial-gain"]')];
    expect(cells.map((c) => c.textContent)).toEqual([times(1.5), times(0.5)]);
    expect(cells.map(rgb)).toEqual([GREEN, RED]);
    unmount(table);

    const low = appOf([trial(0, 0.5, 100, 50)]);
    const detail = mount(TrialDetail, { target: h, props: { app: low } });
    const card = mount(ProgressCard, { target: h, props: { app: low } });
    flushSync();
    expect(rgb(h.querySelector('[data-testid="detail-gain"]')!)).toBe(RED);
    expect(h.querySelector('[data-testid="search-best-gain"]')!.textContent).toBe(times(0.5));
    expect(rgb(h.querySelector('[data-testid="search-best-gain"]')!)).toBe(RED);
    unmount(detail); unmount(card);

    const good = appOf([trial(0, 1.5, 100, 50)]);
    const card2 = mount(ProgressCard, { target: h, props: { app: good } });
    flushSync();
    expect(rgb(h.querySelector('[data-testid="search-best-gain"]')!)).toBe(GREEN);
    unmount(card2); h.remove();
  });
});

describe('labels and axes say what they mean', () => {
  it('an ROI field keeps a space between its label and unit ("Lifetime years")', () => {
    const h = host();
    const f = mount(NumberField, { target: h, props: { label: 'Lifetime', unit: 'years', value: 3, onchange: () => {} } });
    flushSync();
    expect(h.querySelector('.name')!.textContent).toBe('Lifetime years');
    unmount(f); h.remove();
  });

  it('decades as plain numbers or powers of ten, bytes in binary units', () => {
    expect([1e-5, 1e-3, 0.01, 1, 100, 1e4, 1e6].map(decade)).toEqual(['10⁻⁵', '0.001', '0.01', '1', '100', '10000', '10⁶']);
    expect(binaryBytes(128 * 2 ** 20)).toBe('128 MiB');
  });

  describe('Explore on real workers (tpuv4i: GMEM 128 MiB, fusion on)', () => {
    const pool = createBrowserSimPool(2);
    const explore = new ExploreState(simRunner(pool));
    explore.applyPreset('tpuv4i');
    let stop: () => void;
    const h = host();
    const parts: ReturnType<typeof mount>[] = [];
    beforeAll(async () => {
      for (const C of [Totals, OpCyclesChart, RooflineChart, FusionMapChart]) parts.push(mount(C as never, { target: h, props: { explore } }));
      stop = explore.connect();
      await until(() => { flushSync(); return !explore.stale && !!explore.result && !!explore.referenceResult; });
      await frame();
      flushSync();
    });
    afterAll(async () => { stop(); parts.forEach((p) => unmount(p)); h.remove(); await pool.close(); });

    it('"Perf/TDP gain (ref. …)" has its space', () => {
      const unit = h.querySelector('[data-testid="total-gain"]')!.parentElement!.querySelector('.unit')!;
      expect(unit.textContent!.trim()).toMatch(/^Perf\/TDP gain \(ref\. [\d.,]+\)$/);
    });

    it('the roofline\'s ops/byte axis has plain numbers or powers of ten, no SI prefixes', () => {
      const axes = [...h.querySelectorAll('[data-testid="roofline"] svg g')].filter((g) => g.querySelector(':scope > .tick') && g.getAttribute('transform')?.startsWith('translate(0,'));
      const ticks = axes.flatMap((g) => [...g.querySelectorAll(':scope > .tick text')].map((t) => t.textContent!)).filter((t) => t);
      expect(ticks.length).toBeGreaterThan(2);
      for (const t of ticks) expect(t).toMatch(/^(\d+(\.\d+)?|10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/);
    });

    it('the cycles chart\'s title follows its mode', async () => {
      const title = () => h.querySelector('[data-testid="op-chart"] h2, [data-testid="op-chart"] h3')!.textContent!.trim();
      expect(title()).toBe('Cycles per op');
      explore.barMode = 'block';
      flushSync();
      expect(title()).toBe('Cycles per block');
      explore.barMode = 'op';
      flushSync();
    });

    it('the fusion map speaks MiB, as the GMEM slider does', () => {
      const card = h.querySelector('[data-testid="fusion-map"]')!;
      expect(explore.fusion).not.toBeNull();
      expect(card.textContent).toContain(`capacity ${explore.spec.globalMemoryMiB} MiB`);
      expect(card.textContent).not.toMatch(/\d (k|M|G)B\b/);
    });
  });
});
