// The worker API's validation and sensitivity methods (shared/api/worker-api.ts): bad input is refused with one clear
// line before any work, and good input gets exactly what shared/api/validate.ts and sensitivity.ts compute in-process.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimApi, oracleCsvProblem, MAX_ORACLE_CSV_CHARS } from '../../shared/api/worker-api';
import { validationReport } from '../../shared/api/validate';
import { sensitivityReport } from '../../shared/api/sensitivity';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { PRESETS, PRESET_NAMES } from '../../shared/hardware';
import { zooWorkload } from '../../shared/workload';

const api = createSimApi();
const oracle = readFileSync(new URL('../oracle/scalesim/public.csv', import.meta.url), 'utf8');

/** The message of the error `p` rejects with (fails the test when it resolves). */
async function failure(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return (e as Error).message; }
  throw new Error('expected an error');
}

/** One line, mentioning each of `words`. */
function expectOneLine(message: string, ...words: (string | RegExp)[]): void {
  expect(message).not.toMatch(/\n/);
  expect(message.length).toBeLessThan(400);
  for (const w of words) expect(message).toMatch(w);
}

describe('validate: input errors', () => {
  it.each([
    ['not text', 42, /expected the oracle CSV as text \(got number\)/],
    ['null', null, /got null/],
    ['empty', '', /oracle CSV is empty/],
    ['blank lines', '\n\n', /oracle CSV is empty/],
    ['another CSV', 'layer,ifmap_h,ifmap_w\nconv1,224,224\n', /header must start with "case_id" \(got "layer,ifmap_h,ifmap_w"/],
    ['a long bad header', `${'x'.repeat(500)}\n1,2\n`, /header must start with "case_id" \(got "x{40}…"/],
    ['too long', `case_id\n${'y'.repeat(MAX_ORACLE_CSV_CHARS)}`, /more than the 4000000 allowed/],
  ])('%s → one line', async (_, text, pattern) => {
    const m = await failure(api.validate(text as string));
    expectOneLine(m, /^validate: /, pattern);
    expect(oracleCsvProblem(text)).toBe(m);
  });

  it('accepts the oracle file (with or without a byte-order mark) and returns what validate.ts computes', async () => {
    expect(oracleCsvProblem(oracle)).toBeNull();
    expect(oracleCsvProblem(`\uFEFF${oracle}`)).toBeNull();
    const report = await api.validate(oracle);
    expect(report).toEqual(validationReport(await loadCore(), oracle, await loadHighs()));
    expect(report.rows.length).toBeGreaterThan(0);
  });
});

describe('sensitivity: input errors', () => {
  it.each([
    ['no message', undefined, /^sensitivity: expected a message with a workload and a hardware design$/],
    ['an unknown zoo workload', { workload: 'resnet-9000', hardware: 'tpu-v3' }, /^unknown workload "resnet-9000"; zoo workloads: .*efficientnet-b0[^;]*$/],
    ['a mistyped zoo workload', { workload: 'efficientnet-b9', hardware: 'tpu-v3' }, /^unknown workload "efficientnet-b9"; zoo workloads: efficientnet-b0…b7, .*teaching-cnn and the LLMs .*mixtral-8x7b; did you mean "efficientnet-b0", "efficientnet-b1" or "efficientnet-b2"\?$/],
    ['a malformed workload spec', { workload: { name: 'x' }, hardware: 'tpu-v3' }, /^workload: /],
    ['an unknown preset', { workload: 'teaching-cnn', hardware: 'tpu-v9' }, /^unknown hardware preset "tpu-v9" \(presets: .*tpu-v3/],
    ['a design out of range', { workload: 'teaching-cnn', hardware: { ...PRESETS['tpu-v3'], cores: 99 } }, /^hardware: cores must be one of .* \(got 99\)$/],
    ['batch 0', { workload: 'teaching-cnn', hardware: 'tpu-v3', batch: 0 }, /^batch must be a whole number from 1 to \d+ \(got 0\)$/],
    ['a fractional batch', { workload: 'teaching-cnn', hardware: 'tpu-v3', batch: 2.5 }, /\(got 2\.5\)$/],
    ['a hardware name that is not text', { workload: 'teaching-cnn', hardware: 'tpu-v3', hardwareName: 7 }, /^sensitivity: hardwareName must be text$/],
  ])('%s → one line', async (_, msg, pattern) => {
    const m = await failure(api.sensitivity(msg as never));
    expectOneLine(m, pattern);
  });

  // A preset with global memory and one without (fusion solves for local-memory residency too, so both need HiGHS).
  const withGmem = PRESET_NAMES.find((p) => PRESETS[p].globalMemoryMiB > 0)!;
  it.each([
    ['with global memory: HiGHS loaded', withGmem],
    ['without global memory', 'tpu-v3' as const],
  ])('answers what sensitivity.ts computes in-process (%s)', async (_, preset) => {
    const spec = { ...PRESETS[preset] };
    const highs = await loadHighs();
    const report = await api.sensitivity({ workload: 'teaching-cnn', hardware: preset, batch: 8 });
    const direct = sensitivityReport(await loadCore(), highs, { workload: zooWorkload('teaching-cnn'), hardware: spec, hardwareName: preset, batch: 8 });
    expect(report).toEqual(direct);
    expect(report.hardware).toBe(preset);
    expect(report.batch).toBe(8);
    expect(report.rows.length).toBeGreaterThan(0);
  });
});
