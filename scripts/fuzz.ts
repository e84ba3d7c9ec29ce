// `npm run fuzz [-- --json] [-- --runs N] [-- --seed S] [-- --only a,b] [-- --jobs K]`: property-based fuzzing of every
// input boundary (tests/fuzz/targets.ts) with a large count. Each boundary runs in its own child process, K at a time,
// so even an input that aborts the whole V8 process (a fatal out-of-memory) is counted as a crash and the run resumes
// after it; a watchdog ends a child stuck on one input (a hang that never returns) and resumes after it too. Prints per boundary the inputs tried, accepted
// (a result), rejected (a clear message), failures (a broken contract), crashes (an uncaught exception or a trap) and
// hangs (over the per-input budget), with examples. Exit 1 when any failure, crash or hang was found.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { TARGETS, check, setupTargets, warmSolvers, type FuzzTarget, type Outcome } from '../tests/fuzz/targets';

interface Job { target: string; runs: number; seed: number; skip: number }
type Msg = { type: 'start'; i: number; input: string } | { type: 'done'; i: number; outcome: Outcome } | { type: 'end' } | { type: 'error'; message: string };

const EXAMPLES = 5;

interface Tally {
  boundary: string; what: string; inputs: number; accepted: number; rejected: number; failures: number; crashes: number; hangs: number;
  budgetMs: number; medianMs: number; maxMs: number; examples: { kind: string; detail: string; input: string }[];
}

async function childMain(job: Job): Promise<void> {
  const post = (m: Msg) => new Promise<void>((resolve) => process.send!(m, undefined, {}, () => resolve()));
  const target = TARGETS.find((t) => t.name === job.target) as FuzzTarget<unknown>;
  try {
    await setupTargets([target]);
    await warmSolvers();
    const inputs = fc.sample(target.arbitrary(), { numRuns: job.runs, seed: job.seed });
    for (let i = job.skip; i < inputs.length; i++) {
      await post({ type: 'start', i, input: target.show(inputs[i]) });
      await post({ type: 'done', i, outcome: await check(target, inputs[i]) });
    }
    await post({ type: 'end' });
  } catch (e) {
    await post({ type: 'error', message: (e as Error).stack ?? String(e) });
  }
  process.disconnect();
}

function runTarget(target: FuzzTarget<unknown>, runs: number, seed: number, onProgress: () => void): Promise<Tally> {
  const tally: Tally = {
    boundary: target.name, what: target.what, inputs: 0, accepted: 0, rejected: 0, failures: 0, crashes: 0, hangs: 0,
    budgetMs: target.budgetMs, medianMs: 0, maxMs: 0, examples: [],
  };
  const times: number[] = [];
  const example = (kind: string, detail: string, input: string) => { if (tally.examples.length < EXAMPLES) tally.examples.push({ kind, detail, input }); };
  // A child silent on one input this long is stuck: killed, the input counted as a hang, the run resumed after it.
  const hardLimitMs = Math.max(3 * target.budgetMs, 30_000);
  return new Promise((resolve, reject) => {
    const start = (skip: number) => {
      const job: Job = { target: target.name, runs, seed, skip };
      const w = fork(fileURLToPath(import.meta.url), [], {
        execArgv: ['--import', 'tsx'], env: { ...process.env, FAST_FUZZ_JOB: JSON.stringify(job) }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      w.stderr!.on('data', (d) => { stderr = (stderr + String(d)).slice(-2000); });
      let current: { i: number; input: string } | undefined;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      let finished = false;
      const arm = () => {
        if (watchdog) clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          if (!current || finished) return;
          const stuck = current;
          finished = true;
          tally.inputs++; tally.hangs++; times.push(hardLimitMs);
          example('hang', `no answer within ${hardLimitMs} ms: the process was killed`, stuck.input);
          onProgress();
          w.once('exit', () => (stuck.i + 1 < runs ? start(stuck.i + 1) : done()));
          w.kill('SIGKILL');
        }, hardLimitMs);
      };
      const done = () => {
        times.sort((a, b) => a - b);
        tally.medianMs = Number((times[Math.floor(times.length / 2)] ?? 0).toFixed(2));
        tally.maxMs = Number((times[times.length - 1] ?? 0).toFixed(1));
        resolve(tally);
      };
      w.on('message', (m: Msg) => {
        if (finished) return;
        if (m.type === 'start') { current = { i: m.i, input: m.input }; arm(); return; }
        if (m.type === 'done') {
          const o = m.outcome;
          tally.inputs++;
          times.push(o.ms);
          if (o.kind === 'accepted') tally.accepted++;
          else if (o.kind === 'rejected') tally.rejected++;
          else {
            if (o.kind === 'failure') tally.failures++;
            else if (o.kind === 'crash') tally.crashes++;
            else tally.hangs++;
            example(o.kind, 'detail' in o ? o.detail : '', current?.input ?? '');
          }
          current = undefined;
          if (watchdog) clearTimeout(watchdog);
          onProgress();
          return;
        }
        finished = true;
        if (watchdog) clearTimeout(watchdog);
        if (m.type === 'error') reject(new Error(`fuzz target ${target.name} could not run: ${m.message}`));
        else done();
      });
      w.on('exit', (code, signal) => {
        if (finished) return;
        // The process died on an input (a fatal V8 error, out of memory, a signal): a crash of that input; resume after it.
        finished = true;
        if (watchdog) clearTimeout(watchdog);
        if (!current) { reject(new Error(`fuzz target ${target.name}: its process exited (${signal ?? code}) between inputs: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)); return; }
        tally.inputs++; tally.crashes++;
        const why = stderr.split('\n').find((l) => /FATAL|Error|out of memory/i.test(l))?.trim() ?? '';
        example('crash', `the process died (${signal ?? `exit ${code}`}) ${why}`.trim(), current.input);
        onProgress();
        if (current.i + 1 < runs) start(current.i + 1);
        else done();
      });
    };
    start(0);
  });
}

function parseArgs(argv: string[]) {
  const o = { json: false, runs: 12_000, seed: Math.floor(Math.random() * 2 ** 31), only: undefined as string[] | undefined, jobs: Math.max(1, availableParallelism()) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const whole = (v: string, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new Error(`${a} must be a whole number ≥ ${min} (got "${v}")`);
      return n;
    };
    if (a === '--json') o.json = true;
    else if (a === '--runs') o.runs = whole(value(), 1);
    else if (a === '--seed') o.seed = whole(value(), 0);
    else if (a === '--jobs') o.jobs = whole(value(), 1);
    else if (a === '--only') {
      o.only = value().split(',').map((s) => s.trim()).filter(Boolean);
      for (const n of o.only) if (!TARGETS.some((t) => t.name === n)) throw new Error(`--only: unknown boundary "${n}" (${TARGETS.map((t) => t.name).join(', ')})`);
    } else throw new Error(`unknown option "${a}" (use --json, --runs N, --seed S, --only a,b, --jobs K)`);
  }
  return o;
}

async function mainThread(): Promise<void> {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) { process.stderr.write(`fuzz: ${(e as Error).message}\n`); process.exit(2); }
  const targets = (TARGETS as FuzzTarget<unknown>[]).filter((t) => !o.only || o.only.includes(t.name));
  const weights = targets.reduce((s, t) => s + t.weight, 0);
  const plan = targets.map((t) => ({ target: t, runs: Math.max(10, Math.round((o.runs * t.weight) / weights)) }));
  const total = plan.reduce((s, p) => s + p.runs, 0);
  const t0 = performance.now();
  let seen = 0;
  const tty = !o.json && process.stderr.isTTY;
  const progress = () => { seen++; if (tty && seen % 25 === 0) process.stderr.write(`\r\x1b[2Kfuzz: ${seen}/${total} inputs`); };
  const results: Tally[] = new Array(plan.length);
  let next = 0;
  const lane = async () => {
    while (next < plan.length) {
      const k = next++;
      results[k] = await runTarget(plan[k].target, plan[k].runs, o.seed + k, progress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.jobs, plan.length) }, lane));
  if (tty) process.stderr.write('\r\x1b[2K');
  const sum = (k: keyof Tally) => results.reduce((s, r) => s + (r[k] as number), 0);
  const report = {
    seed: o.seed,
    elapsedSeconds: Number(((performance.now() - t0) / 1e3).toFixed(1)),
    boundaries: results,
    total: { inputs: sum('inputs'), accepted: sum('accepted'), rejected: sum('rejected'), failures: sum('failures'), crashes: sum('crashes'), hangs: sum('hangs') },
  };
  if (o.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const rows = [['boundary', 'inputs', 'accepted', 'rejected', 'failures', 'crashes', 'hangs', 'median ms', 'max ms', 'budget ms'],
      ...results.map((r) => [r.boundary, r.inputs, r.accepted, r.rejected, r.failures, r.crashes, r.hangs, r.medianMs, r.maxMs, r.budgetMs].map(String)),
      ['total', ...(['inputs', 'accepted', 'rejected', 'failures', 'crashes', 'hangs'] as const).map((k) => String(report.total[k])), '', '', '']];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ');
    const out = [`fuzz: seed ${o.seed}, ${report.elapsedSeconds} s`, line(rows[0]), ...rows.slice(1).map(line)];
    for (const r of results) for (const e of r.examples) out.push(`  ${r.boundary} ${e.kind}: ${e.detail}\n    input: ${e.input}`);
    process.stdout.write(out.join('\n') + '\n');
  }
  process.exitCode = report.total.failures + report.total.crashes + report.total.hangs > 0 ? 1 : 0;
}

const childJob = process.env.FAST_FUZZ_JOB;
if (childJob && process.send) await childMain(JSON.parse(childJob) as Job);
else await mainThread();
