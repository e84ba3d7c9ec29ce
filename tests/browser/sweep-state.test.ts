// Explore's sweep with real Web Workers (web/src/state/sweep.svelte.ts, owned by ExploreState): sweeping array rows
// on EfficientNet-B0 (tpu-v3, all passes) gives at grid points exactly the in-page API's `simulate` numbers for
// that design; points the hardware schema rejects are never simulated and carry its reason; a cost-only row
// re-prices Explore's one simulation without calling simulate; a newer design marks the sweep outdated; cancel stops
// asking for points.
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { ExploreState, type SimRunner } from '../../web/src/state/explore.svelte';
import { createBrowserSimPool, simRunner } from '../../web/src/pool';
import { createSimApi, type SimulateMessage } from '../../shared/api/worker-api';
import {
  PRESETS, activityOf, domainValues, effectiveDomain, energyOf, hardwareCost, validateHardwareSpec, type HardwareSpec, type ParamId,
} from '../../shared/hardware';
import type { SimulateReport } from '../../shared/api/simulate';

const until = async (cond: () => boolean, ms = 60_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('SweepState', () => {
  const pool = createBrowserSimPool(2);
  afterAll(() => pool.close());
  const calls: SimulateMessage[] = [];
  const inner = simRunner(pool);
  const runner: SimRunner = { simulate: (m) => { calls.push(m); return inner.simulate(m); } };
  const e = new ExploreState(runner);
  e.setWorkload('efficientnet-b0');
  e.applyPreset('tpu-v3');
  e.passes = 'all';
  const stop = e.connect();
  afterAll(stop);
  const s = e.sweep;
  /** Explore's own result answers the design as it is now. */
  const settled = () => until(() => { flushSync(); return e.sim.current !== null && !e.stale; });
  const api = createSimApi();
  const local = (hardware: HardwareSpec): Promise<SimulateReport> =>
    api.simulate({ workload: 'efficientnet-b0', hardware, hardwareName: 'design', batch: hardware.batch, passes: 'all' });
  const sweptValues = (id: ParamId) => calls.filter((m) => m.hardware && typeof m.hardware === 'object').map((m) => (m.hardware as HardwareSpec)[id]);

  it('array rows over the whole grid: three points equal the in-page simulate for that design, the current one marked', async () => {
    await settled();
    const spec = { ...e.validSpec! };
    await s.start('arrayRows');
    const run = s.run!;
    expect(run.status).toBe('done');
    expect(run.points.map((p) => p.value)).toEqual(domainValues(effectiveDomain('arrayRows', spec)));
    expect(run.points.every((p) => p.status === 'ok')).toBe(true);
    expect(run.done).toBe(run.total);
    expect(run.points.filter((p) => p.current).map((p) => p.value)).toEqual([spec.arrayRows]);
    const n = run.points.length;
    for (const i of [0, Math.floor(n / 2), n - 1]) {
      const p = run.points[i];
      const hw = { ...spec, arrayRows: p.value as number };
      const r = await local(hw);
      expect(p.metrics!.throughputPerSecond).toBe(r.throughputPerSecond);
      expect(p.metrics!.perfPerTdp).toBe(r.perfPerTdp);
      expect(p.metrics!.joulesPerInference).toBe(r.energy.joulesPerInference);
      expect(p.metrics!.latencySeconds).toBe(r.latencySeconds);
      expect(p.metrics!.areaMm2).toBe(r.areaMm2);
      expect(p.metrics!.tdpWatts).toBe(r.tdpWatts);
    }
    // The points differ (the sweep is not one design repeated), and the marked point is Explore's own numbers.
    expect(run.points[0].metrics!.throughputPerSecond).not.toBe(run.points[n - 1].metrics!.throughputPerSecond);
    const cur = run.points.find((p) => p.current)!;
    expect(cur.metrics!.throughputPerSecond).toBe(e.totals!.throughputPerSecond);
    expect(cur.metrics!.perfPerTdp).toBe(e.totals!.perfPerTdp);
    expect(s.outdated).toBe(false);
  });

  it('points the schema rejects are gaps with its reason, never simulated; a changed design marks the sweep outdated', async () => {
    e.setParam('localMemoryMiB', 1);
    flushSync();
    expect(s.outdated).toBe(true);
    const spec = { ...e.validSpec! };
    const before = calls.length;
    await s.start('arraysPerCore');
    const run = s.run!;
    const invalid = run.points.filter((p) => p.status === 'invalid');
    expect(invalid.length).toBeGreaterThan(0);
    expect(run.points.some((p) => p.status === 'ok')).toBe(true);
    for (const p of run.points) {
      const v = validateHardwareSpec({ ...spec, arraysPerCore: p.value });
      expect(p.status, String(p.value)).toBe(v.ok ? 'ok' : 'invalid');
      expect(p.reason).toBe(v.ok ? null : v.issues.map((i) => i.message).join('; '));
      expect(p.metrics === null).toBe(!v.ok);
    }
    expect(run.total).toBe(run.points.length - invalid.length);
    const asked = calls.slice(before).map((m) => (m.hardware as HardwareSpec).arraysPerCore);
    for (const p of invalid) expect(asked).not.toContain(p.value);
  });

  it('a cost-only row (DRAM technology) re-prices Explore\'s simulation: no simulate call, invalid technologies with the reason', async () => {
    e.applyPreset('tpu-v3');
    await settled();
    const spec = { ...e.validSpec! };
    const before = calls.length;
    await s.start('dramTechnology');
    expect(calls.length).toBe(before);
    const run = s.run!;
    expect(run.costOnly).toBe(true);
    expect(run.status).toBe('done');
    const r = await local(spec);
    const activity = activityOf({ ...r.totals, latencySeconds: r.latencySeconds, batch: r.batch });
    let invalid = 0;
    for (const p of run.points) {
      const v = validateHardwareSpec({ ...spec, dramTechnology: p.value });
      if (!v.ok) {
        invalid++;
        expect(p.status).toBe('invalid');
        expect(p.reason).toBe(v.issues.map((i) => i.message).join('; '));
        continue;
      }
      expect(p.metrics!.throughputPerSecond).toBe(r.throughputPerSecond);
      expect(p.metrics!.tdpWatts).toBe(hardwareCost(v.spec).tdpWatts);
      expect(p.metrics!.areaMm2).toBe(hardwareCost(v.spec).areaMm2);
      expect(p.metrics!.joulesPerInference).toBe(energyOf(v.spec, activity).joulesPerInference);
    }
    expect(invalid).toBeGreaterThan(0);
    // The current technology's point is exactly what simulate reports for the design.
    const cur = run.points.find((p) => p.current)!;
    expect(cur.metrics!.joulesPerInference).toBe(r.energy.joulesPerInference);
    expect(cur.metrics!.perfPerTdp).toBe(r.perfPerTdp);
  });

  it('another cost-only row (chip-to-chip links) changes TDP and energy per point and simulates nothing', async () => {
    await settled();
    const spec = { ...e.validSpec! };
    const before = calls.length;
    await s.start('iciLinks');
    expect(calls.length).toBe(before);
    const run = s.run!;
    expect(run.points.every((p) => p.status === 'ok')).toBe(true);
    for (const p of run.points) expect(p.metrics!.tdpWatts).toBe(hardwareCost({ ...spec, iciLinks: p.value as number }).tdpWatts);
    expect(new Set(run.points.map((p) => p.metrics!.tdpWatts)).size).toBeGreaterThan(1);
  });

  it('cancel stops asking for points: only the few already in flight were asked, none of them counted', async () => {
    await settled();
    const before = calls.length;
    const done = s.start('clockGhz');
    flushSync();
    expect(s.running).toBe(true);
    s.cancel();
    await done;
    const run = s.run!;
    expect(run.status).toBe('cancelled');
    expect(run.done).toBe(0);
    expect(calls.length - before).toBeLessThan(run.total);
    expect(sweptValues('clockGhz').length).toBeGreaterThan(0);
  });
});
