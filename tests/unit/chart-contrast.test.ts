// Chart labels drawn in their series' colour are darkened, same hue, to WCAG AA contrast on white (web/src/charts/contrast.ts).
import { describe, expect, it } from 'vitest';
import { hsl } from 'd3';
import { contrast, readableOnWhite } from '../../web/src/charts/contrast';

describe('readableOnWhite', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 10);
    expect(contrast('#777777', '#777777')).toBe(1);
    expect(contrast('#7b8794', '#ffffff')).toBeCloseTo(3.66, 2); // the grey the reference lines used
  });

  it('keeps a colour that already reads and darkens, same hue, one that does not', () => {
    expect(readableOnWhite('#0072B2')).toBe('#0072B2'); // 5.1:1
    for (const c of ['#009E73', '#E69F00', '#7b8794', '#56B4E9', '#ffffff']) {
      const ink = readableOnWhite(c);
      expect(contrast(ink, '#ffffff'), c).toBeGreaterThanOrEqual(4.5);
      expect(contrast(ink, '#ffffff'), c).toBeLessThan(5); // no darker than it needs (1% lightness steps)
      if (c !== '#ffffff') expect(Math.abs(hsl(ink).h - hsl(c).h), c).toBeLessThan(2);
    }
  });
});
