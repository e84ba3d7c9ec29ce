// The Search form's command line for LLM studies (web/src/lib/llm.ts cliWorkloadArgs): the CLI splits --workload on
// commas, so an LLM variant goes as its base with the LLM flags; those flags, read as `fast search` reads them
// (cli/llm-args.ts), compose the same variant name back. LLMs with different settings cannot share one command: null.
import { describe, expect, it } from 'vitest';
import { cliWorkloadArgs } from '../../web/src/lib/llm';
import { llmSettingsFromFlags } from '../../cli/llm-args';
import { llmVariantName } from '../../shared/workload/llm/index';

const FLAG_KEYS: Record<string, string> = {
  '--phase': 'phase', '--prompt': 'prompt', '--context': 'context', '--output': 'output', '--weight-precision': 'weightPrecision', '--kv-precision': 'kvPrecision',
};

/** The variant names the printed arguments give, as the CLI composes them. */
function roundTrip(args: string): string[] {
  const words = args.split(' ');
  expect(words[0]).toBe('--workload');
  const flags: Record<string, string> = {};
  for (let i = 2; i < words.length; i += 2) flags[FLAG_KEYS[words[i]]] = words[i + 1];
  const s = llmSettingsFromFlags(flags);
  return words[1].split(',').map((base) => (s ? llmVariantName(base, s.settings) : base));
}

describe('cliWorkloadArgs', () => {
  it('leaves non-LLM workloads as they are', () => {
    expect(cliWorkloadArgs(['efficientnet-b0', 'bert-base-128'])).toBe('--workload efficientnet-b0,bert-base-128');
  });
  it('prints an LLM variant as its base and flags that compose the same variant', () => {
    for (const name of ['gpt2-124m:decode,context=1024', 'llama-3-8b:prefill,prompt=512', 'qwen2.5-0.5b:request,prompt=256,output=64,weights=int8,kv=int8']) {
      const args = cliWorkloadArgs([name])!;
      expect(args).not.toContain(':');
      expect(roundTrip(args)).toEqual([name]);
    }
    expect(cliWorkloadArgs(['gpt2-124m:decode,context=1024'])).toBe('--workload gpt2-124m --phase decode --context 1024');
  });
  it('several LLMs with the same settings share the flags; different settings give null', () => {
    const same = cliWorkloadArgs(['qwen2.5-0.5b:decode,context=2048', 'llama-3.2-1b:decode,context=2048'])!;
    expect(roundTrip(same)).toEqual(['qwen2.5-0.5b:decode,context=2048', 'llama-3.2-1b:decode,context=2048']);
    expect(cliWorkloadArgs(['qwen2.5-0.5b:decode,context=2048', 'llama-3.2-1b:decode,context=1024'])).toBeNull();
  });
});
