// ONNX operators of detection, segmentation and transformer exports (issue 19): ConvTranspose as its sub-pixel
// convolutions, Resize/Upsample, the data-movement ops (Concat, Split, Slice, Pad, Expand, Tile, Gather), Where,
// Einsum's matmul forms, Instance/GroupNormalization, reductions and softmax on any axis; the import report and its
// independent counts; a detector-style graph with 0 skipped whose MACs match a count by hand. Models are built here
// with onnx-proto.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { importOnnx, opMacs, workloadCounts, workloadIssues } from '../../shared/workload/index';
import { onnxImportInfo } from '../../shared/workload/importers/onnx';
import { importReport, reportLines } from '../../shared/workload/import-report';
import { lowerWorkload } from '../../shared/sim/lower';
import type { OpSpec, WorkloadSpec } from '../../shared/workload/types';

const { onnx } = onnxProto;
type Attr = number | number[] | string | { float: number } | { floats: number[] };

function node(opType: string, input: string[], output: string[], attrs: Record<string, Attr> = {}, name = ''): object {
  const attribute = Object.entries(attrs).map(([n, v]) => {
    if (typeof v === 'number') return { name: n, type: 2, i: v };
    if (typeof v === 'string') return { name: n, type: 3, s: new TextEncoder().encode(v) };
    if (Array.isArray(v)) return { name: n, type: 7, ints: v };
    if ('floats' in v) return { name: n, type: 6, floats: v.floats };
    return { name: n, type: 1, f: v.float };
  });
  return { opType, input, output, attribute, name: name || `${opType}_${output[0]}` };
}
const w = (name: string, dims: number[]) => ({ name, dims, dataType: 1 });
const ints = (name: string, values: number[]) => ({ name, dims: [values.length], dataType: 7, int64Data: values });
const floats = (name: string, values: number[]) => ({ name, dims: [values.length], dataType: 1, floatData: values });

function model(nodes: object[], inputs: [string, (number | string)[], number?][], initializer: object[], opset = 13): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'test-graph', node: nodes, initializer,
      input: inputs.map(([name, dims, elemType]) => ({
        name, type: { tensorType: { elemType: elemType ?? 1, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
      })),
      output: [],
    },
  })).finish();
}

const byName = (m: WorkloadSpec, name: string): OpSpec => {
  const op = m.ops.find((o) => o.name === name);
  if (!op) throw new Error(`no op ${name} in ${m.ops.map((o) => o.name).join(', ')}`);
  return op;
};
const shapeOf = (m: WorkloadSpec, name: string) => m.tensors.find((t) => t.name === name)?.shape;
const report = (m: WorkloadSpec) => importReport(m, onnxImportInfo(m)!);
const macs = (m: WorkloadSpec) => workloadCounts(m).macs;

// ---- a detector: backbone, FPN (Resize nearest + linear, two ConvTransposes, Concat), head (Slice, Sigmoid) ----
const detectorNodes = [
  node('Conv', ['x', 'w1'], ['c1c'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, '/backbone/conv1/Conv'),
  node('BatchNormalization', ['c1c', 'g1', 'b1', 'm1', 'v1'], ['c1b'], {}, '/backbone/bn1/BatchNormalization'),
  node('Relu', ['c1b'], ['c1'], {}, '/backbone/relu1/Relu'),
  node('Conv', ['c1', 'w2'], ['c2c'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, '/backbone/conv2/Conv'),
  node('Relu', ['c2c'], ['c2'], {}, '/backbone/relu2/Relu'),
  node('Conv', ['c2', 'w3'], ['c3c'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, '/backbone/conv3/Conv'),
  node('Relu', ['c3c'], ['c3'], {}, '/backbone/relu3/Relu'),
  node('Conv', ['c3', 'lw3'], ['l3'], {}, '/fpn/lat3/Conv'),
  node('Conv', ['c2', 'lw2'], ['l2'], {}, '/fpn/lat2/Conv'),
  node('Conv', ['c1', 'lw1', 'lb1'], ['l1'], {}, '/fpn/lat1/Conv'),
  node('Resize', ['l3', '', 'up_scales'], ['up3'], { mode: 'nearest' }, '/fpn/up3/Resize'),
  node('Add', ['l2', 'up3'], ['p2'], {}, '/fpn/p2/Add'),
  node('ConvTranspose', ['p2', 'wt', 'bt'], ['up2'], { kernel_shape: [2, 2], strides: [2, 2] }, '/fpn/up2/ConvTranspose'),
  node('Add', ['l1', 'up2'], ['p1'], {}, '/fpn/p1/Add'),
  node('Resize', ['p2', '', '', 'lin_sizes'], ['up2l'], { mode: 'linear' }, '/fpn/up2l/Resize'),
  node('ConvTranspose', ['p2', 'wt2'], ['up2t'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }, '/fpn/up2t/ConvTranspose'),
  node('Concat', ['p1', 'up2l', 'up2t'], ['cat'], { axis: 1 }, '/fpn/cat/Concat'),
  node('Conv', ['cat', 'hw', 'hb'], ['h'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, '/head/conv/Conv'),
  node('Relu', ['h'], ['hr'], {}, '/head/relu/Relu'),
  node('Conv', ['hr', 'ow', 'ob'], ['o'], {}, '/head/out/Conv'),
  node('Slice', ['o', 'st0', 'en2', 'ax1'], ['cls_logits'], {}, '/head/cls/Slice'),
  node('Sigmoid', ['cls_logits'], ['cls'], {}, '/head/cls/Sigmoid'),
  node('Slice', ['o', 'st2', 'en6', 'ax1'], ['box'], {}, '/head/box/Slice'),
];
const detectorInits = [
  w('w1', [16, 3, 3, 3]), w('g1', [16]), w('b1', [16]), w('m1', [16]), w('v1', [16]),
  w('w2', [32, 16, 3, 3]), w('w3', [64, 32, 3, 3]),
  w('lw3', [32, 64, 1, 1]), w('lw2', [32, 32, 1, 1]), w('lw1', [32, 16, 1, 1]), w('lb1', [32]),
  floats('up_scales', [1, 1, 2, 2]), ints('lin_sizes', [1, 32, 32, 32]),
  w('wt', [32, 32, 2, 2]), w('bt', [32]), w('wt2', [32, 16, 3, 3]),
  w('hw', [32, 80, 3, 3]), w('hb', [32]), w('ow', [6, 32, 1, 1]), w('ob', [6]),
  ints('st0', [0]), ints('en2', [2]), ints('st2', [2]), ints('en6', [6]), ints('ax1', [1]),
];
const detector = model(detectorNodes, [['x', ['N', 3, 64, 64]]], detectorInits, 13);
/** MACs per image by hand: output pixels × output channels × (input channels / groups) × kernel taps; a transposed
 * conv: input pixels × input channels × output channels × taps. */
const detectorMacs =
  32 * 32 * 16 * 3 * 9 + 16 * 16 * 32 * 16 * 9 + 8 * 8 * 64 * 32 * 9 // backbone
  + 8 * 8 * 32 * 64 + 16 * 16 * 32 * 32 + 32 * 32 * 32 * 16 // laterals
  + 16 * 16 * 32 * 32 * 4 + 16 * 16 * 32 * 16 * 9 // the two transposed convs
  + 32 * 32 * 32 * 80 * 9 + 32 * 32 * 6 * 32; // head
const detectorParams = 16 * 27 + 2 * 16 + 32 * 16 * 9 + 64 * 32 * 9 + 32 * 64 + 32 * 32 + 32 * 16 + 32
  + 32 * 32 * 4 + 32 + 32 * 16 * 9 + 32 * 80 * 9 + 32 + 6 * 32 + 6;

describe('ONNX import: a detector (backbone, FPN with Resize, ConvTranspose and Concat, head)', () => {
  const m = importOnnx(detector, { name: 'detector' });

  it('imports with 0 skipped; every op is costed; MACs equal the count by hand (within 1%: exactly)', () => {
    expect(workloadIssues(m)).toEqual([]);
    expect(m.warnings).toBeUndefined();
    expect(Math.abs(macs(m) - detectorMacs) / detectorMacs).toBeLessThan(0.01);
    expect(macs(m)).toBe(detectorMacs);
    expect(workloadCounts(m).params).toBe(detectorParams);
    const r = report(m);
    expect(r.skipped).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => [c.what, c.workload, c.independent, c.ok])).toEqual([['MACs', detectorMacs, detectorMacs, true], ['parameters', detectorParams, detectorParams, true]]);
  });

  it('FPN ops: nearest Resize is a copy, linear an interpolate, Concat a copy of the three levels; Slice copies', () => {
    expect(byName(m, 'fpn/up3/Resize')).toMatchObject({ kind: 'elementwise', elementwise: { op: 'copy', elements: 32 * 16 * 16 } });
    expect(byName(m, 'fpn/up2l/Resize')).toMatchObject({ elementwise: { op: 'interpolate', elements: 32 * 32 * 32 } });
    const cat = byName(m, 'fpn/cat/Concat');
    expect(cat).toMatchObject({ elementwise: { op: 'copy', elements: 80 * 32 * 32 } });
    expect(cat.inputs).toHaveLength(3);
    expect(byName(m, 'head/cls/Slice')).toMatchObject({ elementwise: { op: 'copy', elements: 2 * 32 * 32 } });
    expect(byName(m, 'head/box/Slice')).toMatchObject({ elementwise: { op: 'copy', elements: 4 * 32 * 32 } });
    expect(byName(m, 'fpn/p2/Add')).toMatchObject({ elementwise: { op: 'add' } });
  });

  it('ConvTranspose k2 s2 is one sub-pixel conv of 4× the channels (free depth-to-space); k3 s2 p1 op1 is four phase convs and an interleaving copy', () => {
    expect(byName(m, 'fpn/up2/ConvTranspose')).toMatchObject({
      kind: 'conv2d', conv2d: { inHeight: 16, inWidth: 16, inChannels: 32, outHeight: 16, outWidth: 16, outChannels: 128, kernelHeight: 1, kernelWidth: 1, strideHeight: 1 },
    });
    const phases = m.ops.filter((o) => o.name.startsWith('fpn/up2t/ConvTranspose/phase'));
    expect(phases.map((o) => o.kind === 'conv2d' && [o.conv2d.kernelHeight, o.conv2d.kernelWidth, o.conv2d.outHeight, o.conv2d.outWidth])).toEqual([[2, 2, 16, 16], [2, 1, 16, 16], [1, 2, 16, 16], [1, 1, 16, 16]]);
    expect(phases.reduce((s, o) => s + opMacs(o), 0)).toBe(16 * 16 * 32 * 16 * 9);
    expect(byName(m, 'fpn/up2t/ConvTranspose')).toMatchObject({ elementwise: { op: 'copy', elements: 16 * 32 * 32 } });
  });

  it('the report by ONNX type: counts, MACs, fused and folded, and text for the CLI', () => {
    const r = report(m);
    const t = (type: string) => r.byType.find((x) => x.type === type)!;
    expect(t('ConvTranspose')).toMatchObject({ nodes: 2, costed: 2, irOps: 1 + 5 + 1, macs: 16 * 16 * 32 * 32 * 4 + 16 * 16 * 32 * 16 * 9 });
    expect(t('Resize')).toMatchObject({ nodes: 2, costed: 2, macs: 0 });
    expect(t('Conv').macs).toBe(t('Conv').independentMacs);
    expect(t('Resize').bytes).toBe((32 * 8 * 8 + 32 * 16 * 16) * 2 + (32 * 16 * 16 + 32 * 32 * 32) * 2);
    expect(r.fused).toContain('BatchNormalization → one scale-and-shift [2, C] ×1');
    const text = reportLines(r);
    expect(text.head[0]).toBe(`import report: ${detectorNodes.length} ONNX nodes (opset 13) → ${m.ops.length} ops; 0 skipped`);
    expect(text.tail.at(-2)).toMatch(/^check MACs: /);
  });

  it('simulates: the new op kinds lower to records the core accepts', () => {
    const ops = lowerWorkload(m, { batch: 2 });
    const slice = ops.find((o) => o.name === 'head/box/Slice')!;
    // a slice reads its part (what it writes), not the whole source
    expect(slice.record).toMatchObject({ kind: 'vector', inBytes: 4 * 32 * 32 * 2 * 2, outBytes: 4 * 32 * 32 * 2 * 2, opsPerOutput: 1 });
    const lin = ops.find((o) => o.name === 'fpn/up2l/Resize')!;
    expect(lin.record).toMatchObject({ kind: 'vector', opsPerOutput: 6, inBytes: 32 * 16 * 16 * 2 * 2 });
  });
});

describe('ONNX import: the report catches a wrong count', () => {
  const m = importOnnx(detector, { name: 'detector' });
  const info = onnxImportInfo(m)!;

  it('a conv with a wrong output size in the workload is a MACs mismatch naming Conv', () => {
    const bad = structuredClone(m);
    const conv = bad.ops.find((o) => o.name === 'head/conv/Conv')!;
    if (conv.kind !== 'conv2d') throw new Error('conv expected');
    conv.conv2d.outHeight = 31; // an off-by-one in a shape
    const r = importReport(bad, info);
    expect(r.ok).toBe(false);
    const check = r.checks.find((c) => c.what === 'MACs')!;
    expect(check.ok).toBe(false);
    const convFile = detectorMacs - 16 * 16 * 32 * 32 * 4 - 16 * 16 * 32 * 16 * 9; // every Conv, by hand
    expect(check.detail).toEqual([`Conv: ${convFile - 32 * 32 * 80 * 9} in the workload, ${convFile} counted from the file`]); // one row of 32 short
    expect(reportLines(r).tail.some((l) => l.startsWith('MISMATCH MACs'))).toBe(true);
  });

  it('a weight of the wrong size is a parameters mismatch', () => {
    const bad = structuredClone(m);
    bad.tensors.find((t) => t.name === 'hw')!.shape = [32, 80, 3, 2];
    const r = importReport(bad, info);
    expect(r.checks.find((c) => c.what === 'parameters')).toMatchObject({ ok: false, workload: detectorParams - 32 * 80 * 3, independent: detectorParams });
  });

  it('the shapes the file declares (value_info, outputs) are a third check; a wrong one is a mismatch; given sizes make them stale', () => {
    const vi = (name: string, dims: (number | string)[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } });
    const withDecl = (up: number[]) => onnx.ModelProto.encode(onnx.ModelProto.create({
      irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'decl', initializer: [w('k', [4, 4, 2, 2])],
        node: [node('ConvTranspose', ['x', 'k'], ['u'], { kernel_shape: [2, 2], strides: [2, 2] }), node('Relu', ['u'], ['y'])],
        input: [vi('x', ['N', 4, 8, 8])], valueInfo: [vi('u', ['N', ...up])], output: [vi('y', ['N', 4, 16, 16])],
      },
    })).finish();
    const good = report(importOnnx(withDecl([4, 16, 16])));
    expect(good.checks.find((c) => c.what === 'shapes')).toMatchObject({ ok: true, workload: 2, independent: 2 });
    const bad = report(importOnnx(withDecl([4, 15, 15])));
    expect(bad.ok).toBe(false);
    expect(bad.checks.find((c) => c.what === 'shapes')).toMatchObject({ ok: false, workload: 2, independent: 1, detail: ['"u": declared [?, 4, 15, 15], inferred [1, 4, 16, 16]'] });
    expect(reportLines(bad).tail.at(-1)).toBe('MISMATCH shapes: 1 of the 2 shapes the file declares differ from those inferred ("u": declared [?, 4, 15, 15], inferred [1, 4, 16, 16])');
    // imported at other sizes than the file's fixed ones: its declarations describe those, so they are not checked
    const resized = importOnnx(withDecl([4, 16, 16]), { inputShapes: { x: [1, 4, 10, 10] } });
    expect(report(resized).checks.map((c) => c.what)).toEqual(['MACs', 'parameters']);
  });

  it('the info is kept beside the spec, never in its JSON; a copy has none', () => {
    expect(JSON.stringify(m)).not.toContain('tensorBytes');
    expect(onnxImportInfo(structuredClone(m))).toBeUndefined();
  });
});

describe('ONNX import: each new operator (shapes and counts)', () => {
  const one = (nodes: object[], x: (number | string)[], inits: object[], opset = 13, extra: [string, (number | string)[], number?][] = []) =>
    importOnnx(model(nodes, [['x', x], ...extra], inits, opset));

  it('ConvTranspose k4 s2 p1: one conv of 2×2 kernels and 4× channels; MACs = in·inC·outC·k² (the textbook count)', () => {
    const m = one([node('ConvTranspose', ['x', 'k'], ['y'], { kernel_shape: [4, 4], strides: [2, 2], pads: [1, 1, 1, 1] })], [1, 8, 10, 12], [w('k', [8, 6, 4, 4])]);
    expect(m.ops[0]).toMatchObject({ conv2d: { inHeight: 10, inWidth: 12, outHeight: 10, outWidth: 12, outChannels: 24, kernelHeight: 2, kernelWidth: 2 } });
    expect(macs(m)).toBe(10 * 12 * 8 * 6 * 16);
    expect(report(m).ok).toBe(true);
    // the output keeps ONNX's shape [6, 20, 24] for its consumers (a free depth-to-space)
    const m2 = one([node('ConvTranspose', ['x', 'k'], ['y'], { kernel_shape: [4, 4], strides: [2, 2], pads: [1, 1, 1, 1] }), node('Relu', ['y'], ['z'])], [1, 8, 10, 12], [w('k', [8, 6, 4, 4])]);
    expect(m2.ops[1]).toMatchObject({ elementwise: { op: 'relu', elements: 6 * 20 * 24 } });
  });

  it('ConvTranspose grouped, with bias, 1-D, and output_shape; a cropped output is costed by its phases', () => {
    const g = one([node('ConvTranspose', ['x', 'k', 'b'], ['y'], { kernel_shape: [2, 2], strides: [2, 2], group: 2 })], [1, 8, 5, 5], [w('k', [8, 3, 2, 2]), w('b', [6])]);
    expect(g.ops.map((o) => o.kind)).toEqual(['conv2d', 'elementwise']);
    expect(macs(g)).toBe(5 * 5 * 8 * 3 * 4);
    expect(shapeOf(g, 'y')).toEqual([6, 10, 10]);
    const d1 = one([node('ConvTranspose', ['x', 'k'], ['y'], { kernel_shape: [4], strides: [2], pads: [1, 1] })], [1, 4, 16], [w('k', [4, 4, 4])]);
    expect(macs(d1)).toBe(16 * 4 * 4 * 4);
    const os = one([node('ConvTranspose', ['x', 'k'], ['y'], { kernel_shape: [3, 3], strides: [2, 2], output_shape: [16, 16] })], [1, 4, 8, 8], [w('k', [4, 4, 3, 3])]);
    expect(shapeOf(os, 'y')).toEqual([4, 16, 16]);
    expect(report(os).ok).toBe(true);
    // k3 s2 p1 without output_padding: 15×15; the cropped row and column's taps are not computed
    // two transposed convs sharing one filter: its phase filters are made once (parameters counted once)
    const shared = one([
      node('ConvTranspose', ['x', 'k'], ['y1'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }),
      node('ConvTranspose', ['x', 'k'], ['y2'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }),
    ], [1, 4, 8, 8], [w('k', [4, 4, 3, 3])]);
    expect(workloadCounts(shared).params).toBe(4 * 4 * 9);
    expect(report(shared).ok).toBe(true);
    const crop = one([node('ConvTranspose', ['x', 'k'], ['y'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] })], [1, 4, 8, 8], [w('k', [4, 4, 3, 3])]);
    expect(shapeOf(crop, 'y')).toEqual([4, 15, 15]);
    expect(macs(crop)).toBe((8 * 1 + 7 * 2) ** 2 * 4 * 4);
    expect(report(crop).checks[0].ok).toBe(false); // the textbook count includes the cropped taps: the report says so
  });

  it('Resize: nearest by scales, linear by sizes, opset 10 scales, Upsample (opset 9 and 7); cubic skipped with its reason', () => {
    const near = one([node('Resize', ['x', '', 's'], ['y'])], [1, 4, 5, 6], [floats('s', [1, 1, 2, 3])]);
    expect(near.ops[0]).toMatchObject({ elementwise: { op: 'copy', elements: 4 * 10 * 18 } });
    const lin = one([node('Resize', ['x', '', '', 'z'], ['y'], { mode: 'linear' })], [1, 4, 5, 6], [ints('z', [1, 4, 7, 7])]);
    expect(lin.ops[0]).toMatchObject({ elementwise: { op: 'interpolate', elements: 4 * 49 } });
    const down = one([node('Resize', ['x', 's'], ['y'], { mode: 'linear' })], [1, 4, 8, 8], [floats('s', [1, 1, 0.5, 0.5])], 10);
    expect(down.ops[0]).toMatchObject({ elementwise: { op: 'interpolate', elements: 4 * 16 } });
    const up9 = one([node('Upsample', ['x', 's'], ['y'])], [1, 4, 5, 5], [floats('s', [1, 1, 2, 2])], 9);
    expect(up9.ops[0]).toMatchObject({ elementwise: { op: 'copy', elements: 400 } });
    const up7 = one([node('Upsample', ['x'], ['y'], { scales: { floats: [1, 1, 2, 2] } })], [1, 4, 5, 5], [], 7);
    expect(up7.ops[0]).toMatchObject({ elementwise: { op: 'copy', elements: 400 } });
    const cubic = one([node('Relu', ['x'], ['r']), node('Resize', ['r', '', 's'], ['y'], { mode: 'cubic' }, 'up')], [1, 4, 5, 6], [floats('s', [1, 1, 2, 2])]);
    const r = report(cubic);
    expect(r.skipped).toEqual([{ name: 'up', type: 'Resize', reason: 'Resize: cubic interpolation is not costed', bytes: 4 * 30 * 2 + 4 * 2 + 4 * 10 * 12 * 2, share: r.skipped[0].bytes / r.tensorBytes }]);
    expect(r.skippedShare).toBeGreaterThan(0);
  });

  it('Split: one copy per output, each output its own tensor for its consumer; Slice of the whole tensor is free', () => {
    const m = one([
      node('Split', ['x', 'sz'], ['a', 'b', 'c'], { axis: 1 }, 'split'),
      node('Relu', ['a'], ['ra']), node('Relu', ['c'], ['rc']),
      node('Slice', ['x', 'st', 'en'], ['whole'], {}, 'whole'), node('Relu', ['whole'], ['rw']),
    ], [1, 6, 4], [ints('sz', [1, 2, 3]), ints('st', [0, 0]), ints('en', [9, 9])]);
    expect(m.ops.map((o) => o.name)).toEqual(['split', 'split_1', 'split_2', 'Relu_ra', 'Relu_rc', 'Relu_rw']);
    expect(m.ops.slice(0, 3).map((o) => o.kind === 'elementwise' && o.elementwise.elements)).toEqual([4, 8, 12]);
    expect(byName(m, 'Relu_rc').inputs).toEqual(['c']);
    expect(byName(m, 'Relu_rw').inputs).toEqual(['x']);
    expect(report(m).byType.find((t) => t.type === 'Slice')).toMatchObject({ free: 1, costed: 0 });
    const eq = one([node('Split', ['x'], ['a', 'b'], { axis: 2 })], [1, 3, 8], [], 11);
    expect(eq.ops.map((o) => o.kind === 'elementwise' && o.elementwise.elements)).toEqual([12, 12]);
  });

  it('Slice with steps and negative indices, Pad, Expand, Tile, Transpose (free), Gather of activations', () => {
    const sl = one([node('Slice', ['x', 'st', 'en', 'ax', 'sp'], ['y'])], [1, 10, 10], [ints('st', [-1, 1]), ints('en', [-100, 9]), ints('ax', [1, 2]), ints('sp', [-2, 3])]);
    expect(shapeOf(sl, 'y')).toEqual([5, 3]);
    const pd = one([node('Pad', ['x', 'p'], ['y'], { mode: 'reflect' })], [1, 3, 8, 8], [ints('p', [0, 0, 1, 2, 0, 0, 1, 2])]);
    expect(pd.ops[0]).toMatchObject({ elementwise: { op: 'copy', elements: 3 * 10 * 12 } });
    const pd2 = one([node('Pad', ['x'], ['y'], { pads: [0, 0, 1, 1, 0, 0, 1, 1] })], [1, 3, 8, 8], [], 9);
    expect(shapeOf(pd2, 'y')).toEqual([3, 10, 10]);
    const ex = one([node('Expand', ['x', 's'], ['y'])], [1, 3, 1], [ints('s', [1, 3, 5])]);
    expect(ex.ops[0]).toMatchObject({ elementwise: { op: 'copy', elements: 15 } });
    const tl = one([node('Tile', ['x', 'r'], ['y'])], [1, 3, 2], [ints('r', [1, 2, 3])]);
    expect(shapeOf(tl, 'y')).toEqual([6, 6]);
    const tr = one([node('Transpose', ['x'], ['t'], { perm: [0, 2, 1] }), node('Relu', ['t'], ['y'])], [1, 3, 5], []);
    expect(tr.ops.map((o) => o.kind)).toEqual(['elementwise']); // the transpose itself moves nothing (layout)
    const cls = one([node('Gather', ['x', 'i'], ['y'], { axis: 1 })], [1, 16, 32], [{ name: 'i', dims: [], dataType: 7, int64Data: [0] }]);
    expect(cls.ops[0]).toMatchObject({ inputs: ['x'], weights: [], elementwise: { op: 'copy', elements: 32 } });
  });

  it('Where selects; broadcasting Add/Mul/Sub/Div between activations', () => {
    const m = one([
      node('Greater', ['x', 'zero'], ['mask']),
      node('Where', ['mask', 'x', 'fill'], ['y'], {}, 'where'),
      node('ReduceMean', ['x'], ['mean'], { axes: [2], keepdims: 1 }, 'mean'),
      node('Sub', ['x', 'mean'], ['centred'], {}, 'sub'),
      node('Div', ['centred', 'mean'], ['ratio'], {}, 'div'),
    ], [1, 4, 6], [{ name: 'zero', dims: [], dataType: 1, floatData: [0] }, w('fill', [4, 6])]);
    expect(byName(m, 'where')).toMatchObject({ weights: ['fill'], elementwise: { op: 'select', elements: 24 } });
    expect(byName(m, 'mean')).toMatchObject({ reduce: { op: 'mean', inElements: 24, outElements: 4 } });
    expect(byName(m, 'sub')).toMatchObject({ inputs: ['x', 'mean'], elementwise: { op: 'add', elements: 24 } });
    expect(byName(m, 'div')).toMatchObject({ elementwise: { op: 'mul', elements: 24 } });
    // ReduceSum takes its axes as an input from opset 13, ReduceMean from 18
    const sums = one([node('ReduceSum', ['x', 'ax'], ['s'], { keepdims: 0 }, 'sum'), node('ReduceMean', ['x', 'ax'], ['mn'], {}, 'mean18')], [1, 4, 6], [ints('ax', [1])], 18);
    expect(byName(sums, 'sum')).toMatchObject({ reduce: { op: 'sum', inElements: 24, outElements: 6 } });
    expect(byName(sums, 'mean18')).toMatchObject({ reduce: { op: 'mean', inElements: 24, outElements: 6 } });
  });

  it('Einsum: attention (bhqd,bhkd->bhqk), a dense layer (bsd,de->bse), a permutation (free); other forms skipped with the reason', () => {
    const att = one([node('Einsum', ['x', 'k'], ['s'], { equation: 'bhqd,bhkd->bhqk' })], [1, 2, 8, 16], [], 13, [['k', [1, 2, 8, 16]]]);
    expect(att.ops[0]).toMatchObject({ matmul: { count: 2, m: 8, k: 16, n: 8, weightB: false } });
    expect(report(att).ok).toBe(true);
    const dense = one([node('Einsum', ['x', 'W'], ['y'], { equation: 'bsd,de->bse' })], [2, 8, 16], [w('W', [16, 32])]);
    expect(dense.ops[0]).toMatchObject({ weights: ['W'], matmul: { count: 1, m: 8, k: 16, n: 32, weightB: true } });
    expect(report(dense).checks.map((c) => c.ok)).toEqual([true, true]);
    const left = one([node('Einsum', ['W', 'x'], ['y'], { equation: 'ed, b s d -> b s e' })], [1, 8, 16], [w('W', [32, 16])]);
    expect(left.ops[0]).toMatchObject({ matmul: { count: 1, m: 8, k: 16, n: 32, weightB: true } });
    expect(shapeOf(left, 'y')).toEqual([8, 32]);
    const perm = one([node('Einsum', ['x'], ['t'], { equation: 'bij->bji' }), node('Relu', ['t'], ['y'])], [1, 3, 5], []);
    expect(perm.ops.map((o) => o.kind)).toEqual(['elementwise']);
    const diag = one([node('Relu', ['x'], ['r']), node('Einsum', ['r'], ['d'], { equation: 'bii->bi' }, 'diag')], [1, 4, 4], []);
    expect(report(diag).skipped[0]).toMatchObject({ type: 'Einsum', reason: 'Einsum: a repeated letter in one operand (a diagonal) is not a matmul form' });
  });

  it('Softmax on a middle axis; Instance/Group/LayerNormalization as row ops; Gelu and Erf', () => {
    const m = one([
      node('Softmax', ['x'], ['s'], { axis: 1 }, 'softmax'),
      node('InstanceNormalization', ['s', 'g', 'b'], ['i'], {}, 'inorm'),
      node('GroupNormalization', ['i', 'g2', 'b2'], ['gn'], { num_groups: 2 }, 'gnorm'),
      node('LayerNormalization', ['gn', 'lg', 'lb'], ['ln'], { axis: -1 }, 'lnorm'),
      node('Gelu', ['ln'], ['ge'], {}, 'gelu'),
      node('Erf', ['ge'], ['er'], {}, 'erf'),
    ], [1, 4, 3, 5], [w('g', [4]), w('b', [4]), w('g2', [2]), w('b2', [2]), w('lg', [5]), w('lb', [5])], 18);
    expect(byName(m, 'softmax')).toMatchObject({ softmax: { rows: 15, length: 4 } });
    expect(byName(m, 'inorm')).toMatchObject({ weights: ['g', 'b'], layernorm: { rows: 4, length: 15 } });
    expect(byName(m, 'gnorm')).toMatchObject({ layernorm: { rows: 2, length: 30 } });
    expect(byName(m, 'lnorm')).toMatchObject({ layernorm: { rows: 12, length: 5 } });
    expect(byName(m, 'gelu')).toMatchObject({ elementwise: { op: 'gelu' } });
    expect(byName(m, 'erf')).toMatchObject({ elementwise: { op: 'tanh' } });
    expect(report(m).ok).toBe(true);
    expect(report(m).approximated).toEqual(['Erf ×1']);
  });
});

describe('fast import / simulate print the report and the ops left out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fast-onnx-ops-'));
  const file = join(dir, 'detector.onnx');
  writeFileSync(file, detector);
  const skipping = join(dir, 'skipping.onnx');
  writeFileSync(skipping, model([node('Relu', ['x'], ['r']), node('Resize', ['r', '', 's'], ['y'], { mode: 'cubic' }, 'up')], [['x', [1, 4, 8, 8]]], [floats('s', [1, 1, 2, 2])]));

  async function run(argv: string[]) {
    const { main } = await import('../../cli/main');
    let out = '', err = '';
    const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
    return { code, out, err };
  }

  it('fast import FILE prints the report; --report-json the report; --json the WorkloadSpec unchanged', async () => {
    const text = await run(['import', file]);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`import report: ${detectorNodes.length} ONNX nodes (opset 13) →`);
    expect(text.out).toMatch(/ConvTranspose\s+2\s+2\s+7\s/);
    expect(text.out).toContain('check MACs: ');
    const json = await run(['import', file, '--report-json']);
    expect(JSON.parse(json.out)).toMatchObject({ workload: 'detector', ok: true, skipped: [] });
    const spec = await run(['import', file, '--json']);
    expect(JSON.parse(spec.out)).toEqual(JSON.parse(JSON.stringify(importOnnx(detector, { name: 'detector' }))));
    const zoo = await run(['import', 'teaching-cnn', '--report-json']);
    expect([zoo.code, zoo.err]).toEqual([2, 'fast: --report-json: "teaching-cnn" is not an ONNX model (the import report is of ONNX imports)\n']);
  });

  const dynamic = join(dir, 'detector-dynamic.onnx');
  writeFileSync(dynamic, model(detectorNodes, [['x', ['N', 3, 'H', 'W']]], detectorInits, 13));

  it('fast simulate runs the detector with dynamic H and W sized by --input-shape (every new op kind lowered and evaluated)', async () => {
    const refused = await run(['simulate', '--workload', dynamic, '--hardware', 'tpu-v3']);
    expect(refused.code).toBe(2);
    const sim = await run(['simulate', '--workload', dynamic, '--input-shape', 'x=1,3,64,64', '--hardware', 'tpu-v3', '--batch', '4', '--json']);
    expect([sim.code, sim.err]).toEqual([0, '']);
    const r = JSON.parse(sim.out) as { ops: { name: string; cycles: number }[]; throughputPerSecond: number };
    expect(r.throughputPerSecond).toBeGreaterThan(0);
    // (the nearest Resize and the Concat fuse into their producers' groups, as XLA writes a concat in place)
    for (const name of ['fpn/up2/ConvTranspose', 'fpn/up2t/ConvTranspose/phase0_0', 'fpn/up2l/Resize', 'head/box/Slice']) {
      expect(r.ops.find((o) => o.name === name)?.cycles ?? 0, name).toBeGreaterThan(0);
    }
  });

  it('a skipped op: the report lists it with its share; simulate warns how many ops were left out', async () => {
    const text = await run(['import', skipping]);
    expect(text.out).toMatch(/skipped: up \(Resize\): Resize: cubic interpolation is not costed; .* of the tensors/);
    const sim = await run(['simulate', '--workload', skipping, '--hardware', 'tpu-v3', '--json']);
    expect(sim.code).toBe(0);
    expect(sim.err).toContain('warning: onnx: 1 op not supported and skipped (not costed): Resize ×1');
  });
});

describe('IR: the data-movement and select elementwise ops', () => {
  const t = (name: string, shape: number[], kind: 'input' | 'activation' = 'input') => ({ name, shape, elementBytes: 2, kind });
  const spec = (op: object, tensors: object[]): unknown => ({ name: 'w', source: 'json', tensors, ops: [{ name: 'op', outputs: ['y'], weights: [], ...op }] });

  it('copy takes parts that do not broadcast into the output (a concat); other ops still must broadcast', () => {
    const tensors = [t('a', [3, 4]), t('b', [2, 4]), t('y', [5, 4], 'activation')];
    expect(workloadIssues(spec({ inputs: ['a', 'b'], kind: 'elementwise', elementwise: { op: 'copy', elements: 20 } }, tensors))).toEqual([]);
    expect(workloadIssues(spec({ inputs: ['a', 'b'], kind: 'elementwise', elementwise: { op: 'add', elements: 20 } }, tensors))[0]).toMatch(/do not broadcast/);
  });

  it('interpolate is unary; select takes at most three inputs', () => {
    const tensors = [t('a', [4]), t('b', [4]), t('c', [4]), t('d', [4]), t('y', [16], 'activation')];
    expect(workloadIssues(spec({ inputs: ['a'], kind: 'elementwise', elementwise: { op: 'interpolate', elements: 16 } }, tensors.filter((x) => x.name === 'a' || x.name === 'y')))).toEqual([]);
    expect(workloadIssues(spec({ inputs: ['a', 'b'], kind: 'elementwise', elementwise: { op: 'interpolate', elements: 16 } }, tensors.filter((x) => x.name !== 'c' && x.name !== 'd')))[0]).toMatch(/takes 1 input/);
    expect(workloadIssues(spec({ inputs: ['a', 'b', 'c', 'd'], kind: 'elementwise', elementwise: { op: 'select', elements: 16 } }, tensors))).toEqual(['ops[0] "op": a select op takes at most 3 inputs (got 4)']);
  });

  it('lowering: a copy reads at most what it writes; select and interpolate cost 1 and 6 vector ops per element', () => {
    const w = { name: 'w', source: 'json' as const, tensors: [t('a', [64]), t('s', [16], 'activation'), t('u', [256], 'activation')], ops: [
      { name: 'slice', inputs: ['a'], outputs: ['s'], weights: [], kind: 'elementwise' as const, elementwise: { op: 'copy' as const, elements: 16 } },
      { name: 'up', inputs: ['a'], outputs: ['u'], weights: [], kind: 'elementwise' as const, elementwise: { op: 'interpolate' as const, elements: 256 } },
    ] };
    const [slice, up] = lowerWorkload(w, { batch: 2 });
    expect(slice.record).toMatchObject({ kind: 'vector', inBytes: 16 * 2 * 2, outBytes: 16 * 2 * 2, opsPerOutput: 1 });
    expect(up.record).toMatchObject({ kind: 'vector', inBytes: 64 * 2 * 2, outBytes: 256 * 2 * 2, opsPerOutput: 6 });
  });
});
