// The Compare view's state with real Web Workers: every design × workload cell is the simulator's report for that
// design with its own passes at the view's batch, TPU-v3 with the baseline software is the reference (gain 1), adding
// a design simulates only its cells, and the per-op diff is each op's time (cycles / clock) on either side, with
// A's and B's design-level numbers (energy per inference, inferences per joule, average, TDP and peak power, own
// area) taken from each side's report and the cost model.
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { CompareState, presetDesign, type MetricId } from '../../web/src/state/compare.svelte';
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
    c.diffB = c.designs[2].id; // tpuv4i: a different clock
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
      expect(r.secondsB).toBe(ob ? ob.cycles / clockHz(PRESETS['tpuv4i']) : null);
    }
    expect(new Set(d.rows!.map((r) => r.name)).size).toBe(d.rows!.length);
  });

  it('the diff\'s design-level rows are A\'s and B\'s own numbers: energy, power and area from the model', async () => {
    await settled();
    const d = c.diff!;
    const sides = [c.cell(d.a, c.diffWorkload), c.cell(d.b, c.diffWorkload)];
    const byId = new Map(d.metrics!.map((m) => [m.id, m]));
    expect([...byId.keys()]).toEqual(expect.arrayContaining(['energy', 'inferencesPerJoule', 'averageWatts', 'peakWatts', 'ownAreaMm2', 'tdpWatts', 'areaMm2']));
    for (const [i, cell] of sides.entries()) {
      const side = (id: MetricId) => (i === 0 ? byId.get(id)!.a : byId.get(id)!.b);
      const r = cell.report!;
      // The worker's report equals the in-page API's for the same request, energy included.
      const local = await createSimApi().simulate({ workload: c.diffWorkload, hardware: { ...cell.design.hardware, batch: 8 }, hardwareName: 'design', batch: 8, passes: cell.design.passes });
      expect(r.energy).toEqual(local.energy);
      const cost = hardwareCost({ ...cell.design.hardware, batch: 8 });
      expect(side('energy')).toBe(local.energy.joulesPerInference);
      expect(side('inferencesPerJoule')).toBe(local.energy.inferencesPerJoule);
      expect(side('averageWatts')).toBe(local.energy.averageWatts);
      expect(side('peakWatts')).toBe(cost.peakWatts);
      expect(side('ownAreaMm2')).toBe(cost.ownAreaMm2);
      expect(side('ownWatts')).toBe(cost.ownWatts);
      expect(side('tdpWatts')).toBe(cost.tdpWatts);
      expect(side('areaMm2')).toBe(cost.areaMm2);
      expect(side('throughput')).toBe(local.throughputPerSecond);
      expect(side('latency')).toBe(local.latencySeconds);
      expect(side('perfPerTdp')).toBe(local.throughputPerSecond / cost.tdpWatts);
    }
    // The rows compare A with B: tpu-v3 (training rating) against tpuv4i (inference rating) differ in both.
    for (const m of d.metrics!) expect(Number.isFinite(m.b / m.a), m.id).toBe(true);
    expect(byId.get('energy')!.a).not.toBe(byId.get('energy')!.b);
  });
});
