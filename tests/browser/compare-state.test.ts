// The Compare view's state with real Web Workers: every design × workload cell is the simulator's report for that
// design with its own passes at the view's batch, TPU-v3 with the baseline software is the reference (gain 1), adding
// a design simulates only its cells, and the per-op diff is each op's time (cycles / clock) on either side.
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { CompareState, presetDesign } from '../../web/src/state/compare.svelte';
import { createBrowserSimPool, simRunner } from '../../web/src/pool';
import type { SimRunner } from '../../web/src/state/explore.svelte';
import { createSimApi, type SimulateMessage } from '../../shared/api/worker-api';
import { PRESETS, clockHz, hardwareCost } from '../../shared/hardware';

const until = async (cond: () => boolean, ms = 60_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('CompareState', () => {
  const pool = createBrowserSimPool(2);
  afterAll(() => pool.close());
  const calls: SimulateMessage[] = [];
  const inner = simRunner(pool);
  const runner: SimRunner = { simulate: (m) => { calls.push(m); return inner.simulate(m); } };
  const c = new CompareState(runner);
  c.workloads = ['teaching-cnn', 'mobilenet-v2'];
  c.diffWorkload = 'teaching-cnn';
  c.batch = 8;
  const stop = c.connect();
  afterAll(stop);
  const settled = () => until(() => { flushSync(); return c.pendingCount === 0; });

  it('simulates every design on every workload at the view\'s batch, each with its passes; TPU-v3 baseline is 1×', async () => {
    await settled();
    expect(c.table).toHaveLength(3);
    for (const row of c.table) {
      for (const cell of row.cells) {
        expect(cell.error).toBeNull();
        const local = await createSimApi().simulate({ workload: cell.workload, hardware: { ...row.design.hardware, batch: 8 }, hardwareName: 'design', batch: 8, passes: row.design.passes });
        expect(cell.report!.totals).toEqual(local.totals);
        expect(cell.report!.passes).toBe(local.passes);
        expect(cell.cost).toEqual(hardwareCost({ ...row.design.hardware, batch: 8 }));
      }
    }
    const baseline = c.table[0];
    expect(baseline.design.passes).toBe('none');
    for (const cell of baseline.cells) expect(cell.gain).toBeCloseTo(1, 12);
    for (const cell of c.table[1].cells) expect(cell.gain!).toBeGreaterThanOrEqual(1); // tpu-v3 with every pass
  });

  it('adding a design simulates only its cells; removing it keeps the others', async () => {
    const before = calls.length;
    c.add(presetDesign('teaching-8x8', 'all'));
    await settled();
    expect(calls.length - before).toBe(2); // one per workload
    expect(c.table).toHaveLength(4);
    c.remove(c.designs[3].id);
    flushSync();
    expect(c.table).toHaveLength(3);
    expect(c.pendingCount).toBe(0);
  });

  it('diffs two designs op by op in time (cycles / clock), matched by name', async () => {
    c.diffA = c.designs[0].id;
    c.diffB = c.designs[2].id; // tpuv4i-like: a different clock
    await settled();
    const d = c.diff!;
    expect(d.rows).not.toBeNull();
    const a = c.cell(c.designs[0], 'teaching-cnn').report!;
    const b = c.cell(c.designs[2], 'teaching-cnn').report!;
    expect(d.latencyA).toBe(a.latencySeconds);
    expect(d.latencyB).toBe(b.latencySeconds);
    for (const r of d.rows!) {
      const oa = a.ops.find((o) => o.name === r.name);
      const ob = b.ops.find((o) => o.name === r.name);
      expect(r.secondsA).toBe(oa ? oa.cycles / clockHz(PRESETS['tpu-v3']) : null);
      expect(r.secondsB).toBe(ob ? ob.cycles / clockHz(PRESETS['tpuv4i-like']) : null);
    }
    expect(new Set(d.rows!.map((r) => r.name)).size).toBe(d.rows!.length);
  });
});
