// The performance core (assembly/perf.ts): hand-computed golden cases per unit, and properties over random
// ops and designs (MACs conserved, 0 < utilisation ≤ 1, cycles ≥ MACs / peak, more bandwidth / memory / arrays
// never slower, bit-identical repeats, invalid input as a status).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCore } from '../../shared/core/loader';
import { evalOps } from '../../shared/core/pack';
import { BASELINE_SOFTWARE, SEARCHED_SOFTWARE, type Machine, type OpRecord, type Software } from '../../shared/core/records';

const tiny: Machine = {
  cores: 1, arraysPerCore: 1, arrayRows: 8, arrayCols: 8, dataflow: 'ws', vectorLanesPerCore: 16,
  localMemoryBytesPerCore: 1 << 20, globalMemoryBytes: 0, globalMemoryBytesPerCycle: 64, dramBytesPerCycle: 16,
  localMemoryBytesPerCyclePerCore: 1 << 12, opOverheadCycles: 10, accumulatorBytes: 4, clockHz: 1e9,
};
const gemm = (p: Partial<Extract<OpRecord, { kind: 'gemm' }>> = {}): OpRecord => ({
  kind: 'gemm', count: 1, m: 64, k: 16, n: 8, elementBytes: 2, inBytes: 0, aLoc: 'dram', bLoc: 'dram', cLoc: 'dram',
  epilogueOps: 0, prologueOps: 0, extraDramBytes: 0, extraGmemBytes: 0, vectorAltOps: 0, packable: false, ...p,
});
const vec = (p: Partial<Extract<OpRecord, { kind: 'vector' }>> = {}): OpRecord => ({
  kind: 'vector', outputs: 4096, opsPerOutput: 1, inBytes: 8192, outBytes: 8192, weightBytes: 0, passes: 1, rowBytes: 0,
  aLoc: 'dram', bLoc: 'dram', cLoc: 'dram', extraDramBytes: 0, extraGmemBytes: 0, ...p,
});

describe('performance core', async () => {
  const core = await loadCore();
  type S = 'baseline' | 'searched';
  const SW: Record<S, Software> = { baseline: BASELINE_SOFTWARE, searched: SEARCHED_SOFTWARE };
  const one = (m: Machine, op: OpRecord, s: S = 'searched') => evalOps(core, m, SW[s], [op])[0];

  it('GEMM golden: 64×16·16×8 on one 8×8 ws array, memory-bound', () => {
    const r = one(tiny, gemm(), 'baseline');
    // folds = ⌈16/8⌉·⌈8/8⌉ = 2; compute = 2·max(64, 8) + 8 + 8 − 2 = 142
    expect(r.computeCycles).toBe(142);
    // bytes: A 64·16·2 + B 16·8·2 + C 64·8·2 = 3328 at 16 B/cycle = 208 cycles
    expect(r.dramBytes).toBe(3328);
    expect(r.operandBytes).toEqual({ a: 2048, b: 256, c: 1024, extra: 0 });
    expect(r.dramCycles).toBe(208);
    // exposed first load: 8 rows of A (8·16·2) + one 8-wide block of B (16·8·2) = 512 B → 32 cycles; + overhead 10
    expect(r.exposedCycles).toBe(32);
    expect(r.cycles).toBe(208 + 32 + 10);
    expect(r.bound).toBe('memory');
    expect(r.macs).toBe(64 * 16 * 8);
    expect(r.utilization).toBeCloseTo(8192 / (250 * 64), 12);
  });

  it('GEMM golden: compute-bound once DRAM is fast; os and is fold differently', () => {
    const fast = { ...tiny, dramBytesPerCycle: 1e6 };
    expect(one(fast, gemm()).bound).toBe('compute');
    // os: Sr = M = 64 → 8 folds, Sc = N = 8 → 1; T = K = 16 → 8·max(16, 8) + 14 = 142
    expect(one({ ...fast, dataflow: 'os' }, gemm()).computeCycles).toBe(142);
    // is: Sr = K = 16 → 2, Sc = M = 64 → 8; T = N = 8 → 16·max(8, 8) + 14 = 142
    expect(one({ ...fast, dataflow: 'is' }, gemm()).computeCycles).toBe(142);
    // a 64-row GEMM whose K = 9 fills 9 of 8 rows → 2 row folds: mapping efficiency 9/16
    expect(one(fast, gemm({ k: 9 })).mappingEfficiency).toBeCloseTo(9 / 16, 12);
  });

  it('vector golden: elementwise streaming is memory-bound at lanes·cores ops per cycle', () => {
    const r = one(tiny, vec({ opsPerOutput: 2 }));
    expect(r.vectorCycles).toBe((4096 * 2) / 16);
    expect(r.dramCycles).toBe(16384 / 16);
    expect(r.cycles).toBe(1024 + 10);
    expect(r.bound).toBe('memory');
    expect(r.macs).toBe(0);
  });

  it('softmax rows that do not fit in local memory are re-read per pass', () => {
    const small = { ...tiny, localMemoryBytesPerCore: 4096 };
    const fits = one(small, vec({ passes: 3, rowBytes: 1024 }));
    const spills = one(small, vec({ passes: 3, rowBytes: 4096 }));
    const online = one(small, vec({ passes: 2, rowBytes: 4096 }));
    expect(fits.dramBytes).toBe(8192 + 8192);
    expect(spills.dramBytes).toBe(3 * 8192 + 8192);
    expect(online.dramBytes).toBe(2 * 8192 + 8192);
  });

  it('depthwise: TPU-style packing on a 128×128 array wastes the array; the searched scheduler uses the vector unit', () => {
    const big = { ...tiny, arrayRows: 128, arrayCols: 128, vectorLanesPerCore: 1024, dramBytesPerCycle: 1000 };
    const dw = gemm({ count: 96, m: 56 * 56 * 8, k: 9, n: 1, packable: true, vectorAltOps: 9, inBytes: 56 * 56 * 96 * 2 * 8 });
    const base = one(big, dw, 'baseline');
    const best = one(big, dw, 'searched');
    expect(base.schedule.unit).toBe('systolic');
    expect(base.schedule.pack).toBe(96); // channels across the columns, block-diagonal weights
    expect(base.utilization).toBeLessThan(0.01);
    expect(best.schedule.unit).toBe('vector');
    expect(best.cycles).toBeLessThan(base.cycles / 3);
    expect(best.macs).toBe(base.macs);
    // searching the schedule alone keeps the TPU-style layout; searching the layout alone finds the vector unit
    expect(evalOps(core, big, { schedule: 'searched', layout: 'baseline' }, [dw])[0].schedule.unit).toBe('systolic');
    expect(evalOps(core, big, { schedule: 'baseline', layout: 'searched' }, [dw])[0].schedule.unit).toBe('vector');
  });

  it('invalid ops or designs are a status, never a trap', () => {
    const bad: OpRecord[] = [gemm({ m: 0 }), gemm({ k: NaN }), gemm({ n: 1.5 }), gemm({ count: -1 }), vec({ outputs: 0 }), vec({ passes: 0 }), vec({ inBytes: -5 }),
      gemm({ prologueOps: NaN }), gemm({ prologueOps: -1 }), gemm({ prologueOps: 1e7 })];
    for (const r of evalOps(core, tiny, SEARCHED_SOFTWARE, bad)) expect(r.status).toBe('invalid_input');
    for (const m of [{ ...tiny, cores: 0 }, { ...tiny, dramBytesPerCycle: 0 }, { ...tiny, arrayRows: NaN }, { ...tiny, localMemoryBytesPerCore: 10 }]) {
      expect(one(m, gemm()).status).toBe('invalid_input');
    }
  });

  const dims = fc.record({
    count: fc.integer({ min: 1, max: 64 }), m: fc.integer({ min: 1, max: 100_000 }), k: fc.integer({ min: 1, max: 5000 }),
    n: fc.integer({ min: 1, max: 5000 }), packable: fc.boolean(), alt: fc.boolean(), epi: fc.integer({ min: 0, max: 8 }),
  });
  const machines = fc.record({
    cores: fc.constantFrom(1, 2, 4), arraysPerCore: fc.constantFrom(1, 2, 4), arrayRows: fc.constantFrom(8, 32, 128),
    arrayCols: fc.constantFrom(8, 64, 128), dataflow: fc.constantFrom('ws', 'os', 'is') as fc.Arbitrary<'ws' | 'os' | 'is'>,
    l1: fc.integer({ min: 64, max: 65536 }), dram: fc.double({ min: 8, max: 4096, noNaN: true }),
  }).map((h): Machine => ({ ...tiny, cores: h.cores, arraysPerCore: h.arraysPerCore, arrayRows: h.arrayRows, arrayCols: h.arrayCols,
    dataflow: h.dataflow, localMemoryBytesPerCore: h.l1 * 1024, dramBytesPerCycle: h.dram, vectorLanesPerCore: 256 }));
  const toOp = (d: { count: number; m: number; k: number; n: number; packable: boolean; alt: boolean; epi: number }) =>
    gemm({ count: d.count, m: d.m, k: d.k, n: d.n, packable: d.packable, vectorAltOps: d.alt && d.n === 1 ? d.k : 0, epilogueOps: d.epi });

  it('properties: MACs conserved, 0 < utilisation ≤ 1, cycles ≥ MACs / peak, identical repeats', () => {
    fc.assert(fc.property(dims, machines, fc.constantFrom('baseline', 'searched') as fc.Arbitrary<'baseline' | 'searched'>, (d, m, s) => {
      const op = toOp(d);
      const [a, b] = evalOps(core, m, SW[s], [op, op]);
      expect(a).toEqual(b);
      expect(a.status).toBe('ok');
      const macs = d.count * d.m * d.k * d.n;
      expect(a.macs).toBe(macs);
      const peak = m.cores * m.arraysPerCore * m.arrayRows * m.arrayCols;
      expect(a.cycles).toBeGreaterThanOrEqual(macs / peak);
      expect(a.utilization).toBeGreaterThan(0);
      expect(a.utilization).toBeLessThanOrEqual(1);
    }), { numRuns: 400, seed: 7 });
  });

  it('properties: more DRAM bandwidth or local memory never slower (both schedulers); more arrays never slower (searched)', () => {
    fc.assert(fc.property(dims, machines, fc.constantFrom('baseline', 'searched') as fc.Arbitrary<'baseline' | 'searched'>, (d, m, s) => {
      const op = toOp(d);
      const base = one(m, op, s).cycles;
      expect(one({ ...m, dramBytesPerCycle: m.dramBytesPerCycle * 2 }, op, s).cycles).toBeLessThanOrEqual(base * (1 + 1e-12));
      expect(one({ ...m, localMemoryBytesPerCore: m.localMemoryBytesPerCore * 2 }, op, s).cycles).toBeLessThanOrEqual(base * (1 + 1e-12));
      if (s === 'searched') {
        expect(one({ ...m, arraysPerCore: m.arraysPerCore * 2 }, op, s).cycles).toBeLessThanOrEqual(base * (1 + 1e-12));
        expect(one(m, op, 'searched').cycles).toBeLessThanOrEqual(one(m, op, 'baseline').cycles * (1 + 1e-12));
      }
    }), { numRuns: 400, seed: 11 });
  });
});
