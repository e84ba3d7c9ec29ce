// Pareto fronts: the items no other item dominates. Objectives are maximized or minimized per coordinate; a
// dominates b when a is at least as good everywhere and strictly better somewhere. Items with equal objective
// vectors do not dominate each other, so both stay on the front. docs/model.md §6.5.

export type Sense = 'max' | 'min';

/** True when `a` dominates `b` under the senses. */
export function dominates(a: readonly number[], b: readonly number[], senses: readonly Sense[]): boolean {
  let strictly = false;
  for (let i = 0; i < senses.length; i++) {
    const d = senses[i] === 'max' ? a[i] - b[i] : b[i] - a[i];
    if (d < 0) return false;
    if (d > 0) strictly = true;
  }
  return strictly;
}

/**
 * Indices of the non-dominated items, in input order. Sorting by the first objective lets each item be compared
 * only with those that could dominate it (O(n²) worst case, fast for the few thousand trials of a study).
 */
export function paretoFront(points: readonly (readonly number[])[], senses: readonly Sense[]): number[] {
  const s0 = senses[0] === 'max' ? -1 : 1;
  const order = points.map((_, i) => i).sort((a, b) => s0 * (points[a][0] - points[b][0]) || a - b);
  const front: number[] = [];
  for (const i of order) {
    // Only items at least as good on the first objective (earlier in `order`, or tied) can dominate i; a dominated
    // item is dominated by some front member too (domination is transitive), so checking the front suffices.
    if (!front.some((j) => dominates(points[j], points[i], senses))) {
      // A later tie on the first objective may dominate earlier front members: drop them.
      for (let k = front.length - 1; k >= 0; k--) if (dominates(points[i], points[front[k]], senses)) front.splice(k, 1);
      front.push(i);
    }
  }
  return front.sort((a, b) => a - b);
}
