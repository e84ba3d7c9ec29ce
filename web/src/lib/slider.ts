// Slider positions for a parameter's domain (shared/hardware/params.ts): the exact values a slider offers.
// 'choice' domains offer their values; 'log' ranges move geometrically (powers of two and the 1.5× steps
// between them, snapped to the domain's step), plus the ends; 'linear' ranges every step, plus the top when it is
// off the step grid (HBM2's 307.2 GB/s in 1 GB/s steps from 128).
import { inDomain, linearGrid, type Domain } from '../../../shared/hardware';

export function sliderValues(d: Domain): number[] {
  if (d.kind === 'enum') return [];
  if (d.kind === 'choice') return [...d.values];
  // The search's grid (params.ts linearGrid): a real range's top stays a position when it is off the step grid.
  if (d.scale === 'linear') return linearGrid(d);
  const set = new Set<number>();
  if (d.min === 0) set.add(0);
  set.add(d.min);
  set.add(d.max);
  for (let p = 1; p <= d.max; p *= 2) {
    for (const v of [p, p * 1.5]) {
      const snapped = d.integer ? Math.round(v / d.step) * d.step : v;
      if (snapped >= d.min && snapped <= d.max) set.add(snapped);
    }
  }
  return [...set].filter((v) => inDomain(d, v)).sort((a, b) => a - b);
}

/** Index of the slider value nearest to `v` (on a log scale for log ranges). */
export function nearestIndex(values: number[], v: number, log = false): number {
  let best = 0;
  let bestD = Infinity;
  const f = (x: number) => (log ? Math.log(Math.max(x, 1e-9)) : x);
  values.forEach((x, i) => {
    const dd = Math.abs(f(x) - f(v));
    if (dd < bestD) { bestD = dd; best = i; }
  });
  return best;
}
