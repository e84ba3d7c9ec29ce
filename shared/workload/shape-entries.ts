// Sizes for an ONNX model's dynamic dimensions as the CLI's `--input-shape NAME=D1,D2,…` / `--dim NAME=VALUE` flags
// and the page's Import view fields give them: parsed here (one-line errors naming the entry), checked against the
// model by the importer (onnx/decode.ts). No importer code, so the page loads it without the parsers.
import { MAX_DIM } from './schema';

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

