// The Search view's state in Chromium with real Web Workers and a real IndexedDB: the default form is exactly
// `fast search`'s default study, forms and studies translate both ways, the design count is the space's, and a
// study run by the state — straight through, paused and resumed, or interrupted and picked up from its saved
// checkpoint by a fresh state (a reload) — ends exactly like the same study run directly (the study loop runs in the
// study worker, web/src/study-worker.ts); damaged or foreign saved records are reported, not run, and a checkpoint
// that does not replay stops the study with the worker's reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserSimPool } from '../../web/src/pool';
import { openDatabase, VersionedStore } from '../../web/src/lib/idb-store';
import { DB_VERSION, SCHEMA } from '../../web/src/lib/app-db';
import {
  CURRENT_SEARCH_KEY, SEARCH_RECORD_FORMAT, SEARCH_RECORD_MIGRATIONS, SEARCH_RECORD_VERSION, fnv1a as localFnv1a, validateSearchRecord,
  workloadDigest, type SearchRecord, type StoredSearchRecord,
} from '../../web/src/lib/search-record';
import { defaultForm, designCount, formFromStudy, studyInput } from '../../web/src/lib/search-form';
import { REVEAL_STAGES, SearchState, type SearchEnv } from '../../web/src/state/search.svelte';
import { WARM_UP_ROUNDS } from '../../web/src/lib/warm';
import { WARM_UP_DESIGNS } from '../../shared/search/warm-up';
import {
  fnv1a, normalizeStudy, poolScorer, runStudy, studySpace, type Checkpoint, type StudyResult, type StudySpec,
} from '../../shared/search/index';
import { zooWorkload } from '../../shared/workload/index';

const NAME = `fast-explorer-search-test-${Math.random().toString(36).slice(2)}`;
let conn: Promise<IDBDatabase> | undefined;
const db = () => (conn ??= openDatabase(NAME, DB_VERSION, SCHEMA));
const store = new VersionedStore<SearchRecord, StoredSearchRecord>(db, {
  store: 'search', format: SEARCH_RECORD_FORMAT, version: SEARCH_RECORD_VERSION, migrations: SEARCH_RECORD_MIGRATIONS, validate: validateSearchRecord,
});
/** A store in a database of its own (a test whose records the others must not read), and its connection if opened. */
const storeIn = (name: string) => {
  let conn: Promise<IDBDatabase> | undefined;
  const own = new VersionedStore<SearchRecord, StoredSearchRecord>(() => (conn ??= openDatabase(name, DB_VERSION, SCHEMA)), {
    store: 'search', format: SEARCH_RECORD_FORMAT, version: SEARCH_RECORD_VERSION, migrations: SEARCH_RECORD_MIGRATIONS, validate: validateSearchRecord,
  });
  return { store: own, conn: () => conn };
};
const env = (): SearchEnv => ({
  createPool: (n) => createBrowserSimPool(n), store, workloadValue: (n) => n, registerImported: () => {}, defaultWorkers: 2,
  locks: navigator.locks,
});
const until = async (cond: () => boolean, ms = 60_000) => {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

afterAll(async () => {
  (await conn)?.close();
  await new Promise<void>((resolve) => { const r = indexedDB.deleteDatabase(NAME); r.onsuccess = r.onerror = r.onblocked = () => resolve(); });
});

describe('the search form', () => {
  it('by default is exactly fast search\'s default study (so the same seed finds the same best design)', () => {
    expect(normalizeStudy(studyInput(defaultForm()))).toEqual(normalizeStudy({ workloads: ['efficientnet-b0'] }));
    const f = defaultForm();
    f.trials = 200;
    f.seed = 7;
    expect(normalizeStudy(studyInput(f))).toEqual(normalizeStudy({ workloads: ['efficientnet-b0'], trials: 200, seed: 7 }));
  });

  it('turns narrowed, fixed and widened parameters into the study, and a study back into the same form', () => {
    const f = defaultForm('resnet50-v2');
    f.params.cores = { mode: 'range', min: 2, max: 8 };
    f.params.arrayRows = { mode: 'range', min: 8, max: 256 }; // the whole domain: left out
    f.params.dataflow = { mode: 'values', values: ['ws', 'os'] };
    f.params.clockGhz = { mode: 'fixed', value: 1.2 };
    f.params.processNode = { mode: 'table' }; // search 16 nm and 7 nm
    f.maxTdpWatts = 300;
    f.workloads = [{ name: 'resnet50-v2', weight: 2 }, { name: 'bert-base-128', weight: 1 }];
    const s = normalizeStudy(studyInput(f));
    expect(s).toMatchObject({
      workloads: ['resnet50-v2', 'bert-base-128'], weights: [2, 1], maxTdpWatts: 300,
      ranges: { cores: { min: 2, max: 8 }, dataflow: { values: ['ws', 'os'] }, processNode: { values: ['16nm', '7nm'] } },
      fixed: { clockGhz: 1.2 },
    });
    expect(s.ranges!.arrayRows).toBeUndefined();
    expect(normalizeStudy(studyInput(formFromStudy(s)))).toEqual(s);
    const space = studySpace(s);
    expect(space.dims.find((d) => d.id === 'cores')!.values({})).toEqual([2, 4, 8]);
    expect(space.dims.find((d) => d.id === 'processNode')!.values({})).toEqual(['16nm', '7nm']);
    expect(space.searched).not.toContain('clockGhz');
  });

  it('counts the designs of the space (the DRAM rate\'s and capacity\'s grids per technology)', () => {
    const f = defaultForm();
    // fix every other parameter at tpu-v3's value
    const tpu = { arraysPerCore: 2, arrayCols: 128, dataflow: 'ws', vectorLanesPerCore: 1024, localMemoryMiB: 16, globalMemoryMiB: 0, globalMemoryBytesPerCycle: 2048, dramStacks: 4, clockGhz: 0.94, iciLinks: 4 } as const;
    for (const [id, v] of Object.entries(tpu)) f.params[id as keyof typeof tpu] = { mode: 'fixed', value: v };
    f.params.dramTechnology = { mode: 'values', values: ['hbm2', 'gddr6'] };
    const s = normalizeStudy(studyInput(f));
    const space = studySpace(s);
    const rate = space.dims.find((d) => d.id === 'dramGBpsPerStack')!;
    const gib = space.dims.find((d) => d.id === 'dramGiBPerStack')!;
    const per = (t: string) => rate.values({ dramTechnology: t }).length * gib.values({ dramTechnology: t }).length;
    // cores × array rows × (HBM2 rates × capacities + GDDR6 rates × capacities)
    expect(designCount(s)).toBe(4 * 6 * (per('hbm2') + per('gddr6')));
    expect(per('hbm2')).toBe(181 * 2);
  });

  it('digests workloads as the CLI does (the same FNV-1a, the same specs)', () => {
    for (const text of ['', 'a', 'efficientnet-b0', 'é∑ long text with unicode ✓'.repeat(20)]) expect(localFnv1a(text)).toBe(fnv1a(text));
    expect(workloadDigest(['teaching-cnn'])).toBe(fnv1a(JSON.stringify([zooWorkload('teaching-cnn')])));
  });
});

describe('SearchState: running, pausing, resuming and reloading a study', () => {
  const input = { workloads: ['teaching-cnn'], algorithm: 'evolution' as const, seed: 2, trials: 40, trialsPerBatch: 8 };
  let study: StudySpec;
  let reference: StudyResult;
  let referenceCheckpoints: Checkpoint[] = [];
  // Live updates, pause and cancel are tested on a study long enough that it cannot end before the view's next update
  // or the request reaches the study worker (40 trials of teaching-cnn take a few tens of milliseconds once the
  // solvers are warm).
  const longInput = { ...input, trials: 400 };
  let longStudy: StudySpec;
  let longReference: StudyResult;

  const direct = async (spec: StudySpec, onCheckpoint?: (cp: Checkpoint, when: string) => void) => {
    const pool = createBrowserSimPool(2);
    try {
      return await runStudy({ study: spec, workloadDigest: workloadDigest(spec.workloads), scorer: poolScorer(pool, spec, spec.workloads), onCheckpoint });
    } finally {
      await pool.close();
    }
  };

  beforeAll(async () => {
    study = normalizeStudy(input);
    longStudy = normalizeStudy(longInput);
    referenceCheckpoints = [];
    reference = await direct(study, (cp, when) => { if (when === 'batch') referenceCheckpoints.push(cp); });
    longReference = await direct(longStudy);
  });

  const formFor = (s: SearchState, spec = study) => {
    s.form = formFromStudy(spec);
  };

  it('runs the form\'s study to the same result as runStudy, live, and saves it as done', async () => {
    const s = new SearchState(env());
    formFor(s, longStudy); // long enough that the view shows it batch by batch on any machine
    expect(s.validation.ok).toBe(true);
    const seen: number[] = [];
    const run = s.start();
    await until(() => s.phase !== 'idle'); // the run starts once this tab holds the search lock
    expect(s.phase).toBe('running');
    await until(() => { if (s.result) seen.push(s.result.trials.length); return s.phase !== 'running'; });
    await run;
    expect(s.phase).toBe('done');
    expect(s.result).toEqual(longReference);
    expect(new Set(seen).size).toBeGreaterThan(2); // results arrived batch by batch
    expect(s.progress!.completed).toBe(400);
    await s.flushed();
    const saved = await store.get(CURRENT_SEARCH_KEY);
    expect(saved.status).toBe('ok');
    if (saved.status === 'ok') {
      expect(saved.value.status).toBe('done');
      expect(saved.value.checkpoint.trials).toEqual(longReference.trials);
    }
  });

  it('mounts a started study\'s cards in stages and starts its workers only after the last; clear() takes them down', async () => {
    const at: number[] = []; // `revealed` when the run created its pool
    let s!: SearchState;
    // (no store: the saved search the other tests read stays theirs)
    s = new SearchState({ ...env(), store: null, createPool: (n) => { at.push(s.revealed); return createBrowserSimPool(n); } });
    formFor(s);
    expect(s.revealed).toBe(0);
    const run = s.start();
    expect(s.revealed).toBe(0); // none in the task of the click: the running view first
    const seen: number[] = [];
    for (let task = 0; s.revealed < REVEAL_STAGES; task++) {
      if (task > 1000) throw new Error(`the cards stopped at ${s.revealed} of ${REVEAL_STAGES}`);
      await new Promise((r) => setTimeout(r, 0));
      if (s.revealed !== (seen[seen.length - 1] ?? 0)) seen.push(s.revealed);
    }
    expect(seen.every((v, i) => v > (seen[i - 1] ?? 0) && v <= REVEAL_STAGES)).toBe(true);
    await run;
    expect(s.phase).toBe('done');
    expect(s.result).toEqual(reference);
    expect(at).toEqual([REVEAL_STAGES]);
    await s.clear();
    expect(s.revealed).toBe(0);
    await s.reveal(); // a study shown again (a restored one: the view calls reveal) is mounted in stages again
    expect(s.revealed).toBe(REVEAL_STAGES);
  });

  it('writes a running study\'s checkpoint at most once a second, and the final record is the finished study', async () => {
    const writes: { status: string; trials: number; at: number }[] = [];
    // A database of its own: the tests below read this file's saved study.
    const own = `${NAME}-writes`;
    const { store: ownStore, conn: ownConn } = storeIn(own);
    const counting = Object.create(ownStore) as typeof ownStore;
    let texts = 0;
    counting.put = (key: string, value: StoredSearchRecord) => {
      // The study worker's checkpoints arrive as JSON text (the page writes them without cloning every trial).
      if (typeof value.checkpoint === 'string') texts++;
      const cp: Checkpoint = typeof value.checkpoint === 'string' ? JSON.parse(value.checkpoint) : value.checkpoint;
      writes.push({ status: value.status, trials: cp.trials.length, at: performance.now() });
      return ownStore.put(key, value);
    };
    const s = new SearchState({ ...env(), store: counting });
    s.form = formFromStudy(normalizeStudy({ ...input, trialsPerBatch: 1 })); // 40 batches: 40 checkpoints told
    const t0 = performance.now();
    await s.start();
    expect(s.phase).toBe('done');
    const running = writes.filter((w) => w.status === 'running');
    // One write at the start, then at most one per second (a batch or a chunk); never one per batch. The study worker
    // sends them at least 1,000 ms apart; they reach this thread with its own delays.
    for (let i = 2; i < running.length; i++) expect(running[i].at - running[i - 1].at).toBeGreaterThanOrEqual(900);
    expect(running.length).toBeLessThanOrEqual(2 + Math.ceil((performance.now() - t0) / 1000));
    expect(writes.at(-1)).toMatchObject({ status: 'done', trials: 40 });
    expect(texts).toBe(writes.length); // every write took the worker's text
    // A checkpoint still waiting for its slot when the study ended is dropped, not written over the final record.
    await new Promise((r) => setTimeout(r, 1100));
    await s.flushed();
    expect(writes.at(-1)).toMatchObject({ status: 'done', trials: 40 });
    const saved = await ownStore.get(CURRENT_SEARCH_KEY);
    expect(saved.status === 'ok' && saved.value.status).toBe('done');
    (await ownConn())?.close();
    indexedDB.deleteDatabase(own);
  });

  it('with storeDb, the study worker writes the running checkpoints itself; the page writes only the final record, last', async () => {
    const own = `${NAME}-worker-writes`;
    const { store: ownStore, conn: ownConn } = storeIn(own);
    const pagePuts: string[] = [];
    const counting = Object.create(ownStore) as typeof ownStore;
    counting.put = (key: string, value: StoredSearchRecord) => { pagePuts.push(value.status); return ownStore.put(key, value); };
    const s = new SearchState({ ...env(), store: counting, storeDb: own });
    s.form = formFromStudy(normalizeStudy({ ...input, trialsPerBatch: 1 }));
    const run = s.start();
    await until(() => s.phase !== 'idle');
    // While it runs, the database holds the worker's running records, and the page hears of each write.
    const inDb: number[] = [], onPage: number[] = [];
    while (s.phase === 'running') {
      const r = await ownStore.get(CURRENT_SEARCH_KEY);
      if (r.status === 'ok' && r.value.status === 'running') {
        inDb.push(r.value.checkpoint.trials.length);
        expect(r.value.payload).toEqual(s.payload);
        expect(r.value.workers).toBe(2);
      }
      onPage.push(s.savedTrials);
      await new Promise((res) => setTimeout(res, 50));
    }
    await run;
    await s.flushed();
    expect(s.phase).toBe('done');
    expect(pagePuts).toEqual(['done']); // no running record crossed the page thread
    expect(inDb.length).toBeGreaterThan(0);
    expect(onPage).toContain(inDb[0]);
    const saved = await ownStore.get(CURRENT_SEARCH_KEY);
    expect(saved.status === 'ok' && saved.value.status).toBe('done'); // the worker's writes all landed before it
    if (saved.status === 'ok') {
      expect(saved.value.checkpoint.trials).toHaveLength(40);
      expect(saved.value.elapsedSeconds).toBeGreaterThan(0);
    }
    expect(s.savedTrials).toBe(40);
    (await ownConn())?.close();
    indexedDB.deleteDatabase(own);
  });

  it('a running checkpoint the study worker cannot write is shown as a storage issue, and the search goes on', async () => {
    // A database of a newer schema than the app's: the worker's open fails (VersionError), so each of its writes does.
    const newer = `${NAME}-newer`;
    await new Promise<void>((resolve, reject) => {
      const r = indexedDB.open(newer, DB_VERSION + 98);
      r.onsuccess = () => { r.result.close(); resolve(); };
      r.onerror = () => reject(r.error);
    });
    // (the page's own records in a database of their own: the tests below read this file's saved study)
    const own = `${NAME}-issue`;
    const { store: ownStore, conn: ownConn } = storeIn(own);
    const s = new SearchState({ ...env(), store: ownStore, storeDb: newer });
    s.form = formFromStudy(normalizeStudy({ ...input, trialsPerBatch: 1 }));
    const run = s.start();
    const issues = new Set<string>();
    await until(() => { if (s.storageIssue) issues.add(s.storageIssue); return s.phase !== 'idle' && s.phase !== 'running'; }, 120_000);
    await run;
    expect(s.phase).toBe('done');
    expect([...issues].some((m) => m.startsWith('Checkpoints are not being saved ('))).toBe(true);
    expect(s.result!.trials).toHaveLength(40);
    await s.flushed();
    (await ownConn())?.close();
    for (const name of [newer, own]) {
      await new Promise<void>((resolve) => { const r = indexedDB.deleteDatabase(name); r.onsuccess = r.onerror = r.onblocked = () => resolve(); });
    }
  });

  it('prewarm starts the workers ahead; the next start with as many runs on them, another count closes them', async () => {
    const made: { n: number; closed: boolean; calls: number }[] = [];
    const counting = (): SearchEnv => ({
      ...env(),
      store: null,
      createPool: (n) => {
        const pool = createBrowserSimPool(n), m = { n, closed: false, calls: 0 };
        made.push(m);
        return {
          get size() { return pool.size; },
          run: (fn, o) => { m.calls++; return pool.run(fn, o); },
          cancel: (why) => pool.cancel(why),
          close: () => { m.closed = true; return pool.close(); },
        };
      },
    });
    const s = new SearchState(counting());
    formFor(s);
    s.workers = 2;
    s.prewarm();
    s.prewarm(); // the same count: nothing new
    expect(made).toMatchObject([{ n: 2, closed: false, calls: 2 }]); // one warm-up call per worker
    s.workers = 1;
    s.prewarm();
    expect(made).toMatchObject([{ n: 2, closed: true }, { n: 1, closed: false, calls: 1 }]);
    // its worker has loaded the simulator and HiGHS, scored a design and run the solvers' warm-up (about 20 s with the
    // other test projects beside it on 2 cores)
    await until(() => s.warmWorkers === 1, 150_000);
    // then compiled the fusion solvers (WARM_UP_ROUNDS rounds of warmUpSolvers, design by design), before it counts as warm
    expect(made[1].calls).toBe(1 + WARM_UP_ROUNDS * WARM_UP_DESIGNS.length);
    await s.start();
    expect(s.warmWorkers).toBe(0);
    expect(s.phase).toBe('done');
    expect(s.result).toEqual(reference);
    expect(made).toHaveLength(2); // the study ran on the warm pool
    expect(made[1].calls).toBeGreaterThan(1);
    expect(made[1].closed).toBe(true); // and closed it at the end, as any run's pool
  }, 180_000);

  it('a fresh state (a reload) shows the finished study from IndexedDB without running it', async () => {
    const s = new SearchState(env());
    await s.restore();
    expect(s.phase).toBe('done');
    expect(s.result).toEqual(longReference); // the study the first test ran and saved
    expect(normalizeStudy(studyInput(s.form))).toEqual(longStudy);
  });

  /** Start the long study, pause it after its second batch: paused, with the reference's first trials. */
  const startAndPause = async (s: SearchState) => {
    const run = s.start();
    await until(() => (s.result?.trials.length ?? 0) >= 16);
    await s.pause();
    await run;
    expect(s.phase).toBe('paused');
    const told = s.result!.trials.length;
    expect(told).toBeLessThan(400);
    expect(s.result!.trials).toEqual(longReference.trials.slice(0, told));
  };

  it('pauses (workers stopped, checkpoint kept) and resumes to the same result', async () => {
    const s = new SearchState(env());
    formFor(s, longStudy);
    await startAndPause(s);
    await s.flushed();
    const saved = await store.get(CURRENT_SEARCH_KEY);
    expect(saved.status === 'ok' && saved.value.status).toBe('paused');
    await s.resume();
    expect(s.phase).toBe('done');
    expect(s.result).toEqual(longReference);
  });

  it('on the study worker\'s own workers (the app\'s mode): prewarmed, runs to runStudy\'s result, pauses and resumes to it', async () => {
    const s = new SearchState({ ...env(), store: null, nestedWorkers: true, createPool: () => { throw new Error('no page pool in this mode'); } });
    formFor(s, longStudy);
    s.prewarm();
    await until(() => s.warmWorkers === 2, 60_000); // both nested workers warmed, reported to the page
    await startAndPause(s);
    await s.resume();
    expect(s.phase).toBe('done');
    expect(s.result).toEqual(longReference);
  });

  it('picks up a study that was running when the page went away, from its saved checkpoint, and ends identically', async () => {
    const cp = referenceCheckpoints[1]; // two batches told
    expect(cp.trials).toHaveLength(16);
    await store.put(CURRENT_SEARCH_KEY, { status: 'running', checkpoint: cp, payload: ['teaching-cnn'], workers: 2, elapsedSeconds: 1 });
    const s = new SearchState(env());
    await s.restore();
    await until(() => s.phase !== 'idle');
    expect(s.phase).toBe('running');
    expect(s.resumedTrials).toBe(16);
    await until(() => s.phase !== 'running');
    expect(s.phase).toBe('done');
    expect(s.result).toEqual(reference);
  });

  it('cancelling keeps the trials so far as the (partial) result', async () => {
    const s = new SearchState(env());
    formFor(s, longStudy);
    const run = s.start();
    await until(() => (s.result?.trials.length ?? 0) >= 8);
    await s.cancel();
    await run;
    expect(s.phase).toBe('cancelled');
    expect(s.result!.complete).toBe(false);
    expect(s.result!.trials.length).toBeLessThan(400);
    expect(s.result!.trials).toEqual(longReference.trials.slice(0, s.result!.trials.length));
  });

  it('reports a damaged saved search with its reason, runs nothing, and discards it on request', async () => {
    const cp = structuredClone(referenceCheckpoints[1]);
    (cp.trials[3] as { index: number }).index = 9;
    await store.putRaw(CURRENT_SEARCH_KEY, {
      format: SEARCH_RECORD_FORMAT, version: 1, savedAt: 0, value: { status: 'running', checkpoint: cp, payload: ['teaching-cnn'], workers: 2, elapsedSeconds: 0 },
    });
    const s = new SearchState(env());
    await s.restore();
    expect(s.phase).toBe('idle');
    expect(s.corrupt!.reason).toMatch(/damaged: trials\[3\]/);
    await s.discardCorrupt();
    expect(s.corrupt).toBeNull();
    expect(await store.get(CURRENT_SEARCH_KEY)).toEqual({ status: 'missing' });
  });

  it('stops with the reason when a saved checkpoint does not replay (raised in the study worker, shown by the page)', async () => {
    const cp = structuredClone(referenceCheckpoints[1]);
    const key = (h: unknown) => JSON.stringify(h);
    const j = cp.trials.findIndex((t) => key(t.hardware) !== key(cp.trials[0].hardware));
    expect(j).toBeGreaterThan(0);
    [cp.trials[0].hardware, cp.trials[j].hardware] = [cp.trials[j].hardware, cp.trials[0].hardware];
    await store.put(CURRENT_SEARCH_KEY, { status: 'running', checkpoint: cp, payload: ['teaching-cnn'], workers: 2, elapsedSeconds: 0 });
    const s = new SearchState(env());
    await s.restore();
    await until(() => s.phase === 'error');
    expect(s.error).toMatch(/checkpoint does not replay: trial 0 differs/);
    expect(s.result!.trials).toHaveLength(16); // the saved trials are still shown
    await s.discardFailed();
    expect(await store.get(CURRENT_SEARCH_KEY)).toEqual({ status: 'missing' });
  });

  it.each([
    ['other workload contents', { payload: ['teaching-cnn'], digest: 'deadbeef' }, /different workload contents/],
    ['a record from a newer app', { version: SEARCH_RECORD_VERSION + 1 }, /newer version of this app/],
    ['a checkpoint text that is not JSON', { text: '{"format":' }, /the saved checkpoint is not valid JSON/],
    ['an unknown workload', { payload: ['no-such-net'] }, /"no-such-net", is not a zoo workload/],
  ])('refuses a saved search with %s', async (_what, o: { payload?: string[]; digest?: string; version?: number; text?: string }, reason) => {
    const cp = { ...referenceCheckpoints[0], ...(o.digest ? { workloadDigest: o.digest } : {}) };
    await store.putRaw(CURRENT_SEARCH_KEY, {
      format: SEARCH_RECORD_FORMAT, version: o.version ?? 1, savedAt: 0, value: { status: 'paused', checkpoint: o.text ?? cp, payload: o.payload ?? ['teaching-cnn'], workers: 2, elapsedSeconds: 0 },
    });
    const s = new SearchState(env());
    await s.restore();
    expect(s.corrupt?.reason).toMatch(reason);
    expect(s.study).toBeNull();
  });
});

describe('the study worker', () => {
  it('sends the batch in flight and the progress to the page at most every 100 ms (the latest of each), every batch at once', async () => {
    const { startStudyWorker } = await import('../../web/src/pool');
    const { proxy } = await import('comlink');
    const study = normalizeStudy({ workloads: ['efficientnet-b0'], algorithm: 'random', seed: 3, trials: 320, trialsPerBatch: 16 });
    const worker = startStudyWorker();
    const calls = { chunk: 0, progress: 0, batch: 0, told: 0, lastCompleted: 0 };
    try {
      const t0 = performance.now();
      const reply = await worker.api.run({ study, workloadDigest: 'test', lanes: 2 }, proxy({
        // quick scores (4 ms each): 320 chunks on 2 lanes in about a second
        score: async (designs: unknown[]) => {
          await new Promise((r) => setTimeout(r, 4));
          return designs.map(() => ({ status: 'ok' as const, gainVsTpuV3: 1, perfPerTdp: 1, areaMm2: 100, tdpWatts: 100, workloads: [] }));
        },
        progress: (p: { completed: number }) => { calls.progress++; calls.lastCompleted = p.completed; },
        batch: (u: { from: number; trials: unknown[] }) => { calls.batch++; calls.told = u.from + u.trials.length; },
        chunk: () => { calls.chunk++; },
        save: () => {},
        flush: () => {}, saved: () => {},
      }));
      const windows = (performance.now() - t0) / 100 + 2;
      expect(reply.told).toBe(320);
      expect(calls.batch).toBe(20);
      expect(calls.told).toBe(320);
      expect(calls.lastCompleted).toBe(320); // the last progress arrived before the reply
      expect(calls.progress).toBeGreaterThan(1);
      expect(calls.chunk).toBeLessThanOrEqual(windows);
      expect(calls.progress).toBeLessThanOrEqual(windows);
      expect(calls.chunk + calls.progress).toBeLessThan(320); // one of each per chunk would be 640
    } finally {
      worker.terminate();
    }
  });
});
