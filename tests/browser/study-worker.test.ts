// The study worker (web/src/study-worker.ts) in Chromium: the checkpoint digest it computes off the page thread is the
// page's (and the CLI's) for the same workloads, each batch sends the page only its new trials, the checkpoints it
// sends for saving (JSON text) parse to the study's checkpoints, and a stop that arrives before the run starts (Pause
// right after Start) stops that run at once.
import { describe, expect, it } from 'vitest';
import { proxy } from 'comlink';
import { workloadDigest } from '../../web/src/lib/search-record';
import { fnv1a, poolScorer } from '../../shared/search/index';
import { normalizeStudy } from '../../shared/search/study-spec';
import { runStudy, type Checkpoint } from '../../shared/search/index';
import { zooWorkload } from '../../shared/workload/index';
import type { BatchUpdate, StudyHooks } from '../../web/src/study-worker';
import { createBrowserSimPool, startStudyWorker } from '../../web/src/pool';
import { summarize, type TrialRecord } from '../../shared/search/study-result';

describe('the study worker', () => {
  it('computes the workload digest the page and the CLI compute', async () => {
    const w = startStudyWorker();
    try {
      for (const payload of [['efficientnet-b0'], ['teaching-cnn', 'bert-base-128'], ['llama-3.2-1b:decode,context=512']]) {
        const digest = await w.api.workloadDigest(payload);
        expect(digest).toBe(workloadDigest(payload));
        expect(digest).toBe(fnv1a(JSON.stringify(payload.map((n) => zooWorkload(n))))); // shared/search's, as `fast search`
      }
    } finally { w.terminate(); }
  });

  it('sends each batch\'s new trials only, which add up to the study\'s trials; what it sends for saving is the study\'s checkpoint', async () => {
    const w = startStudyWorker();
    const pool = createBrowserSimPool(1);
    try {
      const study = normalizeStudy({ workloads: ['teaching-cnn'], algorithm: 'random', trials: 20, trialsPerBatch: 4, seed: 3 });
      const scorer = poolScorer(pool, study, study.workloads);
      const updates: BatchUpdate[] = [];
      const saves: { cp: Checkpoint; trials: number }[] = [];
      const hooks: StudyHooks = {
        score: (designs) => scorer.score(designs), progress: () => {}, chunk: () => {}, flush: () => {}, saved: () => {},
        batch: (u) => { updates.push(u); },
        save: (json, trials) => { saves.push({ cp: JSON.parse(json), trials }); },
      };
      const reply = await w.api.run({ study, workloadDigest: 'd', lanes: 1 }, proxy(hooks));
      const checkpoints: Checkpoint[] = [];
      const direct = await runStudy({ study, workloadDigest: 'd', scorer, onCheckpoint: (cp) => { checkpoints.push(structuredClone(cp)); } });
      expect(updates).toHaveLength(5);
      let told: TrialRecord[] = [];
      for (const u of updates) {
        expect(u.from).toBe(told.length);
        expect(u.trials).toHaveLength(4);
        told = told.concat(u.trials);
        expect({ ...u.summary, trials: told }).toEqual(summarize(study, told, false));
        expect(u.header).toEqual({ format: 'fast-search-checkpoint', version: 1, study, workloadDigest: 'd' });
      }
      expect(told).toEqual(direct.trials);
      expect(reply.told).toBe(20);
      expect({ ...reply.summary, trials: told }).toEqual(direct);
      // The final checkpoint's text is the last checkpoint; the first save (at the start) the empty one, and every save
      // one of the study's checkpoints (the run is quick: at most a save or two a second).
      expect(JSON.parse(reply.checkpointJson)).toEqual(checkpoints.at(-1));
      expect(saves[0]).toEqual({ cp: { format: 'fast-search-checkpoint', version: 1, study, workloadDigest: 'd', trials: [], pending: [] }, trials: 0 });
      for (const { cp, trials } of saves.slice(1)) {
        expect(cp.trials).toHaveLength(trials);
        expect(checkpoints).toContainEqual(cp);
      }
    } finally { w.terminate(); await pool.close(); }
  });

  it('a stop before the run starts stops the run before any design is scored', async () => {
    const w = startStudyWorker();
    try {
      await w.api.stop();
      let scored = 0;
      const hooks: StudyHooks = {
        score: async (designs) => { scored += designs.length; throw new Error('nothing should be scored'); },
        progress: () => {}, batch: () => {}, chunk: () => {}, save: () => {}, flush: () => {}, saved: () => {},
      };
      const study = normalizeStudy({ workloads: ['teaching-cnn'], trials: 8, seed: 1 });
      const reply = await w.api.run({ study, workloadDigest: 'x', lanes: 1 }, proxy(hooks));
      expect(reply.stopped).toBe(true);
      expect(reply.told).toBe(0);
      expect(JSON.parse(reply.checkpointJson).trials).toEqual([]);
      expect(scored).toBe(0);
    } finally { w.terminate(); }
  });
});
