// A design in words and in a few short strings, for tables and details (the same facts `fast search` prints).
import { DRAM_INTERFACES, type HardwareSpec } from '../../../shared/hardware';
import { num } from './format';

/** "2 × 8 arrays of 128×16 (os)". */
export function arraysText(h: HardwareSpec): string {
  return `${h.cores} × ${h.arraysPerCore} × ${h.arrayRows}×${h.arrayCols} ${h.dataflow}`;
}

export function dramText(h: HardwareSpec): string {
  return `${DRAM_INTERFACES[h.dramTechnology].label} × ${h.dramStacks} at ${num(h.dramGBpsPerStack, Number.isInteger(h.dramGBpsPerStack) ? 0 : 1)} GB/s`;
}

export function gmemText(h: HardwareSpec): string {
  return h.globalMemoryMiB > 0 ? `${h.globalMemoryMiB} MiB at ${h.globalMemoryBytesPerCycle} B/cycle` : 'none';
}

/** One line describing every field. */
export function designText(h: HardwareSpec): string {
  return `${h.cores} core${h.cores > 1 ? 's' : ''} × ${h.arraysPerCore} array${h.arraysPerCore > 1 ? 's' : ''} of ${h.arrayRows}×${h.arrayCols} (${h.dataflow}), `
    + `${num(h.vectorLanesPerCore)} vector lanes/core, ${h.localMemoryMiB} MiB local/core, GMEM ${gmemText(h)}, ${dramText(h)}, `
    + `${h.clockGhz.toFixed(2)} GHz, ${h.processNode.replace('nm', ' nm')}, batch ${h.batch}`;
}
