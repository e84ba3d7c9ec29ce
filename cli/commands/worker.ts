// `fast worker --queue redis://HOST:PORT[/DB] [--concurrency K] [--stall-seconds S] [--redis-timeout S]`:
// an evaluator of queue-backed studies (`fast search … --queue URL`, cli/queue/scorer.ts). It takes trial jobs from
// the queue, K at a time, and scores each in a worker thread (cli/node-pool.ts, the pool local searches use), so the
// CPU-bound simulation never blocks the event loop that keeps the jobs' locks alive. Run any number of them, on any
// number of machines. Every 10 s it prints what it is doing (jobs done, jobs/s); SIGTERM or Ctrl-C stops it after the
// jobs in hand (a second signal stops at once: those jobs go to another evaluator after the stall timeout). An
// evaluator killed outright loses nothing: its jobs' locks expire after --stall-seconds and another evaluator takes
// them. Redis restarting is waited out (reconnect) for --redis-timeout seconds, then it stops with one line.
// docs/scale-out.md.
import { Command } from 'commander';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { TRIAL_DEADLINE_MS, type TrialEvaluation } from '../../shared/search/index';
import { createNodeSimPool, defaultWorkerCount } from '../node-pool';
import { UsageError, type Io } from '../errors';
import { QUEUE_NAME, bullConnection, parseQueueUrl, probeRedis, redisOptions, watchRedis } from '../queue/connection';
import { studyKey, type TrialJobData } from '../queue/scorer';
import { parseWhole } from './search';

interface WorkerOpts { queue?: string; concurrency?: string; stallSeconds?: string; redisTimeout?: string }

/** Run an evaluator until SIGTERM/SIGINT (resolves) or Redis stays down past the timeout (UsageError). */
export async function runWorker(o: WorkerOpts, io: Io): Promise<void> {
  const t = parseQueueUrl(o.queue);
  const k = parseWhole('--concurrency', o.concurrency, 1, 256) ?? defaultWorkerCount();
  const stallS = parseWhole('--stall-seconds', o.stallSeconds, 1, 3600) ?? 30;
  const timeoutS = parseWhole('--redis-timeout', o.redisTimeout, 1, 86_400) ?? 60;
  await probeRedis(t);

  const pool = createNodeSimPool(k);
  const client = new Redis(redisOptions(t));
  client.on('error', () => { /* the watchdog reports a Redis that stays down */ });
  const settings = new Map<string, Promise<Record<string, unknown>>>();
  const settingsOf = (id: string) => {
    let s = settings.get(id);
    if (!s) {
      s = (async () => {
        // A Redis restarted without its data gets the settings back from the coordinator within seconds: wait a
        // little before failing the job (a failure uses one of its two attempts).
        for (let i = 0; ; i++) {
          const v = await client.get(studyKey(id));
          if (v !== null) return JSON.parse(v) as Record<string, unknown>;
          if (i >= 30) throw new Error(`study ${id} is not in Redis (its coordinator finished, or was started against another database)`);
          await new Promise((r) => setTimeout(r, 500));
        }
      })();
      s.catch(() => settings.delete(id));
      settings.set(id, s);
      if (settings.size > 64) settings.delete(settings.keys().next().value!);
    }
    return s;
  };

  let done = 0, failed = 0, running = 0;
  const process_ = async (job: Job<TrialJobData>): Promise<TrialEvaluation[]> => {
    running++;
    try {
      const s = await settingsOf(job.data.study);
      // One attempt here: BullMQ retries the job (on any evaluator); its second failure makes an 'error' trial.
      return await pool.run((api) => api.evaluateTrials({ ...s, designs: [job.data.design] } as never), { deadlineMs: TRIAL_DEADLINE_MS, retries: 0 });
    } finally {
      running--;
    }
  };
  const worker = new Worker<TrialJobData, TrialEvaluation[]>(QUEUE_NAME, process_, {
    connection: bullConnection(t), concurrency: k, lockDuration: stallS * 1000, stalledInterval: Math.max(500, (stallS * 1000) / 2),
    maxStalledCount: 1, autorun: false,
  });
  worker.on('error', () => { /* connection errors: reconnects, or the watchdog */ });
  worker.on('completed', () => { done++; });
  worker.on('failed', () => { failed++; });

  const t0 = performance.now();
  let lastDone = 0, lastAt = t0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && done + failed === lastDone) { lastAt = now; return; }
    const rate = now > lastAt ? ((done + failed - lastDone) * 1000) / (now - lastAt) : 0;
    io.err(`fast worker: ${done} jobs done${failed ? `, ${failed} failed` : ''}, ${rate.toFixed(1)} jobs/s, ${running} running\n`);
    lastDone = done + failed; lastAt = now;
  };
  const ticker = setInterval(report, 10_000);

  await new Promise<void>((resolve, reject) => {
    let stopping = 0;
    const stop = (why: string) => {
      stopping++;
      if (stopping === 1) {
        io.err(`fast worker: ${why}: finishing the ${running} job(s) in hand (signal again to stop at once)\n`);
        worker.close().then(() => resolve(), reject);
      } else {
        setTimeout(() => process.exit(143), 2000).unref(); // a Redis that is down would hold the close
        void worker.close(true).then(() => resolve(), reject);
      }
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('interrupted');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    const unwatch = watchRedis(client, t, timeoutS, (line) => {
      void worker.close(true).catch(() => {});
      setTimeout(() => process.exit(2), 3000).unref(); // reconnect timers must not keep a stopped worker alive
      reject(new UsageError(`${line}; start the worker again once Redis is back`));
    });
    worker.waitUntilReady().then(() => {
      io.err(`fast worker: ${k} thread(s) taking trials from ${t.display} (queue ${QUEUE_NAME}); SIGTERM or Ctrl-C stops after the jobs in hand\n`);
      void worker.run().catch(reject);
    }, (e) => reject(new UsageError(`cannot use Redis at ${t.display}: ${(e as Error).message}`)));
    // Detach the handlers whichever way this ends.
    const cleanup = () => { process.off('SIGTERM', onTerm); process.off('SIGINT', onInt); unwatch(); };
    worker.once('closed', cleanup);
  }).finally(async () => {
    clearInterval(ticker);
    await pool.close();
    client.disconnect();
  });
  const s = (performance.now() - t0) / 1e3;
  io.err(`fast worker: stopped after ${done} job(s)${failed ? `, ${failed} failed` : ''} in ${s.toFixed(1)} s (${(done / s).toFixed(1)} jobs/s)\n`);
}

export function workerCommand(io: Io): Command {
  return new Command('worker')
    .description('evaluate trials of queue-backed studies (fast search --queue) from Redis, on this machine')
    .requiredOption('--queue <URL>', 'the Redis the studies use: redis://[:PASSWORD@]HOST:PORT[/DB]')
    .option('--concurrency <K>', `trials evaluated at once, one worker thread each (default: ${defaultWorkerCount()}, this machine's parallelism)`)
    .option('--stall-seconds <S>', 'how long a job of an evaluator that died stays locked before another evaluator takes it (default 30)')
    .option('--redis-timeout <S>', 'how long to wait for Redis to come back after a restart before stopping (default 60)')
    .action(async (o: WorkerOpts) => { await runWorker(o, io); });
}
