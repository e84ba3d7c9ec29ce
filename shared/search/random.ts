// Random search: every point uniform over the grid (each level of each dimension equally likely), rejecting
// designs already asked and designs that fail the known constraint. The reference every algorithm must beat.
// docs/model.md §6.4.
import { Rng } from './rng';
import type { Point, SearchSpace } from './space';
import { Proposer, type Strategy } from './strategy';

export class RandomSearch<T> implements Strategy {
  readonly algorithm = 'random' as const;
  /** Its points come from the seed alone: tell() is a no-op. */
  readonly asksIgnoreTells = true;
  #p: Proposer<T>;

  constructor(space: SearchSpace<T>, seed: number) {
    this.#p = new Proposer(space, new Rng(seed, 'random'));
  }

  ask(n: number): Point[] {
    return Array.from({ length: n }, () => this.#p.mark(this.#p.random()));
  }

  tell(): void {}
}
