// One workload file → a WorkloadSpec, by its extension: ONNX (.onnx), SCALE-Sim topology CSV (.csv), Timeloop
// problem YAML (.yaml/.yml) or WorkloadSpec JSON (.json), with the size limit of each type. Shared by the CLI
// (`fast import`, `--workload FILE`: cli/workload-arg.ts reads the file from disk) and the page's Import view
// (web/src/lib/import-files.ts reads the dropped File, and loads this module on first use); each caller checks the
// type and size first and puts the file's name in front of the one-line errors in its own words. An ONNX model's
// dynamic dimensions are sized by the caller's `shapes` (the same for both); given with another type, they are an
// error.
import {
  importOnnx, importScalesimCsv, importTimeloop, parseWorkload, MAX_ONNX_BYTES, MAX_TIMELOOP_BYTES, type WorkloadSpec,
} from './index';
import { MAX_TOPOLOGY_BYTES } from './importers/scalesim';
import { MAX_DIM } from './schema';
import type { OnnxGraphInput } from './importers/onnx';

export type WorkloadFileKind = 'onnx' | 'scalesim' | 'timeloop' | 'json';

/** The workload file types by extension, in the order messages list them. */
export const WORKLOAD_FILE_KINDS: Readonly<Record<string, WorkloadFileKind>> = {
  '.json': 'json', '.onnx': 'onnx', '.csv': 'scalesim', '.yaml': 'timeloop', '.yml': 'timeloop',
};

/** Largest file read per type, bytes: the importers' own limits, and 64 MiB of JSON. */
export const WORKLOAD_FILE_LIMITS: Readonly<Record<WorkloadFileKind, number>> = {
  onnx: MAX_ONNX_BYTES, scalesim: MAX_TOPOLOGY_BYTES, timeloop: MAX_TIMELOOP_BYTES, json: 64 * 2 ** 20,
};

/** The type of a file extension ('.onnx', lower case), or null when no importer reads it. */
export function workloadFileKind(ext: string): WorkloadFileKind | null {
  return Object.prototype.hasOwnProperty.call(WORKLOAD_FILE_KINDS, ext) ? WORKLOAD_FILE_KINDS[ext] : null;
}

export interface ImportFileOptions {
  /** The workload's name (a .json that names itself keeps its own name, as `jsonName` decides). */
  name: string;
  /** Bytes → text for the text formats (default: UTF-8, malformed bytes replaced). */
  decode?: (bytes: Uint8Array) => string;
  /** The name a .json object is given, from its own `name` field (default: its own unless missing, else `name`). */
  jsonName?: (own: unknown) => unknown;
  /** ONNX only: sizes of the graph inputs' dynamic dimensions (`--input-shape`, `--dim`, the Import view's fields). */
  shapes?: OnnxShapes;
  /** ONNX only: told the graph inputs as declared, before their shapes are checked. */
  onGraphInputs?: (inputs: OnnxGraphInput[]) => void;
}

/** Sizes for an ONNX model's dynamic dimensions: whole shapes by graph input (batch first), and named symbols. */
export interface OnnxShapes {
  inputShapes?: Record<string, number[]>;
  dims?: Record<string, number>;
}

/** Whether `s` gives any size. */
export const hasOnnxShapes = (s: OnnxShapes | undefined): boolean =>
  !!s && (Object.keys(s.inputShapes ?? {}).length > 0 || Object.keys(s.dims ?? {}).length > 0);

/** The words for the two kinds of entry in messages: the CLI's flags, or the page's fields. */
export interface ShapeLabels { inputShape: string; dim: string }
export const CLI_SHAPE_LABELS: ShapeLabels = { inputShape: '--input-shape', dim: '--dim' };

/** An entry's text in a message: quoted, at most 80 characters. */
const shown = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** Split NAME=VALUE at the last '=' (names from a file may hold '='; sizes never do). */
function nameValue(label: string, text: string, example: string): [string, string] {
  const at = text.lastIndexOf('=');
  if (at <= 0) throw new Error(`${label} ${shown(text)}: expected NAME=${example}`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** One size: a whole number from 1 to MAX_DIM, in decimal digits (spaces around it allowed). */
function size(label: string, text: string, raw: string, where: string): number {
  const v = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(Number.isInteger(v) && v >= 1 && v <= MAX_DIM)) throw new Error(`${label} ${shown(text)}: size ${shown(raw)}${where} is not a whole number from 1 to ${MAX_DIM}`);
  return v;
}

/**
 * `NAME=D1,D2,…` input shapes and `NAME=VALUE` symbol sizes (the CLI's --input-shape and --dim, the Import view's
 * fields) → OnnxShapes (undefined when none); a malformed entry or a name given twice is an Error of one line.
 * Whether the names exist in the model and the ranks match is the importer's check.
 */
export function parseShapeEntries(entries: { inputShapes?: readonly string[]; dims?: readonly string[] }, labels: ShapeLabels = CLI_SHAPE_LABELS): OnnxShapes | undefined {
  const inputShapes = new Map<string, number[]>();
  const dims = new Map<string, number>();
  for (const text of entries.inputShapes ?? []) {
    const [name, list] = nameValue(labels.inputShape, text, 'D1,D2,… (e.g. x=1,3,640,640)');
    if (inputShapes.has(name)) throw new Error(`${labels.inputShape}: input ${shown(name)} is given twice`);
    const parts = list.split(',');
    inputShapes.set(name, parts.map((p, axis) => size(labels.inputShape, text, p, parts.length > 1 ? ` (axis ${axis})` : '')));
  }
  for (const text of entries.dims ?? []) {
    const [name, value] = nameValue(labels.dim, text, 'VALUE (e.g. sequence_length=128)');
    if (dims.has(name)) throw new Error(`${labels.dim}: dimension ${shown(name)} is given twice`);
    dims.set(name, size(labels.dim, text, value, ''));
  }
  const shapes: OnnxShapes = {
    ...(inputShapes.size ? { inputShapes: Object.fromEntries(inputShapes) } : {}),
    ...(dims.size ? { dims: Object.fromEntries(dims) } : {}),
  };
  return hasOnnxShapes(shapes) ? shapes : undefined;
}

/** OnnxShapes back as entries (NAME=D1,D2,… and NAME=VALUE), e.g. to fill the page's fields from a saved import. */
export function shapeEntries(s: OnnxShapes | undefined): { inputShapes: string[]; dims: string[] } {
  return {
    inputShapes: Object.entries(s?.inputShapes ?? {}).map(([n, d]) => `${n}=${d.join(',')}`),
    dims: Object.entries(s?.dims ?? {}).map(([n, v]) => `${n}=${v}`),
  };
}

/** The one line for shapes given with a file that is not an ONNX model. */
export const SHAPES_ONNX_ONLY = 'input shapes and dimension sizes (--input-shape, --dim) apply to ONNX files only';

/** Import the bytes of one workload file of type `kind`; throws an Error with a one-line message. */
export function importWorkloadFile(kind: WorkloadFileKind, bytes: Uint8Array, o: ImportFileOptions): WorkloadSpec {
  const { name } = o;
  const text = () => (o.decode ? o.decode(bytes) : new TextDecoder('utf-8').decode(bytes));
  if (kind !== 'onnx' && hasOnnxShapes(o.shapes)) throw new Error(SHAPES_ONNX_ONLY);
  try {
    switch (kind) {
      case 'onnx': return importOnnx(bytes, {
        name, inputShapes: o.shapes?.inputShapes, symbols: o.shapes?.dims, ...(o.onGraphInputs ? { onGraphInputs: o.onGraphInputs } : {}),
      });
      case 'scalesim': return importScalesimCsv(text(), { name });
      case 'timeloop': return importTimeloop(text(), { name });
      default: {
        let value: unknown;
        try {
          value = JSON.parse(text());
        } catch (e) {
          throw new Error(`invalid JSON (${oneLine((e as Error).message)})`);
        }
        // A hand-written spec may leave out where it came from and its name.
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          const v = value as Record<string, unknown>;
          value = { ...v, source: v.source ?? 'json', name: o.jsonName ? o.jsonName(v.name) : v.name ?? name };
        }
        return parseWorkload(value, '');
      }
    }
  } catch (e) {
    throw new Error(oneLine((e as Error).message));
  }
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
