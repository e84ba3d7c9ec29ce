// Loads the SCALE-Sim v2 oracle (tests/oracle/scalesim/public.csv; how it was produced: tests/oracle/scalesim/README.md).
import { readFileSync } from 'node:fs';
import { parseOracleCsv, type OracleCase } from '../../shared/scalesim/oracle';
import type { ScalesimMemorySpec } from '../../shared/scalesim/memory';

export type { OracleCase };

export function oracleCsv(): string {
  return readFileSync(new URL('./scalesim/public.csv', import.meta.url), 'utf8');
}

export function loadOracle(): OracleCase[] {
  return parseOracleCsv(oracleCsv());
}

/** An oracle case as the memory model's layer spec (multi-sublayer cases run one channel per sublayer). */
export function oracleMemorySpec(c: OracleCase): ScalesimMemorySpec {
  return {
    ...(c.conv
      ? { conv: { ifmapHeight: c.conv.h, ifmapWidth: c.conv.w, filterHeight: c.conv.fh, filterWidth: c.conv.fw, channels: c.sublayers > 1 ? 1 : c.conv.c, numFilters: c.conv.nf, stride: c.conv.s } }
      : { gemm: { m: c.m, n: c.n, k: c.k } }),
    rows: c.rows, cols: c.cols, dataflow: c.dataflow, sublayers: c.sublayers,
    ifmapSramWords: c.ifmapSramKB * 1024, filterSramWords: c.filterSramKB * 1024, ofmapSramWords: c.ofmapSramKB * 1024,
    mode: c.mode, bandwidthWordsPerCycle: c.bandwidthWordsPerCycle,
  };
}
