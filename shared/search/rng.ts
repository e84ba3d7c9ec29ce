// The search's only source of randomness: a seeded PRNG (sfc32, seeded through splitmix32), never Math.random.
// Pure integer arithmetic (Math.imul, >>>), so the same seed gives the same stream in Node and in every browser.
// docs/model.md §6.6.

/** splitmix32: scrambles a 32-bit word; used to seed sfc32 and to derive independent seeds. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit seed from any integer seed and optional labels ("strategy", "bo-pool", …): FNV-1a over the parts. */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x2c, 0x01000193); // separator
  };
  mix(String(seed));
  for (const l of labels) mix(String(l));
  return splitmix32(h >>> 0);
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean): 128 bits of state. */
export class Rng {
  #a: number; #b: number; #c: number; #d: number;

  constructor(seed: number, ...labels: (string | number)[]) {
    let s = deriveSeed(seed, ...labels);
    const next = () => (s = splitmix32(s));
    this.#a = next(); this.#b = next(); this.#c = next(); this.#d = 1;
    for (let i = 0; i < 12; i++) this.uint32(); // discard the first outputs
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1)) throw new Error(`Rng.int needs n ≥ 1 (got ${n})`);
    return Math.floor(this.float() * n);
  }

  /** Standard normal (Marsaglia's polar method; no cached spare, so the state is just the four words). */
  normal(): number {
    for (;;) {
      const u = 2 * this.float() - 1;
      const v = 2 * this.float() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  /** One element, uniformly. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** `k` distinct indices of [0, n), in draw order (partial Fisher–Yates). */
  sample(n: number, k: number): number[] {
    const idx = Array.from({ length: n }, (_, i) => i);
    const m = Math.min(k, n);
    for (let i = 0; i < m; i++) {
      const j = i + this.int(n - i);
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx.slice(0, m);
  }

  /** The generator's state (for checkpoints or tests). */
  state(): [number, number, number, number] {
    return [this.#a >>> 0, this.#b >>> 0, this.#c >>> 0, this.#d >>> 0];
  }

  /** A generator continuing from a saved state. */
  static fromState(state: readonly number[]): Rng {
    const r = new Rng(0);
    [r.#a, r.#b, r.#c, r.#d] = state.map((x) => x | 0);
    return r;
  }
}
