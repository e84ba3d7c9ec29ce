// The SCALE-Sim-compatible compute model against SCALE-Sim v2's own output on all 187 public cases.
// Compute cycles (total − stalls), mapping efficiency, compute utilisation and SRAM counts must match exactly;
// overall utilisation too on CALC cases (no stalls). USER-mode stalls and DRAM counts: scalesim-memory.test.ts.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { scalesimGemms } from '../../shared/core/pack';
import { loadOracle } from '../oracle/scalesim';

const cases = loadOracle();

describe('SCALE-Sim v2 oracle (public.csv)', async () => {
  const core = await loadCore();
  const results = scalesimGemms(core, cases.map((c) => ({ m: c.m, n: c.n, k: c.k, rows: c.rows, cols: c.cols, dataflow: c.dataflow, sublayers: c.sublayers })));
  // The oracle rounds percentages to 6 decimals; counts and cycles are exact integers.
  const pct = (a: number, b: number) => Math.abs(a - b) <= 5e-6 * Math.max(1, Math.abs(b));

  it('has all 187 cases', () => expect(cases).toHaveLength(187));

  it.each(cases.map((c, i) => [c.caseId, c, i] as const))('%s compute cycles, efficiencies and SRAM counts', (_id, c, i) => {
    const r = results[i];
    expect(r.status).toBe('ok');
    expect(r.totalCycles).toBe(c.totalCycles - c.stallCycles);
    expect(pct(r.mappingEfficiencyPct, c.mappingEffPct), `mapping ${r.mappingEfficiencyPct} vs ${c.mappingEffPct}`).toBe(true);
    expect(pct(r.computeUtilizationPct, c.computeUtilPct), `compute util ${r.computeUtilizationPct} vs ${c.computeUtilPct}`).toBe(true);
    if (c.mode === 'CALC') {
      expect(c.stallCycles).toBe(0);
      expect(pct(r.overallUtilizationPct, c.overallUtilPct), `overall ${r.overallUtilizationPct} vs ${c.overallUtilPct}`).toBe(true);
    }
    expect(r.sramIfmapReads).toBe(c.sramIfmapReads);
    expect(r.sramFilterReads).toBe(c.sramFilterReads);
    expect(r.sramOfmapWrites).toBe(c.sramOfmapWrites);
  });
});
