// State of the first view: one systolic array (edge and dataflow) evaluated on the sample layers through
// the worker pool. Latest wins: a reply to an older request is dropped, and `stale` marks a result that no
// longer matches the controls while the new one is computed.
import { CancelledError, type WorkerPool } from '../../../shared/pool';
import type { Dataflow, GemmResult } from '../../../shared/sim/gemm';
import { sampleLayers } from '../../../shared/workload/samples';
import type { RemoteSim } from '../pool';

export interface LayerBar { name: string; cycles: number; utilizationPct: number; macs: number }

export class ArrayExplorerState {
  log2Edge = $state(7);
  dataflow = $state<Dataflow>('ws');
  bars = $state.raw<LayerBar[]>([]);
  totalCycles = $state(0);
  overallUtilizationPct = $state(0);
  stale = $state(true);
  error = $state<string | null>(null);
  readonly layers = sampleLayers();
  #seq = 0;
  #pool: WorkerPool<RemoteSim>;

  constructor(pool: WorkerPool<RemoteSim>) { this.#pool = pool; }

  get edge(): number { return 2 ** this.log2Edge; }

  /** Evaluate the current controls; only the newest request's reply is shown. */
  async refresh(): Promise<void> {
    const my = ++this.#seq;
    const edge = this.edge;
    const specs = this.layers.map((l) => ({ m: l.m, n: l.n, k: l.k, rows: edge, cols: edge, dataflow: this.dataflow, sublayers: l.sublayers }));
    this.stale = true;
    try {
      const results: GemmResult[] = await this.#pool.run((api) => api.scalesimGemms(specs));
      if (my !== this.#seq) return;
      this.bars = results.map((r, i) => ({ name: this.layers[i].name, cycles: r.totalCycles, utilizationPct: r.overallUtilizationPct, macs: r.macs }));
      const cycles = results.reduce((s, r) => s + r.totalCycles, 0);
      const macs = results.reduce((s, r) => s + r.macs, 0);
      this.totalCycles = cycles;
      this.overallUtilizationPct = (100 * macs) / (cycles * edge * edge);
      this.error = null;
      this.stale = false;
    } catch (e) {
      if (my !== this.#seq || e instanceof CancelledError) return;
      this.error = (e as Error).message;
    }
  }
}
