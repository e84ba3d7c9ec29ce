// The systolic explainer's state (web/src/state/explainer.svelte.ts) with real Web Workers: its totals come from the
// core through the pool (the worker API's scalesimGemms) and equal the in-page API's; the animation's last cycle is
// the core's total; step/back/end/reset/play move the cycle within 0 … last; a newer shape wins over an older reply; a
// bad shape asks the core nothing and says why in one line; a failing core says so.
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { ExplainerState, explainerRunner, type ExplainerRunner } from '../../web/src/state/explainer.svelte';
import { createBrowserSimPool } from '../../web/src/pool';
import { createSimApi } from '../../shared/api/worker-api';
import type { GemmSpec } from '../../shared/core/records';

const until = async (cond: () => boolean, ms = 30_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ExplainerState', () => {
  const pool = createBrowserSimPool(1);
  afterAll(() => pool.close());
  const calls: GemmSpec[][] = [];
  const inner = explainerRunner(pool);
  const runner: ExplainerRunner = { gemms: (specs) => { calls.push(specs); return inner.gemms(specs); } };
  const api = createSimApi();

  it('asks the core through the pool; its total is the animation\'s last cycle', async () => {
    const ex = new ExplainerState(runner);
    await ex.refresh();
    flushSync();
    expect(ex.numbers).not.toBeNull();
    const [want] = await api.scalesimGemms([{ m: ex.m, n: ex.n, k: ex.k, rows: ex.rows, cols: ex.cols, dataflow: ex.dataflow }]);
    expect(ex.numbers!.shape).toEqual(want);
    expect(ex.schedule!.lastCycle).toBe(want.totalCycles);
    expect(ex.agrees).toBe(true);
    // the second step: four runs, answered by the same call
    expect(calls.at(-1)).toHaveLength(5);
    expect(ex.numbers!.lesson.map((l) => l.row.id)).toEqual(['gemm-small', 'gemm-big', 'dw-small', 'dw-big']);
    expect(ex.numbers!.lesson[1].result).toEqual((await api.scalesimGemms([ex.numbers!.lesson[1].row.spec]))[0]);

    ex.step(); ex.step();
    expect(ex.cycle).toBe(2);
    ex.back();
    expect(ex.cycle).toBe(1);
    ex.toEnd();
    expect(ex.cycle).toBe(want.totalCycles);
    expect(ex.atEnd).toBe(true);
    ex.step();
    expect(ex.cycle).toBe(want.totalCycles);
    ex.reset();
    expect(ex.cycle).toBe(0);
    ex.back();
    expect(ex.cycle).toBe(0);
    ex.setSpeed(100);
    ex.play();
    expect(ex.playing).toBe(true);
    await until(() => !ex.playing);
    expect(ex.cycle).toBe(want.totalCycles);
    ex.dispose();
  });

  it('a change goes back to cycle 0, paused; the newest shape\'s reply wins', async () => {
    const ex = new ExplainerState(runner);
    await ex.refresh();
    ex.step();
    ex.play();
    ex.setField('m', 20);
    expect(ex.cycle).toBe(0);
    expect(ex.playing).toBe(false);
    ex.setDataflow('os');
    const pending = ex.refresh(); // the newest request
    flushSync();
    expect(ex.numbers).toBeNull();
    await pending;
    await until(() => { flushSync(); return ex.numbers !== null; });
    const [want] = await api.scalesimGemms([{ m: 20, n: ex.n, k: ex.k, rows: ex.rows, cols: ex.cols, dataflow: 'os' }]);
    expect(ex.numbers!.shape.totalCycles).toBe(want.totalCycles);
    expect(ex.numbers!.key).toBe(JSON.stringify(ex.shape));
    ex.dispose();
  });

  it('a bad shape: one line, no request, no frame', async () => {
    const ex = new ExplainerState(runner);
    const before = calls.length;
    ex.setField('rows', 17);
    flushSync();
    expect(ex.problem).toBe('Array rows R must be a whole number from 4 to 16 (got 17)');
    expect(ex.schedule).toBeNull();
    expect(ex.frame).toBeNull();
    expect(ex.core).toBeNull();
    expect(calls.length).toBe(before);
    ex.step();
    expect(ex.cycle).toBe(0);
    ex.dispose();
  });

  it('a failing core says so', async () => {
    const ex = new ExplainerState({ gemms: () => Promise.reject(new Error('the worker died')) });
    await ex.refresh();
    flushSync();
    expect(ex.core).toMatchObject({ status: 'error', error: 'the worker died' });
    expect(ex.numbers).toBeNull();
    ex.dispose();
  });
});
