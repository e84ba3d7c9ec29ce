// The study runner: the ask/tell loop between a strategy and an evaluator (a worker pool in the CLI and the web
// app). Per batch: ask `trialsPerBatch` points, decode them, settle what needs no simulation (repeats of a design
// already scored, designs the known constraints reject, results restored from a checkpoint), score the rest in
// parallel chunks, then tell every result in ask order — so results never depend on which worker ran a trial or
// when it finished. After every batch the caller gets a checkpoint (told trials + results of the batch in flight);
// a resumed study replays the told trials into a fresh strategy (a deterministic function of seed and history) and
// continues. docs/model.md §6. The study's spec is study-spec.ts, its results study-result.ts, the checkpoint format
// and replay checkpoint.ts, a scorer over a worker pool pool-scorer.ts.
import type { HardwareSpec } from '../hardware';
import type { TrialEvaluation } from './evaluate';
import { checkDesign } from './objective';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, replayCheckpoint, type Checkpoint } from './checkpoint';
import { summarize, type TrialRecord, type StudyResult } from './study-result';
import { createStrategy, studySpace, type StudySpec } from './study-spec';
import type { Point } from './space';

export interface StudyProgress {
  /** Trials told so far (the whole study, resumed ones included). */
  told: number;
  /** Trials settled so far, including the batch in flight. */
  completed: number;
  total: number;
  /** Trials simulated in this session and the wall time they took (progress only; never in results). */
  simulated: number;
  elapsedSeconds: number;
  trialsPerSecond: number;
  bestGain: number | null;
  batch: number;
}

/** Scores designs; `lanes` chunks run at once (the pool's size). */
export interface TrialScorer {
  lanes: number;
  score(designs: HardwareSpec[]): Promise<TrialEvaluation[]>;
}

export interface RunStudyOptions {
  study: StudySpec;
  scorer: TrialScorer;
  workloadDigest: string;
  /** A checkpoint to continue from (its study must match). */
  resume?: Checkpoint;
  /**
   * Called after every batch ('batch'), after every chunk within a batch ('chunk': the caller may skip some) and
   * when a cancelled study stops ('stop').
   */
  onCheckpoint?: (cp: Checkpoint, when: 'batch' | 'chunk' | 'stop') => void | Promise<void>;
  onProgress?: (p: StudyProgress) => void;
  /** Stops the study between chunks (cancel the pool too, to stop chunks in flight). */
  signal?: AbortSignal;
  /** Results shared between studies with identical evaluation settings (compare-algorithms); keyed by design. */
  cache?: Map<string, TrialEvaluation>;
  /** Designs per scorer call (default 1); never changes results. */
  chunkSize?: number;
  /**
   * Chunks each lane keeps in flight (default 1; never changes results). 2 hides a relay between the runner and the
   * workers (the page's study worker reaches the simulation workers through the page thread, which may be busy
   * drawing): a worker finds its next chunk already queued. Only `lanes` chunks are taken once no more than `lanes`
   * remain, so the end of a batch does not queue a chunk behind a slow one.
   */
  queueDepth?: number;
}

/** A batch asked ahead (study.ts lookAhead): its points, the chunks it needs scored, and the next chunk to take. */
interface AheadBatch { points: Point[]; chunks: { key: string; design: HardwareSpec }[][]; next: number }

function record(index: number, batch: number, hardware: HardwareSpec, e: TrialEvaluation, duplicateOf?: number): TrialRecord {
  const r: TrialRecord = {
    index, batch, hardware, status: e.status,
    ...(e.code ? { code: e.code } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    gainVsTpuV3: e.gainVsTpuV3, perfPerTdp: e.perfPerTdp, areaMm2: e.areaMm2, tdpWatts: e.tdpWatts, workloads: e.workloads,
  };
  if (duplicateOf !== undefined) r.duplicateOf = duplicateOf;
  return r;
}

const valueOf = (t: TrialRecord) => (t.status === 'ok' && t.gainVsTpuV3 !== null ? Math.log(t.gainVsTpuV3) : null);

/**
 * Run (or resume) a study to its trial budget or until `signal` aborts. Resolves to the result; rejects only when
 * the scorer fails for a reason other than a cancellation that `signal` asked for.
 */
export async function runStudy(o: RunStudyOptions): Promise<StudyResult> {
  const study = o.study;
  const space = studySpace(study);
  const strategy = createStrategy(study);
  const trials: TrialRecord[] = [];
  const byKey = new Map<string, number>(); // design key → first trial index
  const pending = new Map<string, TrialEvaluation>();
  const t0 = performance.now();
  let simulated = 0;

  const told = (t: TrialRecord) => {
    trials.push(t);
    const key = space.key(t.hardware);
    if (!byKey.has(key)) byKey.set(key, t.index);
  };

  // Replay the checkpoint's told trials into the fresh strategy; its pending results are restored, not re-simulated.
  if (o.resume) {
    replayCheckpoint(o.resume, strategy, space, (p, t) => {
      strategy.tell(p, valueOf(t));
      told(t);
    });
    for (const { key, evaluation } of o.resume.pending) pending.set(key, evaluation);
  }

  const progress = (completed: number, batch: number) => {
    if (!o.onProgress) return;
    const elapsedSeconds = (performance.now() - t0) / 1e3;
    const s = summarizeBest(trials);
    o.onProgress({
      told: trials.length, completed, total: study.trials, simulated, elapsedSeconds,
      trialsPerSecond: elapsedSeconds > 0 ? simulated / elapsedSeconds : 0, bestGain: s, batch,
    });
  };
  const checkpoint = (batchEnd: boolean): Checkpoint => ({
    format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, study, workloadDigest: o.workloadDigest,
    trials: [...trials], pending: batchEnd ? [] : [...pending].map(([key, evaluation]) => ({ key, evaluation })),
  });

  // Look-ahead (strategies whose asks ignore the tells: random search). Once every chunk of a batch has been taken,
  // a lane that would idle while the batch's slowest trials finish asks the next batch now and scores its designs;
  // those scorings may outlast the batch (`inflight`: the next batch waits for them instead of scoring again). The
  // strategy is asked the same batches in the same order and every result is told in ask order, so the trials are
  // the same as without it.
  const lookAhead = strategy.asksIgnoreTells === true;
  const look: { ahead: AheadBatch | null } = { ahead: null }; // the next batch, asked ahead
  const inflight = new Map<string, Promise<void>>();
  const lanes = Math.max(1, o.scorer.lanes);
  const chunk = Math.max(1, o.chunkSize ?? 1);
  const depth = Math.max(1, Math.floor(o.queueDepth ?? 1));
  /** Score a chunk into `pending` (and the shared cache); `inflight` holds each of its keys until then. */
  const scoreChunk = (mine: { key: string; design: HardwareSpec }[]): Promise<void> => {
    const p = (async () => {
      const res = await o.scorer.score(mine.map((m) => m.design));
      if (res.length !== mine.length) throw new Error(`scorer returned ${res.length} results for ${mine.length} designs`);
      mine.forEach((m, k) => { pending.set(m.key, res[k]); o.cache?.set(m.key, res[k]); });
      simulated += mine.length;
    })();
    for (const m of mine) inflight.set(m.key, p);
    const done = () => { for (const m of mine) if (inflight.get(m.key) === p) inflight.delete(m.key); };
    p.then(done, done); // (also marks p handled: a look-ahead cut short by a cancellation is awaited by no one)
    return p;
  };

  let batch = trials.length ? trials[trials.length - 1].batch + 1 : 0;
  progress(trials.length, batch);
  while (trials.length < study.trials && !o.signal?.aborted) {
    const n = Math.min(study.trialsPerBatch, study.trials - trials.length);
    const points = look.ahead?.points ?? strategy.ask(n);
    look.ahead = null;
    const designs = points.map((p) => space.decode(p));
    const keys = designs.map((d) => space.key(d));
    // Settle what needs no simulation; collect distinct designs to score.
    const evals: (TrialEvaluation | undefined)[] = new Array(n);
    const toScore: { key: string; design: HardwareSpec }[] = [];
    const queued = new Set<string>();
    const waits: Promise<void>[] = []; // look-ahead scorings of this batch's designs still running
    keys.forEach((key, i) => {
      const earlier = byKey.get(key);
      if (earlier !== undefined) { evals[i] = trialEvaluation(trials[earlier]); return; }
      const known = pending.get(key) ?? o.cache?.get(key);
      if (known) { evals[i] = known; return; }
      const running = inflight.get(key);
      if (running) { waits.push(running); return; }
      const c = checkDesign(designs[i], { maxAreaMm2: study.maxAreaMm2, maxTdpWatts: study.maxTdpWatts, assumed: study.assumed });
      if (!c.ok) {
        evals[i] = {
          status: 'infeasible', code: c.code, reason: c.reason, gainVsTpuV3: null, perfPerTdp: null,
          areaMm2: c.cost?.areaMm2 ?? null, tdpWatts: c.cost?.tdpWatts ?? null, workloads: [],
        };
        return;
      }
      if (!queued.has(key)) { queued.add(key); toScore.push({ key, design: designs[i] }); }
    });

    // Score `lanes` chunks at a time (`lanes` × queueDepth in flight), each lane taking the next chunk as soon as its
    // last one returns (a trial costs tens of ms against well under 1 ms per call, so one design per chunk balances
    // best); every finished chunk extends the checkpoint's pending results.
    const chunks: { key: string; design: HardwareSpec }[][] = [];
    for (let i = 0; i < toScore.length; i += chunk) chunks.push(toScore.slice(i, i + chunk));
    let next = 0;
    let settled = evals.filter(Boolean).length;
    let left = chunks.length; // this batch's chunks not finished yet
    let batchDone!: () => void;
    const allDone = new Promise<void>((resolve) => { batchDone = resolve; });
    const nAhead = Math.min(study.trialsPerBatch, study.trials - trials.length - n);
    const lane = async (_: unknown, slot: number) => {
      while (next < chunks.length && !o.signal?.aborted) {
        if (slot >= lanes && chunks.length - next <= lanes) break; // the batch's tail: one chunk per lane
        const mine = chunks[next++];
        try {
          await scoreChunk(mine);
        } finally {
          if (--left === 0) batchDone();
        }
        settled += mine.length;
        await o.onCheckpoint?.(checkpoint(false), 'chunk');
        progress(trials.length + Math.min(n, settled), batch);
      }
      // Idle while the batch's last chunks run: score the next batch's designs (lookAhead above), one chunk at a time,
      // until this batch is done; a chunk still running then is left to finish on its own.
      if (!lookAhead || nAhead <= 0 || slot >= lanes) return;
      while (left > 0 && !o.signal?.aborted) {
        const ahead = (look.ahead ??= askAhead(nAhead, keys));
        if (ahead.next >= ahead.chunks.length) return;
        await Promise.race([scoreChunk(ahead.chunks[ahead.next++]), allDone]);
      }
    };
    try {
      if (left === 0) batchDone();
      await Promise.all(Array.from({ length: Math.min(lanes * depth, Math.max(chunks.length, lookAhead ? lanes : 0)) }, lane));
      await Promise.all(waits);
    } catch (e) {
      if (o.signal?.aborted) break;
      throw e;
    }
    if (o.signal?.aborted) break;

    // Tell in ask order.
    const base = trials.length;
    keys.forEach((key, i) => {
      const earlier = byKey.get(key);
      const e = evals[i] ?? pending.get(key)!;
      const t = record(base + i, batch, designs[i], e, earlier);
      strategy.tell(points[i], valueOf(t));
      told(t);
    });
    for (const key of keys) pending.delete(key); // (results scored ahead for the next batch stay)
    await o.onCheckpoint?.(checkpoint(true), 'batch');
    progress(trials.length, batch);
    batch++;
  }
  if (o.signal?.aborted) await o.onCheckpoint?.(checkpoint(false), 'stop');
  return summarize(study, trials, trials.length >= study.trials);

  /**
   * Ask the next batch ahead (lookAhead) and list what it will need scored: designs neither told, nor in the batch
   * being scored (`current`: told before it), nor known, nor being scored, and within the known constraints.
   */
  function askAhead(count: number, current: string[]): AheadBatch {
    const points = strategy.ask(count);
    const skip = new Set(current);
    const list: { key: string; design: HardwareSpec }[] = [];
    for (const p of points) {
      const design = space.decode(p), key = space.key(design);
      if (skip.has(key) || byKey.has(key) || pending.has(key) || o.cache?.has(key) || inflight.has(key)) continue;
      skip.add(key);
      if (checkDesign(design, { maxAreaMm2: study.maxAreaMm2, maxTdpWatts: study.maxTdpWatts, assumed: study.assumed }).ok) list.push({ key, design });
    }
    const chunks: { key: string; design: HardwareSpec }[][] = [];
    for (let i = 0; i < list.length; i += chunk) chunks.push(list.slice(i, i + chunk));
    return { points, chunks, next: 0 };
  }
}

function summarizeBest(trials: TrialRecord[]): number | null {
  let best: number | null = null;
  for (const t of trials) if (t.status === 'ok' && (best === null || t.gainVsTpuV3! > best)) best = t.gainVsTpuV3;
  return best;
}

function trialEvaluation(t: TrialRecord): TrialEvaluation {
  return {
    status: t.status, ...(t.code ? { code: t.code } : {}), ...(t.reason ? { reason: t.reason } : {}),
    gainVsTpuV3: t.gainVsTpuV3, perfPerTdp: t.perfPerTdp, areaMm2: t.areaMm2, tdpWatts: t.tdpWatts, workloads: t.workloads,
  };
}
