// The schema of SCALE-Sim v2 memory-model specs (DRAM traffic, USER-mode stalls); the record types live with the
// core (shared/core/records.ts) and are re-exported here.
// The layer is SCALE-Sim's conv row; a GEMM (M×K)·(K×N) is given as `gemm` and becomes SCALE-Sim's own encoding
// (IFMAP M×K, filter 1×K, 1 channel, N filters, stride 1). Model: docs/model.md §1.1, core: assembly/scalesim-memory.ts.
import { z } from 'zod';
import { MAX_ARRAY_EDGE, MAX_BANDWIDTH_WORDS_PER_CYCLE, MAX_GEMM_DIM, MAX_SRAM_WORDS, MIN_SRAM_WORDS } from '../core/limits';
import { DATAFLOWS, type ScalesimMemorySpec } from '../core/records';
export type { ScalesimMemoryResult, ScalesimMemorySpec } from '../core/records';
import { count, parseSpec } from './gemm';


const ConvSchema = z.object({
  ifmapHeight: count('conv.ifmapHeight', MAX_GEMM_DIM),
  ifmapWidth: count('conv.ifmapWidth', MAX_GEMM_DIM),
  filterHeight: count('conv.filterHeight', MAX_GEMM_DIM),
  filterWidth: count('conv.filterWidth', MAX_GEMM_DIM),
  channels: count('conv.channels', MAX_GEMM_DIM),
  numFilters: count('conv.numFilters', MAX_GEMM_DIM),
  stride: count('conv.stride', MAX_GEMM_DIM),
}).refine((c) => c.filterHeight <= c.ifmapHeight && c.filterWidth <= c.ifmapWidth,
  { error: 'conv: the filter must fit in the ifmap (filterHeight ≤ ifmapHeight, filterWidth ≤ ifmapWidth)' });

export const ScalesimMemorySpecSchema = z.object({
  conv: ConvSchema.optional(),
  gemm: z.object({ m: count('gemm.m', MAX_GEMM_DIM), n: count('gemm.n', MAX_GEMM_DIM), k: count('gemm.k', MAX_GEMM_DIM) }).optional(),
  rows: count('rows (array rows)', MAX_ARRAY_EDGE),
  cols: count('cols (array columns)', MAX_ARRAY_EDGE),
  dataflow: z.enum(DATAFLOWS, { error: `dataflow must be one of ${DATAFLOWS.join(', ')}` }),
  sublayers: count('sublayers', MAX_GEMM_DIM).optional(),
  ifmapSramWords: count('ifmapSramWords', MAX_SRAM_WORDS, MIN_SRAM_WORDS),
  filterSramWords: count('filterSramWords', MAX_SRAM_WORDS, MIN_SRAM_WORDS),
  ofmapSramWords: count('ofmapSramWords', MAX_SRAM_WORDS, MIN_SRAM_WORDS),
  mode: z.enum(['CALC', 'USER'], { error: 'mode must be CALC or USER' }).optional(),
  bandwidthWordsPerCycle: count('bandwidthWordsPerCycle', MAX_BANDWIDTH_WORDS_PER_CYCLE).optional(),
}).refine((s) => (s.conv === undefined) !== (s.gemm === undefined), { error: 'give exactly one of conv and gemm' })
  .refine((s) => s.mode !== 'USER' || s.bandwidthWordsPerCycle !== undefined,
    { error: 'bandwidthWordsPerCycle is required in USER mode (SCALE-Sim Bandwidth, words/cycle)' });

/** Validate one spec; throws an Error whose message names the field and the allowed range. */
export function parseScalesimMemorySpec(value: unknown, where = 'scalesimMemory'): ScalesimMemorySpec {
  return parseSpec(ScalesimMemorySpecSchema, value, where);
}
