// The SCALE-Sim memory model's CALC duplicate-address walk (assembly/scalesim-rects.ts, scalesim-calc-read.ts) after
// its speed-ups (segment memo, rows swept per stretch between distinct breakpoints) against the walk as it was
// before them (the debug switch scalesimReferenceWalk), on random conv layers with overlapping windows: every output
// field, statuses included, must be identical. docs/model.md §1.1.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { scalesimMemory } from '../../shared/core/pack';
import type { ScalesimMemorySpec } from '../../shared/scalesim/memory';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function randomSpec(r: () => number): ScalesimMemorySpec {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const fh = int(2, 11), fw = int(1, 11);
  const stride = int(1, Math.max(1, Math.min(fh, fw) - 1)); // stride < kernel: windows overlap
  const h = int(fh, 64), w = int(fw, 64);
  const edge = [2, 4, 8, 16, 32];
  const small = r() < 0.5;
  const sram = () => (small ? int(100, 3000) : int(4096, 131072));
  return {
    conv: { ifmapHeight: h, ifmapWidth: w, filterHeight: fh, filterWidth: fw, channels: int(1, 6), numFilters: int(1, 40), stride },
    rows: edge[int(0, 4)], cols: edge[int(0, 4)], dataflow: (['os', 'ws', 'is'] as const)[int(0, 2)], sublayers: int(1, 2),
    ifmapSramWords: sram(), filterSramWords: sram(), ofmapSramWords: sram(), mode: 'CALC', bandwidthWordsPerCycle: 10,
  };
}

describe('scalesim CALC duplicate walk: fast = reference', () => {
  afterAll(async () => { (await loadCore()).scalesimReferenceWalk(0); });

  it('is identical on 240 random overlapping-window conv layers (small and large SRAMs, all dataflows)', async () => {
    const core = await loadCore();
    const r = rng(20261205);
    const specs = Array.from({ length: 240 }, () => randomSpec(r));
    core.scalesimReferenceWalk(1);
    const ref = specs.map((s) => scalesimMemory(core, [s])[0]);
    core.scalesimReferenceWalk(0);
    const fast = specs.map((s) => scalesimMemory(core, [s])[0]);
    for (let i = 0; i < specs.length; i++) expect(fast[i], JSON.stringify(specs[i])).toEqual(ref[i]);
    // the walk is exercised: most cases report an approximated ifmap count (the duplicate walk ran)
    expect(ref.filter((x) => x.status === 'ok').length).toBeGreaterThan(200);
  });

  it('is identical on AlexNet Conv1-like layers (the slowest public cases)', async () => {
    const core = await loadCore();
    for (const [df, rows, cols] of [['ws', 32, 32], ['os', 16, 64], ['os', 32, 32], ['is', 128, 128]] as const) {
      for (const sram of [6400, 65536]) {
        const spec: ScalesimMemorySpec = {
          conv: { ifmapHeight: 224, ifmapWidth: 224, filterHeight: 11, filterWidth: 11, channels: 3, numFilters: 96, stride: 4 },
          rows, cols, dataflow: df, sublayers: 1, ifmapSramWords: sram, filterSramWords: sram, ofmapSramWords: sram,
          mode: 'CALC', bandwidthWordsPerCycle: 10,
        };
        core.scalesimReferenceWalk(1);
        const ref = scalesimMemory(core, [spec])[0];
        core.scalesimReferenceWalk(0);
        expect(scalesimMemory(core, [spec])[0]).toEqual(ref);
      }
    }
  });
});
