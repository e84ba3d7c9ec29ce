// A worker pool that knows nothing of the worker kind: the host (web/src/pool.ts, cli/node-pool.ts) supplies
// `spawn`, which starts one worker and returns its Comlink proxy, a `terminate` and (where the host can tell) a
// promise that settles when the worker dies on its own. The pool starts workers lazily, sends each call to the
// least-busy worker, cancels by terminating (the only way to stop Wasm that is running), and closes cleanly so a
// Node process can exit.
//
// Worker faults (docs/model.md §8): a call whose worker traps (a WebAssembly RuntimeError, an AssemblyScript abort,
// a stack overflow or an allocation failure: the worker's realm may be corrupt), dies (exits, or an uncaught error)
// or runs past the call's deadline is a fault. That worker alone is terminated and replaced, and the call is tried
// once more on a fresh one; a second fault rejects with WorkerFaultError naming both. Calls on other workers go on
// untouched. An ordinary rejection (e.g. a validation error) is the call's answer: no retry, the worker is kept.
// A cancellation (CancelledError) is never a fault and never retried.

export interface PoolSlot<Api> {
  api: Api;
  /** Release the proxy and terminate the worker. */
  terminate(): Promise<void> | void;
  /**
   * Resolves with a reason when the worker dies on its own (exit, uncaught error). Never settles otherwise; a
   * worker that dies without telling (e.g. `self.close()` in a browser) is caught by the call's deadline instead.
   */
  died?: Promise<string>;
}

export class CancelledError extends Error {
  constructor(message = 'cancelled') { super(message); this.name = 'CancelledError'; }
}

/** A call failed because its worker trapped, died or ran past its deadline (after the retry, if any). */
export class WorkerFaultError extends Error {
  /** 'trap' | 'died' | 'timeout' of the last attempt. */
  readonly kind: FaultKind;
  /** Attempts made (1 + retries). */
  readonly attempts: number;
  constructor(kind: FaultKind, message: string, attempts: number) {
    super(message);
    this.name = 'WorkerFaultError';
    this.kind = kind;
    this.attempts = attempts;
  }
}

export type FaultKind = 'trap' | 'died' | 'timeout';

export interface RunOptions {
  /** Milliseconds one attempt may take before its worker counts as hung (terminated and replaced). Default: none. */
  deadlineMs?: number;
  /** Further attempts after a fault, each on a fresh worker (default 1). */
  retries?: number;
}

/** A fault seen by the pool (for logs and tests). */
export interface FaultRecord { kind: FaultKind; reason: string; attempt: number }

/**
 * True when an error thrown by a call means the worker's realm can no longer be trusted: a Wasm trap
 * (WebAssembly.RuntimeError: unreachable, out-of-bounds access, …), an AssemblyScript abort (`… in assembly/x.ts:l:c`),
 * a stack overflow or a failed allocation. Comlink carries an error's name and message across the boundary.
 */
export function isTrap(e: unknown): boolean {
  if (!(e instanceof Error) && (typeof e !== 'object' || e === null)) return false;
  const { name, message } = e as { name?: unknown; message?: unknown };
  const msg = typeof message === 'string' ? message : '';
  if (name === 'RuntimeError') return true;
  if (/ in (~lib|assembly)\/[^\s]*:\d+:\d+$/.test(msg)) return true; // AssemblyScript abort() through the bindings
  if (name === 'RangeError' && /Maximum call stack size exceeded|Array buffer allocation failed|out of memory/i.test(msg)) return true;
  return false;
}

class Fault extends Error {
  readonly kind: FaultKind;
  constructor(kind: FaultKind, message: string) { super(message); this.kind = kind; }
}

interface LiveSlot<Api> {
  slot: PoolSlot<Api>; busy: number; kill: (e: Error) => void; killed: Promise<never>; died: Promise<never>; gone: boolean;
}

export class WorkerPool<Api> {
  readonly size: number;
  #spawn: () => PoolSlot<Api>;
  #slots: (LiveSlot<Api> | undefined)[];
  #closed = false;
  #faults: FaultRecord[] = [];

  constructor(size: number, spawn: () => PoolSlot<Api>) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`pool size must be a whole number ≥ 1, got ${size}`);
    this.size = size;
    this.#spawn = spawn;
    this.#slots = new Array(size).fill(undefined);
  }

  /** Workers started so far (they start on first use). */
  get started(): number { return this.#slots.filter(Boolean).length; }

  /** Faults seen so far, in order (each one replaced a worker). */
  get faults(): readonly FaultRecord[] { return this.#faults; }

  #start(): LiveSlot<Api> {
    let kill!: (e: Error) => void;
    const killed = new Promise<never>((_, reject) => { kill = reject; });
    killed.catch(() => {}); // observed through Promise.race only
    const slot = this.#spawn();
    const died = (slot.died ?? new Promise<string>(() => {})).then((reason): never => { throw new Fault('died', reason); });
    died.catch(() => {});
    return { slot, busy: 0, kill, killed, died, gone: false };
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

  /** Terminate one faulty worker and free its slot (a fresh worker starts there on demand). */
  async #replace(live: LiveSlot<Api>): Promise<void> {
    if (live.gone) return;
    live.gone = true;
    const i = this.#slots.indexOf(live);
    if (i >= 0) this.#slots[i] = undefined;
    // Calls still running on it (other lanes that picked the same worker) fail as faults too, and are retried.
    live.kill(new Fault('died', 'its worker was replaced after another call on it failed'));
    try { await live.slot.terminate(); } catch { /* already gone */ }
  }

  /**
   * Run `fn` on one worker's API. Rejects with CancelledError if the pool is cancelled meanwhile, with
   * WorkerFaultError when every attempt faulted, and with `fn`'s own error otherwise.
   */
  async run<T>(fn: (api: Api) => Promise<T>, opts: RunOptions = {}): Promise<T> {
    const retries = opts.retries ?? 1;
    const reasons: string[] = [];
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) throw new Error('worker pool is closed');
      const live = this.#pick();
      live.busy++;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const call = fn(live.slot.api);
        call.catch(() => {}); // a late rejection after another racer won is not unhandled
        const racers: Promise<T>[] = [call, live.killed, live.died];
        if (opts.deadlineMs !== undefined) {
          racers.push(new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Fault('timeout', `no answer within the ${opts.deadlineMs} ms deadline (hung)`)), opts.deadlineMs);
          }));
        }
        return await Promise.race(racers);
      } catch (e) {
        if (e instanceof CancelledError || this.#closed) throw e;
        let fault: Fault;
        if (e instanceof Fault) fault = e;
        else if (isTrap(e)) fault = new Fault('trap', `trapped: ${(e as Error).name ?? 'Error'}: ${(e as Error).message}`);
        else throw e; // the call's own answer
        this.#faults.push({ kind: fault.kind, reason: fault.message, attempt });
        reasons.push(fault.message);
        await this.#replace(live);
        if (attempt > retries) {
          const what = attempt > 1 ? `failed ${attempt} times, each on a fresh worker: ${reasons.join('; then ')}` : fault.message;
          throw new WorkerFaultError(fault.kind, `worker fault: ${what}`, attempt);
        }
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        live.busy--;
      }
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
