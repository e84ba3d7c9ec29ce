// shared/pool.ts scheduling without real workers: lazy start, least-busy choice, cancel, close.
import { describe, expect, it } from 'vitest';
import { WorkerPool, CancelledError } from '../../shared/pool';

function fakePool(size: number) {
  const spawned: { id: number; terminated: boolean }[] = [];
  const pool = new WorkerPool(size, () => {
    const rec = { id: spawned.length, terminated: false };
    spawned.push(rec);
    return { api: { id: rec.id, wait: (ms: number) => new Promise<number>((res) => setTimeout(() => res(rec.id), ms)) }, terminate: () => { rec.terminated = true; } };
  });
  return { pool, spawned };
}

describe('WorkerPool', () => {
  it('rejects a size that is not a whole number ≥ 1', () => {
    for (const n of [0, -1, 1.5, NaN]) expect(() => new WorkerPool(n, () => ({ api: {}, terminate() {} }))).toThrow(/pool size/);
  });

  it('starts workers lazily and spreads concurrent calls over them', async () => {
    const { pool, spawned } = fakePool(3);
    expect(pool.started).toBe(0);
    const ids = await Promise.all([1, 2, 3, 4, 5, 6].map(() => pool.run((api) => api.wait(20))));
    expect(spawned).toHaveLength(3);
    expect(new Set(ids)).toEqual(new Set([0, 1, 2]));
    // sequential calls reuse an idle worker instead of starting more
    await pool.run((api) => api.wait(1));
    expect(spawned).toHaveLength(3);
  });

  it('cancel terminates workers, rejects in-flight calls, and the pool works again afterwards', async () => {
    const { pool, spawned } = fakePool(2);
    const inflight = pool.run((api) => api.wait(10_000));
    const rejected = expect(inflight).rejects.toBeInstanceOf(CancelledError);
    await pool.cancel();
    await rejected;
    expect(spawned.every((s) => s.terminated)).toBe(true);
    expect(await pool.run((api) => api.wait(1))).toBe(1);
  });

  it('close terminates everything and refuses further calls', async () => {
    const { pool, spawned } = fakePool(2);
    await pool.run((api) => api.wait(1));
    await pool.close();
    expect(spawned.every((s) => s.terminated)).toBe(true);
    await expect(pool.run((api) => api.wait(1))).rejects.toThrow(/closed/);
  });
});
