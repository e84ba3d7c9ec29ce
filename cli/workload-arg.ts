// Resolve a `--workload W` (or `fast import FILE`) argument: a zoo name, or a file — .json (a WorkloadSpec),
// .onnx (ONNX model), .csv (SCALE-Sim topology), .yaml/.yml (Timeloop problem), read from disk and imported by
// shared/workload/import-file.ts (as the page does). Every failure is a UsageError with one line naming the
// problem (exit 2); an unknown name lists the zoo.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { isZooName, zooNames, zooWorkload, type WorkloadSpec } from '../shared/workload/index';
import { importWorkloadFile, workloadFileKind, WORKLOAD_FILE_KINDS, WORKLOAD_FILE_LIMITS } from '../shared/workload/import-file';
import { UsageError } from './errors';

const TYPES = Object.keys(WORKLOAD_FILE_KINDS);

const looksLikeFile = (arg: string) => /[\\/]/.test(arg) || TYPES.includes(extname(arg).toLowerCase());

export async function resolveWorkload(arg: string): Promise<WorkloadSpec> {
  if (isZooName(arg)) return zooWorkload(arg);
  if (!looksLikeFile(arg)) {
    throw new UsageError(`unknown workload "${arg}": not a zoo workload (${zooNames().join(', ')}) or a ${TYPES.join('/')} file`);
  }
  return readWorkloadFile(arg);
}

/** Read and import one workload file; the workload is named after the file (unless a .json names itself). */
export async function readWorkloadFile(path: string): Promise<WorkloadSpec> {
  const ext = extname(path).toLowerCase();
  const kind = workloadFileKind(ext);
  if (!kind) {
    throw new UsageError(`workload file "${path}": unsupported type "${ext || '(none)'}" (use ${TYPES.join(', ')})`);
  }
  const limit = WORKLOAD_FILE_LIMITS[kind];
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UsageError(`cannot read workload file "${path}": not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read workload file "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > limit) throw new UsageError(`workload file "${path}" is ${size} bytes; at most ${limit} are read for ${ext}`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read workload file "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return importWorkloadFile(kind, bytes, { name: basename(path, extname(path)) || 'workload' });
  } catch (e) {
    throw new UsageError(`workload file "${path}": ${(e as Error).message}`);
  }
}
