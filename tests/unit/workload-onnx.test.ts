// ONNX → WorkloadSpec: models built in memory with onnx-proto (encode → bytes → import), shape inference from the
// graph inputs and initializers, op coverage and patterns (swish, erf-GELU), free shape ops, and bad files.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import onnxProto from 'onnx-proto';
import { importOnnx, MAX_ONNX_BYTES, workloadCounts, zooWorkload, workloadIssues, opMacs, exportScalesimCsv, importScalesimCsv } from '../../shared/workload/index';
import type { OpSpec, WorkloadSpec } from '../../shared/workload/types';

const { onnx } = onnxProto;
type Attr = number | number[] | string | { float: number };

function node(opType: string, input: string[], output: string[], attrs: Record<string, Attr> = {}, name = ''): object {
  const attribute = Object.entries(attrs).map(([n, v]) => {
    if (typeof v === 'number') return { name: n, type: 2, i: v };
    if (typeof v === 'string') return { name: n, type: 3, s: new TextEncoder().encode(v) };
    if (Array.isArray(v)) return { name: n, type: 7, ints: v };
    return { name: n, type: 1, f: v.float };
  });
  return { opType, input, output, attribute, name: name || `${opType}_${output[0]}` };
}
/** A float weight (shape only: the importer never needs weight values). */
const w = (name: string, dims: number[]) => ({ name, dims, dataType: 1 });
/** A small int64 constant (shapes, axes). */
const ints = (name: string, values: number[]) => ({ name, dims: [values.length], dataType: 7, int64Data: values });
/** An int64 scalar constant (a Gather index, as PyTorch writes it). */
const intScalar = (name: string, v: number) => ({ name, dims: [], dataType: 7, int64Data: [v] });
/** A float scalar constant. */
const scalar = (name: string, v: number) => ({ name, dims: [], dataType: 1, floatData: [v] });

function model(nodes: object[], inputs: [string, (number | string)[], number?][], initializer: object[], opset = 13): Uint8Array {
  const m = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'test-graph',
      node: nodes,
      initializer,
      input: inputs.map(([name, dims, elemType]) => ({
        name, type: { tensorType: { elemType: elemType ?? 1, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
      })),
      output: [],
    },
  });
  return onnx.ModelProto.encode(m).finish();
}

const byName = (w: WorkloadSpec, name: string): OpSpec => {
  const op = w.ops.find((o) => o.name === name);
  if (!op) throw new Error(`no op ${name} in ${w.ops.map((o) => o.name).join(', ')}`);
  return op;
};
const kinds = (w: WorkloadSpec) => w.ops.map((o) => (o.kind === 'elementwise' ? `${o.kind}:${o.elementwise.op}` : o.kind));

describe('ONNX import: CNNs', () => {
  // The teaching CNN written as a PyTorch export would write it (NCHW, explicit pads, Flatten + Gemm with transB).
  const teaching = model([
    node('Conv', ['x', 'w1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, '/conv1/Conv'),
    node('Relu', ['c1'], ['r1'], {}, '/relu1/Relu'),
    node('Conv', ['r1', 'wd'], ['d2'], { group: 16, pads: [1, 1, 1, 1] }, '/dw2/Conv'),
    node('Conv', ['d2', 'wp'], ['p2'], {}, '/pw2/Conv'),
    node('Relu', ['p2'], ['r2'], {}, '/relu2/Relu'),
    node('MaxPool', ['r2'], ['m'], { kernel_shape: [2, 2], strides: [2, 2] }, '/maxpool/MaxPool'),
    node('GlobalAveragePool', ['m'], ['g'], {}, '/gap/GlobalAveragePool'),
    node('Flatten', ['g'], ['f'], { axis: 1 }, '/Flatten'),
    node('Gemm', ['f', 'wf', 'bf'], ['logits'], { transB: 1 }, '/fc/Gemm'),
    node('Softmax', ['logits'], ['prob'], { axis: 1 }, '/Softmax'),
  ], [['x', ['N', 3, 32, 32]]], [w('w1', [16, 3, 3, 3]), w('wd', [16, 1, 3, 3]), w('wp', [32, 16, 1, 1]), w('wf', [10, 32]), w('bf', [10])]);

  it('infers every shape and gives the zoo teaching-cnn’s MACs; Flatten is free; Gemm bias is a bias op', () => {
    const t = importOnnx(teaching, { name: 'teaching' });
    expect(workloadIssues(t)).toEqual([]);
    expect(t).toMatchObject({ name: 'teaching', source: 'onnx' });
    expect(t.defaultBatch).toBeUndefined(); // symbolic batch: the tool's default applies
    expect(t.warnings).toBeUndefined();
    expect(kinds(t)).toEqual(['conv2d', 'elementwise:relu', 'conv2d', 'conv2d', 'elementwise:relu', 'pool', 'pool', 'matmul', 'elementwise:bias', 'softmax']);
    expect(workloadCounts(t).macs).toBe(workloadCounts(zooWorkload('teaching-cnn')).macs);
    expect(byName(t, 'dw2/Conv')).toMatchObject({ block: 'dw2', conv2d: { groups: 16, inChannels: 16, outChannels: 16, outHeight: 32 } });
    expect(byName(t, 'fc/Gemm')).toMatchObject({ matmul: { count: 1, m: 1, k: 32, n: 10, weightB: true } });
    expect(byName(t, 'maxpool/MaxPool')).toMatchObject({ pool: { op: 'max', outHeight: 16, kernelHeight: 2 } });
    expect(t.tensors.find((x) => x.kind === 'input')).toEqual({ name: 'x', shape: [3, 32, 32], elementBytes: 2, kind: 'input' });
    expect(workloadCounts(t).params).toBe(16 * 27 + 16 * 9 + 32 * 16 + 320 + 10);
    // ONNX → SCALE-Sim CSV → WorkloadSpec keeps every GEMM op's geometry and MACs (the vector ops are not SCALE-Sim's)
    const back = importScalesimCsv(exportScalesimCsv(t).text);
    expect(back.ops.map(opMacs)).toEqual(t.ops.filter((o) => o.kind === 'conv2d' || o.kind === 'matmul').map(opMacs));
    expect(back.ops.slice(0, 3).map((o) => o.kind === 'conv2d' && [o.conv2d.outHeight, o.conv2d.outChannels, o.conv2d.groups])).toEqual([[32, 16, 1], [32, 16, 16], [32, 32, 1]]);
  });

  it('a fixed batch is divided out and becomes the default batch; fp32 files are costed in bf16 unless asked', () => {
    const fixed = model([node('Conv', ['x', 'k'], ['y'], { strides: [2, 2], auto_pad: 'SAME_UPPER' })], [['x', [8, 4, 15, 15]]], [w('k', [6, 4, 3, 3])]);
    const a = importOnnx(fixed);
    expect(a.defaultBatch).toBe(8);
    expect(a.ops[0]).toMatchObject({ conv2d: { inHeight: 15, outHeight: 8, outChannels: 6, strideHeight: 2 } });
    expect(opMacs(a.ops[0])).toBe(8 * 8 * 6 * 9 * 4);
    expect(importOnnx(fixed, { elementBytes: 4 }).tensors.every((x) => x.elementBytes === 4)).toBe(true);
  });

  // An MBConv block with squeeze-excite as exported by PyTorch (BatchNorm kept, swish as Sigmoid·x).
  const C = 16;
  const E = 64;
  const mbconv = model([
    node('Conv', ['x', 'we'], ['e'], {}),
    node('BatchNormalization', ['e', 'g1', 'b1', 'm1', 'v1'], ['eb']),
    node('Sigmoid', ['eb'], ['es']),
    node('Mul', ['eb', 'es'], ['ea']),
    node('Conv', ['ea', 'wd'], ['d'], { group: E, kernel_shape: [5, 5], pads: [2, 2, 2, 2] }),
    node('BatchNormalization', ['d', 'g2', 'b2', 'm2', 'v2'], ['db']),
    node('Sigmoid', ['db'], ['ds']),
    node('Mul', ['ds', 'db'], ['da']),
    node('GlobalAveragePool', ['da'], ['sq']),
    node('Conv', ['sq', 'wr', 'br'], ['sr']),
    node('Sigmoid', ['sr'], ['srs']),
    node('Mul', ['sr', 'srs'], ['sra']),
    node('Conv', ['sra', 'wx', 'bx'], ['sx']),
    node('Sigmoid', ['sx'], ['gate']),
    node('Mul', ['da', 'gate'], ['scaled']),
    node('Conv', ['scaled', 'wp'], ['p']),
    node('BatchNormalization', ['p', 'g3', 'b3', 'm3', 'v3'], ['pb']),
    node('Add', ['pb', 'x'], ['y']),
  ], [['x', ['batch', C, 14, 14]]], [
    w('we', [E, C, 1, 1]), w('wd', [E, 1, 5, 5]), w('wr', [4, E, 1, 1]), w('br', [4]), w('wx', [E, 4, 1, 1]), w('bx', [E]), w('wp', [C, E, 1, 1]),
    ...[1, 2, 3].flatMap((i) => ['g', 'b', 'm', 'v'].map((p) => w(`${p}${i}`, [i === 3 ? C : E]))),
  ]);

  it('MBConv + SE: Sigmoid·x becomes swish (either operand order), the SE gate stays sigmoid + broadcast multiply, BN folds to [2, C]', () => {
    const m = importOnnx(mbconv);
    expect(workloadIssues(m)).toEqual([]);
    expect(kinds(m)).toEqual([
      'conv2d', 'elementwise:batchnorm', 'elementwise:swish', 'conv2d', 'elementwise:batchnorm', 'elementwise:swish', 'pool',
      'conv2d', 'elementwise:bias', 'elementwise:swish', 'conv2d', 'elementwise:bias', 'elementwise:sigmoid', 'elementwise:mul',
      'conv2d', 'elementwise:batchnorm', 'elementwise:add',
    ]);
    const gateMul = m.ops[13];
    expect(gateMul.inputs).toHaveLength(2);
    const c = workloadCounts(m);
    expect(c.macs).toBe(14 * 14 * E * C + 14 * 14 * E * 25 + E * 4 + 4 * E + 14 * 14 * C * E);
    // conv weights + SE biases + BN as scale and shift (2 per channel; the moving statistics fold into them)
    expect(c.params).toBe(E * C + E * 25 + 4 * E + 4 + E * 4 + E + C * E + 2 * (E + E + C));
    expect(m.tensors.some((t) => t.name === 'es' || t.name === 'ds')).toBe(false); // swish intermediates are gone
  });
});

describe('ONNX import: a transformer layer as PyTorch exports it', () => {
  const S = 8;
  const H = 32;
  const heads = 2;
  const d = H / heads;
  const F = 4 * H;
  // Dynamic reshape targets built from Shape → Gather → Unsqueeze → Concat (constant-folded by the importer).
  const dyn = (src: string, tail: string, out: string) => [
    node('Shape', [src], [`${out}_shape`]),
    node('Gather', [`${out}_shape`, 'zero'], [`${out}_b`], { axis: 0 }),
    node('Unsqueeze', [`${out}_b`, 'axes0'], [`${out}_bu`]),
    node('Concat', [`${out}_bu`, tail], [`${out}_target`], { axis: 0 }),
  ];
  const head = (name: string, perm: number[]) => [
    node('MatMul', ['x', `W${name}`], [`${name}m`], {}, `/attn/${name}/MatMul`),
    node('Add', [`${name}m`, `b${name}`], [`${name}a`], {}, `/attn/${name}/Add`),
    ...dyn(`${name}a`, 'heads_tail', name),
    node('Reshape', [`${name}a`, `${name}_target`], [`${name}r`]),
    node('Transpose', [`${name}r`], [`${name}t`], { perm }),
  ];
  const bytes = model([
    ...head('q', [0, 2, 1, 3]), ...head('k', [0, 2, 3, 1]), ...head('v', [0, 2, 1, 3]),
    node('MatMul', ['qt', 'kt'], ['scores'], {}, '/attn/scores/MatMul'),
    node('Div', ['scores', 'sqrt_d'], ['scaled'], {}, '/attn/Div'),
    node('Softmax', ['scaled'], ['probs'], { axis: -1 }, '/attn/Softmax'),
    node('MatMul', ['probs', 'vt'], ['ctx'], {}, '/attn/context/MatMul'),
    node('Transpose', ['ctx'], ['ctxt'], { perm: [0, 2, 1, 3] }),
    ...dyn('x', 'hidden_tail', 'merge'),
    node('Reshape', ['ctxt', 'merge_target'], ['ctxr']),
    node('MatMul', ['ctxr', 'Wo'], ['om'], {}, '/attn/out/MatMul'),
    node('Add', ['om', 'bo'], ['oa'], {}, '/attn/out/Add'),
    node('Add', ['oa', 'x'], ['res1'], {}, '/attn/residual'),
    node('LayerNormalization', ['res1', 'ln1g', 'ln1b'], ['ln1'], { axis: -1 }, '/attn/LayerNorm'),
    node('MatMul', ['ln1', 'W1'], ['f1m'], {}, '/ffn/fc1/MatMul'),
    node('Add', ['f1m', 'b1'], ['f1'], {}, '/ffn/fc1/Add'),
    node('Div', ['f1', 'sqrt2'], ['g_div'], {}, '/ffn/gelu/Div'),
    node('Erf', ['g_div'], ['g_erf'], {}, '/ffn/gelu/Erf'),
    node('Add', ['g_erf', 'one'], ['g_add'], {}, '/ffn/gelu/Add'),
    node('Mul', ['f1', 'g_add'], ['g_mul'], {}, '/ffn/gelu/Mul'),
    node('Mul', ['g_mul', 'half'], ['gelu'], {}, '/ffn/gelu/Mul_1'),
    node('MatMul', ['gelu', 'W2'], ['f2m'], {}, '/ffn/fc2/MatMul'),
    node('Add', ['f2m', 'b2'], ['f2'], {}, '/ffn/fc2/Add'),
    node('Add', ['f2', 'ln1'], ['res2'], {}, '/ffn/residual'),
    node('LayerNormalization', ['res2', 'ln2g', 'ln2b'], ['y'], { axis: -1 }, '/ffn/LayerNorm'),
  ], [['x', ['batch', S, H]]], [
    ...['q', 'k', 'v', 'o'].flatMap((n) => [w(`W${n}`, [H, H]), w(`b${n}`, [H])]),
    w('W1', [H, F]), w('b1', [F]), w('W2', [F, H]), w('b2', [H]), w('ln1g', [H]), w('ln1b', [H]), w('ln2g', [H]), w('ln2b', [H]),
    intScalar('zero', 0), ints('axes0', [0]), ints('heads_tail', [S, heads, d]), ints('hidden_tail', [S, H]),
    scalar('sqrt_d', Math.sqrt(d)), scalar('sqrt2', Math.SQRT2), scalar('one', 1), scalar('half', 0.5),
  ], 17);

  it('per-head attention matmuls, free reshapes/transposes, erf-GELU as one op, LayerNormalization, hand-counted MACs', () => {
    const t = importOnnx(bytes);
    expect(workloadIssues(t)).toEqual([]);
    expect(t.warnings).toBeUndefined();
    expect(byName(t, 'attn/scores/MatMul')).toMatchObject({ block: 'attn/scores', matmul: { count: heads, m: S, k: d, n: S, weightB: false } });
    expect(byName(t, 'attn/context/MatMul')).toMatchObject({ matmul: { count: heads, m: S, k: S, n: d, weightB: false } });
    expect(byName(t, 'attn/q/MatMul')).toMatchObject({ matmul: { count: 1, m: S, k: H, n: H, weightB: true } });
    expect(byName(t, 'attn/Softmax')).toMatchObject({ softmax: { rows: heads * S, length: S } });
    expect(byName(t, 'attn/LayerNorm')).toMatchObject({ layernorm: { rows: S, length: H }, weights: ['ln1g', 'ln1b'] });
    expect(byName(t, 'ffn/gelu/Mul_1')).toMatchObject({ inputs: [byName(t, 'ffn/fc1/Add').outputs[0]], elementwise: { op: 'gelu', elements: S * F } });
    expect(t.ops.filter((o) => o.name.startsWith('ffn/gelu'))).toHaveLength(1);
    expect(byName(t, 'attn/Div')).toMatchObject({ weights: [], elementwise: { op: 'scale' } }); // scalar: an immediate, not a weight
    expect(workloadCounts(t).macs).toBe(4 * S * H * H + 2 * S * S * H + 2 * S * H * F);
    expect(workloadCounts(t).params).toBe(4 * (H * H + H) + (H * F + F) + (F * H + H) + 4 * H);
  });

  it('nodes out of order are sorted; a cycle is an error', () => {
    const reversed = onnx.ModelProto.decode(bytes);
    reversed.graph!.node!.reverse();
    const t = importOnnx(onnx.ModelProto.encode(reversed).finish());
    expect(workloadCounts(t).macs).toBe(4 * S * H * H + 2 * S * S * H + 2 * S * H * F);
    const cyc = model([node('Relu', ['b'], ['a']), node('Relu', ['a'], ['b'])], [['x', [1, 4]]], []);
    expect(() => importOnnx(cyc)).toThrow('onnx: the graph has a cycle (nodes cannot be put in topological order)');
  });
});

describe('ONNX import: embeddings, unsupported ops, symbols', () => {
  it('Gather of a constant table by token ids is the embedding lookup (the table is a weight)', () => {
    const m = importOnnx(model([
      node('Gather', ['table', 'ids'], ['emb'], { axis: 0 }),
      node('Add', ['emb', 'pos'], ['e2']),
      node('LayerNormalization', ['e2', 'g', 'b'], ['y'], { axis: -1 }),
    ], [['ids', ['N', 16], 7]], [w('table', [1000, 64]), w('pos', [16, 64]), w('g', [64]), w('b', [64])], 17));
    expect(m.ops[0]).toMatchObject({ kind: 'elementwise', inputs: ['ids'], weights: ['table'], elementwise: { op: 'add', elements: 16 * 64 } });
    expect(m.tensors.find((t) => t.name === 'ids')).toMatchObject({ shape: [16], elementBytes: 8 });
    expect(m.tensors.find((t) => t.name === 'emb')).toMatchObject({ shape: [16, 64], elementBytes: 2 });
    expect(workloadCounts(m).params).toBe(1000 * 64 + 16 * 64 + 128);
  });

  it('unsupported ops: one warning listing them; their outputs become graph inputs (a cubic Resize\'s shape computed); no crash', () => {
    const m = importOnnx(model([
      node('Conv', ['x', 'k'], ['a'], { pads: [1, 1, 1, 1] }),
      node('FancyNorm', ['a'], ['b'], {}, 'fancy'),
      node('Relu', ['b'], ['c']),
      node('Resize', ['c', '', 'sc'], ['cat'], { mode: 'cubic' }),
      node('Conv', ['cat', 'k2'], ['d']),
      node('NonMaxSuppression', ['d'], ['e']),
      node('NonMaxSuppression', ['e'], ['f']),
    ], [['x', [1, 8, 10, 10]]], [w('k', [8, 8, 3, 3]), w('k2', [4, 16, 1, 1]), { name: 'sc', dims: [4], dataType: 1, floatData: [1, 2, 1, 1] }]));
    expect(m.warnings).toEqual(['onnx: 4 ops not supported and skipped (not costed): FancyNorm ×1, Resize ×1, NonMaxSuppression ×2; their outputs are taken as graph inputs']);
    expect(kinds(m)).toEqual(['conv2d', 'elementwise:relu', 'conv2d']);
    expect(m.tensors.filter((t) => t.kind === 'input').map((t) => [t.name, t.shape])).toEqual([['x', [8, 10, 10]], ['b', [8, 10, 10]], ['cat', [16, 10, 10]]]);
    expect(m.ops[2]).toMatchObject({ inputs: ['cat'], conv2d: { inChannels: 16 } });
  });

  it('a shape that cannot be inferred skips what depends on it, with a warning', () => {
    const m = importOnnx(model([
      node('Relu', ['x'], ['a']),
      node('RandomShape', [], ['s']),
      node('Reshape', ['a', 's'], ['b']),
      node('Relu', ['b'], ['c']),
    ], [['x', [1, 4, 4]]], []));
    expect(kinds(m)).toEqual(['elementwise:relu']);
    expect(m.warnings).toEqual(['onnx: 2 ops skipped because an input\'s shape could not be inferred']);
  });

  it('symbolic dimensions other than the batch: a clear error, or sizes from the caller', () => {
    const seq = model([node('Softmax', ['x'], ['y'])], [['x', ['batch', 'sequence', 16]]], []);
    expect(() => importOnnx(seq)).toThrow('onnx: graph input "x" has a symbolic dimension "sequence" at axis 1 and no size was given; give it with --input-shape x=1,<sequence>,16 or --dim sequence=VALUE');
    expect(importOnnx(seq, { symbols: { sequence: 128 } }).ops[0]).toMatchObject({ softmax: { rows: 128, length: 16 } });
  });

  it('a model with nothing supported is an error naming what it found', () => {
    expect(() => importOnnx(model([node('TopK', ['x'], ['y'])], [['x', [1, 4]]], []))).toThrow('onnx: no supported op in the model (unsupported: TopK)');
  });
});

describe('ONNX import: bad files never crash', () => {
  const good = model([node('Relu', ['x'], ['y'])], [['x', [1, 4]]], []);

  it('empty, 1-byte, truncated, garbage, wrong message, too large: one clear Error each', () => {
    expect(() => importOnnx(new Uint8Array(0))).toThrow('onnx: the file is empty');
    expect(() => importOnnx(new Uint8Array([0x08]))).toThrow(/^onnx: not a valid ONNX model \(protobuf decoding failed: index out of range/);
    expect(() => importOnnx(good.slice(0, good.length - 3))).toThrow(/^onnx: not a valid ONNX model \(protobuf decoding failed: /);
    expect(() => importOnnx(new Uint8Array([0x0f, 0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow(/^onnx: not a valid ONNX model/);
    const tensorBytes = onnx.TensorProto.encode(onnx.TensorProto.create({ dims: [2, 2], dataType: 1, name: 't' })).finish();
    expect(() => importOnnx(tensorBytes)).toThrow(/^onnx: (not a valid ONNX model|the file holds no graph with nodes)/);
    expect(() => importOnnx(new TextEncoder().encode('Layer name, IFMAP Height,\nc1, 1,\n'))).toThrow(/^onnx: /);
    expect(() => importOnnx({ length: MAX_ONNX_BYTES + 1 } as Uint8Array)).toThrow(`onnx: the file is ${MAX_ONNX_BYTES + 1} bytes; at most ${MAX_ONNX_BYTES} (256 MiB) are read`);
  });

  it('every prefix of a valid model either imports or fails with an onnx: message (no other exception)', () => {
    const bytes = model([node('Conv', ['x', 'k'], ['a'], { pads: [1, 1, 1, 1] }), node('Relu', ['a'], ['b'])], [['x', [1, 3, 8, 8]]], [w('k', [4, 3, 3, 3])]);
    for (let n = 1; n < bytes.length; n++) {
      try {
        importOnnx(bytes.slice(0, n));
      } catch (e) {
        expect((e as Error).message, `prefix ${n}`).toMatch(/^(onnx|workload|onnx:)[: ]/);
      }
    }
    expect(importOnnx(bytes).ops).toHaveLength(2);
  });

  it('property: a valid model with random bytes overwritten imports or fails with one onnx: line (never a TypeError)', () => {
    const bytes = Uint8Array.from(model([
      node('Conv', ['x', 'k'], ['a'], { pads: [1, 1, 1, 1] }), node('Relu', ['a'], ['b']),
      node('MaxPool', ['b'], ['c'], { kernel_shape: [2, 2], strides: [2, 2] }), node('Reshape', ['c', 'shp'], ['d']),
      node('MatMul', ['d', 'wm'], ['e']), node('Softmax', ['e'], ['f']),
    ], [['x', [1, 3, 8, 8]]], [w('k', [4, 3, 3, 3]), ints('shp', [1, 64]), w('wm', [64, 10])]));
    expect(importOnnx(bytes).ops).toHaveLength(5);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.nat(255)), { minLength: 1, maxLength: 4 }), (edits) => {
      const b = Uint8Array.from(bytes);
      for (const [at, v] of edits) b[at] = v;
      try {
        expect(workloadIssues(importOnnx(b))).toEqual([]);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/^onnx: /);
        expect((e as Error).message).not.toMatch(/\n/);
      }
    }), { seed: 11, numRuns: 2000 });
  });
});

describe('ONNX import: quantized (QDQ) models', () => {
  it('Quantize/DequantizeLinear are free, on activations and on weights (the tool costs bf16)', () => {
    const m = importOnnx(model([
      node('QuantizeLinear', ['x', 's', 'z'], ['xq']),
      node('DequantizeLinear', ['xq', 's', 'z'], ['xd']),
      node('DequantizeLinear', ['kq', 's', 'z'], ['k']),
      node('Conv', ['xd', 'k'], ['y'], { pads: [1, 1, 1, 1] }),
    ], [['x', ['N', 3, 8, 8]]], [{ name: 'kq', dims: [4, 3, 3, 3], dataType: 3 }, scalar('s', 0.1), { name: 'z', dims: [], dataType: 3, int32Data: [0] }]));
    expect(kinds(m)).toEqual(['conv2d']);
    expect(m.ops[0]).toMatchObject({ inputs: ['x'], weights: ['k'], conv2d: { inChannels: 3, outChannels: 4, outHeight: 8 } });
    expect(m.tensors.find((t) => t.name === 'k')).toMatchObject({ shape: [4, 3, 3, 3], elementBytes: 2, kind: 'weight' });
  });
});
