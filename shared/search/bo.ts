// Bayesian optimization with a Gaussian process (gp.ts) over the mixed discrete space. After `initialPoints` random
// points, every ask:
//  1. models the told values (standardized; an infeasible trial counts as the worst value seen) with a GP whose
//     hyper-parameters are re-fitted (warm-started: 25 Adam steps, 4 once the history exceeds `maxModelPoints`) on a
//     subset of at most `maxFitPoints`, conditioned on a subset of at most `maxModelPoints`;
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
  /** Points used to fit hyper-parameters (default 120) and to condition the GP (default 200). */
  maxFitPoints?: number;
  maxModelPoints?: number;
  /**
   * Adam steps of the warm-started refit at each ask once more than `maxModelPoints` trials are told (default 4;
   * 25 before, 80 for the first fit): the cap on ask time with a long history (docs/model.md §6.4).
   */
  lateRefitSteps?: number;
}

export class BayesianOptimization<T> implements Strategy {
  readonly algorithm = 'bo' as const;
  readonly o: Required<BoOptions>;
  #p: Proposer<T>;
  #told: { point: Point; value: number | null; x?: Float64Array }[] = [];
  /** Keys of the asked points: the Proposer's seen set, mirrored so a candidate is decoded once. */
  #askedKeys = new Set<string>();
  #asked = 0;
  #hyper?: GpHyper;
  #cat: Uint8Array;

  constructor(space: SearchSpace<T>, seed: number, o: BoOptions = {}) {
    this.#p = new Proposer(space, new Rng(seed, 'bo'));
    this.o = {
      initialPoints: o.initialPoints ?? 20, randomCandidates: o.randomCandidates ?? 400, topPoints: o.topPoints ?? 10,
      localCandidates: o.localCandidates ?? 30, maxFitPoints: o.maxFitPoints ?? 120, maxModelPoints: o.maxModelPoints ?? 200,
      lateRefitSteps: o.lateRefitSteps ?? 4,
    };
    this.#cat = Uint8Array.from(space.dims, (d) => (d.kind === 'categorical' ? 1 : 0));
  }

  /** Features: the unit coordinate of an ordinal dimension, the level index of a categorical one. */
  #featuresOf(p: Point, X: Float64Array, i: number): void {
    const D = this.#cat.length;
    const n = levelCounts(this.#p.dims, p);
    for (let d = 0; d < D; d++) X[i * D + d] = this.#cat[d] ? levelOf(p[d], n[d]) : p[d];
  }

  #features(points: Point[]): Float64Array {
    const X = new Float64Array(points.length * this.#cat.length);
    points.forEach((p, i) => this.#featuresOf(p, X, i));
    return X;
  }

  /** Features of told trials (indices into #told), each computed once. */
  #toldFeatures(idx: Int32Array): Float64Array {
    const D = this.#cat.length;
    const X = new Float64Array(idx.length * D);
    for (let r = 0; r < idx.length; r++) {
      const t = this.#told[idx[r]];
      if (!t.x) { t.x = new Float64Array(D); this.#featuresOf(t.point, t.x, 0); }
      X.set(t.x, r * D);
    }
    return X;
  }

  #mark(p: Point): Point {
    this.#askedKeys.add(this.#p.keyOf(p));
    return this.#p.mark(p);
  }

  ask(n: number): Point[] {
    const out: Point[] = [];
    const feasibleTold = this.#told.filter((t) => t.value !== null).length;
    while (out.length < n && (this.#asked < this.o.initialPoints || feasibleTold < 2)) {
      out.push(this.#mark(this.#p.random()));
      this.#asked++;
    }
    if (out.length < n) {
      for (const p of this.#suggest(n - out.length)) { out.push(this.#mark(p)); this.#asked++; }
    }
    return out;
  }

  tell(point: Point, value: number | null): void {
    this.#told.push({ point, value: value !== null && Number.isFinite(value) ? value : null });
  }

  /**
   * Every told trial ranked by value (best first, ties by index), an infeasible one counting as the worst value
   * seen: computed once per ask for both subsets and the best points.
   */
  #ranking(): { values: Float64Array; order: Int32Array } {
    const N = this.#told.length;
    let worst = Infinity;
    for (const t of this.#told) if (t.value !== null) worst = Math.min(worst, t.value);
    const values = new Float64Array(N);
    for (let i = 0; i < N; i++) values[i] = this.#told[i].value ?? worst;
    const order = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
    return { values, order };
  }

  /**
   * The data the GP sees: standardized values, worst-seen for infeasible trials; above `limit` trials the best
   * half of the limit by value and the most recent of the rest, in told order.
   */
  #data(limit: number, { values, order }: { values: Float64Array; order: Int32Array }): { idx: Int32Array; y: Float64Array } {
    const N = values.length;
    let idx: Int32Array;
    if (N > limit) {
      const half = Math.floor(limit / 2);
      const chosen = new Uint8Array(N);
      for (let r = 0; r < half; r++) chosen[order[r]] = 1;
      const recent = limit - half;
      // (slice(-0) keeps every remaining trial, as the array formulation did)
      for (let i = N - 1, left = recent === 0 ? N : recent; i >= 0 && left > 0; i--) if (!chosen[i]) { chosen[i] = 2; left--; }
      idx = new Int32Array(half + (recent === 0 ? N - half : recent));
      for (let i = 0, r = 0; i < N; i++) if (chosen[i]) idx[r++] = i;
    } else idx = Int32Array.from({ length: N }, (_, i) => i);
    const raw = Array.from(idx, (i) => values[i]);
    const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
    const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / raw.length) || 1;
    return { idx, y: Float64Array.from(raw, (v) => (v - mean) / sd) };
  }

  #candidates(order: Int32Array): Point[] {
    const p = this.#p;
    const space = p.space;
    const pool: Point[] = [];
    const keys = new Set<string>();
    // As p.keyOf + p.acceptable (new to the strategy, passes the known constraint), decoding once.
    const add = (q: Point) => {
      const design = space.decode(q);
      const k = space.key(design);
      if (keys.has(k) || this.#askedKeys.has(k) || (space.check && space.check(design) !== null)) return false;
      keys.add(k);
      pool.push(q);
      return true;
    };
    for (let i = 0, tries = 0; i < this.o.randomCandidates && tries < 20 * this.o.randomCandidates; tries++) if (add(p.uniform())) i++;
    const top: { point: Point }[] = [];
    for (let r = 0; r < order.length && top.length < this.o.topPoints; r++) {
      const t = this.#told[order[r]];
      if (t.value !== null) top.push(t);
    }
    for (const t of top) {
      for (let i = 0, tries = 0; i < this.o.localCandidates && tries < 5 * this.o.localCandidates; tries++) {
        const k = 1 + (p.rng.float() < 0.4 ? 1 : 0);
        if (add(p.mutate(t.point, k, 0.1))) i++;
      }
    }
    return pool;
  }

  #suggest(q: number): Point[] {
    const ranking = this.#ranking();
    const fit = this.#data(this.o.maxFitPoints, ranking);
    const D = this.#cat.length;
    const steps = !this.#hyper ? 80 : this.#told.length > this.o.maxModelPoints ? this.o.lateRefitSteps : 25;
    this.#hyper = fitHyper(this.#toldFeatures(fit.idx), fit.y, this.#cat, this.#hyper ?? defaultHyper(D), steps);
    const model = this.#data(this.o.maxModelPoints, ranking);
    const gp = new GaussianProcess(this.#toldFeatures(model.idx), model.y, this.#cat, this.#hyper);
    const pool = this.#candidates(ranking.order);
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
      // V is c × n (row j: candidate j); four candidates at a time share the loads of the pick's row, each sum
      // still running over i in ascending order.
      const w = new Float64Array(c);
      const sa = Math.sqrt(variance[arg]);
      const oa = arg * n;
      let j = 0;
      for (; j + 3 < c; j += 4) {
        const o0 = j * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
        let c0 = gp.k(C, j, C, arg), c1 = gp.k(C, j + 1, C, arg), c2 = gp.k(C, j + 2, C, arg), c3 = gp.k(C, j + 3, C, arg);
        for (let i = 0; i < n; i++) {
          const va = V[oa + i];
          c0 -= V[o0 + i] * va; c1 -= V[o1 + i] * va; c2 -= V[o2 + i] * va; c3 -= V[o3 + i] * va;
        }
        w[j] = c0; w[j + 1] = c1; w[j + 2] = c2; w[j + 3] = c3;
      }
      for (; j < c; j++) {
        let cov = gp.k(C, j, C, arg);
        for (let i = 0, o = j * n; i < n; i++) cov -= V[o + i] * V[oa + i];
        w[j] = cov;
      }
      for (let j = 0; j < c; j++) {
        if (taken[j] && j !== arg) { w[j] = 0; continue; }
        let cov = w[j];
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
