// The WorkloadSpec schema: structure and ranges, then the graph's meaning; every message names the op (or tensor)
// and the field, and says what was found.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWorkload, workloadIssues, MAX_OPS, MAX_DIM, zooWorkload } from '../../shared/workload/index';
import { windowOutRange } from '../../shared/workload/schema';
import { GraphBuilder } from '../../shared/workload/builder';
import type { WorkloadSpec } from '../../shared/workload/types';

const clone = <T>(v: T): T => structuredClone(v);
const b0 = () => zooWorkload('efficientnet-b0');
const opIndex = (w: WorkloadSpec, name: string) => w.ops.findIndex((o) => o.name === name);

describe('WorkloadSpec schema: graph meaning', () => {
  it('names the op and field when groups do not divide the channels', () => {
    const w = b0();
    const i = opIndex(w, 'stage3/block1/dw');
    const op = w.ops[i];
    if (op.kind !== 'conv2d') throw new Error('expected conv2d');
    op.conv2d.groups = 5;
    expect(workloadIssues(w)[0]).toBe(`ops[${i}] "stage3/block1/dw": conv2d.groups must divide inChannels (got 5 for 96)`);
    expect(() => parseWorkload(w)).toThrow(`workload: ops[${i}] "stage3/block1/dw": conv2d.groups must divide inChannels (got 5 for 96) (and 1 more problem)`);
  });

  it('checks topological order, tensor names and kinds', () => {
    const t = zooWorkload('teaching-cnn');
    const swapped = clone(t);
    [swapped.ops[1], swapped.ops[2]] = [swapped.ops[2], swapped.ops[1]];
    expect(workloadIssues(swapped)).toContain('ops[1] "dw2": input "relu1" is produced by ops[2] "relu1", which does not come earlier (ops must be in topological order)');

    const missing = clone(t);
    missing.ops[3].inputs = ['nope'];
    expect(workloadIssues(missing)).toContain('ops[3] "pw2": input "nope" is not a tensor of the workload');

    const weightAsInput = clone(t);
    weightAsInput.ops[3].inputs = ['conv1.weight'];
    expect(workloadIssues(weightAsInput)).toContain('ops[3] "pw2": input "conv1.weight" is a weight; list it under weights');

    const actAsWeight = clone(t);
    actAsWeight.ops[3].weights = ['relu1'];
    expect(workloadIssues(actAsWeight)).toContain('ops[3] "pw2": weight "relu1" is a tensor of kind "activation", not a weight');

    const orphan = clone(t);
    orphan.tensors.push({ name: 'ghost', shape: [4], elementBytes: 2, kind: 'activation' }, { name: 'unused.w', shape: [4], elementBytes: 2, kind: 'weight' });
    const n = orphan.tensors.length;
    expect(workloadIssues(orphan)).toEqual([
      `tensors[${n - 2}] "ghost": is an activation that no op produces (make it kind "input", or remove it)`,
      `tensors[${n - 1}] "unused.w": is a weight that no op reads (remove it, or list it under an op's weights)`,
    ]);

    const twice = clone(t);
    twice.ops[4].outputs = ['relu1'];
    expect(workloadIssues(twice)).toContain('ops[4] "relu2": output "relu1" is also produced by ops[1] "relu1"');
  });

  it('rejects duplicate op and tensor names', () => {
    const w = zooWorkload('teaching-cnn');
    w.ops[2].name = 'conv1';
    w.tensors.push({ ...w.tensors[0] });
    const issues = workloadIssues(w);
    expect(issues).toContain('ops[2] "conv1": name is also used by ops[0]');
    expect(issues).toContain(`tensors[${w.tensors.length - 1}] "image": name is also used by tensors[0]`);
  });

  it('checks shapes against attributes', () => {
    const t = zooWorkload('teaching-cnn');
    const bigger = clone(t);
    const conv = bigger.ops[0];
    if (conv.kind !== 'conv2d') throw new Error('expected conv2d');
    conv.conv2d.outHeight = 40;
    expect(workloadIssues(bigger)).toEqual([
      'ops[0] "conv1": conv2d.outHeight must be from 30 to 34 for inHeight 32, kernelHeight 3, strideHeight 1 (got 40)',
      'ops[0] "conv1": output "conv1" has 16384 elements but conv2d.outHeight·outWidth·outChannels = 20480',
    ]);

    const filter = clone(t);
    filter.tensors.find((x) => x.name === 'dw2.weight')!.shape = [3, 3, 16, 16];
    expect(workloadIssues(filter)).toEqual([
      'ops[2] "dw2": weight "dw2.weight" has 2304 elements but conv2d.kernelHeight·kernelWidth·inChannels/groups·outChannels = 144',
    ]);

    const mm = clone(t);
    const fcOp = mm.ops[7];
    if (fcOp.kind !== 'matmul') throw new Error('expected matmul');
    fcOp.matmul.k = 31;
    expect(workloadIssues(mm)).toEqual([
      'ops[7] "fc": weight "fc.weight" has 320 elements but matmul.count·k·n = 310',
      'ops[7] "fc": input "gap" has 32 elements but matmul.count·m·k = 31',
    ]);

    const sm = clone(t);
    const soft = sm.ops[8];
    if (soft.kind !== 'softmax') throw new Error('expected softmax');
    soft.softmax.length = 20;
    expect(workloadIssues(sm)[0]).toBe('ops[8] "softmax": input "fc" has 10 elements but softmax.rows·length = 20');

    const ew = clone(zooWorkload('efficientnet-b0'));
    const i = opIndex(ew, 'stage4/block2/se_scale');
    ew.ops[i].inputs = ['stage4/block2/dw_swish', 'stage1/stem/swish']; // 112·112·32 does not broadcast into 28·28·240
    expect(workloadIssues(ew)).toContain(`ops[${i}] "stage4/block2/se_scale": input "stage1/stem/swish" has 401408 elements, which do not broadcast into elementwise.elements = 188160`);

    const attention = zooWorkload('bert-base-128');
    const s = opIndex(attention, 'layer1/attention/scores');
    attention.ops[s].inputs = ['layer1/attention/query_bias'];
    expect(workloadIssues(attention)).toContain(`ops[${s}] "layer1/attention/scores": a matmul op takes 2 inputs (got 1)`);
  });

  it('enforces limits: op count, dimensions, structure, with the field and range named', () => {
    const big = clone(zooWorkload('teaching-cnn'));
    const relu = big.ops[1];
    big.ops = Array.from({ length: MAX_OPS + 1 }, (_, i) => ({ ...relu, name: `r${i}` }));
    expect(workloadIssues(big)[0]).toBe(`ops must list at most ${MAX_OPS} ops`);

    const wide = clone(zooWorkload('teaching-cnn'));
    wide.tensors[0].shape = [MAX_DIM + 1, 32, 3];
    expect(workloadIssues(wide)[0]).toBe(`tensors[0] "image": shape[0] must be a whole number from 1 to ${MAX_DIM} (got ${MAX_DIM + 1})`);

    const frac = clone(zooWorkload('teaching-cnn'));
    (frac.ops[0] as { conv2d: { groups: number } }).conv2d.groups = 1.5;
    expect(workloadIssues(frac)).toEqual([`ops[0] "conv1": conv2d.groups must be a whole number from 1 to ${MAX_DIM} (got 1.5)`]);

    expect(workloadIssues({ name: 'x', source: 'json', tensors: [], ops: [{ kind: 'conv3d', name: 'a' }] })).toEqual([
      'tensors must list at least one tensor',
      'ops[0] "a": kind must be one of conv2d, matmul, elementwise, pool, reduce, softmax, layernorm (got "conv3d")',
    ]);
    expect(workloadIssues({ name: 'x', source: 'excel', tensors: [{ name: 't', shape: [2], elementBytes: 2, kind: 'input' }], ops: [] })).toEqual([
      'source must be one of zoo, onnx, scalesim, timeloop, json (got "excel")',
      'ops must list at least one op',
    ]);
    const nb = clone(zooWorkload('teaching-cnn'));
    nb.defaultBatch = 0;
    expect(workloadIssues(nb)).toEqual(['defaultBatch must be a whole number from 1 to 1024 (got 0)']);
    expect(() => parseWorkload(42)).toThrow('workload: must be an object (got 42)');
    expect(() => parseWorkload(null, 'model.json')).toThrow('model.json: must be an object (got null)');
    expect(workloadIssues({ name: 'x', source: 'json', tensors: [{ name: 't', shape: [2], elementBytes: 2, kind: 'input' }], ops: [{ kind: 'matmul', name: 'm', inputs: ['t'], outputs: ['o'], weights: [] }] }))
      .toEqual(['ops[0] "m": matmul is missing']);
  });
});

describe('conv output-size rule', () => {
  it('allows padding up to kernel − 1 per side, or SCALE-Sim’s ceil rule, and nothing else', () => {
    expect(windowOutRange(224, 7, 2)).toEqual([109, 115]); // valid … pad 6 per side; "same" 112 and SCALE-Sim's ⌈217/2⌉ + 1 = 110 inside
    expect(windowOutRange(56, 1, 2)).toEqual([28, 29]); // 1×1/2: only SCALE-Sim's ceil rule gives 29
    expect(windowOutRange(2, 3, 1)).toEqual([1, 4]);
    expect(windowOutRange(10, 3, 1, 2)).toEqual([6, 14]); // dilation 2: effective kernel 5
  });

  it('property: every conv the builder makes validates; one past either end of the range does not', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 8 }), fc.constantFrom('same', 'valid') as fc.Arbitrary<'same' | 'valid'>,
      (size, k, s, groups, padding) => {
        fc.pre(padding === 'same' || size >= k);
        const g = new GraphBuilder('p', 'json');
        const x = g.input('x', [size, size, groups * 2]);
        g.conv2d('c', x, { outChannels: groups * 3, kernel: k, stride: s, groups, padding });
        const w = g.build();
        expect(workloadIssues(w)).toEqual([]);
        const [lo, hi] = windowOutRange(size, k, s);
        const op = w.ops[0];
        if (op.kind !== 'conv2d') throw new Error('conv');
        for (const bad of [lo - 1, hi + 1].filter((v) => v >= 1)) {
          const broken = clone(w);
          (broken.ops[0] as typeof op).conv2d.outHeight = bad;
          expect(workloadIssues(broken).some((m) => m.includes('conv2d.outHeight must be from'))).toBe(true);
        }
      },
    ), { seed: 7, numRuns: 300 });
  });
});
