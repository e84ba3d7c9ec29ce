// Decoder-only LLM configurations: the LlmConfig type, the five zoo models from their published Hugging Face
// config.json files, and llmConfigFromHf (a Hugging Face config.json → LlmConfig, one-line errors).
// The zoo's values are the models' own configs (docs/model.md §2.2):
//   gpt2-124m     https://huggingface.co/openai-community/gpt2/blob/main/config.json
//   qwen2.5-0.5b  https://huggingface.co/Qwen/Qwen2.5-0.5B/blob/main/config.json
//   llama-3.2-1b  https://huggingface.co/meta-llama/Llama-3.2-1B/blob/main/config.json
//   llama-3-8b    https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/config.json
//   mixtral-8x7b  https://huggingface.co/mistralai/Mixtral-8x7B-v0.1/blob/main/config.json

export type LlmPhase = 'prefill' | 'decode' | 'request';
export type WeightPrecision = 'bf16' | 'int8' | 'fp8' | 'int4';
export type KvPrecision = 'bf16' | 'int8';

export const LLM_PHASES: readonly LlmPhase[] = ['prefill', 'decode', 'request'];
export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ['bf16', 'int8', 'fp8', 'int4'];
export const KV_PRECISIONS: readonly KvPrecision[] = ['bf16', 'int8'];
/** Bytes per element of each precision (int4: two weights per byte). */
export const WEIGHT_BYTES: Readonly<Record<WeightPrecision, number>> = { bf16: 2, int8: 1, fp8: 1, int4: 0.5 };
export const KV_BYTES: Readonly<Record<KvPrecision, number>> = { bf16: 2, int8: 1 };

export interface LlmConfig {
  /** The model's name (a zoo base name, or the imported file's name). */
  model: string;
  hidden: number;
  layers: number;
  /** Query heads. */
  heads: number;
  /** Key/value heads: = heads (MHA), 1 (MQA), or a divisor between (GQA). */
  kvHeads: number;
  headDim: number;
  /** FFN width (per expert for a mixture of experts). */
  intermediate: number;
  vocab: number;
  /** Experts per layer; 1 = a dense FFN. */
  experts: number;
  /** Experts each token is routed to (top-k); 1 for a dense FFN. */
  expertsPerToken: number;
  /** The LM head reuses the token embedding table. */
  tiedEmbeddings: boolean;
  norm: 'layernorm' | 'rmsnorm';
  mlp: 'gelu' | 'swiglu';
  /** The query, key and value projections have biases (Qwen2, GPT-2). */
  qkvBias: boolean;
  positions: 'learned' | 'rope';
  /** Positions the model was trained for (max_position_embeddings); also the size of a learned position table. */
  maxPositions: number;
  /** The attention output projection has a bias (GPT-2; Llama's attention_bias). Absent = false. */
  outputBias?: boolean;
  /** The MLP's projections have biases (GPT-2; Llama's mlp_bias). Absent = false. */
  mlpBias?: boolean;
}

/** Longest prompt, context or output, tokens (and never more than the model's maxPositions). */
export const MAX_LLM_TOKENS = 131072;

/** Plausibility bounds of a config's fields (an imported config outside them is refused with its field named). */
export const LLM_CONFIG_BOUNDS = {
  hidden: 65536, layers: 512, heads: 1024, kvHeads: 1024, headDim: 1024, intermediate: 1_048_576, vocab: 4_194_304,
  experts: 1024, expertsPerToken: 1024, maxPositions: 2 ** 24,
} as const;

const gpt2: LlmConfig = {
  // n_embd 768, n_layer 12, n_head 12, n_inner null (→ 4·768), vocab_size 50257, n_positions 1024,
  // activation_function gelu_new, LayerNorm (layer_norm_epsilon), tied LM head, Conv1D layers with biases.
  model: 'gpt2-124m', hidden: 768, layers: 12, heads: 12, kvHeads: 12, headDim: 64, intermediate: 3072, vocab: 50257,
  experts: 1, expertsPerToken: 1, tiedEmbeddings: true, norm: 'layernorm', mlp: 'gelu', qkvBias: true,
  positions: 'learned', maxPositions: 1024, outputBias: true, mlpBias: true,
};
const qwen25_05b: LlmConfig = {
  // hidden_size 896, num_hidden_layers 24, num_attention_heads 14, num_key_value_heads 2, intermediate_size 4864,
  // vocab_size 151936, max_position_embeddings 32768, hidden_act silu, rms_norm_eps, tie_word_embeddings true;
  // Qwen2's q/k/v projections have biases (modeling_qwen2), o_proj and the MLP none.
  model: 'qwen2.5-0.5b', hidden: 896, layers: 24, heads: 14, kvHeads: 2, headDim: 64, intermediate: 4864, vocab: 151936,
  experts: 1, expertsPerToken: 1, tiedEmbeddings: true, norm: 'rmsnorm', mlp: 'swiglu', qkvBias: true,
  positions: 'rope', maxPositions: 32768,
};
const llama32_1b: LlmConfig = {
  // hidden_size 2048, num_hidden_layers 16, num_attention_heads 32, num_key_value_heads 8, head_dim 64,
  // intermediate_size 8192, vocab_size 128256, max_position_embeddings 131072, tie_word_embeddings true.
  model: 'llama-3.2-1b', hidden: 2048, layers: 16, heads: 32, kvHeads: 8, headDim: 64, intermediate: 8192, vocab: 128256,
  experts: 1, expertsPerToken: 1, tiedEmbeddings: true, norm: 'rmsnorm', mlp: 'swiglu', qkvBias: false,
  positions: 'rope', maxPositions: 131072,
};
const llama3_8b: LlmConfig = {
  // hidden_size 4096, num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 8, intermediate_size 14336,
  // vocab_size 128256, max_position_embeddings 8192, tie_word_embeddings false.
  model: 'llama-3-8b', hidden: 4096, layers: 32, heads: 32, kvHeads: 8, headDim: 128, intermediate: 14336, vocab: 128256,
  experts: 1, expertsPerToken: 1, tiedEmbeddings: false, norm: 'rmsnorm', mlp: 'swiglu', qkvBias: false,
  positions: 'rope', maxPositions: 8192,
};
const mixtral8x7b: LlmConfig = {
  // hidden_size 4096, num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 8, intermediate_size 14336,
  // num_local_experts 8, num_experts_per_tok 2, vocab_size 32000, max_position_embeddings 32768,
  // tie_word_embeddings false.
  model: 'mixtral-8x7b', hidden: 4096, layers: 32, heads: 32, kvHeads: 8, headDim: 128, intermediate: 14336, vocab: 32000,
  experts: 8, expertsPerToken: 2, tiedEmbeddings: false, norm: 'rmsnorm', mlp: 'swiglu', qkvBias: false,
  positions: 'rope', maxPositions: 32768,
};

/** The zoo's LLMs by base name, in their documented order. */
export const LLM_ZOO: Readonly<Record<string, LlmConfig>> = {
  'gpt2-124m': gpt2,
  'qwen2.5-0.5b': qwen25_05b,
  'llama-3.2-1b': llama32_1b,
  'llama-3-8b': llama3_8b,
  'mixtral-8x7b': mixtral8x7b,
};

export const isLlmBase = (name: string): boolean => Object.prototype.hasOwnProperty.call(LLM_ZOO, name);

/** Whether two configs describe the same model (every field equal; absent biases = false). */
export function sameLlmConfig(a: LlmConfig, b: LlmConfig): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof LlmConfig>;
  for (const k of keys) {
    const x = a[k] ?? (k === 'outputBias' || k === 'mlpBias' ? false : undefined);
    const y = b[k] ?? (k === 'outputBias' || k === 'mlpBias' ? false : undefined);
    if (x !== y) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Consistency of a config (shared by the importer, the generator and the schema)
// ---------------------------------------------------------------------------------------------------------------

const MAX_ELEMENTS = 2 ** 40; // as shared/workload/schema.ts (one tensor's elements, one op's MACs per sample)

/** The first problem of a config's values as one line (null when it is consistent). Field names are LlmConfig's. */
export function llmConfigProblem(c: LlmConfig): string | null {
  const B = LLM_CONFIG_BOUNDS;
  for (const k of Object.keys(B) as (keyof typeof B)[]) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > B[k]) return `${k} must be a whole number from 1 to ${B[k]} (got ${show(v)})`;
  }
  return llmConfigConsistency(c);
}

/** The first problem of how a config's (in-range) fields relate, as one line (null when none). */
export function llmConfigConsistency(c: LlmConfig): string | null {
  if (c.heads % c.kvHeads !== 0) return `kvHeads (${c.kvHeads}) must divide heads (${c.heads})`;
  if (c.expertsPerToken > c.experts) return `expertsPerToken (${c.expertsPerToken}) must be at most experts (${c.experts})`;
  if (c.vocab * c.hidden > MAX_ELEMENTS) return `vocab × hidden (${c.vocab} × ${c.hidden}) is over ${MAX_ELEMENTS} elements`;
  if (c.experts * c.hidden * c.intermediate > MAX_ELEMENTS) return `experts × hidden × intermediate is over ${MAX_ELEMENTS} elements`;
  if (c.heads * c.headDim > 2 ** 20) return `heads × headDim (${c.heads} × ${c.headDim}) must be at most ${2 ** 20}`;
  return null;
}

export const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return Array.isArray(v) ? 'a list' : typeof v;
};

// ---------------------------------------------------------------------------------------------------------------
// Hugging Face config.json → LlmConfig
// ---------------------------------------------------------------------------------------------------------------

/** The Hugging Face model_type values read, and how each maps. */
export const HF_MODEL_TYPES = ['gpt2', 'llama', 'qwen2', 'mistral', 'mixtral'] as const;

/** Whether a parsed JSON value looks like a Hugging Face config (not a WorkloadSpec). */
export function isHfConfig(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if ('ops' in o || 'tensors' in o) return false;
  return 'model_type' in o || 'architectures' in o;
}

/** Hugging Face config.json → LlmConfig (shapes only; no weights). Throws an Error with one line naming the field. */
export function llmConfigFromHf(json: unknown, name: string): LlmConfig {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`a Hugging Face config must be a JSON object (got ${show(json)})`);
  const o = json as Record<string, unknown>;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== null && o[k] !== undefined;
  const type = o.model_type;
  const supported = HF_MODEL_TYPES.join(', ');
  if (type === undefined) throw new Error(`model_type is missing (supported: ${supported})`);
  if (typeof type !== 'string' || !(HF_MODEL_TYPES as readonly string[]).includes(type)) {
    throw new Error(`unsupported architecture ${show(type)} (model_type); supported: ${supported}`);
  }
  const int = (key: string, hi: number, fallback?: number): number => {
    if (!has(key)) {
      if (fallback !== undefined) return fallback;
      throw new Error(`${key} is missing`);
    }
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > hi) throw new Error(`${key} must be a whole number from 1 to ${hi} (got ${show(v)})`);
    return v;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    if (!has(key)) return fallback;
    const v = o[key];
    if (typeof v !== 'boolean') throw new Error(`${key} must be true or false (got ${show(v)})`);
    return v;
  };
  const B = LLM_CONFIG_BOUNDS;
  const modelName = typeof name === 'string' && name.length > 0 ? name.slice(0, 200) : 'model';
  let c: LlmConfig;
  if (type === 'gpt2') {
    // GPT2Config: n_embd, n_layer, n_head, n_inner (null → 4·n_embd), n_positions, vocab_size,
    // activation_function (gelu, gelu_new, …), tied head by default, biases on every Conv1D.
    const hidden = int('n_embd', B.hidden);
    const heads = int('n_head', B.heads);
    if (hidden % heads !== 0) throw new Error(`n_head (${heads}) must divide n_embd (${hidden})`);
    const act = has('activation_function') ? o.activation_function : 'gelu_new';
    if (typeof act !== 'string' || !GELUS.includes(act)) throw new Error(`activation_function must be one of ${GELUS.join(', ')} (got ${show(act)})`);
    c = {
      model: modelName, hidden, layers: int('n_layer', B.layers), heads, kvHeads: heads, headDim: hidden / heads,
      intermediate: int('n_inner', B.intermediate, 4 * hidden), vocab: int('vocab_size', B.vocab), experts: 1, expertsPerToken: 1,
      tiedEmbeddings: bool('tie_word_embeddings', true), norm: 'layernorm', mlp: 'gelu', qkvBias: true, positions: 'learned',
      maxPositions: int('n_positions', B.maxPositions), outputBias: true, mlpBias: true,
    };
  } else {
    // LlamaConfig / Qwen2Config / MistralConfig / MixtralConfig.
    const hidden = int('hidden_size', B.hidden);
    const heads = int('num_attention_heads', B.heads);
    const kvHeads = int('num_key_value_heads', B.kvHeads, heads);
    if (!has('head_dim') && hidden % heads !== 0) throw new Error(`num_attention_heads (${heads}) must divide hidden_size (${hidden}) when head_dim is not given`);
    const headDim = int('head_dim', B.headDim, hidden / heads);
    if (heads % kvHeads !== 0) throw new Error(`num_key_value_heads (${kvHeads}) must divide num_attention_heads (${heads})`);
    const act = has('hidden_act') ? o.hidden_act : 'silu';
    let mlp: LlmConfig['mlp'];
    if (act === 'silu' || act === 'swish') mlp = 'swiglu';
    else if (typeof act === 'string' && GELUS.includes(act)) mlp = 'gelu';
    else throw new Error(`hidden_act must be silu or one of ${GELUS.join(', ')} (got ${show(act)})`);
    const moe = type === 'mixtral';
    const experts = moe ? int('num_local_experts', B.experts) : 1;
    const expertsPerToken = moe ? int('num_experts_per_tok', B.expertsPerToken) : 1;
    if (expertsPerToken > experts) throw new Error(`num_experts_per_tok (${expertsPerToken}) must be at most num_local_experts (${experts})`);
    const attentionBias = bool('attention_bias', false);
    if (has('rms_norm_eps') && (typeof o.rms_norm_eps !== 'number' || !Number.isFinite(o.rms_norm_eps) || o.rms_norm_eps <= 0 || o.rms_norm_eps >= 1)) {
      throw new Error(`rms_norm_eps must be a number between 0 and 1 (got ${show(o.rms_norm_eps)})`);
    }
    c = {
      model: modelName, hidden, layers: int('num_hidden_layers', B.layers), heads, kvHeads, headDim,
      intermediate: int('intermediate_size', B.intermediate), vocab: int('vocab_size', B.vocab), experts, expertsPerToken,
      tiedEmbeddings: bool('tie_word_embeddings', false),
      // Every one of these architectures normalizes with RMSNorm (rms_norm_eps); there is no LayerNorm variant.
      norm: 'rmsnorm', mlp,
      // Qwen2 always has q/k/v biases; Llama's attention_bias adds them to q, k, v and o (Mistral/Mixtral: none).
      qkvBias: type === 'qwen2' || attentionBias, positions: 'rope', maxPositions: int('max_position_embeddings', B.maxPositions),
      outputBias: type === 'llama' && attentionBias, mlpBias: type === 'llama' && bool('mlp_bias', false),
    };
  }
  const problem = llmConfigProblem(c);
  if (problem) throw new Error(problem);
  return c;
}

const GELUS = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'gelu_fast'];
