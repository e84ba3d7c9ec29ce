// `fast validate [--json]`: the model held to every public number we have — one row per check (the TPU family's die
// areas and TDPs with leave-one-out errors, die shares, the TPUv2 → TPU-v3 step, TPU-v3's measured power, the presets'
// published peaks, the SCALE-Sim v2 oracle, MLPerf v0.5 throughputs, LLMCompass's TPU-v3 vector operators, the CS229S
// depthwise split, TPUv4i's CMEM). Exit status 1 when a row is outside its tolerance. docs/validation.md.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { validationReport, type ValidationReport, type ValidationRow } from '../../shared/api/validate';
import { ChecksFailed, type Io } from '../errors';
import { table } from '../output';

/** The SCALE-Sim oracle shipped in the repository (tests/oracle/scalesim/public.csv). */
export function oracleCsvText(): string {
  return readFileSync(new URL('../../tests/oracle/scalesim/public.csv', import.meta.url), 'utf8');
}

export async function runValidate(): Promise<ValidationReport> {
  return validationReport(await loadCore(), oracleCsvText(), await loadHighs());
}

const sig = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
const signedPct = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;

export function validateTable(r: ValidationReport): string {
  const tol = (x: ValidationRow) => (x.band ? `${signedPct(x.band[0])}…${signedPct(x.band[1])}` : x.publishedRange ? `${sig(x.publishedRange[0])}…${sig(x.publishedRange[1])}` : x.tolerance === 0 ? 'exact' : x.oneSided ? `≥ −${(x.tolerance * 100).toFixed(0)}%` : `±${(x.tolerance * 100).toFixed(0)}%`);
  const body = table(
    ['', 'check', 'subject', 'published', 'model', 'error', 'tolerance', 'leave-one-out', 'source'],
    r.rows.map((x) => [
      x.ok ? 'ok' : x.knownDisagreement ? 'out*' : 'OUT', x.quantity, x.subject, `${sig(x.published)} ${x.unit}`, `${sig(x.model)} ${x.unit}`, signedPct(x.error), tol(x),
      x.leaveOneOutError === undefined ? '' : x.leaveOneOutError === null ? 'n/a' : signedPct(x.leaveOneOutError), x.source,
    ]),
  );
  const ok = r.rows.filter((x) => x.ok).length;
  const knobs = r.knobs.map((k) => `  ${k.name} = ${k.value.toFixed(4)} ${k.unit}: ${k.meaning}`).join('\n');
  const known = r.rows.filter((x) => !x.ok && x.knownDisagreement).map((x) => `  out* ${x.id}: a known disagreement with a soft (unverified) source: ${x.knownDisagreement}`).join('\n');
  return `${body}\n\n${ok} of ${r.rows.length} rows within tolerance; ${new Set(r.rows.map((x) => x.source)).size} sources.\n${known ? `${known}\n` : ''}fitted knobs (least squares on the family's log area and log TDP; η on MLPerf):\n${knobs}\n`;
}

export function validateCommand(io: Io): Command {
  return new Command('validate')
    .description('hold the model to every public number: one row per check, with its source, error and tolerance')
    .option('--json', 'print JSON: {rows: [{id, quantity, subject, unit, source, sourceUrl, published, publishedRange?, model, error, tolerance, band?, oneSided?, toleranceReason?, ok, kind, leaveOneOutError?, note?}], knobs}')
    .action(async (o: { json?: boolean }) => {
      const r = await runValidate();
      io.out(o.json ? JSON.stringify(r, null, 2) + '\n' : validateTable(r));
      const out = r.rows.filter((x) => !x.ok && !x.knownDisagreement);
      if (out.length) throw new ChecksFailed(`${out.length} of ${r.rows.length} rows outside their tolerance: ${out.map((x) => x.id).join(', ')}`);
    });
}
