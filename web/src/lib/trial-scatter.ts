// What Search's trial scatter draws (issue 18): the Pareto front over the two objectives it plots (gain, and area or
// TDP) — the study's own front is over three (gain, area, TDP), so some of its members are dominated in any one
// picture — and an x axis sized by the feasible trials, so that a few infeasible designs at 1,500–2,500 mm² do not
// squash the feasible ones into one column; those are drawn at the axis's edge with a marker.
import { scaleLinear } from 'd3';
import { paretoFront } from '../../../shared/search/pareto';

export interface ScatterPoint {
  index: number;
  /** Area (mm²) or TDP (W); null when the trial could not be priced. */
  x: number | null;
  /** Gain on the study's objective; null when infeasible. */
  gain: number | null;
  feasible: boolean;
}

/** Indices of the feasible points on the front of (gain max, x min): none dominates them in the plotted objectives. */
export function plottedFront(points: readonly ScatterPoint[]): Set<number> {
  const ok = points.filter((p) => p.feasible && p.x !== null && p.gain !== null && Number.isFinite(p.x) && Number.isFinite(p.gain));
  return new Set(paretoFront(ok.map((p) => [p.gain!, p.x!]), ['max', 'min']).map((i) => ok[i].index));
}

/**
 * The x domain: the feasible points' x and the budget line (padded 5%, then made nice), or every point's when none
 * is feasible yet; [0, fallback] when there is nothing to plot.
 */
export function scatterXDomain(points: readonly ScatterPoint[], budget: number | undefined, fallback: number): [number, number] {
  const finite = (p: ScatterPoint) => p.x !== null && Number.isFinite(p.x);
  const feasible = points.filter((p) => p.feasible && finite(p)).map((p) => p.x!);
  const xs = feasible.length ? feasible : points.filter(finite).map((p) => p.x!);
  if (budget !== undefined && Number.isFinite(budget)) xs.push(budget);
  if (!xs.length) return [0, fallback];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = (hi - lo) * 0.05 || hi * 0.1 || 1;
  const [a, b] = scaleLinear().domain([Math.max(0, lo - pad), hi + pad]).nice().domain();
  return [a, b];
}

/** Where a point sits on an axis with this domain: inside it, or clipped to its left or right edge. */
export function clipX(x: number, [lo, hi]: [number, number]): { x: number; clipped: 'left' | 'right' | null } {
  if (x > hi) return { x: hi, clipped: 'right' };
  if (x < lo) return { x: lo, clipped: 'left' };
  return { x, clipped: null };
}
