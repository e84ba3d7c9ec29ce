// SCALE-Sim v2 memory-model specs and results (DRAM traffic, USER-mode stalls) and their schema.
// The layer is SCALE-Sim's conv row; a GEMM (M×K)·(K×N) is given as `gemm` and becomes SCALE-Sim's own encoding
// (IFMAP M×K, filter 1×K, 1 channel, N filters, stride 1). Model: docs/model.md §1.1, core: assembly/scalesim-memory.ts.
import { z } from 'zod';
import { MAX_ARRAY_EDGE, MAX_GEMM_DIM, type Dataflow } from './gemm';

export type ScalesimMemoryMode = 'CALC' | 'USER';

export interface ScalesimConvShape {
  ifmapHeight: number;
  ifmapWidth: number;
  filterHeight: number;
  filterWidth: number;
  channels: number;
  numFilters: number;
  stride: number;
}

export interface ScalesimGemmShape { m: number; n: number; k: number }

export interface ScalesimMemorySpec {
  /** Exactly one of `conv` (SCALE-Sim conv topology row) and `gemm` (SCALE-Sim GEMM row). */
  conv?: ScalesimConvShape;
  gemm?: ScalesimGemmShape;
  rows: number;
  cols: number;
  dataflow: Dataflow;
  /** Identical sub-layers run back to back, each with fresh SRAMs (SCALE-Sim's `DP` split); default 1. */
  sublayers?: number;
  /** SRAM sizes in words (SCALE-Sim: kB × 1024, 1-byte words). */
  ifmapSramWords: number;
  filterSramWords: number;
  ofmapSramWords: number;
  /** CALC (default): no stalls, DRAM traffic estimated. USER: `bandwidthWordsPerCycle` per interface, stalls. */
  mode?: ScalesimMemoryMode;
  bandwidthWordsPerCycle?: number;
}

export interface ScalesimMemoryResult {
  /** `work_limit`: valid but beyond the core's work budget (absurdly many folds, drains or window changes). */
  status: 'ok' | 'invalid_input' | 'work_limit';
  /** SCALE-Sim "Total Cycles": compute cycles plus stalls, summed over sub-layers. */
  totalCycles: number;
  stallCycles: number;
  dramIfmapReads: number;
  dramFilterReads: number;
  dramOfmapWrites: number;
  /** DETAILED_ACCESS_REPORT start/stop cycles of each DRAM interface, per sub-layer (negative: before cycle 0). */
  dramIfmapStartCycle: number;
  dramIfmapStopCycle: number;
  dramFilterStartCycle: number;
  dramFilterStopCycle: number;
  dramOfmapStartCycle: number;
  dramOfmapStopCycle: number;
  /** BANDWIDTH_REPORT: DRAM words / (stop − start + 1), per sub-layer. */
  avgIfmapDramWordsPerCycle: number;
  avgFilterDramWordsPerCycle: number;
  avgOfmapDramWordsPerCycle: number;
  /** Which outputs are approximations of SCALE-Sim (empty: all exact by construction). */
  approximate: Array<'dramIfmapReads' | 'stallCycles'>;
}

/** SRAM words the core accepts: SCALE-Sim cuts each SRAM into 100 sets, so at least 100 words. */
export const MIN_SRAM_WORDS = 100;
export const MAX_SRAM_WORDS = 2 ** 40;
export const MAX_BANDWIDTH_WORDS_PER_CYCLE = 2 ** 24;

const count = (name: string, max: number, min = 1) =>
  z.number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

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
  dataflow: z.enum(['os', 'ws', 'is'], { error: 'dataflow must be one of os, ws, is' }),
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
  const r = ScalesimMemorySpecSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.length ? `.${issue.path.join('.')}` : '';
    throw new Error(`${where}${path}: ${issue.message}`);
  }
  return r.data;
}

/** SCALE-Sim's conv encoding of a spec's layer (GEMM rows become IFMAP M×K, filter 1×K, 1 channel, stride 1). */
export function scalesimConvOf(spec: ScalesimMemorySpec): ScalesimConvShape {
  if (spec.conv) return spec.conv;
  const g = spec.gemm!;
  return { ifmapHeight: g.m, ifmapWidth: g.k, filterHeight: 1, filterWidth: g.k, channels: 1, numFilters: g.n, stride: 1 };
}
