// Resolve a `--workload W` (or `fast import FILE`) argument: a zoo name, or a file — .json (a WorkloadSpec),
// .onnx (ONNX model), .csv (SCALE-Sim topology), .yaml/.yml (Timeloop problem), read from disk and imported by
// shared/workload/import-file.ts (as the page does). An ONNX model's dynamic dimensions are sized by the
// `--input-shape NAME=D1,D2,…` and `--dim NAME=VALUE` flags (addShapeOptions, parseShapeFlags), which apply to ONNX
// files only. Every failure is a UsageError with one line naming the problem (exit 2); an unknown name suggests the closest zoo names and lists the zoo.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { isZooName, parseLlmVariant, zooListText, zooNames, zooWorkload, type WorkloadSpec } from '../shared/workload/index';
import {
  hasOnnxShapes, importWorkloadFile, parseShapeEntries, workloadFileKind, SHAPES_ONNX_ONLY, WORKLOAD_FILE_KINDS, WORKLOAD_FILE_LIMITS,
  type OnnxShapes,
} from '../shared/workload/import-file';
import { asUsage, fsReason, UsageError } from './errors';
import { didYouMean } from '../shared/workload/suggest';

const TYPES = Object.keys(WORKLOAD_FILE_KINDS);

const looksLikeFile = (arg: string) => /[\\/]/.test(arg) || TYPES.includes(extname(arg).toLowerCase());

/** A zoo workload or a workload file; `shapes` (from --input-shape/--dim) size an ONNX model's dynamic dimensions. */
export async function resolveWorkload(arg: string, shapes?: OnnxShapes): Promise<WorkloadSpec> {
  if (isZooName(arg)) {
    if (hasOnnxShapes(shapes)) throw new UsageError(`${SHAPES_ONNX_ONLY}; "${arg}" is a zoo workload`);
    return zooWorkload(arg);
  }
  // An LLM variant name with a problem (`llama-3-8b:decode,context=0`): its one line, naming the key and the range.
  const llm = parseLlmVariant(arg);
  if (llm && 'error' in llm) throw new UsageError(llm.error);
  if (!looksLikeFile(arg)) {
    throw new UsageError(`unknown workload "${arg}"${didYouMean(arg, zooNames())}: not a zoo workload (${zooListText()}) or a ${TYPES.join('/')} file`);
  }
  return readWorkloadFile(arg, shapes);
}

/** Read and import one workload file; the workload is named after the file (unless a .json names itself). */
export async function readWorkloadFile(path: string, shapes?: OnnxShapes): Promise<WorkloadSpec> {
  const ext = extname(path).toLowerCase();
  const kind = workloadFileKind(ext);
  if (!kind) {
    throw new UsageError(`workload file "${path}": unsupported type "${ext || '(none)'}" (use ${TYPES.join(', ')})`);
  }
  if (kind !== 'onnx' && hasOnnxShapes(shapes)) throw new UsageError(`${SHAPES_ONNX_ONLY}; "${path}" is a ${ext} file`);
  const limit = WORKLOAD_FILE_LIMITS[kind];
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UsageError(`cannot read workload file "${path}": not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read workload file "${path}": ${fsReason(e)}`);
  }
  if (size > limit) throw new UsageError(`workload file "${path}" is ${size} bytes; at most ${limit} are read for ${ext}`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read workload file "${path}": ${fsReason(e)}`);
  }
  try {
    return importWorkloadFile(kind, bytes, { name: basename(path, extname(path)) || 'workload', ...(shapes ? { shapes } : {}) });
  } catch (e) {
    throw new UsageError(`workload file "${path}": ${(e as Error).message}`);
  }
}

// ------------------------------------------------------------------------------------- --input-shape and --dim

/** The flags as commander collects them (each repeatable). */
export interface ShapeFlags { inputShape?: string[]; dim?: string[] }

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Add `--input-shape NAME=D1,D2,…` and `--dim NAME=VALUE` (repeatable) to a command that reads a workload file. */
export function addShapeOptions(cmd: Command): Command {
  return cmd
    .option('--input-shape <NAME=D1,D2,…>', 'ONNX: the shape of graph input NAME, batch first, e.g. x=1,3,640,640 (repeatable)', collect)
    .option('--dim <NAME=VALUE>', 'ONNX: the size of the symbolic dimension NAME, e.g. sequence_length=128 (repeatable)', collect);
}

/** The ONNX shapes the flags give (undefined when none); a malformed flag is a UsageError naming it. */
export function parseShapeFlags(f: ShapeFlags): OnnxShapes | undefined {
  return asUsage(() => parseShapeEntries({ inputShapes: f.inputShape, dims: f.dim }));
}
