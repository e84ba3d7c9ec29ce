// The zoo by name — its names, whether a name is one (an LLM variant name included), the workload of a name, and the
// names for a one-line message — apart from shared/workload/index.ts so the page can use them without the importers.
import type { WorkloadSpec } from './types';
import { ZOO } from './zoo/index';
import { LLM_ZOO, llmWorkload, parseLlmVariant } from './llm/index';

/** The zoo's workload names, in their documented order (docs/model.md §2.2): the CNNs and BERT, then the LLM bases
 * (each also usable as a variant name, `llama-3-8b:prefill,prompt=512`, shared/workload/llm/names.ts). */
export function zooNames(): string[] {
  return Object.keys(ZOO);
}

/**
 * The zoo's names for a one-line message: runs of a family that differ only in a trailing letter-digit (EfficientNet
 * b0…b7) collapse to `efficientnet-b0…b7`, and the LLM bases follow "and the LLMs".
 */
export function zooListText(): string {
  const names = zooNames();
  const llms = names.filter((n) => Object.prototype.hasOwnProperty.call(LLM_ZOO, n));
  const rest = names.filter((n) => !llms.includes(n));
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const m = /^(.*-)([a-z])(\d+)$/.exec(rest[i]);
    let j = i;
    while (m && j + 1 < rest.length && rest[j + 1] === `${m[1]}${m[2]}${Number(m[3]) + (j + 1 - i)}`) j++;
    out.push(j > i + 1 ? `${rest[i]}…${m![2]}${Number(m![3]) + (j - i)}` : rest[i]);
    if (j > i + 1) i = j;
  }
  return llms.length ? `${out.join(', ')} and the LLMs ${llms.join(', ')}` : out.join(', ');
}

/** A zoo name: a CNN/BERT name, an LLM base, or an LLM variant name that parses (settings in range). */
export function isZooName(name: string): boolean {
  if (Object.prototype.hasOwnProperty.call(ZOO, name)) return true;
  const v = parseLlmVariant(name);
  return v !== null && !('error' in v);
}

/** A fresh copy of a zoo workload (an LLM variant's spec is named by its canonical variant name); an unknown name
 * throws a message listing the valid ones, a malformed LLM variant one line naming its problem. */
export function zooWorkload(name: string): WorkloadSpec {
  if (Object.prototype.hasOwnProperty.call(ZOO, name)) return ZOO[name]();
  const v = parseLlmVariant(name);
  if (v && 'error' in v) throw new Error(v.error);
  if (v) return llmWorkload(LLM_ZOO[v.base], v.settings);
  throw new Error(`unknown workload ${JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name)}; zoo workloads: ${zooListText()}`);
}
