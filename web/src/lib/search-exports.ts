// Search results as files (made in the page): every trial as CSV, the whole result as JSON in the shape
// `fast search --json` prints, the Pareto front as CSV, a design as the hardware JSON `fast simulate --hardware F`
// reads, and the checkpoint `fast search --checkpoint F` resumes.
import { PARAMS, type HardwareSpec, type ParamId } from '../../../shared/hardware';
import type { Checkpoint } from '../../../shared/search/checkpoint';
import type { DesignSummary, StudyResult } from '../../../shared/search/study-result';

const HW_COLUMNS = PARAMS.map((p) => p.id as ParamId);

function cell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (values: unknown[]) => values.map(cell).join(',');

/** One row per trial: status, objective, price, the design's fields, and each workload's gain and throughput. */
export function trialsCsv(r: StudyResult): string {
  const ws = r.study.workloads;
  const head = ['trial', 'batchRound', 'status', 'code', 'reason', 'gainVsTpuV3', 'perfPerTdp', 'areaMm2', 'tdpWatts', 'duplicateOf', 'onPareto',
    ...HW_COLUMNS, ...ws.flatMap((w) => [`${w}:gain`, `${w}:throughputPerSecond`, `${w}:latencySeconds`, `${w}:inferencesPerJoule`])];
  const pareto = new Set(r.pareto.map((p) => p.trial));
  const lines = r.trials.map((t) => row([
    t.index, t.batch, t.status, t.code, t.reason, t.gainVsTpuV3, t.perfPerTdp, t.areaMm2, t.tdpWatts, t.duplicateOf, pareto.has(t.index) ? 1 : 0,
    ...HW_COLUMNS.map((id) => t.hardware[id]),
    ...ws.flatMap((w, i): unknown[] => {
      const e = t.workloads[i];
      return e ? [e.gainVsTpuV3, e.throughputPerSecond, e.latencySeconds, e.inferencesPerJoule ?? ''] : ['', '', '', ''];
    }),
  ]));
  return `${head.join(',')}\n${lines.join('\n')}\n`;
}

/** The Pareto front (Perf/TDP max, area min, TDP min), best gain first. */
export function paretoCsv(front: readonly DesignSummary[]): string {
  const head = ['trial', 'gainVsTpuV3', 'perfPerTdp', 'areaMm2', 'tdpWatts', ...HW_COLUMNS];
  return `${head.join(',')}\n${front.map((p) => row([p.trial, p.gainVsTpuV3, p.perfPerTdp, p.areaMm2, p.tdpWatts, ...HW_COLUMNS.map((id) => p.hardware[id])])).join('\n')}\n`;
}

/** The whole result, as `fast search --json` prints it. */
export function resultJson(r: StudyResult): string {
  return `${JSON.stringify({ best: r.best, pareto: r.pareto, trials: r.trials, bestSoFar: r.bestSoFar, study: r.study, complete: r.complete, infeasible: r.infeasible }, null, 2)}\n`;
}

/** A design as a hardware file: every parameter-table field (`fast simulate --hardware F` accepts it). */
export function hardwareJson(h: HardwareSpec): string {
  return `${JSON.stringify(Object.fromEntries(HW_COLUMNS.map((id) => [id, h[id]])), null, 2)}\n`;
}

export function checkpointJson(cp: Checkpoint): string {
  return `${JSON.stringify(cp)}\n`;
}
