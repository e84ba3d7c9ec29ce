// The SCALE-Sim v2 memory model (assembly/scalesim-memory.ts, docs/model.md §1.1):
//  1. against SCALE-Sim v2's own output on the 187 public cases (exact where the model is exact, measured error
//     bounds where it approximates),
//  2. against a brute-force restatement of SCALE-Sim's memory classes below (one step per demanded word, as
//     SCALE-Sim itself runs), on random small layers,
//  3. properties (fast-check), robustness against absurd input, and the `fast scalesim` CLI in USER mode.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCore } from '../../shared/core/loader';
import { scalesimMemory } from '../../shared/core/pack';
import * as ABI from '../../assembly/abi';
import { parseScalesimMemorySpec, type ScalesimMemorySpec, type ScalesimMemoryResult } from '../../shared/scalesim/memory';
import { loadOracle, type OracleCase } from '../oracle/scalesim';
import { main } from '../../cli/main';

// ---- brute-force reference: SCALE-Sim v2's demand matrices fed word by word through its memory classes ----------
interface Layer { H: number; W: number; Fh: number; Fw: number; Ch: number; NF: number; S: number }
type Df = 'os' | 'ws' | 'is';
interface RefOpts { mode: 'CALC' | 'USER'; bw: number; sramWords: [number, number, number] }
interface RefResult {
  total: number; stall: number; dIf: number; dFil: number; dOf: number;
  ifStart: number; ifStop: number; filStart: number; filStop: number; ofStart: number; ofStop: number;
}

function reference(L: Layer, R: number, C: number, df: Df, o: RefOpts): RefResult {
  const { H, W, Fh, Fw, Ch, NF, S } = L;
  const Eh = Math.ceil((H - Fh + S) / S), Ew = Math.ceil((W - Fw + S) / S);
  const M = Eh * Ew, N = NF, K = Fh * Fw * Ch;
  const A = (m: number, k: number) => { // operand_matrix.calc_ifmap_elem_addr
    const oy = Math.floor(m / Ew), ox = m % Ew, cr = Math.floor(k / (Fw * Ch)), kk = k % (Fw * Ch), cc = Math.floor(kk / Ch), ch = kk % Ch;
    return oy * S + cr >= H || ox * S + cc >= W ? -1 : ((oy * S + cr) * W + ox * S + cc) * Ch + ch;
  };
  const B = (k: number, n: number) => n * K + k;
  const O = (m: number, n: number) => N * m + n;
  const [Sr, Sc, T] = df === 'os' ? [M, N, K] : df === 'ws' ? [K, N, M] : [K, M, N];
  const RF = Math.ceil(Sr / R), CF = Math.ceil(Sc / C);
  const cpf = df === 'os' ? T + R + C - 2 : 2 * R + C + T - 2;
  const ifW = df === 'is' ? C : R, filW = df === 'is' ? R : C;
  // demand rows of fold (fc, fr) at fold cycle u (systolic_compute_{os,ws,is}.py, skew_matrix)
  const ifAt = (fc: number, fr: number, u: number, l: number) => {
    if (df === 'os') { const t = u - l; return t >= 0 && t < T && fr * R + l < M ? A(fr * R + l, t) : -1; }
    if (df === 'ws') { const x = u - l; return x >= R && x < R + M && fr * R + l < K ? A(x - R, fr * R + l) : -1; }
    const r = R - 1 - u; return u < R && fr * R + r < K && fc * C + l < M ? A(fc * C + l, fr * R + r) : -1;
  };
  const filAt = (fc: number, fr: number, u: number, l: number) => {
    if (df === 'os') { const t = u - l; return t >= 0 && t < T && fc * C + l < N ? B(t, fc * C + l) : -1; }
    if (df === 'ws') { const r = R - 1 - u; return u < R && fr * R + r < K && fc * C + l < N ? B(fr * R + r, fc * C + l) : -1; }
    const x = u - l; return x >= R && x < R + N && fr * R + l < K ? B(fr * R + l, x - R) : -1;
  };
  const ofAt = (fc: number, fr: number, u: number, l: number) => {
    const z = u - l;
    if (df === 'os') { const r = R - 1 - (z - T + 1); return z >= T - 1 && z - T + 1 < R && fr * R + r < M && fc * C + l < N ? O(fr * R + r, fc * C + l) : -1; }
    if (df === 'ws') return z >= 2 * R - 1 && z < 2 * R - 1 + M && fc * C + l < N ? O(z - 2 * R + 1, fc * C + l) : -1;
    return z >= 2 * R - 1 && z < 2 * R - 1 + N && fc * C + l < M ? O(fc * C + l, z - 2 * R + 1) : -1;
  };
  // prefetch (fetch) sequences of USER mode: operand laid out fold by fold, anti-diagonal roll-out where skewed
  const fetch = (rows: number, cols: number, get: (i: number, j: number) => number, diag: boolean) => {
    const out: number[] = [];
    if (!diag) { for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.push(get(i, j)); return out; }
    for (let d = 0; d < rows + cols; d++) for (let i = Math.min(d, rows - 1); i >= Math.max(0, d - cols + 1); i--) out.push(get(i, d - i));
    return out;
  };
  const blk = (i: number, h: number) => [Math.floor(i / h), i % h];
  const fIf = df === 'os' ? fetch(RF * T, R, (i, j) => { const [fr, t] = blk(i, T); return fr * R + j < M ? A(fr * R + j, t) : -1; }, true)
    : df === 'ws' ? fetch(RF * M, R, (i, j) => { const [fr, m] = blk(i, M); return fr * R + j < K ? A(m, fr * R + j) : -1; }, true)
      : fetch(CF * K, C, (i, j) => { const [fc, k] = blk(i, K); return fc * C + j < M ? A(fc * C + j, k) : -1; }, false);
  const fFil = df === 'os' ? fetch(CF * T, C, (i, j) => { const [fc, t] = blk(i, T); return fc * C + j < N ? B(t, fc * C + j) : -1; }, true)
    : df === 'ws' ? fetch(CF * K, C, (i, j) => { const [fc, k] = blk(i, K); return fc * C + j < N ? B(k, fc * C + j) : -1; }, false)
      : fetch(RF * N, R, (i, j) => { const [fr, n] = blk(i, N); return fr * R + j < K ? B(fr * R + j, n) : -1; }, true);

  interface ReadBuf { service(row: number[], cycle: number): number; finish(): void; count: number; start: number; stop: number }
  const estBuf = (size: number): ReadBuf => { // read_buffer_estimate_bw.py
    const items = Math.floor(size / 100), cap = 50 * items;
    let win = new Set<number>(), cur = 0, first: number | null = null, done = false, lastStart = 0, lastEnd = 0;
    const b: ReadBuf = {
      count: 0, start: NaN, stop: NaN,
      service(row, cycle) {
        for (const a of row) {
          if (a < 0) continue;
          first ??= cycle;
          if (win.has(a)) continue;
          win.add(a); b.count++;
          if (++cur < cap) continue;
          if (!done) { lastEnd = first - 2; lastStart = lastEnd - Math.ceil(cap / 10) + 1; b.start = lastStart + 1; done = true; }
          b.stop = lastEnd + 1; lastStart = lastEnd + 1; lastEnd = cycle; win = new Set(); cur = 0;
        }
        return 0;
      },
      finish() {
        if (!done) { const need = Math.ceil(Math.ceil(cur / items) * items / 10); b.start = -need; b.stop = -1; }
        else b.stop = lastEnd + 1;
      },
    };
    return b;
  };
  const userBuf = (size: number, seq: number[]): ReadBuf => { // read_buffer.py @ 22f88b1
    const active = Math.ceil(size / 2), pref = size - active, eps = Math.ceil(size / 100), bw = o.bw;
    const setsOf = new Map<number, number[]>();
    let line = 0, ctr = 0;
    const fetchLines = Math.ceil(seq.length / bw);
    for (const a of seq) {
      if (a >= 0) { const l = setsOf.get(a) ?? []; if (l[l.length - 1] !== line) l.push(line); setsOf.set(a, l); ctr++; }
      if (ctr >= eps) { line++; ctr = 0; }
    }
    const L = line + 1, nA = Math.min(Math.ceil(active / eps), L), nP = Math.min(Math.ceil(pref / eps), L - nA);
    let s0 = 0, e0 = nA, last = 0, started = false;
    const hit = (a: number) => (setsOf.get(a) ?? []).some((id) => (s0 < e0 ? id >= s0 && id < e0 : id >= s0 || id < e0));
    const b: ReadBuf = {
      count: 0, start: 0, stop: 0,
      service(row, cycle) {
        if (!started) {
          const nl = Math.min(Math.ceil(active / bw), fetchLines);
          b.count += nl * bw; b.start = cycle - nl; last = cycle - 1; b.stop = last; started = true;
        }
        let offset = 1;
        for (const a of row) {
          if (a < 0) continue;
          while (!hit(a)) {
            s0 = (s0 + nP) % L; e0 = (s0 + nA) % L;
            const nl = Math.ceil(pref / bw);
            b.count += nl * bw; last += nl + 1; b.stop = last;
            if (last - (cycle + offset) > 0) offset = last - cycle;
          }
        }
        return offset - 1;
      },
      finish() {},
    };
    return b;
  };
  // write_buffer.py: lines of bw words; a drain of ceil((S − S/2)/bw) lines starts when more than half is full
  const wb = (() => {
    const total = o.sramWords[2], dsz = total - Math.ceil(total / 2), bw = o.mode === 'USER' ? o.bw : C;
    const lines: number[] = [];
    let free = total, curIdx = 0, drainLine = 0, drainEnd = 0;
    const st = { count: 0, start: NaN, stop: NaN };
    const flush = () => { if (curIdx > 0) { lines.push(curIdx); curIdx = 0; } };
    const drain = (start: number) => {
      const n = Math.min(Math.ceil(dsz / bw), lines.length - drainLine);
      const data = n * bw - (bw - lines[drainLine + n - 1]);
      st.count += data; free += data; drainLine += n;
      if (Number.isNaN(st.start)) st.start = start;
      st.stop = start + n - 1;
      return start + n - 1;
    };
    return {
      st,
      service(row: number[], cycle: number) {
        let cur = cycle;
        for (const a of row) {
          if (a < 0) continue;
          curIdx++; free--;
          if (curIdx >= bw) { lines.push(curIdx); curIdx = 0; }
          if (cur < drainEnd) { if (!(free > 0)) cur = drainEnd; } else if (free < total - dsz) { flush(); drainEnd = drain(cur); }
        }
        return cur;
      },
      emptyAll(cycle: number) { flush(); while (drainLine < lines.length) { drainEnd = drain(cycle); cycle = drainEnd + 1; } },
    };
  })();
  const [ifBuf, filBuf] = o.mode === 'CALC' ? [estBuf(o.sramWords[0]), estBuf(o.sramWords[1])] : [userBuf(o.sramWords[0], fIf), userBuf(o.sramWords[1], fFil)];
  let stall = 0, i = 0, lastOut = 0;
  for (let fc = 0; fc < CF; fc++) for (let fr = 0; fr < RF; fr++) for (let u = 0; u < cpf; u++, i++) {
    const cycle = i + stall;
    const row = (w: number, at: (a: number, b: number, c: number, d: number) => number) => Array.from({ length: w }, (_, l) => at(fc, fr, u, l));
    const sIf = ifBuf.service(row(ifW, ifAt), cycle);
    const sFil = filBuf.service(row(filW, filAt), cycle);
    lastOut = wb.service(row(C, ofAt), cycle);
    stall += Math.max(sIf, sFil, lastOut - cycle);
  }
  ifBuf.finish(); filBuf.finish(); wb.emptyAll(lastOut);
  return {
    total: lastOut, stall, dIf: ifBuf.count, dFil: filBuf.count, dOf: wb.st.count,
    ifStart: ifBuf.start, ifStop: ifBuf.stop, filStart: filBuf.start, filStop: filBuf.stop, ofStart: wb.st.start, ofStop: wb.st.stop,
  };
}

// ---- helpers -----------------------------------------------------------------------------------------------------
const core = await loadCore();
const run = (specs: ScalesimMemorySpec[]) => scalesimMemory(core, specs.map((s, i) => parseScalesimMemorySpec(s, `spec[${i}]`)));
const convSpec = (L: Layer) => ({ conv: { ifmapHeight: L.H, ifmapWidth: L.W, filterHeight: L.Fh, filterWidth: L.Fw, channels: L.Ch, numFilters: L.NF, stride: L.S } });
/** The im2col'd ifmap repeats addresses (overlapping windows) or holds -1 (windows leaving the ifmap). */
function duplicates(L: Layer): boolean {
  const Eh = Math.ceil((L.H - L.Fh + L.S) / L.S), Ew = Math.ceil((L.W - L.Fw + L.S) / L.S);
  return !((Eh === 1 || L.Fh <= L.S) && (Ew === 1 || L.Fw <= L.S) && (Eh - 1) * L.S + L.Fh <= L.H && (Ew - 1) * L.S + L.Fw <= L.W);
}
const relErr = (a: number, b: number) => (b === 0 ? (a === 0 ? 0 : 1) : Math.abs(a - b) / Math.abs(b));
const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[s.length >> 1] : 0; };

// ---- 1. the public SCALE-Sim cases --------------------------------------------------------------------------------
const cases = loadOracle();
function caseLayer(c: OracleCase): Layer {
  if (!c.conv) return { H: c.m, W: c.k, Fh: 1, Fw: c.k, Ch: 1, NF: c.n, S: 1 };
  return { H: c.conv.h, W: c.conv.w, Fh: c.conv.fh, Fw: c.conv.fw, Ch: c.sublayers > 1 ? 1 : c.conv.c, NF: c.conv.nf, S: c.conv.s };
}
function caseSpec(c: OracleCase): ScalesimMemorySpec {
  return {
    ...(c.conv ? convSpec(caseLayer(c)) : { gemm: { m: c.m, n: c.n, k: c.k } }),
    rows: c.rows, cols: c.cols, dataflow: c.dataflow, sublayers: c.sublayers,
    ifmapSramWords: c.ifmapSramKB * 1024, filterSramWords: c.filterSramKB * 1024, ofmapSramWords: c.ofmapSramKB * 1024,
    mode: c.mode, bandwidthWordsPerCycle: c.bandwidthWordsPerCycle,
  };
}

describe('SCALE-Sim v2 memory model vs public.csv', () => {
  const results = run(cases.map(caseSpec));
  const pairs = cases.map((c, i) => [c, results[i]] as const);

  it('evaluates all 187 cases', () => {
    expect(results).toHaveLength(187);
    for (const [c, r] of pairs) expect(r.status, c.caseId).toBe('ok');
  });

  it('flags approximations exactly for conv layers whose im2col repeats addresses', () => {
    for (const [c, r] of pairs) {
      const dup = duplicates(caseLayer(c));
      expect(r.approximate, c.caseId).toEqual(dup ? (c.mode === 'CALC' ? ['dramIfmapReads'] : ['dramIfmapReads', 'stallCycles']) : []);
    }
  });

  it.each(pairs.map(([c, r]) => [c.caseId, c, r] as const))('%s: exact outputs match SCALE-Sim', (_id, c, r) => {
    const stallsApprox = r.approximate.includes('stallCycles'), ifApprox = r.approximate.includes('dramIfmapReads');
    if (!stallsApprox) {
      expect(r.stallCycles).toBe(c.stallCycles);
      expect(r.totalCycles).toBe(c.totalCycles);
      expect(r.dramOfmapWrites).toBe(c.dramOfmapWrites);
    }
    if (c.mode === 'CALC') expect(r.stallCycles).toBe(0);
    expect(r.dramFilterReads).toBe(c.dramFilterReads);
    if (!ifApprox) expect(r.dramIfmapReads).toBe(c.dramIfmapReads);
    if (c.sublayers > 1) return; // SCALE-Sim reports start/stop per sub-layer; the oracle leaves them blank
    expect(r.dramIfmapStartCycle).toBe(c.dramIfmapStartCycle);
    expect(r.dramFilterStartCycle).toBe(c.dramFilterStartCycle);
    expect(r.dramFilterStopCycle).toBe(c.dramFilterStopCycle);
    expect(r.avgFilterDramWordsPerCycle).toBeCloseTo(c.avgFilterDramBw!, 5);
    if (!ifApprox) {
      expect(r.dramIfmapStopCycle).toBe(c.dramIfmapStopCycle);
      expect(r.avgIfmapDramWordsPerCycle).toBeCloseTo(c.avgIfmapDramBw!, 5);
    }
    if (!stallsApprox) {
      expect(r.dramOfmapStartCycle).toBe(c.dramOfmapStartCycle);
      expect(r.dramOfmapStopCycle).toBe(c.dramOfmapStopCycle);
      expect(r.avgOfmapDramWordsPerCycle).toBeCloseTo(c.avgOfmapDramBw!, 5);
    }
  });

  // Measured (docs/model.md §1.1): CALC ifmap reads of the 59 flagged cases: 35 exact, median error 0, worst 1.15 %;
  // USER stalls of the 4 flagged cases: 2 exact, 0.06 %, 5.7 %. Bounds keep modest headroom so a regression fails.
  it('approximated CALC ifmap DRAM reads (conv with overlapping windows): median ≤ 0.05 %, worst ≤ 2 %', () => {
    const errs = pairs.filter(([c, r]) => c.mode === 'CALC' && r.approximate.includes('dramIfmapReads')).map(([c, r]) => relErr(r.dramIfmapReads, c.dramIfmapReads));
    expect(errs.length).toBeGreaterThanOrEqual(50);
    expect(median(errs)).toBeLessThanOrEqual(0.0005);
    expect(Math.max(...errs)).toBeLessThanOrEqual(0.02);
    const stops = pairs.filter(([c, r]) => c.mode === 'CALC' && r.approximate.includes('dramIfmapReads') && c.sublayers === 1)
      .map(([c, r]) => relErr(r.dramIfmapStopCycle, c.dramIfmapStopCycle!));
    expect(Math.max(...stops)).toBeLessThanOrEqual(0.08);
  });

  it('approximated USER stalls (conv with overlapping windows): median ≤ 0.5 %, worst ≤ 8 %', () => {
    const flagged = pairs.filter(([, r]) => r.approximate.includes('stallCycles'));
    expect(flagged.length).toBeGreaterThanOrEqual(4);
    const errs = flagged.map(([c, r]) => relErr(r.stallCycles, c.stallCycles));
    expect(median(errs)).toBeLessThanOrEqual(0.005);
    expect(Math.max(...errs)).toBeLessThanOrEqual(0.08);
    for (const [c, r] of flagged) {
      expect(relErr(r.totalCycles, c.totalCycles), c.caseId).toBeLessThanOrEqual(0.03);
      expect(relErr(r.dramOfmapWrites, c.dramOfmapWrites), c.caseId).toBeLessThanOrEqual(0.001);
      expect(r.dramIfmapReads, c.caseId).toBe(c.dramIfmapReads); // prefetch chunks: same number of window moves
    }
  });

  it('all USER cases: stall cycles median error 0, worst ≤ 8 %; every DRAM count exact', () => {
    const user = pairs.filter(([c]) => c.mode === 'USER');
    expect(user).toHaveLength(26);
    const errs = user.map(([c, r]) => relErr(r.stallCycles, c.stallCycles));
    expect(median(errs)).toBe(0);
    expect(Math.max(...errs)).toBeLessThanOrEqual(0.08);
    for (const [c, r] of user) {
      expect([r.dramIfmapReads, r.dramFilterReads], c.caseId).toEqual([c.dramIfmapReads, c.dramFilterReads]);
    }
  });
});

// ---- 2. brute-force cross-check on random small layers --------------------------------------------------------------
const dfArb = fc.constantFrom<Df>('os', 'ws', 'is');
const gemmArb = fc.record({ m: fc.integer({ min: 1, max: 70 }), n: fc.integer({ min: 1, max: 70 }), k: fc.integer({ min: 1, max: 90 }) })
  .map(({ m, n, k }): Layer => ({ H: m, W: k, Fh: 1, Fw: k, Ch: 1, NF: n, S: 1 }));
const convArb = fc.record({ fh: fc.integer({ min: 1, max: 4 }), fw: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }), eh: fc.integer({ min: 0, max: 12 }), ew: fc.integer({ min: 0, max: 12 }), ch: fc.integer({ min: 1, max: 6 }), nf: fc.integer({ min: 1, max: 24 }) })
  .map(({ fh, fw, s, eh, ew, ch, nf }): Layer => ({ H: fh + eh, W: fw + ew, Fh: fh, Fw: fw, Ch: ch, NF: nf, S: s }));
const hwArb = fc.record({
  R: fc.integer({ min: 1, max: 12 }), C: fc.integer({ min: 1, max: 12 }), df: dfArb,
  kb: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })),
  user: fc.boolean(), bw: fc.integer({ min: 1, max: 20 }),
});
function specOf(L: Layer, h: { R: number; C: number; df: Df; kb: [number, number, number]; user: boolean; bw: number }): ScalesimMemorySpec {
  return {
    ...convSpec(L), rows: h.R, cols: h.C, dataflow: h.df,
    ifmapSramWords: h.kb[0] * 1024, filterSramWords: h.kb[1] * 1024, ofmapSramWords: h.kb[2] * 1024,
    mode: h.user ? 'USER' : 'CALC', bandwidthWordsPerCycle: h.user ? h.bw : undefined,
  };
}
const refOf = (L: Layer, h: { R: number; C: number; df: Df; kb: [number, number, number]; user: boolean; bw: number }) =>
  reference(L, h.R, h.C, h.df, { mode: h.user ? 'USER' : 'CALC', bw: h.bw, sramWords: [h.kb[0] * 1024, h.kb[1] * 1024, h.kb[2] * 1024] });
const outputs = (r: ScalesimMemoryResult) => ({
  total: r.totalCycles, stall: r.stallCycles, dIf: r.dramIfmapReads, dFil: r.dramFilterReads, dOf: r.dramOfmapWrites,
  ifStart: r.dramIfmapStartCycle, ifStop: r.dramIfmapStopCycle, filStart: r.dramFilterStartCycle, filStop: r.dramFilterStopCycle,
  ofStart: r.dramOfmapStartCycle, ofStop: r.dramOfmapStopCycle,
});

describe('memory model vs a word-by-word restatement of SCALE-Sim (random small layers)', () => {
  it('the reference itself reproduces public cases word by word (c236, c240, c246, c250, c212)', () => {
    for (const id of ['c236', 'c240', 'c246', 'c250', 'c212']) {
      const c = cases.find((x) => x.caseId === id)!;
      const ref = reference(caseLayer(c), c.rows, c.cols, c.dataflow, { mode: c.mode, bw: c.bandwidthWordsPerCycle ?? 10, sramWords: [c.ifmapSramKB * 1024, c.filterSramKB * 1024, c.ofmapSramKB * 1024] });
      expect([ref.stall, ref.total, ref.dIf, ref.dFil, ref.dOf, ref.ofStop], id)
        .toEqual([c.stallCycles, c.totalCycles, c.dramIfmapReads, c.dramFilterReads, c.dramOfmapWrites, c.dramOfmapStopCycle]);
    }
  });

  it('GEMMs and 1×1-like convs: every output is exact (both modes)', () => {
    fc.assert(fc.property(gemmArb, hwArb, (L, h) => {
      const [r] = run([specOf(L, h)]);
      expect(r.status).toBe('ok');
      expect(r.approximate).toEqual([]);
      expect(outputs(r)).toEqual(refOf(L, h));
    }), { numRuns: 60, seed: 20260501 });
  });

  it('convs with overlapping windows: filter and (CALC) everything but ifmap reads exact; ifmap reads within 3 %', () => {
    fc.assert(fc.property(convArb, hwArb, (L, h) => {
      const [r] = run([specOf(L, h)]);
      expect(r.status).toBe('ok');
      const ref = refOf(L, h), got = outputs(r);
      expect([got.dFil, got.filStart, got.filStop, got.ifStart]).toEqual([ref.dFil, ref.filStart, ref.filStop, ref.ifStart]);
      if (r.approximate.length === 0) { expect(got).toEqual(ref); return; }
      if (!h.user) {
        expect([got.total, got.stall, got.dOf, got.ofStart, got.ofStop]).toEqual([ref.total, ref.stall, ref.dOf, ref.ofStart, ref.ofStop]);
        expect(relErr(got.dIf, ref.dIf)).toBeLessThanOrEqual(0.03);
      }
    }), { numRuns: 60, seed: 20260502 });
  });
});

// ---- 3. properties -------------------------------------------------------------------------------------------------
const layerArb = fc.oneof(gemmArb, convArb);

describe('memory model properties', () => {
  it('more DRAM bandwidth never adds stall cycles (USER)', () => {
    fc.assert(fc.property(layerArb, hwArb, fc.integer({ min: 1, max: 30 }), (L, h, extra) => {
      const a = run([specOf(L, { ...h, user: true })])[0], b = run([specOf(L, { ...h, user: true, bw: h.bw + extra })])[0];
      expect(b.stallCycles).toBeLessThanOrEqual(a.stallCycles);
    }), { numRuns: 150, seed: 7 });
  });

  it('CALC mode never stalls while the ofmap SRAM holds 4 array rows of outputs', () => {
    fc.assert(fc.property(layerArb, hwArb, fc.integer({ min: 4, max: 64 }), (L, h, f) => {
      const s = { ...specOf(L, { ...h, user: false }), ofmapSramWords: Math.max(100, f * h.C) };
      const [r] = run([s]);
      expect(r.stallCycles).toBe(0);
    }), { numRuns: 150, seed: 8 });
  });

  it('CALC DRAM reads never fall below the distinct operand words, and equal them once the window holds the operand', () => {
    fc.assert(fc.property(gemmArb, hwArb, fc.integer({ min: 1, max: 64 }), (L, h, kb) => {
      const s = { ...specOf(L, { ...h, user: false }), ifmapSramWords: kb * 1024, filterSramWords: kb * 1024 };
      const [r] = run([s]);
      const mk = L.H * L.W, kn = L.W * L.NF, window = 50 * Math.floor(kb * 1024 / 100);
      expect(r.dramIfmapReads).toBeGreaterThanOrEqual(mk);
      expect(r.dramFilterReads).toBeGreaterThanOrEqual(kn);
      if (mk < window) expect(r.dramIfmapReads).toBe(mk);
      if (kn < window) expect(r.dramFilterReads).toBe(kn);
    }), { numRuns: 200, seed: 9 });
  });

  it('more SRAM never increases CALC ifmap reads of GEMMs, nor CALC filter reads in WS and IS', () => {
    fc.assert(fc.property(gemmArb, hwArb, fc.integer({ min: 1, max: 16 }), (L, h, add) => {
      const a = run([specOf(L, { ...h, user: false })])[0];
      const b = run([specOf(L, { ...h, user: false, kb: [h.kb[0] + add, h.kb[1] + add, h.kb[2]] })])[0];
      expect(b.dramIfmapReads).toBeLessThanOrEqual(a.dramIfmapReads);
      if (h.df !== 'os') expect(b.dramFilterReads).toBeLessThanOrEqual(a.dramFilterReads);
    }), { numRuns: 200, seed: 10 });
  });

  // SCALE-Sim is not monotone in SRAM size in general, and neither is a faithful model of it: USER mode fetches
  // half-SRAM chunks (c236 → c237: 32 770 → 38 400 ifmap words with 16× the SRAM) and CALC's window phase can make
  // an OS filter block straddle a window change. These pins come from the word-by-word reference above.
  it('reproduces SCALE-Sim where more SRAM costs more DRAM reads', () => {
    const c236 = pairsOf('c236'), c237 = pairsOf('c237');
    expect(c237.dramIfmapReads).toBeGreaterThan(c236.dramIfmapReads);
    const L: Layer = { H: 73, W: 78, Fh: 1, Fw: 78, Ch: 1, NF: 71, S: 1 };
    const h = { R: 5, C: 10, df: 'os' as Df, user: false, bw: 10 };
    const small = run([specOf(L, { ...h, kb: [3, 2, 1] })])[0], big = run([specOf(L, { ...h, kb: [3, 3, 1] })])[0];
    expect([small.dramFilterReads, big.dramFilterReads]).toEqual([6858, 9858]);
    expect([refOf(L, { ...h, kb: [3, 2, 1] }).dFil, refOf(L, { ...h, kb: [3, 3, 1] }).dFil]).toEqual([6858, 9858]);
  });

  it('is deterministic: the same batch twice gives bit-identical results', () => {
    const specs = cases.slice(0, 40).map(caseSpec);
    expect(run(specs)).toEqual(run(specs));
  });
});

function pairsOf(id: string): ScalesimMemoryResult {
  return run([caseSpec(cases.find((c) => c.caseId === id)!)])[0];
}

// ---- robustness: absurd input never traps ---------------------------------------------------------------------------
describe('memory model robustness', () => {
  const evalRaw = (fields: number[]) => {
    const inView = new Float64Array(core.memory.buffer, core.inPtr(), ABI.SCALESIM_MEM_IN_FIELDS);
    inView.set(fields);
    expect(core.scalesimMemoryBatch(1)).toBe(1);
    return Array.from(new Float64Array(core.memory.buffer, core.outPtr(), ABI.SCALESIM_MEM_OUT_FIELDS));
  };

  it('random and absurd raw records return a status, never a trap', () => {
    const anyNum = fc.oneof(fc.double(), fc.integer({ min: -5, max: 5000 }), fc.constantFrom(0, 1, 2, NaN, Infinity, -Infinity, 2 ** 60, 1e300));
    fc.assert(fc.property(fc.array(anyNum, { minLength: ABI.SCALESIM_MEM_IN_FIELDS, maxLength: ABI.SCALESIM_MEM_IN_FIELDS }), (fields) => {
      const out = evalRaw(fields);
      expect([ABI.STATUS_OK, ABI.STATUS_INVALID_INPUT, ABI.SCALESIM_MEM_STATUS_WORK_LIMIT]).toContain(out[ABI.SCALESIM_MEM_OUT_STATUS]);
      if (out[ABI.SCALESIM_MEM_OUT_STATUS] === ABI.STATUS_OK) for (const v of out) expect(Number.isFinite(v)).toBe(true);
    }), { numRuns: 300, seed: 11 });
  });

  it('valid but huge layers end quickly with ok or work_limit', () => {
    const t = performance.now();
    const rs = run([
      { gemm: { m: 2 ** 20, n: 2 ** 20, k: 2 ** 18 }, rows: 1, cols: 1, dataflow: 'os', ifmapSramWords: 100, filterSramWords: 100, ofmapSramWords: 100 },
      { gemm: { m: 2 ** 16, n: 2 ** 16, k: 2 ** 8 }, rows: 4, cols: 4, dataflow: 'ws', ifmapSramWords: 1000, filterSramWords: 1000, ofmapSramWords: 1000, mode: 'USER', bandwidthWordsPerCycle: 1 },
      { conv: { ifmapHeight: 4096, ifmapWidth: 4096, filterHeight: 7, filterWidth: 7, channels: 64, numFilters: 64, stride: 1 }, rows: 8, cols: 8, dataflow: 'is', ifmapSramWords: 1024, filterSramWords: 1024, ofmapSramWords: 1024 },
    ]);
    for (const r of rs) expect(['ok', 'work_limit', 'invalid_input']).toContain(r.status);
    expect(performance.now() - t).toBeLessThan(20_000);
  });

  it('the schema names the field and the range', () => {
    const base = { gemm: { m: 8, n: 8, k: 8 }, rows: 4, cols: 4, dataflow: 'os', ifmapSramWords: 1024, filterSramWords: 1024, ofmapSramWords: 1024 };
    expect(() => parseScalesimMemorySpec({ ...base, ifmapSramWords: 50 })).toThrow(/ifmapSramWords: ifmapSramWords must be at least 100/);
    expect(() => parseScalesimMemorySpec({ ...base, mode: 'USER' })).toThrow(/bandwidthWordsPerCycle is required in USER mode/);
    expect(() => parseScalesimMemorySpec({ ...base, conv: convSpec({ H: 3, W: 3, Fh: 3, Fw: 3, Ch: 1, NF: 1, S: 1 }).conv })).toThrow(/exactly one of conv and gemm/);
  });
});

// ---- the CLI in USER mode --------------------------------------------------------------------------------------------
describe('fast scalesim with the memory model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fast-scalesim-mem-'));
  const cfg = (mode: string, bw = 'Bandwidth: 10\n') =>
    `[general]\nrun_name = t\n[architecture_presets]\nArrayHeight: 32\nArrayWidth: 32\nIfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB: 64\nDataflow: ws\n${bw}[run_presets]\nInterfaceBandwidth: ${mode}\n`;
  writeFileSync(join(dir, 't.csv'), 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nresnet50_IB3b_1, 28, 28, 1, 1, 512, 128, 1,\nmobilenet_Conv14_DP, 14, 14, 3, 3, 3, 1, 1,\n');
  writeFileSync(join(dir, 'user.cfg'), cfg('USER'));
  writeFileSync(join(dir, 'nobw.cfg'), cfg('USER', ''));
  writeFileSync(join(dir, 'calc.cfg'), cfg('CALC'));
  async function cli(argv: string[]) {
    let out = '', err = '';
    const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
    return { code, out, err };
  }

  it('USER mode reproduces SCALE-Sim case c224 (stalls, totals and DRAM counts)', async () => {
    const r = await cli(['scalesim', '--topology', join(dir, 't.csv'), '--config', join(dir, 'user.cfg'), '--json']);
    expect(r.code).toBe(0);
    const row = JSON.parse(r.out)[0];
    const c = cases.find((x) => x.caseId === 'c224')!;
    expect([row.totalCycles, row.stallCycles, row.dramIfmapReads, row.dramFilterReads, row.dramOfmapWrites])
      .toEqual([c.totalCycles, c.stallCycles, c.dramIfmapReads, c.dramFilterReads, c.dramOfmapWrites]);
    expect(row.overallUtilizationPct).toBeCloseTo(c.overallUtilPct, 4);
    expect(row.approximate).toEqual([]);
  });

  it('--split-dp reports a DP layer per channel as <layer>Channel_<i>; default sums them', async () => {
    const split = JSON.parse((await cli(['scalesim', '--topology', join(dir, 't.csv'), '--config', join(dir, 'calc.cfg'), '--json', '--split-dp'])).out);
    const summed = JSON.parse((await cli(['scalesim', '--topology', join(dir, 't.csv'), '--config', join(dir, 'calc.cfg'), '--json'])).out);
    expect(split.map((r: { layer: string }) => r.layer)).toEqual(['resnet50_IB3b_1', 'mobilenet_Conv14_DPChannel_0', 'mobilenet_Conv14_DPChannel_1', 'mobilenet_Conv14_DPChannel_2']);
    const dp = summed[1];
    expect(split[1].totalCycles * 3).toBe(dp.totalCycles);
    expect(split[2].dramIfmapReads * 3).toBe(dp.dramIfmapReads);
    expect(split[1].dramIfmapReads).toBe(196); // one 14×14 channel, read once (SCALE-Sim: 100352 / 512 sub-layers)
  });

  it('USER mode without Bandwidth exits 2 with one line', async () => {
    const r = await cli(['scalesim', '--topology', join(dir, 't.csv'), '--config', join(dir, 'nobw.cfg')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/Bandwidth/);
  });
});
