// WorkloadSpec: the graph IR every workload becomes (zoo generators, ONNX / SCALE-Sim / Timeloop importers).
// A graph of ops in topological order over named tensors. Shapes are per sample: the batch is an evaluation
// parameter, never baked in. Activation tensors gain a leading batch dimension at evaluation; weights do not.
import type { LlmConfig } from './llm/config';
import type { LlmSettings } from './llm/names';

export type OpKind = 'conv2d' | 'matmul' | 'elementwise' | 'pool' | 'reduce' | 'softmax' | 'layernorm';

export const OP_KINDS: readonly OpKind[] = ['conv2d', 'matmul', 'elementwise', 'pool', 'reduce', 'softmax', 'layernorm'];

export interface TensorSpec {
  name: string;
  /** Per-sample shape for activations (e.g. [H, W, C] or [tokens, hidden]); full shape for weights. */
  shape: number[];
  /** Bytes per element (2 for bf16, the default of the zoo). */
  elementBytes: number;
  /** `input`: the graph's input activations; `activation`: produced by an op; `weight`: parameters. */
  kind: 'input' | 'activation' | 'weight';
}

/** conv2d, NHWC; depthwise = groups equal to inChannels (and outChannels a multiple of groups). */
export interface Conv2dAttrs {
  inHeight: number; inWidth: number; inChannels: number;
  outHeight: number; outWidth: number; outChannels: number;
  kernelHeight: number; kernelWidth: number;
  strideHeight: number; strideWidth: number;
  groups: number;
  /** Kernel dilation (ONNX `dilations`, Timeloop `Hdilation`/`Wdilation`); absent = 1. MACs do not depend on it. */
  dilationHeight?: number; dilationWidth?: number;
}

/**
 * matmul: `count` independent (M×K)·(K×N) products per sample (e.g. attention heads; 1 for dense layers).
 * When `weightB` is true the K×N operand is a weight shared by every sample, so the batch multiplies M;
 * otherwise (attention) both operands are activations and the batch multiplies `count`.
 */
export interface MatmulAttrs {
  count: number; m: number; k: number; n: number; weightB: boolean;
  /** Mixture of experts (weightB only): the layer has `experts` (≥ count) k×n matrices, of which each row uses `count`
   * (top-k routing). weights[0] holds the `count` routed slots ([count, k, n]), weights[1] the other experts
   * ([experts − count, k, n], when any): every expert's weights are read, only `count` of them multiply each row. */
  experts?: number;
}

export type ElementwiseOp = 'add' | 'mul' | 'relu' | 'relu6' | 'sigmoid' | 'swish' | 'gelu' | 'tanh' | 'bias' | 'batchnorm' | 'scale'
  | 'copy' | 'interpolate' | 'select';
/** The elementwise ops that move data rather than compute on it elementwise: their inputs need not broadcast into the
 * output (a concat's parts, a slice's source, a resize's smaller or larger map). `copy`: one move per output element
 * (Concat, Split, Slice, Pad, Expand, Tile, Gather of activations, nearest Resize); `interpolate`: linear Resize. */
export const DATA_MOVEMENT_OPS: readonly ElementwiseOp[] = ['copy', 'interpolate'];
/** elementwise over `elements` outputs per sample; the number of inputs is the op's `inputs.length`.
 * `select` (Where): up to three inputs (condition, then the two choices), broadcast. */
export interface ElementwiseAttrs { op: ElementwiseOp; elements: number }

/** pool over a window (global: the window is the whole map). */
export interface PoolAttrs {
  op: 'avg' | 'max'; global: boolean;
  inHeight: number; inWidth: number; channels: number;
  kernelHeight: number; kernelWidth: number; strideHeight: number; strideWidth: number;
  outHeight: number; outWidth: number;
}

/** reduce `inElements` per sample to `outElements` (e.g. a mean over a spatial map). */
export interface ReduceAttrs { op: 'mean' | 'sum' | 'max'; inElements: number; outElements: number }

/** softmax / layernorm over `rows` independent rows of `length` elements each, per sample. */
export interface RowAttrs { rows: number; length: number }

interface OpBase {
  name: string;
  /** Activation inputs (tensor names), in operand order. */
  inputs: string[];
  /** Output tensor names (usually one). */
  outputs: string[];
  /** Weight tensor names. */
  weights: string[];
  /** Grouping for charts and reports, e.g. "stage3/block2" or "layer7/attention". */
  block?: string;
}

export type OpSpec =
  | (OpBase & { kind: 'conv2d'; conv2d: Conv2dAttrs })
  | (OpBase & { kind: 'matmul'; matmul: MatmulAttrs })
  | (OpBase & { kind: 'elementwise'; elementwise: ElementwiseAttrs })
  | (OpBase & { kind: 'pool'; pool: PoolAttrs })
  | (OpBase & { kind: 'reduce'; reduce: ReduceAttrs })
  | (OpBase & { kind: 'softmax'; softmax: RowAttrs })
  | (OpBase & { kind: 'layernorm'; layernorm: RowAttrs });

export interface WorkloadSpec {
  name: string;
  /** Where it came from: 'zoo', 'onnx', 'scalesim', 'timeloop' or 'json'. */
  source: 'zoo' | 'onnx' | 'scalesim' | 'timeloop' | 'json';
  description?: string;
  tensors: TensorSpec[];
  /** Topological order: every op's inputs are graph inputs or outputs of earlier ops. */
  ops: OpSpec[];
  /** Batch the workload is usually evaluated at (an evaluation default, not part of the graph). */
  defaultBatch?: number;
  /** Notes from importers (unsupported ops skipped, assumptions made). */
  warnings?: string[];
  /** A decoder-only LLM (shared/workload/llm/): its config, settings and the phase this graph is. */
  llm?: LlmInfo;
}

/** What an LLM workload is (shared/workload/llm/generate.ts). */
export interface LlmInfo {
  config: LlmConfig;
  settings: LlmSettings;
  /** Which graph this spec's ops are. */
  graphPhase: 'prefill' | 'decode';
  /** C, the tokens attended to by this graph (prefill: prompt; decode: context; a request's decode graph:
   * prompt + ⌊output/2⌋). */
  contextTokens: number;
  /** Tokens per sequence this graph processes: prefill the prompt, decode 1. */
  newTokens: number;
  /** Parameters (every weight tensor), and those used per token (top-k experts; embeddings included). */
  params: number; activeParams: number;
  /** Bytes of every weight tensor at its precision. */
  weightBytes: number;
  /** KV cache bytes per token of context, all layers, K and V. */
  kvBytesPerToken: number;
}
