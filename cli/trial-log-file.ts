// The trial log file of `fast search --checkpoint F` (local or --queue): shared/search/trial-log.ts's JSON Lines,
// appended as the study goes — a chunk's results without a flush, a batch's trials and its end followed by fsync —
// so a 10^5-trial study costs one append per batch, not a rewrite of the whole study. A new log (and --restart, and
// an older whole-JSON checkpoint converted on resume) is created atomically: temp file, fsync, rename. On resume the
// log is read line by line, a torn last line (a kill mid-write) is ignored, the file is cut back to its last batch
// end and the results of the batch in flight are logged again. A log that cannot be used is one UsageError naming
// the file and the way out (delete it or --restart), as for the older checkpoints (cli/checkpoint-file.ts).
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CheckpointError, validateCheckpoint, type Checkpoint, type StudySpec } from '../shared/search/index';
import { TrialLogEncoder, TrialLogReader, trialLogHeader, trialLogText } from '../shared/search/trial-log';
import { fsReason, UsageError } from './errors';
import { MAX_CHECKPOINT_BYTES, unusableCheckpoint } from './checkpoint-file';

/** What a checkpoint file holds: a trial log (and where its kept part ends) or an older whole-JSON checkpoint. */
export interface ReadTrialLog {
  checkpoint: Checkpoint;
  kind: 'log' | 'json';
  keepBytes: number;
  tornLastLine: boolean;
}

/**
 * The study in the checkpoint file at `path` (a trial log, or an older JSON checkpoint), validated against `study`;
 * undefined when there is no file. Anything unusable is a UsageError naming the file and the way out.
 */
export async function readTrialLog(path: string, study: StudySpec, workloadDigest: string): Promise<ReadTrialLog | undefined> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw unusableCheckpoint(path, 'it is not a file');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read checkpoint "${path}": ${fsReason(e)}`);
  }
  const reader = new TrialLogReader();
  try {
    let rest: Buffer = Buffer.alloc(0);
    let offset = 0; // bytes consumed before `rest`
    try {
      for await (const chunk of createReadStream(path)) {
        const buf = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
        let start = 0;
        for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
          reader.line(buf.toString('utf8', start, nl), offset + nl + 1);
          start = nl + 1;
        }
        offset += start;
        rest = buf.subarray(start);
        if (rest.length > MAX_CHECKPOINT_BYTES) throw new CheckpointError(`the file has a line longer than the ${MAX_CHECKPOINT_BYTES} bytes read`);
      }
    } catch (e) {
      if (e instanceof CheckpointError) throw e;
      throw new UsageError(`cannot read checkpoint "${path}": ${fsReason(e)}`);
    }
    if (rest.length) reader.line(rest.toString('utf8'), offset + rest.length, true);
    const r = reader.finish(study, workloadDigest);
    if (r.kind === 'json') return { checkpoint: validateCheckpoint(r.value, study, workloadDigest), kind: 'json', keepBytes: 0, tornLastLine: false };
    return { checkpoint: r.checkpoint, kind: 'log', keepBytes: r.keepBytes, tornLastLine: r.tornLastLine };
  } catch (e) {
    if (e instanceof CheckpointError) throw unusableCheckpoint(path, e.message);
    throw e;
  }
}

const writeError = (path: string, e: unknown) => (e instanceof UsageError ? e : new UsageError(`cannot write checkpoint "${path}": ${fsReason(e)}`));

/** Write `text` to `path` atomically and durably (temp file in the same folder, fsync, rename, folder fsync). */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw writeError(path, e);
  }
  try {
    const dir = await open(dirname(path), 'r');
    try { await dir.sync(); } finally { await dir.close(); }
  } catch { /* not every platform can fsync a folder */ }
}

/** An open trial log: appends the runner's checkpoints (study.ts onCheckpoint), serialized, fsync per batch. */
export class TrialLogFile {
  readonly path: string;
  #fh: FileHandle;
  #enc: TrialLogEncoder;
  #chain: Promise<void> = Promise.resolve();
  /** Batches appended (and flushed) since the log was opened. */
  batches = 0;

  private constructor(path: string, fh: FileHandle, told: number) {
    this.path = path;
    this.#fh = fh;
    this.#enc = new TrialLogEncoder(told);
  }

  /**
   * Open the log at `path` for `study`: a new one (no file, or `restart`), or the one there, resumed (returned as
   * `resume`). An older JSON checkpoint is converted to a log (atomically) first.
   */
  static async open(path: string, study: StudySpec, workloadDigest: string, restart = false): Promise<{ log: TrialLogFile; resume?: Checkpoint; tornLastLine: boolean }> {
    const found = restart ? undefined : await readTrialLog(path, study, workloadDigest);
    if (!found) await writeAtomic(path, trialLogHeader(study, workloadDigest));
    else if (found.kind === 'json') await writeAtomic(path, trialLogText(found.checkpoint));
    let fh: FileHandle;
    try {
      if (found?.kind === 'log') {
        // Cut the log back to its last batch end (a torn line, a batch cut short), then log the pending results again.
        const rw = await open(path, 'r+');
        try { await rw.truncate(found.keepBytes); await rw.sync(); } finally { await rw.close(); }
      }
      fh = await open(path, 'a');
    } catch (e) {
      throw writeError(path, e);
    }
    const log = new TrialLogFile(path, fh, found?.checkpoint.trials.length ?? 0);
    if (found?.kind === 'log' && found.checkpoint.pending.length) await log.append(found.checkpoint, 'stop');
    return { log, resume: found?.checkpoint, tornLastLine: found?.tornLastLine ?? false };
  }

  /** Append what `cp` adds (study.ts onCheckpoint): a chunk's results unflushed, a batch (or a stop) flushed. */
  append(cp: Checkpoint, when: 'batch' | 'chunk' | 'stop'): Promise<void> {
    const text = this.#enc.append(cp, when);
    if (when === 'batch') this.batches++;
    this.#chain = this.#chain.then(async () => {
      try {
        if (text) await this.#fh.write(text);
        if (when !== 'chunk') await this.#fh.sync();
      } catch (e) {
        throw writeError(this.path, e);
      }
    });
    return this.#chain;
  }

  async close(): Promise<void> {
    await this.#chain.catch(() => {});
    await this.#fh.close().catch(() => {});
  }
}
