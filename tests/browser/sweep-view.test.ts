// Explore's sweep card mounted in Chromium on a state connected to real workers: the Sweep button runs the picked
// row over its grid, the chart draws one mark per evaluated point (crosses for invalid designs) with the current
// value ruled, the metric picker changes what is drawn, and the table shows every point's numbers as the model
// gave them, or the schema's reason for a point without them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import SweepCard from '../../web/src/views/explore/SweepCard.svelte';
import { ExploreState } from '../../web/src/state/explore.svelte';
import { createBrowserSimPool, simRunner } from '../../web/src/pool';
import { SWEEP_METRICS, formatMetric } from '../../web/src/lib/sweep';
import { domainValues, effectiveDomain } from '../../shared/hardware';

const until = async (cond: () => boolean, ms = 60_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

describe('Sweep card', () => {
  const pool = createBrowserSimPool(2);
  const explore = new ExploreState(simRunner(pool));
  explore.setParam('localMemoryMiB', 1); // 4 and 8 arrays per core need more: invalid points
  let cmp: ReturnType<typeof mount>;
  let stop: () => void;
  const $ = <T extends Element>(sel: string) => [...document.querySelectorAll<T>(sel)];
  const one = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

  beforeAll(async () => {
    const host = document.createElement('div');
    host.style.width = '1000px';
    document.body.append(host);
    // The card follows the state's design (Explore passes validSpec): mount it with a getter so it stays current.
    cmp = mount(SweepCard, { target: host, props: { sweep: explore.sweep, get spec() { return explore.validSpec; } } });
    stop = explore.connect();
    flushSync();
  });
  afterAll(async () => {
    stop();
    unmount(cmp);
    await pool.close();
  });

  it('runs the picked row from the button and draws every point, invalid ones as crosses, the current value ruled', async () => {
    const select = one<HTMLSelectElement>('[data-testid="sweep-param"]');
    select.value = 'arraysPerCore';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(explore.sweep.param).toBe('arraysPerCore');
    const button = one<HTMLButtonElement>('[data-testid="sweep-start"]');
    expect(button.textContent).toContain(`Sweep ${domainValues(effectiveDomain('arraysPerCore')).length} points`);
    button.click();
    await until(() => { flushSync(); return explore.sweep.run?.status === 'done'; });
    await frame();
    flushSync();
    const run = explore.sweep.run!;
    const status = one('[data-testid="sweep-status"]');
    expect(status.dataset.done).toBe(String(run.done));
    expect(status.dataset.total).toBe(String(run.total));
    const ok = run.points.filter((p) => p.status === 'ok').length;
    const invalid = run.points.filter((p) => p.status === 'invalid').length;
    expect(ok).toBeGreaterThan(1);
    expect(invalid).toBeGreaterThan(0);
    const dots = $<SVGElement>('[data-testid="sweep-chart"] [data-testid="sweep-point"]');
    expect(dots).toHaveLength(ok + invalid);
    expect(one('[data-testid="sweep-line"]').getAttribute('d')).toMatch(/^M/);
    // The design's own value (2 arrays per core) is ruled and labelled on the chart.
    expect($('[data-testid="sweep-chart"] text').filter((t) => t.textContent === 'current')).toHaveLength(1);
  });

  it('the metric picker changes the charted metric', () => {
    const before = one('[data-testid="sweep-line"]').getAttribute('d');
    const metric = one<HTMLSelectElement>('[data-testid="sweep-metric"]');
    metric.value = 'tdpWatts';
    metric.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(explore.sweep.metric).toBe('tdpWatts');
    expect(one('[data-testid="sweep-chart"] svg').getAttribute('aria-label')).toContain('TDP');
    expect(one('[data-testid="sweep-line"]').getAttribute('d')).not.toBe(before);
  });

  it('the table lists every point with the model\'s numbers, or the schema\'s reason', () => {
    one<HTMLButtonElement>('[data-testid="sweep-table-toggle"]').click();
    flushSync();
    const run = explore.sweep.run!;
    const rows = $<HTMLTableRowElement>('[data-testid="sweep-row"]');
    expect(rows).toHaveLength(run.points.length);
    rows.forEach((row, i) => {
      const p = run.points[i];
      expect(row.dataset.status).toBe(p.status);
      if (p.status === 'ok') {
        const cells = [...row.querySelectorAll('td')].map((c) => c.textContent);
        expect(cells).toEqual(SWEEP_METRICS.map((m) => formatMetric(m.id, p.metrics![m.id])));
      } else {
        expect(row.textContent).toContain(p.reason!);
      }
    });
    expect(rows.filter((r) => r.classList.contains('current'))).toHaveLength(1);
  });

  it('a change of the design marks the sweep outdated', () => {
    explore.setParam('localMemoryMiB', 16);
    flushSync();
    expect(document.querySelector('[data-testid="sweep-outdated"]')).not.toBeNull();
  });
});
