// Latest-wins requests for sliders: at most one request in flight; while it runs, newer requests replace each
// other and only the newest is sent next (fast dragging never queues work in the workers). A reply that
// arrives after a newer request is still shown — it is closer to the controls than the one before — but
// `stale` stays true until the newest key's reply is in. Replies are cached by key (small LRU), so moving a
// slider back is instant.
import { CancelledError } from '../../../shared/pool';

export class LatestRequest<M, R> {
  /** The most recent reply shown (its key says which request it answers). */
  value = $state.raw<{ key: string; result: R } | null>(null);
  /** The key the controls want now. */
  wanted = $state<string | null>(null);
  /** Error of the wanted request, if it failed. */
  error = $state<string | null>(null);
  /** A request is in flight. */
  busy = $state(false);
  /** Requests sent to the runner (cache hits not counted). */
  sent = 0;

  #run: (msg: M) => Promise<R>;
  #next: { key: string; msg: M } | null = null;
  #running = false;
  #cache = new Map<string, R>();
  #cacheSize: number;

  constructor(run: (msg: M) => Promise<R>, cacheSize = 16) {
    this.#run = run;
    this.#cacheSize = cacheSize;
  }

  /** True while the reply shown does not answer the wanted request. */
  get stale(): boolean {
    return this.wanted !== null && this.value?.key !== this.wanted;
  }

  /** The reply for the wanted key, or null. */
  get current(): R | null {
    return this.value && this.value.key === this.wanted ? this.value.result : null;
  }

  /** Ask for `key` (computed by `msg` unless cached). `msg` must be plain data (P4: `$state.snapshot` it). */
  request(key: string, msg: M): void {
    this.wanted = key;
    const hit = this.#cache.get(key);
    if (hit !== undefined) {
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      this.#next = null;
      this.error = null;
      this.value = { key, result: hit };
      return;
    }
    this.#next = { key, msg };
    if (!this.#running) void this.#pump();
  }

  /** Forget the wanted request (e.g. the design became invalid): the last reply stays, marked stale. */
  clear(): void {
    this.wanted = null;
    this.#next = null;
  }

  async #pump(): Promise<void> {
    this.#running = true;
    this.busy = true;
    try {
      while (this.#next) {
        const job = this.#next;
        this.#next = null;
        this.sent++;
        try {
          const result = await this.#run(job.msg);
          this.#cache.set(job.key, result);
          if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
          // Never replace the wanted key's reply (from the cache) with an older one.
          if (this.value?.key !== this.wanted || job.key === this.wanted) this.value = { key: job.key, result };
          if (job.key === this.wanted) this.error = null;
        } catch (e) {
          if (e instanceof CancelledError) continue;
          if (job.key === this.wanted) this.error = e instanceof Error ? e.message : String(e);
        }
      }
    } finally {
      this.#running = false;
      this.busy = false;
    }
  }
}
