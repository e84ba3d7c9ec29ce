// Counts from the graph: MACs per op kind, output elements, parameters (each weight tensor once).
import { describe, expect, it } from 'vitest';
import { opMacs, opElements, workloadCounts, zooWorkload } from '../../shared/workload/index';
import { GraphBuilder } from '../../shared/workload/builder';

describe('counts', () => {
  const g = new GraphBuilder('counts', 'json');
  const x = g.input('x', [14, 14, 32]);
  const c = g.conv2d('conv', x, { outChannels: 64, kernel: 3, stride: 2 }); // 7·7·64·3·3·32
  const d = g.conv2d('dw', c, { outChannels: 128, kernel: 5, groups: 64 }); // 7·7·128·5·5·1 (channel multiplier 2)
  const bn = g.batchnorm('bn', d);
  const r = g.act('relu', 'relu', bn);
  const p = g.globalPool('gap', r);
  const y = g.dense('fc', p, 10, true);
  const q = g.input('q', [4, 16, 8]);
  const k = g.input('k', [4, 8, 16]);
  const s = g.batchedMatmul('scores', q, k, { count: 4, m: 16, k: 8, n: 16 }, [4, 16, 16]);
  g.softmax('softmax', s, 16);
  g.layernorm('ln', y, 10);
  const w = g.build();

  it('conv: outH·outW·outC·kH·kW·inC/groups; matmul: count·m·k·n; vector kinds: 0', () => {
    const by = Object.fromEntries(w.ops.map((o) => [o.name, opMacs(o)]));
    expect(by.conv).toBe(7 * 7 * 64 * 3 * 3 * 32);
    expect(by.dw).toBe(7 * 7 * 128 * 5 * 5 * 1);
    expect(by.fc).toBe(1 * 128 * 10);
    expect(by.scores).toBe(4 * 16 * 8 * 16);
    for (const n of ['bn', 'relu', 'gap', 'fc_bias', 'softmax', 'ln']) expect(by[n], n).toBe(0);
  });

  it('exposes output elements per sample for every op', () => {
    const by = Object.fromEntries(w.ops.map((o) => [o.name, opElements(o)]));
    expect(by).toEqual({ conv: 7 * 7 * 64, dw: 7 * 7 * 128, bn: 7 * 7 * 128, relu: 7 * 7 * 128, gap: 128, fc: 10, fc_bias: 10, scores: 4 * 16 * 16, softmax: 4 * 16 * 16, ln: 10 });
    const totals = workloadCounts(w);
    expect(totals.vectorElements).toBe(2 * 7 * 7 * 128 + 128 + 10 + 4 * 16 * 16 + 10); // bn, relu, gap, fc_bias, softmax, ln
    expect(totals.macs).toBe(w.ops.reduce((sum, o) => sum + opMacs(o), 0));
  });

  it('parameters: every weight tensor once (conv filters, BN scale+shift, dense weight and bias, LayerNorm γ β)', () => {
    const totals = workloadCounts(w);
    expect(totals.params).toBe(3 * 3 * 32 * 64 + 5 * 5 * 1 * 128 + 2 * 128 + 128 * 10 + 10 + 2 * 10);
    const shared = structuredClone(w);
    shared.ops.find((o) => o.name === 'ln')!.weights = ['fc.weight']; // a second reader of a tensor adds no parameters
    shared.tensors = shared.tensors.filter((t) => t.name !== 'ln.scale_shift');
    expect(workloadCounts(shared).params).toBe(totals.params - 2 * 10);
    expect(workloadCounts(shared).ops.find((o) => o.name === 'ln')!.weightElements).toBe(1280);
  });

  it('per sample: the batch never enters the graph (BERT context matmul and EfficientNet conv counts are per image/sequence)', () => {
    const bert = workloadCounts(zooWorkload('bert-base-128'));
    expect(bert.ops.find((o) => o.name === 'layer1/attention/context')!.macs).toBe(12 * 128 * 128 * 64);
    const en = workloadCounts(zooWorkload('efficientnet-b0'));
    expect(en.ops[0]).toMatchObject({ name: 'stage1/stem/conv', kind: 'conv2d', block: 'stage1/stem', macs: 112 * 112 * 32 * 27, elements: 112 * 112 * 32, weightElements: 864 });
  });
});
