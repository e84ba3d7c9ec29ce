// shared/sim/engine.ts withPlacement: applying a placement to the cached placement-free lowering gives, op for op, the
// records that lowering with the placement gives (prepareWorkload), and the same evaluation, for zoo workloads with
// epilogue, prologue and multi-output fusion, fused attention and random placements over DRAM, GMEM and local memory.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { SEARCHED_SOFTWARE, type Location } from '../../shared/core/records';
import { PRESETS } from '../../shared/hardware';
import { machineFromHardware } from '../../shared/sim/machine';
import { evaluatePrepared, prepared, prepareWorkload } from '../../shared/sim/engine';
import { zooWorkload } from '../../shared/workload';
import { Rng } from '../../shared/search/index';

describe('placement applied to the placement-free lowering', () => {
  const cases = [
    { name: 'teaching-cnn', batch: 8 },
    { name: 'efficientnet-b0', batch: 64 },
    { name: 'resnet50-v2', batch: 8 },
    { name: 'bert-base-128', batch: 8, fusedAttentionLocalBytes: 16 * 2 ** 20, onlineSoftmax: true },
    { name: 'bert-base-1024', batch: 1 },
    { name: 'llama-3.2-1b:prefill,prompt=256', batch: 2, fusedAttentionLocalBytes: 16 * 2 ** 20, onlineSoftmax: true },
    { name: 'gpt2-124m:decode,context=512', batch: 4 },
  ];
  it.each(cases)('$name at batch $batch: the same records and results for random placements', async ({ name, ...opts }) => {
    const core = await loadCore();
    const m = machineFromHardware(PRESETS.tpuv4i);
    const w = zooWorkload(name);
    const rng = new Rng(11, name);
    const levels: Location[] = ['dram', 'gmem', 'local'];
    for (let k = 0; k < 6; k++) {
      const placement = new Map<string, Location>();
      for (const t of w.tensors) if (rng.float() < [0.1, 0.5, 0.9, 1, 0.3, 0.7][k]) placement.set(t.name, levels[Math.floor(rng.float() * 3)]);
      const want = prepareWorkload(w, { ...opts, placement });
      const got = prepared(w, { ...opts, placement });
      expect(got.lowered.map((l) => [l.name, l.operands, l.fusedAttention])).toEqual(want.lowered.map((l) => [l.name, l.operands, l.fusedAttention]));
      for (let i = 0; i < want.lowered.length; i++) {
        expect(JSON.stringify(got.unique[got.slot[i]])).toBe(JSON.stringify(want.unique[want.slot[i]]));
        expect(JSON.stringify(got.lowered[i].record)).toBe(JSON.stringify(want.lowered[i].record));
      }
      expect(got.fused).toEqual(want.fused);
      expect(evaluatePrepared(core, got, m, SEARCHED_SOFTWARE)).toEqual(evaluatePrepared(core, want, m, SEARCHED_SOFTWARE));
    }
  }, 60_000);
});
