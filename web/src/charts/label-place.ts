// Placing a chart's line labels so that they overlap neither each other nor the data points (issue 18: the roofline's
// "arrays" and "vector" labels ran into each other and into the ops' points). Each label has candidate positions, in
// order of preference; the first label takes its best candidate, each next one the best that overlaps no label
// already placed, fewest points and stays inside the plot.

export interface Box { x: number; y: number; width: number; height: number }

export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** How many points (circles of radius r around them) the box touches. */
function hits(box: Box, points: readonly { x: number; y: number }[], r: number): number {
  let n = 0;
  for (const p of points) if (p.x + r > box.x && p.x - r < box.x + box.width && p.y + r > box.y && p.y - r < box.y + box.height) n++;
  return n;
}

/**
 * The chosen candidate per label (index into its list). A candidate that overlaps a placed label costs the most, then
 * one outside `bounds`, then each point it covers; ties go to the earlier candidate.
 */
export function placeLabels(candidates: readonly (readonly Box[])[], points: readonly { x: number; y: number }[], bounds: Box, pointRadius = 4): number[] {
  const placed: Box[] = [];
  return candidates.map((list) => {
    let best = 0;
    let bestCost = Infinity;
    list.forEach((box, i) => {
      const outside = box.x < bounds.x || box.y < bounds.y || box.x + box.width > bounds.x + bounds.width || box.y + box.height > bounds.y + bounds.height;
      const cost = (placed.some((p) => intersects(p, box)) ? 1e6 : 0) + (outside ? 1e4 : 0) + hits(box, points, pointRadius) * 10 + i * 1e-3;
      if (cost < bestCost) { bestCost = cost; best = i; }
    });
    if (list.length) placed.push(list[best]);
    return best;
  });
}
