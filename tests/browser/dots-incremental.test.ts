// web/src/charts/Dots.svelte parses only new or changed dots: a study's new trials join the dots already drawn (the
// same elements stay, wherever the new ones sort), and after any update the DOM is exactly what drawing the same dots
// from scratch gives (here, through the Search view's trial scatter, whose Dots hold the infeasible, front and best
// trials; the plain feasible ones are its DotCloud, which must equal drawing from scratch too).
import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import '../../web/src/app.css';
import type { AppState } from '../../web/src/state/app.svelte';
import TrialScatter from '../../web/src/views/search/TrialScatter.svelte';
import { PRESETS } from '../../shared/hardware';
import { normalizeStudy } from '../../shared/search/study-spec';
import { summarize, type StudyResult, type TrialRecord } from '../../shared/search/study-result';
import { cell } from './reactive.svelte';

const study = normalizeStudy({ workloads: ['teaching-cnn'], maxAreaMm2: 600 });
const trial = (index: number, gain: number | null, area: number, tdp: number): TrialRecord => (gain === null
  ? {
    index, batch: 0, hardware: { ...PRESETS['teaching-8x8'] }, status: 'infeasible', code: 'area', reason: 'over the budget',
    gainVsTpuV3: null, perfPerTdp: null, areaMm2: area, tdpWatts: tdp, workloads: [],
  }
  : {
    index, batch: 0, hardware: { ...PRESETS['teaching-8x8'] }, status: 'ok', gainVsTpuV3: gain, perfPerTdp: gain * 10, areaMm2: area, tdpWatts: tdp,
    workloads: [{ workload: 'teaching-cnn', weight: 1, batch: study.batch, throughputPerSecond: 100, latencySeconds: 0.01, perfPerTdp: gain * 10, baselineBatch: study.batch, baselinePerfPerTdp: 10, gainVsTpuV3: gain, onChipTensors: 0 }],
  });
// Trials 0–1 fix the ranges (best gain 3 at 100 mm²; 500 mm²); the rest fall inside them and off the front, every
// other one infeasible (a Dots element).
const base = [trial(0, 3, 100, 100), trial(1, 0.5, 500, 300)];
const more = (from: number, n: number) => Array.from({ length: n }, (_, k) => {
  const i = from + k;
  return trial(i, i % 2 === 0 ? null : 0.6 + ((i * 37) % 100) / 100, 150 + ((i * 53) % 300), 120 + ((i * 29) % 150));
});
const appOf = (result: { value: StudyResult }) => ({
  search: {
    get result() { return result.value; }, study, selected: null, selectedTrial: null, phase: 'running', progress: null, workers: 2,
    resumedTrials: 0, pending: [], xAxis: 'area', checkpoint: () => null, resume: () => {}, clear: () => {},
  },
  compare: { notice: null }, workloads: ['teaching-cnn'],
} as unknown as AppState);
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const dotsGroup = (h: HTMLElement) => h.querySelector('[data-testid="trial-point"]')!.parentElement!; // the trials' group (pending trials have their own)
const cloud = (h: HTMLElement) => h.querySelector('[data-testid="trial-cloud"]')!;
async function drawn(trials: TrialRecord[]): Promise<string> {
  const h = document.createElement('div');
  h.style.width = '700px';
  document.body.append(h);
  const c = mount(TrialScatter, { target: h, props: { app: appOf(cell(summarize(study, trials, false))) } });
  flushSync(); await frame(); flushSync();
  const html = dotsGroup(h).outerHTML + cloud(h).outerHTML;
  unmount(c); h.remove();
  return html;
}

describe('Dots: incremental drawing', () => {
  it('keeps the drawn elements when trials append, and always equals drawing from scratch', async () => {
    const h = document.createElement('div');
    h.style.width = '700px';
    document.body.append(h);
    let trials = [...base, ...more(2, 40)];
    const result = cell(summarize(study, trials, false));
    const c = mount(TrialScatter, { target: h, props: { app: appOf(result) } });
    flushSync(); await frame(); flushSync();
    expect(dotsGroup(h).outerHTML + cloud(h).outerHTML).toBe(await drawn(trials));
    const before = [...dotsGroup(h).children];
    expect(before.length).toBeGreaterThan(20);
    expect(Number(cloud(h).getAttribute('data-count'))).toBeGreaterThan(15);

    trials = [...trials, ...more(42, 25)]; // inside the ranges, off the front: the scales stay
    result.value = summarize(study, trials, false);
    flushSync();
    const after = new Set(dotsGroup(h).children);
    expect(after.size).toBeGreaterThan(before.length);
    for (const e of before) expect(after.has(e)).toBe(true); // the same elements, not re-parsed copies
    expect(dotsGroup(h).outerHTML + cloud(h).outerHTML).toBe(await drawn(trials));

    trials = [...trials, trial(67, 5, 80, 90)]; // a new best beyond the ranges: every dot moves
    result.value = summarize(study, trials, false);
    flushSync();
    expect(dotsGroup(h).outerHTML + cloud(h).outerHTML).toBe(await drawn(trials));

    // a trial left of the x range: every dot moves while the drawing order of the dots before it stays (they
    // must not be taken as unchanged)
    trials = [...trials, trial(68, 0.62, 20, 200)];
    result.value = summarize(study, trials, false);
    flushSync();
    expect(dotsGroup(h).outerHTML + cloud(h).outerHTML).toBe(await drawn(trials));

    trials = trials.slice(0, 10); // fewer dots (a cleared and restarted study)
    result.value = summarize(study, trials, false);
    flushSync();
    expect(dotsGroup(h).outerHTML + cloud(h).outerHTML).toBe(await drawn(trials));
    unmount(c); h.remove();
  });
});
