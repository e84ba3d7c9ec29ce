// LLM serving metrics from the model's own simulations (docs/model.md §9.3–9.5): TTFT (the prefill latency of the
// batch), TPOT (the decode step latency), a request composed as TTFT + output × TPOT, tokens/s, tokens/s per watt of
// TDP, energy per token (shared/hardware/energy.ts), the KV cache and weight bytes, arithmetic intensity against the
// design's ridge point, and which of memory or compute the model's cycles are bound by. `simulateLlm` is `fast
// simulate`'s and the worker API's simulation: simulate() plus the `llm` field when the workload is an LLM.
// `servingCurve` is decode at batch 1, 2, 4, … while the footprint fits the design's DRAM (the page's serving curve,
// the worker API's llmServingCurve). `servingExplanation` says, from the model's numbers, why a searched design
// serves better than tpu-v3 (`fast search --tpot-slo …`).
import type { LegacyHighs } from 'highs';
import type { Core } from '../core/loader';
import {
  BATCH_RANGE, COEFFICIENTS, dramBytesPerSecond, dramCapacityBytes, hardwareCost, peakFlopsPerSecond, type CoefficientTable,
  type HardwareSpec,
} from '../hardware';
import { llmPhaseSpec, workloadFootprint, type LlmPhase, type WorkloadSpec } from '../workload';
import { ALL_PASSES, type PassSet } from '../compiler/passes';
import type { Bound } from '../core/records';
import { simulate, type SimulateReport, type SimulateRequest } from './simulate';

/** Which of the two the model's cycles are mostly spent on (docs/model.md §9.3). */
export type LlmBound = 'memory' | 'compute';

export interface LlmReport {
  phase: LlmPhase;
  batch: number;
  prompt: number;
  context: number;
  output: number;
  /** Prefill latency of the batch: the time to the first token (prefill and request). */
  ttftSeconds?: number;
  /** Decode step latency: the time per output token (decode and request; a request's at its mean context). */
  tpotSeconds?: number;
  /** A request: ttftSeconds + output × tpotSeconds. */
  requestSeconds?: number;
  /** Tokens per second of the batch: decode batch ÷ TPOT; prefill batch·prompt ÷ TTFT; request batch·output ÷ requestSeconds. */
  tokensPerSecond: number;
  /** tokensPerSecond ÷ the design's TDP. */
  tokensPerSecondPerWatt: number;
  /** Energy (shared/hardware/energy.ts) per token: per generated token (decode, request) or per prompt token (prefill). */
  energyPerTokenJoules: number;
  /** KV cache bytes per token per sequence, all layers (K and V). */
  kvBytesPerToken: number;
  /** KV cache of the batch at its largest: decode batch·context, prefill batch·prompt, request batch·(prompt + output) tokens. */
  kvCacheBytes: number;
  /** Weight bytes of the model at its weight precision. */
  weightBytes: number;
  /** FLOP (2 per MAC) per byte of simulated DRAM traffic (a request: both phases, decode × output). */
  arithmeticIntensity: number;
  /** The design's peak FLOP/s ÷ its DRAM bytes/s: the intensity above which a roofline turns compute-bound. */
  ridgePoint: number;
  /** Shares of the model's cycles bound by memory (DRAM, GMEM, local) and by compute (the arrays and the vector unit). */
  memoryShare: number;
  computeShare: number;
  bound: LlmBound;
  /** A request's two simulations (its top-level report is the decode graph's). */
  phases?: { prefill: SimulateReport; decode: SimulateReport };
}

/** Memory and compute shares of a run's cycles, and the bound they make (overhead cycles count for neither). */
export function boundOf(cyclesByBound: Record<Bound, number>): { memoryShare: number; computeShare: number; bound: LlmBound } {
  const total = cyclesByBound.compute + cyclesByBound.vector + cyclesByBound.memory + cyclesByBound.overhead;
  const memoryShare = total > 0 ? cyclesByBound.memory / total : 0;
  const computeShare = total > 0 ? (cyclesByBound.compute + cyclesByBound.vector) / total : 0;
  return { memoryShare, computeShare, bound: memoryShare > computeShare ? 'memory' : 'compute' };
}

const addBounds = (a: Record<Bound, number>, b: Record<Bound, number>, times: number): Record<Bound, number> => ({
  compute: a.compute + times * b.compute, vector: a.vector + times * b.vector, memory: a.memory + times * b.memory, overhead: a.overhead + times * b.overhead,
});

/**
 * The LLM metrics of a simulated LLM workload (`report` is `req`'s simulation). A request simulates its prefill graph
 * too (llmPhaseSpec) and composes the two. Throws when the workload is not an LLM.
 */
export function llmReport(core: Core, highs: LegacyHighs | undefined, req: SimulateRequest, report: SimulateReport): LlmReport {
  const info = req.workload.llm;
  if (!info) throw new Error(`${req.workload.name} is not an LLM workload`);
  const { phase, prompt, context, output } = info.settings;
  const batch = report.batch;
  const ridgePoint = peakFlopsPerSecond(req.hardware) / dramBytesPerSecond(req.hardware);
  const intensity = (macs: number, bytes: number) => (bytes > 0 ? (2 * macs) / bytes : Infinity);
  const base = { phase, batch, prompt, context, output, kvBytesPerToken: info.kvBytesPerToken, weightBytes: info.weightBytes, ridgePoint };
  const perW = (tokensPerSecond: number) => tokensPerSecond / report.tdpWatts;
  if (phase === 'request') {
    const prefill = simulate(core, highs, { ...req, batch, workload: llmPhaseSpec(req.workload, 'prefill') });
    const ttftSeconds = prefill.latencySeconds, tpotSeconds = report.latencySeconds;
    const requestSeconds = ttftSeconds + output * tpotSeconds;
    const tokensPerSecond = (batch * output) / requestSeconds;
    return {
      ...base, ttftSeconds, tpotSeconds, requestSeconds, tokensPerSecond, tokensPerSecondPerWatt: perW(tokensPerSecond),
      // Per sequence: the prefill's energy and `output` decode steps', over the output tokens.
      energyPerTokenJoules: (prefill.energy.joulesPerInference + output * report.energy.joulesPerInference) / output,
      kvCacheBytes: info.kvBytesPerToken * (prompt + output) * batch,
      arithmeticIntensity: intensity(prefill.totals.macs + output * report.totals.macs, prefill.totals.dramBytes + output * report.totals.dramBytes),
      ...boundOf(addBounds(prefill.cyclesByBound, report.cyclesByBound, output)),
      phases: { prefill, decode: report },
    };
  }
  const arithmeticIntensity = intensity(report.totals.macs, report.totals.dramBytes);
  if (info.graphPhase === 'prefill') {
    const tokensPerSecond = (batch * prompt) / report.latencySeconds;
    return {
      ...base, ttftSeconds: report.latencySeconds, tokensPerSecond, tokensPerSecondPerWatt: perW(tokensPerSecond),
      energyPerTokenJoules: report.energy.joulesPerInference / prompt, kvCacheBytes: info.kvBytesPerToken * prompt * batch,
      arithmeticIntensity, ...boundOf(report.cyclesByBound),
    };
  }
  const tokensPerSecond = batch / report.latencySeconds;
  return {
    ...base, tpotSeconds: report.latencySeconds, tokensPerSecond, tokensPerSecondPerWatt: perW(tokensPerSecond),
    energyPerTokenJoules: report.energy.joulesPerInference, kvCacheBytes: info.kvBytesPerToken * context * batch,
    arithmeticIntensity, ...boundOf(report.cyclesByBound),
  };
}

/** `fast simulate`'s and the worker API's simulation: simulate(), with `llm` attached when the workload is an LLM. */
export function simulateLlm(core: Core, highs: LegacyHighs | undefined, req: SimulateRequest): SimulateReport {
  const report = simulate(core, highs, req);
  if (!req.workload.llm) return report;
  return { ...report, llm: llmReport(core, highs, req, report) };
}

// ------------------------------------------------------------------------------------------------ serving curve

export interface ServingCurvePoint {
  batch: number;
  /** Decode step latency at this batch. */
  tpotSeconds: number;
  /** batch ÷ TPOT. */
  tokensPerSecond: number;
  tokensPerSecondPerWatt: number;
  memoryShare: number;
  computeShare: number;
  bound: LlmBound;
  /** Weights + KV cache + activations (workloadFootprint) at this batch. */
  footprintBytes: number;
  /** Whether the footprint fits the design's DRAM: the curve stops at the first batch that does not. */
  fits: boolean;
}

export interface ServingCurveReport {
  /** The decode graph's workload name. */
  workload: string;
  hardware: string;
  context: number;
  capacityBytes: number;
  tdpWatts: number;
  ridgePoint: number;
  points: ServingCurvePoint[];
}

/** A serving-curve request as it crosses a worker boundary (the worker API's llmServingCurve; the page's serving curve). */
export interface ServingCurveMessage {
  /** An LLM zoo name (a variant name such as `llama-3-8b:decode,context=2048`) or an LLM WorkloadSpec. */
  workload: string | unknown;
  /** A preset name or a HardwareSpec (partial specs over `"base": "<preset>"` accepted). */
  hardware: string | unknown;
  hardwareName?: string;
  /** `all` (default), `none`, or a comma list of passes. */
  passes?: string;
  /** Batches to simulate (default 1, 2, 4, … up to the batch row's maximum). */
  batches?: number[];
}

export interface ServingCurveRequest {
  workload: WorkloadSpec;
  hardware: HardwareSpec;
  hardwareName?: string;
  passes?: PassSet;
  /** Batches to simulate (default 1, 2, 4, … up to the batch row's maximum); the curve stops after the first that does not fit. */
  batches?: number[];
}

/** The default batches of a serving curve: the powers of two of the batch row. */
export function servingBatches(max = BATCH_RANGE.max): number[] {
  const out: number[] = [];
  for (let b = 1; b <= max; b *= 2) out.push(b);
  return out;
}

/**
 * Decode at growing batches (the classic serving trade-off: throughput against TPOT), each point's bound from the
 * model's cycle shares. The first batch whose footprint does not fit the design's DRAM ends the curve, marked
 * `fits: false` (still simulated, so a chart can show where it would lie).
 */
export function servingCurve(core: Core, highs: LegacyHighs | undefined, req: ServingCurveRequest): ServingCurveReport {
  const info = req.workload.llm;
  if (!info) throw new Error(`${req.workload.name} is not an LLM workload (the serving curve is decode's)`);
  const decode = info.graphPhase === 'decode' ? req.workload : llmPhaseSpec(req.workload, 'decode');
  const passes = req.passes ?? ALL_PASSES;
  const capacityBytes = dramCapacityBytes(req.hardware);
  const tdpWatts = hardwareCost(req.hardware).tdpWatts;
  const batches = [...new Set(req.batches ?? servingBatches())].sort((a, b) => a - b);
  const points: ServingCurvePoint[] = [];
  for (const batch of batches) {
    const r = simulate(core, highs, { workload: decode, hardware: { ...req.hardware, batch }, hardwareName: 'design', batch, passes });
    const footprintBytes = workloadFootprint(decode, batch).totalBytes;
    const fits = footprintBytes <= capacityBytes;
    const tokensPerSecond = batch / r.latencySeconds;
    points.push({
      batch, tpotSeconds: r.latencySeconds, tokensPerSecond, tokensPerSecondPerWatt: tokensPerSecond / tdpWatts,
      ...boundOf(r.cyclesByBound), footprintBytes, fits,
    });
    if (!fits) break;
  }
  return {
    workload: decode.name, hardware: req.hardwareName ?? 'design', context: decode.llm!.contextTokens, capacityBytes, tdpWatts,
    ridgePoint: peakFlopsPerSecond(req.hardware) / dramBytesPerSecond(req.hardware), points,
  };
}

// ------------------------------------------------------------------------------------------------ serving search

/** The serving SLOs of a study (seconds); either may be absent. */
export interface ServingSlos { tpotSeconds?: number; ttftSeconds?: number }

/** The graphs an LLM workload's SLOs are measured on: its decode graph (TPOT) and its prefill graph (TTFT). */
export function sloGraphs(w: WorkloadSpec): { decode: WorkloadSpec; prefill: WorkloadSpec } {
  const info = w.llm;
  if (!info) throw new Error(`${w.name} is not an LLM workload`);
  return {
    decode: info.graphPhase === 'decode' ? w : llmPhaseSpec(w, 'decode'),
    prefill: info.graphPhase === 'prefill' ? w : llmPhaseSpec(w, 'prefill'),
  };
}

/** One side of the explanation: a design at its batch, as the model simulates it. */
export interface ServingSide {
  batch: number;
  /** Decode step latency (when the study's graph is a decode graph or a TPOT SLO is set). */
  tpotSeconds?: number;
  ttftSeconds?: number;
  /** Memory-bound share of the study graph's cycles. */
  memoryShare: number;
  tokensPerSecond: number;
  tokensPerSecondPerWatt: number;
  tdpWatts: number;
  dramBytesPerSecond: number;
  capacityBytes: number;
  footprintBytes: number;
}

export interface ServingExplanation {
  workload: string;
  slos: ServingSlos;
  design: ServingSide;
  baseline: ServingSide;
  /** design ÷ baseline. */
  ratios: { batch: number; dramBandwidth: number; capacity: number; tdp: number; tokensPerSecond: number; tokensPerSecondPerWatt: number };
  /** The explanation in a few lines (what `fast search` prints). */
  lines: string[];
}

export interface ServingExplanationRequest {
  workload: WorkloadSpec;
  design: HardwareSpec;
  batch: number;
  baseline: HardwareSpec;
  baselineBatch: number;
  baselinePasses: PassSet;
  slos: ServingSlos;
  table?: CoefficientTable;
}

/**
 * Why the searched design serves better than tpu-v3, from the model's numbers: each side simulated at its own batch
 * (the design with all passes, tpu-v3 with the baseline software), its TPOT and TTFT against the SLOs, DRAM bandwidth
 * and capacity, TDP, and how much of the decode step is memory-bound.
 */
export function servingExplanation(core: Core, highs: LegacyHighs | undefined, req: ServingExplanationRequest): ServingExplanation {
  const { decode, prefill } = sloGraphs(req.workload);
  const w = req.workload, info = w.llm!;
  const table = req.table ?? COEFFICIENTS;
  // The study's own graph (what its objective measured): tokens per sequence it makes or reads — a decode step makes
  // one; a prefill reads the prompt.
  const tokensPerSequence = info.graphPhase === 'prefill' ? info.settings.prompt : 1;
  const side = (h: HardwareSpec, batch: number, passes: PassSet): ServingSide => {
    const hardware = { ...h, batch };
    const run = (g: WorkloadSpec) => simulate(core, highs, { workload: g, hardware, hardwareName: 'design', batch, passes });
    const own = run(w);
    const tpot = decode === w ? own.latencySeconds : req.slos.tpotSeconds !== undefined || info.settings.phase !== 'prefill' ? run(decode).latencySeconds : undefined;
    const ttft = prefill === w ? own.latencySeconds : req.slos.ttftSeconds !== undefined || info.settings.phase === 'request' ? run(prefill).latencySeconds : undefined;
    const tdpWatts = hardwareCost(hardware, table).tdpWatts;
    const tokensPerSecond = (batch * tokensPerSequence) / own.latencySeconds;
    return {
      batch, ...(tpot !== undefined ? { tpotSeconds: tpot } : {}), ...(ttft !== undefined ? { ttftSeconds: ttft } : {}),
      memoryShare: boundOf(own.cyclesByBound).memoryShare, tokensPerSecond, tokensPerSecondPerWatt: tokensPerSecond / tdpWatts, tdpWatts,
      dramBytesPerSecond: dramBytesPerSecond(hardware), capacityBytes: dramCapacityBytes(hardware), footprintBytes: workloadFootprint(w, batch).totalBytes,
    };
  };
  const design = side(req.design, req.batch, ALL_PASSES);
  const baseline = side(req.baseline, req.baselineBatch, req.baselinePasses);
  const ratios = {
    batch: design.batch / baseline.batch, dramBandwidth: design.dramBytesPerSecond / baseline.dramBytesPerSecond,
    capacity: design.capacityBytes / baseline.capacityBytes, tdp: design.tdpWatts / baseline.tdpWatts,
    tokensPerSecond: design.tokensPerSecond / baseline.tokensPerSecond, tokensPerSecondPerWatt: design.tokensPerSecondPerWatt / baseline.tokensPerSecondPerWatt,
  };
  const x = (v: number) => `${Number(v.toPrecision(3))}×`;
  const ms = (s: number) => `${Number((s * 1e3).toPrecision(3))} ms`;
  const gib = (b: number) => `${Number((b / 2 ** 30).toPrecision(3))} GiB`;
  const tbs = (b: number) => `${Number((b / 1e12).toPrecision(3))} TB/s`;
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const slo = (v: number, limit: number | undefined) => (limit === undefined ? ms(v) : `${ms(v)} (SLO ${ms(limit)})`);
  const sloLine = (s: ServingSide) => [...(s.tpotSeconds !== undefined ? [`TPOT ${slo(s.tpotSeconds, req.slos.tpotSeconds)}`] : []),
    ...(s.ttftSeconds !== undefined ? [`TTFT ${slo(s.ttftSeconds, req.slos.ttftSeconds)}`] : [])].join(', ');
  const what = info.graphPhase === 'prefill' ? 'prompt tokens/s' : 'tokens/s';
  const graph = info.settings.phase === 'request' ? `the decode step of ${w.name} (at its mean context)` : `${info.graphPhase} of ${w.name}`;
  const lines = [
    `why (${graph}, from the model): ${what} per W ${x(ratios.tokensPerSecondPerWatt)} tpu-v3's = ${what} ${x(ratios.tokensPerSecond)} ÷ TDP ${x(ratios.tdp)} (${Number(design.tdpWatts.toPrecision(3))} W vs ${Number(baseline.tdpWatts.toPrecision(3))} W)`,
    `  batch ${design.batch} vs tpu-v3's ${baseline.batch}: ${sloLine(design)} vs ${sloLine(baseline)}`,
    `  DRAM ${tbs(design.dramBytesPerSecond)} vs ${tbs(baseline.dramBytesPerSecond)} (${x(ratios.dramBandwidth)}), capacity ${gib(design.capacityBytes)} vs ${gib(baseline.capacityBytes)} (footprint ${gib(design.footprintBytes)} vs ${gib(baseline.footprintBytes)})`,
    `  memory-bound share of the cycles: ${pct(design.memoryShare)} vs tpu-v3's ${pct(baseline.memoryShare)}`,
  ];
  return { workload: req.workload.name, slos: req.slos, design, baseline, ratios, lines };
}
