// web/src/charts/DotCloud.svelte through the Search view's trial scatter: a study's plain feasible trials are a few
// paths (one per block of BLOCK trial indices, one circle each), not an element each; new trials re-draw only their
// block; hover and click find the trial under the pointer; and the best-so-far chart's trial gains are a cloud too.
import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import '../../web/src/app.css';
import type { AppState } from '../../web/src/state/app.svelte';
import TrialScatter from '../../web/src/views/search/TrialScatter.svelte';
import BestSoFarChart from '../../web/src/views/search/BestSoFarChart.svelte';
import { CLOUD_BLOCK as BLOCK } from '../../web/src/charts/cloud';
import { PRESETS } from '../../shared/hardware';
import { normalizeStudy } from '../../shared/search/study-spec';
import { summarize, type StudyResult, type TrialRecord } from '../../shared/search/study-result';
import { cell } from './reactive.svelte';

const study = normalizeStudy({ workloads: ['teaching-cnn'], maxAreaMm2: 600 });
const trial = (index: number, gain: number, area: number): TrialRecord => ({
  index, batch: 0, hardware: { ...PRESETS['teaching-8x8'] }, status: 'ok', gainVsTpuV3: gain, perfPerTdp: gain * 10, areaMm2: area, tdpWatts: 100,
  workloads: [{ workload: 'teaching-cnn', weight: 1, batch: study.batch, throughputPerSecond: 100, latencySeconds: 0.01, perfPerTdp: gain * 10, baselineBatch: study.batch, baselinePerfPerTdp: 10, gainVsTpuV3: gain, onChipTensors: 0 }],
});
// Trial 0 fixes the ranges (the best, 3× at 100 mm²) and trial 1 the far end (500 mm²); the rest lie inside, off the front.
const trials = (n: number) => [trial(0, 3, 100), trial(1, 0.5, 500), ...Array.from({ length: n - 2 }, (_, k) => trial(k + 2, 0.6 + ((k * 37) % 100) / 100, 150 + ((k * 53) % 300)))];
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

describe('DotCloud', () => {
  it('draws the plain trials as one path per block, keeps unchanged blocks, and finds the trial under the pointer', async () => {
    const h = document.createElement('div');
    h.style.width = '700px';
    document.body.append(h);
    let list = trials(600);
    const result = cell<StudyResult>(summarize(study, list, false));
    const search = {
      get result() { return result.value; }, study, selected: null as number | null, selectedTrial: null, phase: 'running', progress: null, workers: 2,
      resumedTrials: 0, pending: [], xAxis: 'area', checkpoint: () => null, resume: () => {}, clear: () => {},
    };
    const app = { search, compare: { notice: null }, workloads: ['teaching-cnn'] } as unknown as AppState;
    const c = mount(TrialScatter, { target: h, props: { app } });
    flushSync(); await frame(); flushSync();

    const cloud = h.querySelector('[data-testid="trial-cloud"]')!;
    const paths = () => [...cloud.querySelectorAll('path')];
    const marked = h.querySelectorAll('[data-testid="trial-point"]').length;
    expect(paths().length).toBe(Math.ceil(600 / BLOCK));
    // every trial is drawn once: the marked ones as elements, the others as one circle each in the cloud
    const circles = (p: Element) => (p.getAttribute('d')!.match(/M/g) ?? []).length;
    expect(paths().reduce((s, p) => s + circles(p), 0)).toBe(600 - marked);
    expect(Number(cloud.getAttribute('data-count'))).toBe(600 - marked);
    for (const p of paths()) expect(circles(p)).toBe(Number(p.getAttribute('data-count')));

    // new trials in the last block: the other blocks keep their elements and their path strings
    const before = paths(), d = before.map((p) => p.getAttribute('d'));
    list = trials(640);
    result.value = summarize(study, list, false);
    flushSync();
    const after = paths();
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
    expect(after.slice(0, -1).map((p) => p.getAttribute('d'))).toEqual(d.slice(0, -1));
    expect(after.at(-1)!.getAttribute('d')).not.toBe(d.at(-1));
    expect(Number(cloud.getAttribute('data-count'))).toBe(640 - h.querySelectorAll('[data-testid="trial-point"]').length);

    // the pointer over a trial's circle: the tooltip names it; a click selects it
    const last = after.at(-1)!;
    const first = Number(last.getAttribute('data-first'));
    const [, x0, y0] = last.getAttribute('d')!.match(/^M([-\d.]+),([-\d.]+)/)!.map(Number);
    const at = new DOMPoint(x0 + 3.2, y0).matrixTransform((last as SVGGraphicsElement).getScreenCTM()!);
    last.dispatchEvent(new PointerEvent('pointermove', { clientX: at.x, clientY: at.y, bubbles: true }));
    flushSync();
    expect(document.querySelector('.tooltip')?.textContent).toContain(`Trial ${first}`);
    expect(document.querySelector('.tooltip')?.textContent).not.toMatch(/[{}$]/); // no template text leaks into it
    last.dispatchEvent(new MouseEvent('click', { clientX: at.x, clientY: at.y, bubbles: true }));
    expect(search.selected).toBe(first);
    // the best trial (an element of its own): the tooltip says it is on both fronts, in words
    h.querySelector('[data-testid="trial-point"][data-index="0"]')!.dispatchEvent(new PointerEvent('pointerover', { clientX: at.x, clientY: at.y, bubbles: true }));
    flushSync();
    expect(document.querySelector('.tooltip')?.textContent).toMatch(/^Trial 0 — 3\.00× tpu-v3 · on the front in gain and area · on the study's Pareto front \(gain, area, TDP\)/);
    // away from every dot (the plot's top-left corner, above the ranges): nothing
    const corner = new DOMPoint(1, 1).matrixTransform((last as SVGGraphicsElement).getScreenCTM()!);
    last.dispatchEvent(new PointerEvent('pointermove', { clientX: corner.x, clientY: corner.y, bubbles: true }));
    flushSync();
    expect(document.querySelector('.tooltip')).toBeNull();
    unmount(c); h.remove();
  });

  it('the best-so-far chart draws every feasible trial\'s gain in a cloud and its curve through the corners only', async () => {
    const h = document.createElement('div');
    h.style.width = '700px';
    document.body.append(h);
    const list = trials(600);
    const result = summarize(study, list, true);
    const c = mount(BestSoFarChart, { target: h, props: { search: { result, drawn: null, study: { ...study, trials: 600 } } as never } });
    // the marks mount a task after the frame (components/Later.svelte)
    for (let i = 0; i < 50 && !h.querySelector('[data-testid="trial-gain-cloud"]'); i++) { await frame(); flushSync(); }
    const cloud = h.querySelector('[data-testid="trial-gain-cloud"]')!;
    expect(Number(cloud.getAttribute('data-count'))).toBe(600);
    expect(cloud.getAttribute('pointer-events')).toBe('none'); // nothing to hover: the scatter has the trials' details
    // trial 0 is the best of all: the staircase is one flat line, two points, not 600
    const line = h.querySelector('[data-testid="best-so-far-line"]')!.getAttribute('d')!;
    expect((line.match(/[ML]/g) ?? []).length).toBeLessThanOrEqual(3);
    unmount(c); h.remove();
  });
});
