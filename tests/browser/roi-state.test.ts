// The ROI view's state (web/src/state/roi.svelte.ts) against shared/roi.ts: the gain and TDP come from the chosen
// design (the search's best, else the Explore design, or typed in), the results are roi()'s for the inputs shown, the
// TCO parts add up to roi()'s totals, and the break-even curve is breakEvenCurve's from just above the gain where the
// design stops saving anything.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { RoiState, type RoiDesign } from '../../web/src/state/roi.svelte';
import { DEFAULT_NRE_USD, ROI_DEFAULTS, breakEvenCurve, roi } from '../../shared/roi';

describe('RoiState', () => {
  let search: RoiDesign | null = null;
  const explore: RoiDesign = { gain: 1.85, tdpWatts: 450, label: 'explore' };
  const s = new RoiState(() => search, () => explore);

  it('takes the Explore design when there is no search result, with the model\'s defaults, and equals roi()', () => {
    flushSync();
    expect(s.design).toEqual(explore);
    expect(s.nreUsd).toBe(DEFAULT_NRE_USD);
    const want = roi({ ...ROI_DEFAULTS, gain: 1.85, designTdpWatts: 450 });
    expect(s.outcome).toMatchObject({ ok: true, result: want });
  });

  it('prefers the search\'s best once there is one, and types values in from the design shown', () => {
    search = { gain: 2.7, tdpWatts: 610, label: 'search' };
    const t = new RoiState(() => search, () => explore);
    expect(t.design).toEqual(search);
    t.setSource('explore');
    expect(t.design).toEqual(explore);
    t.setSource('search');
    t.setSource('manual');
    expect(t.design).toMatchObject({ gain: 2.7, tdpWatts: 610 });
    t.setInput('manualGain', 3.7);
    expect(t.spec!.gain).toBe(3.7);
  });

  it('adds the NRE parts, and its TCO parts add up to roi()\'s totals', () => {
    const t = new RoiState(() => null, () => ({ gain: 2.4, tdpWatts: 300, label: 'x' }));
    t.setInput('designUsd', 40e6);
    t.setInput('chips', 20_000);
    t.setInput('pue', 1.25);
    const want = roi({ ...ROI_DEFAULTS, gain: 2.4, designTdpWatts: 300, nreUsd: 40e6 + 5e6 + 20e6 + 25e6, chips: 20_000, pue: 1.25 });
    const o = t.outcome!;
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.result).toEqual(want);
    expect(o.parts.baseline.capex + o.parts.baseline.opex).toBeCloseTo(want.tcoBaseline, 4);
    expect(o.parts.design.nre + o.parts.design.capex + o.parts.design.opex).toBeCloseTo(want.tcoDesign, 4);
  });

  it('draws breakEvenCurve from just above the gain that pays nothing back, decreasing, through the current gain', () => {
    const t = new RoiState(() => null, () => ({ gain: 2.4, tdpWatts: 300, label: 'x' }));
    const c = t.curve!;
    const spec = t.spec!;
    // a design chip saves nothing when gain = (P_b / P_d) × (c_d + e(P_d)) / (c_b + e(P_b))
    expect(roi({ ...spec, gain: c.payBackAbove * 1.0001 }).breakEvenChips).toBeLessThan(Infinity);
    expect(roi({ ...spec, gain: c.payBackAbove * 0.9999 }).breakEvenChips).toBe(Infinity);
    const { gain: _g, ...base } = spec;
    void _g;
    expect(c.points).toEqual(breakEvenCurve(base, c.points.map((p) => p.gain)));
    for (let i = 1; i < c.points.length; i++) expect(c.points[i].breakEvenChips).toBeLessThan(c.points[i - 1].breakEvenChips);
    expect(c.points[0].gain).toBeLessThan(2.4);
    expect(c.points[c.points.length - 1].gain).toBeGreaterThan(2.4);
    expect(c.current.breakEvenChips).toBe(roi(spec).breakEvenChips);
  });

  it('reports an input out of range with the field and the range, instead of numbers', () => {
    const t = new RoiState(() => null, () => explore);
    t.setInput('pue', 0.5);
    expect(t.outcome).toEqual({ ok: false, error: 'pue must be a number from 1 to 10 (got 0.5)' });
    expect(t.curve).toBeNull();
  });
});
