// CLI error kinds and input helpers shared by every command.
import { readFile, stat } from 'node:fs/promises';

/** An error caused by the user's input: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** A command ran and printed its report, but a check in it failed (`fast validate`): one line, exit code 1. */
export class ChecksFailed extends Error {}

/** Read a text file (at most `maxBytes`) or fail with a one-line message naming the file and the reason. */
export async function readText(path: string, what: string, maxBytes = 64 * 2 ** 20): Promise<string> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UsageError(`cannot read ${what} "${path}": not a file`);
    if (s.size > maxBytes) throw new UsageError(`${what} "${path}" is ${s.size} bytes; at most ${maxBytes} are read`);
    return await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what} "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Run a parser/validator; its Error (which names the problem) becomes a UsageError. */
export function asUsage<T>(fn: () => T): T {
  try { return fn(); } catch (e) { throw new UsageError((e as Error).message); }
}

export interface Io { out: (s: string) => void; err: (s: string) => void }
