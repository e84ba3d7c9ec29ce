// The state of one ONNX import: the IR graph being built, the ONNX values by name, the batch and opset, and how an
// ONNX value becomes an IR tensor (per-sample shapes; graph inputs, weights and activations materialized on first
// use under unique names).
import { elementsOf, type GraphBuilder } from '../../builder';
import { FLOAT_TYPES, INT_BYTES, Unsupported, type Val } from './model';
import { validDims } from './shapes';

/** A name from the file as an IR name: at most 200 characters, never empty. */
export const sanitize = (s: string) => (s.length > 200 ? s.slice(0, 200) : s) || 'tensor';

const root = (v: Val): Val => (v.alias ? root(v.alias) : v);

export class ImportContext {
  /** Per ONNX op type, the ops costed as one transcendental (tanh). */
  readonly approximated = new Map<string, number>();
  /** The ONNX op type behind each emitted IR op (for the pattern passes). */
  readonly origin: string[] = [];
  /** Weights derived from a constant (a transposed conv's per-phase filters), by key: made once, however often used. */
  readonly derived = new Map<string, string>();

  constructor(
    readonly g: GraphBuilder,
    /** ONNX values by name: initializers and graph inputs, then every node's outputs. */
    readonly values: Map<string, Val>,
    /** The batch (graph inputs' first dimension): tensors are per sample. */
    readonly batch: number,
    readonly opset: number,
    private readonly floatBytes: number,
  ) {}

  /** A floating-point element type (costed at the import's element size). */
  readonly isFloat = (dtype: number) => FLOAT_TYPES.has(dtype) || dtype === 0;

  readonly bytesOf = (dtype: number) => (FLOAT_TYPES.has(dtype) || dtype === 0 ? this.floatBytes : INT_BYTES[dtype] ?? this.floatBytes);

  readonly perSample = (v: Val): number[] => {
    const B = this.batch;
    const dims = v.dims!;
    if (dims.length > 0 && dims[0] === B) return dims.length > 1 ? dims.slice(1) : [1];
    const n = elementsOf(dims) / B;
    if (!Number.isInteger(n)) throw new Unsupported(`tensor "${v.onnxName}" of shape [${dims}] does not split into ${B} samples`);
    return [n];
  };

  readonly samples = (v: Val) => elementsOf(this.perSample(v));

  /** The IR tensor of an activation (a graph input or a skipped op's output is materialized as an `input`). */
  readonly act = (v: Val): string => {
    const r = root(v);
    if (r.ir) return r.ir;
    if (!r.external || !r.dims) throw new Unsupported(`"${v.onnxName}" has no producer`);
    r.ir = this.g.uniqueName(sanitize(r.onnxName));
    this.g.addTensor({ name: r.ir, shape: this.perSample(r), elementBytes: this.bytesOf(r.dtype), kind: 'input' });
    return r.ir;
  };

  /** The IR tensor of a constant (a weight, whole: constants have no batch). */
  readonly weight = (v: Val): string => {
    const r = root(v);
    if (r.ir) return r.ir;
    if (!r.dims) throw new Unsupported(`constant "${v.onnxName}" has an unknown shape`);
    if (elementsOf(r.dims) === 0) throw new Unsupported(`constant "${v.onnxName}" is empty`);
    r.ir = this.g.uniqueName(sanitize(r.onnxName));
    this.g.addTensor({ name: r.ir, shape: r.dims.length ? r.dims : [1], elementBytes: this.bytesOf(r.dtype), kind: 'weight' });
    return r.ir;
  };

  /** A new activation produced by an emitted op. */
  readonly newAct = (onnxName: string, dims: number[], dtype: number): Val => {
    if (!validDims(dims)) throw new Unsupported(`shape [${dims}]`);
    const v: Val = { dims, dtype, isConst: false, onnxName };
    v.ir = this.g.uniqueName(sanitize(onnxName));
    this.g.addTensor({ name: v.ir, shape: this.perSample(v), elementBytes: this.bytesOf(dtype), kind: 'activation' });
    return v;
  };
}
