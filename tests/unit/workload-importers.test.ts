// SCALE-Sim topology CSV and Timeloop problem YAML → WorkloadSpec, and the SCALE-Sim exporter: geometry as those
// tools define it, depthwise forms, quirks, clear errors, and round trips that give the same ops.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importScalesimCsv, importTimeloop, exportScalesimCsv, workloadCounts, zooWorkload, opMacs, workloadIssues } from '../../shared/workload/index';
import { parseScalesimTopology } from '../../shared/workload/importers/scalesim';
import { SAMPLE_TOPOLOGY_CSV } from '../../shared/workload/samples';
import type { OpSpec } from '../../shared/workload/types';

const HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';
const conv = (op: OpSpec) => {
  if (op.kind !== 'conv2d') throw new Error(`expected conv2d, got ${op.kind}`);
  return op.conv2d;
};

describe('SCALE-Sim CSV → WorkloadSpec', () => {
  it('keeps SCALE-Sim geometry: padded ifmap, ⌈(H − F)/s⌉ + 1 ofmap, MACs = the GEMM view M·N·K', () => {
    const w = importScalesimCsv(`${HEADER}\nresnet50_Conv1, 224, 224, 7, 7, 3, 64, 2,\nc2, 56, 56, 3, 3, 64, 64, 1,\n`, { name: 'r50' });
    expect(w).toMatchObject({ name: 'r50', source: 'scalesim', defaultBatch: 1 });
    expect(conv(w.ops[0])).toEqual({ inHeight: 224, inWidth: 224, inChannels: 3, outHeight: 110, outWidth: 110, outChannels: 64, kernelHeight: 7, kernelWidth: 7, strideHeight: 2, strideWidth: 2, groups: 1 });
    expect(conv(w.ops[1])).toMatchObject({ outHeight: 54, outWidth: 54 });
    expect(workloadIssues(w)).toEqual([]);
  });

  it('depthwise by the DP name rule → groups = C; "as shipped" (Num Filter 1) → the ordinary conv SCALE-Sim runs, with a hint', () => {
    const w = importScalesimCsv(`${HEADER}\nmobilenet_Conv14_DP, 14, 14, 3, 3, 512, 1, 1,\nmobilenet_Conv14_dw, 14, 14, 3, 3, 512, 1, 1,\n`);
    expect(conv(w.ops[0])).toMatchObject({ inChannels: 512, outChannels: 512, groups: 512 });
    expect(conv(w.ops[1])).toMatchObject({ inChannels: 512, outChannels: 1, groups: 1 });
    expect(opMacs(w.ops[0])).toBe(opMacs(w.ops[1])); // same MACs, different mapping (SCALE-Sim README §2.2)
    expect(w.warnings).toEqual(['layer 2 "mobilenet_Conv14_dw": Num Filter 1 over 512 channels is read as SCALE-Sim runs it (one filter reducing all channels); for a depthwise layer put "DP" in its name (groups = channels)']);
  });

  it('MACs of every layer equal SCALE-Sim’s M·N·K × sub-layers (the sample topology, both forms)', () => {
    const layers = parseScalesimTopology(SAMPLE_TOPOLOGY_CSV, 'conv').layers;
    const w = importScalesimCsv(SAMPLE_TOPOLOGY_CSV);
    expect(w.ops.map(opMacs)).toEqual(layers.map((l) => l.m * l.n * l.k * l.sublayers));
    const gemm = importScalesimCsv('Layer, M, N, K,\nqkv, 128, 2304, 768,\nffn, 128, 3072, 768,\n');
    expect(gemm.ops.map((o) => (o.kind === 'matmul' ? o.matmul : null))).toEqual([
      { count: 1, m: 128, k: 768, n: 2304, weightB: true }, { count: 1, m: 128, k: 768, n: 3072, weightB: true },
    ]);
    expect(workloadCounts(gemm).params).toBe(768 * 2304 + 768 * 3072);
  });

  it('the trailing-comma quirk is a warning; bad rows are errors naming the line', () => {
    const w = importScalesimCsv(`${HEADER}\nc1, 56, 56, 3, 3, 64, 64, 1\n`);
    expect(w.warnings?.[0]).toMatch(/line 2: no trailing comma/);
    expect(() => importScalesimCsv(`${HEADER}\nc1, 56, 0, 3, 3, 64, 64, 1,\n`)).toThrow(/line 2: IFMAP Width must be a whole number/);
    expect(() => importScalesimCsv('')).toThrow(/no layer rows/);
  });

  it('duplicate layer names become unique op names', () => {
    const w = importScalesimCsv(`${HEADER}\nc, 8, 8, 3, 3, 4, 4, 1,\nc, 8, 8, 3, 3, 4, 4, 1,\n`);
    expect(w.ops.map((o) => o.name)).toEqual(['c', 'c_2']);
  });
});

describe('SCALE-Sim export', () => {
  it('round trip: import → export → import gives the same ops (conv, DP depthwise, as-shipped, column stride)', () => {
    const csv = `${HEADER}\nConv1, 224, 224, 7, 7, 3, 64, 2,\nConv14_DP, 14, 14, 3, 3, 512, 1, 1,\nConv2_dw, 112, 112, 3, 3, 32, 1, 1,\nskinny, 30, 40, 3, 5, 8, 16, 1, 2,\n`;
    const a = importScalesimCsv(csv, { name: 't' });
    const out = exportScalesimCsv(a);
    expect(out.form).toBe('conv');
    expect(out.text.split('\n')[4]).toBe('skinny, 30, 40, 3, 5, 8, 16, 1, 2,');
    const b = importScalesimCsv(out.text, { name: 't' });
    expect(b.ops).toEqual(a.ops);
    expect(b.tensors).toEqual(a.tensors);
    const g = importScalesimCsv('Layer, M, N, K,\nqkv, 128, 2304, 768,\n', { name: 'g' });
    const gOut = exportScalesimCsv(g);
    expect([gOut.form, gOut.text]).toEqual(['gemm', 'Layer, M, N, K,\nqkv, 128, 2304, 768,\n']);
    expect(importScalesimCsv(gOut.text, { name: 'g' }).ops).toEqual(g.ops);
  });

  it('property: random conv rows survive the round trip exactly', () => {
    const row = fc.record({
      h: fc.integer({ min: 1, max: 300 }), w: fc.integer({ min: 1, max: 300 }), fh: fc.integer({ min: 1, max: 7 }), fw: fc.integer({ min: 1, max: 7 }),
      c: fc.integer({ min: 1, max: 512 }), nf: fc.integer({ min: 1, max: 512 }), s: fc.integer({ min: 1, max: 4 }), dp: fc.boolean(),
    }).filter((r) => r.fh <= r.h && r.fw <= r.w);
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), (rows) => {
      const csv = `${HEADER}\n${rows.map((r, i) => `L${i}${r.dp ? '_DP' : ''}, ${r.h}, ${r.w}, ${r.fh}, ${r.fw}, ${r.c}, ${r.nf}, ${r.s},`).join('\n')}\n`;
      const a = importScalesimCsv(csv);
      const b = importScalesimCsv(exportScalesimCsv(a).text);
      expect(b.ops).toEqual(a.ops);
    }), { seed: 3, numRuns: 100 });
  });

  it('zoo workloads export with their MACs intact (SAME padding written as the padded ifmap SCALE-Sim needs)', () => {
    for (const name of ['efficientnet-b0', 'resnet50-v2', 'mobilenet-v2', 'bert-base-128', 'teaching-cnn']) {
      const w = zooWorkload(name);
      const out = exportScalesimCsv(w);
      expect(out.warnings[0], name).toMatch(/ops are not GEMMs .* left out: SCALE-Sim models GEMMs only/);
      const back = importScalesimCsv(out.text);
      expect(workloadCounts(back).macs, name).toBe(workloadCounts(w).macs);
    }
    const b0 = exportScalesimCsv(zooWorkload('efficientnet-b0')).text.split('\n');
    expect(b0[1]).toBe('stage1/stem/conv, 224, 224, 3, 3, 3, 32, 2,'); // SCALE-Sim's ⌈(224 − 3)/2⌉ + 1 = 112 already
    expect(b0.find((l) => l.startsWith('stage2/block1/dw'))).toBe('stage2/block1/dw_DP, 114, 114, 3, 3, 32, 1, 1,'); // "same" 112 → 112 needs 114
    const bert = exportScalesimCsv(zooWorkload('bert-base-128'));
    expect(bert.form).toBe('gemm');
    expect(bert.text).toContain('\nlayer1/attention/scores_0, 128, 128, 64,\n'); // one row per head
    expect(bert.rows).toBe(12 * (6 + 2 * 12));
  });

  it('GEMM form of convs and conv form of matmuls (SCALE-Sim’s own encoding: ifmap M×K, filter 1×K, N filters)', () => {
    const w = zooWorkload('teaching-cnn');
    const gemm = exportScalesimCsv(w, { form: 'gemm' });
    expect(gemm.text.split('\n').slice(1, 4)).toEqual(['conv1, 1024, 16, 27,', 'dw2_g0, 1024, 1, 9,', 'dw2_g1, 1024, 1, 9,']);
    const bert = exportScalesimCsv(zooWorkload('bert-base-128'), { form: 'conv' });
    expect(bert.text.split('\n')[1]).toBe('layer1/attention/query, 128, 768, 1, 768, 1, 768, 1,');
    expect(workloadCounts(importScalesimCsv(bert.text)).macs).toBe(workloadCounts(zooWorkload('bert-base-128')).macs);
  });

  it('names: commas removed; "DP" in a non-depthwise name is defused', () => {
    const w = importScalesimCsv('Layer, M, N, K,\nx, 4, 4, 4,\n');
    w.ops[0].name = 'a,DPb';
    expect(exportScalesimCsv(w).text).toBe('Layer, M, N, K,\na_Dpb, 4, 4, 4,\n');
    expect(() => exportScalesimCsv({ ...zooWorkload('teaching-cnn'), ops: zooWorkload('teaching-cnn').ops.filter((o) => o.kind === 'pool') })).toThrow(/no conv2d or matmul op/);
  });
});

describe('Timeloop problem YAML → WorkloadSpec', () => {
  const v04 = `problem:
  version: 0.4
  shape:
    name: CNN_Layer
    dimensions: [ C, M, R, S, N, P, Q ]
  instance:
    C: 64
    M: 128
    R: 3
    S: 3
    N: 16
    P: 56
    Q: 28
    Wstride: 1
    Hstride: 2
`;
  it('conv form: R, S filter; P, Q output sizes; input from strides and dilations; N is the batch', () => {
    const w = importTimeloop(v04, { name: 'tl' });
    expect(w).toMatchObject({ name: 'tl', source: 'timeloop', defaultBatch: 16 });
    expect(w.ops[0].name).toBe('CNN_Layer');
    expect(conv(w.ops[0])).toEqual({
      inHeight: (28 - 1) * 2 + 3, inWidth: 56 - 1 + 3, inChannels: 64, outHeight: 28, outWidth: 56, outChannels: 128,
      kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 1, groups: 1,
    });
    expect(opMacs(w.ops[0])).toBe(56 * 28 * 128 * 3 * 3 * 64);
  });

  it('G groups (C and M per group; depthwise = G channels, C = M = 1), K spelling, dilation, several documents', () => {
    const w = importTimeloop(`problem:\n  instance: {G: 32, C: 1, K: 1, R: 3, S: 3, P: 112, Q: 112}\n---\nproblem:\n  instance: {C: 8, M: 8, R: 3, S: 3, P: 10, Q: 10, Wdilation: 2, Hdilation: 2}\n`);
    expect(conv(w.ops[0])).toMatchObject({ inChannels: 32, outChannels: 32, groups: 32, inHeight: 114 });
    expect(opMacs(w.ops[0])).toBe(112 * 112 * 32 * 9);
    expect(conv(w.ops[1])).toMatchObject({ inHeight: 9 + 4 + 1, dilationHeight: 2, dilationWidth: 2, outHeight: 10 });
    expect(w.ops.map((o) => o.name)).toEqual(['layer1', 'layer2']);
    expect(w.defaultBatch).toBe(1);
  });

  it('clear errors: YAML syntax, missing instance, unknown dimension, bad values, M/K conflict; missing sizes warn', () => {
    expect(() => importTimeloop('problem:\n  instance: {C: 3\n')).toThrow(/^timeloop: YAML error at line \d+/);
    expect(() => importTimeloop('problem:\n  shape: {name: x}\n')).toThrow('timeloop problem: the problem has no `instance:` mapping of dimension sizes');
    expect(() => importTimeloop('problem:\n  shape: {dimensions: [C, M, F]}\n  instance: {C: 1}\n')).toThrow('timeloop problem: shape dimension "F" not supported (a conv problem uses R, S, P, Q, C, M, K, N, G)');
    expect(() => importTimeloop('problem:\n  instance: {C: 0, M: 4}\n')).toThrow('timeloop problem: instance.C must be a whole number from 1 to 16777216, got 0');
    expect(() => importTimeloop('problem:\n  instance: {C: 2.5}\n')).toThrow(/instance.C must be a whole number/);
    expect(() => importTimeloop('problem:\n  instance: {C: 2, X: 3}\n')).toThrow(/instance key "X" is not a conv dimension/);
    expect(() => importTimeloop('problem:\n  instance: {M: 2, K: 3}\n')).toThrow(/both M \(2\) and K \(3\)/);
    expect(() => importTimeloop('')).toThrow(/no problem found/);
    expect(() => importTimeloop('x'.repeat((1 << 20) + 1))).toThrow(/larger than 1048576 bytes/);
    expect(importTimeloop('problem:\n  instance: {C: 4, M: 4}\n').warnings).toEqual(['timeloop problem: R, S, P, Q not given, taken as 1']);
  });

  it('round trip through SCALE-Sim CSV keeps every op (Timeloop sizes are already padded)', () => {
    const a = importTimeloop(v04);
    const b = importScalesimCsv(exportScalesimCsv(a).text);
    expect(b.ops.map((o) => [conv(o), opMacs(o)])).toEqual(a.ops.map((o) => [conv(o), opMacs(o)]));
  });
});
