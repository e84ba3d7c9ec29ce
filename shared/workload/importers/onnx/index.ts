// ONNX model (protobuf ModelProto, decoded with onnx-proto) → WorkloadSpec. Shapes are inferred node by node from
// the graph inputs' shapes (as declared, or as the caller gives them: `inputShapes`, `symbols` — decode.ts) and the
// initializers, shape arithmetic on them folded once the inputs are known (fold.ts); the first dimension of every
// graph input is the batch, so the workload's tensors are per sample. Coverage (docs/model.md §2.5):
// - conv2d: Conv (group, strides, pads / auto_pad, dilations; 1-D convs as H = 1), bias → a separate bias op;
//   ConvTranspose as its sub-pixel (stride-phase) convolutions;
// - matmul: Gemm (constant B; C → bias op), MatMul (a constant operand → dense layer; two activations → batched
//   products, e.g. attention; a constant left operand is transposed into the dense form), Einsum's matmul forms;
// - data movement (elementwise copy): Concat, Split, Slice, Pad, Expand, Tile, Gather of activations, nearest
//   Resize/Upsample; linear Resize → interpolate; Where → select;
// - elementwise: Add/Sub (with a constant: bias), Mul/Div (with a constant: scale), Relu, LeakyRelu, PRelu, Clip
//   (relu6), Sigmoid, HardSigmoid, Tanh, HardSwish, Gelu / FastGelu, Sigmoid·x and HardSigmoid·x (swish), the
//   erf form of GELU x·½(1 + erf(x/√2)) (one gelu op), BatchNormalization (one folded scale-and-shift weight [2, C]),
//   other unary maths (Erf, Exp, Log, Sqrt, Reciprocal, Softplus, Elu, Selu) costed as one transcendental (tanh),
//   Neg/Abs as scale, Pow as mul; Gather of a constant table by activation indices (an embedding lookup, as the zoo's);
// - pool: MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool; reduce: ReduceMean/Sum/Max/Min/SumSquare/L1/L2;
// - softmax: Softmax, LogSoftmax; layernorm: LayerNormalization, InstanceNormalization, GroupNormalization;
// - free (no op): Reshape, Transpose, Flatten, Squeeze, Unsqueeze, Identity, Dropout, Cast, Quantize/DequantizeLinear
//   (the tool costs bf16), Shape/Size of an activation, and anything computed from constants only (Gather, Concat, Slice, Unsqueeze, arithmetic on shapes:
//   evaluated where shapes need the values).
// Any other op is skipped with one warning listing the types: its outputs become graph inputs of the shape it would
// produce (Concat, Gather, Slice, Split, Resize computed; otherwise assumed equal to its first input's). Never a
// crash: a bad file is one clear Error. Scalar constants are immediates, not weights. Each node's record (nodes.ts)
// is kept beside the returned spec (onnxImportInfo) for the import report (../../import-report.ts).
// The pipeline: decode.ts (bytes → graph, inputs, attributes) → graph.ts (topological order) → nodes.ts (fold.ts
// for constants, converters.ts per op type, shapes.ts) → graph.ts (swish / GELU patterns, unused tensors) → schema.
import { GraphBuilder } from '../../builder';
import { MAX_BATCH, MAX_OPS, parseWorkload } from '../../schema';
import type { WorkloadSpec } from '../../types';
import { ImportContext } from './context';
import { decodeModel, graphInputs, readGraphValues } from './decode';
import { fusePatterns, pruneTensors, topoSort } from './graph';
import { listed, type OnnxImportOptions } from './model';
import { convertNodes, declaredShapes, valueBytes, type NodeRecord, type OnnxImportInfo, type Skipped } from './nodes';

export { MAX_ONNX_BYTES, type OnnxGraphInput, type OnnxImportOptions } from './model';
export type { DeclaredShapes, NodeRecord, OnnxImportInfo, ValueRecord } from './nodes';

/** What each import knew beyond its WorkloadSpec (node by node), for the import report; never part of the JSON. */
const importInfo = new WeakMap<WorkloadSpec, OnnxImportInfo>();
/** The import info of a WorkloadSpec that importOnnx returned (undefined for any other object, e.g. a copy). */
export const onnxImportInfo = (w: WorkloadSpec): OnnxImportInfo | undefined => importInfo.get(w);

export function importOnnx(bytes: Uint8Array, opts: OnnxImportOptions = {}): WorkloadSpec {
  const { graph, opset } = decodeModel(bytes);
  const floatBytes = opts.elementBytes ?? 2;
  const g = new GraphBuilder(opts.name ?? (graph.name || 'onnx-model'), 'onnx', floatBytes);
  opts.onGraphInputs?.(graphInputs(graph));
  const { values, batch, batchSymbolic, warnings } = readGraphValues(graph, opts);
  const c = new ImportContext(g, values, batch ?? 1, opset, floatBytes);
  const records: NodeRecord[] = [];
  const skipped = convertNodes(c, topoSort(graph.node, values), records);
  const fused = { swish: 0, gelu: 0 };
  const gelus = fusePatterns(g, c.origin, fused);
  warnings.push(...skipWarnings(skipped, c.approximated, gelus));
  if (g.ops.length === 0) throw new Error(`onnx: no supported op in the model${noOpsDetail(skipped)}`);
  if (g.ops.length > MAX_OPS) throw new Error(`onnx: the model becomes ${g.ops.length} ops; at most ${MAX_OPS}`);
  pruneTensors(g);
  const spec = g.build({
    description: `ONNX model "${graph.name || 'graph'}" (opset ${opset}, ${graph.node.length} nodes)`,
    ...(!batchSymbolic && batch !== undefined && batch <= MAX_BATCH ? { defaultBatch: batch } : {}),
    warnings,
  });
  const parsed = parseWorkload(spec, 'onnx');
  importInfo.set(parsed, {
    opset, batch: c.batch, nodes: records, tensorBytes: valueBytes(c), fused, approximated: [...c.approximated], declared: declaredShapes(graph, values),
  });
  return parsed;
}

/** The warnings for what was skipped or approximated (Erfs that became GELUs are not approximations). */
function skipWarnings({ unsupported, unknownShapes }: Skipped, approximated: Map<string, number>, gelus: number): string[] {
  const warnings: string[] = [];
  const erfs = (approximated.get('Erf') ?? 0) - gelus;
  if (erfs > 0) approximated.set('Erf', erfs);
  else approximated.delete('Erf');

  if (unsupported.size) {
    const list = listed([...unsupported].map(([t, n]) => `${t} ×${n}`));
    const total = [...unsupported.values()].reduce((a, b) => a + b, 0);
    warnings.push(`onnx: ${total} op${total > 1 ? 's' : ''} not supported and skipped (not costed): ${list}; their outputs are taken as graph inputs`);
  }
  if (unknownShapes) warnings.push(`onnx: ${unknownShapes} op${unknownShapes > 1 ? 's' : ''} skipped because an input's shape could not be inferred`);
  if (approximated.size) {
    warnings.push(`onnx: costed as one transcendental per element (tanh): ${[...approximated].map(([t, n]) => `${t} ×${n}`).join(', ')}`);
  }
  return warnings;
}

/** Why a model gave no op, in brackets (empty when nothing was skipped). */
function noOpsDetail({ unsupported, unknownShapes }: Skipped): string {
  const why = [
    ...(unsupported.size ? [`unsupported: ${listed([...unsupported.keys()])}`] : []),
    ...(unknownShapes ? [`${unknownShapes} skipped for shapes that could not be inferred`] : []),
  ];
  return why.length ? ` (${why.join('; ')})` : '';
}
