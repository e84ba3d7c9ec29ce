// web/src/charts/marks.ts: patching a group's marks in place leaves exactly the DOM that writing the same marks as
// SVG markup gives (elements, attributes and their order), whatever was there before, and reuses the elements it can.
import { describe, expect, it } from 'vitest';
import { patchMarks, type Mark } from '../../web/src/charts/marks';

const NS = 'http://www.w3.org/2000/svg';
const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const markup = (ms: readonly Mark[]): string =>
  ms.map((m) => {
    let a = '';
    for (let k = 0; k < m.attrs.length; k += 2) a += ` ${m.attrs[k]}="${esc(m.attrs[k + 1])}"`;
    return `<${m.tag}${a}>${markup(m.children ?? [])}</${m.tag}>`;
  }).join('');
const group = () => document.createElementNS(NS, 'g');
/** The DOM the markup gives (parsed as SVG, like {@html} inside an <svg>). */
const parsed = (ms: readonly Mark[]) => {
  const svg = document.createElementNS(NS, 'svg');
  svg.innerHTML = `<g>${markup(ms)}</g>`;
  return svg.firstElementChild!;
};

/** Pseudo-random stacked bars: `n` bars of 1–3 segments, with a few attribute sets and tags varying. */
function bars(n: number, seed: number): Mark[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const segs = 1 + Math.floor(rnd() * 3);
    const children: Mark[] = Array.from({ length: segs }, () => (rnd() < 0.1
      ? { tag: 'circle', attrs: ['cx', String(rnd()), 'r', '3.5'] }
      : { tag: 'rect', attrs: rnd() < 0.2 ? ['y', String(rnd() * 100), 'width', '2'] : ['width', '2', 'y', String(rnd() * 100), 'height', String(rnd() * 50), 'fill', rnd() < 0.5 ? '#0072B2' : '#D55E00'] }));
    return { tag: 'g', attrs: ['class', 'bar', 'data-index', String(i), 'transform', `translate(${i * 3},0)`], children };
  });
}

describe('patchMarks', () => {
  it('gives the markup\'s DOM from empty, and after any earlier marks', () => {
    const g = group();
    for (const [n, seed] of [[40, 1], [40, 2], [55, 3], [12, 4], [0, 5], [30, 6], [30, 6]] as const) {
      const ms = bars(n, seed);
      patchMarks(g, ms);
      expect(g.outerHTML).toBe(parsed(ms).outerHTML);
      expect(g.children).toHaveLength(n);
    }
  });

  it('reuses the elements when only values change, and sets only the changed attributes', () => {
    const g = group();
    const at = (y: string, fill: string): Mark[] => [{ tag: 'g', attrs: ['class', 'bar'], children: [{ tag: 'rect', attrs: ['y', y, 'fill', fill] }] }];
    patchMarks(g, at('1', 'red'));
    const bar = g.firstElementChild!;
    const rect = bar.firstElementChild!;
    const seen: string[] = [];
    new MutationObserver((rs) => seen.push(...rs.map((r) => r.attributeName ?? r.type))).observe(g, { attributes: true, childList: true, subtree: true });
    patchMarks(g, at('2', 'red'));
    patchMarks(g, at('2', 'red'));
    return new Promise<void>((resolve) => queueMicrotask(() => {
      expect(g.firstElementChild).toBe(bar);
      expect(bar.firstElementChild).toBe(rect);
      expect(rect.getAttribute('y')).toBe('2');
      expect(seen).toEqual(['y']);
      resolve();
    }));
  });

  it('replaces an element whose tag changed and drops attributes no longer given', () => {
    const g = group();
    patchMarks(g, [{ tag: 'rect', attrs: ['x', '1', 'fill', 'red'] }, { tag: 'circle', attrs: ['r', '2'] }]);
    patchMarks(g, [{ tag: 'circle', attrs: ['r', '3'] }, { tag: 'circle', attrs: ['cx', '4'] }]);
    expect(g.outerHTML).toBe('<g><circle r="3"></circle><circle cx="4"></circle></g>');
  });
});
