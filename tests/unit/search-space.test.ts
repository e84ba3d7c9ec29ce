// The hardware design space comes from the one parameter table: its dimensions, grids, narrowing and fixing, the
// conditional DRAM rate, canonical designs; and Pareto fronts (fast-check property: no front member is dominated,
// every other point is).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_HARDWARE, DRAM_INTERFACES, PARAMS, domainValues, effectiveDomain, inDomain, type ParamId,
} from '../../shared/hardware';
import { decodeAssignment, dominates, hardwareSpace, levelCounts, paretoFront, snap, type Sense } from '../../shared/search/index';

describe('hardware space', () => {
  it('has one dimension per table parameter except the study settings (batch, node, rating), with the table\'s grids', () => {
    const s = hardwareSpace();
    expect(s.searched).toEqual(PARAMS.map((p) => p.id).filter((id) => id !== 'batch' && id !== 'processNode' && id !== 'tdpClass'));
    for (const d of s.dims) {
      if (d.id === 'dramGBpsPerStack' || d.id === 'dramGiBPerStack') continue;
      expect(d.values({}), d.id).toEqual(domainValues(effectiveDomain(d.id as ParamId)));
      expect(d.kind).toBe(PARAMS.find((p) => p.id === d.id)!.domain.kind === 'enum' ? 'categorical' : 'ordinal');
    }
    for (const tech of Object.keys(DRAM_INTERFACES)) {
      const rate = s.dims.find((d) => d.id === 'dramGBpsPerStack')!;
      expect(rate.values({ dramTechnology: tech })).toEqual(domainValues(effectiveDomain('dramGBpsPerStack', { dramTechnology: tech as 'hbm2' })));
    }
    for (const tech of Object.keys(DRAM_INTERFACES)) {
      const gib = s.dims.find((d) => d.id === 'dramGiBPerStack')!;
      expect(gib.values({ dramTechnology: tech })).toEqual(domainValues(effectiveDomain('dramGiBPerStack', { dramTechnology: tech as 'hbm2' })));
    }
    expect(s.fixed).toEqual({ processNode: '16nm', tdpClass: 'training', batch: 64 });
  });

  it('decodes every point to a design whose fields are in their domains, at the study batch and node', () => {
    const s = hardwareSpace({ batch: 32 });
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: s.dims.length, maxLength: s.dims.length }), (u) => {
      const h = s.decode(u);
      for (const p of PARAMS) expect(inDomain(effectiveDomain(p.id, h), h[p.id as ParamId]), p.id).toBe(true);
      expect(h.batch).toBe(32);
      expect(h.processNode).toBe('16nm');
      // Snapping keeps the design; the snapped point is its level centres.
      expect(s.decode(snap(s.dims, u))).toEqual(h);
      const n = levelCounts(s.dims, u);
      snap(s.dims, u).forEach((c, i) => expect(c * n[i] - 0.5).toBeCloseTo(Math.round(c * n[i] - 0.5), 9));
    }));
  });

  it('narrows ranges, fixes parameters and searches the node only when asked', () => {
    const s = hardwareSpace({
      ranges: { arrayRows: { min: 32, max: 128 }, dataflow: { values: ['ws', 'os'] }, processNode: { values: ['16nm', '7nm'] } },
      fixed: { cores: 4, dramTechnology: 'hbm2e' },
    });
    const dim = (id: string) => s.dims.find((d) => d.id === id);
    expect(dim('arrayRows')!.values({})).toEqual([32, 64, 128]);
    expect(dim('dataflow')!.values({})).toEqual(['ws', 'os']);
    expect(dim('processNode')!.values({})).toEqual(['16nm', '7nm']);
    expect(dim('cores')).toBeUndefined();
    expect(dim('dramTechnology')).toBeUndefined();
    const rates = dim('dramGBpsPerStack')!.values({}) as number[];
    expect(Math.min(...rates)).toBe(307.2);
    expect(Math.max(...rates)).toBe(460.8);
    const h = s.decode(s.dims.map(() => 1 - 1e-9));
    expect(h).toMatchObject({ cores: 4, dramTechnology: 'hbm2e', arrayRows: 128, dataflow: 'os', processNode: '7nm', dramGBpsPerStack: 460.8 });
  });

  it('drops technologies a DRAM-rate range leaves empty', () => {
    const s = hardwareSpace({ ranges: { dramGBpsPerStack: { min: 300, max: 500 } } });
    expect(s.dims.find((d) => d.id === 'dramTechnology')!.values({})).toEqual(['hbm2', 'hbm2e']);
  });

  it('rejects bad narrowing with one line naming the parameter', () => {
    expect(() => hardwareSpace({ ranges: { cores: { min: 3, max: 3 } } })).toThrow(/range cores: no allowed value is left \(cores must be one of 1, 2, 4, 8\)/);
    expect(() => hardwareSpace({ fixed: { cores: 3 } })).toThrow(/fixed cores: must be one of 1, 2, 4, 8 \(got 3\)/);
    expect(() => hardwareSpace({ fixed: { batch: 8 } as never })).toThrow(/batch is a setting of the study/);
    expect(() => hardwareSpace({ ranges: { bogus: { min: 1 } } as never })).toThrow(/unknown parameter "bogus"/);
    expect(() => hardwareSpace({ ranges: { dataflow: { min: 1 } } })).toThrow(/dataflow takes a list of values/);
    expect(() => hardwareSpace({ ranges: { arrayRows: { min: 128, max: 32 } } })).toThrow(/min 128 is above max 32/);
    expect(() => hardwareSpace({ ranges: { dramGBpsPerStack: { min: 900 } } })).toThrow(/dramTechnology: no allowed value is left/);
  });

  it('one design per simulation: GMEM bandwidth is canonical without GMEM', () => {
    const s = hardwareSpace({ fixed: { globalMemoryMiB: 0 } });
    const i = s.dims.findIndex((d) => d.id === 'globalMemoryBytesPerCycle');
    const a = s.dims.map(() => 0.5), b = [...a];
    b[i] = 0.01;
    expect(s.decode(a)).toEqual(s.decode(b));
    expect(s.decode(a).globalMemoryBytesPerCycle).toBe(DEFAULT_HARDWARE.globalMemoryBytesPerCycle);
    expect(s.key(s.decode(a))).toBe(s.key(s.decode(b)));
  });

  it('decodes conditional dimensions from earlier values', () => {
    const s = hardwareSpace();
    const tech = s.dims.findIndex((d) => d.id === 'dramTechnology');
    const rate = s.dims.findIndex((d) => d.id === 'dramGBpsPerStack');
    const u = s.dims.map(() => 0);
    u[rate] = 0.999999;
    for (let t = 0; t < 5; t++) {
      u[tech] = (t + 0.5) / 5;
      const a = decodeAssignment(s.dims, u);
      const [, hi] = [0, DRAM_INTERFACES[a.dramTechnology as 'hbm2'].widthBits * DRAM_INTERFACES[a.dramTechnology as 'hbm2'].pinGbps[1] / 8];
      expect(a.dramGBpsPerStack).toBeCloseTo(hi, 6);
    }
  });
});

describe('Pareto front', () => {
  const senses: Sense[] = ['max', 'min', 'min'];
  const point = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }));

  it('no front member is dominated and every other point is dominated by a front member (property)', () => {
    fc.assert(fc.property(fc.array(point, { maxLength: 60 }), (pts) => {
      const front = paretoFront(pts, senses);
      const on = new Set(front);
      for (const i of front) for (let j = 0; j < pts.length; j++) expect(dominates(pts[j], pts[i], senses)).toBe(false);
      for (let i = 0; i < pts.length; i++) {
        if (!on.has(i)) expect(front.some((j) => dominates(pts[j], pts[i], senses))).toBe(true);
      }
      expect(front).toEqual([...front].sort((a, b) => a - b));
    }), { numRuns: 300 });
  });

  it('handles ties and single objectives', () => {
    expect(paretoFront([[1, 1, 1], [1, 1, 1], [0, 2, 2]], senses)).toEqual([0, 1]);
    expect(paretoFront([[3], [5], [5], [1]], ['max'])).toEqual([1, 2]);
    expect(paretoFront([], senses)).toEqual([]);
    expect(dominates([2, 1, 1], [1, 1, 1], senses)).toBe(true);
    expect(dominates([2, 2, 1], [1, 1, 1], senses)).toBe(false);
  });
});
