// The Validation view mounted in Chromium on the app's state with real Web Workers: the rows are the workers' report
// (the same as validate.ts computes in this realm from the oracle text the state loads), every row shows with its
// signed error, badge and source link, the summary counts the rows' ok flags; the tornado shows progress while it
// computes, then one bar per sensitivity row in the report's order (largest swing first), each half as long as its
// gain's distance from the base gain, and the same numbers in a table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import Validation from '../../web/src/views/Validation.svelte';
import { AppState } from '../../web/src/state/app.svelte';
import { loadOracleCsv, signedPct, toleranceText } from '../../web/src/state/validation.svelte';
import { createBrowserSimPool } from '../../web/src/pool';
import { createSimApi } from '../../shared/api/worker-api';
import highsWasmUrl from 'highs/runtime?url';

const until = async (cond: () => boolean, ms = 120_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

describe('Validation view', () => {
  const pool = createBrowserSimPool(2);
  const app = new AppState({ pool, persist: false });
  const v = app.validation;
  let cmp: ReturnType<typeof mount>;
  const $ = <T extends Element>(sel: string, root: ParentNode = document) => [...root.querySelectorAll<T>(sel)];

  beforeAll(async () => {
    const host = document.createElement('div');
    host.style.width = '1200px';
    document.body.append(host);
    cmp = mount(Validation, { target: host, props: { app } });
    flushSync();
    await until(() => { flushSync(); return v.validation.status !== 'running' && v.validation.status !== 'idle'; });
  });
  afterAll(async () => {
    unmount(cmp);
    await pool.close();
  });

  it('shows the workers\' validation report: the same rows validate.ts computes from the oracle text', async () => {
    expect(v.validation.status, v.validation.status === 'error' ? v.validation.error : '').toBe('ok');
    const local = await createSimApi({ highsWasmUrl }).validate(await loadOracleCsv()); // the CMEM rows run the fusion solver
    expect(v.report).toEqual(local);
    expect(local.rows.length).toBeGreaterThan(0);
  });

  it('shows every row with its numbers, badge and source, and a summary that counts the rows\' ok flags', () => {
    const report = v.report!;
    const rows = $<HTMLTableRowElement>('[data-testid="validation-row"]');
    expect(rows.map((r) => r.dataset.id)).toEqual(report.rows.map((r) => r.id));
    report.rows.forEach((r, i) => {
      const tr = rows[i];
      expect(tr.dataset.ok).toBe(String(r.ok));
      expect(tr.textContent).toContain(r.quantity);
      expect(tr.textContent).toContain(r.subject);
      expect(tr.querySelector('[data-testid="validation-error"]')!.textContent).toBe(signedPct(r.error));
      expect(tr.textContent).toContain(toleranceText(r));
      expect(tr.textContent).toContain(r.kind);
      expect($('[data-testid="validation-ok"]', tr)).toHaveLength(r.ok ? 1 : 0);
      expect($('[data-testid="validation-out"]', tr)).toHaveLength(r.ok ? 0 : 1);
      if (typeof r.leaveOneOutError === 'number') expect(tr.textContent).toContain(signedPct(r.leaveOneOutError));
      const a = tr.querySelector<HTMLAnchorElement>('[data-testid="validation-source"]')!;
      expect(a.getAttribute('href')).toBe(r.sourceUrl);
      expect(a.target).toBe('_blank');
      expect(a.rel).toContain('noopener');
      expect(a.textContent).toBe(r.source);
    });
    const okShown = rows.filter((r) => r.dataset.ok === 'true').length;
    expect(okShown).toBe(report.rows.filter((r) => r.ok).length);
    expect(document.querySelector('[data-testid="validation-summary"]')!.textContent!.trim()).toBe(`${okShown} of ${rows.length} rows within tolerance`);
    const knobs = $('[data-testid="validation-knob"]');
    expect(knobs).toHaveLength(report.knobs.length);
    report.knobs.forEach((k, i) => expect(knobs[i].textContent).toContain(k.name));
  });

  it('computes the tornado on a button press, with progress, then draws one bar per row in the report\'s order', async () => {
    v.workload = 'teaching-cnn';
    flushSync();
    expect($('[data-testid="tornado-bar"]')).toHaveLength(0);
    document.querySelector<HTMLButtonElement>('[data-testid="sensitivity-run"]')!.click();
    flushSync();
    expect(document.querySelector('[data-testid="sensitivity-progress"]')).not.toBeNull();
    expect(document.querySelector<HTMLButtonElement>('[data-testid="sensitivity-run"]')!.disabled).toBe(true);
    await until(() => { flushSync(); return !v.sensitivityRunning; });
    expect(v.sensitivityError).toBeNull();
    await frame(); // the chart frame measures its width
    flushSync();

    const s = v.sensitivity!;
    expect(s.workload).toBe('teaching-cnn');
    expect(s.hardware).toBe(v.hardware);
    expect(s.rows.length).toBeGreaterThan(0);
    expect(document.querySelector('[data-testid="sensitivity-progress"]')).toBeNull();

    const bars = $<SVGGElement>('[data-testid="tornado-bar"]');
    expect(bars.map((b) => b.dataset.key)).toEqual(s.rows.map((r) => r.path));
    const top = (b: SVGGElement) => Number(b.querySelector('rect')!.getAttribute('y'));
    for (let i = 1; i < bars.length; i++) expect(top(bars[i])).toBeGreaterThan(top(bars[i - 1]));
    // Largest swing first.
    const swing = s.rows.map((r) => Math.abs(r.gainHigh - r.gainLow));
    for (let i = 1; i < swing.length; i++) expect(swing[i]).toBeLessThanOrEqual(swing[i - 1]);
    // Each half's length is its gain's distance from the base gain, on one scale for all rows.
    const widths = bars.map((b) => [...b.querySelectorAll('rect')].map((r) => Number(r.getAttribute('width'))));
    const dists = s.rows.map((r) => [Math.abs(r.gainLow - s.gain), Math.abs(r.gainHigh - s.gain)]);
    const k = Math.max(...widths.flat()) / Math.max(...dists.flat());
    widths.forEach((w, i) => {
      expect(w[0]).toBeCloseTo(Math.max(0.5, dists[i][0] * k), 1);
      expect(w[1]).toBeCloseTo(Math.max(0.5, dists[i][1] * k), 1);
      const labels = [...bars[i].querySelectorAll('text')].map((t) => t.textContent);
      expect(labels).toContain(s.rows[i].label);
    });
    // The same numbers in a table.
    const trs = $<HTMLTableRowElement>('[data-testid="sensitivity-row"]');
    expect(trs.map((t) => t.dataset.path)).toEqual(s.rows.map((r) => r.path));
  });

  it('keeps a computed tornado per inputs: another design clears the chart, going back shows it again', () => {
    const before = v.sensitivity!;
    const hw = v.hardware;
    const other = [...document.querySelectorAll<HTMLOptionElement>('[data-testid="sensitivity-hardware"] option')].map((o) => o.value).find((p) => p !== hw)!;
    v.hardware = other;
    v.recall();
    flushSync();
    expect(v.sensitivity).toBeNull();
    expect($('[data-testid="tornado-bar"]')).toHaveLength(0);
    v.hardware = hw;
    v.recall();
    flushSync();
    expect(v.sensitivity).toBe(before);
  });
});
