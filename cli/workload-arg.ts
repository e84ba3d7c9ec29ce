// Resolve a `--workload W` (or `fast import FILE`) argument: a zoo name, or a file — .json (a WorkloadSpec),
// .onnx (ONNX model), .csv (SCALE-Sim topology), .yaml/.yml (Timeloop problem). Every failure is a UsageError
// with one line naming the problem (exit 2); an unknown name lists the zoo.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  importOnnx, importScalesimCsv, importTimeloop, isZooName, parseWorkload, zooNames, zooWorkload,
  MAX_ONNX_BYTES, MAX_TIMELOOP_BYTES, type WorkloadSpec,
} from '../shared/workload/index';
import { MAX_TOPOLOGY_BYTES } from '../shared/workload/importers/scalesim';
import { UsageError } from './errors';

/** Largest file read per type (bytes). */
export const WORKLOAD_FILE_LIMITS: Readonly<Record<string, number>> = {
  '.json': 64 * 2 ** 20,
  '.onnx': MAX_ONNX_BYTES,
  '.csv': MAX_TOPOLOGY_BYTES,
  '.yaml': MAX_TIMELOOP_BYTES,
  '.yml': MAX_TIMELOOP_BYTES,
};
const TYPES = Object.keys(WORKLOAD_FILE_LIMITS);

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
  const limit = WORKLOAD_FILE_LIMITS[ext];
  if (limit === undefined) {
    throw new UsageError(`workload file "${path}": unsupported type "${ext || '(none)'}" (use ${TYPES.join(', ')})`);
  }
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
  const name = basename(path, extname(path)) || 'workload';
  const text = () => new TextDecoder('utf-8').decode(bytes);
  try {
    switch (ext) {
      case '.onnx': return importOnnx(bytes, { name });
      case '.csv': return importScalesimCsv(text(), { name });
      case '.yaml': case '.yml': return importTimeloop(text(), { name });
      default: {
        let value: unknown;
        try {
          value = JSON.parse(text());
        } catch (e) {
          throw new Error(`invalid JSON (${(e as Error).message.replace(/\s*\n\s*/g, ' ')})`);
        }
        // A hand-written spec may leave out where it came from and its name.
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          const v = value as Record<string, unknown>;
          value = { ...v, source: v.source ?? 'json', name: v.name ?? name };
        }
        return parseWorkload(value, '');
      }
    }
  } catch (e) {
    throw new UsageError(`workload file "${path}": ${(e as Error).message.replace(/\s*\n\s*/g, ' ')}`);
  }
}
