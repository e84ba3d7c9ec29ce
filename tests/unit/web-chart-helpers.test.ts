// The pure helpers behind issue 18's chart fixes: the trial scatter's front over its two plotted objectives and its
// x domain from the feasible trials (web/src/lib/trial-scatter.ts), line-label placement (web/src/charts/label-place.ts)
// and when an opened panel needs scrolling into view (web/src/lib/reveal.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { line, curveStepAfter } from 'd3';
import { clipX, plottedFront, PlottedFront, scatterXDomain, stepCorners, type ScatterPoint } from '../../web/src/lib/trial-scatter';
import { intersects, placeLabels } from '../../web/src/charts/label-place';
import { needsReveal } from '../../web/src/lib/reveal';
import { dominates } from '../../shared/search/pareto';

const p = (index: number, x: number | null, gain: number | null, feasible = true): ScatterPoint => ({ index, x, gain, feasible });

describe('trial scatter', () => {
  it('the front is over gain and the plotted x: no marked point is dominated in those two', () => {
    const pts = [p(0, 100, 2), p(1, 150, 1.5), p(2, 80, 1.2), p(3, 80, 1.2), p(4, 300, 2.5), p(5, 50, null, false), p(6, 40, 3, false)];
    const front = plottedFront(pts);
    expect([...front].sort()).toEqual([0, 2, 3, 4]);
    const ok = pts.filter((q) => q.feasible);
    for (const i of front) for (const q of ok) expect(dominates([q.gain!, q.x!], [pts[i].gain!, pts[i].x!], ['max', 'min'])).toBe(false);
  });

  it('PlottedFront, fed a growing list, gives plottedFront\'s set after every update; another list starts it afresh', () => {
    // ties on both objectives (equal points stay on the front together), infeasible and unpriced points, and lists that
    // replace the last one (a new study, a restore) or shrink
    const point = fc.record({ x: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 6 })), gain: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 6 })), feasible: fc.boolean() });
    fc.assert(fc.property(fc.array(fc.array(point, { maxLength: 12 }), { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (steps, fresh) => {
      const tracker = new PlottedFront();
      let pts: ScatterPoint[] = [];
      steps.forEach((add, k) => {
        const more = add.map((q, i) => ({ ...q, index: pts.length + i }));
        // a fresh list: the same indices with other values (a restarted study), or a shorter one
        pts = fresh[k] ? [...pts.slice(0, Math.floor(pts.length / 2)).map((q) => ({ ...q, gain: q.gain === null ? 1 : q.gain + 1 })), ...more].map((q, i) => ({ ...q, index: i })) : [...pts, ...more];
        expect([...tracker.update(pts.map((q) => ({ ...q })))].sort((a, b) => a - b)).toEqual([...plottedFront(pts)].sort((a, b) => a - b));
      });
    }), { numRuns: 300 });
  });

  it('stepCorners draws the same staircase as every point: the curve\'s value at each trial, with its breaks', () => {
    const value = fc.oneof(fc.constant(null), fc.constant(NaN), fc.integer({ min: 1, max: 4 }));
    fc.assert(fc.property(fc.array(value, { maxLength: 40 }), (values) => {
      const corners = stepCorners(values);
      expect(corners.length).toBeLessThanOrEqual(values.length);
      const defined = (v: number | null) => v !== null && Number.isFinite(v);
      // the step-after curve through the corners: at x, the last corner at or before x (a break when it is undefined)
      values.forEach((v, i) => {
        const x = i + 1;
        const at = corners.filter((c) => c.x <= x).at(-1);
        if (!defined(v)) return expect(at && defined(at.y) ? at.x === x : true).toBe(true);
        expect(at?.y).toBe(v);
      });
      // a line ends where the full one ends: the last point of every defined run is a corner
      values.forEach((v, i) => { if (defined(v) && !defined(values[i + 1] ?? null)) expect(corners.some((c) => c.x === i + 1 && c.y === v)).toBe(true); });
      // and d3 draws as many separate lines (one "M" per defined run)
      const draw = (pts: { x: number; y: number | null }[]) => line<{ x: number; y: number | null }>().defined((p) => p.y !== null && Number.isFinite(p.y)).x((p) => p.x).y((p) => p.y!).curve(curveStepAfter)(pts) ?? '';
      const full = draw(values.map((y, i) => ({ x: i + 1, y })));
      expect(draw(corners).split('M').length).toBe(full.split('M').length);
    }), { numRuns: 500 });
    // a best-so-far curve of 5,000 trials that improves 30 times needs about 31 points
    const best = Array.from({ length: 5000 }, (_, i) => 1 + Math.floor(i / 167) / 10);
    expect(stepCorners(best).length).toBe(31);
  });

  it('the x domain spans the feasible trials and the budget, not the infeasible ones far beyond', () => {
    const pts = [p(0, 100, 2), p(1, 380, 1.2), p(2, 2000, null, false), p(3, 2500, null, false)];
    const [lo, hi] = scatterXDomain(pts, 600, 700);
    expect(lo).toBeLessThanOrEqual(100);
    expect(hi).toBeGreaterThanOrEqual(600);
    expect(hi).toBeLessThan(1000);
    expect(clipX(2000, [lo, hi])).toEqual({ x: hi, clipped: 'right' });
    expect(clipX(300, [lo, hi])).toEqual({ x: 300, clipped: null });
    // No feasible trial yet: every priced trial counts; nothing at all: the fallback.
    expect(scatterXDomain([p(0, 2000, null, false)], undefined, 700)[1]).toBeGreaterThanOrEqual(2000);
    expect(scatterXDomain([], undefined, 700)).toEqual([0, 700]);
  });
});

describe('line labels', () => {
  it('two labels whose lines coincide do not overlap, and a label avoids points where it can', () => {
    const cands = (y: number) => [0, 1, 2, 3].map((k) => ({ x: k < 2 ? 200 : 20, y: k % 2 ? y + 4 : y - 17, width: 80, height: 13 }));
    const chosen = placeLabels([cands(100), cands(100)], [], { x: 0, y: 0, width: 300, height: 200 });
    const boxes = chosen.map((c, i) => [cands(100), cands(100)][i][c]);
    expect(intersects(boxes[0], boxes[1])).toBe(false);
    const avoid = placeLabels([cands(100)], [{ x: 230, y: 90 }], { x: 0, y: 0, width: 300, height: 200 });
    expect(avoid[0]).toBe(1); // above its line's right end there is a point: below it there is none
    const inside = placeLabels([cands(5)], [], { x: 0, y: 0, width: 300, height: 200 });
    expect(inside[0]).toBe(1); // above would leave the plot
  });
});

describe('revealing an opened panel', () => {
  it('scrolls when its top is above the window or too near its bottom (y = 984 in a 900 px window)', () => {
    expect(needsReveal(984, 900)).toBe(true);
    expect(needsReveal(-20, 900)).toBe(true);
    expect(needsReveal(850, 900)).toBe(true);
    expect(needsReveal(300, 900)).toBe(false);
  });
});
