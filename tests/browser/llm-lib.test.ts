// The page's LLM logic (issue 20) without workers: the variant name composed from Explore's controls (lib/llm.ts),
// picking a base, labels, the Search form's phase and SLO fields, and share links carrying variant names and SLOs
// (shared/url-state.ts).
import { describe, expect, it } from 'vitest';
import {
  canonicalWorkload, composeVariant, isLlmBase, llmBaseOf, llmBases, llmSelection, llmWorkloadLabel, pickBase, pickerValue, tokenKeys,
  tokenMax, withPhase,
} from '../../web/src/lib/llm';
import { workloadLabel, workloadSpec, zooNames } from '../../web/src/lib/workloads';
import { defaultForm, formFromStudy, studyInput } from '../../web/src/lib/search-form';
import { defaultUrlState, parseUrlState, serializeUrlState } from '../../shared/url-state';
import { normalizeStudy } from '../../shared/search/study-spec';
import { LLM_ZOO, llmVariantName, maxPrefillTokens } from '../../shared/workload/llm/index';

const BASES = ['gpt2-124m', 'qwen2.5-0.5b', 'llama-3.2-1b', 'llama-3-8b', 'mixtral-8x7b'];

describe('LLM variant names from the controls', () => {
  it('lists the five bases, which the pickers offer by base name', () => {
    expect(llmBases()).toEqual(BASES);
    for (const b of BASES) {
      expect(isLlmBase(b)).toBe(true);
      expect(zooNames()).toContain(b);
    }
    expect(isLlmBase('bert-base-128')).toBe(false);
    expect(isLlmBase('llama-3-8b:decode')).toBe(false);
  });

  it('selects a variant and writes it canonically: phase first, only the keys the phase uses, precisions when not bf16', () => {
    const bare = llmSelection('llama-3-8b')!;
    expect(bare.settings.phase).toBe('decode');
    expect(bare.settings.context).toBe(1024);
    expect(bare.name).toBe('llama-3-8b:decode,context=1024');
    expect(canonicalWorkload('llama-3-8b')).toBe('llama-3-8b:decode,context=1024');
    expect(canonicalWorkload('llama-3-8b:decode,kv=int8,context=2048')).toBe('llama-3-8b:decode,context=2048,kv=int8');
    expect(canonicalWorkload('efficientnet-b0')).toBe('efficientnet-b0');
    expect(llmSelection('efficientnet-b0')).toBeNull();
    expect(llmSelection('llama-3-8b:decode,context=999999')).toBeNull();
    expect(pickerValue('llama-3-8b:prefill,prompt=512')).toBe('llama-3-8b');
    expect(pickerValue('resnet50-v2')).toBe('resnet50-v2');

    const sel = llmSelection('llama-3-8b:decode,context=2048')!;
    expect(composeVariant(sel, { phase: 'prefill' })).toEqual({ name: 'llama-3-8b:prefill,prompt=1024' });
    expect(composeVariant(sel, { phase: 'request', output: 128 })).toEqual({ name: 'llama-3-8b:request,prompt=1024,output=128' });
    expect(composeVariant(sel, { weights: 'int8', kv: 'int8' })).toEqual({ name: 'llama-3-8b:decode,context=2048,weights=int8,kv=int8' });
    expect(composeVariant(sel, { weights: 'bf16' })).toEqual({ name: 'llama-3-8b:decode,context=2048' });
    expect(composeVariant(sel, { context: 4096 })).toEqual({ name: 'llama-3-8b:decode,context=4096' });
    // every composed name is the canonical form llmVariantName prints
    for (const phase of ['prefill', 'decode', 'request'] as const) {
      const r = composeVariant(sel, { phase, prompt: 256, context: 512, output: 64 });
      expect('name' in r && r.name).toBe(llmVariantName('llama-3-8b', { phase, prompt: 256, context: 512, output: 64 }));
    }
  });

  it('refuses a token count out of range with the model\'s one line naming the key and the range', () => {
    const gpt2 = llmSelection('gpt2-124m')!;
    expect(tokenMax(gpt2.config, 'context')).toBe(1024);
    const r = composeVariant(gpt2, { context: 2048 });
    expect('error' in r && r.error).toMatch(/context must be a whole number from 1 to 1024/);
    const q = composeVariant({ ...gpt2, settings: { ...gpt2.settings, phase: 'request' } }, { prompt: 1000, output: 100 });
    expect('error' in q && q.error).toMatch(/prompt \+ output must be at most 1024/);
    expect(composeVariant(gpt2, { context: 0 })).toHaveProperty('error');
    expect(tokenMax(LLM_ZOO['llama-3-8b'], 'prompt')).toBe(maxPrefillTokens(LLM_ZOO['llama-3-8b']));
    expect(tokenKeys('prefill')).toEqual(['prompt']);
    expect(tokenKeys('decode')).toEqual(['context']);
    expect(tokenKeys('request')).toEqual(['prompt', 'output']);
  });

  it('picking a base keeps the LLM settings shown before (within the new model\'s positions), else its default variant', () => {
    expect(pickBase('llama-3-8b', 'efficientnet-b0')).toBe('llama-3-8b:decode,context=1024');
    expect(pickBase('llama-3.2-1b', 'llama-3-8b:decode,context=4096,kv=int8')).toBe('llama-3.2-1b:decode,context=4096,kv=int8');
    // GPT-2 has 1,024 positions: the context is brought within them
    expect(pickBase('gpt2-124m', 'llama-3-8b:decode,context=4096')).toBe('gpt2-124m:decode,context=1024');
    // a request whose prompt + output cannot fit GPT-2 falls back to its default variant
    expect(pickBase('gpt2-124m', 'llama-3-8b:request,prompt=1024,output=256')).toBe('gpt2-124m:decode,context=1024');
    expect(pickBase('resnet50-v2', 'llama-3-8b:decode,context=4096')).toBe('resnet50-v2');
  });

  it('labels and generates variants for the views', () => {
    expect(workloadLabel('llama-3-8b')).toBe('Llama 3 8B');
    expect(workloadLabel('mixtral-8x7b')).toBe('Mixtral 8×7B');
    expect(llmWorkloadLabel('llama-3-8b:decode,context=2048,weights=int8')).toBe('Llama 3 8B (decode, context 2,048, int8 weights)');
    expect(llmWorkloadLabel('llama-3-8b:request,prompt=512,output=64')).toBe('Llama 3 8B (request, prompt 512, output 64)');
    expect(llmWorkloadLabel('resnet50-v2')).toBeNull();
    const w = workloadSpec('llama-3-8b:decode,context=2048');
    expect(w.name).toBe('llama-3-8b:decode,context=2048');
    expect(w.llm?.settings.context).toBe(2048);
    expect(() => workloadSpec('llama-3-8b:decode,context=0')).toThrow(/context/);
  });
});

describe('the Search form with an LLM', () => {
  it('changes a workload\'s phase and keeps its other settings; a non-LLM name is unchanged', () => {
    expect(withPhase('llama-3-8b:decode,context=2048,weights=int8', 'prefill')).toBe('llama-3-8b:prefill,prompt=1024,weights=int8');
    expect(withPhase('llama-3-8b', 'request')).toBe('llama-3-8b:request,prompt=1024,output=256');
    expect(withPhase('resnet50-v2', 'prefill')).toBe('resnet50-v2');
    expect(llmBaseOf('llama-3-8b:prefill,prompt=512')).toBe('llama-3-8b');
    expect(llmBaseOf('llama-3-8b')).toBe('llama-3-8b');
    expect(llmBaseOf('bert-base-128')).toBeNull();
  });

  it('gives the study its TPOT and TTFT SLOs in seconds and reads them back in ms', () => {
    const f = defaultForm('llama-3-8b:decode,context=2048');
    expect(studyInput(f)).not.toHaveProperty('tpotSloSeconds');
    f.tpotSloMs = 20;
    f.ttftSloMs = 2000;
    const s = studyInput(f);
    expect(s.tpotSloSeconds).toBeCloseTo(0.02, 15);
    expect(s.ttftSloSeconds).toBeCloseTo(2, 15);
    const back = formFromStudy(normalizeStudy(s));
    expect(back.tpotSloMs).toBeCloseTo(20, 12);
    expect(back.ttftSloMs).toBeCloseTo(2000, 12);
    expect(back.workloads[0].name).toBe('llama-3-8b:decode,context=2048');
  });
});

describe('share links with LLM workloads', () => {
  const opts = { workloads: zooNames() };
  it('round-trip a variant name in Explore, Compare and the Search study, SLOs included', () => {
    const w = 'llama-3-8b:decode,context=2048,kv=int8';
    const f = defaultForm(w);
    f.tpotSloMs = 25;
    f.ttftSloMs = 1500;
    const state = {
      ...defaultUrlState(opts), workload: w,
      compare: { designs: [{ preset: 'tpu-v3' as const, hardware: { ...defaultUrlState(opts).hardware }, passes: 'all' }], workloads: [w, 'qwen2.5-0.5b:prefill,prompt=512'], batch: 8 },
      search: studyInput(f),
    };
    const q = serializeUrlState(state);
    const r = parseUrlState(q, opts);
    expect(r.issues).toEqual([]);
    expect(r.state.workload).toBe(w);
    expect(r.state.compare?.workloads).toEqual([w, 'qwen2.5-0.5b:prefill,prompt=512']);
    expect(r.state.search?.workloads).toEqual([w]);
    expect(r.state.search?.tpotSloSeconds).toBeCloseTo(0.025, 15);
    expect(r.state.search?.ttftSloSeconds).toBeCloseTo(1.5, 15);
  });

  it('an LLM variant out of range is one line naming the setting; a bare base and an unknown name as before', () => {
    const bad = parseUrlState('?v=1&w=gpt2-124m:decode,context%3D4096', opts);
    expect(bad.issues).toHaveLength(1);
    expect(bad.issues[0]).toMatch(/gpt2-124m:decode,context=4096.*context must be a whole number from 1 to 1024/);
    expect(bad.state.workload).toBe(defaultUrlState(opts).workload);
    expect(parseUrlState('?v=1&w=llama-3-8b', opts).issues).toEqual([]);
    expect(parseUrlState('?v=1&w=llama-9-70b:decode', opts).issues[0]).toMatch(/does not have/);
  });
});
