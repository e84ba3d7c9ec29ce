// The Redis behind a queue-backed study (`fast search --queue URL`, `fast worker --queue URL`): the URL read and
// checked (redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]; rediss:// for TLS), shown only with its password hidden;
// one probe connection that fails fast with one line (unreachable, refused password, not Redis); then the long-lived
// connections, which reconnect on their own when Redis restarts, with a watchdog that gives up with one line when
// Redis stays down past a timeout. docs/scale-out.md.
import { Redis, type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import { UsageError } from '../errors';

/** The BullMQ queue the trials go through, and the prefix of FAST's own keys. */
export const QUEUE_NAME = 'fast-trials';
export const KEY_PREFIX = 'fast:';

export interface QueueTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with its password hidden: the only form ever printed. */
  display: string;
}

/** Read `--queue URL`; a bad URL is one UsageError that never repeats the password. */
export function parseQueueUrl(text: string | undefined, flag = '--queue'): QueueTarget {
  if (text === undefined || text.trim() === '') throw new UsageError(`${flag} needs a Redis URL: redis://HOST:PORT[/DB]`);
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw new UsageError(`${flag}: not a URL (expected redis://HOST:PORT[/DB]; got "${hideSecret(text)}")`);
  }
  const tls = u.protocol === 'rediss:';
  if (u.protocol !== 'redis:' && !tls) throw new UsageError(`${flag}: the URL must start with redis:// or rediss:// (got "${u.protocol}//…")`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new UsageError(`${flag}: the URL names no host (expected redis://HOST:PORT[/DB])`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\/+/, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) throw new UsageError(`${flag}: the database must be a whole number after the port, as in redis://${u.host}/0 (got "/${path.slice(0, 40)}")`);
  if (u.search || u.hash) throw new UsageError(`${flag}: the URL takes no query or fragment (expected redis://HOST:PORT[/DB])`);
  const db = path === '' ? 0 : Number(path);
  let username: string | undefined, password: string | undefined;
  try {
    username = u.username ? decodeURIComponent(u.username) : undefined;
    password = u.password ? decodeURIComponent(u.password) : undefined;
  } catch {
    throw new UsageError(`${flag}: the URL's user or password is not valid percent-encoding`);
  }
  const auth = password !== undefined ? `${username ?? ''}:***@` : username ? `${username}@` : '';
  return { host, port, db, username, password, tls, display: `${u.protocol}//${auth}${u.host}/${db}` };
}

/** A URL-like text with any password between ':' and '@' hidden (for input we could not even parse). */
export function hideSecret(text: string): string {
  return text.replace(/(\/\/[^/@:]*:)[^@/]*@/, '$1***@').slice(0, 200);
}

/** ioredis options for `t` (the long-lived connections BullMQ needs: retry commands until reconnected). */
export function redisOptions(t: QueueTarget, extra: RedisOptions = {}): RedisOptions {
  return {
    host: t.host, port: t.port, db: t.db,
    ...(t.username ? { username: t.username } : {}), ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect after a restart: quickly at first, then every 2 s (the watchdog decides when to give up).
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
    ...extra,
  };
}

/** The same, as BullMQ's connection options (its own type for ioredis's options). */
export const bullConnection = (t: QueueTarget): ConnectionOptions => redisOptions(t) as ConnectionOptions;

/** One line for a Redis or socket error, in words, never the password. */
export function redisReason(e: unknown, t: QueueTarget): string {
  const err = e as NodeJS.ErrnoException & { message?: string };
  const code = err?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused: is redis-server running and listening there?',
    ENOTFOUND: 'no such host',
    EAI_AGAIN: 'the host name could not be resolved',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    ECONNRESET: 'the connection was reset',
  };
  let m = typeof code === 'string' && words[code] ? `${words[code]} [${code}]` : String(err?.message ?? e);
  if (/WRONGPASS|invalid password|invalid username-password/i.test(m)) m = 'Redis refused the user name or password [WRONGPASS]';
  else if (/NOAUTH/.test(m)) m = 'Redis asks for a password: put it in the URL, redis://:PASSWORD@HOST:PORT [NOAUTH]';
  else if (/DB index is out of range/i.test(m)) m = `Redis has no database ${t.db} [ERR DB index is out of range]`;
  if (t.password) m = m.split(t.password).join('***');
  return m.replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * Connect once to check the URL (within `timeoutMs`): unreachable, a refused password, a missing database or a
 * server that is not Redis ≥ 5 is one UsageError (exit 2) naming the URL (password hidden).
 */
export async function probeRedis(t: QueueTarget, timeoutMs = 5000): Promise<void> {
  const probe = new Redis(redisOptions(t, {
    lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0,
    enableOfflineQueue: false, commandTimeout: timeoutMs,
  }));
  let socketError: unknown;
  probe.on('error', (e) => { socketError ??= e; }); // the reason behind ioredis's "Connection is closed."
  try {
    await probe.connect();
    if (t.db !== 0) await probe.select(t.db); // ioredis reports a failed SELECT only as an event
    const info = await probe.info('server');
    const version = /redis_version:(\d+)/.exec(info)?.[1];
    if (!version || Number(version) < 5) throw new UsageError(`cannot use Redis at ${t.display}: it reports version ${version ?? 'unknown'}; BullMQ needs Redis 5 or newer`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const closed = /Connection is closed/i.test(String((e as Error)?.message));
    throw new UsageError(`cannot reach Redis at ${t.display}: ${redisReason(closed && socketError ? socketError : e, t)}`);
  } finally {
    probe.disconnect();
  }
}

/**
 * Watch a long-lived connection: when it has been down (not ready) for `timeoutS`, call `giveUp` once with one
 * line. Reconnections are ioredis's own; BullMQ's connections reconnect alongside.
 */
export function watchRedis(client: Redis, t: QueueTarget, timeoutS: number, giveUp: (line: string) => void): () => void {
  let downSince: number | undefined;
  let lastError = '';
  let gaveUp = false;
  const onDown = () => { downSince ??= Date.now(); };
  const onReady = () => { downSince = undefined; };
  const onError = (e: unknown) => { lastError = redisReason(e, t); };
  client.on('close', onDown);
  client.on('end', onDown);
  client.on('ready', onReady);
  client.on('error', onError);
  const timer = setInterval(() => {
    if (gaveUp || downSince === undefined || Date.now() - downSince < timeoutS * 1000) return;
    gaveUp = true;
    giveUp(`lost Redis at ${t.display} for more than ${timeoutS} s${lastError ? ` (${lastError})` : ''}`);
  }, Math.min(1000, timeoutS * 250));
  timer.unref();
  return () => {
    clearInterval(timer);
    client.off('close', onDown); client.off('end', onDown); client.off('ready', onReady); client.off('error', onError);
  };
}
