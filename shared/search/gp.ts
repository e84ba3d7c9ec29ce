// Gaussian-process regression for Bayesian optimization over a mixed space (bo.ts): a Matérn-5/2 kernel on one
// scaled distance that adds, per dimension, the squared unit-coordinate difference of an ordinal dimension or a
// mismatch of a categorical one, each divided by its own squared length-scale (ARD):
//   r² = Σ_ordinal ((xᵈ − yᵈ)/ℓᵈ)² + Σ_categorical [xᶜ ≠ yᶜ]/ℓᶜ²,   k = σf² (1 + √5 r + 5r²/3) e^(−√5 r)
// Hyper-parameters (log ℓ, log σf², log σn²) maximize the log marginal likelihood plus weak log-normal priors by
// Adam on its exact gradient. Plain Float64Array linear algebra (Cholesky), deterministic in every engine.
// docs/model.md §6.4.

export interface GpHyper {
  logLengthscales: Float64Array;
  logSignal: number;
  logNoise: number;
}

/** Bounds (log space) and priors of the hyper-parameters (design choices, docs/model.md §6.4). */
export const GP_BOUNDS = {
  logLengthscale: [Math.log(0.02), Math.log(20)] as const,
  logSignal: [Math.log(0.05), Math.log(20)] as const,
  logNoise: [Math.log(1e-6), Math.log(0.5)] as const,
};
const PRIOR = { logLengthscale: { mean: Math.log(0.5), sd: 1.5 }, logSignal: { mean: 0, sd: 1 }, logNoise: { mean: Math.log(1e-3), sd: 2 } };

const SQRT5 = Math.sqrt(5);

/** Squared scaled distance between rows `a` and `b` of feature matrices. */
function dist2(xa: Float64Array, a: number, xb: Float64Array, b: number, cat: Uint8Array, invL2: Float64Array): number {
  const D = cat.length;
  let s = 0;
  const oa = a * D, ob = b * D;
  for (let d = 0; d < D; d++) {
    if (cat[d]) { if (xa[oa + d] !== xb[ob + d]) s += invL2[d]; }
    else { const t = xa[oa + d] - xb[ob + d]; s += t * t * invL2[d]; }
  }
  return s;
}

function matern52(r2: number, signal: number): number {
  const r = Math.sqrt(r2);
  return signal * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** In-place Cholesky of an n×n SPD matrix (row-major, lower triangle written); false if not positive definite. */
export function cholesky(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j];
    for (let k = 0; k < j; k++) s -= A[j * n + k] * A[j * n + k];
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    A[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j];
      for (let k = 0; k < j; k++) t -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = t / ljj;
    }
    for (let k = j + 1; k < n; k++) A[j * n + k] = 0;
  }
  return true;
}

/** Solve L x = b (L lower triangular, row-major n×n) in place. */
export function forwardSolve(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * b[k];
    b[i] = s / L[i * n + i];
  }
  return b;
}

/** Solve Lᵀ x = b in place. */
export function backSolve(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
  return b;
}

/** Kernel matrix with noise on the diagonal plus a jitter that grows until the Cholesky succeeds. */
function factor(X: Float64Array, n: number, cat: Uint8Array, h: GpHyper): { L: Float64Array; Ks: Float64Array; jitter: number } {
  const invL2 = h.logLengthscales.map((l) => Math.exp(-2 * l));
  const signal = Math.exp(h.logSignal), noise = Math.exp(h.logNoise);
  const Ks = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    Ks[i * n + i] = signal;
    for (let j = 0; j < i; j++) {
      const v = matern52(dist2(X, i, X, j, cat, invL2), signal);
      Ks[i * n + j] = v; Ks[j * n + i] = v;
    }
  }
  for (let jitter = 1e-10; ; jitter *= 10) {
    const L = Ks.slice();
    for (let i = 0; i < n; i++) L[i * n + i] += noise + jitter * signal;
    if (cholesky(L, n)) return { L, Ks, jitter };
    if (jitter > 1) throw new Error('GP kernel matrix is not positive definite');
  }
}

const gaussLogPrior = (x: number, p: { mean: number; sd: number }) => -0.5 * ((x - p.mean) / p.sd) ** 2;

/** Log marginal likelihood + log prior and its gradient (order: lengthscales…, signal, noise). */
export function objectiveAndGradient(X: Float64Array, y: Float64Array, cat: Uint8Array, h: GpHyper): { value: number; grad: Float64Array } {
  const n = y.length, D = cat.length;
  const { L, Ks, jitter } = factor(X, n, cat, h);
  const alpha = backSolve(L, n, forwardSolve(L, n, y.slice()));
  let value = -0.5 * y.reduce((s, yi, i) => s + yi * alpha[i], 0) - 0.5 * n * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) value -= Math.log(L[i * n + i]);
  // K⁻¹ column by column (n solves), then W = ααᵀ − K⁻¹.
  const W = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    e.fill(0); e[c] = 1;
    backSolve(L, n, forwardSolve(L, n, e));
    for (let r = 0; r < n; r++) W[r * n + c] = alpha[r] * alpha[c] - e[r];
  }
  const invL2 = h.logLengthscales.map((l) => Math.exp(-2 * l));
  const signal = Math.exp(h.logSignal), noise = Math.exp(h.logNoise);
  const grad = new Float64Array(D + 2);
  let gSignal = 0, gNoise = 0;
  for (let i = 0; i < n; i++) {
    gSignal += 0.5 * W[i * n + i] * (Ks[i * n + i] + jitter * signal);
    gNoise += 0.5 * W[i * n + i] * noise;
    for (let j = 0; j < i; j++) {
      const w = W[i * n + j]; // symmetric: count the pair twice
      gSignal += w * Ks[i * n + j];
      const r2 = dist2(X, i, X, j, cat, invL2);
      const r = Math.sqrt(r2);
      const common = w * (5 / 3) * signal * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
      const oi = i * D, oj = j * D;
      for (let d = 0; d < D; d++) {
        let q: number;
        if (cat[d]) q = X[oi + d] !== X[oj + d] ? invL2[d] : 0;
        else { const t = X[oi + d] - X[oj + d]; q = t * t * invL2[d]; }
        grad[d] += common * q;
      }
    }
  }
  grad[D] = gSignal;
  grad[D + 1] = gNoise;
  // Priors.
  for (let d = 0; d < D; d++) {
    value += gaussLogPrior(h.logLengthscales[d], PRIOR.logLengthscale);
    grad[d] -= (h.logLengthscales[d] - PRIOR.logLengthscale.mean) / PRIOR.logLengthscale.sd ** 2;
  }
  value += gaussLogPrior(h.logSignal, PRIOR.logSignal) + gaussLogPrior(h.logNoise, PRIOR.logNoise);
  grad[D] -= (h.logSignal - PRIOR.logSignal.mean) / PRIOR.logSignal.sd ** 2;
  grad[D + 1] -= (h.logNoise - PRIOR.logNoise.mean) / PRIOR.logNoise.sd ** 2;
  return { value, grad };
}

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

export function defaultHyper(D: number): GpHyper {
  return { logLengthscales: new Float64Array(D).fill(PRIOR.logLengthscale.mean), logSignal: 0, logNoise: PRIOR.logNoise.mean };
}

/** Fit hyper-parameters by Adam ascent from `start`; returns the best visited. */
export function fitHyper(X: Float64Array, y: Float64Array, cat: Uint8Array, start: GpHyper, iterations: number, rate = 0.08): GpHyper {
  const D = cat.length;
  const theta = new Float64Array(D + 2);
  theta.set(start.logLengthscales); theta[D] = start.logSignal; theta[D + 1] = start.logNoise;
  const unpack = (t: Float64Array): GpHyper => ({ logLengthscales: t.slice(0, D), logSignal: t[D], logNoise: t[D + 1] });
  const m = new Float64Array(D + 2), v = new Float64Array(D + 2);
  const b1 = 0.9, b2 = 0.999;
  let best = { h: unpack(theta), value: -Infinity };
  for (let it = 1; it <= iterations; it++) {
    const h = unpack(theta);
    let r;
    try { r = objectiveAndGradient(X, y, cat, h); } catch { break; }
    if (r.value > best.value) best = { h, value: r.value };
    for (let k = 0; k < D + 2; k++) {
      const g = r.grad[k];
      m[k] = b1 * m[k] + (1 - b1) * g;
      v[k] = b2 * v[k] + (1 - b2) * g * g;
      const step = (rate * (m[k] / (1 - b1 ** it))) / (Math.sqrt(v[k] / (1 - b2 ** it)) + 1e-8);
      theta[k] += step;
      theta[k] = clamp(theta[k], k < D ? GP_BOUNDS.logLengthscale : k === D ? GP_BOUNDS.logSignal : GP_BOUNDS.logNoise);
    }
  }
  return best.h;
}

/** A GP conditioned on data, predicting the latent function at candidate points. */
export class GaussianProcess {
  readonly n: number;
  readonly X: Float64Array;
  readonly cat: Uint8Array;
  readonly hyper: GpHyper;
  #L: Float64Array;
  #alpha: Float64Array;
  #invL2: Float64Array;
  #signal: number;

  constructor(X: Float64Array, y: Float64Array, cat: Uint8Array, hyper: GpHyper) {
    this.n = y.length; this.X = X; this.cat = cat; this.hyper = hyper;
    const { L } = factor(X, this.n, cat, hyper);
    this.#L = L;
    this.#alpha = backSolve(L, this.n, forwardSolve(L, this.n, y.slice()));
    this.#invL2 = hyper.logLengthscales.map((l) => Math.exp(-2 * l));
    this.#signal = Math.exp(hyper.logSignal);
  }

  /** Prior covariance k(a, b) between rows of two feature matrices. */
  k(xa: Float64Array, a: number, xb: Float64Array, b: number): number {
    return matern52(dist2(xa, a, xb, b, this.cat, this.#invL2), this.#signal);
  }

  /**
   * Posterior mean and variance at every row of C (c rows), and V = L⁻¹ K(X, C) (n × c, column j for row j),
   * which later posterior covariances need.
   */
  predict(C: Float64Array, c: number): { mean: Float64Array; variance: Float64Array; V: Float64Array } {
    const n = this.n;
    const mean = new Float64Array(c), variance = new Float64Array(c), V = new Float64Array(n * c);
    const kc = new Float64Array(n);
    for (let j = 0; j < c; j++) {
      for (let i = 0; i < n; i++) kc[i] = this.k(this.X, i, C, j);
      let mu = 0;
      for (let i = 0; i < n; i++) mu += kc[i] * this.#alpha[i];
      forwardSolve(this.#L, n, kc);
      let vv = 0;
      for (let i = 0; i < n; i++) { vv += kc[i] * kc[i]; V[i * c + j] = kc[i]; }
      mean[j] = mu;
      variance[j] = Math.max(1e-12, this.#signal - vv);
    }
    return { mean, variance, V };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Expected improvement in log space (Ament et al., NeurIPS 2023: log EI stays informative where EI underflows).
// ---------------------------------------------------------------------------------------------------------

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc (Chebyshev fit, fractional error < 1.2e-7 everywhere): ample for ranking candidates.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log(φ(z) + z Φ(z)), stable for very negative z: below z = −8 the asymptotic series
 * φ(z) + zΦ(z) = φ(z)/z² · (1 − 3/z² + 15/z⁴ − 105/z⁶ + 945/z⁸ − 10395/z¹⁰ + …) replaces the direct form, whose
 * two terms cancel (relative error of either form ≈ 1e-5 at the switch).
 */
export function logH(z: number): number {
  if (z > -8) {
    const phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    return Math.log(Math.max(1e-300, phi + z * normalCdf(z)));
  }
  const u = 1 / (z * z);
  const series = 1 - u * (3 - u * (15 - u * (105 - u * (945 - u * 10395))));
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(u * series);
}

/** log EI of a maximization at mean μ, standard deviation σ, incumbent `best`. */
export function logExpectedImprovement(mu: number, sigma: number, best: number): number {
  const z = (mu - best) / sigma;
  return Math.log(sigma) + logH(z);
}
