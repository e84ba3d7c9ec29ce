// USER-mode read buffers of the SCALE-Sim memory model (read_buffer.py): the ifmap and filter prefetch windows of
// a limited DRAM interface, walked window move by window move; each move that a demand row had to wait for is a
// "read event" for the row walk (assembly/scalesim-stalls.ts). docs/model.md §1.1.
import { R, RF, CF, CPF, fmin, fmax, fmod, spend, Operand, KIND_D, IFMAP } from './scalesim-layer';

// The fetch sequence is cut into sets of E = ceil(S/100) valid elements; L = floor(V/E) + 1 sets (the last one may
// be empty). The active window is A sets starting at set w (cyclic); a demand outside it moves the window by P sets
// until it is inside, each move fetching ceil(S/2 / bw) lines of bw words that complete Δ = lines + 1 cycles after
// the previous fetch. The first active half is loaded before cycle 0. The k-th move completes at cycle kΔ - 1, so a
// demand row ρ that needed the k-th move cannot finish before kΔ - 2: a static "read event" (ρ, kΔ - 2).
class UserRead {
  op: Operand = IFMAP;
  e: f64 = 1; sets: f64 = 1; a: f64 = 1; p: f64 = 0; delta: f64 = 1; chunkLines: f64 = 1; initLines: f64 = 1;
  w: f64 = 0; shifts: f64 = 0;
  // iteration state
  fc: f64 = 0; fr: f64 = 0; inFold: bool = false; done: bool = false;
  x: f64 = 0; q: f64 = 0; xLast: f64 = 0; r: f64 = 0; bh: f64 = 0; v: f64 = 1; rowBase: f64 = 0; rowEnd: f64 = 0;
  // pending event
  has: bool = false; evRow: f64 = 0; evVal: f64 = 0;

  reset(op: Operand, sizeWords: f64, bw: f64): void {
    this.op = op;
    const active = Math.ceil(sizeWords * 0.5), pref = sizeWords - active;
    this.e = Math.ceil(sizeWords / 100);
    this.sets = Math.floor(op.lay.valid / this.e) + 1;
    this.a = fmin(Math.ceil(active / this.e), this.sets);
    this.p = fmin(Math.ceil(pref / this.e), this.sets - this.a);
    const fetchLines = Math.ceil(op.lay.raw / bw);
    let init = Math.ceil(active / bw);
    if (!(init < fetchLines)) init = fetchLines;
    this.initLines = init;
    this.chunkLines = Math.ceil(pref / bw);
    this.delta = this.chunkLines + 1;
    this.w = 0; this.shifts = 0;
    this.fc = 0; this.fr = 0; this.inFold = false; this.done = false; this.has = false;
  }
  @inline foldRow(): f64 { return (this.fc * RF + this.fr) * CPF; }
  @inline runLo(x: f64): f64 { const h = this.op.lay.h, jlo = fmax(0, x - h + 1); return this.op.lay.q(this.bh + x - jlo, jlo); }
  @inline runHi(x: f64): f64 {
    const h = this.op.lay.h, jlo = fmax(0, x - h + 1), jhi = fmin(this.v - 1, x);
    return this.op.lay.q(this.bh + x - jlo, jlo) + (jhi - jlo);
  }
  @inline gap(s: f64): f64 { return fmod(s - this.w, this.sets); }
  private nextFold(): void {
    this.inFold = false;
    this.fr += 1;
    if (this.fr >= RF) { this.fr = 0; this.fc += 1; }
    if (this.fc >= CF) this.done = true;
  }
  private startFold(): bool {
    const op = this.op, lay = op.lay;
    const b = op.block(this.fc, this.fr);
    this.v = lay.v(b); this.bh = b * lay.h;
    if (op.kind == KIND_D) {
      this.xLast = lay.h + this.v - 2; this.x = 0; this.q = this.runLo(0);
    } else {
      const rv = op.tileRows(this.fr);
      this.rowBase = this.bh + this.fr * R;
      const qmin = lay.q(this.rowBase, 0), qmax = lay.q(this.rowBase + rv - 1, 0) + this.v - 1;
      const gmin = this.gap(Math.floor(qmin / this.e)), gmax = this.gap(Math.floor(qmax / this.e));
      if (gmin < this.a && gmax < this.a && gmax >= gmin) return false; // whole tile inside the window
      this.r = rv - 1; this.q = lay.q(this.rowBase + this.r, 0); this.rowEnd = this.q + this.v - 1;
    }
    this.inFold = true;
    return true;
  }
  /** Compute the next read event; false when the operand's demand is exhausted (or the work budget is). */
  advance(): bool {
    this.has = false;
    while (!this.done) {
      if (!spend(1)) { this.done = true; return false; }
      if (!this.inFold) {
        if (!this.startFold()) { this.nextFold(); continue; }
      }
      const s = Math.floor(this.q / this.e);
      const g = this.gap(s);
      const row = this.op.kind == KIND_D ? this.foldRow() + this.op.u0 + this.x : this.foldRow() + (R - 1 - this.r);
      if (g >= this.a) {
        if (this.p <= 0) { this.done = true; return false; } // cannot happen: A = L covers everything
        const k = Math.ceil((g - this.a + 1) / this.p);
        this.w = fmod(this.w + k * this.p, this.sets);
        this.shifts += k;
        this.has = true; this.evRow = row; this.evVal = this.shifts * this.delta - 2;
        return true;
      }
      // covered: the first set after the window, going forward from s
      const end = this.w <= s ? this.w + this.a : this.w + this.a - this.sets;
      if (this.op.kind == KIND_D) {
        if (end >= this.sets) { this.nextFold(); continue; }
        const X = end * this.e;
        if (this.runHi(this.xLast) < X) { this.nextFold(); continue; }
        let lo = this.x, hi = this.xLast;
        while (lo < hi) { const mid = Math.floor((lo + hi) / 2); if (this.runHi(mid) >= X) hi = mid; else lo = mid + 1; }
        this.x = lo; this.q = fmax(this.runLo(lo), X);
      } else {
        const X = end * this.e;
        if (end >= this.sets || X > this.rowEnd) {
          this.r -= 1;
          if (this.r < 0) { this.nextFold(); continue; }
          this.q = this.op.lay.q(this.rowBase + this.r, 0); this.rowEnd = this.q + this.v - 1;
        } else this.q = X;
      }
    }
    return false;
  }
  count(bw: f64): f64 { return bw * (this.initLines + this.shifts * this.chunkLines); }
}

export const UIF = new UserRead();
export const UFIL = new UserRead();
