// The coordinator's side of a queue-backed study (`fast search --queue URL`): a TrialScorer (shared/search/study.ts)
// whose every design becomes one BullMQ job for the evaluators (`fast worker`, cli/commands/worker.ts). The strategy,
// the study state and the trial log stay with the coordinator; the runner tells results in ask order, so the trials
// do not depend on which evaluator ran a job or when it finished.
//
// Exactly-once accounting over at-least-once delivery: a job's id is (study id, design key) — the runner sends each
// distinct design of a study once (repeats are settled from the earlier trial), so the design names the trial — and
// adding a job whose id exists is a no-op; the first result that reaches the coordinator settles the trial and any
// later one is ignored. Results come from BullMQ's event stream, with a sweep of the outstanding jobs' states (at
// once after adding them, then every few seconds): that picks up jobs finished while the coordinator was away (a
// resumed study), events missed while Redis restarted, and re-adds a job a restarted Redis lost. A job that fails
// twice (the evaluator's error, or an evaluator killed under it twice) becomes an infeasible 'error' trial, as in
// the local pool (shared/search/pool-scorer.ts). Delivered jobs are removed once their batch is in the trial log
// (commit). docs/scale-out.md.
import { createHash } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { HardwareSpec } from '../../shared/hardware';
import { CancelledError } from '../../shared/pool';
import { checkDesign, evaluationSettings, studySpace, type StudySpec, type TrialEvaluation, type TrialScorer } from '../../shared/search/index';
import { KEY_PREFIX, QUEUE_NAME, bullConnection, redisOptions, type QueueTarget } from './connection';

/** What a job carries: the study (its evaluation settings live under studyKey) and one design. */
export interface TrialJobData { study: string; design: HardwareSpec }

/** Where a study's evaluation settings (weights, batch, constraints, workloads) are stored for the evaluators. */
export const studyKey = (studyId: string) => `${KEY_PREFIX}study:${studyId}`;

/** Attempts per job before it is an 'error' trial (an evaluator's failure, or its death under the job). */
export const JOB_ATTEMPTS = 2;

/** The study's id: a digest of everything a trial's result depends on, and of the rest of the study (not its budget). */
export function studyId(study: StudySpec, workloadDigest: string): string {
  const { trials: _trials, ...rest } = study;
  return createHash('sha256').update(JSON.stringify({ rest, workloadDigest })).digest('hex').slice(0, 20);
}

const jobIdOf = (study: string, key: string) => `${study}.${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

export interface QueueScorer extends TrialScorer {
  /** Live evaluator processes (BullMQ workers connected to the queue). */
  evaluators(): Promise<number>;
  /** Remove the jobs whose results were delivered (call once they are in the trial log). */
  commit(): Promise<void>;
  /** Reject every outstanding score() with a CancelledError. */
  cancel(reason: string): void;
  /** Jobs added and results received this session (progress, bench). */
  stats(): { added: number; received: number; duplicates: number };
  /** Close the connections; a `finished` study's settings are removed from Redis too (kept for a resume otherwise). */
  close(finished: boolean): Promise<void>;
}

export interface QueueScorerOptions {
  /** Seconds between sweeps of outstanding jobs (default 3). */
  sweepSeconds?: number;
  /** Tests only: runs after each add of jobs, before their states are checked (to lose them there, as a restart would). */
  afterAdd?: (jobIds: string[]) => Promise<void>;
}

interface Waiter { design: HardwareSpec; resolve: (e: TrialEvaluation[]) => void; reject: (e: unknown) => void }

/** Open the queue for `study` (its settings stored for the evaluators) and return its scorer. */
export async function queueScorer(t: QueueTarget, study: StudySpec, workloads: unknown[], workloadDigest: string, opts: QueueScorerOptions = {}): Promise<QueueScorer & { client: Redis }> {
  const id = studyId(study, workloadDigest);
  const space = studySpace(study);
  const client = new Redis(redisOptions(t));
  client.on('error', () => { /* the watchdog (connection.ts) reports a Redis that stays down */ });
  const queue = new Queue<TrialJobData>(QUEUE_NAME, { connection: bullConnection(t) });
  const events = new QueueEvents(QUEUE_NAME, { connection: bullConnection(t) });
  queue.on('error', () => {});
  events.on('error', () => {});
  const settingsText = JSON.stringify({ ...evaluationSettings(study), workloads });
  await client.set(studyKey(id), settingsText);
  await events.waitUntilReady();

  const waiting = new Map<string, Waiter>();
  const delivered: string[] = [];
  let added = 0, received = 0, duplicates = 0;
  let cancelled: string | undefined;
  let toAdd: { jobId: string; data: TrialJobData }[] = [];
  let flushing: Promise<void> | undefined;

  const errorTrial = (design: HardwareSpec, reason: string): TrialEvaluation => {
    const c = checkDesign(design, { maxAreaMm2: study.maxAreaMm2, maxTdpWatts: study.maxTdpWatts });
    return {
      status: 'infeasible', code: 'error', reason, gainVsTpuV3: null, perfPerTdp: null,
      areaMm2: c.cost?.areaMm2 ?? null, tdpWatts: c.cost?.tdpWatts ?? null, workloads: [],
    };
  };
  /** First result per job wins; later ones (a retried job's, a sweep's) are counted and ignored. */
  const settle = (jobId: string, result: unknown, failedReason?: string) => {
    const w = waiting.get(jobId);
    if (!w) { duplicates++; return; }
    let value: TrialEvaluation[];
    if (failedReason !== undefined) {
      value = [errorTrial(w.design, `the evaluators failed it ${JOB_ATTEMPTS} times: ${failedReason}`.slice(0, 500))];
    } else {
      const r = typeof result === 'string' ? safeJson(result) : result;
      if (!Array.isArray(r) || r.length !== 1 || typeof (r[0] as TrialEvaluation)?.status !== 'string') {
        value = [errorTrial(w.design, 'an evaluator returned a malformed result')];
      } else value = r as TrialEvaluation[];
    }
    waiting.delete(jobId);
    delivered.push(jobId);
    received++;
    w.resolve(value);
  };
  events.on('completed', ({ jobId, returnvalue }) => { if (jobId.startsWith(`${id}.`)) settle(jobId, returnvalue); });
  events.on('failed', ({ jobId, failedReason }) => {
    // 'failed' is emitted when a job has used all its attempts (a retry is not a failure).
    if (jobId.startsWith(`${id}.`)) settle(jobId, undefined, failedReason || 'no reason given');
  });

  /** Check outstanding jobs' states: settle finished ones; queue lost ones (gone with a restarted Redis) to be added again. */
  const check = async (ids: string[]) => {
    const lost: string[] = [];
    await Promise.all(ids.map(async (jobId) => {
      if (!waiting.has(jobId)) return;
      const state = await queue.getJobState(jobId);
      if (state === 'unknown') { lost.push(jobId); return; }
      if (state !== 'completed' && state !== 'failed') return;
      const job = await Job.fromId<TrialJobData>(queue, jobId);
      if (!job) lost.push(jobId);
      else if (state === 'failed') settle(jobId, undefined, job.failedReason || 'no reason given');
      else settle(jobId, job.returnvalue);
    }));
    for (const jobId of lost) {
      const w = waiting.get(jobId);
      if (w && !toAdd.some((a) => a.jobId === jobId)) toAdd.push({ jobId, data: { study: id, design: w.design } });
    }
  };

  /**
   * Add the queued jobs, then check their states; jobs the check finds lost (Redis restarted between the add and the
   * check) are added again by the same loop. One flush at a time: a call during a flush joins it. The check must not
   * call flush() itself: it would wait on the flush that is waiting on it.
   */
  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      try {
        await new Promise((r) => setImmediate(r)); // gather the designs asked in the same turn into one addBulk
        while (toAdd.length) {
          const batch = toAdd;
          toAdd = [];
          await queue.addBulk(batch.map(({ jobId, data }) => ({
            name: 'trial', data,
            opts: { jobId, attempts: JOB_ATTEMPTS, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 86_400 } },
          })));
          added += batch.length;
          await opts.afterAdd?.(batch.map((b) => b.jobId));
          // Jobs that already existed (finished before a restart) send no new event: ask their state now.
          await check(batch.map((b) => b.jobId));
        }
      } finally {
        flushing = undefined; // at once, so that a design queued from here on starts a new flush
      }
    })();
    return flushing;
  };

  /** Check outstanding jobs and add the lost ones again. */
  const sweep = async (ids: string[]) => {
    await check(ids);
    if (toAdd.length) await flush();
  };

  // Redis came back (a restart, perhaps without its data): store the study's settings again and check every
  // outstanding job at once (lost ones are added again; finished ones whose events were missed are settled).
  let readyOnce = false;
  client.on('ready', () => {
    if (!readyOnce) { readyOnce = true; return; }
    void client.set(studyKey(id), settingsText).then(() => sweep([...waiting.keys()])).catch(() => {});
  });
  if (client.status === 'ready') readyOnce = true;

  const sweepSeconds = opts.sweepSeconds ?? 3;
  let sweepRunning = false;
  const timer = setInterval(() => {
    if (sweepRunning || waiting.size === 0) return;
    sweepRunning = true;
    sweep([...waiting.keys()]).catch(() => {}).finally(() => { sweepRunning = false; });
  }, sweepSeconds * 1000);
  timer.unref();

  const score = (designs: HardwareSpec[]): Promise<TrialEvaluation[]> => {
    if (cancelled !== undefined) return Promise.reject(new CancelledError(cancelled));
    return Promise.all(designs.map((design) => new Promise<TrialEvaluation>((resolve, reject) => {
      const jobId = jobIdOf(id, space.key(design));
      const prior = waiting.get(jobId);
      if (prior) { // the same design twice in flight (not sent by the runner, but harmless): share the job
        const r0 = prior.resolve, j0 = prior.reject;
        prior.resolve = (v) => { r0(v); resolve(v[0]); };
        prior.reject = (e) => { j0(e); reject(e); };
        return;
      }
      waiting.set(jobId, { design, resolve: (v) => resolve(v[0]), reject });
      toAdd.push({ jobId, data: { study: id, design } });
      flush().catch((e) => {
        // Redis refused the add (the watchdog reports a Redis that stays down): fail this design's call.
        const w = waiting.get(jobId);
        if (w) { waiting.delete(jobId); w.reject(e); }
      });
    })));
  };

  return {
    client,
    lanes: 1 << 20, // every distinct design of a batch is a job at once; the evaluators' slots bound the parallelism
    score,
    async evaluators() { return queue.getWorkersCount(); },
    async commit() {
      const ids = delivered.splice(0);
      await Promise.all(ids.map((jobId) => queue.remove(jobId).catch(() => 0)));
    },
    cancel(reason: string) {
      cancelled = reason;
      for (const [jobId, w] of waiting) { waiting.delete(jobId); w.reject(new CancelledError(reason)); }
    },
    stats: () => ({ added, received, duplicates }),
    async close(finished: boolean) {
      clearInterval(timer);
      if (finished) await client.del(studyKey(id)).catch(() => {});
      await Promise.allSettled([events.close(), queue.close()]);
      client.disconnect();
    },
  };
}

function safeJson(s: string): unknown {
  try { return JSON.parse(s); } catch { return undefined; }
}
