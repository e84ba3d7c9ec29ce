// The LLM flags of `fast simulate` and `fast search`: --phase, --prompt, --context, --output, --weight-precision,
// --kv-precision. They compose an LLM workload's canonical variant name (shared/workload/llm llmVariantName) so everything
// downstream (workers, studies, checkpoints, the queue) sees a plain workload name; an imported LLM (a WorkloadSpec
// with `llm`) is re-generated with them (withLlmSettings). They apply to LLM workloads only. And the serving SLO
// durations of `fast search` (--tpot-slo 20ms, --ttft-slo 2s). Every problem is one UsageError line.
import type { Command } from 'commander';
import {
  KV_PRECISIONS, LLM_PHASES, LLM_ZOO, MAX_LLM_TOKENS, PHASE_KEYS, WEIGHT_PRECISIONS, llmVariantName, parseLlmVariant, withLlmSettings,
  type LlmSettings, type WorkloadSpec,
} from '../shared/workload/index';
import { UsageError } from './errors';

/** The flags as commander collects them. */
export interface LlmFlags { phase?: string; prompt?: string; context?: string; output?: string; weightPrecision?: string; kvPrecision?: string }

/** Add --phase, --prompt, --context, --output, --weight-precision, --kv-precision. */
export function addLlmOptions(cmd: Command): Command {
  return cmd
    .option('--phase <P>', `LLM workloads: ${LLM_PHASES.join(', ')} (default decode)`)
    .option('--prompt <N>', 'LLM workloads: prompt tokens (prefill, request; default 1024)')
    .option('--context <N>', 'LLM workloads: tokens in the KV cache a decode step attends to (default 1024)')
    .option('--output <N>', 'LLM workloads: tokens a request generates (default 256)')
    .option('--weight-precision <P>', `LLM workloads: weight precision, ${WEIGHT_PRECISIONS.join(', ')} (default bf16)`)
    .option('--kv-precision <P>', `LLM workloads: KV cache precision, ${KV_PRECISIONS.join(', ')} (default bf16)`);
}

const FLAG_OF: Record<keyof LlmFlags, string> = { phase: '--phase', prompt: '--prompt', context: '--context', output: '--output', weightPrecision: '--weight-precision', kvPrecision: '--kv-precision' };

function oneOf<T extends string>(flag: string, text: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(text)) throw new UsageError(`${flag} must be ${values.join(', ')} (got ${JSON.stringify(text.slice(0, 40))})`);
  return text as T;
}

function tokens(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < 1 || v > MAX_LLM_TOKENS) {
    throw new UsageError(`${flag} must be a whole number of tokens from 1 to ${MAX_LLM_TOKENS} (got ${JSON.stringify(text.slice(0, 40))})`);
  }
  return v;
}

/** The LLM settings the flags give (undefined when none is given); a bad value is one UsageError line. */
export function llmSettingsFromFlags(o: LlmFlags): { settings: Partial<LlmSettings>; first: string } | undefined {
  const given = (Object.keys(FLAG_OF) as (keyof LlmFlags)[]).filter((k) => o[k] !== undefined);
  if (given.length === 0) return undefined;
  const s: Partial<LlmSettings> = {};
  if (o.phase !== undefined) s.phase = oneOf('--phase', o.phase, LLM_PHASES);
  if (o.prompt !== undefined) s.prompt = tokens('--prompt', o.prompt);
  if (o.context !== undefined) s.context = tokens('--context', o.context);
  if (o.output !== undefined) s.output = tokens('--output', o.output);
  if (o.weightPrecision !== undefined) s.weights = oneOf('--weight-precision', o.weightPrecision, WEIGHT_PRECISIONS);
  if (o.kvPrecision !== undefined) s.kv = oneOf('--kv-precision', o.kvPrecision, KV_PRECISIONS);
  return { settings: s, first: FLAG_OF[given[0]] };
}

const notLlm = (flag: string, what: string) =>
  new UsageError(`${flag} applies to LLM workloads (${Object.keys(LLM_ZOO).join(', ')}, or an imported config.json); ${what} is not one`);

/** A token flag the phase does not use would be dropped from the name: one line instead. */
function checkPhaseKeys(phase: LlmSettings['phase'], flags: NonNullable<ReturnType<typeof llmSettingsFromFlags>>): void {
  for (const k of ['prompt', 'context', 'output'] as const) {
    if (flags.settings[k] !== undefined && !PHASE_KEYS[phase].includes(k)) {
      throw new UsageError(`--${k} does not apply to ${phase} (it takes ${PHASE_KEYS[phase].map((x) => `--${x}`).join(' and ')})`);
    }
  }
}

/**
 * A workload argument with the LLM flags applied: a zoo LLM name becomes its canonical variant name (resolved later
 * like any name); anything else is left alone here and checked by `checkLlmSpec` once resolved.
 */
export function llmName(arg: string, flags: ReturnType<typeof llmSettingsFromFlags>): string {
  if (!flags) return arg;
  const parsed = parseLlmVariant(arg);
  if (parsed === null) return arg;
  if ('error' in parsed) throw new UsageError(parsed.error);
  checkPhaseKeys({ ...parsed.settings, ...flags.settings }.phase, flags);
  const name = llmVariantName(parsed.base, { ...parsed.settings, ...flags.settings });
  const again = parseLlmVariant(name);
  if (again && 'error' in again) throw new UsageError(again.error);
  return name;
}

/** A resolved workload with the flags applied: an LLM re-generated with them (an imported one), anything else an error. */
export function llmSpec(spec: WorkloadSpec, arg: string, flags: ReturnType<typeof llmSettingsFromFlags>): WorkloadSpec {
  if (!flags) return spec;
  if (!spec.llm) throw notLlm(flags.first, JSON.stringify(arg.length > 60 ? `${arg.slice(0, 60)}…` : arg));
  if (parseLlmVariant(arg) !== null) return spec; // a zoo name: llmName composed it already
  checkPhaseKeys({ ...spec.llm.settings, ...flags.settings }.phase, flags);
  try {
    return withLlmSettings(spec, { ...spec.llm.settings, ...flags.settings });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * A duration flag: a positive number with a unit, `20ms`, `0.5 s`, `1500us` (a bare number is milliseconds, as
 * --latency-slo) → seconds.
 */
export function parseDuration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(ms|s|us|µs)?\s*$/i.exec(text);
  const v = m ? Number(m[1]) : NaN;
  if (!m || !Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} must be a positive duration such as 20ms or 2s (got ${JSON.stringify(text.slice(0, 40))})`);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const seconds = unit === 's' ? v : unit === 'ms' ? v / 1e3 : v / 1e6;
  if (!(seconds > 0 && seconds <= 86_400)) throw new UsageError(`${flag} must be a positive duration of at most a day (got ${JSON.stringify(text.slice(0, 40))})`);
  return seconds;
}
