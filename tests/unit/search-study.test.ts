// The study runner: same seed → identical results (in-process, and on Node worker pools of 1 and 2 workers), the
// summaries (best, best-so-far, Pareto) agree with the trials, resuming from a checkpoint (between batches and in
// the middle of one) ends exactly like an uninterrupted run without re-simulating what was done, constraints make
// trials infeasible with their reason, and repeated designs are reused rather than re-simulated.
import { afterAll, describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { createNodeSimPool } from '../../cli/node-pool';
import {
  dominates, evaluationSettings, inProcessScorer, normalizeStudy, poolScorer, runStudy, validateCheckpoint,
  type Checkpoint, type StudyInput, type StudyResult, type TrialScorer,
} from '../../shared/search/index';

const local = (study: ReturnType<typeof normalizeStudy>, counter?: { designs: number }): TrialScorer => {
  const s = inProcessScorer(loadCore, loadHighs, { ...evaluationSettings(study), workloads: study.workloads });
  return {
    lanes: 2,
    score: (designs) => { if (counter) counter.designs += designs.length; return s.score(designs); },
  };
};

const run = (input: StudyInput, extra: Partial<Parameters<typeof runStudy>[0]> = {}) => {
  const study = normalizeStudy(input);
  return runStudy({ study, workloadDigest: 'test', scorer: local(study), ...extra });
};

const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));

function checkSummaries(r: StudyResult) {
  const ok = r.trials.filter((t) => t.status === 'ok');
  const best = Math.max(...ok.map((t) => t.gainVsTpuV3!));
  expect(r.best!.gainVsTpuV3).toBe(best);
  expect(r.trials[r.best!.trial].gainVsTpuV3).toBe(best);
  expect(r.best!.areaMm2).toBeLessThanOrEqual(r.study.maxAreaMm2 * (1 + 1e-9));
  expect(r.bestSoFar).toHaveLength(r.trials.length);
  r.bestSoFar.forEach((v, i) => {
    const upTo = r.trials.slice(0, i + 1).filter((t) => t.status === 'ok').map((t) => t.gainVsTpuV3!);
    expect(v).toBe(upTo.length ? Math.max(...upTo) : null);
  });
  const obj = (t: { gainVsTpuV3: number; areaMm2: number; tdpWatts: number }) => [t.gainVsTpuV3, t.areaMm2, t.tdpWatts];
  for (const p of r.pareto) {
    for (const t of ok) expect(dominates(obj(t as never), obj(p), ['max', 'min', 'min'])).toBe(false);
  }
  for (const t of ok) {
    if (t.duplicateOf === undefined && !r.pareto.some((p) => p.trial === t.index)) {
      expect(r.pareto.some((p) => dominates(obj(p), obj(t as never), ['max', 'min', 'min']))).toBe(true);
    }
  }
  r.trials.forEach((t, i) => { expect(t.index).toBe(i); expect(t.batch).toBe(Math.floor(i / r.study.trialsPerBatch)); });
}

describe('study runner', () => {
  const base: StudyInput = { workloads: ['teaching-cnn'], trials: 40, seed: 3, trialsPerBatch: 8 };

  it.each(['random', 'evolution', 'bo', 'swarm'] as const)('%s: the same seed gives identical results; summaries agree with the trials', async (algorithm) => {
    const a = await run({ ...base, algorithm });
    const b = await run({ ...base, algorithm });
    expect(b).toEqual(a);
    expect(a.complete).toBe(true);
    expect(a.trials).toHaveLength(40);
    checkSummaries(a);
    const c = await run({ ...base, algorithm, seed: 4 });
    expect(c.trials.map((t) => t.hardware)).not.toEqual(a.trials.map((t) => t.hardware));
  });

  describe('on Node worker pools', () => {
    const pools = [createNodeSimPool(1), createNodeSimPool(2)];
    afterAll(() => Promise.all(pools.map((p) => p.close())));

    it('results do not depend on the number of workers or on which one ran a trial', async () => {
      const study = normalizeStudy({ workloads: ['efficientnet-b0'], trials: 24, seed: 5, algorithm: 'random', trialsPerBatch: 12 });
      const [one, two] = await Promise.all(pools.map((pool) => runStudy({ study, workloadDigest: 'x', scorer: poolScorer(pool, study, study.workloads) })));
      expect(two).toEqual(one);
      expect(pools[1].started).toBe(2);
      const inProcess = await runStudy({ study, workloadDigest: 'x', scorer: local(study) });
      expect(inProcess).toEqual(one);
      // Designs with GMEM ran the fusion ILP in the workers.
      expect(one.trials.some((t) => t.status === 'ok' && t.hardware.globalMemoryMiB > 0 && t.workloads[0].onChipTensors > 0)).toBe(true);
    });

    it('queueDepth 2 keeps two chunks per lane in flight, with results identical to one', async () => {
      const study = normalizeStudy({ workloads: ['efficientnet-b0'], trials: 24, seed: 5, algorithm: 'evolution', trialsPerBatch: 12 });
      const traced = async (depth: number) => {
        const inner = poolScorer(pools[1], study, study.workloads);
        const seen = { max: 0, now: 0 };
        const scorer: TrialScorer = {
          lanes: inner.lanes,
          score: async (designs) => {
            seen.max = Math.max(seen.max, ++seen.now);
            try { return await inner.score(designs); } finally { seen.now--; }
          },
        };
        return { seen, result: await runStudy({ study, workloadDigest: 'x', scorer, queueDepth: depth }) };
      };
      const one = await traced(1), two = await traced(2);
      expect(two.result).toEqual(one.result);
      expect(one.seen.max).toBe(2);
      expect(two.seen.max).toBe(4); // 2 lanes × 2
    });

    it('cancel terminates the work in flight, keeps what finished, and a resume completes the study identically', async () => {
      const pool = pools[1];
      const study = normalizeStudy({ workloads: ['efficientnet-b0'], trials: 24, seed: 8, algorithm: 'random', trialsPerBatch: 8 });
      const abort = new AbortController();
      let saved: Checkpoint | undefined;
      const partial = await runStudy({
        study, workloadDigest: 'x', signal: abort.signal, scorer: poolScorer(pool, study, study.workloads),
        onCheckpoint: (cp, when) => {
          saved = roundTrip(cp);
          // Mid-batch, while the other worker is busy: stop and terminate.
          if (when === 'chunk' && cp.trials.length === 8 && cp.pending.length >= 2 && !abort.signal.aborted) { abort.abort(); void pool.cancel(); }
        },
      });
      expect(partial.complete).toBe(false);
      expect(partial.trials).toHaveLength(8);
      expect(saved!.trials).toHaveLength(8);
      expect(saved!.pending.length).toBeGreaterThanOrEqual(2); // finished trials of the cancelled batch are kept
      expect(pool.started).toBe(0); // terminated
      const resumed = await runStudy({ study, workloadDigest: 'x', scorer: poolScorer(pool, study, study.workloads), resume: validateCheckpoint(saved, study, 'x') });
      const full = await runStudy({ study, workloadDigest: 'x', scorer: local(study) });
      expect(resumed).toEqual(full);
    });
  });

  it.each(['random', 'evolution'] as const)('%s: a lane the batch\'s slowest trial leaves idle scores the next batch only when the asks ignore the tells; the trials are the same', async (algorithm) => {
    const study = normalizeStudy({ ...base, algorithm, trials: 24, trialsPerBatch: 8 });
    const counted = { designs: 0 };
    const plain = await runStudy({ study, workloadDigest: 'test', scorer: { ...local(study, counted), lanes: 1 } }); // one lane: nothing ahead
    const batchOf = new Map<string, number>();
    for (const t of plain.trials) if (!batchOf.has(JSON.stringify(t.hardware))) batchOf.set(JSON.stringify(t.hardware), t.batch);
    // The first design scored is slow: held until a design of batch 1 starts scoring, or for 1.5 s.
    const inner = local(study);
    const started: number[] = [];
    let release!: (by: string) => void;
    const gate = new Promise<string>((r) => { release = r; });
    const timer = setTimeout(() => release('timeout'), 1500);
    const scorer: TrialScorer = {
      lanes: 2,
      score: async (designs) => {
        const b = batchOf.get(JSON.stringify(designs[0]))!;
        started.push(b);
        if (started.length === 1) await gate;
        if (b === 1) release('batch 1');
        return inner.score(designs);
      },
    };
    const r = await runStudy({ study, workloadDigest: 'test', scorer });
    clearTimeout(timer);
    expect(r).toEqual(plain);
    expect(started).toHaveLength(counted.designs); // every design scored once, ahead or not
    if (algorithm === 'random') {
      expect(await gate).toBe('batch 1'); // scored ahead while batch 0's first design was held
    } else {
      expect(await gate).toBe('timeout'); // evolution's next asks need this batch's tells
      const firstOf1 = started.indexOf(1);
      expect(started.slice(firstOf1).every((b) => b >= 1)).toBe(true);
    }
  });

  it.each(['random', 'evolution', 'bo'] as const)('%s: resuming between batches or mid-batch ends exactly like an uninterrupted run', async (algorithm) => {
    const input: StudyInput = { ...base, algorithm, trials: 36 };
    const full = await run(input);
    for (const stopAt of ['batch', 'chunk'] as const) {
      const abort = new AbortController();
      let saved: Checkpoint | undefined;
      const partial = await run(input, {
        signal: abort.signal,
        onCheckpoint: (cp, when) => {
          saved = roundTrip(cp); // what a file would hold
          const stop = stopAt === 'batch' ? when === 'batch' && cp.trials.length >= 16 : when === 'chunk' && cp.trials.length >= 16 && cp.pending.length > 0;
          if (stop) abort.abort();
        },
      });
      expect(partial.complete).toBe(false);
      expect(saved!.trials.length).toBeGreaterThanOrEqual(16);
      if (stopAt === 'chunk') expect(saved!.pending.length).toBeGreaterThan(0);
      const study = normalizeStudy(input);
      const resume = validateCheckpoint(saved, study, 'test');
      const counter = { designs: 0 };
      const resumed = await runStudy({ study, workloadDigest: 'test', scorer: local(study, counter), resume });
      expect(resumed).toEqual(full);
      // Nothing done before the stop is simulated again.
      const done = new Set([...saved!.trials.map((t) => JSON.stringify(t.hardware))]);
      const fresh = new Set(full.trials.filter((t) => t.status === 'ok' && t.duplicateOf === undefined && !done.has(JSON.stringify(t.hardware))).map((t) => JSON.stringify(t.hardware)));
      expect(counter.designs).toBe(fresh.size - saved!.pending.length);
    }
  });

  it('refuses a checkpoint of another study, naming what differs', async () => {
    const study = normalizeStudy({ ...base, algorithm: 'random' });
    const cp = { format: 'fast-search-checkpoint', version: 1, study, workloadDigest: 'test', trials: [], pending: [] };
    expect(() => validateCheckpoint(cp, normalizeStudy({ ...base, algorithm: 'random', seed: 9 }), 'test')).toThrow('checkpoint belongs to another study: seed is 3 in the checkpoint but 9 now');
    expect(() => validateCheckpoint(cp, study, 'other')).toThrow(/different workload contents/);
    expect(() => validateCheckpoint({ nope: 1 }, study, 'test')).toThrow(/not a FAST search checkpoint/);
    // A larger trial budget continues the same study.
    expect(validateCheckpoint(cp, normalizeStudy({ ...base, algorithm: 'random', trials: 80 }), 'test')).toEqual(cp);
  });

  it('records infeasible trials with their reason: an area budget nothing meets, a TDP budget', async () => {
    const tiny = await run({ ...base, algorithm: 'evolution', trials: 16, maxAreaMm2: 50 });
    // Nothing fits: each trial is infeasible for the area (or, for a design the schema rejects, for that).
    for (const t of tiny.trials) {
      expect(t.status).toBe('infeasible');
      if (t.code === 'area') expect(t.reason).toMatch(/^area \d+\.\d mm² is over the 50 mm² budget$/);
      else expect(t).toMatchObject({ code: 'invalid', reason: expect.stringMatching(/must be/) });
    }
    expect(tiny.best).toBeNull();
    expect(tiny.pareto).toEqual([]);
    expect(tiny.bestSoFar.every((v) => v === null)).toBe(true);
    expect((tiny.infeasible.area ?? 0) + (tiny.infeasible.invalid ?? 0)).toBe(16);
    expect(tiny.infeasible.area).toBeGreaterThan(0);
    const cool = await run({ ...base, algorithm: 'bo', trials: 24, maxTdpWatts: 200 });
    for (const t of cool.trials) {
      if (t.status === 'ok') expect(t.tdpWatts!).toBeLessThanOrEqual(200);
      else expect(t.reason).toMatch(/budget/);
    }
    expect(cool.trials.filter((t) => t.status === 'ok').length).toBeGreaterThan(12); // the known constraint steers proposals
  });

  it('a space smaller than the budget repeats designs, reusing their results', async () => {
    const study = normalizeStudy({
      ...base, algorithm: 'evolution', trials: 12,
      fixed: { cores: 2, arraysPerCore: 2, arrayRows: 64, arrayCols: 64, vectorLanesPerCore: 1024, localMemoryMiB: 4, globalMemoryMiB: 0, dramTechnology: 'hbm2', dramStacks: 2, dramGBpsPerStack: 225, dramGiBPerStack: 8, clockGhz: 1, iciLinks: 4 },
    });
    const counter = { designs: 0 };
    const r = await runStudy({ study, workloadDigest: 'test', scorer: local(study, counter) });
    expect(counter.designs).toBe(3); // ws, os, is
    const dups = r.trials.filter((t) => t.duplicateOf !== undefined);
    expect(dups.length).toBe(9);
    for (const d of dups) {
      const first = r.trials[d.duplicateOf!];
      expect(first.hardware).toEqual(d.hardware);
      expect(first.gainVsTpuV3).toBe(d.gainVsTpuV3);
      expect(first.duplicateOf).toBeUndefined();
    }
    expect(r.pareto.length).toBeLessThanOrEqual(3);
  });
});
