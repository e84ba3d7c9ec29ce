// `npm run bench -- --queue [--json]`: the scale-out benchmark (docs/scale-out.md). Starts its own redis-server on a
// free loopback port (no persistence) and measures, on this machine:
//  - queueTrialsPerS: a 96-trial random study on efficientnet-b0 (batch 64, all passes, 16 trials per batch) through
//    the queue with 1 and 2 `fast worker --concurrency 1` evaluator processes, next to the same study on the local
//    worker-thread pool with 1 and 2 threads (localTrialsPerS), evaluators and pools warmed first;
//  - perJobOverheadMs: what the queue adds to each trial on one evaluator, 1/queue − 1/local at one thread;
//  - noopJobRoundTripMs: one no-op job at a time through the coordinator's scorer (add → evaluator → event back);
//  - noopJobsPerS: no-op jobs with 64 in flight, coordinator, evaluator and Redis all on this machine — a lower
//    bound on the rate at which one Redis serves a coordinator (the ceiling in the projection to N machines).
// Numbers only; nothing here is asserted. With --json, one JSON object.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { availableParallelism, loadavg } from 'node:os';
import { createServer, connect } from 'node:net';
import { Worker } from 'bullmq';
import { createNodeSimPool } from '../cli/node-pool';
import { QUEUE_NAME, bullConnection, parseQueueUrl, redisOptions } from '../cli/queue/connection';
import { queueScorer } from '../cli/queue/scorer';
import { PRESETS, type HardwareSpec } from '../shared/hardware';
import { normalizeStudy, poolScorer, runStudy, studySpace, createStrategy, type StudyProgress, type TrialScorer } from '../shared/search/index';

const json = process.argv.includes('--json');
const fastBin = new URL('../cli/fast.mjs', import.meta.url).pathname;

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});
const up = (port: number) => new Promise<boolean>((resolve) => {
  const c = connect(port, '127.0.0.1');
  c.once('connect', () => { c.destroy(); resolve(true); });
  c.once('error', () => resolve(false));
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const children: ChildProcess[] = [];
const killAll = () => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); };
process.on('exit', killAll);

const port = await freePort();
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
children.push(redis);
redis.once('error', () => { console.error('bench --queue: redis-server is not installed (apt-get install redis-server)'); process.exit(2); });
for (let i = 0; i < 200 && !(await up(port)); i++) await sleep(25);
const url = `redis://127.0.0.1:${port}`;
const target = parseQueueUrl(url);

// CPU time (robust to other work on the machine, unlike wall time): this process (all its threads), a child process
// (all its threads, from /proc), and redis-server (its INFO).
const ticks = (() => { try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100; } catch { return 100; } })();
const selfCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
const childCpuMs = (pid: number) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / ticks;
  } catch { return NaN; }
};
const info = new Redis(redisOptions(target));
const redisCpuMs = async () => {
  const text = await info.info('cpu');
  const get = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(text)?.[1] ?? NaN);
  return (get('used_cpu_sys') + get('used_cpu_user')) * 1000;
};

const study = normalizeStudy({ workloads: ['efficientnet-b0'], algorithm: 'random', seed: 1, trials: 96, trialsPerBatch: 16 });
// Distinct warm-up designs (not in the study): each evaluator thread loads Wasm, HiGHS and the tpu-v3 baseline.
const warmups: HardwareSpec[] = [16, 32, 64, 128].map((n) => ({ ...PRESETS['tpu-v3'], arrayRows: n, arrayCols: n, globalMemoryMiB: 16, localMemoryMiB: 4 }));

let simulatedLast = 0;
async function studyRate(scorer: TrialScorer, digest: string): Promise<number> {
  let last: StudyProgress | undefined;
  await runStudy({ study, workloadDigest: digest, scorer, onProgress: (p) => { last = p; } });
  simulatedLast = last!.simulated;
  return last!.trialsPerSecond;
}

const localTrialsPerS: Record<string, number> = {};
let trialCpuMs = NaN;
for (const n of [1, 2]) {
  const pool = createNodeSimPool(n);
  const scorer = poolScorer(pool, study, study.workloads);
  await Promise.all(warmups.slice(0, n).map((d) => scorer.score([d])));
  const c0 = selfCpuMs();
  localTrialsPerS[`${n}thread${n > 1 ? 's' : ''}`] = await studyRate(scorer, 'bench-local');
  if (n === 1) trialCpuMs = (selfCpuMs() - c0) / simulatedLast;
  await pool.close();
}

const queueTrialsPerS: Record<string, number> = {};
let evaluatorCpuMsPerTrial = NaN, coordinatorCpuMsPerTrial = NaN, redisCpuMsPerTrial = NaN;
for (const n of [1, 2]) {
  const evaluators = Array.from({ length: n }, () => {
    const c = spawn(process.execPath, [fastBin, 'worker', '--queue', url, '--concurrency', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(c);
    let err = '';
    c.stderr!.on('data', (d) => { err += d; });
    return { c, ready: async () => { while (!err.includes('taking trials')) { if (c.exitCode !== null) throw new Error(`fast worker exited: ${err}`); await sleep(50); } } };
  });
  await Promise.all(evaluators.map((e) => e.ready()));
  const digest = `bench-queue-${n}`; // a study of its own each time: no result is reused from the last run
  const scorer = await queueScorer(target, study, study.workloads, digest);
  await Promise.all(warmups.map((d) => scorer.score([d])));
  await scorer.commit();
  const e0 = evaluators.map((e) => childCpuMs(e.c.pid!)), c0 = selfCpuMs(), r0 = await redisCpuMs();
  queueTrialsPerS[`${n}evaluator${n > 1 ? 's' : ''}`] = await studyRate(scorer, digest);
  if (n === 1) {
    evaluatorCpuMsPerTrial = (childCpuMs(evaluators[0].c.pid!) - e0[0]) / simulatedLast;
    coordinatorCpuMsPerTrial = (selfCpuMs() - c0) / simulatedLast;
    redisCpuMsPerTrial = ((await redisCpuMs()) - r0) / simulatedLast;
  }
  await scorer.close(true);
  await Promise.all(evaluators.map((e) => new Promise((r) => { e.c.once('exit', r); e.c.kill('SIGTERM'); })));
}
const perJobOverheadMs = (1 / queueTrialsPerS['1evaluator'] - 1 / localTrialsPerS['1thread']) * 1e3;

// No-op jobs: the queue's own cost (an in-process evaluator that answers at once).
const noop = new Worker(QUEUE_NAME, async () => [{ status: 'infeasible', code: 'error', reason: 'no-op', gainVsTpuV3: null, perfPerTdp: null, areaMm2: null, tdpWatts: null, workloads: [] }], { connection: bullConnection(target), concurrency: 64 });
noop.on('error', () => {});
await noop.waitUntilReady();
const noopStudy = normalizeStudy({ workloads: ['efficientnet-b0'], algorithm: 'random', seed: 2, trials: 4000 });
const space = studySpace(noopStudy);
const designs = createStrategy(noopStudy).ask(4000).map((p) => space.decode(p));
const seen = new Set<string>();
const distinct = designs.filter((d) => { const k = space.key(d); if (seen.has(k)) return false; seen.add(k); return true; });
const noopScorer = await queueScorer(target, noopStudy, noopStudy.workloads, 'bench-noop');
const noopC0 = selfCpuMs(), noopR0 = await redisCpuMs();
let t0 = performance.now();
const sequential = distinct.slice(0, 200);
for (const d of sequential) await noopScorer.score([d]);
const noopJobRoundTripMs = (performance.now() - t0) / sequential.length;
await noopScorer.commit();
const rest = distinct.slice(200);
t0 = performance.now();
let next = 0;
await Promise.all(Array.from({ length: 64 }, async () => { while (next < rest.length) await noopScorer.score([rest[next++]]); }));
const noopJobsPerS = rest.length / ((performance.now() - t0) / 1e3);
await noopScorer.commit();
const noopClientCpuMsPerJob = (selfCpuMs() - noopC0) / distinct.length;
const noopRedisCpuMsPerJob = ((await redisCpuMs()) - noopR0) / distinct.length;
info.disconnect();
await noopScorer.close(true);
await noop.close();
redis.kill('SIGKILL');

const result = {
  cores: availableParallelism(),
  loadAverage1m: Number(loadavg()[0].toFixed(2)),
  node: process.version,
  localTrialsPerS,
  queueTrialsPerS,
  queueEfficiency2: queueTrialsPerS['2evaluators'] / (2 * queueTrialsPerS['1evaluator']),
  perJobOverheadMs,
  trialCpuMs,
  evaluatorCpuMsPerTrial,
  coordinatorCpuMsPerTrial,
  redisCpuMsPerTrial,
  noopClientCpuMsPerJob,
  noopRedisCpuMsPerJob,
  noopJobRoundTripMs,
  noopJobsPerS,
  noopJobs: rest.length,
  notes: 'queueTrialsPerS: 96-trial random study on efficientnet-b0 (batch 64, all passes, 16 trials per batch) through Redis + BullMQ with 1 and 2 `fast worker --concurrency 1` processes; localTrialsPerS: the same study on the local pool with 1 and 2 threads. perJobOverheadMs = 1000 × (1/queue(1 evaluator) − 1/local(1 thread)). noopJobRoundTripMs: one job at a time, no evaluation; noopJobsPerS: 64 no-op jobs in flight, coordinator, evaluator and redis-server on this one machine. CPU times (robust to other load, unlike the rates): trialCpuMs per trial on the local 1-thread pool; evaluatorCpuMsPerTrial (the fast worker process, all threads), coordinatorCpuMsPerTrial (the coordinator: runner + queue client) and redisCpuMsPerTrial (redis-server INFO) per trial of the 1-evaluator study; noopClientCpuMsPerJob (coordinator and no-op evaluator, one process) and noopRedisCpuMsPerJob per no-op job. loadAverage1m: the machine\'s load when the benchmark ended (other work skews every number).',
};
if (json) console.log(JSON.stringify(result));
else {
  for (const [k, v] of Object.entries(result)) {
    if (typeof v === 'object') for (const [kk, vv] of Object.entries(v)) console.log(`${(k + '.' + kk).padEnd(36)} ${Number((vv as number).toPrecision(4))}`);
    else console.log(`${k.padEnd(36)} ${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`);
  }
}
killAll();
process.exit(0);
