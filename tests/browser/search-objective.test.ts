// The search objective in the page (Chromium, real Web Workers, a real IndexedDB): the form's objective select
// reaches the study and the CLI line, a study on inferences per joule run by SearchState (the study worker + the page's
// pool) ends exactly like the same study run directly, its cards name the objective, a reload restores the select,
// and a search saved before studies had an objective loads as a Perf/TDP study.
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { createBrowserSimPool } from '../../web/src/pool';
import { openDatabase, VersionedStore } from '../../web/src/lib/idb-store';
import { DB_VERSION, SCHEMA } from '../../web/src/lib/app-db';
import {
  CURRENT_SEARCH_KEY, SEARCH_RECORD_FORMAT, SEARCH_RECORD_VERSION, validateSearchRecord, workloadDigest, type SearchRecord, type StoredSearchRecord,
} from '../../web/src/lib/search-record';
import { defaultForm } from '../../web/src/lib/search-form';
import { SearchState, type SearchEnv } from '../../web/src/state/search.svelte';
import type { AppState } from '../../web/src/state/app.svelte';
import StudyForm from '../../web/src/views/search/StudyForm.svelte';
import ProgressCard from '../../web/src/views/search/ProgressCard.svelte';
import TrialsTable from '../../web/src/views/search/TrialsTable.svelte';
import { normalizeStudy, poolScorer, runStudy, type Checkpoint, type StudySpec } from '../../shared/search/index';

const NAME = `fast-explorer-search-objective-test-${Math.random().toString(36).slice(2)}`;
let conn: Promise<IDBDatabase> | undefined;
const db = () => (conn ??= openDatabase(NAME, DB_VERSION, SCHEMA));
const store = new VersionedStore<SearchRecord, StoredSearchRecord>(db, {
  store: 'search', format: SEARCH_RECORD_FORMAT, version: SEARCH_RECORD_VERSION, validate: validateSearchRecord,
});
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
/** The cards read only `app.search` and `app.workloads`. */
const appOf = (search: SearchState) => ({ search, workloads: ['teaching-cnn', 'efficientnet-b0'] }) as unknown as AppState;
const byTest = (host: HTMLElement, id: string) => host.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

afterAll(async () => {
  (await conn)?.close();
  await new Promise<void>((resolve) => { const r = indexedDB.deleteDatabase(NAME); r.onsuccess = r.onerror = r.onblocked = () => resolve(); });
});

describe('the objective in the Search view', () => {
  const input = { workloads: ['teaching-cnn'], algorithm: 'random' as const, seed: 4, trials: 16, trialsPerBatch: 8, objective: 'inferences-per-joule' as const };

  it('the select reaches the study and the CLI line; the study runs in the workers to runStudy\'s result; the cards name it', async () => {
    const study = normalizeStudy(input);
    const pool = createBrowserSimPool(2);
    let reference;
    try {
      reference = await runStudy({ study, workloadDigest: workloadDigest(study.workloads), scorer: poolScorer(pool, study, study.workloads) });
    } finally {
      await pool.close();
    }

    const s = new SearchState(env());
    const host = document.createElement('div');
    document.body.append(host);
    const app = appOf(s);
    const form = mount(StudyForm, { target: host, props: { app } });
    const cards = mount(ProgressCard, { target: host, props: { app } });
    const table = mount(TrialsTable, { target: host, props: { app } });
    try {
      s.form = { ...defaultForm('teaching-cnn'), algorithm: 'random', seed: 4, trials: 16, trialsPerBatch: 8 };
      flushSync();
      const select = host.querySelector<HTMLSelectElement>('[data-testid="search-objective"]')!;
      expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([['perf-per-tdp', 'Perf/TDP'], ['inferences-per-joule', 'inferences/J']]);
      expect(select.value).toBe('perf-per-tdp');
      expect(byTest(host, 'search-cli')).not.toContain('--objective');
      select.value = 'inferences-per-joule';
      select.dispatchEvent(new Event('change'));
      flushSync();
      expect(s.form.objective).toBe('inferences-per-joule');
      expect(s.validation.ok && s.validation.study).toEqual(study);
      expect(byTest(host, 'search-cli')).toContain('--algorithm random --objective inferences-per-joule');
      expect(byTest(host, 'search-objective-hint')).toMatch(/^Maximize inferences per joule/);

      const run = s.start();
      await until(() => s.phase !== 'idle');
      await until(() => s.phase !== 'running');
      await run;
      flushSync();
      expect(s.phase).toBe('done');
      expect(s.result).toEqual(reference);
      expect(s.result!.study.objective).toBe('inferences-per-joule');
      expect(byTest(host, 'search-objective-label')).toBe('inferences/J');
      expect(byTest(host, 'search-progress')).toContain('Best inferences/J gain vs TPU-v3');
      expect(byTest(host, 'trials-gain-header')).toBe('inferences/J gain');
      await s.flushed();

      // A reload: the saved study brings its objective back into the form.
      const again = new SearchState(env());
      await again.restore();
      expect(again.study!.objective).toBe('inferences-per-joule');
      expect(again.form.objective).toBe('inferences-per-joule');
      expect(again.result).toEqual(reference);
    } finally {
      unmount(table);
      unmount(cards);
      unmount(form);
      host.remove();
    }
  }, 120_000);

  it('a search saved before studies had an objective loads as a Perf/TDP study, and its cards say so', async () => {
    const perf = normalizeStudy({ ...input, objective: undefined });
    const pool = createBrowserSimPool(2);
    let cp: Checkpoint | undefined;
    try {
      await runStudy({
        study: perf, workloadDigest: workloadDigest(perf.workloads), scorer: poolScorer(pool, perf, perf.workloads),
        onCheckpoint: (c, when) => { if (when === 'batch') cp = JSON.parse(JSON.stringify(c)); },
      });
    } finally {
      await pool.close();
    }
    // What an older page saved: no objective in the study, no inferences per joule in the trials.
    delete (cp!.study as Partial<StudySpec>).objective;
    for (const t of cp!.trials) for (const w of t.workloads) { delete w.inferencesPerJoule; delete w.baselineInferencesPerJoule; }
    await store.put(CURRENT_SEARCH_KEY, { status: 'done', checkpoint: cp!, payload: ['teaching-cnn'], workers: 2, elapsedSeconds: 1 });
    const s = new SearchState(env());
    await s.restore();
    expect(s.corrupt).toBeNull();
    expect(s.study!.objective).toBe('perf-per-tdp');
    expect(s.form.objective).toBe('perf-per-tdp');
    expect(s.result!.trials).toHaveLength(16);
    const host = document.createElement('div');
    document.body.append(host);
    const cards = mount(ProgressCard, { target: host, props: { app: appOf(s) } });
    try {
      flushSync();
      expect(byTest(host, 'search-objective-label')).toBe('Perf/TDP');
    } finally {
      unmount(cards);
      host.remove();
    }
    await s.clear();
  }, 120_000);
});
