// The d3 + Svelte bar chart and the first view's state class, mounted in Chromium.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import BarChart from '../../web/src/charts/BarChart.svelte';
import { ArrayExplorerState } from '../../web/src/state/array-explorer.svelte';
import { createBrowserSimPool } from '../../web/src/pool';

let cleanup: (() => void) | undefined;
afterEach(() => { cleanup?.(); cleanup = undefined; document.body.replaceChildren(); });

describe('BarChart', () => {
  it('draws one bar per datum with widths proportional to the values, and redraws on new data', () => {
    const props = $state({ data: [{ label: 'a', value: 100 }, { label: 'b', value: 50 }, { label: 'c', value: 25 }] });
    const cmp = mount(BarChart, { target: document.body, props });
    cleanup = () => unmount(cmp);
    flushSync();
    const widths = () => [...document.querySelectorAll('rect.bar')].map((r) => Number(r.getAttribute('width')));
    const w = widths();
    expect(w).toHaveLength(3);
    expect(w[0] / w[1]).toBeCloseTo(2, 5);
    expect(w[1] / w[2]).toBeCloseTo(2, 5);
    expect(document.querySelectorAll('.axis .tick').length).toBeGreaterThan(3);
    props.data = [{ label: 'a', value: 10 }, { label: 'b', value: 40 }];
    flushSync();
    const w2 = widths();
    expect(w2).toHaveLength(2);
    expect(w2[1] / w2[0]).toBeCloseTo(4, 5);
  });
});

describe('ArrayExplorerState', () => {
  it('keeps only the newest reply (latest wins) and sums cycles over the layers', async () => {
    const pool = createBrowserSimPool(2);
    try {
      const s = new ArrayExplorerState(pool);
      s.log2Edge = 3;
      const first = s.refresh();
      s.log2Edge = 8;
      const second = s.refresh();
      await Promise.all([first, second]);
      expect(s.edge).toBe(256);
      expect(s.stale).toBe(false);
      const resnetConv1 = s.bars.find((b) => b.name === 'resnet50_Conv1')!;
      // WS on 256×256: Sr = K = 147 → 1 row fold, Sc = N = 64 → 1 column fold; 2·256 + 256 + 12100 − 2 − 1
      expect(resnetConv1.cycles).toBe(2 * 256 + 256 + 12100 - 3);
      expect(s.totalCycles).toBe(s.bars.reduce((a, b) => a + b.cycles, 0));
    } finally {
      await pool.close();
    }
  });
});
