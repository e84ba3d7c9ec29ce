// Checkpoint files for long CLI runs: written atomically (a temp file in the same folder, then rename), so a
// kill at any moment leaves either the previous checkpoint or the new one, never a torn file.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { UsageError } from './errors';

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, path);
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
