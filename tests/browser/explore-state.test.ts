// The Explore state class in Chromium with real Web Workers: latest-wins, cost-only re-pricing without a
// simulation, the TPU-v3 reference once per workload/batch, invalid designs, and results identical to the
// in-page API (determinism across worker and page). LatestRequest is also driven by a scripted runner to pin
// down its ordering rules.
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { ExploreState, EXPLORE_WARM_UP_ROUNDS, SOLVER_WARM_DELAY_MS, type SimRunner } from '../../web/src/state/explore.svelte';
import { WARM_UP_DESIGNS } from '../../shared/search/warm-up';
import { LatestRequest } from '../../web/src/state/latest.svelte';
import { createBrowserSimPool, simRunner } from '../../web/src/pool';
import { createSimApi, type SimulateMessage } from '../../shared/api/worker-api';
import { hardwareCost, PRESETS } from '../../shared/hardware';

const until = async (cond: () => boolean, ms = 20_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ExploreState with the worker pool', () => {
  const pool = createBrowserSimPool(2);
  afterAll(() => pool.close());
  const calls: SimulateMessage[] = [];
  const inner = simRunner(pool);
  const runner: SimRunner = { simulate: (m) => { calls.push(m); return inner.simulate(m); } };
  const s = new ExploreState(runner);
  const stop = s.connect();
  afterAll(stop);
  const settled = () => until(() => { flushSync(); return !s.stale && !!s.result && !!s.referenceResult; });

  it('opens on EfficientNet-B0 on tpu-v3 and matches the in-page API exactly', async () => {
    await settled();
    const r = s.result!;
    expect(r.report.ops.length).toBeGreaterThan(50); // its executed ops (the exact list is the in-page API's, below)
    expect(r.report.workload).toBe('efficientnet-b0');
    const local = await createSimApi().simulate({ workload: 'efficientnet-b0', hardware: { ...PRESETS['tpu-v3'] }, hardwareName: 'tpu-v3', batch: 64, passes: 'all' });
    // the same numbers from a worker as on the page thread (but the fusion ILP's solve time, a wall-clock measurement)
    const untimed = (x: typeof local) => ({ ...x, fusion: x.fusion ? { ...x.fusion, solveMs: 0 } : x.fusion });
    expect(untimed(r.report)).toEqual(untimed(local));
    expect(s.totals!.perfPerTdp).toBeCloseTo(local.throughputPerSecond / hardwareCost(PRESETS['tpu-v3']).tdpWatts, 12);
    const ref = s.referenceResult!.report;
    expect(ref.passes).toBe('none');
    expect(ref.hardware).toBe('tpu-v3');
    expect(s.totals!.gain).toBeCloseTo(s.totals!.perfPerTdp / ref.perfPerTdp, 12);
    expect(s.totals!.gain!).toBeGreaterThanOrEqual(1); // searched software is never slower than the baseline
    expect(s.bars.reduce((a, b) => a + b.cycles, 0)).toBeCloseTo(r.report.totals.cycles, 3);
  });

  it('latest wins: a burst of slider moves sends at most two requests and shows the last design', async () => {
    const before = s.sim.sent;
    for (const rows of [96, 64, 48, 32, 24, 16]) {
      s.setParam('arrayRows', rows);
      flushSync();
      expect(s.stale).toBe(true);
    }
    await settled();
    expect(s.sim.sent - before).toBeLessThanOrEqual(2);
    expect(s.result!.spec.arrayRows).toBe(16);
    const local = await createSimApi().simulate(s.simMessage(s.validSpec!));
    expect(s.result!.report.totals).toEqual(local.totals);
  });

  it('moving back to a design already simulated is answered from the cache, at once', async () => {
    const before = s.sim.sent;
    for (const rows of [128, 16]) { // both simulated above
      s.setParam('arrayRows', rows);
      flushSync();
      expect(s.stale).toBe(false);
      expect(s.result!.spec.arrayRows).toBe(rows);
    }
    expect(s.sim.sent).toBe(before);
  });

  it('cost-only parameters re-price on the main thread and never call a worker', async () => {
    await settled();
    const sent = calls.length;
    const tdp = s.totals!.tdpWatts;
    const thr = s.totals!.throughputPerSecond;
    s.setParam('processNode', '7nm');
    flushSync();
    expect(s.stale).toBe(false);
    expect(s.totals!.tdpWatts).not.toBe(tdp);
    expect(s.totals!.tdpWatts).toBeCloseTo(hardwareCost(s.validSpec!).tdpWatts, 12);
    expect(s.totals!.throughputPerSecond).toBe(thr);
    s.setParam('dramTechnology', 'hbm2e'); // 225 GB/s is outside HBM2E's range: its top rate replaces it, and that re-simulates
    flushSync();
    expect(s.spec.dramGBpsPerStack).toBe(460.8);
    await settled();
    expect(calls.length - sent).toBe(1);
    expect(calls.at(-1)!.hardware).toMatchObject({ dramTechnology: 'hbm2e', dramGBpsPerStack: 460.8 });
  });

  it('the reference is simulated once per workload and batch', async () => {
    const refs = () => calls.filter((c) => c.passes === 'none' && c.hardwareName === 'tpu-v3').length;
    const n = refs();
    s.setParam('cores', 4);
    flushSync();
    await settled();
    expect(refs()).toBe(n);
    s.setParam('batch', 8);
    flushSync();
    await settled();
    expect(refs()).toBe(n + 1);
    expect(s.referenceResult!.report.batch).toBe(8);
    s.setParam('batch', 64);
    flushSync();
    await settled();
    expect(refs()).toBe(n + 1); // cached
  });

  it('an invalid design is not simulated: the issue names the field and the last result is marked stale', async () => {
    await settled();
    const sent = s.sim.sent;
    s.applyPreset('tpu-v3');
    s.setParam('arraysPerCore', 8);
    s.setParam('arrayRows', 256);
    s.setParam('arrayCols', 256);
    s.setParam('localMemoryMiB', 1);
    flushSync();
    expect(s.validSpec).toBeNull();
    expect(s.issues.localMemoryMiB).toMatch(/^localMemoryMiB must be \d+…64 MiB for this design/);
    expect(s.stale).toBe(true);
    expect(s.result).not.toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect(s.sim.sent).toBe(sent);
    s.setParam('localMemoryMiB', 64);
    flushSync();
    await settled();
    expect(s.result!.spec.localMemoryMiB).toBe(64);
  });

  it('round-trips its URL state', () => {
    const u = s.toUrlState();
    const t = new ExploreState(runner);
    t.apply(u);
    expect(t.toUrlState()).toEqual(u);
    expect(t.simKey).toBe(s.simKey);
  });
});

describe('ExploreState warms the fusion solvers once, in a pause after a fusion result, changing no result', () => {
  const pool = createBrowserSimPool(2);
  afterAll(() => pool.close());
  const inner = simRunner(pool);
  let warmCalls = 0;
  const runner: SimRunner = { simulate: inner.simulate, warmUpSolvers: (d) => { warmCalls++; return inner.warmUpSolvers(d); } };
  /** A whole warm-up's calls: EXPLORE_WARM_UP_ROUNDS rounds of one call per design. */
  const FULL = EXPLORE_WARM_UP_ROUNDS * WARM_UP_DESIGNS.length;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const settledOf = (s: ExploreState) => until(() => { flushSync(); return !s.stale && !!s.result; }, 60_000);
  const untimed = (x: Awaited<ReturnType<SimRunner['simulate']>>) => ({ ...x, fusion: x.fusion ? { ...x.fusion, solveMs: 0 } : x.fusion });

  it('not while results keep coming; once after a pause; never again; the next result is the in-page API\'s', async () => {
    const s = new ExploreState(runner);
    const stop = s.connect();
    try {
      await settledOf(s);
      // Steps closer together than the delay re-arm the wait.
      for (const rows of [96, 64, 48]) {
        s.setParam('arrayRows', rows);
        flushSync();
        await settledOf(s);
        await sleep(SOLVER_WARM_DELAY_MS / 4);
        flushSync();
        expect(s.solvers).toBe('cold');
      }
      expect(warmCalls).toBe(0);
      await until(() => { flushSync(); return s.solvers === 'done'; }, 60_000);
      expect(warmCalls).toBe(FULL); // every round, design by design
      s.setParam('arrayRows', 32);
      flushSync();
      await settledOf(s);
      await sleep(SOLVER_WARM_DELAY_MS * 1.5);
      expect(warmCalls).toBe(FULL);
      const local = await createSimApi().simulate(s.simMessage(s.validSpec!));
      expect(local.fusion).toBeDefined();
      expect(untimed(s.result!.report)).toEqual(untimed(local));
    } finally {
      stop();
    }
  }, 120_000);

  it('passes without fusion (no HiGHS), or a runner that cannot warm: nothing is warmed', async () => {
    const before = warmCalls;
    const s = new ExploreState(runner);
    s.passes = 'schedule,padding';
    const bare = new ExploreState({ simulate: inner.simulate });
    const stops = [s.connect(), bare.connect()];
    try {
      await settledOf(s);
      await settledOf(bare);
      await sleep(SOLVER_WARM_DELAY_MS * 2);
      flushSync();
      expect(s.solvers).toBe('cold');
      expect(bare.solvers).toBe('cold');
      expect(warmCalls).toBe(before);
    } finally {
      for (const stop of stops) stop();
    }
  }, 120_000);

  it('only while the view is open: closed, nothing is warmed; open again, it warms after the next pause', async () => {
    const before = warmCalls;
    let open = false;
    const s = new ExploreState(runner, { isOpen: () => open });
    const stop = s.connect();
    try {
      await settledOf(s);
      await sleep(SOLVER_WARM_DELAY_MS * 2);
      flushSync();
      expect(s.solvers).toBe('cold');
      expect(warmCalls).toBe(before);
      open = true; // (the app's view is $state: opening it re-runs the check; here the next result does)
      s.setParam('arrayRows', 64);
      flushSync();
      await settledOf(s);
      await until(() => { flushSync(); return s.solvers === 'done'; }, 60_000);
      expect(warmCalls).toBe(before + FULL);
    } finally {
      stop();
    }
  }, 120_000);

  it('a slider step during the warm-up ends it after the solve in flight; the step\'s result is the in-page API\'s', async () => {
    let calls = 0;
    const s = new ExploreState({ simulate: inner.simulate, warmUpSolvers: (d) => { calls++; return inner.warmUpSolvers(d); } });
    const stop = s.connect();
    try {
      await settledOf(s);
      await until(() => { flushSync(); return calls >= 2; }, 60_000);
      s.setParam('arrayRows', 48);
      flushSync();
      await settledOf(s);
      await until(() => { flushSync(); return s.solvers === 'done'; }, 60_000);
      expect(calls).toBeLessThanOrEqual(3); // the call in flight when the step came, and none after
      await sleep(SOLVER_WARM_DELAY_MS * 1.5);
      expect(calls).toBeLessThanOrEqual(3); // and never again
      const local = await createSimApi().simulate(s.simMessage(s.validSpec!));
      expect(untimed(s.result!.report)).toEqual(untimed(local));
    } finally {
      stop();
    }
  }, 120_000);

  it('a warm-up that fails still ends (done), and results go on', async () => {
    const s = new ExploreState({ simulate: inner.simulate, warmUpSolvers: () => Promise.reject(new Error('worker died')) });
    const stop = s.connect();
    try {
      await settledOf(s);
      await until(() => { flushSync(); return s.solvers === 'done'; }, 30_000);
      s.setParam('arrayRows', 64);
      flushSync();
      await settledOf(s);
      expect(s.result!.spec.arrayRows).toBe(64);
    } finally {
      stop();
    }
  }, 120_000);
});

describe('LatestRequest ordering (scripted replies)', () => {
  function scripted() {
    const pending = new Map<string, { resolve: (v: string) => void; reject: (e: Error) => void }>();
    const req = new LatestRequest<string, string>((msg) => new Promise((resolve, reject) => pending.set(msg, { resolve, reject })));
    return { req, pending };
  }
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('sends only the newest of the requests made while one is in flight', async () => {
    const { req, pending } = scripted();
    req.request('a', 'a');
    req.request('b', 'b');
    req.request('c', 'c');
    expect([...pending.keys()]).toEqual(['a']);
    pending.get('a')!.resolve('A');
    await tick();
    expect(req.value).toEqual({ key: 'a', result: 'A' }); // shown, but stale
    expect(req.stale).toBe(true);
    expect([...pending.keys()]).toEqual(['a', 'c']);
    pending.get('c')!.resolve('C');
    await tick();
    expect(req.value).toEqual({ key: 'c', result: 'C' });
    expect(req.stale).toBe(false);
    expect(req.sent).toBe(2);
  });

  it('an older reply never replaces the wanted one from the cache', async () => {
    const { req, pending } = scripted();
    req.request('a', 'a');
    pending.get('a')!.resolve('A');
    await tick();
    req.request('b', 'b');
    req.request('a', 'a'); // cache hit while b is in flight
    expect(req.current).toBe('A');
    pending.get('b')!.resolve('B');
    await tick();
    expect(req.value).toEqual({ key: 'a', result: 'A' });
    expect(req.stale).toBe(false);
  });

  it('reports an error only for the wanted request', async () => {
    const { req, pending } = scripted();
    req.request('a', 'a');
    req.request('b', 'b');
    pending.get('a')!.reject(new Error('a failed'));
    await tick();
    expect(req.error).toBeNull();
    pending.get('b')!.reject(new Error('b failed'));
    await tick();
    expect(req.error).toBe('b failed');
    expect(req.current).toBeNull();
  });
});
