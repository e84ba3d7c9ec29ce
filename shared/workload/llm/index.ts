// Decoder-only LLMs in the workload IR (issue 20): configs (the zoo's five and Hugging Face config.json imports),
// variant names carrying the settings, and the per-sequence graph generator for prefill and decode.
export {
  HF_MODEL_TYPES, KV_BYTES, KV_PRECISIONS, LLM_CONFIG_BOUNDS, LLM_PHASES, LLM_ZOO, MAX_LLM_TOKENS, WEIGHT_BYTES, WEIGHT_PRECISIONS,
  isHfConfig, isLlmBase, llmConfigConsistency, llmConfigFromHf, llmConfigProblem, sameLlmConfig,
  type KvPrecision, type LlmConfig, type LlmPhase, type WeightPrecision,
} from './config';
export {
  DEFAULT_LLM_SETTINGS, PHASE_KEYS, fullLlmSettings, llmSettingsProblem, llmVariantName, maxContextTokens, maxPrefillTokens,
  parseLlmVariant, splitWorkloadList, type LlmSettings,
} from './names';
export { llmKvBytesPerToken, llmParamCounts, llmPhaseSpec, llmWorkload, withLlmSettings } from './generate';
export type { LlmInfo } from '../types';
