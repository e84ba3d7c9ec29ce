// Golden reports (tests/golden/README.md): every case's whole report, computed fresh through the API the CLI and the
// workers use, must equal its expected.json: whole numbers exactly, other numbers to 1e-9 relative (REL_TOL in
// tests/fixtures/golden.ts), strings exactly, same keys and array lengths. A mismatch leaves the fresh output in
// tests/golden/<case>/expected-changed.json and names the first differing paths; `npm run golden:update` rewrites
// expected.json, so a model change shows up as a reviewed diff of those files.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { casePath, checkCase, compareGolden, listCases, mismatchMessage, REL_TOL } from '../fixtures/golden';

const CASES = listCases();

describe('golden reports', () => {
  it('has the cases, each with request.json, expected.json and README.md', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(6);
    for (const name of CASES) for (const file of ['request.json', 'expected.json', 'README.md']) {
      expect(existsSync(casePath(name, file)), `tests/golden/${name}/${file}`).toBe(true);
    }
  });

  it.each(CASES)('%s matches expected.json', async (name) => {
    const check = await checkCase(name);
    if (check.differences.length) expect.fail(mismatchMessage(check));
  }, 120_000);

  it('the comparison: whole numbers exact, others to REL_TOL relative, same keys and lengths, paths named', () => {
    expect(REL_TOL).toBe(1e-9);
    expect(compareGolden({ a: [1, 2.5] }, { a: [1, 2.5 * (1 + 5e-10)] })).toEqual([]);
    expect(compareGolden({ a: [1, 2.5] }, { a: [1, 2.5 * (1 + 2e-9)] })).toEqual(['a[1]: expected 2.5 got 2.500000005 (relative 2.00e-9)']);
    expect(compareGolden({ ops: [{ cycles: 1234 }] }, { ops: [{ cycles: 1234.0000001 }] })).toEqual(['ops[0].cycles: expected 1234 got 1234.0000001 (relative 8.10e-11)']);
    expect(compareGolden({ x: 0 }, { x: 1e-300 })).toEqual(['x: expected 0 got 1e-300']);
    expect(compareGolden({ s: 'ws', n: null, b: true }, { s: 'os', n: null, b: true })).toEqual(['s: expected "ws" got "os"']);
    expect(compareGolden({ a: 1, b: 2 }, { a: 1, c: 2 })).toEqual(['b: expected 2 got nothing (key missing)', 'c: not in expected.json, got 2']);
    expect(compareGolden({ a: [1, 2] }, { a: [1] })).toEqual(['a: expected 2 items got 1']);
    expect(compareGolden({ a: 1 }, { a: '1' })).toEqual(['a: expected number 1 got string "1"']);
    expect(compareGolden({ a: null }, { a: 0 })).toEqual(['a: expected null null got number 0']);
  });
});
