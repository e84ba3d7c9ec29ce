// CLI error kinds and input helpers shared by every command.
import { readFile, stat } from 'node:fs/promises';

/** An error caused by the user's input: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** A command ran and printed its report, but a check in it failed (`fast validate`): one line, exit code 1. */
export class ChecksFailed extends Error {}

/** What each file-system error code means, in plain words (Node's `err.code`, POSIX errno names). */
const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links (a link loop?)',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EBUSY: 'the file is busy',
  EAGAIN: 'the file is temporarily unavailable',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EINVAL: 'invalid argument',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'the file already exists',
  ETXTBSY: 'the file is busy',
  EFBIG: 'the file is too large',
  EOVERFLOW: 'the file is too large',
};

/**
 * Why a file operation failed, in plain words with the code in brackets: `no such file [ENOENT]`. A code not in the
 * table keeps Node's own words for it; an error without a code gives its message.
 */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const message = e instanceof Error ? e.message : String(e);
  if (typeof code !== 'string' || !code) return message;
  const known = FS_REASONS[code];
  if (known) return `${known} [${code}]`;
  // Node's message reads "CODE: words, syscall 'path'": keep the words.
  const words = message.startsWith(`${code}: `) ? message.slice(code.length + 2).split(',')[0].trim() : '';
  return `${words || 'system error'} [${code}]`;
}

/** Read a text file (at most `maxBytes`) or fail with a one-line message naming the file and the reason. */
export async function readText(path: string, what: string, maxBytes = 64 * 2 ** 20): Promise<string> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UsageError(`cannot read ${what} "${path}": not a file`);
    if (s.size > maxBytes) throw new UsageError(`${what} "${path}" is ${s.size} bytes; at most ${maxBytes} are read`);
    return await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what} "${path}": ${fsReason(e)}`);
  }
}

/** Run a parser/validator; its Error (which names the problem) becomes a UsageError. */
export function asUsage<T>(fn: () => T): T {
  try { return fn(); } catch (e) { throw new UsageError((e as Error).message); }
}

export interface Io { out: (s: string) => void; err: (s: string) => void }
