// One workload file → a WorkloadSpec, by its extension: ONNX (.onnx), SCALE-Sim topology CSV (.csv), Timeloop
// problem YAML (.yaml/.yml) or WorkloadSpec JSON (.json), with the size limit of each type. A .json that is a
// Hugging Face config.json (it has model_type or architectures, and no ops/tensors) becomes a decoder-only LLM
// workload (shared/workload/llm/: llmConfigFromHf, the default settings: decode at context 1024, bf16), named `name`. Shared by the CLI
// (`fast import`, `--workload FILE`: cli/workload-arg.ts reads the file from disk) and the page's Import view
// (web/src/lib/import-files.ts reads the dropped File, and loads this module on first use); each caller checks the
// type and size first and puts the file's name in front of the one-line errors in its own words. An ONNX model's
// dynamic dimensions are sized by the caller's `shapes` (the same for both); given with another type, they are an
// error.
import {
  importOnnx, importScalesimCsv, importTimeloop, parseWorkload, MAX_ONNX_BYTES, MAX_TIMELOOP_BYTES, type WorkloadSpec,
} from './index';
import { MAX_TOPOLOGY_BYTES } from './importers/scalesim';
import type { OnnxGraphInput } from './importers/onnx';
import { hasOnnxShapes, SHAPES_ONNX_ONLY, type OnnxShapes } from './shape-entries';
import { DEFAULT_LLM_SETTINGS, isHfConfig, llmConfigFromHf, llmWorkload } from './llm/index';

export {
  CLI_SHAPE_LABELS, hasOnnxShapes, parseShapeEntries, shapeEntries, SHAPES_ONNX_ONLY, type OnnxShapes, type ShapeLabels,
} from './shape-entries';

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
        // A Hugging Face config.json: the LLM it describes (its shapes; no weights are read).
        if (isHfConfig(value)) return { ...llmWorkload(llmConfigFromHf(value, name), { ...DEFAULT_LLM_SETTINGS }, name), source: 'json' };
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
