// One study on many evaluators through Redis + BullMQ (`fast search --queue URL`, `fast worker --queue URL`;
// docs/scale-out.md), with a private redis-server on a free loopback port and the coordinator and the evaluators as
// separate processes: the same trials and best design as a local run of the same seed; an evaluator SIGKILLed
// mid-study (its job retried elsewhere after the stall timeout); the coordinator SIGKILLed and resumed from its
// trial log (no trial lost, none counted twice); a job failing twice (an infeasible 'error' trial); a job lost between
// its add and its state check (added again); Redis restarted mid-study (everyone reconnects, the study ends the same)
// and Redis down past --redis-timeout (one line, exit 2); a bad or unreachable URL (one line, exit 2, the password
// never printed); an evaluator stopping on SIGTERM.
// Skipped with a warning without redis-server, unless REDIS_REQUIRED=1 (CI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { main } from '../../cli/main';
import { DEFAULT_HARDWARE } from '../../shared/hardware';
import { normalizeStudy, type TrialEvaluation } from '../../shared/search/index';
import { QUEUE_NAME, bullConnection, parseQueueUrl } from '../../cli/queue/connection';
import { queueScorer } from '../../cli/queue/scorer';
import { PrivateRedis, Processes, redisAvailable, until } from '../fixtures/redis';
import { readLog } from '../fixtures/trial-log';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const bin = new URL('../../cli/fast.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fast-queue-'));
const available = redisAvailable();

describe('fast search --queue: bad URLs', () => {
  const base = ['search', '--workload', 'teaching-cnn', '--trials', '4', '--json'];
  const cases: [string, RegExp][] = [
    ['http://127.0.0.1:6379', /--queue: the URL must start with redis:\/\/ or rediss:\/\//],
    ['redis://127.0.0.1:6379/zero', /--queue: the database must be a whole number after the port/],
    ['not a url', /--queue: not a URL/],
    ['redis://:s3cret-pass@127.0.0.1:1/0', /^fast: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0: connection refused/],
  ];
  it.each(cases)('%s: exit 2, one line, no password', async (url, problem) => {
    const r = await run([...base, '--queue', url]);
    expect(r.code, r.err).toBe(2);
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toMatch(problem);
    expect(r.err).not.toContain('s3cret');
    expect(r.out).toBe('');
  });
  it('fast worker: the same checks', async () => {
    const r = await run(['worker', '--queue', 'redis://:s3cret-pass@127.0.0.1:1']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('fast: cannot reach Redis at redis://:***@127.0.0.1:1/0: connection refused: is redis-server running and listening there? [ECONNREFUSED]\n');
    expect(parseQueueUrl('redis://user:pw@h:7/3').display).toBe('redis://user:***@h:7/3');
  });
  it('--workers does not apply with --queue', async () => {
    const r = await run([...base, '--queue', 'redis://127.0.0.1:1', '--workers', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--workers does not apply with --queue/);
  });
});

describe.skipIf(!available)('fast search --queue with fast worker evaluators (private redis-server)', () => {
  let redis: PrivateRedis;
  const procs = new Processes();
  beforeAll(async () => { redis = await PrivateRedis.start(); }, 30_000);
  afterAll(async () => {
    await procs.killAll();
    await redis?.stop();
  }, 30_000);

  const fast = (args: string[]) => procs.spawn(process.execPath, [bin, ...args]);
  /** A process's exit code, or a failure quoting its stderr when it has not exited within `ms`. */
  const exitOf = async (p: ReturnType<typeof fast>, ms = 90_000) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`still running after ${ms} ms; its stderr: ${p.output().err.slice(-1500)}`)), ms); });
    try { return await Promise.race([p.exited, late]); } finally { clearTimeout(timer); }
  };
  const evaluator = () => fast(['worker', '--queue', redis.url, '--concurrency', '1', '--stall-seconds', '2', '--redis-timeout', '30']);
  const ready = (w: ReturnType<typeof evaluator>) => until(() => w.output().err.includes('taking trials from'), 30_000, 'an evaluator to start');
  const local = async (args: string[]) => {
    const r = await run([...args, '--workers', '2']);
    expect(r.code, r.err).toBe(0);
    return r.out;
  };
  let evaluators: ReturnType<typeof evaluator>[] = [];

  it('a database Redis does not have: one line, exit 2', async () => {
    const r = await run(['worker', '--queue', `${redis.url}/99`]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`fast: cannot reach Redis at redis://127.0.0.1:${redis.port}/99: Redis has no database 99 [ERR DB index is out of range]\n`);
  });

  it('two evaluators give the same trials and best design as a local run; SIGTERM stops an evaluator cleanly', async () => {
    evaluators = [evaluator(), evaluator()];
    await Promise.all(evaluators.map(ready));
    expect(evaluators[0].output().err).toContain(`taking trials from redis://127.0.0.1:${redis.port}/0`);
    const args = ['search', '--workload', 'teaching-cnn', '--trials', '24', '--trials-per-batch', '8', '--seed', '5', '--algorithm', 'evolution', '--json'];
    const coordinator = fast([...args, '--queue', redis.url]);
    expect(await exitOf(coordinator), coordinator.output().err).toBe(0);
    const expected = await local(args);
    expect(coordinator.output().out).toBe(expected);
    // SIGTERM: finishes the job in hand (none now) and exits 0 with a summary.
    const stopping = evaluators.pop()!;
    stopping.kill('SIGTERM');
    expect(await stopping.exited).toBe(0);
    expect(stopping.output().err).toMatch(/fast worker: SIGTERM: finishing the \d+ job\(s\) in hand/);
    expect(stopping.output().err).toMatch(/fast worker: stopped after \d+ job\(s\)/);
  }, 120_000);

  it('an evaluator SIGKILLed mid-study: its job goes to another after the stall timeout; the trials are those of a local run', async () => {
    evaluators.push(evaluator());
    await ready(evaluators[1]);
    const log = join(dir, 'evaluator-killed.jsonl');
    const args = ['search', '--workload', 'efficientnet-b0', '--trials', '16', '--trials-per-batch', '8', '--seed', '3', '--algorithm', 'random', '--json'];
    const coordinator = fast([...args, '--queue', redis.url, '--checkpoint', log]);
    await until(() => existsSync(log) && readLog(log).trials.length >= 8, 60_000, 'the first batch');
    const victim = evaluators.shift()!;
    victim.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    expect(await exitOf(coordinator), coordinator.output().err).toBe(0);
    const expected = await local(args);
    expect(coordinator.output().out).toBe(expected);
    const told = readLog(log).trials.map((t) => t.index);
    expect(told).toEqual([...Array(16).keys()]); // every trial once
  }, 120_000);

  it('the coordinator SIGKILLed and restarted resumes from its trial log: nothing lost, nothing counted twice', async () => {
    evaluators.push(evaluator());
    await ready(evaluators[1]);
    const log = join(dir, 'coordinator-killed.jsonl');
    const args = ['search', '--workload', 'efficientnet-b0', '--trials', '24', '--trials-per-batch', '8', '--seed', '4', '--algorithm', 'evolution', '--json'];
    const first = fast([...args, '--queue', redis.url, '--checkpoint', log]);
    await until(() => existsSync(log) && readLog(log).trials.length >= 8, 60_000, 'a batch');
    first.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const saved = readLog(log).trials;
    expect(saved.length).toBeLessThan(24);
    const second = fast([...args, '--queue', redis.url, '--checkpoint', log]);
    expect(await exitOf(second), second.output().err).toBe(0);
    const expected = await local(args);
    expect(second.output().out).toBe(expected);
    const r = JSON.parse(second.output().out);
    expect(r.trials.slice(0, saved.length)).toEqual(saved);
    expect(readLog(log).trials).toEqual(r.trials);
  }, 120_000);

  it('a job that fails twice is an infeasible error trial', async () => {
    const t = parseQueueUrl(redis.url);
    // A fake evaluator on the queue, failing every job; the real ones are stopped first.
    await Promise.all(evaluators.splice(0).map(async (e) => { e.kill('SIGTERM'); await e.exited; }));
    const failing = new Worker(QUEUE_NAME, async () => { throw new Error('injected failure'); }, { connection: bullConnection(t) });
    failing.on('error', () => {});
    const study = normalizeStudy({ workloads: ['teaching-cnn'], trials: 4, seed: 1 });
    const scorer = await queueScorer(t, study, ['teaching-cnn'], 'test-digest', { sweepSeconds: 1 });
    try {
      const [e] = await scorer.score([DEFAULT_HARDWARE]);
      expect(e.status).toBe('infeasible');
      expect(e.code).toBe('error');
      expect(e.reason).toMatch(/the evaluators failed it 2 times: injected failure/);
      expect(e.gainVsTpuV3).toBeNull();
    } finally {
      await failing.close();
      await scorer.close(true);
    }
  }, 60_000);

  it('a job lost between its add and the check of its state (Redis restarted just then) is added again and settles', async () => {
    const t = parseQueueUrl(redis.url);
    const admin = new Queue(QUEUE_NAME, { connection: bullConnection(t) });
    admin.on('error', () => {});
    const result: TrialEvaluation = { status: 'ok', gainVsTpuV3: 1.25, perfPerTdp: 2, areaMm2: 300, tdpWatts: 150, workloads: [] };
    const jobs: string[] = [];
    const answering = new Worker(QUEUE_NAME, async (job) => { jobs.push(job.id!); return [result]; }, { connection: bullConnection(t), autorun: false });
    answering.on('error', () => {});
    const study = normalizeStudy({ workloads: ['teaching-cnn'], trials: 4, seed: 2 });
    let adds = 0;
    // Lose the first add's jobs where a restart would (after addBulk, before the check); no periodic sweep meanwhile.
    const scorer = await queueScorer(t, study, ['teaching-cnn'], 'lost-after-add', {
      sweepSeconds: 600,
      afterAdd: async (ids) => {
        if (adds++ > 0) return;
        for (const id of ids) expect(await admin.remove(id)).toBe(1);
        void answering.run();
      },
    });
    try {
      const settled = await Promise.race([
        scorer.score([DEFAULT_HARDWARE]),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the lost job was never added again')), 20_000)),
      ]);
      expect(settled).toEqual([result]);
      expect(adds).toBe(2);
      expect(jobs).toHaveLength(1);
      expect(scorer.stats()).toMatchObject({ added: 2, received: 1 });
    } finally {
      await answering.close();
      await scorer.close(true);
      await admin.close();
    }
  }, 60_000);

  it('Redis restarted mid-study: coordinator and evaluators reconnect and the study ends as a local run; Redis down past --redis-timeout: one line, exit 2', async () => {
    evaluators.push(evaluator());
    await ready(evaluators[0]);
    const log = join(dir, 'redis-restarted.jsonl');
    const args = ['search', '--workload', 'efficientnet-b0', '--trials', '16', '--trials-per-batch', '8', '--seed', '6', '--algorithm', 'random', '--json'];
    const coordinator = fast([...args, '--queue', redis.url, '--checkpoint', log, '--redis-timeout', '30']);
    await until(() => existsSync(log) && readLog(log).trials.length >= 8, 60_000, 'the first batch');
    await redis.stop(); // a crash: the queue's contents are gone with it (no persistence)
    await new Promise((r) => setTimeout(r, 1500));
    await redis.restart();
    expect(await exitOf(coordinator), coordinator.output().err).toBe(0);
    expect(coordinator.output().out).toBe(await local(args));

    // Down for good: the coordinator stops with one line after --redis-timeout, its log intact.
    const log2 = join(dir, 'redis-gone.jsonl');
    const doomed = fast([...args, '--seed', '8', '--trials', '32', '--queue', redis.url, '--checkpoint', log2, '--redis-timeout', '2']);
    await until(() => existsSync(log2) && readLog(log2).trials.length >= 8, 60_000, 'the first batch');
    await redis.stop();
    expect(await exitOf(doomed, 30_000)).toBe(2);
    const err = doomed.output().err.trim().split('\n');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^fast: lost Redis at redis://127\\.0\\.0\\.1:${redis.port}/0 for more than 2 s.*: search stopped after \\d+ of 32 trials; the checkpoint ".*redis-gone\\.jsonl" holds them`));
    expect(readLog(log2).trials.length).toBeGreaterThanOrEqual(8);
    await redis.restart(); // for afterAll's tidy stop
  }, 150_000);
});
