// The simulation API in real module Web Workers (Vitest browser mode, Chromium): Wasm fetched and run in workers.
import { afterAll, describe, expect, it } from 'vitest';
import { createBrowserSimPool } from '../../web/src/pool';
import { createSimApi } from '../../shared/api/worker-api';
import { CancelledError } from '../../shared/pool';

describe('browser worker pool', () => {
  const pool = createBrowserSimPool(2);
  afterAll(() => pool.close());

  it('evaluates in a worker exactly as on the page thread', async () => {
    const specs = [{ m: 12100, n: 64, k: 147, rows: 128, cols: 128, dataflow: 'ws' }, { m: 2916, n: 64, k: 576, rows: 32, cols: 32, dataflow: 'is' }];
    const [remote, local] = await Promise.all([pool.run((api) => api.scalesimGemms(specs)), createSimApi().scalesimGemms(specs)]);
    expect(remote).toEqual(local);
    expect(remote[0].totalCycles).toBe(24963); // SCALE-Sim v2 case c003
  });

  it('spreads concurrent calls over both workers', async () => {
    await Promise.all([0, 1, 2, 3].map(() => pool.run((api) => api.ping())));
    expect(pool.started).toBe(2);
  });

  it('cancel terminates in-flight work and the pool recovers', async () => {
    const big = Array.from({ length: 100_000 }, () => ({ m: 64, n: 64, k: 64, rows: 8, cols: 8, dataflow: 'os' }));
    const running = pool.run((api) => api.scalesimGemms(big));
    const rejected = expect(running).rejects.toBeInstanceOf(CancelledError);
    await pool.cancel();
    await rejected;
    expect((await pool.run((api) => api.ping())).abiVersion).toBeGreaterThan(0);
  });
});
