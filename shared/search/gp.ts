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

/**
 * In-place Cholesky of an n×n SPD matrix (row-major, lower triangle written); false if not positive definite.
 * Left-looking (each entry one dot product over k ascending); four rows at a time share the loads of row j, which
 * changes no operation or its order (bit-identical to one row at a time).
 */
export function cholesky(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const oj = j * n;
    let s = A[oj + j];
    for (let k = 0; k < j; k++) s -= A[oj + k] * A[oj + k];
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    A[oj + j] = ljj;
    let i = j + 1;
    for (; i + 3 < n; i += 4) {
      const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      let t0 = A[o0 + j], t1 = A[o1 + j], t2 = A[o2 + j], t3 = A[o3 + j];
      for (let k = 0; k < j; k++) {
        const l = A[oj + k];
        t0 -= A[o0 + k] * l; t1 -= A[o1 + k] * l; t2 -= A[o2 + k] * l; t3 -= A[o3 + k] * l;
      }
      A[o0 + j] = t0 / ljj; A[o1 + j] = t1 / ljj; A[o2 + j] = t2 / ljj; A[o3 + j] = t3 / ljj;
    }
    for (; i < n; i++) {
      const oi = i * n;
      let t = A[oi + j];
      for (let k = 0; k < j; k++) t -= A[oi + k] * A[oj + k];
      A[oi + j] = t / ljj;
    }
    for (let k = j + 1; k < n; k++) A[oj + k] = 0;
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

/**
 * What the objective needs from the data, fixed while the hyper-parameters move: per dimension d and pair i > j
 * (index i(i−1)/2 + j), P[d·pairs + p] = the squared coordinate difference (ordinal) or the mismatch 1/0
 * (categorical), so that r² = Σ_d P·ℓ⁻² (d ascending) gives the same sums as dist2; and the buffers every
 * evaluation reuses.
 */
interface Workspace {
  y: Float64Array; n: number; D: number; pairs: number;
  P: Float64Array; R2: Float64Array; R: Float64Array; E: Float64Array; G: Float64Array;
  Ks: Float64Array; L: Float64Array; LT: Float64Array; Z: Float64Array;
}

function workspace(X: Float64Array, y: Float64Array, cat: Uint8Array): Workspace {
  const n = y.length, D = cat.length;
  const pairs = (n * (n - 1)) / 2;
  const P = new Float64Array(pairs * D);
  for (let i = 0, p = 0; i < n; i++) {
    for (let j = 0; j < i; j++, p++) {
      for (let d = 0; d < D; d++) {
        const a = X[i * D + d], b = X[j * D + d];
        if (cat[d]) P[d * pairs + p] = a !== b ? 1 : 0;
        else { const t = a - b; P[d * pairs + p] = t * t; }
      }
    }
  }
  const buf = () => new Float64Array(pairs);
  return { y, n, D, pairs, P, R2: buf(), R: buf(), E: buf(), G: buf(), Ks: new Float64Array(n * n), L: new Float64Array(n * n), LT: new Float64Array(n * n), Z: new Float64Array(n * n) };
}

/** Log marginal likelihood + log prior and its gradient (order: lengthscales…, signal, noise). */
export function objectiveAndGradient(X: Float64Array, y: Float64Array, cat: Uint8Array, h: GpHyper): { value: number; grad: Float64Array } {
  return objective(workspace(X, y, cat), h);
}

/**
 * The objective on a workspace. Every sum runs in the order of the plain formulation (kernel matrix from dist2,
 * K⁻¹ column by column with a forward and a back solve), so the results are bit-identical to it; the work skips
 * only exact zeros (the leading zeros of a unit vector's forward solve) and entries never read (K⁻¹'s upper
 * triangle), and solves all columns at once, row by row.
 */
function objective(ws: Workspace, h: GpHyper): { value: number; grad: Float64Array } {
  const { y, n, D, pairs, P, R2, R, E, G, Ks, L, LT, Z } = ws;
  const invL2 = h.logLengthscales.map((l) => Math.exp(-2 * l));
  const signal = Math.exp(h.logSignal), noise = Math.exp(h.logNoise);
  // Kernel matrix (as factor()), keeping r and e^(−√5 r) of every pair for the gradient. Every pair's r² sums
  // over d in ascending order from 0, as dist2 does.
  R2.fill(0);
  for (let d = 0; d < D; d++) {
    const w = invL2[d], o = d * pairs;
    for (let p = 0; p < pairs; p++) R2[p] += P[o + p] * w;
  }
  for (let i = 0, p = 0; i < n; i++) {
    Ks[i * n + i] = signal;
    for (let j = 0; j < i; j++, p++) {
      const r2 = R2[p];
      const r = Math.sqrt(r2), e = Math.exp(-SQRT5 * r);
      R[p] = r; E[p] = e;
      const v = signal * (1 + SQRT5 * r + (5 / 3) * r2) * e;
      Ks[i * n + j] = v; Ks[j * n + i] = v;
    }
  }
  let jitter = 1e-10;
  for (; ; jitter *= 10) {
    L.set(Ks);
    for (let i = 0; i < n; i++) L[i * n + i] += noise + jitter * signal;
    if (cholesky(L, n)) break;
    if (jitter > 1) throw new Error('GP kernel matrix is not positive definite');
  }
  const alpha = backSolve(L, n, forwardSolve(L, n, y.slice()));
  let value = -0.5 * y.reduce((s, yi, i) => s + yi * alpha[i], 0) - 0.5 * n * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) value -= Math.log(L[i * n + i]);
  // K⁻¹ column by column into Z (column c at Z[c·n …]): the forward solve of the unit vector e_c is exactly 0 above
  // row c (every term it subtracts there is ±0 from +0), so it starts at row c; the back solve stops at row c (the
  // rows above are never read). Four columns at a time, from the first one's start row: the others' extra rows
  // are exact zeros and their extra terms subtract ±0 from +0 or 1, so every entry is bit-identical to
  // backSolve(L, forwardSolve(L, e_c)); LT = Lᵀ makes the back solve read contiguous rows.
  for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) LT[k * n + i] = L[i * n + k];
  for (let c = 0; c < n; c += 4) {
    const m = Math.min(4, n - c);
    const o0 = c * n, o1 = m > 1 ? o0 + n : o0, o2 = m > 2 ? o0 + 2 * n : o0, o3 = m > 3 ? o0 + 3 * n : o0;
    for (let i = c; i < n; i++) {
      const oi = i * n;
      let s0 = i === c ? 1 : 0, s1 = i === c + 1 ? 1 : 0, s2 = i === c + 2 ? 1 : 0, s3 = i === c + 3 ? 1 : 0;
      for (let k = c; k < i; k++) {
        const l = L[oi + k];
        s0 -= l * Z[o0 + k]; s1 -= l * Z[o1 + k]; s2 -= l * Z[o2 + k]; s3 -= l * Z[o3 + k];
      }
      const lii = L[oi + i];
      // (unused lanes alias column c and write last, after it: they are overwritten below by lane 0's own value)
      Z[o3 + i] = s3 / lii; Z[o2 + i] = s2 / lii; Z[o1 + i] = s1 / lii; Z[o0 + i] = s0 / lii;
    }
    for (let i = n - 1; i >= c; i--) {
      const oi = i * n;
      let s0 = Z[o0 + i], s1 = Z[o1 + i], s2 = Z[o2 + i], s3 = Z[o3 + i];
      for (let k = i + 1; k < n; k++) {
        const l = LT[oi + k];
        s0 -= l * Z[o0 + k]; s1 -= l * Z[o1 + k]; s2 -= l * Z[o2 + k]; s3 -= l * Z[o3 + k];
      }
      const lii = L[oi + i];
      Z[o3 + i] = s3 / lii; Z[o2 + i] = s2 / lii; Z[o1 + i] = s1 / lii; Z[o0 + i] = s0 / lii;
    }
  }
  // Gradient with W = ααᵀ − K⁻¹ (lower triangle).
  const grad = new Float64Array(D + 2);
  let gSignal = 0, gNoise = 0;
  for (let i = 0, p = 0; i < n; i++) {
    const oi = i * n, ai = alpha[i];
    const wii = ai * ai - Z[oi + i]; // (column i, row i)
    gSignal += 0.5 * wii * (Ks[oi + i] + jitter * signal);
    gNoise += 0.5 * wii * noise;
    for (let j = 0; j < i; j++, p++) {
      const w = ai * alpha[j] - Z[j * n + i]; // symmetric: count the pair twice
      gSignal += w * Ks[oi + j];
      G[p] = w * (5 / 3) * signal * (1 + SQRT5 * R[p]) * E[p];
    }
  }
  // Each grad[d] sums common·(P·ℓ⁻²) over the pairs in order.
  for (let d = 0; d < D; d++) {
    const w = invL2[d], o = d * pairs;
    let g = 0;
    for (let p = 0; p < pairs; p++) g += G[p] * (P[o + p] * w);
    grad[d] = g;
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
  const ws = workspace(X, y, cat);
  for (let it = 1; it <= iterations; it++) {
    const h = unpack(theta);
    let r;
    try { r = objective(ws, h); } catch { break; }
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
  /** X by dimension (XT[d·n + i]), for kernel rows against a candidate. */
  #XT: Float64Array;

  constructor(X: Float64Array, y: Float64Array, cat: Uint8Array, hyper: GpHyper) {
    this.n = y.length; this.X = X; this.cat = cat; this.hyper = hyper;
    const { L } = factor(X, this.n, cat, hyper);
    this.#L = L;
    this.#alpha = backSolve(L, this.n, forwardSolve(L, this.n, y.slice()));
    this.#invL2 = hyper.logLengthscales.map((l) => Math.exp(-2 * l));
    this.#signal = Math.exp(hyper.logSignal);
    const n = this.n, D = cat.length;
    this.#XT = new Float64Array(n * D);
    for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) this.#XT[d * n + i] = X[i * D + d];
  }

  /** Prior covariance k(a, b) between rows of two feature matrices. */
  k(xa: Float64Array, a: number, xb: Float64Array, b: number): number {
    return matern52(dist2(xa, a, xb, b, this.cat, this.#invL2), this.#signal);
  }

  /**
   * Posterior mean and variance at every row of C (c rows), and V = L⁻¹ K(X, C) (c × n, row j for candidate j: its
   * n entries contiguous), which later posterior covariances need. Each candidate's forward solve runs over k in
   * ascending order as forwardSolve does; four candidates at a time share the loads of L (bit-identical).
   */
  predict(C: Float64Array, c: number): { mean: Float64Array; variance: Float64Array; V: Float64Array } {
    const n = this.n, L = this.#L, alpha = this.#alpha;
    const mean = new Float64Array(c), variance = new Float64Array(c), V = new Float64Array(c * n);
    const D = this.cat.length, XT = this.#XT, invL2 = this.#invL2, signal = this.#signal;
    const r2 = new Float64Array(n);
    for (let j = 0; j < c; j++) {
      const o = j * n;
      // k(X_i, C_j) for every i: dist2's sums (d ascending; a categorical match adds nothing), then matern52.
      r2.fill(0);
      for (let d = 0; d < D; d++) {
        const cd = C[j * D + d], w = invL2[d], od = d * n;
        if (this.cat[d]) { for (let i = 0; i < n; i++) { if (XT[od + i] !== cd) r2[i] += w; } }
        else for (let i = 0; i < n; i++) { const t = XT[od + i] - cd; r2[i] += t * t * w; }
      }
      for (let i = 0; i < n; i++) V[o + i] = matern52(r2[i], signal);
      let mu = 0;
      for (let i = 0; i < n; i++) mu += V[o + i] * alpha[i];
      mean[j] = mu;
    }
    let j = 0;
    for (; j + 3 < c; j += 4) {
      const o0 = j * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      for (let i = 0; i < n; i++) {
        const oi = i * n;
        let s0 = V[o0 + i], s1 = V[o1 + i], s2 = V[o2 + i], s3 = V[o3 + i];
        for (let k = 0; k < i; k++) {
          const l = L[oi + k];
          s0 -= l * V[o0 + k]; s1 -= l * V[o1 + k]; s2 -= l * V[o2 + k]; s3 -= l * V[o3 + k];
        }
        const lii = L[oi + i];
        V[o0 + i] = s0 / lii; V[o1 + i] = s1 / lii; V[o2 + i] = s2 / lii; V[o3 + i] = s3 / lii;
      }
    }
    for (; j < c; j++) forwardSolve(L, n, V.subarray(j * n, j * n + n));
    for (let j = 0; j < c; j++) {
      const o = j * n;
      let vv = 0;
      for (let i = 0; i < n; i++) vv += V[o + i] * V[o + i];
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
