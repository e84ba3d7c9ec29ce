// A worker pool that knows nothing of the worker kind: the host (web/src/pool.ts, cli/node-pool.ts) supplies
// `spawn`, which starts one worker and returns its Comlink proxy and a `terminate`. The pool starts workers
// lazily, sends each call to the least-busy worker, cancels by terminating (the only way to stop Wasm that is
// running), and closes cleanly so a Node process can exit.

export interface PoolSlot<Api> {
  api: Api;
  /** Release the proxy and terminate the worker. */
  terminate(): Promise<void> | void;
}

export class CancelledError extends Error {
  constructor(message = 'cancelled') { super(message); this.name = 'CancelledError'; }
}

interface LiveSlot<Api> { slot: PoolSlot<Api>; busy: number; kill: (e: Error) => void; killed: Promise<never> }

export class WorkerPool<Api> {
  readonly size: number;
  #spawn: () => PoolSlot<Api>;
  #slots: (LiveSlot<Api> | undefined)[];
  #closed = false;

  constructor(size: number, spawn: () => PoolSlot<Api>) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`pool size must be a whole number ≥ 1, got ${size}`);
    this.size = size;
    this.#spawn = spawn;
    this.#slots = new Array(size).fill(undefined);
  }

  /** Workers started so far (they start on first use). */
  get started(): number { return this.#slots.filter(Boolean).length; }

  #start(): LiveSlot<Api> {
    let kill!: (e: Error) => void;
    const killed = new Promise<never>((_, reject) => { kill = reject; });
    killed.catch(() => {}); // observed through Promise.race only
    return { slot: this.#spawn(), busy: 0, kill, killed };
  }

  /** The least-busy started worker, or a new one while some slot is unstarted and all started ones are busy. */
  #pick(): LiveSlot<Api> {
    let best: LiveSlot<Api> | undefined;
    for (const s of this.#slots) if (s && (!best || s.busy < best.busy)) best = s;
    if (!best || best.busy > 0) {
      const free = this.#slots.indexOf(undefined);
      if (free >= 0) return (this.#slots[free] = this.#start());
    }
    return best!;
  }

  /** Run `fn` on one worker's API. Rejects with CancelledError if the pool is cancelled meanwhile. */
  async run<T>(fn: (api: Api) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('worker pool is closed');
    const live = this.#pick();
    live.busy++;
    try {
      return await Promise.race([fn(live.slot.api), live.killed]);
    } finally {
      live.busy--;
    }
  }

  /** Stop everything in flight: terminate every worker (fresh ones start on the next call). */
  async cancel(reason = 'cancelled'): Promise<void> {
    const slots = this.#slots;
    this.#slots = new Array(this.size).fill(undefined);
    await Promise.all(slots.map(async (s) => {
      if (!s) return;
      s.kill(new CancelledError(reason));
      await s.slot.terminate();
    }));
  }

  /** Terminate every worker and refuse further calls. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.cancel('worker pool closed');
  }
}
