// "Did you mean": the names closest to a mistyped one (a prefix of it, or a few edits away), for one-line errors.

/** Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b` (optimal string alignment distance). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Up to `max` of `names` that `input` was probably meant to be, best first: names it is a prefix of (or that are a
 * prefix of it), then names at most max(2, a third of its length) edits away (case and `_`/space vs `-` ignored).
 */
export function closestNames(input: string, names: readonly string[], max = 3): string[] {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const x = norm(input);
  if (!x || x.length > 100) return [];
  const limit = Math.max(2, Math.floor(x.length / 3));
  const scored: { name: string; score: number; i: number }[] = [];
  names.forEach((name, i) => {
    const n = norm(name);
    const prefix = x.length >= 3 && (n.startsWith(x) || x.startsWith(n));
    const dist = editDistance(x, n);
    if (prefix) scored.push({ name, score: Math.min(dist, 1) - 1, i });
    else if (dist <= limit) scored.push({ name, score: dist, i });
  });
  return scored.sort((p, q) => p.score - q.score || p.i - q.i).slice(0, max).map((s) => s.name);
}

/** ` (did you mean "a", "b" or "c"?)` for the closest names, or '' when none is close. */
export function didYouMean(input: string, names: readonly string[], max = 3): string {
  const c = closestNames(input, names, max).map((n) => JSON.stringify(n));
  if (!c.length) return '';
  return ` (did you mean ${c.length === 1 ? c[0] : `${c.slice(0, -1).join(', ')} or ${c[c.length - 1]}`}?)`;
}
