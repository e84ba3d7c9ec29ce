// A design in words and in a few short strings, for tables and details (the same facts `fast search` prints).
// Values are named by the parameter table's short labels and shown with its display digits.
import { paramById, valueLabel, type HardwareSpec } from '../../../shared/hardware';
import { num } from './format';

/** "2 × 8 arrays of 128×16 (os)". */
export function arraysText(h: HardwareSpec): string {
  return `${h.cores} × ${h.arraysPerCore} × ${h.arrayRows}×${h.arrayCols} ${valueLabel('dataflow', h.dataflow, 'short')}`;
}

export function dramText(h: HardwareSpec): string {
  return `${valueLabel('dramTechnology', h.dramTechnology, 'short')} × ${h.dramStacks} at ${num(h.dramGBpsPerStack, Number.isInteger(h.dramGBpsPerStack) ? 0 : paramById('dramGBpsPerStack').digits)} GB/s, ${h.dramStacks * h.dramGiBPerStack} GiB`;
}

export function gmemText(h: HardwareSpec): string {
  return h.globalMemoryMiB > 0 ? `${h.globalMemoryMiB} MiB at ${h.globalMemoryBytesPerCycle} B/cycle` : 'none';
}

/** One line describing every field. */
export function designText(h: HardwareSpec): string {
  return `${h.cores} core${h.cores > 1 ? 's' : ''} × ${h.arraysPerCore} array${h.arraysPerCore > 1 ? 's' : ''} of ${h.arrayRows}×${h.arrayCols} (${valueLabel('dataflow', h.dataflow, 'short')}), `
    + `${num(h.vectorLanesPerCore)} vector lanes/core, ${h.localMemoryMiB} MiB local/core, GMEM ${gmemText(h)}, ${dramText(h)}, `
    + `${h.clockGhz.toFixed(paramById('clockGhz').digits)} GHz, ${valueLabel('processNode', h.processNode, 'short')}, batch ${h.batch}`;
}
