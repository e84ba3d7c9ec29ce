// The ROI model (shared/roi.ts) and `fast roi`.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roi, breakEvenCurve, lifetimeEnergyUsd, ROI_DEFAULTS } from '../../shared/roi';
import { main } from '../../cli/main';

describe('roi', () => {
  it('hand case: TCO = CapEx + 3 years of energy at TDP × PUE', () => {
    const r = roi({ ...ROI_DEFAULTS, gain: 2, chips: 1000 });
    const energy = 0.45 * 8760 * 3 * 0.1 * 1.1; // kW × h/yr × yr × $/kWh × PUE = $1,300.86
    expect(lifetimeEnergyUsd(450, ROI_DEFAULTS)).toBeCloseTo(energy, 6);
    expect(r.tcoBaseline).toBeCloseTo(1000 * (8000 + energy), 3);
    expect(r.designChips).toBe(500);
    expect(r.tcoDesign).toBeCloseTo(100e6 + 500 * (8000 + energy), 3);
    expect(r.breakEvenChips).toBeCloseTo(100e6 / (0.5 * (8000 + energy)), 6);
  });

  it('at the break-even size both fleets cost the same; bigger gains break even sooner', () => {
    fc.assert(fc.property(fc.double({ min: 1.01, max: 20, noNaN: true }), fc.double({ min: 1e6, max: 1e9, noNaN: true }), (gain, nre) => {
      const r = roi({ ...ROI_DEFAULTS, gain, nreUsd: nre });
      const at = roi({ ...ROI_DEFAULTS, gain, nreUsd: nre, chips: r.breakEvenChips });
      expect(at.tcoDesign / at.tcoBaseline).toBeCloseTo(1, 9);
      expect(roi({ ...ROI_DEFAULTS, gain: gain * 1.5, nreUsd: nre }).breakEvenChips).toBeLessThan(r.breakEvenChips);
    }), { numRuns: 200, seed: 3 });
    const curve = breakEvenCurve(ROI_DEFAULTS, [1.5, 2, 4, 8]);
    for (let i = 1; i < curve.length; i++) expect(curve[i].breakEvenChips).toBeLessThan(curve[i - 1].breakEvenChips);
  });

  it('a design no better than the baseline never breaks even', () => {
    expect(roi({ ...ROI_DEFAULTS, gain: 1 }).breakEvenChips).toBe(Infinity);
    expect(roi({ ...ROI_DEFAULTS, gain: 0.8 }).savings).toBeLessThan(0);
  });

  it('rejects absurd inputs naming the field', () => {
    expect(() => roi({ ...ROI_DEFAULTS, gain: NaN })).toThrow(/gain must be a number/);
    expect(() => roi({ ...ROI_DEFAULTS, gain: 2, pue: 0.5 })).toThrow(/pue must be a number from 1 to 10/);
    expect(() => roi({ ...ROI_DEFAULTS, gain: 2, chips: -3 })).toThrow(/chips/);
  });

  it('fast roi matches the model; bad flags exit 2 with one line', async () => {
    let out = '', err = '';
    const io = { out: (s: string) => { out += s; }, err: (s: string) => { err += s; } };
    expect(await main(['roi', '--gain', '3', '--nre', '5e7', '--chips', '2000', '--json'], io)).toBe(0);
    const j = JSON.parse(out);
    const r = roi({ ...ROI_DEFAULTS, gain: 3, nreUsd: 5e7, chips: 2000 });
    expect(j.breakEvenChips).toBeCloseTo(r.breakEvenChips, 6);
    expect(j.tcoBaseline).toBeCloseTo(r.tcoBaseline, 3);
    expect(j.tcoDesign).toBeCloseTo(r.tcoDesign, 3);
    for (const argv of [['roi'], ['roi', '--gain', 'x'], ['roi', '--gain', '2', '--years', '-1']]) {
      err = '';
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });
});
