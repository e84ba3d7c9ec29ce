// Dropped or picked files → a workload, in the page (no upload): ONNX (.onnx), SCALE-Sim topology CSV (.csv, with
// an optional architecture .cfg), Timeloop problem YAML (.yaml/.yml), or a WorkloadSpec JSON (.json) — imported by
// shared/workload/import-file.ts with its size limits, as `fast import` does (cli/workload-arg.ts). The importers
// are loaded on first use (their parsers — protobuf, YAML — stay out of the first page load). Every failure is one
// Error whose message names the file and the problem. An ONNX model's dynamic dimensions are sized by the Import
// view's fields (OnnxShapes, as `--input-shape`/`--dim`); the graph inputs the file declares come back with the
// workload, or with the error (ImportError) when it could not be imported without sizes. Also the IndexedDB record
// format of an import (with the sizes it was imported with), so imports survive reloads.
import { parseWorkload } from '../../../shared/workload/schema';
import { workloadCounts, type WorkloadCounts } from '../../../shared/workload/counts';
import type { WorkloadSpec } from '../../../shared/workload/types';
import type { ScalesimConfig } from '../../../shared/workload/importers/scalesim';
import type { WorkloadFileKind } from '../../../shared/workload/import-file';
import type { OnnxShapes } from '../../../shared/workload/shape-entries';
import type { OnnxGraphInput } from '../../../shared/workload/importers/onnx';
import type { ImportReport } from '../../../shared/workload/import-report';
import { MAX_DIM } from '../../../shared/workload/schema';
import { PRESETS, validateHardwareSpec, type HardwareSpec } from '../../../shared/hardware';
import { zooNames } from './workloads';

export type ImportKind = WorkloadFileKind | 'scalesim-cfg';

const KIND_BY_EXT: Record<string, ImportKind> = {
  '.onnx': 'onnx', '.csv': 'scalesim', '.cfg': 'scalesim-cfg', '.yaml': 'timeloop', '.yml': 'timeloop', '.json': 'json',
};

/** The importers, loaded on first use (one chunk with their parsers). */
async function importers() {
  const [file, scalesim, report] = await Promise.all([
    import('../../../shared/workload/import-file'),
    import('../../../shared/workload/importers/scalesim'),
    import('../../../shared/workload/import-report'),
  ]);
  return { file, scalesim, report };
}

/** Largest file read per kind, bytes: the importers' own limits, as `fast import` applies them (cli/workload-arg.ts). */
export async function importLimits(): Promise<Readonly<Record<ImportKind, number>>> {
  const limits = (await importers()).file.WORKLOAD_FILE_LIMITS;
  return {
    onnx: limits.onnx,
    scalesim: limits.scalesim,
    'scalesim-cfg': 64 * 1024,
    timeloop: limits.timeloop,
    json: limits.json,
  };
}

export const KIND_LABELS: Readonly<Record<ImportKind, string>> = {
  onnx: 'ONNX model', scalesim: 'SCALE-Sim topology CSV', 'scalesim-cfg': 'SCALE-Sim architecture .cfg',
  timeloop: 'Timeloop problem YAML', json: 'FAST workload JSON',
};

export const ACCEPT = Object.keys(KIND_BY_EXT).join(',');

function extOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

export function kindOf(name: string): ImportKind | null {
  return KIND_BY_EXT[extOf(name)] ?? null;
}

/** A workload name from a file name: its stem, in the characters a link carries well; never a zoo name. */
export function workloadNameFor(fileName: string, zoo: readonly string[] = zooNames()): string {
  const stem = fileName.replace(/\.[^./\\]+$/, '').replace(/^.*[\\/]/, '');
  let name = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'imported';
  if (zoo.includes(name)) name = `${name}-import`;
  return name;
}

const mib = (n: number) => `${Number((n / 2 ** 20).toPrecision(3))} MiB`;
export const fileSize = (n: number) => (n >= 2 ** 20 ? mib(n) : n >= 1024 ? `${Number((n / 1024).toPrecision(3))} KiB` : `${n} bytes`);

export interface FileInfo { name: string; bytes: number; kind: ImportKind }

/** The texts of a SCALE-Sim topology CSV and its .cfg, as dropped. */
export interface ScalesimSources { topology: string; config: string }

export interface ImportedWorkload {
  spec: WorkloadSpec;
  counts: WorkloadCounts;
  files: FileInfo[];
  /** The SCALE-Sim .cfg read with the topology, if one was given. */
  config?: ScalesimConfig;
  /** Warnings of the importer and of the .cfg. */
  warnings: string[];
  /** A topology CSV imported with its .cfg: both texts, for SCALE-Sim mode (the worker API's scalesimMode). */
  scalesimSources?: ScalesimSources;
  /** ONNX: the graph inputs as the file declares them (at most MAX_LISTED_INPUTS). */
  onnxInputs?: OnnxGraphInput[];
  /** ONNX: the sizes it was imported with. */
  shapes?: OnnxShapes;
  /** ONNX, imported in this page (not kept with a saved import): the import report (shared/workload/import-report.ts). */
  report?: ImportReport;
}

/** Graph inputs listed for the shape fields (a model with more lists its first ones). */
export const MAX_LISTED_INPUTS = 32;

/** An import that failed; for an ONNX model, with the graph inputs it declares (so sizes can be given). */
export class ImportError extends Error {
  constructor(message: string, readonly onnxInputs?: OnnxGraphInput[]) {
    super(message);
  }
}

/** Whether a graph input has a dynamic size past the batch (or no shape): the file needs sizes to import. */
export const needsSizes = (inputs: readonly OnnxGraphInput[] | undefined): boolean =>
  !!inputs?.some((i) => !i.dims || i.dims.slice(1).some((d) => typeof d !== 'number'));

/** Strict UTF-8; the message names `file` when given (the workload file's caller adds its name itself). */
function readText(bytes: Uint8Array, file?: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${file ? `${file}: ` : ''}not UTF-8 text (is it the right file?)`);
  }
}

/**
 * Import one workload from the files the user dropped: one workload file, or a topology CSV with its .cfg.
 * Rejects with one line naming the file and the problem.
 */
export async function importFiles(files: readonly File[], zoo: readonly string[] = zooNames(), shapes?: OnnxShapes): Promise<ImportedWorkload> {
  if (files.length === 0) throw new Error('no file was dropped');
  const infos = files.map((f): FileInfo & { file: File } => {
    const kind = kindOf(f.name);
    if (!kind) throw new Error(`${f.name}: unsupported file type "${extOf(f.name) || '(none)'}" (use .onnx, .csv with an optional .cfg, .yaml/.yml or .json)`);
    return { name: f.name, bytes: f.size, kind, file: f };
  });
  const cfgs = infos.filter((i) => i.kind === 'scalesim-cfg');
  const models = infos.filter((i) => i.kind !== 'scalesim-cfg');
  if (models.length === 0) throw new Error(`${cfgs[0].name}: a SCALE-Sim .cfg describes the array, not a workload; drop it together with its topology .csv`);
  if (models.length > 1) throw new Error(`${models.length} workload files were dropped (${models.map((m) => m.name).join(', ')}); import one at a time`);
  if (cfgs.length > 1) throw new Error(`${cfgs.length} .cfg files were dropped; give one with the topology`);
  const model = models[0];
  const cfg = cfgs[0];
  if (cfg && model.kind !== 'scalesim') throw new Error(`${cfg.name}: a .cfg goes with a SCALE-Sim topology .csv, not with ${KIND_LABELS[model.kind]} ${model.name}`);
  if (model.kind !== 'onnx') shapes = undefined; // the fields are an ONNX model's
  const limits = await importLimits();
  const m = await importers();
  for (const f of [model, ...(cfg ? [cfg] : [])]) {
    if (f.bytes === 0) throw new Error(`${f.name}: the file is empty`);
    if (f.bytes > limits[f.kind]) throw new Error(`${f.name} is ${fileSize(f.bytes)}; at most ${fileSize(limits[f.kind])} is read for a ${KIND_LABELS[f.kind]}`);
  }
  const bytes = new Uint8Array(await model.file.arrayBuffer());
  const name = workloadNameFor(model.name, zoo);
  const warnings: string[] = [];
  let spec: WorkloadSpec;
  let config: ScalesimConfig | undefined;
  let onnxInputs: OnnxGraphInput[] | undefined;
  let scalesimSources: ScalesimSources | undefined;
  try {
    spec = m.file.importWorkloadFile(model.kind as WorkloadFileKind, bytes, {
      name,
      decode: (b) => readText(b),
      jsonName: (own) => (typeof own === 'string' && !zoo.includes(own) ? own : name),
      ...(shapes ? { shapes } : {}),
      onGraphInputs: (inputs) => { onnxInputs = inputs.slice(0, MAX_LISTED_INPUTS); },
    });
  } catch (e) {
    throw new ImportError(`${model.name}: ${(e as Error).message.replace(/^: /, '')}`, onnxInputs);
  }
  warnings.push(...(spec.warnings ?? []));
  if (cfg) {
    const cfgText = readText(new Uint8Array(await cfg.file.arrayBuffer()), cfg.name);
    try {
      const r = m.scalesim.parseScalesimConfig(cfgText);
      config = r.config;
      warnings.push(...r.warnings);
      scalesimSources = { topology: readText(bytes, model.name), config: cfgText };
    } catch (e) {
      throw new Error(`${cfg.name}: ${(e as Error).message}`);
    }
  }
  return {
    spec, counts: workloadCounts(spec), warnings, ...(config ? { config } : {}), ...(scalesimSources ? { scalesimSources } : {}),
    files: [model, ...(cfg ? [cfg] : [])].map(({ name: n, bytes: b, kind }) => ({ name: n, bytes: b, kind })),
    ...(onnxInputs ? { onnxInputs } : {}), ...(shapes ? { shapes } : {}),
    ...(model.kind === 'onnx' ? { report: m.report.onnxImportReport(spec) } : {}),
  };
}

/**
 * The design a SCALE-Sim .cfg describes, in this tool's terms: one core with one array of its size and dataflow, and
 * a local memory of its three SRAMs rounded up to whole MiB; the rest is tpu-v3's. Null (with the reason) when the
 * array lies outside the parameter table.
 */
export function designFromScalesimConfig(c: ScalesimConfig): { spec: HardwareSpec } | { reason: string } {
  const localMemoryMiB = Math.min(64, Math.max(1, Math.ceil((c.ifmapSramKb + c.filterSramKb + c.ofmapSramKb) / 1024)));
  const v = validateHardwareSpec({
    ...PRESETS['tpu-v3'], cores: 1, arraysPerCore: 1, arrayRows: c.arrayRows, arrayCols: c.arrayCols, dataflow: c.dataflow, localMemoryMiB,
  });
  if (!v.ok) return { reason: `the .cfg's ${c.arrayRows}×${c.arrayCols} array is outside the parameter table: ${v.issues[0].message}` };
  return { spec: v.spec };
}

// ------------------------------------------------------------------------------------------- persistence (IndexedDB)

export const IMPORT_RECORD_FORMAT = 'fast-explorer/import';
/** Version 1: { spec, files, config?, onnxInputs?, shapes?, scalesimSources? } (the last three added later; records without them read as before). */
export const IMPORT_RECORD_VERSION = 1;

export interface ImportRecord {
  spec: WorkloadSpec;
  files: FileInfo[];
  config?: ScalesimConfig;
  /** ONNX: the graph inputs the file declares. */
  onnxInputs?: OnnxGraphInput[];
  /** ONNX: the sizes it was imported with. */
  shapes?: OnnxShapes;
  /** A topology CSV with its .cfg: both texts (SCALE-Sim mode). */
  scalesimSources?: ScalesimSources;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isSize = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_DIM;

/** The saved sizes, checked (a malformed one is an Error naming what is wrong). */
function validShapes(v: unknown): OnnxShapes {
  if (!isRecord(v)) throw new Error('the saved import\'s sizes are not an object');
  const out: OnnxShapes = {};
  if (v.inputShapes !== undefined) {
    if (!isRecord(v.inputShapes) || !Object.values(v.inputShapes).every((d) => Array.isArray(d) && d.length > 0 && d.every(isSize))) {
      throw new Error('the saved import\'s input shapes are not lists of whole sizes');
    }
    out.inputShapes = v.inputShapes as Record<string, number[]>;
  }
  if (v.dims !== undefined) {
    if (!isRecord(v.dims) || !Object.values(v.dims).every(isSize)) throw new Error('the saved import\'s dimension sizes are not whole sizes');
    out.dims = v.dims as Record<string, number>;
  }
  return out;
}

/** The saved graph inputs, checked. */
function validInputs(v: unknown): OnnxGraphInput[] {
  const ok = Array.isArray(v) && v.length <= MAX_LISTED_INPUTS && v.every((i) => isRecord(i) && typeof i.name === 'string'
    && (i.dims === null || (Array.isArray(i.dims) && i.dims.length <= 64 && i.dims.every((d) => d === null || typeof d === 'string' || isSize(d)))));
  if (!ok) throw new Error('the saved import\'s graph inputs are malformed');
  return v as OnnxGraphInput[];
}

/** The saved topology and .cfg texts, checked (within the importers' limits). */
function validSources(v: unknown): ScalesimSources {
  if (!isRecord(v) || typeof v.topology !== 'string' || typeof v.config !== 'string' || v.topology.length > 2 ** 20 || v.config.length > 64 * 1024) {
    throw new Error('the saved import\'s SCALE-Sim texts are malformed');
  }
  return { topology: v.topology, config: v.config };
}

export function validateImportRecord(value: unknown): ImportRecord {
  const v = value as Partial<ImportRecord> | null;
  if (!v || typeof v !== 'object') throw new Error('the saved import is not an object');
  let spec: WorkloadSpec;
  try {
    spec = parseWorkload(v.spec, 'saved workload');
  } catch (e) {
    throw new Error((e as Error).message.split('\n')[0]);
  }
  if (!Array.isArray(v.files)) throw new Error('the saved import lists no files');
  return {
    spec, files: v.files as FileInfo[], ...(v.config ? { config: v.config } : {}),
    ...(v.onnxInputs !== undefined ? { onnxInputs: validInputs(v.onnxInputs) } : {}),
    ...(v.shapes !== undefined ? { shapes: validShapes(v.shapes) } : {}),
    ...(v.scalesimSources !== undefined ? { scalesimSources: validSources(v.scalesimSources) } : {}),
  };
}

export function toImported(r: ImportRecord): ImportedWorkload {
  return {
    spec: r.spec, counts: workloadCounts(r.spec), files: r.files, warnings: [...(r.spec.warnings ?? [])], ...(r.config ? { config: r.config } : {}),
    ...(r.onnxInputs ? { onnxInputs: r.onnxInputs } : {}), ...(r.shapes ? { shapes: r.shapes } : {}),
    ...(r.scalesimSources ? { scalesimSources: r.scalesimSources } : {}),
  };
}
