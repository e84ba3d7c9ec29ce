// The Import view's SCALE-Sim mode: a topology CSV imported with its .cfg, run through the worker API's scalesimMode
// (shared/api/scalesim-mode.ts — the code path `fast scalesim` runs, so the numbers are the same), beside the native model
// on the .cfg's array ("Explore on the .cfg's array": one core, one array, batch 1, all passes; the worker API's
// simulate), with one line per layer saying why the two differ (shared/api/scalesim-compare.ts). Through the app's pool.
import type { WorkerPool } from '../../../shared/pool';
import type { SimulateMessage } from '../../../shared/api/worker-api';
import type { SimulateReport, SimulatedOp } from '../../../shared/api/simulate';
import type { ScalesimModeRequest, ScalesimModeResult } from '../../../shared/api/scalesim-mode';
import { compareLayer, type LayerComparison } from '../../../shared/api/scalesim-compare';
import { designFromScalesimConfig, type ImportedWorkload } from '../lib/import-files';
import { simPool, SIMULATE_DEADLINE_MS, type RemoteSim } from '../pool';

/** What SCALE-Sim mode asks of the workers. */
export interface ScalesimModeRunner {
  scalesimMode(req: ScalesimModeRequest): Promise<ScalesimModeResult>;
  simulate(msg: SimulateMessage): Promise<SimulateReport>;
}

/** The runner over the app's pool of sim workers (the page's shared pool unless one is given; started on first use). */
export function scalesimModeRunner(pool?: WorkerPool<RemoteSim>): ScalesimModeRunner {
  const p = () => (pool ??= simPool());
  return {
    scalesimMode: (req) => p().run((api) => api.scalesimMode(req)),
    simulate: (msg) => p().run((api) => api.simulate(msg), { deadlineMs: SIMULATE_DEADLINE_MS }),
  };
}

/** The native model's side: the report and one op per layer, or why there is none. */
export type NativeSide =
  | { status: 'ok'; report: SimulateReport; ops: (SimulatedOp | null)[]; comparisons: (LayerComparison | null)[] }
  | { status: 'unavailable'; reason: string };

export type ScalesimModeView =
  | { status: 'running'; for: ImportedWorkload }
  | { status: 'ok'; for: ImportedWorkload; result: ScalesimModeResult; native: NativeSide }
  | { status: 'error'; for: ImportedWorkload; error: string };

/** The native model's op for each layer: the importer makes one op per layer, in order (names made unique). */
export function nativeOpsFor(w: ImportedWorkload, report: SimulateReport): (SimulatedOp | null)[] {
  const byName = new Map(report.ops.map((o) => [o.name, o]));
  return w.spec.ops.map((op) => byName.get(op.name) ?? null);
}

export class ScalesimModeState {
  view = $state.raw<ScalesimModeView | null>(null);
  readonly #runner: ScalesimModeRunner;
  #seq = 0;

  constructor(runner: ScalesimModeRunner = scalesimModeRunner()) {
    this.#runner = runner;
  }

  /** Run SCALE-Sim mode (and the native model) on an import with a .cfg. Never throws: a failure is the view's error. */
  async run(w: ImportedWorkload): Promise<void> {
    const src = w.scalesimSources;
    if (!src) return;
    const my = ++this.#seq;
    this.view = { status: 'running', for: w };
    let result: ScalesimModeResult;
    try {
      result = await this.#runner.scalesimMode({ topology: src.topology, config: src.config });
    } catch (e) {
      if (my === this.#seq) this.view = { status: 'error', for: w, error: (e as Error).message };
      return;
    }
    const native = await this.#native(w, result);
    if (my === this.#seq) this.view = { status: 'ok', for: w, result, native };
  }

  async #native(w: ImportedWorkload, result: ScalesimModeResult): Promise<NativeSide> {
    const design = designFromScalesimConfig(result.config);
    if ('reason' in design) return { status: 'unavailable', reason: `No native comparison: ${design.reason}` };
    if (result.layers.length !== w.spec.ops.length) {
      return { status: 'unavailable', reason: `No native comparison: SCALE-Sim read ${result.layers.length} layers, the import has ${w.spec.ops.length} ops` };
    }
    try {
      const report = await this.#runner.simulate({
        workload: w.spec, hardware: design.spec, hardwareName: `${result.config.runName} (.cfg array)`, batch: 1, passes: 'all',
      });
      const ops = nativeOpsFor(w, report);
      const comparisons = result.rows.map((row, i) => (ops[i] ? compareLayer(result.layers[i], result.config, row, ops[i]!) : null));
      return { status: 'ok', report, ops, comparisons };
    } catch (e) {
      return { status: 'unavailable', reason: `No native comparison: ${(e as Error).message}` };
    }
  }
}
