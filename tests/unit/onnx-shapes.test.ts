// ONNX import with the caller's shapes (issue 19): `inputShapes` (whole shapes, batch first; `--input-shape`) and
// `symbols` (named symbolic sizes; `--dim`) on models with dynamic axes built here with onnx-proto — a transformer
// export whose Reshape targets, positions and position-buffer slices are computed from Shape(x) with a symbolic
// sequence axis, and a CNN with dynamic H and W flattened through Shape/Gather/Concat — then every bad option as
// one clear line naming the input, the constant folding of shape arithmetic (fold.ts) op by op, and the CLI flags
// (`fast import`/`fast simulate` --input-shape, --dim: every bad flag one line, exit 2).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { main } from '../../cli/main';
import { importOnnx, workloadCounts, workloadIssues } from '../../shared/workload/index';
import type { OnnxGraphInput } from '../../shared/workload/importers/onnx';
import { foldConst } from '../../shared/workload/importers/onnx/fold';
import type { Val } from '../../shared/workload/importers/onnx/model';
import type { OpSpec, WorkloadSpec } from '../../shared/workload/types';
import { parseShapeEntries, shapeEntries } from '../../shared/workload/shape-entries';
import { toImported, validateImportRecord, needsSizes } from '../../web/src/lib/import-files';
import { symbolsOf } from '../../web/src/state/imports.svelte';

const { onnx } = onnxProto;
type Attr = number | number[] | string | { float: number } | { tensor: object };

function node(opType: string, input: string[], output: string[], attrs: Record<string, Attr> = {}, name = ''): object {
  const attribute = Object.entries(attrs).map(([n, v]) => {
    if (typeof v === 'number') return { name: n, type: 2, i: v };
    if (typeof v === 'string') return { name: n, type: 3, s: new TextEncoder().encode(v) };
    if (Array.isArray(v)) return { name: n, type: 7, ints: v };
    if ('tensor' in v) return { name: n, type: 4, t: v.tensor };
    return { name: n, type: 1, f: v.float };
  });
  return { opType, input, output, attribute, name: name || `${opType}_${output[0]}` };
}
/** A float weight (shape only). */
const w = (name: string, dims: number[]) => ({ name, dims, dataType: 1 });
/** An int64 constant of one dimension. */
const ints = (name: string, values: number[]) => ({ name, dims: [values.length], dataType: 7, int64Data: values });
const intScalar = (name: string, v: number) => ({ name, dims: [], dataType: 7, int64Data: [v] });
const floatScalar = (name: string, v: number) => ({ name, dims: [], dataType: 1, floatData: [v] });

type Input = [name: string, dims: (number | string)[] | null, elemType?: number];
function model(nodes: object[], inputs: Input[], initializer: object[], opset = 17): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'shapes', node: nodes, initializer, output: [],
      input: inputs.map(([name, dims, elemType]) => ({
        name,
        type: { tensorType: { elemType: elemType ?? 1, ...(dims ? { shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } : {}) } },
      })),
    },
  })).finish();
}

const op = (w: WorkloadSpec, name: string): OpSpec => {
  const o = w.ops.find((x) => x.name === name);
  if (!o) throw new Error(`no op ${name} in ${w.ops.map((x) => x.name).join(', ')}`);
  return o;
};

/** The shape arithmetic a PyTorch export writes for `x.view(b, s, heads, d)`: [Shape(x)[0], Shape(x)[1], ...tail]. */
function viewOf(x: string, tail: string, p: string): object[] {
  return [
    node('Shape', [x], [`${p}/shape`]),
    node('Gather', [`${p}/shape`, 'i0'], [`${p}/b`], { axis: 0 }),
    node('Gather', [`${p}/shape`, 'i1'], [`${p}/s`], { axis: 0 }),
    node('Unsqueeze', [`${p}/b`, 'ax0'], [`${p}/b1`]),
    node('Unsqueeze', [`${p}/s`, 'ax0'], [`${p}/s1`]),
    node('Concat', [`${p}/b1`, `${p}/s1`, tail], [`${p}/target`], { axis: 0 }),
  ];
}

// A one-block transformer as exported with dynamic axes {0: batch, 1: sequence}: token and position embeddings (the
// positions a Range up to Shape(ids)[1]), LayerNorm, Q/K/V, heads split by Reshape to a target computed from
// Shape(q), attention, heads merged by a computed Reshape, the output projection and the residual.
const H = 64;
const HEADS = 4;
const HD = H / HEADS;
const transformer = model([
  node('Gather', ['wte', 'input_ids'], ['tok'], { axis: 0 }, '/wte/Gather'),
  node('Shape', ['input_ids'], ['ids_shape'], {}, '/Shape'),
  node('Gather', ['ids_shape', 'i1'], ['seq_len'], { axis: 0 }, '/Gather_seq'),
  node('Range', ['zero', 'seq_len', 'one'], ['positions'], {}, '/Range'),
  node('Unsqueeze', ['positions', 'ax0'], ['positions2'], {}, '/Unsqueeze_pos'),
  node('Gather', ['wpe', 'positions2'], ['pos'], { axis: 0 }, '/wpe/Gather'),
  node('Add', ['tok', 'pos'], ['h'], {}, '/embed/Add'),
  node('LayerNormalization', ['h', 'ln_g', 'ln_b'], ['ln'], { axis: -1 }, '/ln/LayerNormalization'),
  node('MatMul', ['ln', 'wq'], ['q'], {}, '/q/MatMul'),
  node('MatMul', ['ln', 'wk'], ['k'], {}, '/k/MatMul'),
  node('MatMul', ['ln', 'wv'], ['v'], {}, '/v/MatMul'),
  ...viewOf('q', 'heads_dims', '/q'),
  node('Reshape', ['q', '/q/target'], ['q4'], {}, '/q/Reshape'),
  node('Transpose', ['q4'], ['qh'], { perm: [0, 2, 1, 3] }, '/q/Transpose'),
  ...viewOf('k', 'heads_dims', '/k'),
  node('Reshape', ['k', '/k/target'], ['k4'], {}, '/k/Reshape'),
  node('Transpose', ['k4'], ['kt'], { perm: [0, 2, 3, 1] }, '/k/Transpose'),
  ...viewOf('v', 'heads_dims', '/v'),
  node('Reshape', ['v', '/v/target'], ['v4'], {}, '/v/Reshape'),
  node('Transpose', ['v4'], ['vh'], { perm: [0, 2, 1, 3] }, '/v/Transpose'),
  node('MatMul', ['qh', 'kt'], ['scores'], {}, '/attn/MatMul'),
  node('Div', ['scores', 'sqrt_d'], ['scaled'], {}, '/attn/Div'),
  node('Softmax', ['scaled'], ['probs'], { axis: -1 }, '/attn/Softmax'),
  node('MatMul', ['probs', 'vh'], ['ctx'], {}, '/attn/MatMul_1'),
  node('Transpose', ['ctx'], ['ctx_t'], { perm: [0, 2, 1, 3] }, '/attn/Transpose'),
  ...viewOf('ctx_t', 'hidden', '/merge'),
  node('Reshape', ['ctx_t', '/merge/target'], ['merged'], {}, '/merge/Reshape'),
  node('MatMul', ['merged', 'wo'], ['proj'], {}, '/o/MatMul'),
  node('Add', ['proj', 'h'], ['out'], {}, '/residual/Add'),
], [['input_ids', ['batch', 'sequence'], 7]], [
  w('wte', [1000, H]), w('wpe', [512, H]), w('ln_g', [H]), w('ln_b', [H]),
  w('wq', [H, H]), w('wk', [H, H]), w('wv', [H, H]), w('wo', [H, H]),
  intScalar('i0', 0), intScalar('i1', 1), ints('ax0', [0]),
  ints('heads_dims', [HEADS, HD]), ints('hidden', [H]), intScalar('zero', 0), intScalar('one', 1), floatScalar('sqrt_d', 4),
]);

/** MACs per sample counted by hand: four H×H projections per token, and QKᵀ and PV per head. */
const transformerMacs = (s: number) => 4 * s * H * H + 2 * HEADS * s * s * HD;

describe('ONNX import with input shapes: a transformer export with a symbolic sequence axis', () => {
  it('without sizes it is refused, and the message says how to give them', () => {
    expect(() => importOnnx(transformer)).toThrow('onnx: graph input "input_ids" has a symbolic dimension "sequence" at axis 1 and no size was given; give it with --input-shape input_ids=1,<sequence> or --dim sequence=VALUE');
  });

  it('--dim sequence=128: every op costed (none skipped), Reshape targets computed from Shape(q) fold to [1, 128, 4, 16]', () => {
    const t = importOnnx(transformer, { symbols: { sequence: 128 } });
    expect(workloadIssues(t)).toEqual([]);
    expect(t.warnings).toBeUndefined(); // nothing skipped, nothing approximated
    expect(t.defaultBatch).toBeUndefined(); // the batch stays symbolic: the design's batch applies
    expect(workloadCounts(t).macs).toBe(transformerMacs(128));
    expect(op(t, 'q/MatMul')).toMatchObject({ matmul: { count: 1, m: 128, k: H, n: H, weightB: true } });
    expect(op(t, 'attn/MatMul')).toMatchObject({ matmul: { count: HEADS, m: 128, k: HD, n: 128, weightB: false } });
    expect(op(t, 'attn/MatMul_1')).toMatchObject({ matmul: { count: HEADS, m: 128, k: 128, n: HD, weightB: false } });
    expect(op(t, 'attn/Softmax')).toMatchObject({ softmax: { rows: HEADS * 128, length: 128 } });
    expect(op(t, 'o/MatMul')).toMatchObject({ inputs: ['ctx'], matmul: { m: 128, k: H, n: H } });
    expect(op(t, 'ln/LayerNormalization')).toMatchObject({ layernorm: { rows: 128, length: H } });
    // The positions (Range up to Shape(ids)[1]) pick 128 rows of the position table.
    expect(op(t, 'embed/Add')).toMatchObject({ elementwise: { op: 'bias', elements: 128 * H } });
    expect(t.tensors.find((x) => x.name === 'input_ids')).toMatchObject({ shape: [128], kind: 'input' });
  });

  it('--input-shape input_ids=1,128 gives the same workload as --dim sequence=128; another length scales as counted by hand', () => {
    const byDim = importOnnx(transformer, { symbols: { sequence: 128 } });
    const byShape = importOnnx(transformer, { inputShapes: { input_ids: [1, 128] } });
    expect({ ...byShape, defaultBatch: undefined }).toEqual({ ...byDim, defaultBatch: undefined });
    expect(byShape.defaultBatch).toBe(1); // a given batch counts as a fixed one
    for (const s of [1, 7, 384]) {
      const t = importOnnx(transformer, { inputShapes: { input_ids: [1, s] } });
      expect(t.warnings, `sequence ${s}`).toBeUndefined();
      expect(workloadCounts(t).macs, `sequence ${s}`).toBe(transformerMacs(s));
    }
  });

  it('a batch of 2 in --input-shape: Shape(q) carries it through the Reshapes; per-sample counts are unchanged', () => {
    const t = importOnnx(transformer, { inputShapes: { input_ids: [2, 64] } });
    expect(t.warnings).toBeUndefined();
    expect(t.defaultBatch).toBe(2);
    expect(workloadCounts(t).macs).toBe(transformerMacs(64));
    expect(op(t, 'attn/MatMul')).toMatchObject({ matmul: { count: HEADS, m: 64, n: 64 } });
  });

  it('a BERT-style export: positions sliced from a buffer up to Shape(ids)[1]; the mask\'s "sequence" is sized by the ids\' given shape', () => {
    const bert = model([
      node('Shape', ['input_ids'], ['ids_shape']),
      node('Gather', ['ids_shape', 'i1'], ['seq_len'], { axis: 0 }),
      node('Unsqueeze', ['seq_len', 'ax0'], ['seq_end']),
      node('Slice', ['position_ids', 'start0', 'seq_end', 'ax1'], ['pos_ids']),
      node('Gather', ['word', 'input_ids'], ['tok'], { axis: 0 }, 'word/Gather'),
      node('Gather', ['posemb', 'pos_ids'], ['pos'], { axis: 0 }),
      node('Add', ['tok', 'pos'], ['h'], {}, 'embed/Add'),
      node('Cast', ['attention_mask'], ['mask_f'], { to: 1 }),
      node('Mul', ['mask_f', 'neg'], ['mask_add'], {}, 'mask/Mul'),
      node('MatMul', ['h', 'wq'], ['q'], {}, 'q/MatMul'),
    ], [['input_ids', ['batch', 'sequence'], 7], ['attention_mask', ['batch', 'sequence'], 7]], [
      { name: 'position_ids', dims: [1, 512], dataType: 7, int64Data: Array.from({ length: 512 }, (_, i) => i) },
      intScalar('i1', 1), ints('ax0', [0]), ints('start0', [0]), ints('ax1', [1]), w('word', [1000, H]), w('posemb', [512, H]),
      floatScalar('neg', -10000), w('wq', [H, H]),
    ]);
    const t = importOnnx(bert, { inputShapes: { input_ids: [1, 96] } });
    expect(t.warnings).toBeUndefined();
    expect(op(t, 'embed/Add')).toMatchObject({ elementwise: { op: 'bias', elements: 96 * H } });
    expect(op(t, 'mask/Mul')).toMatchObject({ inputs: ['attention_mask'], elementwise: { op: 'scale', elements: 96 } });
    expect(op(t, 'q/MatMul')).toMatchObject({ matmul: { m: 96, k: H, n: H } });
    expect(t.tensors.find((x) => x.name === 'attention_mask')).toMatchObject({ shape: [96] });
    // --dim wins over the size a given shape implies for other inputs.
    const both = importOnnx(bert, { inputShapes: { input_ids: [1, 96] }, symbols: { sequence: 32 } });
    expect(both.tensors.find((x) => x.name === 'attention_mask')).toMatchObject({ shape: [32] });
  });
});

// A CNN exported with dynamic_axes {0: N, 2: H, 3: W}, flattened as torch.flatten exports it: Reshape(g, [Shape(g)[0], -1]).
const cnn = model([
  node('Conv', ['x', 'w1'], ['c1'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, '/conv1/Conv'),
  node('Relu', ['c1'], ['r1'], {}, '/relu1/Relu'),
  node('Conv', ['r1', 'w2'], ['c2'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, '/conv2/Conv'),
  node('Relu', ['c2'], ['r2'], {}, '/relu2/Relu'),
  node('GlobalAveragePool', ['r2'], ['g'], {}, '/gap/GlobalAveragePool'),
  node('Shape', ['g'], ['g_shape']),
  node('Gather', ['g_shape', 'i0'], ['n'], { axis: 0 }),
  node('Unsqueeze', ['n', 'ax0'], ['n1']),
  node('Concat', ['n1', 'minus1'], ['flat_shape'], { axis: 0 }),
  node('Reshape', ['g', 'flat_shape'], ['f'], {}, '/Reshape'),
  node('Gemm', ['f', 'wf', 'bf'], ['logits'], { transB: 1 }, '/fc/Gemm'),
], [['x', ['N', 3, 'H', 'W']]], [
  w('w1', [16, 3, 3, 3]), w('w2', [32, 16, 3, 3]), w('wf', [10, 32]), w('bf', [10]), intScalar('i0', 0), ints('ax0', [0]), ints('minus1', [-1]),
], 13);
/** Conv MACs counted by hand: output pixels × output channels × kernel volume; then the classifier. */
const cnnMacs = (h: number, w: number) => {
  const [h1, w1] = [Math.ceil(h / 2), Math.ceil(w / 2)];
  const [h2, w2] = [Math.ceil(h1 / 2), Math.ceil(w1 / 2)];
  return h1 * w1 * 16 * 3 * 9 + h2 * w2 * 32 * 16 * 9 + 32 * 10;
};

describe('ONNX import with input shapes: a CNN with dynamic H and W', () => {
  it('--input-shape x=1,3,64,48 and --dim H=64 --dim W=48 give the same workload, costed to the hand count', () => {
    const byShape = importOnnx(cnn, { inputShapes: { x: [1, 3, 64, 48] } });
    const byDims = importOnnx(cnn, { symbols: { H: 64, W: 48 } });
    expect(byShape.warnings).toBeUndefined();
    expect(workloadIssues(byShape)).toEqual([]);
    expect(byShape.ops.map((o) => o.kind)).toEqual(['conv2d', 'elementwise', 'conv2d', 'elementwise', 'pool', 'matmul', 'elementwise']);
    expect(op(byShape, 'conv1/Conv')).toMatchObject({ conv2d: { inHeight: 64, inWidth: 48, outHeight: 32, outWidth: 24 } });
    expect(op(byShape, 'conv2/Conv')).toMatchObject({ conv2d: { outHeight: 16, outWidth: 12 } });
    expect(op(byShape, 'fc/Gemm')).toMatchObject({ matmul: { m: 1, k: 32, n: 10 } });
    expect(workloadCounts(byShape).macs).toBe(cnnMacs(64, 48));
    expect({ ...byShape, defaultBatch: undefined }).toEqual({ ...byDims, defaultBatch: undefined });
    expect(workloadCounts(importOnnx(cnn, { inputShapes: { x: [1, 3, 640, 640] } })).macs).toBe(cnnMacs(640, 640));
  });

  it('without sizes: refused with the fix in the message (a template of the input\'s shape)', () => {
    expect(() => importOnnx(cnn)).toThrow('onnx: graph input "x" has a symbolic dimension "H" at axis 2 and no size was given; give it with --input-shape x=1,3,<H>,<W> or --dim H=VALUE');
    expect(() => importOnnx(cnn, { symbols: { H: 64 } })).toThrow('symbolic dimension "W" at axis 3 and no size was given; give it with --input-shape x=1,3,<H>,<W> or --dim W=VALUE');
  });

  it('each bad option is one line naming the input or dimension', () => {
    const bad: [Parameters<typeof importOnnx>[1], string][] = [
      [{ inputShapes: { y: [1, 3, 8, 8] } }, 'onnx: input shape for "y": the graph has no input "y" (its inputs: "x")'],
      [{ inputShapes: { w1: [16, 3, 3, 3] } }, 'onnx: input shape for "w1": "w1" is an initializer (a constant of the model), not a graph input (its inputs: "x")'],
      [{ inputShapes: { x: [1, 3, 64] } }, 'onnx: input shape for "x": 3 sizes given, but the graph declares 4 dimensions [N, 3, H, W]'],
      [{ inputShapes: { x: [1, 3, 64, 0] } }, 'onnx: input shape for "x": size 0 at axis 3 is not a whole number from 1 to 16777216'],
      [{ inputShapes: { x: [1, -3, 64, 64] } }, 'onnx: input shape for "x": size -3 at axis 1 is not a whole number from 1 to 16777216'],
      [{ inputShapes: { x: [1, 3, 64.5, 64] } }, 'onnx: input shape for "x": size 64.5 at axis 2 is not a whole number from 1 to 16777216'],
      [{ inputShapes: { x: [] } }, 'onnx: input shape for "x": no sizes given'],
      [{ inputShapes: { x: [1, 3, 2 ** 24, 2 ** 24] } }, 'onnx: input shape for "x": [1, 3, 16777216, 16777216] has more than'],
      [{ symbols: { Q: 3 } }, 'onnx: dimension "Q": no graph input has a symbolic dimension of that name (they have "N", "H", "W")'],
      [{ symbols: { H: 0, W: 4 } }, 'onnx: dimension "H": size 0 is not a whole number from 1 to 16777216'],
      [{ symbols: { H: Number.NaN, W: 4 } }, 'onnx: dimension "H": size NaN is not a whole number from 1 to 16777216'],
    ];
    for (const [opts, message] of bad) {
      let error: Error | undefined;
      try { importOnnx(cnn, opts); } catch (e) { error = e as Error; }
      expect(error?.message, JSON.stringify(opts)).toContain(message);
      expect(error!.message).not.toMatch(/\n/);
    }
  });

  it('a given shape may change fixed sizes (warned), size an input the file gives no shape, and the batch counts as chosen', () => {
    const fixed = model([node('Conv', ['x', 'k'], ['y'], { pads: [1, 1, 1, 1] }, 'conv')], [['x', [1, 3, 224, 224]]], [w('k', [8, 3, 3, 3])]);
    const t = importOnnx(fixed, { inputShapes: { x: [4, 3, 320, 240] } });
    expect(t.warnings).toEqual(['onnx: the given input shapes replace fixed sizes of "x" (1 → 4 at axis 0, 224 → 320 at axis 2, 224 → 240 at axis 3)']);
    expect(t.defaultBatch).toBe(4);
    expect(op(t, 'conv')).toMatchObject({ conv2d: { inHeight: 320, inWidth: 240 } });

    const unshaped = model([node('Relu', ['x'], ['y'], {}, 'relu')], [['x', null]], []);
    expect(() => importOnnx(unshaped)).toThrow('onnx: graph input "x" has no tensor shape; give it with --input-shape x=D1,D2,… (batch first)');
    expect(importOnnx(unshaped, { inputShapes: { x: [1, 5, 7] } }).ops[0]).toMatchObject({ elementwise: { op: 'relu', elements: 35 } });

    const named = model([node('Relu', ['x'], ['y'], {}, 'relu')], [['x', ['batch', 8]]], []);
    expect(importOnnx(named, { symbols: { batch: 16 } }).defaultBatch).toBe(16);
    expect(importOnnx(named).defaultBatch).toBeUndefined();
  });

  it('the graph inputs as declared are told to the caller before any shape check (the page offers fields from them)', () => {
    let seen: OnnxGraphInput[] | undefined;
    expect(() => importOnnx(cnn, { onGraphInputs: (i) => { seen = i; } })).toThrow(/symbolic dimension "H"/);
    expect(seen).toEqual([{ name: 'x', dims: ['N', 3, 'H', 'W'] }]);
    const anon = model([node('Relu', ['x'], ['y'])], [['x', [1, 0, 4]]], []);
    importOnnx(anon, { inputShapes: { x: [1, 2, 4] }, onGraphInputs: (i) => { seen = i; } });
    expect(seen).toEqual([{ name: 'x', dims: [1, null, 4] }]);
  });
});

// A detector exported with dynamic H and W: backbone, an FPN whose upsampling target is computed as torchvision's
// `F.interpolate(top, size=lateral.shape[-2:])` exports it (Resize sizes = Concat(Shape(top)[:2], Shape(lateral)[2:])),
// a transposed conv, a Concat, and a head.
const detector = model([
  node('Conv', ['x', 'w1'], ['c1c'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, '/backbone/conv1/Conv'),
  node('Relu', ['c1c'], ['c1'], {}, '/backbone/relu1/Relu'),
  node('Conv', ['c1', 'w2'], ['c2c'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, '/backbone/conv2/Conv'),
  node('Relu', ['c2c'], ['c2'], {}, '/backbone/relu2/Relu'),
  node('Conv', ['c1', 'lw1'], ['l1'], {}, '/fpn/lat1/Conv'),
  node('Shape', ['c2'], ['top_shape']),
  node('Slice', ['top_shape', 'st0', 'en2'], ['top_nc']),
  node('Shape', ['l1'], ['lat_shape']),
  node('Slice', ['lat_shape', 'st2', 'en4'], ['lat_hw']),
  node('Concat', ['top_nc', 'lat_hw'], ['up_sizes'], { axis: 0 }),
  node('Resize', ['c2', '', '', 'up_sizes'], ['up'], { mode: 'nearest' }, '/fpn/up/Resize'),
  node('Add', ['l1', 'up'], ['p1'], {}, '/fpn/p1/Add'),
  node('ConvTranspose', ['c2', 'wt'], ['dt'], { kernel_shape: [2, 2], strides: [2, 2] }, '/fpn/dt/ConvTranspose'),
  node('Concat', ['p1', 'dt'], ['cat'], { axis: 1 }, '/fpn/cat/Concat'),
  node('Conv', ['cat', 'hw'], ['h'], {}, '/head/Conv'),
  node('Sigmoid', ['h'], ['score'], {}, '/head/Sigmoid'),
], [['x', ['N', 3, 'height', 'width']]], [
  w('w1', [16, 3, 3, 3]), w('w2', [32, 16, 3, 3]), w('lw1', [32, 16, 1, 1]), w('wt', [32, 32, 2, 2]), w('hw', [8, 64, 1, 1]),
  ints('st0', [0]), ints('en2', [2]), ints('st2', [2]), ints('en4', [4]),
], 13);
/** MACs by hand: convs as output pixels × output channels × input channels × taps; the transposed conv as input pixels × inC × outC × taps. */
const detectorMacs = (h: number, w: number) => {
  const [h1, w1] = [h / 2, w / 2];
  const [h2, w2] = [h / 4, w / 4];
  return h1 * w1 * 16 * 3 * 9 + h2 * w2 * 32 * 16 * 9 + h1 * w1 * 32 * 16 + h2 * w2 * 32 * 32 * 4 + h1 * w1 * 8 * 64;
};

describe('ONNX import with input shapes: a detector with dynamic H and W (FPN Resize sized from Shape)', () => {
  it('--input-shape x=1,3,640,480: 0 skipped, every op costed, MACs exactly the hand count; the Resize target follows the shape', () => {
    for (const [h, wd] of [[640, 480], [64, 96]]) {
      const t = importOnnx(detector, { inputShapes: { x: [1, 3, h, wd] } });
      expect(t.warnings, `${h}×${wd}`).toBeUndefined();
      expect(workloadIssues(t)).toEqual([]);
      expect(workloadCounts(t).macs).toBe(detectorMacs(h, wd));
      expect(t.ops.map((o) => o.name)).toEqual(expect.arrayContaining(['fpn/up/Resize', 'fpn/dt/ConvTranspose', 'fpn/p1/Add', 'head/Sigmoid']));
      expect(t.tensors.find((x) => x.name === 'up')).toMatchObject({ shape: [32, h / 2, wd / 2] });
      expect(t.tensors.find((x) => x.name === 'cat')).toMatchObject({ shape: [64, h / 2, wd / 2] });
    }
    expect(importOnnx(detector, { symbols: { height: 640, width: 480 } }).ops).toEqual(importOnnx(detector, { inputShapes: { x: [1, 3, 640, 480] } }).ops);
  });

  it('fast simulate --workload detector.onnx --input-shape x=1,3,640,480 simulates it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fast-onnx-det-'));
    writeFileSync(join(dir, 'detector.onnx'), detector);
    let out = '', err = '';
    const code = await main(['simulate', '--workload', join(dir, 'detector.onnx'), '--hardware', 'tpu-v3', '--batch', '2', '--input-shape', 'x=1,3,640,480', '--json'], { out: (x) => { out += x; }, err: (x) => { err += x; } });
    expect(code, err).toBe(0);
    expect(err).toBe(''); // no warning: nothing left out
    expect(JSON.parse(out).totals.macs).toBe(2 * detectorMacs(640, 480));
  });
});

describe('constant folding of shape arithmetic (fold.ts)', () => {
  const c = (dims: number[], data?: number[], dtype = 7): Val => ({ dims, dtype, isConst: true, onnxName: 'c', ...(data ? { data } : {}) });
  const fold = (type: string, ins: (Val | undefined)[], attrs: Record<string, Attr> = {}, outs = ['y'], opset = 13) =>
    foldConst(node(type, ins.map((_, i) => `in${i}`), outs, attrs) as never, ins, opset).map((v) => ({ dims: v.dims, data: v.data }));

  it('Shape (with start/end), Size, Gather of any rank, Unsqueeze, Concat', () => {
    const x = c([2, 3, 4]);
    expect(fold('Shape', [x])).toEqual([{ dims: [3], data: [2, 3, 4] }]);
    expect(fold('Shape', [x], { start: 1, end: 3 })).toEqual([{ dims: [2], data: [3, 4] }]);
    expect(fold('Shape', [x], { start: -1 })).toEqual([{ dims: [1], data: [4] }]);
    expect(fold('Size', [x])).toEqual([{ dims: [], data: [24] }]);
    expect(fold('Gather', [c([2, 3], [1, 2, 3, 4, 5, 6]), c([2], [2, 0])], { axis: 1 })).toEqual([{ dims: [2, 2], data: [3, 1, 6, 4] }]);
    expect(fold('Gather', [c([3], [5, 6, 7]), c([], [-1])])).toEqual([{ dims: [], data: [7] }]);
    expect(fold('Gather', [c([3], [5, 6, 7]), c([], [3])])).toEqual([{ dims: [], data: undefined }]); // out of range: shape only
    expect(fold('Unsqueeze', [c([], [7]), c([1], [0])])).toEqual([{ dims: [1], data: [7] }]);
    expect(fold('Concat', [c([1], [2]), c([1], [7]), c([2], [4, 16])], { axis: 0 })).toEqual([{ dims: [4], data: [2, 7, 4, 16] }]);
  });

  it('arithmetic broadcasts; integers truncate; comparisons and Where', () => {
    expect(fold('Div', [c([2], [64, 7]), c([], [2])])).toEqual([{ dims: [2], data: [32, 3] }]);
    expect(fold('Div', [c([1], [7], 1), c([], [2], 1)])).toEqual([{ dims: [1], data: [3.5] }]);
    expect(fold('Mul', [c([2, 1], [1, 2]), c([1, 3], [1, 10, 100])])).toEqual([{ dims: [2, 3], data: [1, 10, 100, 2, 20, 200] }]);
    expect(fold('Max', [c([2], [3, 9]), c([2], [5, 1])])).toEqual([{ dims: [2], data: [5, 9] }]);
    expect(fold('Mod', [c([2], [7, -7]), c([], [3])])).toEqual([{ dims: [2], data: [1, 2] }]);
    expect(fold('Equal', [c([3], [1, -1, 3]), c([], [-1])])).toEqual([{ dims: [3], data: [0, 1, 0] }]);
    expect(fold('Where', [c([3], [0, 1, 0]), c([], [1]), c([3], [4, 5, 6])])).toEqual([{ dims: [3], data: [4, 1, 6] }]);
    expect(fold('Add', [c([2, 3]), c([4])])).toEqual([]); // incompatible shapes: nothing known
  });

  it('Slice of any rank with axes and steps, Range, ConstantOfShape, Expand, Tile, Split, ReduceProd, Cast, Reshape, Transpose', () => {
    const buf = c([2, 5], [0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    expect(fold('Slice', [buf, c([1], [1]), c([1], [4]), c([1], [1])])).toEqual([{ dims: [2, 3], data: [1, 2, 3, 11, 12, 13] }]);
    expect(fold('Slice', [buf, c([1], [-1]), c([1], [-1000]), c([1], [1]), c([1], [-2])])).toEqual([{ dims: [2, 3], data: [4, 2, 0, 14, 12, 10] }]);
    expect(fold('Slice', [c([1, 512]), c([1], [0]), c([1], [128]), c([1], [1])])).toEqual([{ dims: [1, 128], data: undefined }]);
    expect(fold('Range', [c([], [0]), c([], [5]), c([], [2])])).toEqual([{ dims: [3], data: [0, 2, 4] }]);
    expect(fold('Range', [c([], [0]), c([], [5]), c([], [0])])).toEqual([]);
    expect(fold('ConstantOfShape', [c([2], [2, 3])], { value: { tensor: { dims: [1], dataType: 7, int64Data: [1] } } })).toEqual([{ dims: [2, 3], data: [1, 1, 1, 1, 1, 1] }]);
    expect(fold('ConstantOfShape', [c([2], [2, -3])])).toEqual([]);
    expect(fold('Expand', [c([1], [7]), c([2], [2, 2])])).toEqual([{ dims: [2, 2], data: [7, 7, 7, 7] }]);
    expect(fold('Tile', [c([2], [1, 2]), c([1], [3])])).toEqual([{ dims: [6], data: [1, 2, 1, 2, 1, 2] }]);
    expect(fold('Split', [c([5], [1, 2, 3, 4, 5]), c([2], [2, 3])], {}, ['a', 'b'])).toEqual([{ dims: [2], data: [1, 2] }, { dims: [3], data: [3, 4, 5] }]);
    expect(fold('ReduceProd', [c([3], [2, 3, 4])], { keepdims: 0 })).toEqual([{ dims: [], data: [24] }]);
    expect(fold('Cast', [c([2], [2.7, -1.5], 1)], { to: 7 })).toEqual([{ dims: [2], data: [2, -1] }]);
    expect(fold('Reshape', [c([2, 3], [1, 2, 3, 4, 5, 6]), c([2], [0, -1])])).toEqual([{ dims: [2, 3], data: [1, 2, 3, 4, 5, 6] }]);
    expect(fold('Transpose', [c([2, 3], [1, 2, 3, 4, 5, 6])], { perm: [1, 0] })).toEqual([{ dims: [3, 2], data: [1, 4, 2, 5, 3, 6] }]);
  });

  it('an empty constant with a huge dimension folds to shapes at once (never walks the huge axis)', () => {
    const empty = c([0, 2 ** 30], []);
    const t0 = performance.now();
    expect(fold('Gather', [empty, c([], [1])], { axis: 1 })).toEqual([{ dims: [0], data: undefined }]);
    expect(fold('Slice', [empty, c([1], [0]), c([1], [2 ** 29]), c([1], [1])])).toEqual([{ dims: [0, 2 ** 29], data: undefined }]);
    expect(fold('Tile', [empty, c([2], [1, 2])])).toEqual([{ dims: [0, 2 ** 31], data: undefined }]);
    expect(fold('Split', [empty, c([2], [2 ** 29, 2 ** 29])], { axis: 1 }, ['a', 'b'])).toEqual([{ dims: [0, 2 ** 29], data: undefined }, { dims: [0, 2 ** 29], data: undefined }]);
    expect(fold('Range', [c([], [0]), c([], [2 ** 50]), c([], [1])])).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('fast import / fast simulate --input-shape, --dim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fast-onnx-shapes-'));
  const f = (name: string) => join(dir, name);
  beforeAll(() => {
    writeFileSync(f('transformer.onnx'), transformer);
    writeFileSync(f('cnn.onnx'), cnn);
    writeFileSync(f('topo.csv'), 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc1, 56, 56, 3, 3, 64, 64, 1,\n');
  });
  async function run(argv: string[]) {
    let out = '', err = '';
    const code = await main(argv, { out: (x) => { out += x; }, err: (x) => { err += x; } });
    return { code, out, err };
  }

  it('fast import: --input-shape and --dim give the importer\'s workload, with the hand-counted MACs', async () => {
    const r = await run(['import', f('cnn.onnx'), '--input-shape', 'x=1,3,64,48', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual(importOnnx(cnn, { name: 'cnn', inputShapes: { x: [1, 3, 64, 48] } }));
    const d = await run(['import', f('cnn.onnx'), '--dim', 'H=64', '--dim', 'W=48', '--json']);
    expect(d.code, d.err).toBe(0);
    expect(JSON.parse(d.out)).toEqual(importOnnx(cnn, { name: 'cnn', symbols: { H: 64, W: 48 } }));
    const t = await run(['import', f('transformer.onnx'), '--dim', 'sequence=128', '--json']);
    expect(t.code, t.err).toBe(0);
    expect(t.err).toBe(''); // no warning: nothing skipped
    expect(workloadCounts(JSON.parse(t.out)).macs).toBe(transformerMacs(128));
    const human = await run(['import', f('transformer.onnx'), '--input-shape', 'input_ids=1,128']);
    expect(human.code, human.err).toBe(0);
    expect(human.out).toContain('transformer (onnx)');
  });

  it('fast simulate --workload model.onnx --input-shape …: simulates the sized model', async () => {
    const r = await run(['simulate', '--workload', f('transformer.onnx'), '--hardware', 'tpu-v3', '--batch', '4', '--input-shape', 'input_ids=1,128', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.totals.macs).toBe(4 * transformerMacs(128));
    expect(j.ops.length).toBeGreaterThan(5); // executed ops after XLA-style and attention fusion
    const c = await run(['simulate', '--workload', f('cnn.onnx'), '--hardware', 'tpu-v3', '--dim', 'H=640', '--dim', 'W=640', '--batch', '1', '--json']);
    expect(c.code, c.err).toBe(0);
    expect(JSON.parse(c.out).totals.macs).toBe(cnnMacs(640, 640));
  });

  it('fast ablation and fast sensitivity take the same flags', async () => {
    const a = await run(['ablation', '--workload', f('cnn.onnx'), '--hardware', 'tpu-v3', '--dim', 'H=64', '--dim', 'W=64', '--batch', '1', '--json']);
    expect(a.code, a.err).toBe(0);
    expect(JSON.parse(a.out).rows.length).toBeGreaterThan(1);
    const s = await run(['sensitivity', '--workload', f('cnn.onnx'), '--hardware', 'teaching-8x8', '--input-shape', 'x=1,3,32,32', '--json']);
    expect(s.code, s.err).toBe(0);
    expect(JSON.parse(s.out).rows.length).toBeGreaterThan(10);
    const bad = await run(['sensitivity', '--workload', f('cnn.onnx'), '--input-shape', 'x=1,3,0,32']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });

  it('without sizes: exit 2 with the fix in one line', async () => {
    const r = await run(['simulate', '--workload', f('cnn.onnx'), '--hardware', 'tpu-v3']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`fast: workload file "${f('cnn.onnx')}": onnx: graph input "x" has a symbolic dimension "H" at axis 2 and no size was given; give it with --input-shape x=1,3,<H>,<W> or --dim H=VALUE\n`);
  });

  const cases: [string, string[], string][] = [
    ['no "="', ['--input-shape', 'x'], 'fast: --input-shape "x": expected NAME=D1,D2,… (e.g. x=1,3,640,640)'],
    ['no name', ['--input-shape', '=1,3,8,8'], 'fast: --input-shape "=1,3,8,8": expected NAME='],
    ['wrong rank', ['--input-shape', 'x=1,3,64'], 'onnx: input shape for "x": 3 sizes given, but the graph declares 4 dimensions [N, 3, H, W]'],
    ['unknown input', ['--input-shape', 'image=1,3,64,64'], 'onnx: input shape for "image": the graph has no input "image" (its inputs: "x")'],
    ['an initializer', ['--input-shape', 'w1=16,3,3,3'], '"w1" is an initializer (a constant of the model), not a graph input'],
    ['size 0', ['--input-shape', 'x=1,3,0,64'], 'fast: --input-shape "x=1,3,0,64": size "0" (axis 2) is not a whole number from 1 to 16777216'],
    ['negative size', ['--input-shape', 'x=1,3,-64,64'], 'size "-64" (axis 2) is not a whole number'],
    ['fractional size', ['--input-shape', 'x=1,3,64.5,64'], 'size "64.5" (axis 2) is not a whole number'],
    ['not a number', ['--input-shape', 'x=1,3,H,64'], 'size "H" (axis 2) is not a whole number'],
    ['empty size', ['--input-shape', 'x=1,3,,64'], 'size "" (axis 2) is not a whole number'],
    ['too large', ['--input-shape', 'x=1,3,99999999,64'], 'size "99999999" (axis 2) is not a whole number from 1 to 16777216'],
    ['input twice', ['--input-shape', 'x=1,3,8,8', '--input-shape', 'x=1,3,9,9'], 'fast: --input-shape: input "x" is given twice'],
    ['--dim without "="', ['--dim', 'H'], 'fast: --dim "H": expected NAME=VALUE (e.g. sequence_length=128)'],
    ['--dim size 0', ['--dim', 'H=0', '--dim', 'W=4'], 'fast: --dim "H=0": size "0" is not a whole number from 1 to 16777216'],
    ['--dim not a number', ['--dim', 'H=1e3'], 'size "1e3" is not a whole number'],
    ['--dim naming no symbolic dim', ['--dim', 'height=64'], 'onnx: dimension "height": no graph input has a symbolic dimension of that name (they have "N", "H", "W")'],
    ['--dim twice', ['--dim', 'H=4', '--dim', 'H=8'], 'fast: --dim: dimension "H" is given twice'],
  ];
  for (const [what, flags, message] of cases) {
    it(`bad flag (${what}): one line, exit 2, for fast import and fast simulate`, async () => {
      for (const argv of [['import', f('cnn.onnx'), ...flags], ['simulate', '--workload', f('cnn.onnx'), '--hardware', 'tpu-v3', ...flags]]) {
        const r = await run(argv);
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.err).toContain(message);
        expect(r.err).toMatch(/^fast: [^\n]*\n$/);
        expect(r.out).toBe('');
      }
    });
  }

  it('the flags on a file that is not ONNX, or on a zoo workload: one line saying they apply to ONNX files only', async () => {
    const csv = await run(['import', f('topo.csv'), '--dim', 'H=4']);
    expect(csv.code).toBe(2);
    expect(csv.err).toBe(`fast: input shapes and dimension sizes (--input-shape, --dim) apply to ONNX files only; "${f('topo.csv')}" is a .csv file\n`);
    const zoo = await run(['simulate', '--workload', 'teaching-cnn', '--hardware', 'tpu-v3', '--input-shape', 'x=1,3,32,32']);
    expect(zoo.code).toBe(2);
    expect(zoo.err).toBe('fast: input shapes and dimension sizes (--input-shape, --dim) apply to ONNX files only; "teaching-cnn" is a zoo workload\n');
  });
});

describe('the Import view\'s size fields and saved imports', () => {
  it('entries parse as the flags do, in the fields\' words; sizes round-trip to entries', () => {
    const labels = { inputShape: 'input shape', dim: 'dimension' };
    const s = parseShapeEntries({ inputShapes: ['x=1, 3, 64, 48'], dims: ['sequence=128'] }, labels);
    expect(s).toEqual({ inputShapes: { x: [1, 3, 64, 48] }, dims: { sequence: 128 } });
    expect(shapeEntries(s)).toEqual({ inputShapes: ['x=1,3,64,48'], dims: ['sequence=128'] });
    expect(parseShapeEntries({ inputShapes: [], dims: [] })).toBeUndefined();
    expect(() => parseShapeEntries({ inputShapes: ['x=1,3,0,48'] }, labels)).toThrow('input shape "x=1,3,0,48": size "0" (axis 2) is not a whole number from 1 to 16777216');
    expect(() => parseShapeEntries({ dims: ['H=-2'] }, labels)).toThrow('dimension "H=-2": size "-2" is not a whole number');
    // A name that is also an Object property is just a name.
    expect(parseShapeEntries({ inputShapes: ['__proto__=1,2'], dims: ['constructor=3'] })).toEqual({ inputShapes: { ['__proto__']: [1, 2] }, dims: { constructor: 3 } });
  });

  it('which models need sizes; the symbols the fields list', () => {
    expect(needsSizes([{ name: 'x', dims: ['N', 3, 'H', 'W'] }])).toBe(true);
    expect(needsSizes([{ name: 'x', dims: ['N', 3, 224, 224] }])).toBe(false); // only the batch: imports as is
    expect(needsSizes([{ name: 'x', dims: null }])).toBe(true);
    expect(symbolsOf([{ name: 'ids', dims: ['batch', 'sequence'] }, { name: 'mask', dims: ['batch', 'sequence', null] }])).toEqual(['batch', 'sequence']);
  });

  it('a saved import keeps its graph inputs and sizes; malformed ones are refused with a reason', () => {
    const spec = importOnnx(cnn, { name: 'dyn', inputShapes: { x: [1, 3, 64, 48] } });
    const record = { spec, files: [{ name: 'dyn.onnx', bytes: cnn.length, kind: 'onnx' }], onnxInputs: [{ name: 'x', dims: ['N', 3, 'H', 'W'] }], shapes: { inputShapes: { x: [1, 3, 64, 48] } } };
    const back = toImported(validateImportRecord(JSON.parse(JSON.stringify(record))));
    expect(back.shapes).toEqual(record.shapes);
    expect(back.onnxInputs).toEqual(record.onnxInputs);
    expect(() => validateImportRecord({ ...record, shapes: { inputShapes: { x: [1, 0] } } })).toThrow('the saved import\'s input shapes are not lists of whole sizes');
    expect(() => validateImportRecord({ ...record, shapes: { dims: { H: 'big' } } })).toThrow('the saved import\'s dimension sizes are not whole sizes');
    expect(() => validateImportRecord({ ...record, onnxInputs: [{ name: 3 }] })).toThrow('the saved import\'s graph inputs are malformed');
    const { onnxInputs: _i, shapes: _s, ...old } = record; // saved before sizes existed
    expect(toImported(validateImportRecord(old)).shapes).toBeUndefined();
  });
});
