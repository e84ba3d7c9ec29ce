// `fast simulate`: its JSON contract (the fields asserted below) and one-line errors with exit code 2.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('fast simulate', () => {
  it('prints the `fast simulate --json` contract with per-op results that sum to the totals', async () => {
    const r = await run(['simulate', '--workload', 'efficientnet-b0', '--hardware', 'tpu-v3', '--batch', '32', '--passes', 'none', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of ['workload', 'hardware', 'batch', 'latencySeconds', 'throughputPerSecond', 'tdpWatts', 'areaMm2', 'perfPerTdp', 'totals', 'ops']) expect(j).toHaveProperty(k);
    for (const k of ['cycles', 'macs', 'dramBytes', 'utilization']) expect(j.totals).toHaveProperty(k);
    expect([j.workload, j.hardware, j.batch, j.passes]).toEqual(['efficientnet-b0', 'tpu-v3', 32, 'none']);
    const op = j.ops[0];
    for (const k of ['name', 'kind', 'macs', 'cycles', 'computeCycles', 'vectorCycles', 'memoryCycles', 'bound', 'utilization', 'dramBytes', 'onChip']) expect(op).toHaveProperty(k);
    const sum = (f: (o: { cycles: number; macs: number; dramBytes: number }) => number) => j.ops.reduce((s: number, o: never) => s + f(o), 0);
    expect(sum((o) => o.cycles)).toBeCloseTo(j.totals.cycles, 3);
    expect(sum((o) => o.macs)).toBe(j.totals.macs);
    expect(j.throughputPerSecond).toBeCloseTo(32 / j.latencySeconds, 6);
    expect(j.perfPerTdp).toBeCloseTo(j.throughputPerSecond / j.tdpWatts, 9);
    // EfficientNet-B0: 0.39 G MACs per image (published), ×32
    expect(j.totals.macs / 32 / 1e9).toBeCloseTo(0.39, 1);
  });

  it('fusion on a design with a global memory reports the tensors it keeps on chip', async () => {
    const r = await run(['simulate', '--workload', 'efficientnet-b0', '--hardware', 'tpuv4i', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.fusion.onChip.length).toBeGreaterThan(0);
    expect(j.fusion.dramBytesSaved).toBeGreaterThan(0);
    expect(j.ops.some((o: { onChip: string[] }) => o.onChip.length > 0)).toBe(true);
  });

  it('human output names the design and lists the slowest ops', async () => {
    const r = await run(['simulate', '--workload', 'teaching-cnn', '--hardware', 'teaching-8x8', '--ops', '3']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/teaching-cnn on teaching-8x8/);
    expect(r.out).toMatch(/The 3 slowest ops/);
  });

  it('bad input exits 2 with one line naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fast-sim-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ base: 'tpu-v3', arrayRows: 7 }));
    const cases: [string[], RegExp][] = [
      [['simulate', '--workload', 'nope', '--hardware', 'tpu-v3'], /unknown workload "nope"/],
      [['simulate', '--workload', 'efficientnet-b0', '--hardware', 'tpu-v9'], /unknown hardware "tpu-v9"/],
      [['simulate', '--workload', 'efficientnet-b0', '--hardware', 'tpu-v3', '--batch', '0'], /--batch must be a whole number from 1 to 1024/],
      [['simulate', '--workload', 'efficientnet-b0', '--hardware', 'tpu-v3', '--passes', 'fusion,magic'], /unknown pass "magic"/],
      [['simulate', '--workload', 'efficientnet-b0', '--hardware', join(dir, 'bad.json')], /arrayRows/],
      [['simulate', '--hardware', 'tpu-v3'], /--workload <W>' not specified/],
    ];
    for (const [argv, msg] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(msg);
    }
  });
});
