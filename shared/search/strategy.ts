// The ask/tell contract every search algorithm implements, and the proposal helpers they share. A strategy never
// evaluates anything: `ask(n)` returns points of the space, the caller evaluates them and `tell`s each result back
// in ask order. Strategies are deterministic functions of (seed, history): a resumed study rebuilds one by
// replaying its told trials. docs/model.md §6.4.
import { Rng } from './rng';
import { centreOf, levelCounts, levelOf, snap, type Point, type SearchSpace } from './space';

export const ALGORITHMS = ['random', 'evolution', 'bo', 'swarm'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export function isAlgorithm(name: unknown): name is Algorithm {
  return typeof name === 'string' && (ALGORITHMS as readonly string[]).includes(name);
}

export interface Strategy {
  readonly algorithm: Algorithm;
  /** `n` new points (snapped to level centres). */
  ask(n: number): Point[];
  /** The result of an asked point: a value to maximize, or null when the trial was infeasible. */
  tell(point: Point, value: number | null): void;
  /**
   * True when `ask` never depends on what was told (random search): the study runner may then ask the next batch
   * before telling this one and score it on lanes the batch's slowest trials leave idle (study.ts).
   */
  readonly asksIgnoreTells?: boolean;
}

/**
 * Proposal bookkeeping shared by the strategies: a point is acceptable when its design is new (never asked
 * before by this strategy) and passes the space's known constraint. Designs are compared by the space's key.
 */
export class Proposer<T> {
  readonly space: SearchSpace<T>;
  readonly rng: Rng;
  #seen = new Set<string>();

  constructor(space: SearchSpace<T>, rng: Rng) {
    this.space = space;
    this.rng = rng;
  }

  get dims() { return this.space.dims; }

  keyOf(p: Point): string { return this.space.key(this.space.decode(p)); }

  seen(p: Point): boolean { return this.#seen.has(this.keyOf(p)); }

  feasible(p: Point): boolean { return !this.space.check || this.space.check(this.space.decode(p)) === null; }

  /** True when `p` is new and feasible. */
  acceptable(p: Point): boolean {
    const design = this.space.decode(p);
    if (this.#seen.has(this.space.key(design))) return false;
    return !this.space.check || this.space.check(design) === null;
  }

  /** Record `p` as asked. */
  mark(p: Point): Point {
    this.#seen.add(this.keyOf(p));
    return p;
  }

  /** A uniformly random point (each dimension's levels equally likely). */
  uniform(): Point {
    return snap(this.dims, this.dims.map(() => this.rng.float()));
  }

  /**
   * A random new feasible point by rejection (at most `tries` draws); when none is found, the last feasible one
   * drawn, else the last one (the caller's trial then records why it is infeasible).
   */
  random(tries = 200): Point {
    let fallback: Point | undefined, last: Point = this.uniform();
    for (let t = 0; t < tries; t++) {
      const p = t === 0 ? last : this.uniform();
      last = p;
      if (this.acceptable(p)) return p;
      if (!fallback && this.feasible(p)) fallback = p;
    }
    return fallback ?? last;
  }

  /**
   * Mutate `k` distinct dimensions of `p`: an ordinal one moves by a non-zero number of levels drawn from a normal
   * with a standard deviation of `scale` of its range (at least one level), a categorical one takes another value.
   */
  mutate(p: Point, k = 1, scale = 0.15): Point {
    const out = [...p];
    const dims = this.dims;
    const order = this.rng.sample(dims.length, Math.min(k, dims.length));
    for (const d of order) {
      const n = levelCounts(dims, out)[d];
      if (n <= 1) continue;
      const i = levelOf(out[d], n);
      let j: number;
      if (dims[d].kind === 'categorical') {
        j = (i + 1 + this.rng.int(n - 1)) % n;
      } else {
        const sd = Math.max(1, scale * (n - 1));
        let step = Math.round(this.rng.normal() * sd);
        if (step === 0) step = this.rng.float() < 0.5 ? -1 : 1;
        j = Math.min(n - 1, Math.max(0, i + step));
        if (j === i) j = i + step > i ? i - 1 : i + 1; // bounced off an end: go the other way
      }
      out[d] = centreOf(j, n);
    }
    return snap(dims, out);
  }

  /** A mutation of `p` that is new and feasible (at most `tries`); falls back to a random point. */
  neighbour(p: Point, tries = 50, scale = 0.15): Point {
    for (let t = 0; t < tries; t++) {
      const k = 1 + (this.rng.float() < 0.35 ? 1 : 0) + (this.rng.float() < 0.1 ? 1 : 0);
      const q = this.mutate(p, k, scale);
      if (this.acceptable(q)) return q;
    }
    return this.random();
  }
}
