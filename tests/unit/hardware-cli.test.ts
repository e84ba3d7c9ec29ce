// `fast hardware` in-process through main(): presets priced, a design file (complete or partial over a preset)
// priced, and every bad --hardware exits 2 with one line naming the problem.
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { resolveHardware } from '../../cli/hardware-arg';
import { UsageError } from '../../cli/errors';
import { PRESETS, hardwareCost, peakFlopsPerSecond } from '../../shared/hardware';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fast-hw-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe('fast hardware', () => {
  let badFile = '', partialFile = '', brokenFile = '', unknownFieldFile = '', tileFile = '';
  beforeAll(() => {
    badFile = file('bad.json', JSON.stringify({ base: 'tpu-v3', arrayRows: 300 }));
    partialFile = file('v3-7nm.json', JSON.stringify({ base: 'tpu-v3', processNode: '7nm' }));
    brokenFile = file('broken.json', '{"base": "tpu-v3", ');
    unknownFieldFile = file('unknown.json', JSON.stringify({ ...PRESETS['tpu-v3'], hbmStacks: 4 }));
    tileFile = file('tile.json', JSON.stringify({ base: 'tpu-v3', arraysPerCore: 8, arrayRows: 256, arrayCols: 256, vectorLanesPerCore: 8192, localMemoryMiB: 2 }));
  });

  it('--json lists every preset priced from the table', async () => {
    const r = await run(['hardware', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    expect(rows.map((x: { name: string }) => x.name)).toEqual(['tpu-v2', 'tpu-v3', 'tpuv4i', 'teaching-8x8']);
    for (const row of rows) {
      const h = PRESETS[row.name as keyof typeof PRESETS];
      const c = hardwareCost(h);
      expect(row.areaMm2).toBeCloseTo(c.areaMm2, 9);
      expect(row.tdpWatts).toBeCloseTo(c.tdpWatts, 9);
      expect(row.peakFlopsPerSecond).toBe(peakFlopsPerSecond(h));
      expect(row.hardware).toEqual(h);
      expect(row.breakdown.reduce((s: number, l: { watts: number }) => s + l.watts, 0)).toBeCloseTo(row.tdpWatts, 9);
      expect(Object.keys(row.breakdown[0]).sort()).toEqual(['areaMm2', 'component', 'fixed', 'watts']);
      expect(row.peakWatts).toBeCloseTo(c.peakWatts, 9);
      expect(row.ownAreaMm2).toBeCloseTo(c.ownAreaMm2, 9);
    }
    const v3 = rows[1];
    expect(v3.tdpWatts).toBeGreaterThan(450 * 0.85);
    expect(v3.tdpWatts).toBeLessThan(450 * 1.15);
    expect(v3.peakFlopsPerSecond / 1e12).toBeCloseTo(123.2, 1);
  });

  it('the human table shows every preset; a single design adds its breakdown', async () => {
    const all = await run(['hardware']);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/^design\s+node\s+area mm²\s+TDP W\s+peak TFLOPS/);
    const v3 = hardwareCost(PRESETS['tpu-v3']);
    expect(all.out).toMatch(new RegExp(`\\ntpu-v3\\s+16nm\\s+${v3.areaMm2.toFixed(1)}\\s+${v3.tdpWatts.toFixed(1)}\\s+123\\.2\\s`));
    expect(all.out).toMatch(/\ntpuv4i\s+7nm\s/);
    expect(all.out).toMatch(/\ntpu-v2\s+16nm\s/);
    expect(all.out).toMatch(/\nteaching-8x8\s+16nm\s/);
    const one = await run(['hardware', '--hardware', 'tpu-v3']);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/\nsystolic MAC arrays\s+73\.15\s+11\.\d\s/);
    expect(one.out).toMatch(new RegExp(`\\ntotal\\s+${Math.floor(v3.areaMm2)}\\.\\d+\\s+100\\s+${Math.floor(v3.tdpWatts)}\\.\\d+\\s+100\\n`));
    expect(one.out).toMatch(/this design's own blocks: [\d.]+ mm², [\d.]+ W/);
  });

  it('prices a partial design file over a preset, named after the file', async () => {
    const r = await run(['hardware', '--hardware', partialFile, '--json']);
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.out);
    expect(row.name).toBe('v3-7nm');
    expect(row.hardware).toEqual({ ...PRESETS['tpu-v3'], processNode: '7nm' });
    expect(row.areaMm2).toBeCloseTo(hardwareCost({ ...PRESETS['tpu-v3'], processNode: '7nm' }).areaMm2, 9);
    expect(row.areaMm2).toBeLessThan(hardwareCost(PRESETS['tpu-v3']).areaMm2 * 0.7);
  });

  it('bad.json exits 2 with one line naming the field and its range', async () => {
    const r = await run(['hardware', '--hardware', badFile]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^fast: hardware file ".*bad\.json": arrayRows must be 8…256 in steps of 8 \(got 300\)\n$/);
  });

  it('every other bad --hardware exits 2 with one line', async () => {
    const cases: [string, RegExp][] = [
      ['tpu-v4', /^fast: unknown hardware "tpu-v4": not a preset \(tpu-v2, tpu-v3, tpuv4i, teaching-8x8\) or a \.json file$/],
      [join(dir, 'missing.json'), /^fast: cannot read hardware file ".*missing\.json": no such file \[ENOENT\]$/],
      [brokenFile, /^fast: hardware file ".*broken\.json": invalid JSON \(.+\)$/],
      [unknownFieldFile, /^fast: hardware file ".*unknown\.json": unknown field "hbmStacks"; known fields: cores, .*$/],
      [tileFile, /^fast: hardware file ".*tile\.json": localMemoryMiB must be 6…64 MiB for this design: .* \(got 2\)$/],
    ];
    for (const [arg, message] of cases) {
      const r = await run(['hardware', '--hardware', arg, '--json']);
      expect(r.code, arg).toBe(2);
      expect(r.out, arg).toBe('');
      expect(r.err.trim().split('\n'), arg).toHaveLength(1);
      expect(r.err.trim(), arg).toMatch(message);
    }
    const noValue = await run(['hardware', '--hardware']);
    expect(noValue.code).toBe(2);
    expect(noValue.err).toMatch(/^fast: option '--hardware <H>' argument missing/);
  });

  it('resolveHardware returns presets by name and throws UsageError otherwise', async () => {
    expect(await resolveHardware('tpuv4i')).toEqual({ name: 'tpuv4i', spec: PRESETS.tpuv4i });
    // the preset's earlier name is still accepted
    expect(await resolveHardware('tpuv4i-like')).toEqual({ name: 'tpuv4i', spec: PRESETS.tpuv4i });
    await expect(resolveHardware(badFile)).rejects.toBeInstanceOf(UsageError);
    await expect(resolveHardware('nope')).rejects.toThrow(/valid|preset/);
  });

  it('--help lists the hardware command', async () => {
    const r = await run(['--help']);
    expect(r.out).toMatch(/hardware \[options\]/);
  });
});
