// Every CALC row of the SCALE-Sim v2 oracle through the real command, `fast scalesim`, from topology and .cfg
// files written the way SCALE-Sim reads them: total cycles, mapping efficiency and compute utilisation exact;
// stall cycles 0. (USER rows and DRAM counts: tests/unit/scalesim-memory.test.ts.)
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { loadOracle, type OracleCase } from '../oracle/scalesim';

const dir = mkdtempSync(join(tmpdir(), 'fast-oracle-'));
const calc = loadOracle().filter((c) => c.mode === 'CALC');

// One run per (array, dataflow, SRAM, input form), with every layer of that group in one topology file.
const groups = new Map<string, OracleCase[]>();
for (const c of calc) {
  const key = [c.rows, c.cols, c.dataflow, c.ifmapSramKB, c.filterSramKB, c.ofmapSramKB, c.inputFormat].join('_');
  groups.set(key, [...(groups.get(key) ?? []), c]);
}

async function runGroup(key: string, cases: OracleCase[]) {
  const c0 = cases[0];
  const cfg = `[general]\nrun_name = ${key}\n[architecture_presets]\nArrayHeight: ${c0.rows}\nArrayWidth: ${c0.cols}\nIfmapSramSzkB: ${c0.ifmapSramKB}\nFilterSramSzkB: ${c0.filterSramKB}\nOfmapSramSzkB: ${c0.ofmapSramKB}\nIfmapOffset: 0\nFilterOffset: 10000000\nOfmapOffset: 20000000\nDataflow: ${c0.dataflow}\nBandwidth: 10\nMemoryBanks: 1\n[run_presets]\nInterfaceBandwidth: CALC\n`;
  const rows = c0.inputFormat === 'gemm'
    ? ['Layer, M, N, K,', ...cases.map((c) => `${c.layerName}, ${c.m}, ${c.n}, ${c.k},`)]
    : ['Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,',
       ...cases.map((c) => `${c.layerName}, ${c.conv!.h}, ${c.conv!.w}, ${c.conv!.fh}, ${c.conv!.fw}, ${c.conv!.c}, ${c.conv!.nf}, ${c.conv!.s},`)];
  writeFileSync(join(dir, `${key}.cfg`), cfg);
  writeFileSync(join(dir, `${key}.csv`), rows.join('\n') + '\n');
  let out = '', err = '';
  const code = await main(['scalesim', '--topology', join(dir, `${key}.csv`), '--config', join(dir, `${key}.cfg`), '--json'],
    { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, err, rows: code === 0 ? JSON.parse(out) as Record<string, number & string>[] : [] };
}

describe(`fast scalesim on all ${calc.length} CALC oracle rows`, () => {
  it.each([...groups.entries()])('%s', async (key, cases) => {
    const r = await runGroup(key, cases);
    expect(r.code, r.err).toBe(0);
    expect(r.rows).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const row = r.rows[i];
      expect(row.layer).toBe(c.layerName);
      expect(row.totalCycles, c.caseId).toBe(c.totalCycles);
      expect(row.stallCycles, c.caseId).toBe(0);
      // the oracle prints percentages with 6 decimals
      expect(Math.abs(row.mappingEfficiencyPct - c.mappingEffPct), c.caseId).toBeLessThan(5e-6 * Math.max(1, c.mappingEffPct));
      expect(Math.abs(row.computeUtilizationPct - c.computeUtilPct), c.caseId).toBeLessThan(5e-6 * Math.max(1, c.computeUtilPct));
      expect(Math.abs(row.overallUtilizationPct - c.overallUtilPct), c.caseId).toBeLessThan(5e-6 * Math.max(1, c.overallUtilPct));
    });
  });
});
