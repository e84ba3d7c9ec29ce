// The simulation API in real Node worker_threads through Comlink: same answers as in-process, cancel, close.
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeSimPool } from '../../cli/node-pool';
import { createSimApi } from '../../shared/api/worker-api';
import { CancelledError } from '../../shared/pool';

describe('Node worker pool', () => {
  const pool = createNodeSimPool(2);
  afterAll(() => pool.close());

  it('answers through the worker exactly as the in-process API does', async () => {
    const specs = [{ m: 12100, n: 64, k: 147, rows: 128, cols: 128, dataflow: 'ws' }, { m: 144, n: 1, k: 9, rows: 32, cols: 32, dataflow: 'os', sublayers: 512 }];
    const [remote, local] = await Promise.all([pool.run((api) => api.scalesimGemms(specs)), createSimApi().scalesimGemms(specs)]);
    expect(remote).toEqual(local);
    expect(remote[0].totalCycles).toBe(24963); // SCALE-Sim v2, case c003
    expect(await pool.run((api) => api.ping())).toEqual(await createSimApi().ping());
  });

  it('uses both workers for concurrent calls', async () => {
    await Promise.all([0, 1, 2, 3].map(() => pool.run((api) => api.ping())));
    expect(pool.started).toBe(2);
  });

  it('rejects invalid specs in the worker with a message naming the field', async () => {
    await expect(pool.run((api) => api.scalesimGemms([{ m: 0, n: 1, k: 1, rows: 8, cols: 8, dataflow: 'ws' }]))).rejects.toThrow(/gemm\[0\]\.m: m \(GEMM rows\) must be at least 1/);
  });

  it('cancel terminates a running call and the pool recovers', async () => {
    const big = Array.from({ length: 200_000 }, () => ({ m: 64, n: 64, k: 64, rows: 8, cols: 8, dataflow: 'os' }));
    const running = pool.run((api) => api.scalesimGemms(big));
    const rejected = expect(running).rejects.toBeInstanceOf(CancelledError);
    await pool.cancel();
    await rejected;
    expect(pool.started).toBe(0);
    expect((await pool.run((api) => api.ping())).abiVersion).toBeGreaterThan(0);
  });
});
