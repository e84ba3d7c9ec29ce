// XLA-style fusion in the lowering (baseline and searched software alike): input fusion of elementwise producers
// into GEMM inputs (ResNet-50 v2's pre-activation BN + ReLU, EfficientNet's squeeze-excite scale), multi-output
// fusion of a reduction with its producer (the SE squeeze), and the fused-attention software pass (BERT-1024).
// Work is conserved: fused and unfused total vector ops agree (brute force: every op lowered on its own).
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { evalOps } from '../../shared/core/pack';
import { lowerWorkload, flashSoftmaxOps, flashTileBytes, ELEMENTWISE_OPS, type LoweredOp } from '../../shared/sim/lower';
import { evaluateWorkload } from '../../shared/sim/engine';
import { machineFromHardware } from '../../shared/sim/machine';
import { simulate } from '../../shared/api/simulate';
import { simulateWithPasses, parsePasses, ALL_PASSES, NO_PASSES, PASSES } from '../../shared/compiler/passes';
import { zooWorkload } from '../../shared/workload';
import { TrialEvaluator } from '../../shared/search/index';
import { loadHighs } from '../../shared/compiler/solver';
import { main } from '../../cli/main';
import { PRESETS } from '../../shared/hardware';
import { BASELINE_SOFTWARE, SEARCHED_SOFTWARE, type OpRecord } from '../../shared/core/records';
import type { WorkloadSpec } from '../../shared/workload/types';

/** Vector ops a record charges (the epilogue per output, the prologue per element of A, a vector op's work). */
function recordVectorOps(r: OpRecord): number {
  if (r.kind === 'vector') return r.opsPerOutput * r.outputs;
  return r.epilogueOps * r.count * r.m * r.n + r.prologueOps * (r.inBytes / r.elementBytes);
}

/** Brute force: each op lowered alone (a one-op workload fuses nothing); an op fused into k groups counts k times. */
function unfusedVectorOps(w: WorkloadSpec, batch: number, groups: LoweredOp[]): number {
  const times = new Map<number, number>();
  for (const g of groups) for (const i of g.opIndices) times.set(i, (times.get(i) ?? 0) + 1);
  let total = 0;
  w.ops.forEach((op, i) => {
    const alone = lowerWorkload({ ...w, ops: [op] }, { batch });
    expect(alone).toHaveLength(1);
    total += recordVectorOps(alone[0].record) * (times.get(i) ?? 0);
  });
  return total;
}

const tpuV3 = machineFromHardware(PRESETS['tpu-v3']);

describe('XLA-style fusion in the lowering', async () => {
  const core = await loadCore();

  it('input fusion: ResNet-50 v2 pre-activation BN + ReLU run inside the next conv (no separate DRAM round trip)', () => {
    const w = zooWorkload('resnet50-v2');
    const groups = lowerWorkload(w, { batch: 64 });
    expect(groups.some((g) => g.name.endsWith('preact_bn') || g.name.endsWith('preact_relu'))).toBe(false);
    const conv1 = groups.find((g) => g.name === 'stage2/block2/conv1')!;
    const r = conv1.record;
    if (r.kind !== 'gemm') throw new Error('expected gemm');
    // reads the residual sum (the BN's input), applies BN (one FMA) and ReLU per element as it loads it
    expect(conv1.operands.a).toBe('stage2/block1/residual');
    expect(r.prologueOps).toBeCloseTo(ELEMENTWISE_OPS.batchnorm + ELEMENTWISE_OPS.relu, 12);
    expect(conv1.operands.extras).toContain('stage2/block2/preact_bn.scale_shift');
    // the BN / ReLU outputs are never written or read
    const named = new Set(groups.flatMap((g) => [g.operands.a, g.operands.b, g.operands.c, ...g.operands.extras]));
    expect(named.has('stage2/block2/preact_bn')).toBe(false);
    expect(named.has('stage2/block2/preact_relu')).toBe(false);
    // the baseline software's ops table: no preact op runs on its own
    const rep = simulate(core, undefined, { workload: w, hardware: PRESETS['tpu-v3'], hardwareName: 'tpu-v3', batch: 64, passes: NO_PASSES });
    expect(rep.ops.some((o) => /preact_(bn|relu)$/.test(o.name))).toBe(false);
    expect(rep.ops.find((o) => o.name === 'stage2/block2/conv1')!.fused).toContain('stage2/block2/preact_bn');
  });

  it('input fusion: the SE scale (a broadcast multiply) is not an epilogue of the small gate but the project conv\'s input', () => {
    const w = zooWorkload('efficientnet-b0');
    const groups = lowerWorkload(w, { batch: 8 });
    const expand = groups.find((g) => g.name === 'stage2/block1/se_expand')!;
    expect(expand.operands.c).toBe('stage2/block1/se_sigmoid');
    const project = groups.find((g) => g.name === 'stage2/block1/project')!;
    expect(project.operands.a).toBe('stage2/block1/dw_swish');
    expect(project.operands.extras).toContain('stage2/block1/se_sigmoid');
    expect(project.record.kind === 'gemm' && project.record.prologueOps).toBeCloseTo(ELEMENTWISE_OPS.mul, 12);
    expect(groups.some((g) => g.name.endsWith('se_scale'))).toBe(false);
  });

  it('multi-output fusion: the SE squeeze pool is computed with the depthwise conv and writes only its small output', () => {
    const w = zooWorkload('efficientnet-b0');
    const B = 8;
    const groups = lowerWorkload(w, { batch: B });
    expect(groups.some((g) => g.name.endsWith('se_pool'))).toBe(false);
    const dw = groups.find((g) => g.name === 'stage2/block1/dw')!;
    expect(dw.operands.c).toBe('stage2/block1/dw_swish');
    expect(dw.operands.extras).toContain('stage2/block1/se_pool');
    expect(dw.operands.extraOutputs).toEqual(['stage2/block1/se_pool']);
    const r = dw.record;
    if (r.kind !== 'gemm') throw new Error('expected gemm');
    // BN (1) + swish + the pool's one add per input element (the pool reads the conv's outputs)
    expect(r.epilogueOps).toBeCloseTo(ELEMENTWISE_OPS.batchnorm + ELEMENTWISE_OPS.swish + 1, 12);
    // the pool's output (32 channels per sample) is written; nobody reads dw_swish but the project conv
    const poolBytes = 32 * 2 * B;
    expect(r.extraDramBytes).toBe(2 * 32 * 2 + poolBytes);
    expect(groups.filter((g) => g.operands.a === 'stage2/block1/dw_swish' || g.operands.extras.includes('stage2/block1/dw_swish')).map((g) => g.name))
      .toEqual(['stage2/block1/project']);
  });

  it('a reduction that is a vector group\'s only consumer replaces its output (ResNet-50 v2\'s final BN, ReLU, pool)', () => {
    const w = zooWorkload('resnet50-v2');
    const groups = lowerWorkload(w, { batch: 4 });
    const pool = w.ops.find((o) => o.kind === 'pool' && o.pool.global)!;
    const g = groups.find((x) => x.opIndices.includes(w.ops.indexOf(pool)))!;
    expect(g.record.kind).toBe('vector');
    expect(g.operands.c).toBe(pool.outputs[0]);
    if (g.record.kind === 'vector' && pool.kind === 'pool') expect(g.record.outBytes).toBe(pool.pool.channels * 2 * 4);
  });

  it('work is conserved: fused and unfused total vector ops agree (brute force), and the core counts the same', () => {
    for (const [name, batch] of [['resnet50-v2', 2], ['resnet50-v1.5', 1], ['efficientnet-b0', 2], ['efficientnet-b3', 1], ['mobilenet-v2', 2], ['bert-base-128', 1]] as const) {
      const w = zooWorkload(name);
      const groups = lowerWorkload(w, { batch });
      const fused = groups.reduce((s, g) => s + recordVectorOps(g.record), 0);
      expect(fused / unfusedVectorOps(w, batch, groups)).toBeCloseTo(1, 12);
      // the core's vector-op count (baseline software: depthwise on the arrays, so vector ops are the fused work)
      const res = evaluateWorkload(core, w, tpuV3, { batch, software: BASELINE_SOFTWARE });
      expect(res.vectorOps / fused).toBeCloseTo(1, 9);
    }
  });

  it('the core charges the prologue on the vector unit beside the arrays, and validates it', () => {
    const gemm: OpRecord = {
      kind: 'gemm', count: 1, m: 4096, k: 256, n: 256, elementBytes: 2, inBytes: 4096 * 256 * 2, aLoc: 'dram', bLoc: 'dram', cLoc: 'dram',
      epilogueOps: 0, prologueOps: 0, extraDramBytes: 0, extraGmemBytes: 0, vectorAltOps: 0, packable: false,
    };
    for (const sw of [BASELINE_SOFTWARE, SEARCHED_SOFTWARE]) {
      const [plain, pro, heavy] = evalOps(core, tpuV3, sw, [gemm, { ...gemm, prologueOps: 2 }, { ...gemm, prologueOps: 5000 }]);
      expect(pro.vectorOps - plain.vectorOps).toBe(2 * 4096 * 256);
      expect(pro.vectorCycles).toBeGreaterThan(plain.vectorCycles);
      expect(pro.cycles).toBe(plain.cycles); // hidden under the arrays' time
      expect(heavy.bound).toBe('vector');
    }
    for (const bad of [NaN, -1, Infinity]) expect(evalOps(core, tpuV3, SEARCHED_SOFTWARE, [{ ...gemm, prologueOps: bad }])[0].status).toBe('invalid_input');
  });
});

describe('fused attention (the attention pass)', async () => {
  const core = await loadCore();
  const w = zooWorkload('bert-base-1024');
  const hw = PRESETS['tpu-v3'];
  const noAttention = { ...ALL_PASSES, attention: false };

  it('is a pass of the table: in all, not in none', () => {
    expect(PASSES.map((p) => p.id)).toContain('attention');
    expect(ALL_PASSES.attention).toBe(true);
    expect(NO_PASSES.attention).toBe(false);
    expect(parsePasses('none').attention).toBe(false);
  });

  it('keeps BERT-1024\'s scores on chip: less DRAM traffic, not slower, shown in the ops', () => {
    const on = simulate(core, undefined, { workload: w, hardware: hw, hardwareName: 'tpu-v3', batch: 8, passes: { ...NO_PASSES, attention: true } });
    const off = simulate(core, undefined, { workload: w, hardware: hw, hardwareName: 'tpu-v3', batch: 8, passes: NO_PASSES });
    expect(on.attention).toMatchObject({ fused: 12, applied: true });
    expect(off.attention).toBeUndefined();
    expect(on.totals.dramBytes).toBeLessThan(0.6 * off.totals.dramBytes);
    expect(on.attention!.dramBytesSaved).toBe(off.totals.dramBytes - on.totals.dramBytes);
    expect(on.totals.cycles).toBeLessThan(off.totals.cycles);
    expect(on.ops.filter((o) => o.fusedAttention)).toHaveLength(24);
    expect(on.ops.some((o) => o.kind === 'softmax')).toBe(false);
    expect(on.ops.find((o) => o.name === 'layer1/attention/scores')!.fused).toContain('layer1/attention/softmax');
    expect(off.ops.some((o) => o.fusedAttention)).toBe(false);
    expect(off.ops.filter((o) => o.kind === 'softmax')).toHaveLength(12);
  });

  it('with every pass, fused attention is part of the chosen software and saves DRAM bytes', () => {
    const m = machineFromHardware(hw);
    const all = simulateWithPasses(core, undefined, w, m, { batch: 8, passes: { ...ALL_PASSES, fusion: false } });
    const rest = simulateWithPasses(core, undefined, w, m, { batch: 8, passes: { ...noAttention, fusion: false } });
    expect(all.attention?.applied).toBe(true);
    expect(all.result.dramBytes).toBeLessThan(rest.result.dramBytes);
    expect(all.result.cycles).toBeLessThanOrEqual(rest.result.cycles);
  });

  it('charges the online softmax and its rescaling on the score matmul\'s vector work; the scores move no DRAM bytes', () => {
    const plain = lowerWorkload(w, { batch: 1 });
    const fused = lowerWorkload(w, { batch: 1, fusedAttentionLocalBytes: 16 * 2 ** 20 });
    const s0 = plain.find((g) => g.name === 'layer1/attention/scores')!, s1 = fused.find((g) => g.name === 'layer1/attention/scores')!;
    if (s0.record.kind !== 'gemm' || s1.record.kind !== 'gemm') throw new Error('expected gemm');
    expect(s1.record.epilogueOps - s0.record.epilogueOps).toBeCloseTo(flashSoftmaxOps(1024, 64), 12);
    expect(s1.record.cLoc).toBe('local');
    const ctx = fused.find((g) => g.name === 'layer1/attention/context')!;
    expect(ctx.record.aLoc).toBe('local');
    expect(ctx.operands.onChip).toEqual(['layer1/attention/softmax']);
    // the online form per score: 3 + T, plus the per-block and per-row terms (a little below the safe form's 4 + T)
    const [a, b] = evalOps(core, tpuV3, SEARCHED_SOFTWARE, [s1.record, ctx.record]);
    expect(a.operandBytes.c).toBeGreaterThan(0);
    expect(a.dramBytes).toBeLessThan(s1.record.count * s1.record.m * s1.record.n * 2); // no S×S write
    expect(b.dramBytes).toBeLessThan(s1.record.count * s1.record.m * s1.record.n * 2); // no S×S read
  });

  it('fast simulate shows it: the op list marks the fused matmuls, the JSON has the flag and the summary', async () => {
    let out = '';
    const io = { out: (x: string) => { out += x; }, err: () => {} };
    const argv = ['simulate', '--workload', 'bert-base-128', '--hardware', 'tpu-v3', '--batch', '8', '--passes', 'attention', '--ops', '500'];
    expect(await main(argv, io)).toBe(0);
    expect(out).toMatch(/fused attention: 12 attentions, DRAM −[\d.]+ MB/);
    expect(out).toContain('matmul (fused attention)');
    out = '';
    expect(await main([...argv, '--json'], io)).toBe(0);
    const j = JSON.parse(out);
    expect(j.attention).toMatchObject({ fused: 12, applied: true });
    expect(j.ops.filter((o: { fusedAttention: boolean }) => o.fusedAttention)).toHaveLength(24);
  });

  it('the search\'s trials record the fused attentions of the chosen software (all passes)', async () => {
    const ev = new TrialEvaluator(core, loadHighs);
    const [r] = await ev.evaluate({ workloads: ['bert-base-128', 'teaching-cnn'], batch: 8, designs: [hw] });
    expect(r.status).toBe('ok');
    expect(r.workloads.map((x) => [x.workload, x.fusedAttentions])).toEqual([['bert-base-128', 12], ['teaching-cnn', 0]]);
  });

  it('is kept only when not slower: a narrow vector unit with unlimited DRAM pays more for the rescaling than it saves', () => {
    const m = { ...machineFromHardware(hw), dramBytesPerCycle: 1e6, vectorLanesPerCore: 8, opOverheadCycles: 0 };
    const bert128 = zooWorkload('bert-base-128');
    const r = simulateWithPasses(core, undefined, bert128, m, { batch: 1, passes: { ...NO_PASSES, attention: true } });
    const base = simulateWithPasses(core, undefined, bert128, m, { batch: 1, passes: NO_PASSES });
    const forced = evaluateWorkload(core, bert128, m, { batch: 1, software: BASELINE_SOFTWARE, fusedAttentionLocalBytes: m.localMemoryBytesPerCore });
    expect(forced.cycles).toBeGreaterThan(base.result.cycles);
    expect(r.attention).toMatchObject({ fused: 12, applied: false, cyclesSaved: 0 });
    expect(r.result.cycles).toBe(base.result.cycles);
    expect(r.result.ops.some((o) => o.fusedAttention)).toBe(false);
  });

  it('is not applied where the tile does not fit in local memory (the unfused result is kept)', () => {
    const m = { ...machineFromHardware(hw), localMemoryBytesPerCore: flashTileBytes(64, 2) }; // needs twice this
    const r = simulateWithPasses(core, undefined, w, m, { batch: 1, passes: { ...NO_PASSES, attention: true } });
    const base = simulateWithPasses(core, undefined, w, m, { batch: 1, passes: NO_PASSES });
    expect(r.attention).toMatchObject({ fused: 0, applied: false, dramBytesSaved: 0, cyclesSaved: 0 });
    expect(r.result.cycles).toBe(base.result.cycles);
  });
});
