// The Explore view mounted in Chromium on a state connected to real workers: the charts draw what the report
// says (one bar per op, heights proportional to cycles, colours by bound, one roofline point per op with work),
// zoom and block mode change what is drawn, keyboard selection works, and controls come from the parameter table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import Explore from '../../web/src/views/Explore.svelte';
import { ExploreState } from '../../web/src/state/explore.svelte';
import { createBrowserSimPool, simRunner } from '../../web/src/pool';
import { COLORS } from '../../web/src/lib/ops';
import { PARAMS } from '../../shared/hardware';

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
    bars.forEach((b, i) => expect(b.getAttribute('transform')).toBe(opBars[i].getAttribute('transform')));
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
