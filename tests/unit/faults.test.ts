// Worker faults (docs/model.md §8). The pool's rules with fake workers: a trap, a death or a missed deadline replaces
// that worker and retries the call once, a second fault is a WorkerFaultError naming both, an ordinary rejection is
// the answer (no retry), a cancellation is never retried, and other workers' calls are untouched. Then real Node
// worker_threads with faults injected into chosen designs: a fault that happens once (trap, hang past the deadline,
// the worker exiting) leaves a study identical to a clean run; a fault that repeats makes just that design an
// infeasible trial with code 'error' and the reason, every other trial as in the clean run, none lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, WorkerFaultError, WorkerPool, isTrap } from '../../shared/pool';
import { createNodeSimPool } from '../../cli/node-pool';
import { normalizeStudy, poolScorer, runStudy, studySpace, type Checkpoint, type StudyResult, type StudySpec } from '../../shared/search/index';
import { faultyPool, type PlannedFault } from '../fuzz/fault-plan';

type Behaviour = 'ok' | 'trap' | 'fail' | 'hang' | 'die';

/** Fake workers: each call does what `script` says for that (worker, call) and the pool's reactions are logged. */
function fakePool(size: number, script: (worker: number, call: number) => Behaviour) {
  const workers: { id: number; terminated: boolean; die: (r: string) => void }[] = [];
  let calls = 0;
  const pool = new WorkerPool(size, () => {
    const id = workers.length;
    let die!: (r: string) => void;
    const died = new Promise<string>((r) => { die = r; });
    const rec = { id, terminated: false, die };
    workers.push(rec);
    return {
      api: {
        work: (ms = 5): Promise<number> => {
          const b = script(id, calls++);
          if (b === 'trap') return Promise.reject(Object.assign(new Error('unreachable'), { name: 'RuntimeError' }));
          if (b === 'fail') return Promise.reject(new Error('batch must be a whole number from 1 to 1024 (got 0)'));
          if (b === 'hang') return new Promise<number>(() => {});
          if (b === 'die') { setTimeout(() => rec.die('its worker thread exited (code 70)'), 1); return new Promise<number>(() => {}); }
          return new Promise<number>((res) => setTimeout(() => res(id), ms));
        },
      },
      died,
      terminate: () => { rec.terminated = true; },
    };
  });
  return { pool, workers };
}

describe('WorkerPool fault handling', () => {
  it('classifies traps: Wasm RuntimeError, AssemblyScript abort, stack overflow; not validation errors', () => {
    expect(isTrap(new WebAssembly.RuntimeError('unreachable'))).toBe(true);
    expect(isTrap(Object.assign(new Error('unreachable'), { name: 'RuntimeError' }))).toBe(true); // as Comlink rebuilds it
    expect(isTrap(new Error('index out of range in ~lib/staticarray.ts:84:41'))).toBe(true);
    expect(isTrap(new RangeError('Maximum call stack size exceeded'))).toBe(true);
    expect(isTrap(new Error('hardware: cores must be one of 1, 2, 4, 8 (got 3)'))).toBe(false);
    expect(isTrap(new CancelledError())).toBe(false);
    expect(isTrap('unreachable')).toBe(false);
  });

  it.each([
    ['trap', 'trap', /trapped: RuntimeError: unreachable/],
    ['death', 'die', /exited \(code 70\)/],
    ['missed deadline', 'hang', /no answer within the 50 ms deadline/],
  ] as const)('a %s replaces the worker and the call succeeds on a fresh one', async (_, b, reason) => {
    const { pool, workers } = fakePool(1, (_w, call) => (call === 0 ? b : 'ok'));
    expect(await pool.run((api) => api.work(), { deadlineMs: 50 })).toBe(1); // answered by worker 1, the replacement
    expect(workers.map((w) => w.terminated)).toEqual([true, false]);
    expect(pool.faults).toHaveLength(1);
    expect(pool.faults[0].reason).toMatch(reason);
  });

  it('a second fault rejects with WorkerFaultError naming both; without retries the first does', async () => {
    const { pool, workers } = fakePool(1, () => 'trap');
    const e = await pool.run((api) => api.work()).catch((x) => x);
    expect(e).toBeInstanceOf(WorkerFaultError);
    expect(e.kind).toBe('trap');
    expect(e.attempts).toBe(2);
    expect(e.message).toMatch(/^worker fault: failed 2 times, each on a fresh worker: trapped: RuntimeError: unreachable; then trapped/);
    expect(workers.every((w) => w.terminated)).toBe(true);
    const once = fakePool(1, () => 'hang');
    const e1 = await once.pool.run((api) => api.work(), { deadlineMs: 20, retries: 0 }).catch((x) => x);
    expect(e1).toBeInstanceOf(WorkerFaultError);
    expect(e1.message).toBe('worker fault: no answer within the 20 ms deadline (hung)');
    expect(once.workers).toHaveLength(1);
  });

  it('an ordinary rejection is the answer: no retry, the worker is kept', async () => {
    const { pool, workers } = fakePool(1, (_w, call) => (call === 0 ? 'fail' : 'ok'));
    await expect(pool.run((api) => api.work())).rejects.toThrow(/^batch must be/);
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
    expect(pool.faults).toHaveLength(0);
    expect(await pool.run((api) => api.work())).toBe(0);
  });

  it('a cancellation is not a fault and is not retried', async () => {
    const { pool, workers } = fakePool(2, () => 'hang');
    const a = pool.run((api) => api.work(), { deadlineMs: 60_000 });
    const rejected = expect(a).rejects.toBeInstanceOf(CancelledError);
    await pool.cancel();
    await rejected;
    expect(pool.faults).toHaveLength(0);
    expect(workers).toHaveLength(1);
  });

  it('a fault on one worker leaves calls on the others running', async () => {
    // worker 0 traps on its first call; worker 1 answers slowly; both started by two concurrent calls.
    const { pool, workers } = fakePool(2, (w, call) => (w === 0 && call === 0 ? 'trap' : 'ok'));
    const [a, b] = await Promise.all([pool.run((api) => api.work(5)), pool.run((api) => api.work(40))]);
    expect(b).toBe(1);
    expect(a).toBe(2); // retried on a fresh worker in the freed slot (worker 1 is busy)
    expect(workers.map((w) => w.terminated)).toEqual([true, false, false]);
    expect(pool.faults).toHaveLength(1);
  });
});

describe('faults in real Node workers during a study', () => {
  // Generous: a teaching-cnn trial takes milliseconds and a fresh worker starts in well under a second on an idle
  // machine, but CI runs test files in parallel on 2 cores, where a worker's boot (tsx, Wasm, HiGHS) can take seconds.
  const DEADLINE_MS = 15_000;
  const pool = createNodeSimPool(2, { faultInjection: true });
  afterAll(() => pool.close());
  let clean: Record<string, StudyResult> = {};
  const studies: Record<string, StudySpec> = {
    evolution: normalizeStudy({ workloads: ['teaching-cnn'], algorithm: 'evolution', seed: 7, trials: 24, trialsPerBatch: 8 }),
    random: normalizeStudy({ workloads: ['teaching-cnn'], algorithm: 'random', seed: 5, trials: 24, trialsPerBatch: 8 }),
  };
  const keyOf = (s: StudySpec) => (d: unknown) => studySpace(s).key(d as never);
  /** Distinct feasible designs of the clean run, in trial order. */
  const feasible = (r: StudyResult) => r.trials.filter((t) => t.status === 'ok' && t.duplicateOf === undefined);

  beforeAll(async () => {
    // Start both workers (and load the core) outside any deadline, so the clean runs time only real work.
    await Promise.all([0, 1].map(() => pool.run((api) => api.ping())));
    clean = {};
    for (const [k, study] of Object.entries(studies)) {
      clean[k] = await runStudy({ study, workloadDigest: 'f', scorer: poolScorer(pool, study, study.workloads, { deadlineMs: DEADLINE_MS }) });
    }
    expect(pool.faults).toHaveLength(0);
  }, 120_000);

  it('a trap, a hang and a worker exit, each once: the study is identical to the clean run, nothing lost', async () => {
    const study = studies.evolution;
    const ok = feasible(clean.evolution);
    expect(ok.length).toBeGreaterThanOrEqual(6);
    const key = keyOf(study);
    const plan = new Map<string, PlannedFault>([
      [key(ok[1].hardware), { kind: 'trap', times: 1 }],
      [key(ok[3].hardware), { kind: 'hang', times: 1 }],
      [key(ok[5].hardware), { kind: 'kill', times: 1 }],
    ]);
    const faultsBefore = pool.faults.length;
    const checkpoints: Checkpoint[] = [];
    const faulty = faultyPool(pool, plan, key);
    const r = await runStudy({
      study, workloadDigest: 'f', scorer: poolScorer(faulty, study, study.workloads, { deadlineMs: DEADLINE_MS }),
      onCheckpoint: (cp) => { checkpoints.push(JSON.parse(JSON.stringify(cp))); },
    });
    const seen = pool.faults.slice(faultsBefore).map((f) => f.kind).sort();
    expect(seen).toEqual(['died', 'timeout', 'trap']); // each fault hit once and replaced its worker
    expect([...faulty.sent.values()]).toEqual([2, 2, 2]); // each faulty design sent twice: the fault, then the retry
    expect(r).toEqual(clean.evolution);
    expect(r.infeasible.error).toBeUndefined();
    // No completed trial lost on the way: every checkpoint's trials are a prefix of the final ones, and every
    // pending (finished, not yet told) result reappears in the final trials.
    for (const cp of checkpoints) {
      expect(r.trials.slice(0, cp.trials.length)).toEqual(cp.trials);
      for (const p of cp.pending) expect(r.trials.some((t) => key(t.hardware) === p.key && t.status === p.evaluation.status)).toBe(true);
    }
  }, 120_000);

  it('a design that traps or kills its worker twice becomes an error trial; the study goes on, the rest as clean', async () => {
    const study = studies.random; // random asks do not depend on results, so every other trial must match exactly
    const ok = feasible(clean.random);
    const key = keyOf(study);
    const trapKey = key(ok[2].hardware), killKey = key(ok[4].hardware);
    const plan = new Map<string, PlannedFault>([[trapKey, { kind: 'trap', times: 99 }], [killKey, { kind: 'kill', times: 99 }]]);
    const r = await runStudy({ study, workloadDigest: 'f', scorer: poolScorer(faultyPool(pool, plan, key), study, study.workloads, { deadlineMs: DEADLINE_MS }) });
    expect(r.complete).toBe(true);
    expect(r.trials).toHaveLength(clean.random.trials.length);
    let errors = 0;
    r.trials.forEach((t, i) => {
      const k = key(t.hardware);
      if (k !== trapKey && k !== killKey) { expect(t).toEqual(clean.random.trials[i]); return; }
      errors++;
      expect(t).toMatchObject({ status: 'infeasible', code: 'error', gainVsTpuV3: null, areaMm2: clean.random.trials[i].areaMm2 });
      expect(t.reason).toMatch(k === trapKey
        ? /^worker fault: failed 2 times, each on a fresh worker: trapped: RuntimeError: unreachable \(fault injected for design 0\); then trapped/
        : /^worker fault: failed 2 times, each on a fresh worker: its worker thread exited \(code 70\); then its worker thread exited/);
    });
    expect(errors).toBeGreaterThanOrEqual(2);
    expect(r.infeasible.error).toBe(errors);
  }, 120_000);
});
