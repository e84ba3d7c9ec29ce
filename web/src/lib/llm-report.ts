// What Explore shows of an LLM report (issue 20): the report's `llm` metrics in words (shared/api/llm.ts LlmReport),
// the capacity banner (SimulateReport.memory against the design's DRAM), and the serving curve's points as chart data
// (bound-coloured segments, the design's batch, the first batch that does not fit). Pure: every number comes from the
// model's reports.
import type { LlmReport, ServingCurvePoint } from '../../../shared/api/llm';
import type { SimulateReport } from '../../../shared/api/simulate';
import { binaryBytes, joules, num, seconds, sig } from './format';

// ------------------------------------------------------------------------------------------------ metrics in words

export interface LlmMetric {
  id: string;
  label: string;
  /** A glossary id for the label ([[id|label]] in the page). */
  term?: string;
  value: string;
  /** The raw number (tests, data attributes). */
  raw: number;
  /** One line: what the number is. */
  explain: string;
}

/**
 * The LLM metrics of a report, each with a one-line explanation. `now` has the design's TDP and energy per token as
 * they are now (a cost-only change re-prices tokens/s per W and energy at once, as the totals re-price Perf/TDP and
 * energy per inference: ExploreState.llmEnergyPerToken); the rest are the report's.
 */
export function llmMetrics(l: LlmReport, now: { tdpWatts: number; energyPerTokenJoules: number }): LlmMetric[] {
  const { tdpWatts } = now;
  const out: LlmMetric[] = [];
  const phase = l.phase;
  const perSeq = phase === 'prefill' ? `the ${num(l.prompt)}-token prompt` : 'one token';
  if (l.ttftSeconds !== undefined && l.ttftSeconds !== null && Number.isFinite(l.ttftSeconds)) {
    out.push({ id: 'ttft', label: 'TTFT', term: 'ttft', value: seconds(l.ttftSeconds), raw: l.ttftSeconds,
      explain: `Time to first token: the prefill of ${num(l.prompt)} prompt tokens for all ${num(l.batch)} sequences of the batch.` });
  }
  if (l.tpotSeconds !== undefined && l.tpotSeconds !== null && Number.isFinite(l.tpotSeconds)) {
    out.push({ id: 'tpot', label: 'TPOT', term: 'tpot', value: seconds(l.tpotSeconds), raw: l.tpotSeconds,
      explain: `Time per output token: one decode step, ${perSeq} for each of the ${num(l.batch)} sequences, attending to ${num(phase === 'request' ? l.prompt + l.output / 2 : l.context)} cached tokens.` });
  }
  if (phase === 'request' && l.requestSeconds !== undefined && Number.isFinite(l.requestSeconds)) {
    out.push({ id: 'request', label: 'Request', value: seconds(l.requestSeconds), raw: l.requestSeconds,
      explain: `The whole request: TTFT plus ${num(l.output)} decode steps.` });
  }
  out.push({ id: 'tokens', label: 'Tokens / s', value: sig(l.tokensPerSecond), raw: l.tokensPerSecond,
    explain: phase === 'prefill' ? 'Prompt tokens the batch processes per second.' : 'Output tokens the whole batch produces per second.' });
  const perW = l.tokensPerSecond / tdpWatts;
  out.push({ id: 'tokens-per-watt', label: 'Tokens / s / W', term: 'tdp', value: sig(perW), raw: perW,
    explain: 'Tokens per second per watt of the design\'s TDP (the serving objective of the search).' });
  out.push({ id: 'energy-per-token', label: 'Energy / token', value: joules(now.energyPerTokenJoules), raw: now.energyPerTokenJoules,
    explain: 'Energy of the simulated activity per token, priced with the table that prices TDP.' });
  out.push({ id: 'kv-per-token', label: 'KV / token', term: 'kv-cache', value: binaryBytes(l.kvBytesPerToken), raw: l.kvBytesPerToken,
    explain: 'Keys and values kept per token of context, over all layers: 2 × layers × KV heads × head dim × bytes.' });
  out.push({ id: 'kv-cache', label: 'KV cache', term: 'kv-cache', value: binaryBytes(l.kvCacheBytes), raw: l.kvCacheBytes,
    explain: `The cache of the whole batch: ${num(l.batch)} sequences × their context × the bytes per token.` });
  out.push({ id: 'weights', label: 'Weights', value: binaryBytes(l.weightBytes), raw: l.weightBytes,
    explain: 'All the model\'s weights at their precision: read from DRAM once per step, whatever the batch.' });
  out.push({ id: 'intensity', label: 'Intensity', term: 'arithmetic-intensity', value: `${sig(l.arithmeticIntensity)} FLOP/B`, raw: l.arithmeticIntensity,
    explain: `FLOPs per byte of DRAM traffic, against the design's ridge point of ${sig(l.ridgePoint)} FLOP/B (peak FLOP/s ÷ DRAM bytes/s).` });
  out.push({ id: 'bound', label: 'Bound', value: l.bound === 'memory' ? 'memory' : 'compute', raw: l.bound === 'memory' ? 0 : 1,
    explain: l.bound === 'memory'
      ? 'Most cycles wait for DRAM: more bandwidth (or a larger batch) helps, more MACs do not.'
      : 'Most cycles are the arrays\' and vector unit\'s work: more compute helps, more bandwidth does not.' });
  return out;
}

// ------------------------------------------------------------------------------------------------ capacity

export type MemoryReport = NonNullable<SimulateReport['memory']>;

/**
 * The capacity banner: null when the workload fits the design's DRAM, else one sentence saying what needs how much
 * and what the design has (LLMs name the KV cache; other workloads their inputs).
 */
export function capacityProblem(m: MemoryReport | undefined, llm: boolean): string | null {
  if (!m || m.fits) return null;
  const kv = llm ? m.kvCacheBytes : 0;
  const other = m.inputBytes - kv;
  const parts = [
    `weights ${binaryBytes(m.weightBytes)}`,
    ...(kv > 0 ? [`KV cache ${binaryBytes(kv)}`] : []),
    ...(other > 0 || kv === 0 ? [`${kv > 0 ? 'other inputs' : 'inputs'} ${binaryBytes(other)}`] : []),
    `activations ${binaryBytes(m.activationBytes)}`,
  ];
  return `Does not fit: the batch needs ${binaryBytes(m.footprintBytes)} of DRAM (${parts.join(', ')}) but the design has ${binaryBytes(m.capacityBytes)}.`;
}

// ------------------------------------------------------------------------------------------------ serving curve

export interface CurveMark {
  batch: number;
  /** TPOT in milliseconds (x). */
  tpotMs: number;
  tokensPerSecond: number;
  tokensPerSecondPerWatt: number;
  bound: 'memory' | 'compute';
  fits: boolean;
  memoryShare: number;
  computeShare: number;
  current: boolean;
}

export interface CurveSegment { from: number; to: number; bound: 'memory' | 'compute' }

export interface CurveData {
  marks: CurveMark[];
  /** Consecutive fitting points, each segment coloured by the bound at its larger batch. */
  segments: CurveSegment[];
  /** The first batch that does not fit the design's DRAM (null: every point fits). */
  firstMisfit: number | null;
  /** The current batch is on the curve (a power of two that fits). */
  currentOnCurve: boolean;
  domainX: [number, number];
  domainY: [number, number];
}

export const BOUND_COLORS = { memory: '#D55E00', compute: '#0072B2' } as const;

/**
 * The serving curve's points as chart data: marks, bound-coloured segments, the first misfit and the domains. With
 * `tdpWatts` (the design's TDP as it is now) tokens/s per W is re-priced, as a cost-only change re-prices Perf/TDP.
 */
export function servingCurveData(points: readonly ServingCurvePoint[], currentBatch: number, tdpWatts?: number): CurveData {
  const marks: CurveMark[] = points.map((p) => ({
    batch: p.batch, tpotMs: p.tpotSeconds * 1e3, tokensPerSecond: p.tokensPerSecond,
    tokensPerSecondPerWatt: tdpWatts !== undefined && tdpWatts > 0 ? p.tokensPerSecond / tdpWatts : p.tokensPerSecondPerWatt,
    bound: p.bound, fits: p.fits, memoryShare: p.memoryShare, computeShare: p.computeShare, current: p.batch === currentBatch,
  }));
  const segments: CurveSegment[] = [];
  for (let i = 1; i < marks.length; i++) {
    if (marks[i - 1].fits && marks[i].fits) segments.push({ from: i - 1, to: i, bound: marks[i].bound });
  }
  const misfit = marks.find((m) => !m.fits);
  const finite = marks.filter((m) => Number.isFinite(m.tpotMs) && Number.isFinite(m.tokensPerSecond) && m.tokensPerSecond > 0);
  const xs = finite.map((m) => m.tpotMs);
  const ys = finite.map((m) => m.tokensPerSecond);
  const domainX: [number, number] = xs.length ? [0, Math.max(...xs) * 1.08] : [0, 1];
  const lo = ys.length ? Math.min(...ys) : 1;
  const hi = ys.length ? Math.max(...ys) : 10;
  const domainY: [number, number] = [lo / 1.4, hi === lo ? hi * 2 : hi * 1.4];
  return {
    marks, segments, firstMisfit: misfit ? misfit.batch : null,
    currentOnCurve: marks.some((m) => m.current && m.fits), domainX, domainY,
  };
}
