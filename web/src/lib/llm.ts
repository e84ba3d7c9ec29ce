// The LLM workloads in the page (issue 20): which picker names are decoder-only LLMs, the settings a variant name
// carries (shared/workload/llm: `<base>:<phase>[,prompt=N][,context=N][,output=N][,weights=…][,kv=…]`), the
// controls' ranges and their composition into the canonical variant name (llmVariantName, so the simulation, Compare,
// share links and Search all carry the settings as the workload string), and labels. What the page shows of a report
// (metrics, capacity, the serving curve) is in llm-report.ts. Pure.
import {
  LLM_ZOO, MAX_LLM_TOKENS, PHASE_KEYS, isLlmBase as isZooLlm, llmVariantName, maxContextTokens, maxPrefillTokens, parseLlmVariant,
  type KvPrecision, type LlmConfig, type LlmPhase, type LlmSettings, type WeightPrecision,
} from '../../../shared/workload/llm/index';
import { num } from './format';

/** The picker's group heading for the LLMs. */
export const LLM_GROUP_LABEL = 'LLM (decoder-only)';

/** The zoo's decoder-only LLMs, by base name (in the zoo's order). */
export function llmBases(): string[] {
  return Object.keys(LLM_ZOO);
}

export function isLlmBase(name: string): boolean {
  return isZooLlm(name);
}

/** Display names of the bases (the models' own spellings). */
const BASE_LABELS: Record<string, string> = {
  'gpt2-124m': 'GPT-2 124M',
  'qwen2.5-0.5b': 'Qwen2.5-0.5B',
  'llama-3.2-1b': 'Llama 3.2 1B',
  'llama-3-8b': 'Llama 3 8B',
  'mixtral-8x7b': 'Mixtral 8×7B',
};

export function llmBaseLabel(base: string): string {
  return BASE_LABELS[base] ?? base;
}

/** An LLM workload as the page holds it: its base, config, settings and canonical variant name. */
export interface LlmSelection {
  base: string;
  config: LlmConfig;
  settings: LlmSettings;
  /** The canonical variant name (what spec.name and the link carry). */
  name: string;
}

/** The LLM selection a workload name describes; null when it is not an LLM name or its settings are not valid. */
export function llmSelection(workload: string): LlmSelection | null {
  const p = parseLlmVariant(workload);
  if (!p || 'error' in p) return null;
  const config = LLM_ZOO[p.base];
  if (!config) return null;
  return { base: p.base, config, settings: p.settings, name: llmVariantName(p.base, p.settings) };
}

/**
 * The `--workload` argument and LLM flags of a `fast` command for these workload names: the CLI splits --workload on
 * commas, so an LLM variant (`gpt2-124m:decode,context=1024`) goes as its base with --phase, --prompt/--context/--output
 * and the precision flags (which the CLI applies to every LLM in the list). null when the LLMs' settings differ (one
 * command cannot say that).
 */
export function cliWorkloadArgs(names: readonly string[]): string | null {
  const sels = names.map((n) => llmSelection(n));
  const llms = sels.filter((s): s is LlmSelection => s !== null);
  if (llms.length === 0) return `--workload ${names.join(',')}`;
  const s = llms[0].settings;
  if (llms.some((l) => llmVariantName('x', l.settings) !== llmVariantName('x', s))) return null;
  const flags = [`--phase ${s.phase}`, ...PHASE_KEYS[s.phase].map((k) => `--${k} ${s[k]}`)];
  if (s.weights !== 'bf16') flags.push(`--weight-precision ${s.weights}`);
  if (s.kv !== 'bf16') flags.push(`--kv-precision ${s.kv}`);
  return [`--workload ${names.map((n, i) => sels[i]?.base ?? n).join(',')}`, ...flags].join(' ');
}

/** The canonical name of a workload name: an LLM name (bare or variant) in its canonical form; any other unchanged. */
export function canonicalWorkload(workload: string): string {
  return llmSelection(workload)?.name ?? workload;
}

/** The picker's value for a workload: an LLM variant's base, any other name itself. */
export function pickerValue(workload: string): string {
  return llmSelection(workload)?.base ?? workload;
}

export const PHASES: readonly { id: LlmPhase; label: string; explain: string }[] = [
  { id: 'prefill', label: 'prefill', explain: 'The whole prompt in one pass: every prompt token of every sequence at once (large matrix products). Its latency is the time to first token.' },
  { id: 'decode', label: 'decode', explain: 'One new token per sequence per step, attending to the cached context: every step reads all the weights and the KV cache for few MACs. Its latency is the time per output token.' },
  { id: 'request', label: 'request', explain: 'A whole request: the prompt\'s prefill, then one decode step per output token (priced at the mean context, prompt + output / 2).' },
];

export const WEIGHT_PRECISIONS: readonly { id: WeightPrecision; label: string }[] = [
  { id: 'bf16', label: 'bf16 (2 bytes)' }, { id: 'fp8', label: 'fp8 (1 byte)' }, { id: 'int8', label: 'int8 (1 byte)' }, { id: 'int4', label: 'int4 (½ byte)' },
];
export const KV_PRECISIONS: readonly { id: KvPrecision; label: string }[] = [
  { id: 'bf16', label: 'bf16 (2 bytes)' }, { id: 'int8', label: 'int8 (1 byte)' },
];

/** The token counts shared/workload/llm allows: 1 … 131,072, and at most the model's max positions. */
export const TOKEN_LIMIT = MAX_LLM_TOKENS;

export type TokenKey = 'prompt' | 'context' | 'output';

export const TOKEN_LABELS: Record<TokenKey, { label: string; explain: string }> = {
  prompt: { label: 'Prompt tokens', explain: 'Tokens of the prompt, processed together by the prefill.' },
  context: { label: 'Context tokens', explain: 'Tokens already in the KV cache that each decode step attends to.' },
  output: { label: 'Output tokens', explain: 'Tokens generated per request, one decode step each.' },
};

/** The token controls a phase uses (what its canonical name carries). */
export function tokenKeys(phase: LlmPhase): TokenKey[] {
  return phase === 'prefill' ? ['prompt'] : phase === 'decode' ? ['context'] : ['prompt', 'output'];
}

/**
 * The largest value a token control may take for a model (shared/workload/llm's limits): the prompt is also bounded by
 * the IR's per-op limit (maxPrefillTokens); context and output by the model's positions. (A request's prompt + output
 * must fit the positions too: the model's message says so when they do not.)
 */
export function tokenMax(config: LlmConfig, key: TokenKey = 'context'): number {
  return key === 'prompt' ? maxPrefillTokens(config) : maxContextTokens(config);
}

/**
 * The variant name with some settings changed, or the model's one-line reason when the result is not a valid variant
 * (a token count out of range names the key and the allowed range).
 */
export function composeVariant(sel: Pick<LlmSelection, 'base' | 'settings'>, change: Partial<LlmSettings>): { name: string } | { error: string } {
  let name: string;
  try {
    name = llmVariantName(sel.base, { ...sel.settings, ...change });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const p = parseLlmVariant(name);
  if (!p) return { error: `${name} is not an LLM workload` };
  if ('error' in p) return { error: p.error };
  return { name: llmVariantName(p.base, p.settings) };
}

/**
 * The workload the picker gives when an LLM base is picked: the settings of the LLM shown before (switching between
 * LLMs keeps the phase, tokens and precisions), each token count brought within the new model's max positions; the
 * base's default variant when coming from another workload or when the carried settings are not valid for it.
 */
export function pickBase(base: string, from: string): string {
  if (!isLlmBase(base)) return base;
  const config = LLM_ZOO[base];
  const was = llmSelection(from);
  if (was) {
    const s = was.settings;
    const carried = composeVariant({ base, settings: s }, {
      prompt: Math.min(s.prompt, tokenMax(config, 'prompt')), context: Math.min(s.context, tokenMax(config, 'context')), output: Math.min(s.output, tokenMax(config, 'output')),
    });
    if ('name' in carried) return carried.name;
  }
  return llmVariantName(base, {});
}

/** A short label of a variant's settings: "decode, context 2,048, int8 weights". */
export function settingsLabel(s: LlmSettings): string {
  const tokens = tokenKeys(s.phase).map((k) => `${k} ${num(s[k])}`);
  const prec = [s.weights !== 'bf16' ? `${s.weights} weights` : '', s.kv !== 'bf16' ? `${s.kv} KV` : ''].filter(Boolean);
  return [s.phase, ...tokens, ...prec].join(', ');
}

/** The picker/title label of an LLM workload name, or null when the name is not one. */
export function llmWorkloadLabel(name: string): string | null {
  if (isLlmBase(name)) return llmBaseLabel(name);
  const sel = llmSelection(name);
  return sel ? `${llmBaseLabel(sel.base)} (${settingsLabel(sel.settings)})` : null;
}

// ------------------------------------------------------------------------------------------------ search form

/** The LLM base of a workload name (bare or variant), or null. */
export function llmBaseOf(name: string): string | null {
  return isLlmBase(name) ? name : llmSelection(name)?.base ?? null;
}

/** A workload name with its phase changed (the variant's other settings kept); a non-LLM name unchanged. */
export function withPhase(name: string, phase: LlmPhase): string {
  const sel = llmSelection(name);
  if (!sel) return name;
  const r = composeVariant(sel, { phase });
  return 'name' in r ? r.name : name;
}
