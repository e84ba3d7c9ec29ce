// Area and TDP (shared/hardware/cost.ts) from the one coefficient table: TPU-v3 calibration (docs/sources.md §2.2),
// other presets priced by the same table, breakdowns that add up, sourced coefficients, and monotonicity —
// more of any resource never costs less area or power.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COEFFICIENTS, COST_COMPONENTS, PARAMS, PRESETS, domainValues, dramGBpsRange, hardwareCost, listCoefficients,
  macArrayAreaShare, minLocalMemoryBytes, validateHardwareSpec, type CoefficientTable, type HardwareSpec,
} from '../../shared/hardware';
import { peakWatts, solveCalibration, withKnobs } from '../../shared/hardware/calibrate';

const v3 = PRESETS['tpu-v3'];
const line = (h: HardwareSpec, c: string, table?: CoefficientTable) => hardwareCost(h, table).breakdown.find((l) => l.component === c)!;

describe('TPU-v3 calibration (docs/sources.md §2.2)', () => {
  const cost = hardwareCost(v3);

  it('TDP = 450 W ± 5%', () => {
    expect(cost.tdpWatts).toBeGreaterThan(450 * 0.95);
    expect(cost.tdpWatts).toBeLessThan(450 * 1.05);
  });

  it('die < 700 mm² at 16 nm, with the MXUs 11% of it (± 0.5 percentage points)', () => {
    expect(cost.areaMm2).toBeLessThan(700);
    expect(cost.areaMm2).toBeGreaterThan(500);
    expect(macArrayAreaShare(cost)).toBeGreaterThan(0.105);
    expect(macArrayAreaShare(cost)).toBeLessThan(0.115);
    // ≤ ~19 mm² per 128×128 MXU at 16 nm (docs/sources.md §4.4, derived)
    expect(line(v3, 'mac-arrays').areaMm2 / 4).toBeLessThanOrEqual(19.25);
  });

  it('arithmetic alone is ~60 W of the 450 (docs/sources.md §4.6): MAC energy × MACs × clock, before overhead', () => {
    const arithmetic = 65536 * 0.94e9 * COEFFICIENTS.node['16nm'].macEnergyPj.value * 1e-12;
    expect(arithmetic).toBeGreaterThan(50);
    expect(arithmetic).toBeLessThan(65);
    expect(line(v3, 'mac-arrays').watts).toBeCloseTo(arithmetic * (1 + COEFFICIENTS.chip.dynamicOverhead.value), 9);
  });

  it('the calibrated literals in the table are what calibrate.ts solves for', () => {
    const c = solveCalibration();
    expect(c.targetAreaMm2).toBe(665);
    expect(c.targetTdpWatts).toBe(450);
    expect(COEFFICIENTS.node['16nm'].unattributedMm2.value).toBeCloseTo(c.unattributedMm2At16, 5);
    expect(COEFFICIENTS.node['7nm'].unattributedMm2.value).toBeCloseTo(c.unattributedMm2At16 / COEFFICIENTS.chip.areaScale16to7.value, 5);
    expect(COEFFICIENTS.chip.tdpHeadroom.value).toBeCloseTo(c.tdpHeadroom, 5);
    // and solving lands exactly on the targets
    const solved = hardwareCost(v3, withKnobs(COEFFICIENTS, c.unattributedMm2At16, c.tdpHeadroom));
    expect(solved.areaMm2).toBeCloseTo(665, 9);
    expect(solved.tdpWatts).toBeCloseTo(450, 9);
  });

  it('the modelled blocks explain most of the die; the calibrated rest is booked once per chip', () => {
    const c = solveCalibration();
    expect(c.attributedAreaMm2 / 665).toBeGreaterThan(0.6);
    expect(line(v3, 'unattributed').areaMm2).toBe(COEFFICIENTS.node['16nm'].unattributedMm2.value);
    // fixed per chip: the same for every 16 nm design
    for (const h of [PRESETS['teaching-8x8'], { ...v3, cores: 8, arraysPerCore: 8, vectorLanesPerCore: 8192 }]) {
      expect(line(h, 'unattributed').areaMm2).toBe(line(v3, 'unattributed').areaMm2);
    }
  });

  it('peak power (TDP without the headroom) lies between the measured maximum (262 W) and the 450 W rating', () => {
    const peak = peakWatts(hardwareCost(v3));
    expect(peak).toBeGreaterThan(COEFFICIENTS.sources.tpuV3MeasuredMaxW.value);
    expect(peak).toBeLessThan(450);
    expect(hardwareCost(v3).tdpWatts / peak).toBeCloseTo(1 + COEFFICIENTS.chip.tdpHeadroom.value, 12);
  });
});

// The marginal costs the search sees (docs/model.md §3.5): each resource costs its own block, sized physically.
describe('marginal costs on tpu-v3 are physically grounded', () => {
  const base = hardwareCost(v3);
  const more = (p: Partial<HardwareSpec>) => {
    const c = hardwareCost({ ...v3, ...p });
    return { area: c.areaMm2 - base.areaMm2, watts: c.tdpWatts - base.tdpWatts };
  };
  const mxuArea = 128 * 128 * COEFFICIENTS.node['16nm'].macAreaMm2.value; // ~18.3 mm²
  const lanes = more({ vectorLanesPerCore: 2048 });
  const arrays = more({ arraysPerCore: 4 });

  it('a vector lane is a handful of MAC-equivalents (fp32 ALUs + register slice), not a fraction of a mm²', () => {
    const n = COEFFICIENTS.node['16nm'];
    const macs = n.vectorLaneAreaMm2.value / n.macAreaMm2.value;
    expect(macs).toBeGreaterThan(4); // at least one fp32 FMA
    expect(macs).toBeLessThan(20);
    expect(n.vectorLaneAreaMm2.value).toBeLessThan(0.03);
  });

  it('doubling the vector lanes costs tens of mm², well under half of doubling the MXU count', () => {
    expect(lanes.area).toBeGreaterThan(10);
    expect(lanes.area).toBeLessThan(100);
    expect(lanes.area).toBeLessThan(0.5 * arrays.area);
    // 2,048 more fp32 lane-ops per cycle draw less than 65,536 more MACs per cycle
    expect(lanes.watts).toBeLessThan(arrays.watts);
  });

  it('doubling the MXU count costs the MXUs added plus at most as much again for their operand delivery', () => {
    expect(arrays.area).toBeGreaterThan(4 * mxuArea);
    expect(arrays.area).toBeLessThan(2 * 4 * mxuArea);
  });

  it('operand delivery grows with the arrays\' edges (R + C), not with the vector lanes', () => {
    const d = (p: Partial<HardwareSpec>) => line({ ...v3, ...p }, 'operand-delivery').areaMm2;
    expect(d({ vectorLanesPerCore: 8192 })).toBe(d({}));
    // same MACs as 2 × 128×128 per core, four times the arrays, twice the edge
    expect(d({ arraysPerCore: 8, arrayRows: 64, arrayCols: 64 })).toBeCloseTo(2 * d({}), 9);
    expect(line({ ...v3, arraysPerCore: 8, arrayRows: 64, arrayCols: 64 }, 'mac-arrays').areaMm2).toBeCloseTo(line(v3, 'mac-arrays').areaMm2, 9);
    // a 128×128 array's delivery is smaller than the array
    expect(d({}) / 4).toBeLessThan(mxuArea);
  });

  it('on-chip memory costs its SRAM (~2.2 mm²/MiB at 16 nm), plus the network for GMEM\'s bandwidth', () => {
    const sram = COEFFICIENTS.node['16nm'].sramMm2PerMiB.value;
    expect(sram).toBeGreaterThan(2);
    expect(sram).toBeLessThan(2.4);
    expect(more({ localMemoryMiB: 32 }).area).toBeCloseTo(2 * 16 * sram, 9);
    const g = more({ globalMemoryMiB: 128 }).area;
    expect(g).toBeGreaterThan(128 * sram);
    expect(g).toBeLessThan(1.2 * 128 * sram);
  });

  it('DRAM stacks cost their PHYs and controllers plus network; cores cost everything per core and nothing per chip', () => {
    const n = COEFFICIENTS.node['16nm'];
    const phy = COEFFICIENTS.dram.hbm2.phyAreaMm2.value + 8 * n.dramControllerMm2PerChannel.value;
    expect(more({ dramStacks: 8 }).area).toBeCloseTo(4 * phy + 900 * n.nocMm2PerGBps.value, 9);
    const perCore = ['mac-arrays', 'operand-delivery', 'vector-lanes', 'core-control', 'local-memory']
      .reduce((s, c) => s + line(v3, c).areaMm2, 0);
    expect(more({ cores: 4 }).area).toBeCloseTo(perCore, 9);
  });
});

describe('every design is priced by the same table', () => {
  it('tpuv4i-like at 7 nm: < 400 mm² (published bound), CMEM a quarter to a third of it, TDP between 175 W and TPU-v3\'s', () => {
    const c = hardwareCost(PRESETS['tpuv4i-like']);
    expect(c.areaMm2).toBeLessThan(400);
    const cmem = line(PRESETS['tpuv4i-like'], 'global-memory').areaMm2 / c.areaMm2;
    expect(cmem).toBeGreaterThan(0.25); // published 28%
    expect(cmem).toBeLessThan(0.35);
    // Published TDP 175 W. The model carries TPU-v3's headroom (450 W rated over its peak) into every design, and
    // even its peak lands above 175 W — docs/model.md §3.5 says by how much and why.
    expect(c.tdpWatts).toBeGreaterThan(175);
    expect(c.tdpWatts).toBeLessThan(hardwareCost(v3).tdpWatts);
    expect(peakWatts(c)).toBeLessThan(1.5 * 175);
  });

  it('teaching-8x8 is a tiny core on a TPU-class chip: its fixed parts dominate', () => {
    const h = PRESETS['teaching-8x8'];
    const c = hardwareCost(h);
    const fixed = ['uncore', 'unattributed', 'core-control'].reduce((s, x) => s + line(h, x).areaMm2, 0);
    expect(fixed / c.areaMm2).toBeGreaterThan(0.9);
    expect(c.areaMm2).toBeLessThan(hardwareCost(v3).areaMm2 * 0.6);
    expect(c.tdpWatts).toBeLessThan(hardwareCost(v3).tdpWatts / 3);
    expect(line(h, 'uncore').areaMm2).toBeGreaterThan(line(h, 'mac-arrays').areaMm2 * 100);
  });

  it('hand-computed lines from the table (teaching-8x8)', () => {
    const h = PRESETS['teaching-8x8'];
    const n = COEFFICIENTS.node['16nm'];
    const o = 1 + COEFFICIENTS.chip.dynamicOverhead.value;
    expect(line(h, 'mac-arrays').areaMm2).toBeCloseTo(64 * n.macAreaMm2.value, 12);
    expect(line(h, 'mac-arrays').watts).toBeCloseTo(64 * 1e9 * n.macEnergyPj.value * 1e-12 * o, 12);
    expect(line(h, 'vector-lanes').areaMm2).toBeCloseTo(128 * n.vectorLaneAreaMm2.value, 12);
    expect(line(h, 'local-memory').areaMm2).toBeCloseTo(1 * n.sramMm2PerMiB.value, 12);
    // the array's port: (8 + 8)·2 + 8·4 = 64 B/cycle; the local memory also serves 128 lanes · 6 B
    expect(line(h, 'operand-delivery').areaMm2).toBeCloseTo(64 * n.deliveryMm2PerBytePerCycle.value, 12);
    expect(line(h, 'operand-delivery').watts).toBeCloseTo(64 * 1e9 * n.wireEnergyPjPerByteMm.value * n.deliveryDistanceMm.value * 1e-12 * o, 12);
    expect(line(h, 'local-memory').watts).toBeCloseTo((64 + 768) * 1e9 * n.localSramEnergyPjPerByte.value * 1e-12 * o, 12);
    // one LPDDR5 x32 device: PHY + 2 channel controllers; 25.6 GB/s × 8 bit × pJ/bit
    const d = COEFFICIENTS.dram.lpddr5;
    expect(line(h, 'dram-phy').areaMm2).toBeCloseTo(d.phyAreaMm2.value + 2 * n.dramControllerMm2PerChannel.value, 12);
    expect(line(h, 'dram-devices').watts).toBeCloseTo(25.6e9 * 8 * d.deviceEnergyPjPerBit.value * 1e-12, 12);
    expect(line(h, 'global-memory').watts).toBe(0); // no GMEM: its bandwidth costs nothing
    expect(line(h, 'leakage').watts).toBeCloseTo(hardwareCost(h).areaMm2 * n.leakageWattsPerMm2.value, 12);
    expect(line(h, 'tdp-headroom').watts).toBeCloseTo(peakWatts(hardwareCost(h)) * COEFFICIENTS.chip.tdpHeadroom.value, 12);
  });

  it('no per-preset terms: raising one coefficient moves every preset by exactly its share', () => {
    const watts: CoefficientTable = structuredClone(COEFFICIENTS);
    watts.node['16nm'].uncoreWatts.value += 10;
    watts.node['7nm'].uncoreWatts.value += 10;
    const area: CoefficientTable = structuredClone(COEFFICIENTS);
    area.node['16nm'].uncoreMm2.value += 10;
    area.node['7nm'].uncoreMm2.value += 10;
    for (const p of Object.values(PRESETS)) {
      const b = hardwareCost(p);
      expect(hardwareCost(p, watts).tdpWatts - b.tdpWatts).toBeCloseTo(10 * (1 + COEFFICIENTS.chip.tdpHeadroom.value), 9);
      expect(hardwareCost(p, area).areaMm2 - b.areaMm2).toBeCloseTo(10, 9);
    }
  });

  it('the same design at 7 nm is smaller and cooler than at 16 nm', () => {
    const at7 = hardwareCost({ ...v3, processNode: '7nm' });
    const at16 = hardwareCost(v3);
    expect(at7.areaMm2).toBeLessThan(at16.areaMm2 / 1.8);
    expect(at7.tdpWatts).toBeLessThan(at16.tdpWatts / 1.2);
  });
});

describe('coefficient table', () => {
  const all = listCoefficients();

  it('every number cites its source; assumed ones give their reasoning', () => {
    expect(all.length).toBeGreaterThan(50);
    for (const { path, coefficient: c } of all) {
      expect(Number.isFinite(c.value), path).toBe(true);
      expect(c.value, path).toBeGreaterThan(0);
      expect(c.unit.length, path).toBeGreaterThan(0);
      expect(c.source.length, path).toBeGreaterThan(c.basis === 'assumed' ? 30 : 10);
    }
    expect(all.filter((x) => x.coefficient.basis === 'calibrated').map((x) => x.path).sort())
      .toEqual(['chip.tdpHeadroom', 'node.16nm.unattributedMm2']);
  });

  it('both nodes and every DRAM technology have every entry', () => {
    expect(Object.keys(COEFFICIENTS.node['7nm']).sort()).toEqual(Object.keys(COEFFICIENTS.node['16nm']).sort());
    const techs = PARAMS.find((p) => p.id === 'dramTechnology')!.domain;
    expect(Object.keys(COEFFICIENTS.dram).sort()).toEqual([...domainValues(techs)].sort());
  });

  it('16 nm energies are 1.4–2.4× the 7 nm ones (docs/sources.md §4.2: ≈ 1.5–1.8× for logic)', () => {
    const [a, b] = [COEFFICIENTS.node['16nm'], COEFFICIENTS.node['7nm']];
    expect(a.macEnergyPj.value / b.macEnergyPj.value).toBeGreaterThan(1.4);
    expect(a.macEnergyPj.value / b.macEnergyPj.value).toBeLessThan(1.8);
    expect(a.sramEnergyPjPerByte.value / b.sramEnergyPjPerByte.value).toBeLessThan(2.5);
    expect(a.sramMm2PerMiB.value / b.sramMm2PerMiB.value).toBeCloseTo(0.07 / 0.027, 9);
  });
});

// ------------------------------------------------------------------------------------------------------------
// Properties over random valid designs.
// ------------------------------------------------------------------------------------------------------------
const grid = (id: string) => domainValues(PARAMS.find((p) => p.id === id)!.domain);
const pick = <T,>(values: readonly T[]) => fc.constantFrom(...values);

const designArb: fc.Arbitrary<HardwareSpec> = fc.record({
  cores: pick(grid('cores') as number[]),
  arraysPerCore: pick(grid('arraysPerCore') as number[]),
  arrayRows: pick(grid('arrayRows') as number[]),
  arrayCols: pick(grid('arrayCols') as number[]),
  dataflow: pick(['ws', 'os', 'is'] as const),
  vectorLanesPerCore: pick(grid('vectorLanesPerCore') as number[]),
  localMemoryMiB: fc.integer({ min: 1, max: 64 }),
  globalMemoryMiB: fc.integer({ min: 0, max: 512 }),
  globalMemoryBytesPerCycle: pick(grid('globalMemoryBytesPerCycle') as number[]),
  dramTechnology: pick(['hbm2', 'hbm2e', 'hbm3', 'gddr6', 'lpddr5'] as const),
  dramStacks: fc.integer({ min: 1, max: 8 }),
  dramGBpsPerStack: fc.double({ min: 0, max: 1, noNaN: true }),
  clockGhz: fc.integer({ min: 50, max: 150 }).map((c) => c / 100),
  processNode: pick(['16nm', '7nm'] as const),
  batch: fc.integer({ min: 1, max: 1024 }),
}).map((h) => {
  const [lo, hi] = dramGBpsRange(h.dramTechnology);
  const spec = { ...h, dramGBpsPerStack: Number((lo + h.dramGBpsPerStack * (hi - lo)).toFixed(1)) };
  const need = Math.ceil(minLocalMemoryBytes(spec) / 2 ** 20);
  return { ...spec, localMemoryMiB: Math.max(spec.localMemoryMiB, need) };
});

const valid = (h: HardwareSpec) => validateHardwareSpec(h).ok;
const up = (values: readonly (number | string)[], v: number) => (values as number[]).find((x) => x > v);

/** Each bump makes one resource larger (or returns undefined at the top of its domain). */
const BUMPS: Record<string, (h: HardwareSpec) => HardwareSpec | undefined> = {
  'more local memory': (h) => (h.localMemoryMiB < 64 ? { ...h, localMemoryMiB: h.localMemoryMiB + 1 } : undefined),
  'more global memory': (h) => (h.globalMemoryMiB < 512 ? { ...h, globalMemoryMiB: h.globalMemoryMiB + 1 } : undefined),
  'more arrays': (h) => { const v = up(grid('arraysPerCore'), h.arraysPerCore); return v ? { ...h, arraysPerCore: v } : undefined; },
  'more cores': (h) => { const v = up(grid('cores'), h.cores); return v ? { ...h, cores: v } : undefined; },
  'more array rows': (h) => (h.arrayRows < 256 ? { ...h, arrayRows: h.arrayRows + 8 } : undefined),
  'more array columns': (h) => (h.arrayCols < 256 ? { ...h, arrayCols: h.arrayCols + 8 } : undefined),
  'more vector lanes': (h) => (h.vectorLanesPerCore < 8192 ? { ...h, vectorLanesPerCore: h.vectorLanesPerCore + 128 } : undefined),
  'more DRAM stacks': (h) => (h.dramStacks < 8 ? { ...h, dramStacks: h.dramStacks + 1 } : undefined),
  'faster DRAM stacks': (h) => {
    const hi = dramGBpsRange(h.dramTechnology)[1];
    return h.dramGBpsPerStack < hi ? { ...h, dramGBpsPerStack: Math.min(hi, Number((h.dramGBpsPerStack + 0.1).toFixed(1))) } : undefined;
  },
  // (without GMEM its bandwidth is unused and free: covered by the teaching-8x8 case above)
  'more GMEM bandwidth': (h) => (h.globalMemoryMiB > 0 && h.globalMemoryBytesPerCycle < 8192
    ? { ...h, globalMemoryBytesPerCycle: h.globalMemoryBytesPerCycle * 2 } : undefined),
  'higher clock': (h) => (h.clockGhz < 1.5 ? { ...h, clockGhz: Math.round(h.clockGhz * 100 + 1) / 100 } : undefined),
};

describe('properties', () => {
  it('random designs are valid and their breakdown sums to the totals', () => {
    fc.assert(fc.property(designArb, (h) => {
      expect(validateHardwareSpec(h)).toMatchObject({ ok: true });
      const c = hardwareCost(h);
      expect(c.breakdown.map((l) => l.component)).toEqual([...COST_COMPONENTS]);
      expect(c.breakdown.reduce((s, l) => s + l.areaMm2, 0)).toBeCloseTo(c.areaMm2, 9);
      expect(c.breakdown.reduce((s, l) => s + l.watts, 0)).toBeCloseTo(c.tdpWatts, 9);
      for (const l of c.breakdown) {
        expect(l.areaMm2).toBeGreaterThanOrEqual(0);
        expect(l.watts).toBeGreaterThanOrEqual(0);
      }
      expect(hardwareCost(h)).toEqual(c); // deterministic
    }), { numRuns: 300 });
  });

  for (const [name, bump] of Object.entries(BUMPS)) {
    it(`${name} never costs less area or power`, () => {
      let checked = 0;
      fc.assert(fc.property(designArb, (h) => {
        const b = bump(h);
        if (!b || !valid(b)) return;
        checked++;
        const [c0, c1] = [hardwareCost(h), hardwareCost(b)];
        expect(c1.areaMm2).toBeGreaterThanOrEqual(c0.areaMm2 * (1 - 1e-12));
        expect(c1.tdpWatts).toBeGreaterThanOrEqual(c0.tdpWatts * (1 - 1e-12));
        // and it costs strictly more of something
        expect(c1.areaMm2 + c1.tdpWatts).toBeGreaterThan(c0.areaMm2 + c0.tdpWatts);
      }), { numRuns: 200 });
      expect(checked).toBeGreaterThan(50);
    });
  }
});
