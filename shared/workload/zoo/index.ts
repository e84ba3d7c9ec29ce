// The zoo registry: every built-in workload by its exact name (docs/model.md §2.2), each generated on demand
// from its architecture's definition (deterministic, a fresh object per call). The decoder-only LLMs (gpt2-124m,
// qwen2.5-0.5b, llama-3.2-1b, llama-3-8b, mixtral-8x7b) are listed by base name, each its default variant (decode
// at context 1024); their variant names (`llama-3-8b:prefill,prompt=512`) are resolved by shared/workload/index.ts's
// isZooName/zooWorkload through ../llm/ (parseLlmVariant).
import type { WorkloadSpec } from '../types';
import { efficientnet } from './efficientnet';
import { resnet50v2, resnet50v15 } from './resnet';
import { ssdResnet34 } from './ssd';
import { bert } from './bert';
import { mobilenetV2 } from './mobilenet';
import { teachingCnn } from './teaching';
import { DEFAULT_LLM_SETTINGS, LLM_ZOO, llmWorkload } from '../llm/index';

const llm = (base: string) => () => llmWorkload(LLM_ZOO[base], { ...DEFAULT_LLM_SETTINGS });

export const ZOO: Readonly<Record<string, () => WorkloadSpec>> = {
  'efficientnet-b0': () => efficientnet('b0'),
  'efficientnet-b1': () => efficientnet('b1'),
  'efficientnet-b2': () => efficientnet('b2'),
  'efficientnet-b3': () => efficientnet('b3'),
  'efficientnet-b4': () => efficientnet('b4'),
  'efficientnet-b5': () => efficientnet('b5'),
  'efficientnet-b6': () => efficientnet('b6'),
  'efficientnet-b7': () => efficientnet('b7'),
  'resnet50-v2': resnet50v2,
  'resnet50-v1.5': resnet50v15,
  'ssd-resnet34': ssdResnet34,
  'bert-base-128': () => bert('base', 128),
  'bert-base-1024': () => bert('base', 1024),
  'bert-large-128': () => bert('large', 128),
  'bert-large-1024': () => bert('large', 1024),
  'mobilenet-v2': mobilenetV2,
  'teaching-cnn': teachingCnn,
  ...Object.fromEntries(Object.keys(LLM_ZOO).map((base) => [base, llm(base)])),
};

export { efficientnet, resnet50v2, resnet50v15, ssdResnet34, bert, mobilenetV2, teachingCnn };
