// Explore's sweep, its pure part (web/src/lib/sweep.ts): which rows it offers, the grid of a row around a design
// (the row's search grid for that design, the design's own value added when off the grid), each point's design or
// the schema's reason, a point's metrics from the model, x positions, and the CSV.
import { describe, expect, it } from 'vitest';
import {
  PARAMS, PRESETS, domainValues, effectiveDomain, hardwareCost, validateHardwareSpec, type HardwareSpec,
} from '../../shared/hardware';
import { SWEEP_METRICS, SWEEP_PARAMS, isCostOnly, pointMetrics, sweepCsv, sweepGrid, sweepGridSize, sweepX, type SweepPoint } from '../../web/src/lib/sweep';

const tpu: HardwareSpec = { ...PRESETS['tpu-v3'] };

describe('sweep rows', () => {
  it('offers every design row and the batch, not the other study settings', () => {
    for (const p of PARAMS) expect(SWEEP_PARAMS.includes(p.id), p.id).toBe(p.role === 'design' || p.id === 'batch');
    expect(SWEEP_PARAMS).toContain('batch');
    expect(SWEEP_PARAMS).not.toContain('processNode');
  });
  it('cost-only rows are the table\'s affects: cost rows', () => {
    for (const id of SWEEP_PARAMS) expect(isCostOnly(id), id).toBe(PARAMS.find((p) => p.id === id)!.affects === 'cost');
  });
});

describe('sweepGrid', () => {
  it('is the row\'s search grid for the design, each point the design with that one value, the current one marked', () => {
    const g = sweepGrid('arrayRows', tpu);
    expect(g.map((p) => p.value)).toEqual(domainValues(effectiveDomain('arrayRows', tpu)));
    expect(g.filter((p) => p.current).map((p) => p.value)).toEqual([tpu.arrayRows]);
    for (const p of g) {
      expect(p.reason).toBeNull();
      expect(p.spec).toEqual({ ...tpu, arrayRows: p.value });
    }
  });
  it('adds the design\'s own value in order when it lies off the grid', () => {
    const spec = { ...tpu, arrayRows: 24 };
    const g = sweepGrid('arrayRows', spec);
    const grid = domainValues(effectiveDomain('arrayRows', spec)) as number[];
    expect(grid).not.toContain(24);
    expect(g.map((p) => p.value)).toEqual([...grid, 24].sort((a, b) => a - b));
    expect(g.find((p) => p.current)!.value).toBe(24);
  });
  it('carries the schema\'s reason for an invalid point and no design', () => {
    const g = sweepGrid('dramTechnology', tpu);
    expect(g.map((p) => p.value)).toEqual(domainValues(effectiveDomain('dramTechnology', tpu)));
    for (const p of g) {
      const v = validateHardwareSpec({ ...tpu, dramTechnology: p.value });
      expect(p.spec === null, String(p.value)).toBe(!v.ok);
      expect(p.reason).toBe(v.ok ? null : v.issues.map((i) => i.message).join('; '));
    }
    expect(g.filter((p) => p.spec === null).length).toBeGreaterThan(0); // 225 GB/s per stack is no LPDDR5 rate
    expect(g.find((p) => p.current)!.spec).not.toBeNull();
  });
  it('the DRAM rate\'s grid follows the design\'s technology', () => {
    const hbm3 = { ...tpu, dramTechnology: 'hbm3' as const, dramGBpsPerStack: 600, dramGiBPerStack: 16 };
    const g = sweepGrid('dramGBpsPerStack', hbm3);
    expect(g.map((p) => p.value)).toEqual(domainValues(effectiveDomain('dramGBpsPerStack', hbm3)));
    expect(g.every((p) => p.spec !== null)).toBe(true);
  });
  it('sweepGridSize counts the points sweepGrid gives, on and off the grid', () => {
    for (const spec of [tpu, { ...tpu, arrayRows: 24, clockGhz: 0.945, batch: 48 }]) {
      for (const id of SWEEP_PARAMS) expect(sweepGridSize(id, spec), id).toBe(sweepGrid(id, spec).length);
    }
  });
  it('the batch row sets the design\'s batch', () => {
    for (const p of sweepGrid('batch', tpu)) expect(p.spec!.batch).toBe(p.value);
  });
});

describe('pointMetrics', () => {
  it('takes throughput, latency and energy from the simulation and prices the design with the cost model', () => {
    const spec = { ...tpu, processNode: '7nm' as const };
    const m = pointMetrics(spec, { throughputPerSecond: 1234.5, latencySeconds: 0.05, joulesPerInference: 0.02 });
    const cost = hardwareCost(spec);
    expect(m).toEqual({
      throughputPerSecond: 1234.5, latencySeconds: 0.05, joulesPerInference: 0.02,
      perfPerTdp: 1234.5 / cost.tdpWatts, areaMm2: cost.areaMm2, tdpWatts: cost.tdpWatts,
    });
    expect(cost.tdpWatts).not.toBe(hardwareCost(tpu).tdpWatts);
  });
});

describe('sweepX', () => {
  it('places linear rows at their values and every other row at its grid index', () => {
    const clock = domainValues(effectiveDomain('clockGhz', tpu));
    expect(sweepX('clockGhz', clock)).toEqual({ x: clock, numeric: true });
    const rows = domainValues(effectiveDomain('arrayRows', tpu));
    expect(sweepX('arrayRows', rows)).toEqual({ x: rows.map((_, i) => i), numeric: false });
    expect(sweepX('dataflow', ['ws', 'os', 'is']).x).toEqual([0, 1, 2]);
  });
});

describe('sweepCsv', () => {
  it('one row per point with every metric at full precision, and the reason quoted', () => {
    const ok = pointMetrics(tpu, { throughputPerSecond: 1 / 3, latencySeconds: 2 / 3, joulesPerInference: 1e-3 / 7 });
    const points: SweepPoint[] = [
      { value: 'hbm2', current: true, status: 'ok', reason: null, metrics: ok },
      { value: 'lpddr5', current: false, status: 'invalid', reason: 'dramGBpsPerStack must be 19.2…25.6, "x"', metrics: null },
    ];
    const lines = sweepCsv('dramTechnology', points).trimEnd().split('\n');
    expect(lines[0]).toBe(['dramTechnology', 'current', 'status', ...SWEEP_METRICS.map((m) => m.id), 'reason'].join(','));
    expect(lines).toHaveLength(3);
    const cells = lines[1].split(',');
    expect(cells.slice(0, 3)).toEqual(['hbm2', 'yes', 'ok']);
    expect(cells.slice(3, 3 + SWEEP_METRICS.length).map(Number)).toEqual(SWEEP_METRICS.map((m) => ok[m.id]));
    expect(lines[2]).toBe(`lpddr5,,invalid,${','.repeat(SWEEP_METRICS.length - 1)},"dramGBpsPerStack must be 19.2…25.6, ""x"""`);
  });
});
