// Workloads: the IR (types), its schema, counts, the zoo, importers and the SCALE-Sim exporter, in one import.

export * from './types';
export { parseWorkload, workloadIssues, WorkloadSpecSchema, MAX_OPS, MAX_DIM, MAX_ELEMENTS, MAX_TENSORS } from './schema';
export { opMacs, opElements, workloadCounts, workloadFootprint, type OpCounts, type WorkloadCounts, type WorkloadFootprint } from './counts';
export { importOnnx, MAX_ONNX_BYTES } from './importers/onnx';
export { importScalesimCsv } from './importers/scalesim-workload';
export { importTimeloop, MAX_TIMELOOP_BYTES } from './importers/timeloop';
export { exportScalesimCsv, type ScalesimExport } from './importers/scalesim-export';
export * from './llm/index';

export { zooNames, zooListText, isZooName, zooWorkload } from './zoo-names';
