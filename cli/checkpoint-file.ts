// Checkpoint files of long CLI runs (`fast search`, `fast reproduce`): the one writer and the one reader.
// Writes are atomic and durable — the JSON goes to a temp file in the same folder, is flushed to disk (fsync), then
// renamed over the checkpoint — and serialized (one at a time, in call order), so a kill or a power cut at any moment
// leaves either the previous checkpoint or the new one, never a torn file. A checkpoint that cannot be used (not
// JSON, another format, another study, damaged) is a one-line UsageError that names the file and the choice: delete
// it, or pass --restart to start over (docs/model.md §8).
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsReason, UsageError } from './errors';

/** Largest checkpoint read (a million-trial study is a few hundred MiB of JSON). */
export const MAX_CHECKPOINT_BYTES = 512 * 2 ** 20;

/** The one-line message for a checkpoint that cannot be used, with the ways out (`alternative` first, if any). */
export function unusableCheckpoint(path: string, problem: string, alternative?: string): UsageError {
  const ways = alternative ? `${alternative}, delete it, or pass --restart to start over` : 'delete it or pass --restart to start over';
  return new UsageError(`checkpoint "${path}": ${problem.replace(/\s*\n\s*/g, ' ')}: ${ways}`);
}

export interface CheckpointFileOptions {
  /** Throttled writes (`write(v, { throttle: true })`) happen at most this often (default 1000 ms). */
  minIntervalMs?: number;
}

/** Serialized atomic JSON writes to one path. */
export class CheckpointFile {
  readonly path: string;
  #chain: Promise<void> = Promise.resolve();
  #lastThrottled = -Infinity;
  #minIntervalMs: number;

  constructor(path: string, opts: CheckpointFileOptions = {}) {
    this.path = path;
    this.#minIntervalMs = opts.minIntervalMs ?? 1000;
  }

  /**
   * Write `value` (serialized now: the caller may change it afterwards). Resolves when it is on disk. With
   * `throttle`, a write within minIntervalMs of the last throttled one is skipped (resolves with the writes queued).
   */
  write(value: unknown, opts: { throttle?: boolean } = {}): Promise<void> {
    if (opts.throttle) {
      const now = performance.now();
      if (now - this.#lastThrottled < this.#minIntervalMs) return this.#chain;
      this.#lastThrottled = now;
    }
    const text = JSON.stringify(value);
    this.#chain = this.#chain.then(() => this.#writeNow(text));
    return this.#chain;
  }

  async #writeNow(text: string): Promise<void> {
    const tmp = `${this.path}.tmp-${process.pid}`;
    try {
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(text);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.path);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => {});
      throw new UsageError(`cannot write checkpoint "${this.path}": ${fsReason(e)}`);
    }
    // The rename is durable once the folder is flushed too (best effort: not every platform can fsync a folder).
    try {
      const dir = await open(dirname(this.path), 'r');
      try { await dir.sync(); } finally { await dir.close(); }
    } catch { /* not supported here */ }
  }
}

/**
 * The parsed JSON of the checkpoint at `path`, or undefined when there is none. Unreadable, oversized or non-JSON
 * files are a UsageError naming the file and the way out (never a crash).
 */
export async function readCheckpointFile(path: string): Promise<unknown | undefined> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw unusableCheckpoint(path, 'it is not a file');
    size = s.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read checkpoint "${path}": ${fsReason(e)}`);
  }
  if (size > MAX_CHECKPOINT_BYTES) throw unusableCheckpoint(path, `the file is ${size} bytes, more than the ${MAX_CHECKPOINT_BYTES} read`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read checkpoint "${path}": ${fsReason(e)}`);
  }
  if (text.trim() === '') throw unusableCheckpoint(path, 'the file is empty');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw unusableCheckpoint(path, `the file is corrupt (not JSON: ${(e as Error).message.slice(0, 120)})`);
  }
}
