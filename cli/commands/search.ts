// `fast search --workload W[,W2…] [--weights …] --trials N --seed S --algorithm random|evolution|bo|swarm
//   [--objective perf-per-tdp|inferences-per-joule] [--workers K] [--checkpoint F [--restart]] [--max-area MM2]
//   [--max-tdp W] [--latency-slo MS] [--batch N] [--node 16nm|7nm] [--fix P=V …] [--range P=MIN:MAX|V/V… …]
//   [--trials-per-batch N] [--queue redis://HOST:PORT[/DB] [--redis-timeout S]] [--phase P] [--prompt N] [--context N]
//   [--output N] [--weight-precision bf16|int8|fp8|int4] [--kv-precision bf16|int8] [--tpot-slo 20ms] [--ttft-slo 2s] [--json]`
// Full-stack search (docs/model.md §6) on a worker_threads pool, or with --queue on `fast worker` evaluators through
// Redis + BullMQ (cli/queue/, docs/scale-out.md; the same trials and best design for the same seed): the best design
// with its gain over tpu-v3 on the study's objective (Perf/TDP by default, or inferences per joule), the Pareto
// front, all trials and the best-so-far curve. With --checkpoint the trials are appended to a trial log (JSON Lines,
// fsync per batch, cli/trial-log-file.ts; an older JSON checkpoint is still read) and a rerun of the same command
// resumes it, local or through the queue; --restart starts it over. SIGINT/SIGTERM stop it with the log on disk.
// An LLM workload takes the LLM flags (cli/llm-args.ts) and serving SLOs (--tpot-slo, --ttft-slo: each side at its largest power-of-two batch meeting them); after
// an LLM search the best design's gain is explained from the model's numbers (shared/api/llm.ts servingExplanation).
// docs/model.md §6, §8, §9.5.
import { Command } from 'commander';
import { BATCH_RANGE, DEFAULT_HARDWARE, PARAMS, paramById, parseParamValue, type ParamId } from '../../shared/hardware';
import { isZooName, splitWorkloadList, type WorkloadSpec } from '../../shared/workload';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { servingExplanation, type ServingExplanation } from '../../shared/api/llm';
import { BASELINE_PASSES, baselineHardware } from '../../shared/search/baseline';
import { studyCoefficients } from '../../shared/search/objective';
import {
  addLlmOptions, llmName, llmSettingsFromFlags, llmSpec, parseDuration, type LlmFlags,
} from '../llm-args';
import {
  CheckpointError, DEFAULT_OBJECTIVE, OBJECTIVES, OBJECTIVE_LABELS, fnv1a, isObjective,
  normalizeStudy, objectiveOf, poolScorer, runStudy, weightedGeomean, type Checkpoint, type Objective,
  type RangeSpec, type StudyInput, type StudyProgress, type StudyResult, type StudySpec, type Value,
} from '../../shared/search/index';
import { createNodeSimPool, defaultWorkerCount } from '../node-pool';
import { resolveWorkload } from '../workload-arg';
import { asUsage, UsageError, type Io } from '../errors';
import { unusableCheckpoint } from '../checkpoint-file';
import { readTrialLog, TrialLogFile } from '../trial-log-file';
import { parseQueueUrl, probeRedis, redisReason, watchRedis } from '../queue/connection';
import { queueScorer } from '../queue/scorer';
import { formatNumber, table } from '../output';

// ---------------------------------------------------------------------------------------------------------
// Flag parsing shared with compare-algorithms.
// ---------------------------------------------------------------------------------------------------------

export function parseWhole(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${text}")`);
  }
  return v;
}

export function parsePositive(flag: string, text: string | undefined, unit: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} must be a positive number of ${unit} (got "${text}")`);
  return v;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The process nodes a study may run at: the values of the table's processNode row (a setting of the study). */
const NODES = paramById('processNode').domain.values;

function paramId(text: string, flag: string): ParamId {
  const id = text.trim();
  if (!PARAMS.some((p) => p.id === id)) throw new UsageError(`${flag}: unknown parameter "${id}" (parameters: ${PARAMS.map((p) => p.id).join(', ')})`);
  return id as ParamId;
}

/** One value of `--fix`/`--range`, read by the table's reader (as share links are); its domain is checked later, by the space. */
function parseValue(id: ParamId, text: string, flag: string): Value {
  const r = parseParamValue(id, text.trim(), { domain: false });
  if (!r.ok) throw new UsageError(`${flag}: ${r.error}`);
  return r.value;
}

/** `--fix cores=4,dataflow=ws` (repeatable). */
export function parseFixed(items: string[] | undefined): Partial<Record<ParamId, Value>> {
  const out: Partial<Record<ParamId, Value>> = {};
  for (const part of (items ?? []).flatMap((s) => s.split(','))) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new UsageError(`--fix: expected PARAM=VALUE (got "${part}")`);
    const id = paramId(part.slice(0, eq), '--fix');
    out[id] = parseValue(id, part.slice(eq + 1), '--fix');
  }
  return out;
}

/** `--range arrayRows=32:128,dataflow=ws/os` (repeatable): MIN:MAX (either side may be empty) or V/V/…. */
export function parseRanges(items: string[] | undefined): Partial<Record<ParamId, RangeSpec>> {
  const out: Partial<Record<ParamId, RangeSpec>> = {};
  for (const part of (items ?? []).flatMap((s) => s.split(','))) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new UsageError(`--range: expected PARAM=MIN:MAX or PARAM=V/V/… (got "${part}")`);
    const id = paramId(part.slice(0, eq), '--range');
    const spec = part.slice(eq + 1).trim();
    if (spec.includes(':')) {
      const [lo, hi] = spec.split(':');
      out[id] = {
        ...(lo.trim() ? { min: parseValue(id, lo, '--range') as number } : {}),
        ...(hi.trim() ? { max: parseValue(id, hi, '--range') as number } : {}),
      };
    } else {
      out[id] = { values: spec.split('/').map((v) => parseValue(id, v, '--range')) };
    }
  }
  return out;
}

/** `--objective perf-per-tdp|inferences-per-joule`. */
export function parseObjective(text: string | undefined): Objective | undefined {
  if (text === undefined) return undefined;
  if (!isObjective(text)) throw new UsageError(`--objective must be ${OBJECTIVES.join(' or ')} (got "${text}")`);
  return text;
}

export function parseWeights(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((w) => {
    const v = Number(w);
    if (w.trim() === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`--weights: "${w}" is not a positive number`);
    return v;
  });
}

export interface ResolvedWorkloads {
  names: string[];
  /** What crosses to the workers: zoo names as names, imported files as specs. */
  payload: (string | WorkloadSpec)[];
  /** The resolved workloads (the LLM flags applied). */
  specs: WorkloadSpec[];
  digest: string;
}

/**
 * The study's workloads from `--workload`, with the LLM flags (when given) applied to its LLM workloads: zoo LLMs by
 * their canonical variant name, imported ones re-generated. The flags need at least one LLM in the list.
 */
export async function resolveWorkloads(arg: string, llm?: ReturnType<typeof llmSettingsFromFlags>): Promise<ResolvedWorkloads> {
  const given = splitWorkloadList(arg);
  if (given.length === 0) throw new UsageError('--workload: give at least one workload');
  const items = given.map((w) => llmName(w, llm));
  const resolved = await Promise.all(items.map((w) => resolveWorkload(w)));
  if (llm && !resolved.some((s) => s.llm)) llmSpec(resolved[0], given[0], llm); // one line: the flag needs an LLM
  const specs = resolved.map((s, i) => (s.llm && !isZooName(items[i]) ? llmSpec(s, given[i], llm) : s));
  const payload = items.map((w, i) => (isZooName(w) ? w : specs[i]));
  return { names: specs.map((s) => s.name), payload, specs, digest: fnv1a(JSON.stringify(specs)) };
}

export interface CommonOpts {
  workload: string; weights?: string; trials?: string; workers?: string; maxArea?: string; maxTdp?: string;
  latencySlo?: string; batch?: string; node?: string; fix?: string[]; range?: string[]; trialsPerBatch?: string; json?: boolean;
}

/** The study fields every search command shares (validated; UsageError on bad input). */
export function commonStudy(o: CommonOpts, names: string[]): Omit<StudyInput, 'algorithm' | 'seed'> {
  const slo = parsePositive('--latency-slo', o.latencySlo, 'milliseconds');
  const node = o.node;
  if (node !== undefined && !(NODES as readonly string[]).includes(node)) throw new UsageError(`--node must be ${NODES.join(' or ')} (got "${node}")`);
  return {
    workloads: names,
    weights: parseWeights(o.weights),
    trials: parseWhole('--trials', o.trials, 1, 1_000_000),
    batch: parseWhole('--batch', o.batch, BATCH_RANGE.min, BATCH_RANGE.max),
    maxAreaMm2: parsePositive('--max-area', o.maxArea, 'mm²'),
    maxTdpWatts: parsePositive('--max-tdp', o.maxTdp, 'watts'),
    latencySloSeconds: slo === undefined ? undefined : slo / 1e3,
    processNode: node as StudySpec['processNode'] | undefined,
    trialsPerBatch: parseWhole('--trials-per-batch', o.trialsPerBatch, 1, 4096),
    fixed: parseFixed(o.fix),
    ranges: parseRanges(o.range),
  };
}

export function addCommonOptions(c: Command): Command {
  return c
    .requiredOption('--workload <W>', 'zoo name or workload file; a comma list makes a suite')
    .option('--weights <w,…>', 'suite weights, one positive number per workload (default: equal)')
    .option('--workers <K>', `worker threads (default: ${defaultWorkerCount()}, this machine's parallelism)`)
    .option('--max-area <MM2>', 'die area budget in mm² (default: tpu-v3\'s area)')
    .option('--max-tdp <W>', 'TDP budget in watts (default: none)')
    .option('--latency-slo <MS>', 'latency SLO in ms: each side then runs at its largest power-of-two batch within it')
    .option('--batch <N>', `batch of the study, for the baseline and every design (default ${DEFAULT_HARDWARE.batch})`)
    .option('--node <N>', `process node of the designs: ${NODES.map((v) => (v === DEFAULT_HARDWARE.processNode ? `${v} (default, the baseline's)` : v)).join(' or ')}`)
    .option('--fix <P=V,…>', 'hold parameters at a value (repeatable)', collect)
    .option('--range <P=MIN:MAX|V/V…,…>', 'narrow parameters\' ranges (repeatable)', collect)
    .option('--trials-per-batch <N>', 'trials asked per round (default 16); results do not depend on --workers')
    .option('--json', 'print JSON');
}

// ---------------------------------------------------------------------------------------------------------
// Progress and checkpoints.
// ---------------------------------------------------------------------------------------------------------

/** A one-line progress bar on stderr, redrawn in place; only on a TTY. Trials/s over the last 5 s. */
export class ProgressBar {
  #enabled: boolean;
  #label: string;
  #last = 0;
  #samples: [number, number][] = [];
  constructor(enabled: boolean, label = '') { this.#enabled = enabled; this.#label = label; }
  /** Text before the bar (a queue-backed study shows its live evaluators there). */
  setLabel(label: string): void { this.#label = label; }
  update(p: StudyProgress, force = false): void {
    if (!this.#enabled) return;
    const now = performance.now();
    this.#samples.push([now, p.simulated]);
    while (this.#samples.length > 2 && now - this.#samples[1][0] > 5000) this.#samples.shift();
    if (!force && now - this.#last < 100) return;
    this.#last = now;
    const [t0, s0] = this.#samples[0];
    const rate = now > t0 ? ((p.simulated - s0) * 1000) / (now - t0) : 0;
    const width = 24;
    const filled = Math.round((width * p.completed) / Math.max(1, p.total));
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const best = p.bestGain === null ? '—' : `${p.bestGain.toFixed(2)}×`;
    process.stderr.write(`\r\x1b[2K${this.#label}[${bar}] ${p.completed}/${p.total}  ${rate.toFixed(1)} trials/s  best ${best}`);
  }
  done(): void { if (this.#enabled) process.stderr.write('\r\x1b[2K'); }
}

/**
 * The checkpoint at `path` for this study — a trial log (cli/trial-log-file.ts) or an older JSON checkpoint — or
 * undefined when there is none yet. One that cannot be used (corrupt, another study's, damaged) is a UsageError
 * naming the file and the way out (delete it or --restart). Reads only (a resumed run opens it with TrialLogFile).
 */
export async function readCheckpoint(path: string, study: StudySpec, digest: string): Promise<Checkpoint | undefined> {
  return (await readTrialLog(path, study, digest))?.checkpoint;
}

// ---------------------------------------------------------------------------------------------------------
// The command.
// ---------------------------------------------------------------------------------------------------------

interface SearchOpts extends CommonOpts, LlmFlags {
  seed?: string; algorithm?: string; objective?: string; checkpoint?: string; restart?: boolean; queue?: string; redisTimeout?: string;
  tpotSlo?: string; ttftSlo?: string;
}

/** A search's result, and for an LLM study the best design's gain explained per LLM workload (servingExplanation). */
export type SearchResult = StudyResult & { serving?: ServingExplanation[] };


/** Run a search as the CLI does (also used by tests): resolves to the result. */
export async function runSearch(o: SearchOpts, showProgress = false): Promise<SearchResult> {
  const target = o.queue !== undefined ? parseQueueUrl(o.queue) : undefined;
  if (target && o.workers !== undefined) throw new UsageError('--workers does not apply with --queue: each fast worker sets its own --concurrency');
  if (!target && o.redisTimeout !== undefined) throw new UsageError('--redis-timeout needs --queue URL');
  const redisTimeoutS = parseWhole('--redis-timeout', o.redisTimeout, 1, 86_400) ?? 60;
  const llm = llmSettingsFromFlags(o);
  const tpot = parseDuration('--tpot-slo', o.tpotSlo);
  const ttft = parseDuration('--ttft-slo', o.ttftSlo);
  const w = await resolveWorkloads(o.workload, llm);
  if (tpot !== undefined || ttft !== undefined) {
    const other = w.specs.find((s) => !s.llm);
    if (other) throw new UsageError(`${tpot !== undefined ? '--tpot-slo' : '--ttft-slo'} applies to LLM workloads; ${JSON.stringify(other.name.slice(0, 60))} is not one`);
  }
  const study = asUsage(() => normalizeStudy({
    ...commonStudy(o, w.names),
    ...(tpot !== undefined ? { tpotSloSeconds: tpot } : {}),
    ...(ttft !== undefined ? { ttftSloSeconds: ttft } : {}),
    seed: parseWhole('--seed', o.seed, 0, 2 ** 32 - 1),
    algorithm: o.algorithm as StudySpec['algorithm'] | undefined,
    objective: parseObjective(o.objective),
  }));
  const workers = parseWhole('--workers', o.workers, 1, 64) ?? defaultWorkerCount();
  if (o.restart && !o.checkpoint) throw new UsageError('--restart needs --checkpoint F (it starts F over)');
  if (target) await probeRedis(target);
  // The trial log (cli/trial-log-file.ts): opened (created, resumed, or converted from an older JSON checkpoint).
  const opened = o.checkpoint ? await TrialLogFile.open(o.checkpoint, study, w.digest, o.restart) : undefined;
  const log = opened?.log;
  const resume = opened?.resume;

  const pool = target ? undefined : createNodeSimPool(workers);
  let queue: Awaited<ReturnType<typeof queueScorer>> | undefined;
  const abort = new AbortController();
  let signalName: NodeJS.Signals | undefined;
  let lostRedis: string | undefined;
  const bar = new ProgressBar(showProgress);
  const onSignal = (sig: NodeJS.Signals) => {
    signalName ??= sig;
    abort.abort();
    void pool?.cancel('interrupted');
    queue?.cancel('interrupted');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let unwatch = () => {};
  let evaluatorsTimer: ReturnType<typeof setInterval> | undefined;
  let finished = false;
  try {
    let scorer;
    if (target) {
      try {
        queue = await queueScorer(target, study, w.payload, w.digest);
      } catch (e) {
        throw new UsageError(`cannot use Redis at ${target.display}: ${redisReason(e, target)}`);
      }
      const q = queue;
      unwatch = watchRedis(q.client, target, redisTimeoutS, (line) => {
        lostRedis = line;
        abort.abort();
        q.cancel(line);
      });
      // Live evaluators: on the progress bar, and one line on stderr when none has been connected for 10 s.
      let noneSince = Date.now();
      let told = false;
      const poll = () => {
        q.evaluators().then((n) => {
          bar.setLabel(`${n} evaluator${n === 1 ? '' : 's'} `);
          if (n > 0) { noneSince = Date.now(); return; }
          if (!told && Date.now() - noneSince >= 10_000) {
            told = true;
            bar.done();
            process.stderr.write(`fast: no evaluator is connected to ${target.display} yet: start \`fast worker --queue URL\` where the trials should run\n`);
          }
        }, () => bar.setLabel('? evaluators '));
      };
      poll();
      evaluatorsTimer = setInterval(poll, 2000);
      evaluatorsTimer.unref();
      scorer = q;
    } else {
      scorer = poolScorer(pool!, study, w.payload);
    }
    const aborted = new Promise<void>((resolve) => {
      if (abort.signal.aborted) resolve();
      else abort.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const result = await runStudy({
      study, workloadDigest: w.digest, resume, signal: abort.signal, scorer,
      onCheckpoint: log || queue ? async (cp, when) => {
        await log?.append(cp, when);
        // The batch's results are on disk: their jobs can go. Not past a lost Redis: its commands wait for a
        // reconnection that may never come, and the watchdog's abort must still end the run.
        if (when === 'batch' && queue) await Promise.race([queue.commit(), aborted]);
      } : undefined,
      onProgress: (p) => bar.update(p),
    });
    bar.done();
    finished = result.complete;
    if (abort.signal.aborted) {
      const where = o.checkpoint ? `; the checkpoint "${o.checkpoint}" holds them: run the same command again to resume` : '';
      await log?.close();
      if (lostRedis) {
        // One line and exit 2 now: closing the queue's connections would wait for the Redis that is gone.
        process.stderr.write(`fast: ${lostRedis}: search stopped after ${result.trials.length} of ${study.trials} trials${where}\n`);
        process.exit(2);
      }
      process.stderr.write(`fast: search interrupted after ${result.trials.length} of ${study.trials} trials${where}\n`);
      await pool?.close();
      await queue?.close(false);
      // The conventional status of a run stopped by a signal (128 + its number); the log is already on disk.
      process.exit(signalName === 'SIGTERM' ? 143 : 130);
    }
    const serving = await explainServing(result, w.specs);
    return serving.length ? { ...result, serving } : result;
  } catch (e) {
    // The replay of a resumed checkpoint (runStudy's first step) found it does not match this study's history.
    if (e instanceof CheckpointError && o.checkpoint) throw unusableCheckpoint(o.checkpoint, e.message);
    // Redis refused a command (out of memory, read-only replica, an ACL): one line, not a stack.
    if (target && (e as Error)?.name === 'ReplyError') throw new UsageError(`Redis at ${target.display} refused the queue's command: ${redisReason(e, target)}`);
    throw e;
  } finally {
    bar.done();
    unwatch();
    if (evaluatorsTimer) clearInterval(evaluatorsTimer);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await log?.close();
    await pool?.close();
    await queue?.close(finished);
  }
}

const r3 = (v: number | null) => (v === null ? '—' : formatNumber(v, 3));

/**
 * The best design's gain on each LLM workload of the study explained from the model's numbers: the design at its batch
 * with all passes and tpu-v3 at its own with the baseline software, re-simulated here (shared/api/llm.ts).
 */
export async function explainServing(r: StudyResult, specs: WorkloadSpec[]): Promise<ServingExplanation[]> {
  const best = r.best;
  if (!best || !specs.some((s) => s.llm)) return [];
  const core = await loadCore();
  const highs = await loadHighs();
  const slos = { ...(r.study.tpotSloSeconds !== undefined ? { tpotSeconds: r.study.tpotSloSeconds } : {}), ...(r.study.ttftSloSeconds !== undefined ? { ttftSeconds: r.study.ttftSloSeconds } : {}) };
  const out: ServingExplanation[] = [];
  specs.forEach((spec, i) => {
    const e = best.workloads[i];
    if (!spec.llm || !e) return;
    out.push(servingExplanation(core, highs, {
      workload: spec, design: best.hardware, batch: e.batch, baseline: baselineHardware(), baselineBatch: e.baselineBatch,
      baselinePasses: BASELINE_PASSES, slos, table: studyCoefficients(r.study),
    }));
  });
  return out;
}

export function describeDesign(h: StudyResult['trials'][number]['hardware']): string {
  const gmem = h.globalMemoryMiB > 0 ? `GMEM ${h.globalMemoryMiB} MiB at ${h.globalMemoryBytesPerCycle} B/cycle` : 'no GMEM';
  return `${h.cores} core(s) × ${h.arraysPerCore} array(s) of ${h.arrayRows}×${h.arrayCols} (${h.dataflow}), ${h.vectorLanesPerCore} vector lanes/core, `
    + `${h.localMemoryMiB} MiB local/core, ${gmem}, ${h.dramTechnology} × ${h.dramStacks} at ${h.dramGBpsPerStack} GB/s (${h.dramStacks * h.dramGiBPerStack} GiB), ${h.clockGhz} GHz, ${h.processNode}`;
}

/** What the objective measures, for the summary's `objective:` line. */
const OBJECTIVE_TEXT: Record<Objective, string> = {
  'perf-per-tdp': 'Perf/TDP (inferences/s per W of TDP)',
  'inferences-per-joule': 'inferences/J (inferences per joule of energy)',
};

export function humanSearch(r: SearchResult): string {
  const s = r.study;
  const objective = objectiveOf(s);
  const energy = objective === 'inferences-per-joule';
  const label = OBJECTIVE_LABELS[objective];
  const suite = s.workloads.map((w, i) => (s.workloads.length > 1 ? `${w} (weight ${s.weights[i]})` : w)).join(', ');
  const limits = [`area ≤ ${r3(s.maxAreaMm2)} mm²`, ...(s.maxTdpWatts ? [`TDP ≤ ${r3(s.maxTdpWatts)} W`] : []),
    ...(s.latencySloSeconds ? [`latency ≤ ${r3(s.latencySloSeconds * 1e3)} ms`] : []),
    ...(s.tpotSloSeconds ? [`TPOT ≤ ${r3(s.tpotSloSeconds * 1e3)} ms`] : []),
    ...(s.ttftSloSeconds ? [`TTFT ≤ ${r3(s.ttftSloSeconds * 1e3)} ms`] : [])].join(', ');
  const anySlo = !!(s.latencySloSeconds || s.tpotSloSeconds || s.ttftSloSeconds);
  const llm = !!r.serving?.length || !!(s.tpotSloSeconds || s.ttftSloSeconds);
  const lines = [
    `${s.algorithm} search, seed ${s.seed}: ${r.trials.length}${r.complete ? '' : ` of ${s.trials}`} trials on ${suite}; ${anySlo ? `batch: each side's largest power of two within the SLO${s.tpotSloSeconds || s.ttftSloSeconds ? 's (and its DRAM)' : ''}` : `batch ${s.batch}`}, ${s.processNode}; ${limits}`,
    `objective: ${OBJECTIVE_TEXT[objective]} with all passes vs tpu-v3 with the baseline software${s.workloads.length > 1 ? ' (weighted geometric mean)' : ''}`
      + (llm ? `; an LLM's inference is one token per sequence (prefill: one prompt), so on a decode graph this is ${energy ? 'tokens per joule' : 'tokens/s per W'}` : ''),
  ];
  if (!r.best) {
    // When tpu-v3 itself cannot serve the workload, every trial says so: one line says why nothing compares.
    const baseline = r.trials.find((t) => t.reason?.startsWith('tpu-v3 '));
    lines.push(baseline ? `no feasible design: ${baseline.reason}` : 'no feasible design found');
  } else {
    const b = r.best;
    const p4 = (v: number | undefined) => (v === undefined ? '—' : Number(v.toPrecision(4)));
    const ipj = b.workloads.every((x) => x.inferencesPerJoule !== undefined)
      ? weightedGeomean(b.workloads.map((x) => x.inferencesPerJoule!), b.workloads.map((x) => x.weight)) : undefined;
    const value = energy ? `${ipj === undefined ? '—' : r3(ipj)} /J` : `${r3(b.perfPerTdp)} /s/W`;
    lines.push('', `best (trial ${b.trial}): ${r3(b.gainVsTpuV3)}× tpu-v3 on ${label} — ${label} ${value}, area ${r3(b.areaMm2)} mm², TDP ${r3(b.tdpWatts)} W`,
      `  ${describeDesign(b.hardware)}`, '',
      table(['workload', 'batch', 'inferences/s', 'latency ms', label, 'tpu-v3 batch', `tpu-v3 ${label}`, `${label} gain`],
        b.workloads.map((x) => [x.workload, x.batch, Math.round(x.throughputPerSecond), Number((x.latencySeconds * 1e3).toPrecision(3)),
          energy ? p4(x.inferencesPerJoule) : p4(x.perfPerTdp), x.baselineBatch,
          energy ? p4(x.baselineInferencesPerJoule) : p4(x.baselinePerfPerTdp), p4(x.gainVsTpuV3)])));
    const attn = b.workloads.filter((x) => (x.fusedAttentions ?? 0) > 0);
    if (attn.length) lines.push(`  software chose fused attention on ${attn.map((x) => `${x.workload} (${x.fusedAttentions} attentions)`).join(', ')}`);
    for (const e of r.serving ?? []) lines.push('', ...e.lines);
    lines.push('', `Pareto front (${label} max, area min, TDP min): ${r.pareto.length} designs`,
      table(['trial', `${label} gain`, 'area mm²', 'TDP W', 'arrays', 'GMEM MiB', 'clock GHz'],
        r.pareto.slice(0, 12).map((p) => [p.trial, Number(p.gainVsTpuV3.toPrecision(4)), Number(p.areaMm2.toPrecision(4)), Number(p.tdpWatts.toPrecision(4)),
          `${p.hardware.cores}×${p.hardware.arraysPerCore}×${p.hardware.arrayRows}×${p.hardware.arrayCols}`, p.hardware.globalMemoryMiB, p.hardware.clockGhz])));
    if (r.pareto.length > 12) lines.push(`  … ${r.pareto.length - 12} more (--json lists them all)`);
  }
  const infeasible = Object.entries(r.infeasible).map(([k, n]) => `${k} ${n}`).join(', ');
  const repeats = r.trials.filter((t) => t.duplicateOf !== undefined).length;
  lines.push('', `trials: ${r.trials.length - Object.values(r.infeasible).reduce((a, b) => a + b, 0)} feasible${infeasible ? `, infeasible: ${infeasible}` : ''}${repeats ? `, ${repeats} repeated designs` : ''}`);
  const marks = [...new Set([10, 25, 50, 100, 200, 500, 1000, 2000, 5000].filter((m) => m < r.trials.length).concat([r.trials.length]))];
  lines.push(`best so far: ${marks.map((m) => `${m}: ${r3(r.bestSoFar[m - 1])}×`).join(', ')}`);
  return lines.join('\n') + '\n';
}

export function searchCommand(io: Io): Command {
  return addLlmOptions(addCommonOptions(new Command('search')
    .description('full-stack search: hardware designs scored with their best software against tpu-v3 (Perf/TDP, or inferences per joule)')
    .option('--trials <N>', 'trials to run (default 200)')
    .option('--seed <S>', 'random seed (default 1); the same seed gives the same result')
    .option('--algorithm <A>', 'random, evolution (default), bo or swarm')
    .option('--objective <O>', `what the gain over tpu-v3 measures: ${OBJECTIVES.map((v) => (v === DEFAULT_OBJECTIVE ? `${v} (default)` : v)).join(' or ')}`)
    .option('--checkpoint <F>', 'log the study\'s trials to F (JSON Lines, flushed after every batch); resume from F when it exists')
    .option('--restart', 'with --checkpoint: ignore what F holds and start the study over (F is overwritten)')
    .option('--queue <URL>', 'score the trials through Redis on any number of `fast worker --queue URL` evaluators: redis://[:PASSWORD@]HOST:PORT[/DB] (docs/scale-out.md)')
    .option('--redis-timeout <S>', 'with --queue: how long to wait for Redis to come back after a restart before stopping (default 60)')
    .option('--tpot-slo <T>', 'LLM workloads: time per output token SLO (decode step latency), e.g. 20ms')
    .option('--ttft-slo <T>', 'LLM workloads: time to first token SLO (prefill latency of the batch), e.g. 2s')))
    .action(async (o: SearchOpts) => {
      const r = await runSearch(o, !o.json && process.stderr.isTTY === true);
      if (o.json) {
        io.out(JSON.stringify({ best: r.best, pareto: r.pareto, trials: r.trials, bestSoFar: r.bestSoFar, study: r.study, complete: r.complete, infeasible: r.infeasible, ...(r.serving ? { serving: r.serving } : {}) }) + '\n');
        return;
      }
      io.out(humanSearch(r));
    });
}
