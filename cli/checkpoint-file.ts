// Checkpoint files for long CLI runs: written atomically (a temp file in the same folder, then rename), one write
// at a time, so a kill at any moment leaves either the previous checkpoint or the new one, never a torn file.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { UsageError } from './errors';

/** Serialized atomic JSON writes to one path. `write` resolves when this value (or a later one) is on disk. */
export class AtomicJsonFile {
  readonly path: string;
  #chain: Promise<void> = Promise.resolve();
  constructor(path: string) { this.path = path; }

  write(value: unknown): Promise<void> {
    const text = JSON.stringify(value); // snapshot now: the caller may mutate the value afterwards
    this.#chain = this.#chain.then(async () => {
      const tmp = `${this.path}.tmp-${process.pid}`;
      try {
        await writeFile(tmp, text);
        await rename(tmp, this.path);
      } catch (e) {
        await rm(tmp, { force: true }).catch(() => {});
        throw new UsageError(`cannot write checkpoint "${this.path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    });
    return this.#chain;
  }
}

/** Read a JSON checkpoint if the file exists; a corrupt file is a UsageError naming it (never a crash). */
export async function readJsonIfExists(path: string, what: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${what} "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} "${path}" is corrupt (not JSON): delete it to start over`);
  }
}
