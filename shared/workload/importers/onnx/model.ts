// The ONNX importer's model: its limits and options, the record it keeps per ONNX value (Val), element types, the
// error a converter throws for an op it cannot cost (Unsupported), and how names from the file appear in messages.
import type { onnx as OnnxTypes } from 'onnx-proto';

export type NodeProto = OnnxTypes.INodeProto;
export type TensorProto = OnnxTypes.ITensorProto;
export type AttributeProto = OnnxTypes.IAttributeProto;
export type GraphProto = OnnxTypes.IGraphProto;
export type ModelProto = OnnxTypes.ModelProto;

/** Largest ONNX file read (models with external weights store only shapes here, so this is generous). */
export const MAX_ONNX_BYTES = 256 * 2 ** 20;
export const MAX_NODES = 200_000;
/** Constants with at most this many elements keep their values (enough for every shape computation). */
export const MAX_CONST_VALUES = 4096;

export interface OnnxImportOptions {
  /** Workload name (default: the graph's name). */
  name?: string;
  /** Bytes per element of floating-point tensors (default 2: the accelerator computes in bf16). */
  elementBytes?: number;
  /**
   * Sizes of named symbolic dimensions (`dim_param`), e.g. { sequence: 128 } (`fast … --dim sequence=128`); a name
   * that no graph input uses is an error. The batch's name may be given too (it then counts as a chosen batch).
   */
  symbols?: Record<string, number>;
  /**
   * Full dimensions of graph inputs by name, batch first, e.g. { x: [1, 3, 640, 640] } (`--input-shape x=1,3,640,640`):
   * they replace the declared shape (same rank when one is declared; fixed sizes that change are warned about), and
   * size the symbols the declared shape names for the other inputs. The first dimension is the batch, as if fixed.
   */
  inputShapes?: Record<string, number[]>;
  /** Told the graph inputs as declared, before their shapes are checked (the page offers shape fields from this). */
  onGraphInputs?: (inputs: OnnxGraphInput[]) => void;
}

/** A graph input as the file declares it: per axis a size, a symbol's name, or null (dynamic, unnamed). */
export interface OnnxGraphInput {
  name: string;
  /** Null when the file gives the input no shape. */
  dims: (number | string | null)[] | null;
}

export interface Val {
  /** Full dims (activations include the batch first); undefined when not inferable. */
  dims: number[] | undefined;
  dtype: number;
  isConst: boolean;
  /** Values of small constants. */
  data?: number[];
  /** The value whose tensor holds this one's data (shape-only ops). */
  alias?: Val;
  /** IR tensor once materialized. */
  ir?: string;
  onnxName: string;
  /** Graph inputs and outputs of skipped ops: materialized as IR `input` tensors. */
  external?: boolean;
}

type Long = { toNumber(): number };
/** A protobuf integer (number or Long) as a number; absent is 0. */
export const num = (v: number | Long | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

/** ONNX element types: floating point (costed at the import's element size) and integers' bytes. */
export const FLOAT_TYPES = new Set([1, 10, 11, 16]);
export const INT_BYTES: Record<number, number> = { 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 12: 4, 13: 8 };

/** An op the importer cannot cost: the node is skipped (counted per type in one warning), never a crash. */
export class Unsupported extends Error {}

/** Names from the file as they may appear in a one-line message: no control characters, at most 60 characters. */
export const printable = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s).replace(/[\u0000-\u001f\u007f]/g, '?');
/** A name from the file, quoted for a message. */
export const quoted = (s: string | null | undefined) => JSON.stringify(printable(s ?? ''));
/** "a, b, c and 9 more" — lists from a file stay short in messages. */
export const listed = (items: string[], max = 12) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));
