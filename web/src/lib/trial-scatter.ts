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
  const ok = points.filter(plottable);
  return new Set(paretoFront(ok.map((p) => [p.gain!, p.x!]), ['max', 'min']).map((i) => ok[i].index));
}

const plottable = (p: ScatterPoint) => p.feasible && p.x !== null && p.gain !== null && Number.isFinite(p.x) && Number.isFinite(p.gain);
/** p dominates q in (gain max, x min). */
const beats = (p: ScatterPoint, q: ScatterPoint) => p.gain! >= q.gain! && p.x! <= q.x! && (p.gain! > q.gain! || p.x! < q.x!);

/**
 * plottedFront kept up to date as a study's points grow (a running study's view updates at 5,000 trials cost its new
 * points, not a sort of all of them). `update` takes the whole list: when it extends the last list (the same points
 * first, compared by value), only the new points are merged into the front — a new point joins it unless a member
 * dominates it, and drops the members it dominates; the non-dominated set does not depend on the order the points come
 * in, so this is plottedFront's set. Any other list is taken from scratch.
 */
export class PlottedFront {
  #seen: ScatterPoint[] = [];
  #front: ScatterPoint[] = [];
  #set = new Set<number>();

  update(points: readonly ScatterPoint[]): Set<number> {
    const seen = this.#seen;
    let extends_ = points.length >= seen.length;
    for (let i = 0; extends_ && i < seen.length; i++) {
      const a = seen[i], b = points[i];
      extends_ = a.index === b.index && Object.is(a.x, b.x) && Object.is(a.gain, b.gain) && a.feasible === b.feasible;
    }
    if (!extends_) { this.#seen = []; this.#front = []; }
    if (extends_ && points.length === seen.length) return this.#set;
    let front = this.#front;
    for (let i = this.#seen.length; i < points.length; i++) {
      const p = points[i];
      this.#seen.push(p);
      if (!plottable(p) || front.some((q) => beats(q, p))) continue;
      front = front.filter((q) => !beats(p, q));
      front.push(p);
    }
    this.#front = front;
    this.#set = new Set(front.map((p) => p.index));
    return this.#set;
  }
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

/**
 * The points a step-after line through (i + 1, values[i]) needs to draw the same staircase: the first point of every
 * run of equal values (each a corner) and the last point of every run of defined values (where a line ends). A
 * best-so-far curve changes a few dozen times in thousands of trials, so its path stays small. Values that are null
 * or not finite break the line, as in the full list.
 */
export function stepCorners(values: readonly (number | null)[]): { x: number; y: number | null }[] {
  const out: { x: number; y: number | null }[] = [];
  const ok = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
  for (let i = 0; i < values.length; i++) {
    const v = values[i], prev = values[i - 1], next = values[i + 1];
    if (!ok(v)) { if (i === 0 || ok(prev)) out.push({ x: i + 1, y: null }); continue; }
    if (!ok(prev) || prev !== v || !ok(next)) out.push({ x: i + 1, y: v });
  }
  return out;
}
