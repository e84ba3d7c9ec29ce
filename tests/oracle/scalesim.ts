// Loads the SCALE-Sim v2 oracle (tests/oracle/scalesim/public.csv; how it was produced: tests/oracle/scalesim/README.md).
import { readFileSync } from 'node:fs';
import { parseOracleCsv, type OracleCase } from '../../shared/scalesim/oracle';

export type { OracleCase };

export function oracleCsv(): string {
  return readFileSync(new URL('./scalesim/public.csv', import.meta.url), 'utf8');
}

export function loadOracle(): OracleCase[] {
  return parseOracleCsv(oracleCsv());
}
