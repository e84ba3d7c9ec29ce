// SCALE-Sim mode beside the native model, per layer: why their cycles differ, in one line computed from the layer's
// own numbers (docs/model.md §1 for SCALE-Sim, §4.2 and §4.7 "Deliberate differences from SCALE-Sim" for the native
// model). Pure: the Import view's SCALE-Sim panel calls it with the worker API's scalesimMode row and the native
// simulation's op for the same layer on the .cfg's array.
import type { ScalesimConfig, ScalesimLayer } from '../workload/importers/scalesim';
import type { ScalesimRow } from './scalesim-mode';

/** What the comparison reads of the native model's op (a SimulateReport op, shared/api/simulate.ts). */
export interface NativeLayer {
  name: string;
  cycles: number;
  computeCycles: number;
  vectorCycles: number;
  dramCycles: number;
  gmemCycles: number;
  localCycles: number;
  overheadCycles: number;
  bound: string;
  utilization: number;
  dramBytes: number;
  schedule: { unit: 'systolic' | 'vector'; pack: number };
}

export interface LayerComparison {
  layer: string;
  scalesimCycles: number;
  nativeCycles: number;
  /** SCALE-Sim cycles / native cycles. */
  ratio: number;
  /** Why they differ: one line from the layer's numbers. */
  reason: string;
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const times = (r: number) => `${r >= 10 ? Math.round(r) : Number(r.toPrecision(3))}×`;

/** The SCALE-Sim fold structure of a layer on the .cfg's array (docs/model.md §1). */
export function scalesimFolds(layer: ScalesimLayer, config: ScalesimConfig): { folds: number; t: number; perFold: number; fillDrain: number; kFolds: number } {
  const R = config.arrayRows, C = config.arrayCols;
  const [sr, sc, t] = config.dataflow === 'os' ? [layer.m, layer.n, layer.k] : config.dataflow === 'ws' ? [layer.k, layer.n, layer.m] : [layer.k, layer.m, layer.n];
  const folds = Math.ceil(sr / R) * Math.ceil(sc / C) * layer.sublayers;
  const perFold = config.dataflow === 'os' ? t + R + C - 2 : 2 * R + C + t - 2;
  return { folds, t, perFold, fillDrain: perFold - t, kFolds: config.dataflow === 'os' ? 1 : Math.ceil(layer.k / R) };
}

/** One layer: SCALE-Sim mode's cycles beside the native model's, and the reasons, largest effect first. */
export function compareLayer(layer: ScalesimLayer, config: ScalesimConfig, row: ScalesimRow, native: NativeLayer): LayerComparison {
  const R = config.arrayRows, C = config.arrayCols;
  const f = scalesimFolds(layer, config);
  const effects: { cycles: number; text: string }[] = [];
  if (native.schedule.unit === 'vector') {
    effects.push({
      cycles: Math.abs(row.totalCycles - row.stallCycles - native.vectorCycles),
      text: `the native model runs this layer on the vector unit (${n(native.vectorCycles)} cycles), not on the array SCALE-Sim folds it onto ${n(f.folds)} times`,
    });
  } else {
    if (f.folds > 1) {
      effects.push({
        cycles: f.folds * f.fillDrain - (R + C - 2),
        text: `SCALE-Sim runs ${n(f.folds)} folds one after another, each paying ${n(f.fillDrain)} cycles of fill and drain (${n(f.folds * f.fillDrain)} in all); the native model overlaps the next fold's weight load and pays fill/drain once (${n(R + C - 2)})`,
      });
    }
    if (f.t < R) {
      effects.push({
        cycles: f.folds * (R - f.t),
        text: `a native fold lasts at least the ${R} cycles its weight load takes (this layer streams only ${n(f.t)} per fold)`,
      });
    }
    if (native.schedule.pack > 1) {
      effects.push({ cycles: 0, text: `the native model packs ${native.schedule.pack} channels block-diagonally into each array pass` });
    }
  }
  if (row.stallCycles > 0) {
    effects.push({ cycles: row.stallCycles, text: `SCALE-Sim stalls ${n(row.stallCycles)} cycles on DRAM at the .cfg's ${config.dramWordsPerCycle} words/cycle (USER mode)` });
  }
  if (native.bound !== 'compute' && native.cycles > native.computeCycles) {
    const largest = Math.max(native.dramCycles, native.gmemCycles, native.localCycles);
    const what = native.bound === 'overhead'
      ? `its fixed per-op overhead (${n(native.overheadCycles)} cycles, which SCALE-Sim does not count) exceeds its work`
      : native.bound === 'vector' ? `it is vector-bound (${n(native.vectorCycles)} vector-unit cycles)`
      : largest === native.dramCycles
        ? `it is DRAM-bound: ${n(native.dramCycles)} cycles moving ${n(native.dramBytes)} bytes of 2-byte bf16 words at the design's DRAM bandwidth${config.interfaceBandwidth === 'CALC' ? ' (SCALE-Sim\'s CALC mode has no DRAM stalls)' : ''}`
        : `it is ${largest === native.gmemCycles ? 'GMEM' : 'local-memory'}-bound (${n(largest)} cycles)`;
    effects.push({ cycles: native.cycles - native.computeCycles, text: `in the native model ${what}` });
  }
  if (f.kFolds > 1 && row.dramOfmapWrites !== null) {
    effects.push({ cycles: 0, text: `SCALE-Sim writes each output ${f.kFolds} times as partial sums (${n(row.dramOfmapWrites)} DRAM words); the native model keeps them in its accumulators` });
  }
  effects.sort((a, b) => b.cycles - a.cycles);
  const ratio = row.totalCycles / Math.max(1, native.cycles);
  const head = row.totalCycles === native.cycles ? 'The same cycles'
    : ratio >= 1 ? `SCALE-Sim takes ${times(ratio)} the native cycles` : `the native model takes ${times(1 / ratio)} SCALE-Sim's cycles`;
  const reason = effects.length ? `${head}: ${effects.map((e) => e.text).join('; ')}.` : `${head}.`;
  return { layer: row.layer, scalesimCycles: row.totalCycles, nativeCycles: native.cycles, ratio, reason: reason.charAt(0).toUpperCase() + reason.slice(1) };
}
