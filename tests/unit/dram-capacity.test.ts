// DRAM capacity (issue 20) and the DRAM rate grid (issue 18): the footprint a workload keeps in DRAM
// (shared/workload/counts.ts workloadFootprint), the search's 'capacity' infeasibility (shared/search/objective.ts,
// evaluate.ts), SimulateReport.memory, and that every DRAM rate the search proposes is a value of the technology's grid.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { NO_PASSES } from '../../shared/compiler/passes';
import { simulate } from '../../shared/api/simulate';
import {
  DRAM_INTERFACES, PRESETS, PRESET_NAMES, domainValues, dramCapacityBytes, effectiveDomain, type HardwareSpec,
} from '../../shared/hardware';
import { workloadFootprint, zooWorkload, type WorkloadSpec } from '../../shared/workload';
import {
  INFEASIBLE_CODES, TrialEvaluator, checkCapacity, largestFittingBatch, memoryFit,
} from '../../shared/search';
import { createStrategy, normalizeStudy, studySpace } from '../../shared/search/study-spec';

const GIB = 2 ** 30;
const v3 = PRESETS['tpu-v3'];

/** A hand-checkable chain: input x [4] → a [8] → b [2], with a skip from a to c: c = b + a → d. */
function chain(): WorkloadSpec {
  const t = (name: string, n: number, kind: 'input' | 'activation' | 'weight') => ({ name, shape: [n], elementBytes: 2, kind });
  const ew = (name: string, inputs: string[], out: string, n: number) => ({
    name, kind: 'elementwise' as const, inputs, outputs: [out], weights: [], elementwise: { op: 'add' as const, elements: n },
  });
  return {
    name: 'chain', source: 'json',
    tensors: [t('x', 4, 'input'), t('w', 100, 'weight'), t('a', 8, 'activation'), t('b', 2, 'activation'), t('c', 8, 'activation'), t('d', 8, 'activation')],
    ops: [ew('op_a', ['x'], 'a', 8), ew('op_b', ['a'], 'b', 2), ew('op_c', ['b', 'a'], 'c', 8), ew('op_d', ['c'], 'd', 8)],
  } as WorkloadSpec;
}

describe('workloadFootprint', () => {
  it('weights once, inputs and the peak of live activations times the batch (a hand-counted chain)', () => {
    // Live after each op: a (16 B); a + b (20); a + b + c (36), then a and b die; c + d (32), d is a graph output.
    const f = workloadFootprint(chain(), 3);
    expect(f.weightBytes).toBe(200);
    expect(f.inputBytes).toBe(3 * 8);
    expect(f.kvCacheBytes).toBe(0);
    expect(f.activationBytes).toBe(3 * 36);
    expect(f.totalBytes).toBe(200 + 24 + 108);
  });

  it('grows with the batch; weights do not', () => {
    const w = zooWorkload('efficientnet-b0');
    fc.assert(fc.property(fc.integer({ min: 1, max: 512 }), (b) => {
      const [f, g] = [workloadFootprint(w, b), workloadFootprint(w, b + 1)];
      expect(g.weightBytes).toBe(f.weightBytes);
      expect(g.totalBytes).toBeGreaterThan(f.totalBytes);
    }), { numRuns: 20 });
  });

  it('an LLM\'s KV cache is exact: Llama 3 8B keeps 128 KiB per token in bf16; prefill and a request hold the cache they leave', () => {
    const dec = workloadFootprint(zooWorkload('llama-3-8b:decode,context=2048'), 4);
    expect(dec.kvCacheBytes).toBe(4 * 2048 * 128 * 1024);
    expect(dec.inputBytes).toBeGreaterThanOrEqual(dec.kvCacheBytes);
    expect(dec.weightBytes / GIB).toBeCloseTo(8.03e9 * 2 / GIB, 1);
    const pre = workloadFootprint(zooWorkload('llama-3-8b:prefill,prompt=2048'), 4);
    expect(pre.kvCacheBytes).toBe(4 * 2048 * 128 * 1024);
    const req = workloadFootprint(zooWorkload('llama-3-8b:request,prompt=1024,output=1024'), 4);
    expect(req.kvCacheBytes).toBe(4 * 2048 * 128 * 1024);
    // int8 KV halves the cache.
    expect(workloadFootprint(zooWorkload('llama-3-8b:decode,context=2048,kv=int8'), 4).kvCacheBytes).toBe(4 * 2048 * 64 * 1024);
  });
});

describe('capacity feasibility', () => {
  it('tpu-v3 (32 GiB) does not hold Llama 3 8B at batch 64 and context 8192; the reason says what it needs', () => {
    const w = zooWorkload('llama-3-8b:decode,context=8192');
    const m = memoryFit(w, v3, 64);
    expect(m.fits).toBe(false);
    expect(m.capacityBytes).toBe(32 * GIB);
    expect(checkCapacity(w, v3, 64)).toMatch(
      /^llama-3-8b:decode,context=8192 at batch 64 needs 79\.\d GiB of DRAM \(weights 15\.0 GiB, KV cache and inputs 64\.0 GiB, activations [\d.]+ MiB\) but has 32 GiB$/,
    );
    // 16 sequences of 1 GiB of cache beside 15 GiB of weights fit; 32 do not.
    expect(largestFittingBatch(w, v3)).toBe(16);
  });

  it('EfficientNet-B0 fits everywhere: every preset at batch 64, and the smallest DRAM of the space (one 1 GiB device)', () => {
    const w = zooWorkload('efficientnet-b0');
    for (const n of PRESET_NAMES) expect(checkCapacity(w, PRESETS[n], 64), n).toBeNull();
    const smallest: HardwareSpec = { ...PRESETS['teaching-8x8'], dramStacks: 1, dramGiBPerStack: 1 };
    expect(checkCapacity(w, smallest, 64)).toBeNull();
  });

  it('a study\'s space knows the capacity its zoo workloads need at its batch, so strategies do not propose designs that cannot hold it', () => {
    const study = normalizeStudy({ workloads: ['gpt2-124m:decode,context=1024'], trials: 8, seed: 1, batch: 64 });
    const space = studySpace(study);
    const lp = (gib: number): HardwareSpec => ({ ...PRESETS['teaching-8x8'], batch: 64, dramGiBPerStack: gib });
    const need = workloadFootprint(zooWorkload('gpt2-124m:decode,context=1024'), 64).totalBytes;
    expect(need).toBeGreaterThan(2 * GIB);
    expect(need).toBeLessThan(4 * GIB);
    expect(space.check!(lp(2))).toBe(checkCapacity(zooWorkload('gpt2-124m:decode,context=1024'), lp(2), 64));
    expect(space.check!(lp(4))).toBeNull();
    // With an SLO the batch is chosen per design: only batch 1 must fit.
    const slo = studySpace(normalizeStudy({ workloads: ['gpt2-124m:decode,context=1024'], trials: 8, seed: 1, batch: 64, latencySloSeconds: 1 }));
    expect(slo.check!(lp(1))).toBeNull();
  });

  it('\'capacity\' is an infeasibility code', () => {
    expect(INFEASIBLE_CODES).toContain('capacity');
  });

  it('SimulateReport.memory is the footprint at the batch against the capacity', async () => {
    const core = await loadCore();
    const w = zooWorkload('efficientnet-b0');
    const r = simulate(core, undefined, { workload: w, hardware: v3, hardwareName: 'tpu-v3', batch: 8, passes: NO_PASSES });
    const f = workloadFootprint(w, 8);
    expect(r.memory).toEqual({
      footprintBytes: f.totalBytes, weightBytes: f.weightBytes, inputBytes: f.inputBytes, kvCacheBytes: 0,
      activationBytes: f.activationBytes, capacityBytes: dramCapacityBytes(v3), fits: true,
    });
  });

  it('the search calls a design that cannot hold the batch infeasible, and with a latency SLO tries only batches that fit', async () => {
    const core = await loadCore();
    const ev = new TrialEvaluator(core, loadHighs);
    // GPT-2 at context 1024 keeps 36 KiB per token: 36 MiB per sequence beside ~250 MB of weights in one 1 GiB device.
    const w = 'gpt2-124m:decode,context=1024';
    const small: HardwareSpec = { ...PRESETS['teaching-8x8'], batch: 64 };
    const [t] = await ev.evaluate({ workloads: [w], batch: 64, designs: [small] });
    expect(t.status).toBe('infeasible');
    expect(t.code).toBe('capacity');
    expect(t.reason).toMatch(/^gpt2-124m:decode,context=1024 at batch 64 needs [\d.]+ GiB of DRAM \(weights .*, KV cache and inputs .*, activations .*\) but has 1 GiB$/);
    const fit = largestFittingBatch(zooWorkload(w), small)!;
    expect(fit).toBeLessThan(64);
    const [s] = await ev.evaluate({ workloads: [w], batch: 64, latencySloSeconds: 1e4, designs: [small] });
    expect(s.status).toBe('ok');
    expect(s.workloads[0].batch).toBe(fit);
  }, 120_000);
});

describe('the DRAM rate grid (issue 18)', () => {
  const grid = (t: string) => domainValues(effectiveDomain('dramGBpsPerStack', { dramTechnology: t as 'hbm2' })) as number[];

  it('every rate the study space can decode is a value of its technology\'s grid; HBM2 has at most 181', () => {
    const space = studySpace(normalizeStudy({ workloads: ['efficientnet-b0'], trials: 10, seed: 1 }));
    const rate = space.dims.find((d) => d.id === 'dramGBpsPerStack')!;
    for (const t of Object.keys(DRAM_INTERFACES)) {
      const values = rate.values({ dramTechnology: t }) as number[];
      expect(values, t).toEqual(grid(t));
      expect(values.at(-1), t).toBe(grid(t).at(-1));
    }
    expect(grid('hbm2').length).toBeLessThanOrEqual(181);
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: space.dims.length, maxLength: space.dims.length }), (u) => {
      const h = space.decode(u);
      expect(grid(h.dramTechnology)).toContain(h.dramGBpsPerStack);
      expect(DRAM_INTERFACES[h.dramTechnology].capacitiesGiB).toContain(h.dramGiBPerStack);
    }), { numRuns: 300 });
  });

  it('a seeded short search proposes only on-grid rates and capacities of the design\'s technology', () => {
    for (const algorithm of ['random', 'evolution', 'bo', 'swarm'] as const) {
      const study = normalizeStudy({ workloads: ['efficientnet-b0'], trials: 24, seed: 7, algorithm });
      const space = studySpace(study);
      const s = createStrategy(study);
      for (let round = 0; round < 3; round++) {
        const pts = s.ask(8);
        pts.forEach((p, i) => {
          const h = space.decode(p);
          expect(grid(h.dramTechnology), `${algorithm}: ${h.dramGBpsPerStack}`).toContain(h.dramGBpsPerStack);
          expect(DRAM_INTERFACES[h.dramTechnology].capacitiesGiB).toContain(h.dramGiBPerStack);
          s.tell(p, i % 3 === 0 ? null : h.dramGBpsPerStack * h.dramStacks / 1000 + h.arrayRows / 256);
        });
      }
    }
  });
});
