// Area and TDP (shared/hardware/cost.ts) from the one coefficient table: the TPU family fit (docs/model.md §3.5), other
// designs priced by the same table, breakdowns that add up, sourced coefficients, assumptions with ranges, and
// monotonicity — more of any resource never costs less area or power.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ASSUMPTIONS, ASSUMED_VALUES, COEFFICIENTS, COST_COMPONENTS, FITTED_KNOBS, PARAMS, PRESETS, buildCoefficients,
  domainValues, dramGBpsRange, dramGiBChoices, fitFamily, hardwareCost, listCoefficients, macArrayAreaShare, minLocalMemoryBytes,
  validateHardwareSpec, voltageRatio, type HardwareSpec,
} from '../../shared/hardware';
import { withKnobs } from '../../shared/hardware/calibrate';

const v3 = PRESETS['tpu-v3'];
const line = (h: HardwareSpec, c: string, table = COEFFICIENTS) => hardwareCost(h, table).breakdown.find((l) => l.component === c)!;

describe('the TPU family fit (docs/model.md §3.5)', () => {
  const fit = fitFamily();

  it('the fitted literals in the table are what fitFamily() solves for', () => {
    expect(FITTED_KNOBS.unattributedFraction).toBeCloseTo(fit.knobs.unattributedFraction, 9);
    expect(FITTED_KNOBS.rating.training).toBeCloseTo(fit.knobs.rating.training, 9);
    expect(FITTED_KNOBS.rating.inference).toBeCloseTo(fit.knobs.rating.inference, 9);
  });

  it('every family chip\'s area and TDP within ±15% of its published value, in sample', () => {
    expect(fit.rows.map((r) => r.preset)).toEqual(['tpu-v2', 'tpu-v3', 'tpuv4i']);
    for (const r of fit.rows) {
      expect(Math.abs(r.areaMm2.error), `${r.preset} area`).toBeLessThanOrEqual(0.15);
      expect(Math.abs(r.tdpWatts.error), `${r.preset} TDP`).toBeLessThanOrEqual(0.15);
    }
    expect(fit.rows.find((r) => r.preset === 'tpuv4i')!.tdpWatts.published).toBe(175);
  });

  it('the area fit is the least-squares optimum: nudging the knob either way raises Σ ln² error', () => {
    const sse = (u: number) => {
      const t = withKnobs(COEFFICIENTS, { ...FITTED_KNOBS, unattributedFraction: u });
      return fit.rows.reduce((s, r) => s + Math.log(hardwareCost(PRESETS[r.preset], t).areaMm2 / r.areaMm2.published) ** 2, 0);
    };
    const u = FITTED_KNOBS.unattributedFraction;
    expect(sse(u)).toBeLessThan(sse(u * 1.01));
    expect(sse(u)).toBeLessThan(sse(u * 0.99));
  });

  it('leave-one-out errors exist for every area; TDP for every chip whose rating class keeps a member', () => {
    for (const r of fit.rows) expect(Number.isFinite(r.areaMm2.leaveOneOutError)).toBe(true);
    expect(fit.rows.find((r) => r.preset === 'tpu-v2')!.tdpWatts.leaveOneOutError).not.toBeNull();
    expect(fit.rows.find((r) => r.preset === 'tpu-v3')!.tdpWatts.leaveOneOutError).not.toBeNull();
    expect(fit.rows.find((r) => r.preset === 'tpuv4i')!.tdpWatts.leaveOneOutError).toBeNull();
  });

  it('tpu-v3\'s peak power lies between its measured maximum (262 W) and its 450 W rating', () => {
    const c = hardwareCost(v3);
    expect(c.peakWatts).toBeGreaterThan(COEFFICIENTS.sources.tpuV3MeasuredMaxW.value);
    expect(c.peakWatts).toBeLessThan(450);
    expect(c.tdpWatts / c.peakWatts).toBeCloseTo(FITTED_KNOBS.rating.training, 12);
  });

  it('the MXU share of TPU-v3\'s die stays near the published 11%', () => {
    expect(macArrayAreaShare(hardwareCost(v3))).toBeGreaterThan(0.1);
    expect(macArrayAreaShare(hardwareCost(v3))).toBeLessThan(0.125);
  });
});

describe('a renamed copy of each preset is priced from its parameters alone', () => {
  for (const [name, spec] of Object.entries(PRESETS)) {
    it(`${name}: a copy rebuilt field by field, under no name, gets the same area and TDP`, () => {
      const copy = JSON.parse(JSON.stringify(Object.fromEntries(PARAMS.map((p) => [p.id, spec[p.id as keyof HardwareSpec]])))) as unknown;
      const v = validateHardwareSpec(copy);
      expect(v.ok).toBe(true);
      if (!v.ok) return;
      const [a, b] = [hardwareCost(spec), hardwareCost(v.spec)];
      expect(b.areaMm2).toBe(a.areaMm2);
      expect(b.tdpWatts).toBe(a.tdpWatts);
    });
  }
});

describe('voltage–frequency scaling (docs/model.md §3.3)', () => {
  it('at or below the node\'s knee the supply is nominal; above it rises linearly', () => {
    expect(voltageRatio(COEFFICIENTS, '16nm', 0.5)).toBe(1);
    expect(voltageRatio(COEFFICIENTS, '16nm', 0.94)).toBe(1);
    const v15 = voltageRatio(COEFFICIENTS, '16nm', 1.5);
    expect(v15).toBeCloseTo(1 + ASSUMED_VALUES.vfSlope * (1.5 / 0.94 - 1), 12);
    expect(v15).toBeGreaterThan(1.15);
  });

  it('dynamic power grows faster than the clock above the knee (∝ V²·f), so 1.5 GHz costs more than 1.5/0.94× the MAC power', () => {
    const at = (ghz: number) => line({ ...v3, clockGhz: ghz }, 'mac-arrays').watts;
    expect(at(1.5) / at(0.94)).toBeGreaterThan((1.5 / 0.94) * 1.3);
    expect(at(0.7) / at(0.94)).toBeCloseTo(0.7 / 0.94, 12); // below the knee: linear
    // leakage ∝ V
    const leak = (ghz: number) => line({ ...v3, clockGhz: ghz }, 'leakage').watts;
    expect(leak(1.5) / leak(0.94)).toBeCloseTo(voltageRatio(COEFFICIENTS, '16nm', 1.5), 9);
  });
});

describe('marginal costs on tpu-v3 are physically grounded', () => {
  const base = hardwareCost(v3);
  const more = (p: Partial<HardwareSpec>) => {
    const c = hardwareCost({ ...v3, ...p });
    return { area: c.areaMm2 - base.areaMm2, watts: c.tdpWatts - base.tdpWatts };
  };
  const mxuArea = 128 * 128 * COEFFICIENTS.node['16nm'].macAreaMm2.value; // ~18.3 mm²

  it('a vector lane is one fp32 ALU and its share of the vector unit: a handful of MAC-equivalents', () => {
    const n = COEFFICIENTS.node['16nm'];
    const macs = n.vectorLaneAreaMm2.value / n.macAreaMm2.value;
    expect(macs).toBeGreaterThan(4);
    expect(macs).toBeLessThan(16);
  });

  it('doubling the MXU count costs the MXUs added, their delivery and their share of the unattributed area', () => {
    const arrays = more({ arraysPerCore: 4 });
    expect(arrays.area).toBeGreaterThan(4 * mxuArea);
    expect(arrays.area).toBeLessThan(4 * 4 * mxuArea);
  });

  it('a chip-to-chip link costs its own area and power; an inference part without links saves both', () => {
    const l = more({ iciLinks: 5 });
    expect(l.area).toBeGreaterThan(COEFFICIENTS.node['16nm'].linkMm2.value);
    expect(l.watts).toBeGreaterThan(COEFFICIENTS.node['16nm'].linkWatts.value);
    const none = more({ iciLinks: 0 });
    expect(none.area).toBeLessThan(-4 * COEFFICIENTS.node['16nm'].linkMm2.value * 0.99);
  });

  it('SRAM leaks at its own density, far below logic: 128 MiB of GMEM adds under a third of what logic density would', () => {
    const leak = line({ ...v3, globalMemoryMiB: 128 }, 'leakage').watts - line(v3, 'leakage').watts;
    const n = COEFFICIENTS.node['16nm'];
    expect(leak).toBeGreaterThan(128 * n.sramLeakageWattsPerMiB.value);
    expect(leak).toBeLessThan((128 * n.sramMm2PerMiB.value * n.logicLeakageWattsPerMm2.value) / 3);
  });

  it('GMEM traffic crosses its own block, not the die: TPUv4i\'s CMEM wires cost less than its DRAM path would at the die\'s half-edge', () => {
    const h = PRESETS.tpuv4i;
    const c = hardwareCost(h);
    const gmemBps = h.globalMemoryBytesPerCycle * h.clockGhz * 1e9;
    const dramBps = h.dramStacks * h.dramGBpsPerStack * 1e9;
    const atDieEdge = (gmemBps + dramBps) * 0.5 * Math.sqrt(c.areaMm2) * COEFFICIENTS.node['7nm'].wireEnergyPjPerByteMm.value * 1e-12
      * (1 + COEFFICIENTS.chip.dynamicOverhead.value);
    expect(line(h, 'interconnect').watts).toBeLessThan(atDieEdge);
  });

  it('the rating class changes TDP only: inference rates the same peak lower', () => {
    const t = hardwareCost({ ...v3, tdpClass: 'training' });
    const i = hardwareCost({ ...v3, tdpClass: 'inference' });
    expect(i.peakWatts).toBe(t.peakWatts);
    expect(i.areaMm2).toBe(t.areaMm2);
    expect(i.tdpWatts / t.tdpWatts).toBeCloseTo(FITTED_KNOBS.rating.inference / FITTED_KNOBS.rating.training, 12);
  });
});

describe('small designs, honestly', () => {
  it('teaching-8x8: its own blocks are a few tens of mm² and watts; the chip\'s fixed I/O is set apart', () => {
    const c = hardwareCost(PRESETS['teaching-8x8']);
    expect(c.ownAreaMm2).toBeLessThan(50);
    expect(c.ownWatts).toBeLessThan(20);
    expect(c.ownAreaMm2).toBeLessThan(c.areaMm2);
    expect(c.breakdown.filter((l) => l.fixed).map((l) => l.component)).toEqual(['uncore']);
  });

  it('own + fixed = total (area and TDP) for every preset', () => {
    for (const p of Object.values(PRESETS)) {
      const c = hardwareCost(p);
      const fixed = c.breakdown.find((l) => l.component === 'uncore')!;
      const u = COEFFICIENTS.chip.unattributedFraction.value;
      expect(c.ownAreaMm2 + fixed.areaMm2 * (1 + u)).toBeCloseTo(c.areaMm2, 9);
      expect(c.ownWatts).toBeLessThan(c.tdpWatts);
    }
  });
});

describe('coefficient table', () => {
  const all = listCoefficients();

  it('every number cites its source; assumed ones give their reasoning and a plausible range around their value', () => {
    expect(all.length).toBeGreaterThan(50);
    for (const { path, coefficient: c } of all) {
      expect(Number.isFinite(c.value), path).toBe(true);
      expect(c.value, path).toBeGreaterThan(0);
      expect(c.unit.length, path).toBeGreaterThan(0);
      expect(c.source.length, path).toBeGreaterThan(c.basis === 'assumed' ? 30 : 10);
      if (c.basis === 'assumed') {
        expect(c.range, path).toBeDefined();
        expect(c.range![0], path).toBeLessThanOrEqual(c.value);
        expect(c.range![1], path).toBeGreaterThanOrEqual(c.value);
      }
    }
    for (const [k, a] of Object.entries(ASSUMPTIONS)) {
      expect(a.low, k).toBeLessThanOrEqual(a.value);
      expect(a.high, k).toBeGreaterThanOrEqual(a.value);
      expect(a.low < a.high, k).toBe(true);
    }
    expect(all.filter((x) => x.coefficient.basis === 'calibrated').map((x) => x.path).sort())
      .toEqual(['chip.ratingInference', 'chip.ratingTraining', 'chip.unattributedFraction']);
  });

  it('the table is a function of the assumptions: rebuilding with ours gives the same table', () => {
    expect(buildCoefficients()).toEqual(COEFFICIENTS);
    const t = buildCoefficients({ ...ASSUMED_VALUES, wireEnergyPjPerByteMm: 1.6 });
    expect(t.node['16nm'].wireEnergyPjPerByteMm.value).toBe(1.6);
    expect(t.node['7nm'].wireEnergyPjPerByteMm.value).toBe(1.6);
  });

  it('both nodes and every DRAM technology have every entry', () => {
    expect(Object.keys(COEFFICIENTS.node['7nm']).sort()).toEqual(Object.keys(COEFFICIENTS.node['16nm']).sort());
    const techs = PARAMS.find((p) => p.id === 'dramTechnology')!.domain;
    expect(Object.keys(COEFFICIENTS.dram).sort()).toEqual([...domainValues(techs)].sort());
  });

  it('16 nm energies are 1.4–1.8× the 7 nm ones; logic shrinks by the MXU\'s own 16 → 7 nm ratio', () => {
    const [a, b] = [COEFFICIENTS.node['16nm'], COEFFICIENTS.node['7nm']];
    expect(a.macEnergyPj.value / b.macEnergyPj.value).toBeGreaterThan(1.4);
    expect(a.macEnergyPj.value / b.macEnergyPj.value).toBeLessThan(1.8);
    expect(a.sramMm2PerMiB.value / b.sramMm2PerMiB.value).toBeCloseTo(0.07 / 0.027, 9);
    expect(a.macAreaMm2.value / b.macAreaMm2.value).toBeCloseTo(COEFFICIENTS.chip.logicScale16to7.value, 12);
    expect(a.vectorLaneAreaMm2.value / b.vectorLaneAreaMm2.value).toBeCloseTo(COEFFICIENTS.chip.logicScale16to7.value, 12);
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
  dramGiBPerStack: fc.nat({ max: 99 }),
  clockGhz: fc.integer({ min: 50, max: 150 }).map((c) => c / 100),
  iciLinks: fc.integer({ min: 0, max: 6 }),
  processNode: pick(['16nm', '7nm'] as const),
  tdpClass: pick(['training', 'inference'] as const),
  batch: fc.integer({ min: 1, max: 1024 }),
}).map((h) => {
  const [lo, hi] = dramGBpsRange(h.dramTechnology);
  const gib = dramGiBChoices(h.dramTechnology);
  const spec = { ...h, dramGBpsPerStack: Number((lo + h.dramGBpsPerStack * (hi - lo)).toFixed(1)), dramGiBPerStack: gib[h.dramGiBPerStack % gib.length] };
  const need = Math.ceil(minLocalMemoryBytes(spec) / 2 ** 20);
  return { ...spec, localMemoryMiB: Math.max(spec.localMemoryMiB, need) };
});

const valid = (h: HardwareSpec) => validateHardwareSpec(h).ok;
const up = (values: readonly (number | string)[], v: number) => (values as number[]).find((x) => x > v);

/** Each bump makes one resource larger (or returns undefined at the top of its domain). */
const BUMPS: Record<string, (h: HardwareSpec) => HardwareSpec | undefined> = {
  'more local memory': (h) => (h.localMemoryMiB < 64 ? { ...h, localMemoryMiB: h.localMemoryMiB + 1 } : undefined),
  'more DRAM capacity': (h) => { const v = up(dramGiBChoices(h.dramTechnology), h.dramGiBPerStack); return v ? { ...h, dramGiBPerStack: v } : undefined; },
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
  'more chip-to-chip links': (h) => (h.iciLinks < 6 ? { ...h, iciLinks: h.iciLinks + 1 } : undefined),
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
        if (l.component !== 'tdp-headroom') expect(l.watts).toBeGreaterThanOrEqual(0);
      }
      expect(c.tdpWatts).toBeGreaterThan(0);
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
