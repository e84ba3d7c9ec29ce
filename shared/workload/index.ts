// Workloads: the IR (types), its schema, counts, the zoo, importers and the SCALE-Sim exporter, in one import.
import type { WorkloadSpec } from './types';
import { ZOO } from './zoo/index';

export * from './types';
export { parseWorkload, workloadIssues, WorkloadSpecSchema, MAX_OPS, MAX_DIM, MAX_ELEMENTS, MAX_TENSORS } from './schema';
export { opMacs, opElements, workloadCounts, type OpCounts, type WorkloadCounts } from './counts';
export { importOnnx, MAX_ONNX_BYTES } from './importers/onnx';
export { importScalesimCsv } from './importers/scalesim-workload';
export { importTimeloop, MAX_TIMELOOP_BYTES } from './importers/timeloop';
export { exportScalesimCsv, type ScalesimExport } from './importers/scalesim-export';

/** The zoo's workload names, in their documented order (docs/model.md §2.2). */
export function zooNames(): string[] {
  return Object.keys(ZOO);
}

export function isZooName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ZOO, name);
}

/** A fresh copy of a zoo workload; an unknown name throws a message listing the valid ones. */
export function zooWorkload(name: string): WorkloadSpec {
  if (!isZooName(name)) throw new Error(`unknown workload ${JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name)}; zoo workloads: ${zooNames().join(', ')}`);
  return ZOO[name]();
}
