// The `fast` CLI: in-process through main() for exit codes and output, and once as a real process via the bin.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../cli/main';
import { loadOracle } from '../oracle/scalesim';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fast-cli-'));
const cfg = (rows: number, cols: number, df: string, mode = 'CALC') =>
  `[general]\nrun_name = t\n[architecture_presets]\nArrayHeight: ${rows}\nArrayWidth: ${cols}\nIfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB: 64\nIfmapOffset: 0\nFilterOffset: 10000000\nOfmapOffset: 20000000\nDataflow: ${df}\nBandwidth: 10\n[run_presets]\nInterfaceBandwidth: ${mode}\n`;

describe('fast CLI', () => {
  beforeAll(() => {
    writeFileSync(join(dir, 'r50.csv'), 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nresnet50_Conv1, 224, 224, 7, 7, 3, 64, 2,\nresnet50_CB2a_2, 56, 56, 3, 3, 64, 64, 1,\n');
    writeFileSync(join(dir, 'ws128.cfg'), cfg(128, 128, 'ws'));
    writeFileSync(join(dir, 'user.cfg'), cfg(32, 32, 'ws', 'USER'));
  });

  it('--help lists the commands and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: fast/);
    expect(r.out).toMatch(/scalesim/);
  });

  it('a bad flag exits 2 with one line naming it', async () => {
    for (const argv of [['--bogus'], ['scalesim', '--topology', 'x.csv', '--config', 'y.cfg', '--format', 'tsv'], ['nosuchcommand']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^fast: /);
    }
    expect((await run(['--bogus'])).err).toMatch(/unknown option '--bogus'/);
    expect((await run(['scalesim', '--topology', join(dir, 'r50.csv')])).err).toMatch(/--config <file>' not specified/);
  });

  it('an unreadable file or a bad config exits 2 with one line', async () => {
    const r = await run(['scalesim', '--topology', join(dir, 'missing.csv'), '--config', join(dir, 'ws128.cfg')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read topology .*missing\.csv.*ENOENT/);
    writeFileSync(join(dir, 'badflow.cfg'), cfg(32, 32, 'xs'));
    const u = await run(['scalesim', '--topology', join(dir, 'r50.csv'), '--config', join(dir, 'badflow.cfg')]);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/Dataflow must be os, ws or is/);
  });

  it('scalesim --json reproduces SCALE-Sim v2 (cases c003 and the CB2a_2 128×128 ws case)', async () => {
    const r = await run(['scalesim', '--topology', join(dir, 'r50.csv'), '--config', join(dir, 'ws128.cfg'), '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    const oracle = loadOracle().filter((c) => c.group === 'A_calc_sram64' && c.rows === 128 && c.cols === 128 && c.dataflow === 'ws');
    for (const row of rows) {
      const o = oracle.find((c) => c.layerName === row.layer)!;
      expect(row.totalCycles).toBe(o.totalCycles);
      expect(row.stallCycles).toBe(0);
      expect(row.overallUtilizationPct).toBeCloseTo(o.overallUtilPct, 4);
    }
    const human = await run(['scalesim', '--topology', join(dir, 'r50.csv'), '--config', join(dir, 'ws128.cfg')]);
    expect(human.out).toMatch(/resnet50_Conv1\s+24963\s+0/);
  });

  it('runs as a real process through the package bin (npx fast)', async () => {
    const bin = new URL('../../cli/fast.mjs', import.meta.url).pathname;
    const ok = await promisify(execFile)(process.execPath, [bin, '--help']);
    expect(ok.stdout).toMatch(/Usage: fast/);
    const bad = await promisify(execFile)(process.execPath, [bin, '--nope']).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^fast: unknown option '--nope'/);
  });
});
