// LLM variant names: `<base>:<phase>[,prompt=N][,context=N][,output=N][,weights=bf16|int8|fp8|int4][,kv=bf16|int8]`.
// A variant name carries the LLM settings, so every path that passes workloads by name (workers, search, queue,
// checkpoints, share links) works unchanged. Canonical form (llmVariantName; a zoo spec's name): the phase always,
// then only the keys the phase uses (prefill: prompt; decode: context; request: prompt and output), weights and kv only
// when not bf16, in the order prompt, context, output, weights, kv. A bare base name is its default variant (decode,
// context 1024). parseLlmVariant accepts the keys in any order and explicit defaults, and refuses (one line) a key the
// phase does not use, an unknown or repeated key, and a value outside its range.
import {
  KV_PRECISIONS, LLM_PHASES, LLM_ZOO, MAX_LLM_TOKENS, WEIGHT_PRECISIONS, isLlmBase,
  type KvPrecision, type LlmConfig, type LlmPhase, type WeightPrecision,
} from './config';

export interface LlmSettings {
  phase: LlmPhase;
  prompt: number;
  context: number;
  output: number;
  weights: WeightPrecision;
  kv: KvPrecision;
}

export const DEFAULT_LLM_SETTINGS: Readonly<LlmSettings> = {
  phase: 'decode', prompt: 1024, context: 1024, output: 256, weights: 'bf16', kv: 'bf16',
};

const TOKEN_KEYS = ['prompt', 'context', 'output'] as const;
type TokenKey = typeof TOKEN_KEYS[number];
const KEYS = ['prompt', 'context', 'output', 'weights', 'kv'] as const;

/** The token keys each phase uses (the others are refused in a name). */
export const PHASE_KEYS: Readonly<Record<LlmPhase, readonly TokenKey[]>> = {
  prefill: ['prompt'], decode: ['context'], request: ['prompt', 'output'],
};

/** Settings with defaults for what `s` leaves out. */
export function fullLlmSettings(s: Partial<LlmSettings>): LlmSettings {
  const out = { ...DEFAULT_LLM_SETTINGS };
  for (const k of Object.keys(out) as (keyof LlmSettings)[]) {
    if (s[k] !== undefined) (out as Record<string, unknown>)[k] = s[k];
  }
  return out;
}

/** The canonical variant name of `base` with settings `s` (defaults fill what it leaves out). */
export function llmVariantName(base: string, s: Partial<LlmSettings>): string {
  const f = fullLlmSettings(s);
  const parts: string[] = [f.phase];
  for (const k of TOKEN_KEYS) if (PHASE_KEYS[f.phase]?.includes(k)) parts.push(`${k}=${f[k]}`);
  if (f.weights !== 'bf16') parts.push(`weights=${f.weights}`);
  if (f.kv !== 'bf16') parts.push(`kv=${f.kv}`);
  return `${base}:${parts.join(',')}`;
}

/** The most prefill tokens one sequence may have for `config`: its positions, 131,072, and the IR's per-op limits
 * (2^40 multiply-adds and elements per op and sample, shared/workload/schema.ts): the S×S attention scores cost
 * heads·headDim·S² multiply-adds, each FFN projection S·hidden·intermediate (× expertsPerToken for a MoE). */
export function maxPrefillTokens(c: LlmConfig): number {
  const cap = 2 ** 40;
  let s = Math.min(MAX_LLM_TOKENS, c.maxPositions);
  const fits = (t: number) =>
    c.heads * c.headDim * t * t <= cap && c.heads * t * t <= cap &&
    c.expertsPerToken * t * c.hidden * c.intermediate <= cap &&
    t * c.hidden * c.heads * c.headDim <= cap;
  if (fits(s)) return s;
  let lo = 1, hi = s; // fits(lo) holds for any valid config; find the largest that fits
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (fits(mid)) lo = mid; else hi = mid - 1;
  }
  s = lo;
  return s;
}

/** The most decode context tokens: the model's positions and 131,072. */
export function maxContextTokens(c: LlmConfig): number {
  return Math.min(MAX_LLM_TOKENS, c.maxPositions);
}

/** The first problem of settings for a config, as one line naming the key and its allowed range (null when none). */
export function llmSettingsProblem(c: LlmConfig, s: LlmSettings): string | null {
  if (!LLM_PHASES.includes(s.phase)) return `phase must be one of ${LLM_PHASES.join(', ')} (got ${JSON.stringify(String(s.phase)).slice(0, 50)})`;
  if (!WEIGHT_PRECISIONS.includes(s.weights)) return `weights must be one of ${WEIGHT_PRECISIONS.join(', ')} (got ${JSON.stringify(String(s.weights)).slice(0, 50)})`;
  if (!KV_PRECISIONS.includes(s.kv)) return `kv must be one of ${KV_PRECISIONS.join(', ')} (got ${JSON.stringify(String(s.kv)).slice(0, 50)})`;
  const positions = maxContextTokens(c);
  const why = (n: number) => limitReason(c, n);
  const range = (k: TokenKey, hi: number) => {
    const v = s[k];
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= hi ? null
      : `${k} must be a whole number from 1 to ${hi} (${why(hi)}; got ${typeof v === 'number' ? v : JSON.stringify(String(v)).slice(0, 50)})`;
  };
  // Every token count is a whole number 1…131072 (the keys the phase does not use are carried, meaning nothing for it);
  // the keys it uses are held to the model's limits.
  for (const k of TOKEN_KEYS) {
    const bad = range(k, MAX_LLM_TOKENS);
    if (bad) return bad;
  }
  if (s.phase === 'decode') return range('context', positions);
  const prefillMax = maxPrefillTokens(c);
  const p = range('prompt', prefillMax);
  if (p || s.phase === 'prefill') return p;
  const o = range('output', positions);
  if (o) return o;
  if (s.prompt + s.output > positions) return `prompt + output must be at most ${positions} (${c.model} has ${c.maxPositions} positions; got ${s.prompt} + ${s.output})`;
  return null;
}

/** Why `hi` is a token limit of `c`, for messages. */
function limitReason(c: LlmConfig, hi: number): string {
  return hi === c.maxPositions ? `${c.model} has ${c.maxPositions} positions`
    : hi === MAX_LLM_TOKENS ? `the longest supported` : 'longer prompts exceed the per-op limit of 2^40 multiply-adds per sequence';
}

const short = (name: string) => (name.length > 80 ? `${name.slice(0, 80)}…` : name);

/**
 * Parse a zoo LLM name: a base name alone (its default variant) or `base:phase,key=value,…`. null: not an LLM name (no
 * zoo LLM base before the colon); { error }: an LLM name with a problem, one line starting with the name.
 */
export function parseLlmVariant(name: string): { base: string; settings: LlmSettings } | { error: string } | null {
  if (typeof name !== 'string') return null;
  const colon = name.indexOf(':');
  const base = colon < 0 ? name : name.slice(0, colon);
  if (!isLlmBase(base)) return null;
  const config = LLM_ZOO[base];
  const fail = (msg: string) => ({ error: `${short(name)}: ${msg}` });
  if (colon < 0) return { base, settings: { ...DEFAULT_LLM_SETTINGS } };
  const items = name.slice(colon + 1).split(',');
  const phase = items[0];
  if (!(LLM_PHASES as readonly string[]).includes(phase)) {
    return fail(`the phase must come first after the colon: one of ${LLM_PHASES.join(', ')} (got ${JSON.stringify(phase.slice(0, 40))})`);
  }
  const s: LlmSettings = { ...DEFAULT_LLM_SETTINGS, phase: phase as LlmPhase };
  const seen = new Set<string>();
  const usable = [...PHASE_KEYS[s.phase], 'weights', 'kv'];
  for (const item of items.slice(1)) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    if (!(KEYS as readonly string[]).includes(key)) {
      return fail(`unknown key ${JSON.stringify(key.slice(0, 40))} (keys: ${KEYS.join(', ')}, each as key=value)`);
    }
    if (eq < 0) return fail(`${key} needs a value (${key}=…)`);
    if (seen.has(key)) return fail(`${key} is given twice`);
    seen.add(key);
    if (!usable.includes(key)) return fail(`${key} does not apply to ${s.phase} (it takes ${usable.join(', ')})`);
    if (key === 'weights') {
      if (!(WEIGHT_PRECISIONS as readonly string[]).includes(value)) return fail(`weights must be one of ${WEIGHT_PRECISIONS.join(', ')} (got ${JSON.stringify(value.slice(0, 40))})`);
      s.weights = value as WeightPrecision;
    } else if (key === 'kv') {
      if (!(KV_PRECISIONS as readonly string[]).includes(value)) return fail(`kv must be one of ${KV_PRECISIONS.join(', ')} (got ${JSON.stringify(value.slice(0, 40))})`);
      s.kv = value as KvPrecision;
    } else {
      const hi = key === 'prompt' && s.phase !== 'decode' ? maxPrefillTokens(config) : maxContextTokens(config);
      if (!/^[0-9]{1,7}$/.test(value) || Number(value) < 1 || Number(value) > hi) {
        return fail(`${key} must be a whole number from 1 to ${hi} (${limitReason(config, hi)}; got ${JSON.stringify(value.slice(0, 40))})`);
      }
      s[key as TokenKey] = Number(value);
    }
  }
  const problem = llmSettingsProblem(config, s);
  return problem ? fail(problem) : { base, settings: s };
}

/**
 * A comma-separated workload list (`fast search --workload`, `fast compare-algorithms --workload`) split into names,
 * keeping an LLM variant's own settings with it: a part of the form `key=value` (no `:`) belongs to the name before it,
 * so `gpt2-124m:decode,context=128,teaching-cnn` is two workloads. Parts are trimmed; empty ones dropped.
 */
export function splitWorkloadList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    if (out.length && /^[a-z]+=/i.test(part) && !part.includes(':') && out[out.length - 1].includes(':')) out[out.length - 1] += `,${part}`;
    else out.push(part);
  }
  return out;
}
