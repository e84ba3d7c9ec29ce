// The Explore view mounted in Chromium on a state connected to real workers: the charts draw what the report
// says (one bar per op, heights proportional to cycles, colours by bound, one roofline point per op with work),
// zoom and block mode change what is drawn, keyboard selection works, and controls come from the parameter table;
// the totals and the cost card show the model's energy per inference, TDP by its rating, the modelled peak and the
// design's own blocks apart from the chip's fixed lines (re-priced at once by cost-only parameters).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import Explore from '../../web/src/views/Explore.svelte';
import { ExploreState, reportActivity } from '../../web/src/state/explore.svelte';
import { createBrowserSimPool, simRunner } from '../../web/src/pool';
import { COLORS } from '../../web/src/lib/ops';
import { joules, num, sig } from '../../web/src/lib/format';
import { PARAMS, domainValues, energyOf, hardwareCost } from '../../shared/hardware';
import { createSimApi } from '../../shared/api/worker-api';

const until = async (cond: () => boolean, ms = 20_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

describe('Explore view', () => {
  const pool = createBrowserSimPool(2);
  const explore = new ExploreState(simRunner(pool));
  let cmp: ReturnType<typeof mount>;
  let stop: () => void;
  const $ = <T extends Element>(sel: string) => [...document.querySelectorAll<T>(sel)];
  const settled = () => until(() => { flushSync(); return !explore.stale && !!explore.result && !!explore.referenceResult; });

  beforeAll(async () => {
    const host = document.createElement('div');
    host.style.width = '1200px';
    document.body.append(host);
    cmp = mount(Explore, { target: host, props: { explore } });
    stop = explore.connect();
    await settled();
    await frame(); // the frames measure their width
    flushSync();
  });
  afterAll(async () => {
    stop();
    unmount(cmp);
    await pool.close();
  });

  it('generates one control per parameter-table row, each with its explanation', () => {
    for (const p of PARAMS) {
      const control = document.querySelector(`[data-testid="param-${p.id}"]`)!;
      expect(control, p.id).not.toBeNull();
      const explain = document.getElementById(control.getAttribute('aria-describedby')!)!;
      expect(explain.textContent).toContain(p.explain);
    }
  });

  it('the DRAM capacity slider: labelled, in GiB, its technology\'s sizes as positions; a move re-prices and never re-simulates', async () => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="param-dramGiBPerStack"]')!;
    expect(document.getElementById('param-dramGiBPerStack-label')!.textContent).toBe('DRAM capacity per stack');
    expect(document.querySelector('[data-testid="param-dramGiBPerStack-value"]')!.textContent).toBe('8 GiB');
    expect(document.querySelector('[data-testid="param-dramGiBPerStack-badge"]')!.textContent).toBe('cost only');
    expect(Number(input.max) - Number(input.min)).toBe(1); // HBM2: 4 and 8 GiB
    const report = explore.result!.report;
    const tdp = hardwareCost(explore.validSpec!).tdpWatts;
    input.value = input.min;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(explore.spec.dramGiBPerStack).toBe(4);
    expect(document.querySelector('[data-testid="param-dramGiBPerStack-value"]')!.textContent).toBe('4 GiB');
    expect(explore.stale).toBe(false);
    expect(explore.result!.report).toBe(report);
    expect(hardwareCost(explore.validSpec!).tdpWatts).toBeLessThan(tdp);
    input.value = input.max;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(explore.spec.dramGiBPerStack).toBe(8);
  });

  it('shows energy per inference, TDP by its rating and the modelled peak from the model\'s own report and cost', () => {
    const r = explore.result!.report;
    const cost = hardwareCost(explore.validSpec!);
    const energy = document.querySelector<HTMLElement>('[data-testid="total-energy"]')!;
    expect(Number(energy.dataset.value)).toBe(r.energy.joulesPerInference);
    expect(energy.textContent).toBe(joules(r.energy.joulesPerInference));
    const sub = document.querySelector('[data-testid="total-energy-sub"]')!.textContent!;
    expect(sub).toContain(`${sig(r.energy.inferencesPerJoule)} inferences/J`);
    expect(sub).toContain(`${num(r.energy.averageWatts, r.energy.averageWatts < 10 ? 1 : 0)} W average`);
    expect(document.querySelector('[data-testid="total-tdp"]')!.textContent).toBe(num(cost.tdpWatts));
    expect(document.querySelector('[data-testid="total-tdp-unit"]')!.textContent).toBe(`W (TDP, ${explore.spec.tdpClass} rating)`);
    expect(Number(document.querySelector<HTMLElement>('[data-testid="total-peak"]')!.dataset.value)).toBe(cost.peakWatts);
    // The energy breakdown: one line per component that uses energy, each the report's.
    const lines = $<HTMLElement>('[data-testid="energy-line"]');
    const used = r.energy.breakdown.filter((b) => b.joulesPerInference > 0);
    expect(lines.map((l) => l.dataset.component)).toEqual(used.map((b) => b.component));
    lines.forEach((l, i) => expect(Number(l.dataset.value)).toBe(used[i].joulesPerInference));
  });

  it('the cost card sets the design\'s own blocks apart from the chip\'s fixed lines, which come last', () => {
    const cost = hardwareCost(explore.validSpec!);
    const own = document.querySelector<HTMLElement>('[data-testid="cost-own"]')!;
    expect(Number(own.dataset.area)).toBe(cost.ownAreaMm2);
    expect(Number(own.dataset.watts)).toBe(cost.ownWatts);
    const fixed = cost.breakdown.filter((l) => l.fixed);
    expect(fixed.length).toBeGreaterThan(0);
    expect(Number(own.dataset.fixedArea)).toBeCloseTo(fixed.reduce((s, l) => s + l.areaMm2, 0), 9);
    expect(Number(own.dataset.fixedWatts)).toBeCloseTo(fixed.reduce((s, l) => s + l.watts, 0), 9);
    expect(cost.ownAreaMm2).toBeLessThan(cost.areaMm2);
    const rows = $<HTMLElement>('[data-testid="cost-line"]');
    const flags = rows.map((l) => l.dataset.fixed === 'true');
    expect(flags.slice(flags.indexOf(true)).every(Boolean)).toBe(true); // grouped last
    expect(rows.filter((l) => l.dataset.fixed === 'true').map((l) => l.dataset.component)).toEqual(fixed.map((l) => l.component));
  });

  it('cost-only parameters re-price energy per inference at once, as the simulator would report it', async () => {
    const sent = explore.sim.sent;
    const before = explore.totals!.energy.joulesPerInference;
    const node = explore.spec.processNode;
    const to = domainValues(PARAMS.find((p) => p.id === 'processNode')!.domain).find((v) => v !== node)!;
    explore.setParam('processNode', to);
    flushSync();
    expect(explore.stale).toBe(false);
    expect(explore.sim.sent).toBe(sent);
    const shown = explore.totals!.energy;
    expect(shown.joulesPerInference).not.toBe(before);
    expect(shown).toEqual(energyOf(explore.validSpec!, reportActivity(explore.result!.report)));
    expect(Number(document.querySelector<HTMLElement>('[data-testid="total-energy"]')!.dataset.value)).toBe(shown.joulesPerInference);
    const fresh = await createSimApi().simulate(explore.simMessage(explore.validSpec!));
    expect(shown.joulesPerInference / fresh.energy.joulesPerInference).toBeCloseTo(1, 12);
    // The rating is a cost-only setting too: the TDP card's unit and value follow it without a simulation.
    const rating = explore.spec.tdpClass === 'training' ? 'inference' : 'training';
    explore.setParam('tdpClass', rating);
    flushSync();
    expect(explore.sim.sent).toBe(sent);
    expect(document.querySelector('[data-testid="total-tdp-unit"]')!.textContent).toBe(`W (TDP, ${rating} rating)`);
    expect(document.querySelector('[data-testid="total-tdp"]')!.textContent).toBe(num(hardwareCost(explore.validSpec!).tdpWatts));
    explore.setParam('tdpClass', rating === 'inference' ? 'training' : 'inference');
    explore.setParam('processNode', node);
    flushSync();
    expect(explore.totals!.energy).toEqual(explore.result!.report.energy);
  });

  it('a lesson quotes energy per inference and the rating for the design as it is now (re-priced, not re-simulated)', async () => {
    explore.openLesson('tpuv4i');
    explore.lessonStep = 2; // the observe step quotes the model's numbers
    await until(() => { flushSync(); return !!explore.lessonContext?.compare; });
    const node = explore.spec.processNode;
    const to = domainValues(PARAMS.find((p) => p.id === 'processNode')!.domain).find((v) => v !== node)!;
    explore.setParam('processNode', to);
    flushSync();
    const ctx = explore.lessonContext!;
    expect(ctx.spec.processNode).toBe(to);
    expect(ctx.report.energy).toEqual(explore.totals!.energy);
    const text = document.querySelector('[data-testid="lesson-panel"]')!.textContent!;
    expect(text).toContain(`at ${joules(explore.totals!.energy.joulesPerInference)} per inference`);
    expect(text).toContain(`${num(ctx.cost.tdpWatts)} W TDP`);
    explore.setParam('processNode', node);
    explore.openLesson(undefined);
    flushSync();
  });

  it('draws one bar per op with heights proportional to cycles, coloured by bound', () => {
    const ops = explore.result!.report.ops;
    const bars = $<SVGGElement>('[data-testid="op-bar"]');
    expect(bars).toHaveLength(ops.length);
    const heights = bars.map((b) => [...b.querySelectorAll('rect')].reduce((s, r) => s + Number(r.getAttribute('height')), 0));
    const scale = heights[0] / ops[0].cycles;
    ops.forEach((op, i) => expect(heights[i]).toBeCloseTo(op.cycles * scale, 1));
    ops.forEach((op, i) => {
      const first = bars[i].querySelector('rect')!;
      if (op.bound !== 'overhead') expect(first.getAttribute('fill')).toBe(COLORS[op.bound]);
    });
  });

  it('draws the memory traffic of each op on the same x positions', () => {
    const ops = explore.result!.report.ops;
    const bars = $<SVGGElement>('[data-testid="traffic-bar"]');
    const opBars = $<SVGGElement>('[data-testid="op-bar"]');
    expect(bars).toHaveLength(ops.length);
    const xs = (g: SVGGElement) => [...g.querySelectorAll('rect')].map((r) => r.getAttribute('x'));
    bars.forEach((b, i) => {
      expect(new Set(xs(b)).size).toBe(1); // the bar's segments share its x
      expect(xs(b)[0]).toBe(xs(opBars[i])[0]);
    });
  });

  it('draws one roofline point per op that does work, and points take the pointer to select', () => {
    const points = $<SVGCircleElement>('[data-testid="roofline"] circle.point');
    expect(points).toHaveLength(explore.points.length);
    points[3].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    flushSync();
    expect(explore.op).toBe(explore.result!.report.ops[explore.points[3].index].name);
    expect(document.querySelector('[data-testid="op-detail-name"]')!.textContent).toBe(explore.op);
  });

  it('arrow keys on the focused cycles chart move the selection', () => {
    explore.selectOp(0);
    flushSync();
    const svg = document.querySelector<SVGSVGElement>('[data-testid="op-chart"] svg.chart')!;
    svg.focus();
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    flushSync();
    expect(explore.selectedIndex).toBe(2);
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    flushSync();
    expect(explore.op).toBeUndefined();
  });

  it('zooming shows the chosen ops only; block mode shows one bar per block', () => {
    explore.zoom = [10, 29];
    flushSync();
    const bars = $<SVGGElement>('[data-testid="op-bar"]');
    expect(bars.map((b) => Number(b.dataset.index))).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i));
    expect($('[data-testid="traffic-bar"]')).toHaveLength(20);
    explore.zoom = undefined;
    explore.barMode = 'block';
    flushSync();
    expect($('[data-testid="block-bar"]')).toHaveLength(explore.blocks.length);
    expect($('[data-testid="op-bar"]')).toHaveLength(0);
    explore.barMode = 'op';
    flushSync();
  });

  it('a slider input changes the design and the charts follow', async () => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="param-arrayCols"]')!;
    const before = explore.result!.report.totals.cycles;
    input.value = String(Number(input.max) - 6); // 32 columns
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(explore.spec.arrayCols).toBe(32);
    expect(document.querySelector('[data-testid="explore"]')!.getAttribute('data-stale')).toBe('true');
    await settled();
    expect(explore.result!.report.totals.cycles).not.toBe(before);
    expect(document.querySelector('[data-testid="explore"]')!.getAttribute('data-stale')).toBe('false');
    expect(document.querySelector('[data-testid="param-arrayCols-value"]')!.textContent).toBe('32 PEs');
  });
});
