// Explore's LLM part (issue 20): which LLM the workload names (lib/llm.ts), and the serving curve of the design: decode
// at batch 1, 2, 4, … while it fits the design's DRAM (the worker API's llmServingCurve, shared/api/llm.ts), requested
// through the app's sim runner with latest-wins whenever the workload, the passes or a simulation parameter changes
// (the batch excepted: the curve spans the batches; the current one is marked from the design). Owned by ExploreState
// (its `llm`); components read it, only this class talks to the runner.
import { untrack } from 'svelte';
import { PARAMS, dramCapacityBytes, type HardwareSpec } from '../../../shared/hardware';
import type { ServingCurveMessage, ServingCurveReport } from '../../../shared/api/llm';
import { LatestRequest } from './latest.svelte';
import { llmSelection, type LlmSelection } from '../lib/llm';
import { servingCurveData, type CurveData } from '../lib/llm-report';

/** How the LLM state reaches the workers (web/src/pool.ts simRunner has it). */
export interface ServingCurveRunner {
  llmServingCurve(msg: ServingCurveMessage): Promise<ServingCurveReport>;
}

/** What the LLM state reads of the Explore state (getters, so reading them inside $derived tracks them). */
export interface LlmSource {
  readonly workload: string;
  /** The design as it is now (null while the schema rejects it). */
  readonly spec: HardwareSpec | null;
  readonly passes: string;
  readonly hardwareName: string;
  /** The design's TDP as it is now (null while invalid): tokens/s per W follows a cost-only change at once. */
  readonly tdpWatts: number | null;
}

/** The curve does not depend on the batch (it spans them) nor on cost-only parameters, but for the DRAM capacity. */
const CURVE_PARAMS = PARAMS.filter((p) => p.affects === 'sim' && p.id !== 'batch').map((p) => p.id);

export class LlmState {
  readonly #source: LlmSource;
  readonly #runner: ServingCurveRunner | null;
  /** The design's serving curve (one request in flight; replies cached by key). */
  readonly curve = new LatestRequest<ServingCurveMessage, ServingCurveReport>((m) => {
    if (!this.#runner) return Promise.reject(new Error('this page has no serving-curve runner'));
    return this.#runner.llmServingCurve(m);
  }, 16);

  constructor(source: LlmSource, runner: ServingCurveRunner | null) {
    this.#source = source;
    this.#runner = runner;
  }

  /** The LLM the workload names, or null (not an LLM). */
  readonly selection = $derived.by((): LlmSelection | null => llmSelection(this.#source.workload));

  /** What the curve depends on: the workload, the passes, the DRAM capacity and every simulation parameter but the batch. */
  readonly curveKey = $derived.by((): string | null => {
    const spec = this.#source.spec;
    if (!this.selection || !spec) return null;
    return JSON.stringify([this.selection.name, this.#source.passes, dramCapacityBytes(spec), ...CURVE_PARAMS.map((id) => spec[id])]);
  });

  curveMessage(spec: HardwareSpec): ServingCurveMessage {
    return {
      workload: this.selection!.name,
      hardware: $state.snapshot(spec) as HardwareSpec,
      hardwareName: this.#source.hardwareName,
      passes: this.#source.passes,
    };
  }

  /** The curve shown: the reply for the current key (null while it is computed, or when the workload is no LLM). */
  readonly curveReport = $derived(this.curveKey ? this.curve.current : null);
  /** The curve as chart data, the design's batch marked. */
  readonly curveData = $derived.by((): CurveData | null => {
    const c = this.curveReport;
    const spec = this.#source.spec;
    return c && spec ? servingCurveData(c.points, spec.batch, this.#source.tdpWatts ?? undefined) : null;
  });

  /** Request the curve whenever its inputs change; returns the stop function. */
  connect(): () => void {
    return $effect.root(() => {
      $effect(() => {
        const key = this.curveKey;
        const spec = this.#source.spec;
        untrack(() => {
          if (!key || !spec || !this.#runner) this.curve.clear();
          else this.curve.request(key, this.curveMessage(spec));
        });
      });
    });
  }
}
