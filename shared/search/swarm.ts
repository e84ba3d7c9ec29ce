// A linear-combination particle swarm, in the spirit of Google Vizier's "Linear Combination Swarm" (the algorithm
// FAST reports using; its internals are unpublished, docs/sources.md §1.10). K particles each remember their best point.
// A particle proposes a linear combination of good points in the unit cube:
//   y = pᵢ + a·(g − pᵢ) + b·(pⱼ − pₖ) + ε
// (its own best pᵢ, the swarm's best g, the difference of two other particles' bests, a small Gaussian jitter),
// with a ~ U(0, 1.2) and b ~ U(−0.6, 0.6) drawn per proposal; categorical dimensions copy g's value with probability
// a/(1 + a), else keep pᵢ's; each dimension is also re-drawn at random with a small probability. A told value
// better than the particle's best replaces it; a particle that fails `patience` times in a row restarts from a
// mutation of g (or a random point). docs/model.md §6.4.
import { Rng } from './rng';
import { snap, type Point, type SearchSpace } from './space';
import { Proposer, type Strategy } from './strategy';

export interface SwarmOptions {
  /** K: particles (default 16). */
  particles?: number;
  /** Standard deviation of the jitter ε in the unit cube (default 0.04). */
  jitter?: number;
  /** Probability of re-drawing a dimension at random (default 1/dimensions). */
  resetProbability?: number;
  /** Failed proposals before a particle restarts (default 6). */
  patience?: number;
}

interface Particle { best?: { point: Point; value: number }; fails: number }

export class LinearCombinationSwarm<T> implements Strategy {
  readonly algorithm = 'swarm' as const;
  readonly particles: number;
  readonly jitter: number;
  readonly resetProbability: number;
  readonly patience: number;
  #p: Proposer<T>;
  #swarm: Particle[];
  #next = 0;
  /** Which particle proposed each asked point, in ask order (tells arrive in the same order). */
  #owner: number[] = [];
  #told = 0;

  constructor(space: SearchSpace<T>, seed: number, o: SwarmOptions = {}) {
    this.#p = new Proposer(space, new Rng(seed, 'swarm'));
    this.particles = o.particles ?? 16;
    this.jitter = o.jitter ?? 0.04;
    this.resetProbability = o.resetProbability ?? 1 / Math.max(1, space.dims.length);
    this.patience = o.patience ?? 6;
    this.#swarm = Array.from({ length: this.particles }, () => ({ fails: 0 }));
  }

  #global(): { point: Point; value: number } | undefined {
    let g: Particle['best'];
    for (const q of this.#swarm) if (q.best && (!g || q.best.value > g.value)) g = q.best;
    return g;
  }

  #propose(i: number): Point {
    const me = this.#swarm[i];
    const g = this.#global();
    if (!me.best || !g) return this.#p.random();
    if (me.fails >= this.patience) {
      me.fails = 0;
      me.best = undefined; // restart: forget the stale best, start near the swarm's best
      return this.#p.rng.float() < 0.5 ? this.#p.neighbour(g.point, 50, 0.25) : this.#p.random();
    }
    const rng = this.#p.rng;
    const others = this.#swarm.map((q, j) => (q.best && j !== i ? j : -1)).filter((j) => j >= 0);
    const dims = this.#p.dims;
    for (let t = 0; t < 30; t++) {
      const a = 1.2 * rng.float();
      const b = others.length >= 2 ? 1.2 * rng.float() - 0.6 : 0;
      const [j, k] = others.length >= 2 ? rng.sample(others.length, 2).map((x) => others[x]) : [i, i];
      const pj = this.#swarm[j].best!.point, pk = this.#swarm[k].best!.point;
      const y = me.best.point.map((pi, d) => {
        if (rng.float() < this.resetProbability) return rng.float();
        if (dims[d].kind === 'categorical') return rng.float() < a / (1 + a) ? g.point[d] : pi;
        const v = pi + a * (g.point[d] - pi) + b * (pj[d] - pk[d]) + this.jitter * rng.normal();
        return reflect(v);
      });
      const s = snap(dims, y);
      if (this.#p.acceptable(s)) return s;
    }
    return this.#p.neighbour(me.best.point);
  }

  ask(n: number): Point[] {
    const out: Point[] = [];
    for (let k = 0; k < n; k++) {
      const i = this.#next;
      this.#next = (this.#next + 1) % this.particles;
      out.push(this.#p.mark(this.#propose(i)));
      this.#owner.push(i);
    }
    return out;
  }

  tell(point: Point, value: number | null): void {
    const me = this.#swarm[this.#owner[this.#told++]];
    const v = value ?? -Infinity;
    if (!me.best || v > me.best.value) {
      if (v > -Infinity || !me.best) me.best = { point, value: v };
      me.fails = 0;
    } else {
      me.fails++;
    }
  }
}

/** Keep a coordinate in [0, 1) by reflecting at the walls. */
function reflect(v: number): number {
  let x = v;
  for (let i = 0; i < 4 && (x < 0 || x >= 1); i++) x = x < 0 ? -x : 2 - x - 1e-12;
  return Math.min(1 - 1e-12, Math.max(0, x));
}
