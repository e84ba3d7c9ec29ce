// Regularized (aging) evolution (Real, Aggarwal, Huang & Le, AAAI 2019): a population of the most recent P told
// trials; each child mutates the best of S members drawn at random; the oldest member dies when a child joins, so
// a lucky old design cannot dominate forever. The first P points are random. docs/model.md §6.4.
import { Rng } from './rng';
import type { Point, SearchSpace } from './space';
import { Proposer, type Strategy } from './strategy';

export interface EvolutionOptions {
  /** P: members kept (default 24). */
  populationSize?: number;
  /** S: members drawn per tournament (default 6). */
  tournamentSize?: number;
  /** Standard deviation of an ordinal mutation as a share of the dimension's range (default 0.15). */
  mutationScale?: number;
}

export class RegularizedEvolution<T> implements Strategy {
  readonly algorithm = 'evolution' as const;
  readonly populationSize: number;
  readonly tournamentSize: number;
  readonly mutationScale: number;
  #p: Proposer<T>;
  #population: { point: Point; value: number }[] = [];
  #asked = 0;

  constructor(space: SearchSpace<T>, seed: number, o: EvolutionOptions = {}) {
    this.#p = new Proposer(space, new Rng(seed, 'evolution'));
    this.populationSize = o.populationSize ?? 24;
    this.tournamentSize = o.tournamentSize ?? 6;
    this.mutationScale = o.mutationScale ?? 0.15;
  }

  ask(n: number): Point[] {
    const out: Point[] = [];
    for (let i = 0; i < n; i++) {
      const alive = this.#population.filter((m) => m.value > -Infinity);
      const p = this.#asked < this.populationSize || alive.length === 0 ? this.#p.random() : this.#p.neighbour(this.#parent(), 50, this.mutationScale);
      out.push(this.#p.mark(p));
      this.#asked++;
    }
    return out;
  }

  #parent(): Point {
    const pop = this.#population;
    const draw = this.#p.rng.sample(pop.length, this.tournamentSize);
    let best = pop[draw[0]];
    for (const j of draw) if (pop[j].value > best.value) best = pop[j];
    return best.point;
  }

  tell(point: Point, value: number | null): void {
    this.#population.push({ point, value: value ?? -Infinity });
    if (this.#population.length > this.populationSize) this.#population.shift();
  }
}
