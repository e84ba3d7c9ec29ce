// Bayesian optimization with a Gaussian process (gp.ts) over the mixed discrete space. After `initialPoints` random
// points, every ask:
//  1. models the told values (standardized; an infeasible trial counts as the worst value seen) with a GP whose
//     hyper-parameters are re-fitted (warm-started) on a subset of at most `maxFitPoints`;
//  2. scores a candidate pool — `randomCandidates` uniform new feasible points plus `localCandidates` mutations of
//     each of the `topPoints` best points — by log expected improvement;
//  3. picks the batch greedily with the kriging believer: after each pick the posterior variance is reduced as if
//     the pick had been observed at its mean (exact rank-one updates), so the batch spreads out.
// docs/model.md §6.4.
import { GaussianProcess, defaultHyper, fitHyper, logExpectedImprovement, type GpHyper } from './gp';
import { Rng } from './rng';
import { levelCounts, levelOf, type Point, type SearchSpace } from './space';
import { Proposer, type Strategy } from './strategy';

export interface BoOptions {
  /** Random points before the first model (default 20). */
  initialPoints?: number;
  /** Uniform candidates per ask (default 400). */
  randomCandidates?: number;
  /** Best points whose neighbourhoods are searched (default 10). */
  topPoints?: number;
  /** Mutations per best point (default 30). */
  localCandidates?: number;
  /** Points used to fit hyper-parameters (default 120) and to condition the GP (default 300). */
  maxFitPoints?: number;
  maxModelPoints?: number;
}

export class BayesianOptimization<T> implements Strategy {
  readonly algorithm = 'bo' as const;
  readonly o: Required<BoOptions>;
  #p: Proposer<T>;
  #told: { point: Point; value: number | null }[] = [];
  #asked = 0;
  #hyper?: GpHyper;
  #cat: Uint8Array;

  constructor(space: SearchSpace<T>, seed: number, o: BoOptions = {}) {
    this.#p = new Proposer(space, new Rng(seed, 'bo'));
    this.o = {
      initialPoints: o.initialPoints ?? 20, randomCandidates: o.randomCandidates ?? 400, topPoints: o.topPoints ?? 10,
      localCandidates: o.localCandidates ?? 30, maxFitPoints: o.maxFitPoints ?? 120, maxModelPoints: o.maxModelPoints ?? 300,
    };
    this.#cat = Uint8Array.from(space.dims, (d) => (d.kind === 'categorical' ? 1 : 0));
  }

  /** Features: the unit coordinate of an ordinal dimension, the level index of a categorical one. */
  #features(points: Point[]): Float64Array {
    const D = this.#cat.length;
    const X = new Float64Array(points.length * D);
    points.forEach((p, i) => {
      const n = levelCounts(this.#p.dims, p);
      for (let d = 0; d < D; d++) X[i * D + d] = this.#cat[d] ? levelOf(p[d], n[d]) : p[d];
    });
    return X;
  }

  ask(n: number): Point[] {
    const out: Point[] = [];
    const feasibleTold = this.#told.filter((t) => t.value !== null).length;
    while (out.length < n && (this.#asked < this.o.initialPoints || feasibleTold < 2)) {
      out.push(this.#p.mark(this.#p.random()));
      this.#asked++;
    }
    if (out.length < n) {
      for (const p of this.#suggest(n - out.length)) { out.push(this.#p.mark(p)); this.#asked++; }
    }
    return out;
  }

  tell(point: Point, value: number | null): void {
    this.#told.push({ point, value: value !== null && Number.isFinite(value) ? value : null });
  }

  /** The data the GP sees: standardized values, worst-seen for infeasible trials; subsets by rank and recency. */
  #data(limit: number): { points: Point[]; y: Float64Array } {
    const vals = this.#told.filter((t) => t.value !== null).map((t) => t.value!);
    const worst = Math.min(...vals);
    const all = this.#told.map((t, i) => ({ point: t.point, value: t.value ?? worst, i }));
    let chosen = all;
    if (all.length > limit) {
      const half = Math.floor(limit / 2);
      const byValue = [...all].sort((a, b) => b.value - a.value || a.i - b.i).slice(0, half);
      const taken = new Set(byValue.map((t) => t.i));
      const recent = all.filter((t) => !taken.has(t.i)).slice(-(limit - half));
      chosen = [...byValue, ...recent].sort((a, b) => a.i - b.i);
    }
    const raw = chosen.map((t) => t.value);
    const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
    const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / raw.length) || 1;
    return { points: chosen.map((t) => t.point), y: Float64Array.from(raw, (v) => (v - mean) / sd) };
  }

  #candidates(): Point[] {
    const p = this.#p;
    const pool: Point[] = [];
    const keys = new Set<string>();
    const add = (q: Point) => {
      const k = p.keyOf(q);
      if (keys.has(k) || !p.acceptable(q)) return false;
      keys.add(k);
      pool.push(q);
      return true;
    };
    for (let i = 0, tries = 0; i < this.o.randomCandidates && tries < 20 * this.o.randomCandidates; tries++) if (add(p.uniform())) i++;
    const top = this.#told.map((t, i) => ({ t, i })).filter((x) => x.t.value !== null)
      .sort((a, b) => b.t.value! - a.t.value! || a.i - b.i).slice(0, this.o.topPoints);
    for (const { t } of top) {
      for (let i = 0, tries = 0; i < this.o.localCandidates && tries < 5 * this.o.localCandidates; tries++) {
        const k = 1 + (p.rng.float() < 0.4 ? 1 : 0);
        if (add(p.mutate(t.point, k, 0.1))) i++;
      }
    }
    return pool;
  }

  #suggest(q: number): Point[] {
    const fit = this.#data(this.o.maxFitPoints);
    const D = this.#cat.length;
    this.#hyper = fitHyper(this.#features(fit.points), fit.y, this.#cat, this.#hyper ?? defaultHyper(D), this.#hyper ? 25 : 80);
    const model = this.#data(this.o.maxModelPoints);
    const gp = new GaussianProcess(this.#features(model.points), model.y, this.#cat, this.#hyper);
    const pool = this.#candidates();
    if (pool.length === 0) return Array.from({ length: q }, () => this.#p.random());
    const C = this.#features(pool);
    const c = pool.length;
    const { mean, variance, V } = gp.predict(C, c);
    const best = Math.max(...model.y);
    const n = gp.n;
    const picked: number[] = [];
    const W: Float64Array[] = []; // rank-one downdates of the posterior covariance, one per pick
    const taken = new Uint8Array(c);
    for (let s = 0; s < q && picked.length < c; s++) {
      let arg = -1, bestScore = -Infinity;
      for (let j = 0; j < c; j++) {
        if (taken[j]) continue;
        const score = logExpectedImprovement(mean[j], Math.sqrt(variance[j]), best);
        if (score > bestScore) { bestScore = score; arg = j; }
      }
      if (arg < 0) break;
      taken[arg] = 1;
      picked.push(arg);
      // Posterior covariance of every candidate with the pick, given the data and the earlier picks:
      // k(j, a) − V_jᵀV_a − Σ w(j) w(a); then variance(j) −= w_new(j)².
      const w = new Float64Array(c);
      const sa = Math.sqrt(variance[arg]);
      for (let j = 0; j < c; j++) {
        if (taken[j] && j !== arg) continue;
        let cov = gp.k(C, j, C, arg);
        for (let i = 0; i < n; i++) cov -= V[i * c + j] * V[i * c + arg];
        for (const prev of W) cov -= prev[j] * prev[arg];
        w[j] = cov / sa;
      }
      W.push(w);
      for (let j = 0; j < c; j++) if (!taken[j]) variance[j] = Math.max(1e-12, variance[j] - w[j] * w[j]);
    }
    const out = picked.map((j) => pool[j]);
    while (out.length < q) out.push(this.#p.random());
    return out;
  }
}
