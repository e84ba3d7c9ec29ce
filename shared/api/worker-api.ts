// The one simulation API object. Exposed with Comlink from the browser worker (web/src/worker.ts) and
// from the Node worker (cli/sim-node-worker.ts); also callable in-process (CLI, tests). Every method loads
// the core lazily, so no worker entry has a top-level await (pitfall P3).
import { loadCore } from '../core/loader';
import { scalesimGemms, scalesimMemory, ABI_VERSION } from '../core/pack';
import { parseScalesimMemorySpec, type ScalesimMemoryResult } from '../scalesim/memory';
import { parseGemmSpec, type GemmResult } from '../scalesim/gemm';
import { parseScalesimModeRequest, runScalesimMode, type ScalesimModeResult } from './scalesim-mode';
import type { SimulateReport } from './simulate';
import { servingCurve, simulateLlm, type ServingCurveMessage, type ServingCurveReport } from './llm';
import { validationReport } from './validate';
import type { ValidationReport } from './validation-types';
import { sensitivityReport } from './sensitivity';
import type { SensitivityReport } from './sensitivity-types';
import { loadHighs } from '../compiler/solver';
import { parsePasses, ALL_PASSES } from '../compiler/passes';
import { zooNames, zooWorkload, parseWorkload, type WorkloadSpec } from '../workload';
import { didYouMean } from '../workload/suggest';
import { BATCH_RANGE, isBatch, resolvePresetName, parseHardwareSpec, PRESETS, type HardwareSpec } from '../hardware';
import { realmEvaluator, type EvaluateTrialsRequest, type TrialEvaluation } from '../search/evaluate';
import { warmUpSolvers, type WarmUpReport } from '../search/warm-up';

export interface ApiOptions {
  /** URL of highs.wasm in browsers (Node finds it itself). */
  highsWasmUrl?: string;
  /**
   * Tests only (worker-fault tests, docs/model.md §8): when given, `evaluateTrials` honours a request's `faults`
   * field; `kill` ends the hosting worker as a crash would (process.exit in Node, self.close() in a browser).
   * Without it the field is ignored, so production workers never act on it.
   */
  faultInjection?: { kill(): void };
}

/** Injected faults by design index of an evaluateTrials request: trap (a Wasm RuntimeError), hang, kill the worker. */
export type InjectedFaults = Record<number, 'trap' | 'hang' | 'kill'>;

/** Act out the first injected fault among a request's designs (tests only; see ApiOptions.faultInjection). */
async function injectFault(faults: InjectedFaults | undefined, designs: number, kill: () => void): Promise<void> {
  if (!faults || typeof faults !== 'object') return;
  for (let i = 0; i < designs; i++) {
    const f = faults[i];
    if (f === 'trap') throw new WebAssembly.RuntimeError(`unreachable (fault injected for design ${i})`);
    if (f === 'hang') for (;;) { /* busy until the pool's deadline terminates this worker */ }
    if (f === 'kill') { kill(); await new Promise<never>(() => {}); } // a dead worker never answers
  }
}

/** A simulation request as it crosses a worker boundary: names or plain JSON specs, validated here. */
export interface SimulateMessage {
  /** A zoo name or a WorkloadSpec. */
  workload: string | unknown;
  /** A preset name or a HardwareSpec (partial specs over `"base": "<preset>"` accepted). */
  hardware: string | unknown;
  hardwareName?: string;
  batch?: number;
  /** `all` (default), `none`, or a comma list of schedule, padding, fusion, attention. */
  passes?: string;
  onlineSoftmax?: boolean;
}

/** A sensitivity request (the tornado chart, `fast sensitivity`): a workload on a design at one batch. */
export interface SensitivityMessage {
  /** A zoo name or a WorkloadSpec. */
  workload: string | unknown;
  /** A preset name or a HardwareSpec (partial specs over `"base": "<preset>"` accepted). */
  hardware: string | unknown;
  hardwareName?: string;
  batch?: number;
}

/** The largest oracle text `validate` reads (the SCALE-Sim public cases are ~50 kB). */
export const MAX_ORACLE_CSV_CHARS = 4_000_000;

/** The oracle CSV's first column (tests/oracle/scalesim/public.csv): its header line must start with it. */
const ORACLE_FIRST_COLUMN = 'case_id';

/** One line saying what is wrong with the oracle text, or null when it looks like the oracle CSV. */
export function oracleCsvProblem(text: unknown): string | null {
  if (typeof text !== 'string') return `validate: expected the oracle CSV as text (got ${text === null ? 'null' : typeof text})`;
  if (text.length > MAX_ORACLE_CSV_CHARS) return `validate: the oracle CSV is ${text.length} characters, more than the ${MAX_ORACLE_CSV_CHARS} allowed`;
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].trim();
  if (!header) return 'validate: the oracle CSV is empty (expected the text of tests/oracle/scalesim/public.csv)';
  if (header.split(',')[0].trim() !== ORACLE_FIRST_COLUMN) {
    const shown = header.length > 40 ? `${header.slice(0, 40)}…` : header;
    return `validate: the oracle CSV's header must start with "${ORACLE_FIRST_COLUMN}" (got ${JSON.stringify(shown)}; expected the text of tests/oracle/scalesim/public.csv)`;
  }
  return null;
}

function checkBatch(batch: unknown): void {
  if (batch !== undefined && !isBatch(batch)) {
    throw new Error(`batch must be a whole number from ${BATCH_RANGE.min} to ${BATCH_RANGE.max} (got ${String(batch)})`);
  }
}

// Zoo workloads built once per realm, so repeated simulations re-use their lowering (engine.ts caches by object).
const zooCache = new Map<string, WorkloadSpec>();

export function resolveWorkloadValue(value: string | unknown): WorkloadSpec {
  if (typeof value !== 'string') return parseWorkload(value);
  let w = zooCache.get(value);
  if (!w) {
    // zooWorkload's message lists the zoo; a near miss also gets "; did you mean …?".
    try { w = zooWorkload(value); } catch (e) { throw new Error(`${(e as Error).message}${didYouMean(value, zooNames()).replace(/^ \((.*)\)$/, '; $1')}`); }
    zooCache.set(value, w);
  }
  return w;
}

export function resolveHardwareValue(value: string | unknown): { name: string; spec: HardwareSpec } {
  if (typeof value === 'string') {
    const preset = resolvePresetName(value);
    if (!preset) throw new Error(`unknown hardware preset ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} (presets: ${Object.keys(PRESETS).join(', ')})`);
    return { name: preset, spec: { ...PRESETS[preset] } };
  }
  return { name: 'design', spec: parseHardwareSpec(value) };
}

export function createSimApi(opts: ApiOptions = {}) {
  return {
    /** Round trip through the core: the ABI version it was built with. */
    async ping(): Promise<{ abiVersion: number }> {
      const core = await loadCore();
      return { abiVersion: core.abiVersion() };
    },
    /** SCALE-Sim-compatible compute cycles, utilisations and SRAM counts for a batch of GEMMs. */
    async scalesimGemms(specs: unknown[]): Promise<GemmResult[]> {
      if (!Array.isArray(specs)) throw new Error('scalesimGemms: expected a list of GEMM specs');
      const valid = specs.map((s, i) => parseGemmSpec(s, `gemm[${i}]`));
      return scalesimGemms(await loadCore(), valid);
    },
    /** Simulate a workload on a design with the chosen software passes (what `fast simulate` reports). */
    async simulate(msg: SimulateMessage): Promise<SimulateReport> {
      if (!msg || typeof msg !== 'object') throw new Error('simulate: expected a message with a workload and a hardware design');
      const workload = resolveWorkloadValue(msg.workload);
      const hw = resolveHardwareValue(msg.hardware);
      const passes = msg.passes ? parsePasses(msg.passes) : ALL_PASSES;
      if (msg.batch !== undefined && !isBatch(msg.batch)) {
        throw new Error(`batch must be a whole number from ${BATCH_RANGE.min} to ${BATCH_RANGE.max} (got ${msg.batch})`);
      }
      const core = await loadCore();
      const highs = passes.fusion ? await loadHighs(opts.highsWasmUrl) : undefined; // fusion: GMEM and local memory
      return simulateLlm(core, highs, { workload, hardware: hw.spec, hardwareName: msg.hardwareName ?? hw.name, batch: msg.batch, passes, onlineSoftmax: msg.onlineSoftmax });
    },
    /**
     * An LLM's serving curve (shared/api/llm.ts servingCurve): decode at batch 1, 2, 4, … (or the given batches) while the
     * footprint fits the design's DRAM — TPOT, tokens/s, tokens/s per W, memory and compute shares, the bound — the
     * first batch that does not fit marked `fits: false` and last.
     */
    async llmServingCurve(msg: ServingCurveMessage): Promise<ServingCurveReport> {
      if (!msg || typeof msg !== 'object') throw new Error('llmServingCurve: expected a message with an LLM workload and a hardware design');
      const workload = resolveWorkloadValue(msg.workload);
      if (!workload.llm) throw new Error(`llmServingCurve: ${JSON.stringify(workload.name.slice(0, 60))} is not an LLM workload`);
      const hw = resolveHardwareValue(msg.hardware);
      const passes = msg.passes ? parsePasses(msg.passes) : ALL_PASSES;
      let batches: number[] | undefined;
      if (msg.batches !== undefined) {
        if (!Array.isArray(msg.batches) || msg.batches.length === 0 || msg.batches.length > 64) throw new Error('llmServingCurve: batches must be a list of 1 to 64 batch sizes');
        msg.batches.forEach(checkBatch);
        batches = msg.batches;
      }
      const core = await loadCore();
      const highs = passes.fusion ? await loadHighs(opts.highsWasmUrl) : undefined;
      if (msg.hardwareName !== undefined && typeof msg.hardwareName !== 'string') throw new Error('llmServingCurve: hardwareName must be text');
      return servingCurve(core, highs, { workload, hardware: hw.spec, hardwareName: msg.hardwareName ?? hw.name, passes, batches });
    },
    /**
     * The model against published numbers (shared/api/validate.ts, docs/validation.md): die areas, TDPs, powers and the
     * SCALE-Sim oracle, with the fitted knobs. `oracleCsv` is the text of tests/oracle/scalesim/public.csv.
     */
    async validate(oracleCsv: string): Promise<ValidationReport> {
      const problem = oracleCsvProblem(oracleCsv);
      if (problem) throw new Error(problem);
      return validationReport(await loadCore(), oracleCsv, await loadHighs(opts.highsWasmUrl));
    },
    /**
     * How the Perf/TDP gain over tpu-v3 moves when each assumed cost coefficient goes to the low and the high end of
     * its plausible range (shared/api/sensitivity.ts): the tornado chart's rows.
     */
    async sensitivity(msg: SensitivityMessage): Promise<SensitivityReport> {
      if (!msg || typeof msg !== 'object') throw new Error('sensitivity: expected a message with a workload and a hardware design');
      const workload = resolveWorkloadValue(msg.workload);
      const hw = resolveHardwareValue(msg.hardware);
      checkBatch(msg.batch);
      if (msg.hardwareName !== undefined && typeof msg.hardwareName !== 'string') throw new Error('sensitivity: hardwareName must be text');
      const core = await loadCore();
      const highs = await loadHighs(opts.highsWasmUrl); // all passes: fusion solves for local memory on any design
      return sensitivityReport(core, highs, { workload, hardware: hw.spec, hardwareName: msg.hardwareName ?? hw.name, batch: msg.batch });
    },
    /** SCALE-Sim v2 memory model: DRAM reads/writes and USER-mode stall cycles for a batch of layers. */
    async scalesimMemory(specs: unknown[]): Promise<ScalesimMemoryResult[]> {
      if (!Array.isArray(specs)) throw new Error('scalesimMemory: expected a list of layer specs');
      const valid = specs.map((s, i) => parseScalesimMemorySpec(s, `scalesimMemory[${i}]`));
      return scalesimMemory(await loadCore(), valid);
    },
    /**
     * SCALE-Sim mode on a topology CSV and a .cfg (their texts): per layer cycles, utilisations and DRAM counts
     * (shared/api/scalesim-mode.ts) — what `fast scalesim` prints (it calls this) and the Import view's SCALE-Sim mode shows.
     */
    async scalesimMode(req: unknown): Promise<ScalesimModeResult> {
      const valid = parseScalesimModeRequest(req);
      const core = await loadCore();
      return runScalesimMode({
        gemms: async (specs) => scalesimGemms(core, specs.map((s, i) => parseGemmSpec(s, `gemm[${i}]`))),
        memory: async (specs) => scalesimMemory(core, specs.map((s, i) => parseScalesimMemorySpec(s, `scalesimMemory[${i}]`))),
      }, valid);
    },
    /**
     * Score a batch of search trials (shared/search/evaluate.ts): each design on every workload with all passes,
     * as a Perf/TDP gain over tpu-v3 with the baseline software; infeasible designs come back with their reason.
     * The tpu-v3 baselines are simulated once per worker and cached.
     */
    async evaluateTrials(req: EvaluateTrialsRequest & { faults?: InjectedFaults }): Promise<TrialEvaluation[]> {
      if (!req || typeof req !== 'object') throw new Error('evaluateTrials: expected a request object');
      if (opts.faultInjection) await injectFault(req.faults, Array.isArray(req.designs) ? req.designs.length : 0, opts.faultInjection.kill);
      const evaluator = await realmEvaluator(loadCore, loadHighs);
      return evaluator.evaluate({ ...req, highsWasmUrl: req.highsWasmUrl ?? opts.highsWasmUrl });
    },
    /**
     * Compile the fusion solvers ahead of a search (shared/search/warm-up.ts): solves a few fixed fusion programs with
     * the structured solver and HiGHS and discards the answers, so the search's first hard solves run on optimized
     * code. Changes no result. With `design`, only that warm-up design (an index; the page warms design by design).
     */
    async warmUpSolvers(design?: number): Promise<WarmUpReport> {
      const [core, highs] = await Promise.all([loadCore(), loadHighs(opts.highsWasmUrl)]);
      return warmUpSolvers(core, highs, design);
    },
  };
}

export type SimApi = ReturnType<typeof createSimApi>;
export { ABI_VERSION };
