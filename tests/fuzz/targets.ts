// Fuzz targets: one per input boundary of FAST Explorer, shared by tests/unit/fuzz.test.ts (a modest count in
// `npm test`) and scripts/fuzz.ts (`npm run fuzz`, a large count). Each target generates inputs with fast-check —
// valid inputs mutated (fields replaced by NaN, ±Infinity, huge, negative, fractional, wrong types; items deleted,
// duplicated, reordered, re-linked into cycles), structured inputs with absurd values, and plain random data — and
// runs them through the same code the app and the CLI run. The contract (docs/model.md §8): every input ends in a
// result that keeps the boundary's invariants, or in a clear message — an Error whose message is one line — never an
// uncaught exception (TypeError, RangeError, …), never a Wasm trap, never a hang (each input has a time budget).
import fc from 'fast-check';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { stringify as yamlStringify } from 'yaml';
import { loadCore, type Core } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { createSimApi } from '../../shared/api/worker-api';
import { PARAMS, PRESETS, PRESET_NAMES, hardwareCost, parseHardwareSpec, resolvePresetName, validateHardwareSpec, type Domain, type HardwareSpec } from '../../shared/hardware';
import { validationReport } from '../../shared/api/validate';
import { sensitivityReport } from '../../shared/api/sensitivity';
import { GraphBuilder, type TensorRef } from '../../shared/workload/builder';
import {
  importOnnx, importScalesimCsv, importTimeloop, parseWorkload, withLlmSettings, workloadCounts, workloadIssues, zooNames, zooWorkload,
  type LlmSettings,
} from '../../shared/workload/index';
import { parseScalesimConfig } from '../../shared/workload/importers/scalesim';
import { onnxImportInfo } from '../../shared/workload/importers/onnx';
import { importReport } from '../../shared/workload/import-report';
import { importWorkloadFile, parseShapeEntries } from '../../shared/workload/import-file';
import { parseUrlState, serializeUrlState, type UrlStateOptions } from '../../shared/url-state';
import {
  CheckpointError, checkDesign, normalizeStudy, runStudy, studySpace, type Checkpoint, type StudySpec, type TrialEvaluation, type TrialScorer,
} from '../../shared/search/index';
import { main } from '../../cli/main';
import { runScalesim } from '../../cli/commands/scalesim';
import { readCheckpoint } from '../../cli/commands/search';
import { tinyWorkload } from '../fixtures/tiny-workload';
import { RAW_KINDS, RAW_HW_WORDS, RAW_STATUS, plausibleHw, plausibleRecord, runRaw, type RawBatch, type RawKind } from './raw-core';

const { onnx } = onnxProto;

// ---------------------------------------------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------------------------------------------

/** What one input came to. `accepted`: a result (invariants checked); `rejected`: a clear message. */
export type Verdict = 'accepted' | 'rejected';

/** A result or message that breaks the boundary's contract (an invariant, an unclear message): a failure. */
export class ContractViolation extends Error {
  constructor(message: string) { super(message); this.name = 'ContractViolation'; }
}

export interface FuzzTarget<T = unknown> {
  /** The boundary, as the reports name it. */
  name: string;
  /** One line: what is fed where. */
  what: string;
  /** Time budget per input (ms): beyond it the input counts as a hang. Generous: never a benchmark. */
  budgetMs: number;
  /** Inputs in `npm test` (tests/unit/fuzz.test.ts). */
  testRuns: number;
  /** Relative share of `npm run fuzz`'s inputs. */
  weight: number;
  arbitrary(): fc.Arbitrary<T>;
  /** Once per process, before the first input. */
  setup?(): Promise<void>;
  /** Run one input; throws ContractViolation on a broken contract, anything else it throws is classified. */
  run(input: T): Promise<Verdict>;
  /** A short description of an input, for reports. */
  show(input: T): string;
}

/** Error names that are never a clear message: JavaScript's own errors and Wasm traps. */
const CRASH_NAMES = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'RuntimeError',
  'CompileError', 'LinkError', 'InternalError', 'AggregateError']);
/** The longest message a user should have to read. */
export const MAX_MESSAGE_LENGTH = 2000;

/** Why `e` is not a clear message (undefined when it is one). Crashes and unclear messages are told apart. */
export function unclear(e: unknown): { kind: 'crash' | 'failure'; detail: string } | undefined {
  if (!(e instanceof Error)) return { kind: 'crash', detail: `threw a non-Error: ${String(e).slice(0, 200)}` };
  if (e instanceof ContractViolation) return { kind: 'failure', detail: e.message };
  if (CRASH_NAMES.has(e.name) || CRASH_NAMES.has(e.constructor.name)) return { kind: 'crash', detail: `${e.name}: ${e.message.slice(0, 300)}` };
  const m = e.message;
  // A stack overflow or allocation failure caught and re-worded by a library is still a crash: the work was unbounded.
  if (/Maximum call stack size exceeded|out of memory|Array buffer allocation failed/i.test(m)) return { kind: 'crash', detail: `${e.name}: ${m.slice(0, 300)}` };
  if (!m.trim()) return { kind: 'failure', detail: 'an empty message' };
  if (/[\n\r]/.test(m)) return { kind: 'failure', detail: `a message of several lines: ${JSON.stringify(m.slice(0, 300))}` };
  if (m.length > MAX_MESSAGE_LENGTH) return { kind: 'failure', detail: `a message of ${m.length} characters: ${JSON.stringify(m.slice(0, 200))}…` };
  if (m.includes('[object ')) return { kind: 'failure', detail: `a message showing an object: ${JSON.stringify(m.slice(0, 300))}` };
  return undefined;
}

export type Outcome =
  | { kind: 'accepted' | 'rejected'; ms: number }
  | { kind: 'failure' | 'crash' | 'hang'; ms: number; detail: string };

/** Run one input and classify what happened (hangs by the target's budget). */
export async function check<T>(target: FuzzTarget<T>, input: T): Promise<Outcome> {
  const t0 = performance.now();
  let verdict: Verdict | undefined;
  let bad: { kind: 'crash' | 'failure'; detail: string } | undefined;
  try {
    verdict = await target.run(input);
  } catch (e) {
    bad = unclear(e);
    verdict = bad ? undefined : 'rejected';
  }
  const ms = performance.now() - t0;
  if (ms > target.budgetMs) return { kind: 'hang', ms, detail: `took ${ms.toFixed(0)} ms (budget ${target.budgetMs} ms)${bad ? `, then ${bad.detail}` : ''}` };
  if (bad) return { ...bad, ms };
  return { kind: verdict!, ms };
}

const violated = (message: string): never => { throw new ContractViolation(message); };
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
const showJson = (v: unknown): string => {
  try {
    const text = JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : typeof x === 'bigint' ? `${x}n` : x));
    return clip(text ?? Object.prototype.toString.call(v));
  } catch {
    return clip(Object.prototype.toString.call(v));
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Value generators: the awkward numbers and strings every boundary gets
// ---------------------------------------------------------------------------------------------------------------

const EVIL_NUMBERS = [0, -0, -1, 1, 2, 3, 0.5, 1.5, 7.999999, 2 ** 24, 2 ** 24 + 1, 2 ** 31, 2 ** 32, 2 ** 40, 2 ** 40 + 1, 2 ** 53, 2 ** 53 + 2,
  1e21, 1e300, Number.MAX_VALUE, Number.MIN_VALUE, -1e300, NaN, Infinity, -Infinity];
export const evilNumber = fc.oneof(
  { arbitrary: fc.constantFrom(...EVIL_NUMBERS), weight: 4 },
  { arbitrary: fc.integer({ min: -4, max: 300 }), weight: 3 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
);
const EVIL_STRINGS = ['', ' ', 'NaN', 'Infinity', '-1', '0', '1e400', '0x10', '1_000', '2.5', '__proto__', 'constructor', 'toString',
  '\u0000', '\n', 'a\nb', 'x'.repeat(300), '😀', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '%', '%zz', '../../etc/passwd', 'tpu-v3',
  'efficientnet-b0', 'ws', 'all', 'true'];
export const evilString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...EVIL_STRINGS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 24 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 1 },
);
export const evilValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: evilNumber, weight: 4 },
  { arbitrary: evilString, weight: 3 },
  { arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, undefined, [1, 2], { x: 1 }), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

// ---------------------------------------------------------------------------------------------------------------
// JSON mutation: structure-aware edits of a valid document
// ---------------------------------------------------------------------------------------------------------------

export interface Mutation { at: number; kind: 'replace' | 'delete' | 'duplicate' | 'swap' | 'relink' | 'scale'; value: unknown; other: number; power: number }

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'delete', 'duplicate', 'swap', 'relink', 'relink', 'scale'),
  value: evilValue,
  other: fc.nat(),
  power: fc.integer({ min: -3, max: 45 }),
});

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { out.push({ parent: v, key: i }); walk(x); });
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) { out.push({ parent: v as Record<string, unknown>, key: k }); walk((v as Record<string, unknown>)[k]); }
  };
  walk(root);
  return out;
}

const setOwn = (o: Record<string, unknown> | unknown[], k: string | number, v: unknown) =>
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });

/** Apply mutations to a deep copy of `doc`. */
export function mutate(doc: unknown, mutations: readonly Mutation[]): unknown {
  const root = { doc: structuredClone(doc) };
  for (const m of mutations) {
    const all = slots(root.doc).concat([{ parent: root as unknown as Record<string, unknown>, key: 'doc' }]);
    const s = all[m.at % all.length];
    const cur = (s.parent as Record<string | number, unknown>)[s.key];
    switch (m.kind) {
      case 'replace': setOwn(s.parent, s.key, structuredClone(m.value)); break;
      case 'delete':
        if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
        else delete (s.parent as Record<string, unknown>)[s.key as string];
        break;
      case 'duplicate': if (Array.isArray(s.parent)) s.parent.push(structuredClone(cur)); break;
      case 'swap':
        if (Array.isArray(s.parent) && s.parent.length > 1) {
          const j = m.other % s.parent.length;
          [s.parent[s.key as number], s.parent[j]] = [s.parent[j], s.parent[s.key as number]];
        }
        break;
      case 'relink': {
        // Point a name at another name of the document: references to the wrong tensor, self-loops, cycles.
        const strings = all.filter((x) => typeof (x.parent as Record<string | number, unknown>)[x.key] === 'string');
        if (strings.length && typeof cur === 'string') {
          const t = strings[m.other % strings.length];
          setOwn(s.parent, s.key, (t.parent as Record<string | number, unknown>)[t.key]);
        }
        break;
      }
      case 'scale': if (typeof cur === 'number') setOwn(s.parent, s.key, cur * 2 ** m.power); break;
    }
  }
  return root.doc;
}

const mutated = (seeds: readonly unknown[], max = 4) =>
  fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: max }))
    .map(([i, ms]) => mutate(seeds[i], ms));

// ---------------------------------------------------------------------------------------------------------------
// Shared state (per process)
// ---------------------------------------------------------------------------------------------------------------

let core: Core | undefined;
const api = createSimApi();
let scratch = '';
const scratchDir = () => (scratch ||= mkdtempSync(join(tmpdir(), 'fast-fuzz-')));
const HARDWARE_CHOICES = ['tpu-v3', 'teaching-8x8', 'tpuv4i', 'tpu-v2', 'tpuv4i-like'] as const;

function checkReport(r: Awaited<ReturnType<typeof api.simulate>>, where: string): void {
  const t = r.totals;
  for (const [k, v] of Object.entries({ latencySeconds: r.latencySeconds, throughputPerSecond: r.throughputPerSecond, tdpWatts: r.tdpWatts, areaMm2: r.areaMm2, cycles: t.cycles, macs: t.macs, dramBytes: t.dramBytes })) {
    if (!finite(v) || v < 0) violated(`${where}: ${k} is ${v}`);
  }
  if (!(r.latencySeconds > 0) || !(r.throughputPerSecond > 0)) violated(`${where}: latency ${r.latencySeconds} s, throughput ${r.throughputPerSecond}/s`);
  // Utilization is MACs over the systolic arrays' peak (docs/model.md §4.5), so it is at most 1 on the arrays; an op the
  // layout pass moved to the vector unit (a depthwise conv) can exceed it when the vector unit out-runs small arrays.
  const onVector = r.ops.some((op) => op.schedule.unit === 'vector' && op.macs > 0);
  if (!(t.utilization >= 0 && (onVector || t.utilization <= 1 + 1e-9))) violated(`${where}: utilization ${t.utilization}`);
  for (const op of r.ops) {
    if (!finite(op.cycles) || op.cycles < 0 || !finite(op.macs) || !finite(op.dramBytes)) violated(`${where}: op "${op.name}" has cycles ${op.cycles}, MACs ${op.macs}, DRAM bytes ${op.dramBytes}`);
    if (!(op.utilization >= 0 && (op.schedule.unit === 'vector' || op.utilization <= 1 + 1e-9))) violated(`${where}: op "${op.name}" on the arrays has utilization ${op.utilization}`);
    if (!finite(op.utilization)) violated(`${where}: op "${op.name}" has utilization ${op.utilization}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Valid-looking inputs: so the deep paths (simulation, the core's ok records, round trips) run, not just the checks
// ---------------------------------------------------------------------------------------------------------------

/** A value from a parameter's domain (sometimes just outside it). */
function domainValue(d: Domain): fc.Arbitrary<number | string> {
  if (d.kind === 'enum') return fc.constantFrom(...d.values);
  if (d.kind === 'choice') return fc.constantFrom(...d.values);
  if (d.integer) {
    const steps = Math.floor((d.max - d.min) / d.step);
    return fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: steps }).map((i) => Math.ceil(d.min / d.step) * d.step + i * d.step).filter((v) => v <= d.max), weight: 6 },
      { arbitrary: fc.constantFrom(d.min, d.max, d.min - d.step, d.max + d.step), weight: 1 },
    );
  }
  return fc.oneof({ arbitrary: fc.double({ min: d.min, max: d.max, noNaN: true }), weight: 6 }, { arbitrary: fc.constantFrom(d.min, d.max), weight: 1 });
}
/** A design drawn field by field from the parameter table (cross-field rules may still reject it). */
export const tableDesign: fc.Arbitrary<Record<string, unknown>> = fc.record(Object.fromEntries(PARAMS.map((p) => [p.id, domainValue(p.domain)])));

type Step =
  | { kind: 'conv'; k: number; s: number; out: number; depthwise: boolean; valid: boolean }
  | { kind: 'act'; op: 'relu' | 'swish' | 'gelu' | 'sigmoid' | 'tanh' }
  | { kind: 'bn' } | { kind: 'bias' } | { kind: 'gpool' } | { kind: 'softmax' } | { kind: 'layernorm' } | { kind: 'residual' }
  | { kind: 'pool'; k: number; s: number; op: 'avg' | 'max' }
  | { kind: 'dense'; n: number }
  | { kind: 'attention'; heads: number };
const size = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 48 }), weight: 10 }, { arbitrary: fc.constantFrom(96, 224, 1000, 4096, 65_536, 2 ** 20, 2 ** 24), weight: 1 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('conv' as const), k: fc.constantFrom(1, 3, 5, 7, 11), s: fc.constantFrom(1, 1, 2, 4), out: size, depthwise: fc.boolean(), valid: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('act' as const), op: fc.constantFrom('relu', 'swish', 'gelu', 'sigmoid', 'tanh') }), weight: 3 },
  { arbitrary: fc.constantFrom<Step>({ kind: 'bn' }, { kind: 'bias' }, { kind: 'gpool' }, { kind: 'softmax' }, { kind: 'layernorm' }, { kind: 'residual' }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('pool' as const), k: fc.constantFrom(2, 3), s: fc.constantFrom(1, 2), op: fc.constantFrom('avg', 'max') }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('dense' as const), n: size }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('attention' as const), heads: fc.constantFrom(1, 2, 4, 12) }), weight: 1 },
);

/** A workload assembled with the GraphBuilder from random layers and sizes (valid by construction, up to the limits). */
export const builtWorkload = fc.record({
  h: size, w: size, c: size, eb: fc.constantFrom(1, 2, 2, 4, 8), steps: fc.array(stepArb, { minLength: 1, maxLength: 14 }),
}).map(({ h, w, c, eb, steps }) => {
  const g = new GraphBuilder('built', 'json', eb);
  let x: TensorRef = g.input('x', [h, w, c]);
  steps.forEach((st, i) => {
    const id = `l${i}`;
    const [H, W, C] = x.shape.length === 3 ? x.shape : [1, x.shape[0], x.shape[x.shape.length - 1]];
    try {
      switch (st.kind) {
        case 'conv': if (x.shape.length === 3) x = g.conv2d(id, x, { outChannels: st.depthwise ? C : st.out, kernel: st.k, stride: st.s, groups: st.depthwise ? C : 1, padding: st.valid ? 'valid' : 'same' }); break;
        case 'act': x = g.act(id, st.op, x); break;
        case 'bn': x = g.batchnorm(id, x); break;
        case 'bias': x = g.bias(id, x); break;
        case 'gpool': if (x.shape.length === 3) x = g.globalPool(id, x); break;
        case 'pool': if (x.shape.length === 3) x = g.pool(id, x, st.op, st.k, st.s, 'valid'); break;
        case 'softmax': x = g.softmax(id, x, C); break;
        case 'layernorm': x = g.layernorm(id, x, C); break;
        case 'residual': x = g.elementwise(id, 'add', [x, x]); break;
        case 'dense': x = g.dense(id, x, st.n, true); break;
        case 'attention': {
          const tokens = H * W;
          if (C % st.heads !== 0) break;
          const d = C / st.heads;
          x = g.batchedMatmul(id, x, x, { count: st.heads, m: tokens, k: d, n: tokens }, [st.heads, tokens, tokens]);
          break;
        }
      }
    } catch { /* the builder refused this layer (e.g. a duplicate name): leave it out */ }
  });
  return g.build({ description: 'fuzz: built from random layers' });
});

// ---------------------------------------------------------------------------------------------------------------
// Workload JSON (parseWorkload; then simulated like the app does, on a preset)
// ---------------------------------------------------------------------------------------------------------------

const workloadSeeds = () => [tinyWorkload, zooWorkload('teaching-cnn'), zooWorkload('mobilenet-v2')];
let workloadSeedCache: unknown[] | undefined;

export const workloadJson: FuzzTarget<{ doc: unknown; hardware: string; batch: number }> = {
  name: 'workload-json',
  what: 'WorkloadSpec JSON → parseWorkload → simulate on a preset (lower, pack, Wasm core, fusion ILP)',
  budgetMs: 10_000,
  testRuns: 40,
  weight: 3,
  arbitrary: () => fc.record({
    doc: fc.oneof(
      { arbitrary: builtWorkload, weight: 6 },
      { arbitrary: mutated((workloadSeedCache ??= workloadSeeds())), weight: 6 },
      { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 1 },
      { arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), weight: 1 },
    ),
    hardware: fc.constantFrom(...HARDWARE_CHOICES),
    batch: fc.constantFrom(1, 7, 64, 1024),
  }),
  async run({ doc, hardware, batch }) {
    const w = parseWorkload(doc);
    const c = workloadCounts(w);
    if (!finite(c.macs) || !finite(c.params) || c.macs < 0) violated(`counts of an accepted workload: ${c.macs} MACs, ${c.params} parameters`);
    parseWorkload(JSON.parse(JSON.stringify(w))); // what was accepted survives a JSON round trip
    checkReport(await api.simulate({ workload: w, hardware, batch, passes: 'all' }), `simulate on ${hardware}`);
    return 'accepted';
  },
  show: (x) => `${x.hardware} batch ${x.batch}: ${showJson(x.doc)}`,
};

// ---------------------------------------------------------------------------------------------------------------
// Hardware JSON (validateHardwareSpec / parseHardwareSpec; priced; simulated)
// ---------------------------------------------------------------------------------------------------------------

const hardwareSeeds = (): unknown[] => [
  ...Object.values(PRESETS),
  { base: 'tpu-v3', cores: 4 },
  { base: 'teaching-8x8' },
  { base: 'tpuv4i-like', arrayRows: 64, dataflow: 'os' },
];
let hardwareSeedCache: unknown[] | undefined;

export const hardwareJson: FuzzTarget<unknown> = {
  name: 'hardware-json',
  what: 'HardwareSpec JSON (complete or partial over "base") → schema → cost → simulate teaching-cnn',
  budgetMs: 10_000,
  testRuns: 50,
  weight: 2,
  arbitrary: () => fc.oneof(
    { arbitrary: tableDesign, weight: 5 },
    { arbitrary: fc.tuple(fc.constantFrom(...PRESET_NAMES), fc.dictionary(fc.constantFrom(...PARAMS.map((p) => p.id)), fc.oneof(...PARAMS.map((p) => domainValue(p.domain))), { maxKeys: 4 })).map(([base, f]) => ({ base, ...f })), weight: 3 },
    { arbitrary: mutated((hardwareSeedCache ??= hardwareSeeds()), 3), weight: 6 },
    { arbitrary: fc.dictionary(fc.constantFrom(...PARAMS.map((p) => p.id), 'base', 'extra'), evilValue, { maxKeys: 8 }), weight: 2 },
    { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 },
  ),
  async run(value) {
    const v = validateHardwareSpec(value);
    if (!v.ok) {
      if (!v.issues.length) violated('rejected without an issue');
      for (const i of v.issues) { const u = unclear(new Error(i.message)); if (u) violated(`issue on "${i.field}": ${u.detail}`); }
      return 'rejected';
    }
    const spec: HardwareSpec = v.spec;
    const cost = hardwareCost(spec);
    if (!(finite(cost.areaMm2) && cost.areaMm2 > 0 && finite(cost.tdpWatts) && cost.tdpWatts > 0)) violated(`priced at ${cost.areaMm2} mm², ${cost.tdpWatts} W`);
    const d = checkDesign(spec, { maxAreaMm2: 1e9 });
    if (!d.ok) violated(`a valid design fails checkDesign: ${d.reason}`);
    checkReport(await api.simulate({ workload: 'teaching-cnn', hardware: spec, passes: 'all' }), 'simulate teaching-cnn');
    return 'accepted';
  },
  show: showJson,
};

// ---------------------------------------------------------------------------------------------------------------
// URL state (share links)
// ---------------------------------------------------------------------------------------------------------------

const URL_OPTS: UrlStateOptions = {
  workloads: zooNames(), views: ['explore', 'search', 'compare', 'roi', 'learn', 'import'], lessons: ['depthwise', 'fusion-gmem', 'bert-softmax'], lessonSteps: 4,
};
const URL_KEYS = ['v', 'view', 'lesson', 'step', 'w', 'hw', 'passes', 'op', 'zoom', 'bars', 'cmp', 'cw', 'cb', 'roi', 'sw', 'sa', 'so', 'st', 'ss', 'sb', 'sn', 'sarea', 'stdp', 'sslo', 'stpot', 'sttft', 'stpb', 'sr', 'sf', ...PARAMS.map((p) => p.id)];

export const urlState: FuzzTarget<string> = {
  name: 'url-state',
  what: 'a share link\'s query string → parseUrlState → (valid) serialize → parse again',
  budgetMs: 2_000,
  testRuns: 150,
  weight: 2,
  arbitrary: () => {
    const value = fc.oneof(
      { arbitrary: evilString, weight: 3 },
      { arbitrary: evilNumber.map(String), weight: 3 },
      { arbitrary: fc.constantFrom('1', 'explore', 'search', 'efficientnet-b0', 'resnet50-v2', 'tpu-v3', 'tpuv4i-like', 'teaching-8x8', 'all', 'none', 'fusion,padding', 'block', '0-40', '40-0', '2', '5', '0', '2.5', '7nm', 'os', 'hbm3', '256', '64', '4', 'tpu-v3/all;tpuv4i/none/cores:2', 'chips:5000,src:manual', 'arrayRows:16..64;dataflow:ws,os', 'cores:4', 'resnet50-v2:2,efficientnet-b0',
        // LLM variant names (issue 20): valid, out of range, malformed
        'llama-3-8b', 'llama-3-8b:decode,context=2048', 'llama-3-8b:request,prompt=512,output=64,kv=int8', 'gpt2-124m:decode,context=4096',
        'llama-3-8b:prefill,context=9', 'llama-3-8b:', 'qwen2.5-0.5b:decode,context=1024%2Cweights=int4', 'llama-3-8b%3Adecode%2Ccontext%3D64:2'), weight: 4 },
    );
    const pair = fc.tuple(fc.oneof({ arbitrary: fc.constantFrom(...URL_KEYS), weight: 5 }, { arbitrary: evilString, weight: 1 }), value);
    const validLink = fc.record({
      design: tableDesign, view: fc.constantFrom(...URL_OPTS.views!), workload: fc.constantFrom(...URL_OPTS.workloads), preset: fc.constantFrom(...PRESET_NAMES),
      passes: fc.constantFrom('all', 'none', 'fusion', 'schedule,padding'), barMode: fc.constantFrom('op', 'block'),
      lesson: fc.option(fc.constantFrom(...URL_OPTS.lessons!), { nil: undefined }), lessonStep: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), op: fc.option(fc.constantFrom('stem/conv', 'x'), { nil: undefined }),
      zoom: fc.option(fc.tuple(fc.nat({ max: 50 }), fc.nat({ max: 50 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]), { nil: undefined }),
    }).chain((st) => {
      const hw = validateHardwareSpec(st.design);
      const state = { ...st, hardware: hw.ok ? hw.spec : PRESETS[st.preset] };
      const q = serializeUrlState({ view: state.view, workload: state.workload, preset: state.preset, hardware: state.hardware, passes: state.passes, barMode: state.barMode as 'op' | 'block',
        ...(state.lesson ? { lesson: state.lesson } : {}), ...(state.lessonStep ? { lessonStep: state.lessonStep } : {}), ...(state.op ? { op: state.op } : {}), ...(state.zoom ? { zoom: state.zoom } : {}) });
      // sometimes edited: one pair added (a key repeated, an unknown one) or the string cut
      return fc.oneof(
        { arbitrary: fc.constant(q), weight: 3 },
        { arbitrary: pair.map(([k, v]) => `${q}&${new URLSearchParams([[k, v]]).toString()}`), weight: 2 },
        { arbitrary: fc.nat().map((n) => q.slice(0, n % (q.length + 1))), weight: 1 },
      );
    });
    // many pairs (thousands of bogus keys), and keys repeated (the same odd key twice)
    const many = fc.tuple(fc.integer({ min: 20, max: 5000 }), evilString).map(([n, k]) => '?' + Array.from({ length: n }, (_, i) => `${encodeURIComponent(k)}${i}=1`).join('&'));
    const repeated = fc.tuple(evilString, fc.array(pair, { maxLength: 4 })).map(([k, ps]) => '?' + new URLSearchParams([[k, '1'], ...ps, [k, '2']] as [string, string][]).toString());
    return fc.oneof(
      { arbitrary: validLink, weight: 4 },
      { arbitrary: many, weight: 1 },
      { arbitrary: repeated, weight: 1 },
      { arbitrary: fc.tuple(fc.boolean(), fc.array(pair, { maxLength: 12 })).map(([q, ps]) => (q ? '?' : '') + new URLSearchParams(ps as [string, string][]).toString()), weight: 6 },
      { arbitrary: fc.array(fc.tuple(fc.constantFrom(...URL_KEYS), evilString), { maxLength: 6 }).map((ps) => '?' + ps.map(([k, v]) => `${k}=${v}`).join('&')), weight: 2 },
      { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
    );
  },
  async run(search) {
    const r = parseUrlState(search, URL_OPTS);
    for (const i of r.issues) { const u = unclear(new Error(i)); if (u) violated(`link issue: ${u.detail}`); }
    if (r.issues.length > 10) violated(`${r.issues.length} issues for one link`);
    if (!validateHardwareSpec(r.state.hardware).ok) violated('the state carries an invalid design');
    if (!URL_OPTS.workloads.includes(r.state.workload)) violated(`the state carries workload ${r.state.workload}`);
    if (r.issues.length) return 'rejected';
    const again = parseUrlState(serializeUrlState(r.state), URL_OPTS);
    if (again.issues.length || JSON.stringify(again.state) !== JSON.stringify(r.state)) {
      violated(`the link does not round-trip: ${serializeUrlState(r.state)} → ${again.issues.join('; ') || JSON.stringify(again.state)}`);
    }
    return 'accepted';
  },
  show: (s) => JSON.stringify(clip(s)),
};

// ---------------------------------------------------------------------------------------------------------------
// SCALE-Sim topology CSV and .cfg (fast scalesim, fast import)
// ---------------------------------------------------------------------------------------------------------------

const CONV_HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';
const GEMM_HEADER = 'Layer, M, N, K,';
const csvField = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 64 }).map(String), weight: 10 },
  { arbitrary: fc.constantFrom('224', '3', '7', '1', '2', '512', '1024', '16777216', '16777217', '4096'), weight: 3 },
  { arbitrary: evilNumber.map(String), weight: 2 },
  { arbitrary: evilString, weight: 1 },
);
const validConvRow = fc.record({
  name: fc.constantFrom('conv1', 'DP_conv', 'layer', 'fc'), h: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(56, 224, 1024)), w: fc.integer({ min: 1, max: 40 }),
  fh: fc.integer({ min: 1, max: 7 }), fw: fc.integer({ min: 1, max: 7 }), c: fc.integer({ min: 1, max: 64 }), nf: fc.integer({ min: 1, max: 64 }), s: fc.integer({ min: 1, max: 3 }),
}).map((r) => `${r.name}, ${Math.max(r.h, r.fh)}, ${Math.max(r.w, r.fw)}, ${r.fh}, ${r.fw}, ${r.c}, ${r.nf}, ${r.s},`);
const validGemmRow = fc.tuple(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 512 })).map(([m, n, k]) => `fc, ${m}, ${n}, ${k},`);
const csvRow = fc.tuple(
  fc.oneof(fc.constantFrom('conv1', 'DP_conv', 'fc', 'DPDP', '', ' x '), evilString),
  fc.array(csvField, { minLength: 0, maxLength: 10 }),
  fc.boolean(),
).map(([name, fields, trailing]) => [name, ...fields].join(',') + (trailing ? ',' : ''));
export const topologyCsv = fc.oneof(
  { arbitrary: fc.array(fc.oneof({ arbitrary: validConvRow, weight: 6 }, { arbitrary: csvRow, weight: 1 }), { minLength: 1, maxLength: 5 }).map((rows) => [CONV_HEADER, ...rows].join('\n')), weight: 4 },
  { arbitrary: fc.array(fc.oneof({ arbitrary: validGemmRow, weight: 6 }, { arbitrary: csvRow, weight: 1 }), { minLength: 1, maxLength: 5 }).map((rows) => [GEMM_HEADER, ...rows].join('\n')), weight: 2 },
  { arbitrary: fc.tuple(
  fc.oneof(fc.constantFrom(CONV_HEADER, GEMM_HEADER, ''), evilString),
  fc.array(csvRow, { maxLength: 8 }),
  fc.constantFrom('\n', '\r\n'),
  fc.boolean(),
).map(([header, rows, eol, blankLines]) => [header, ...rows.flatMap((r) => (blankLines ? [r, ''] : [r]))].join(eol)), weight: 3 },
);

const CFG_KEYS: [string, string[]][] = [
  ['general', ['run_name']],
  ['architecture_presets', ['ArrayHeight', 'ArrayWidth', 'IfmapSramSzkB', 'FilterSramSzkB', 'OfmapSramSzkB', 'IfmapOffset', 'FilterOffset', 'OfmapOffset', 'Dataflow', 'Bandwidth', 'MemoryBanks']],
  ['run_presets', ['InterfaceBandwidth', 'UseCustomLayout']],
];
const cfgValue = fc.oneof(
  { arbitrary: fc.constantFrom('32', '8', '128', '64', '256', 'os', 'ws', 'is', 'CALC', 'USER', '10', '1', '4096', '4097', 'OS'), weight: 6 },
  { arbitrary: evilNumber.map(String), weight: 2 },
  { arbitrary: evilString, weight: 1 },
);
const VALID_CFG: Record<string, Record<string, string>> = {
  general: { run_name: 'fuzz' },
  architecture_presets: { ArrayHeight: '16', ArrayWidth: '16', IfmapSramSzkB: '64', FilterSramSzkB: '64', OfmapSramSzkB: '64', Dataflow: 'ws', Bandwidth: '10' },
  run_presets: { InterfaceBandwidth: 'CALC' },
};
const validCfg = fc.record({
  rows: fc.constantFrom('4', '8', '16', '32', '128'), cols: fc.constantFrom('4', '8', '16', '32', '128'), df: fc.constantFrom('os', 'ws', 'is'),
  mode: fc.constantFrom('CALC', 'USER'), bw: fc.constantFrom('1', '10', '64'), sram: fc.constantFrom('1', '8', '64', '1024'),
  edits: fc.array(fc.tuple(fc.nat(), fc.nat(), cfgValue), { maxLength: 2 }),
}).map((v) => {
  const cfg = structuredClone(VALID_CFG);
  Object.assign(cfg.architecture_presets, { ArrayHeight: v.rows, ArrayWidth: v.cols, Dataflow: v.df, Bandwidth: v.bw, IfmapSramSzkB: v.sram, FilterSramSzkB: v.sram, OfmapSramSzkB: v.sram });
  cfg.run_presets.InterfaceBandwidth = v.mode;
  for (const [s, k, value] of v.edits) {
    const [name, keys] = CFG_KEYS[s % CFG_KEYS.length];
    cfg[name][keys[k % keys.length]] = value;
  }
  return Object.entries(cfg).map(([sec, kv]) => [`[${sec}]`, ...Object.entries(kv).map(([k, x]) => `${k}: ${x}`)].join('\n')).join('\n');
});
export const configCfg = fc.oneof(
  { arbitrary: validCfg, weight: 8 },
  {
    arbitrary: fc.array(fc.tuple(fc.nat({ max: CFG_KEYS.length - 1 }), fc.array(fc.tuple(fc.nat(), cfgValue, fc.constantFrom(':', '=', ' : ')), { maxLength: 8 })), { maxLength: 4 })
      .map((secs) => secs.map(([s, kvs]) => {
        const [name, keys] = CFG_KEYS[s];
        return [`[${name}]`, ...kvs.map(([k, v, sep]) => `${keys[k % keys.length]}${sep}${v}`)].join('\n');
      }).join('\n\n')),
    weight: 6,
  },
  { arbitrary: fc.string({ maxLength: 300 }), weight: 1 },
);

export const scalesimFiles: FuzzTarget<{ topology: string; config: string; format: 'auto' | 'conv' | 'gemm' }> = {
  name: 'scalesim-csv-cfg',
  what: 'SCALE-Sim topology CSV + .cfg files → fast scalesim (parsers, compute model, memory model in the core) and fast import',
  budgetMs: 15_000,
  testRuns: 50,
  weight: 2,
  arbitrary: () => fc.record({ topology: topologyCsv, config: configCfg, format: fc.constantFrom('auto', 'auto', 'conv', 'gemm') }),
  async run({ topology, config, format }) {
    const dir = scratchDir();
    const t = join(dir, 'fuzz-topology.csv'), c = join(dir, 'fuzz-config.cfg');
    writeFileSync(t, topology);
    writeFileSync(c, config);
    let accepted = false;
    try {
      const r = await runScalesim({ topology: t, config: c, format });
      for (const row of r.rows) {
        if (!finite(row.totalCycles) || row.totalCycles < 0 || !finite(row.stallCycles) || row.stallCycles < 0) violated(`layer ${row.layer}: ${row.totalCycles} cycles, ${row.stallCycles} stalls`);
        for (const p of [row.computeUtilizationPct, row.mappingEfficiencyPct, row.overallUtilizationPct]) if (!(p >= 0 && p <= 100 + 1e-9)) violated(`layer ${row.layer}: a percentage of ${p}`);
      }
      accepted = true;
    } catch (e) {
      if (e instanceof ContractViolation || unclear(e)) throw e;
    }
    try {
      const w = importScalesimCsv(topology, { name: 'fuzz' });
      if (!finite(workloadCounts(w).macs)) violated('imported workload has non-finite MACs');
      accepted = true;
    } catch (e) {
      if (e instanceof ContractViolation || unclear(e)) throw e;
    }
    try { parseScalesimConfig(config); } catch (e) { if (unclear(e)) throw e; }
    return accepted ? 'accepted' : 'rejected';
  },
  show: (x) => `format ${x.format}; topology ${JSON.stringify(clip(x.topology, 200))}; config ${JSON.stringify(clip(x.config, 200))}`,
};

// ---------------------------------------------------------------------------------------------------------------
// Timeloop problem YAML
// ---------------------------------------------------------------------------------------------------------------

const TL_KEYS = ['R', 'S', 'P', 'Q', 'C', 'M', 'K', 'N', 'G', 'Wstride', 'Hstride', 'Wdilation', 'Hdilation', 'densities', 'X'];
const tlValue = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 64 }), weight: 24 },
  { arbitrary: fc.constantFrom(224, 1024, 2 ** 24, 2 ** 24 + 1, '7', ' 3 '), weight: 2 },
  { arbitrary: evilNumber, weight: 2 },
  { arbitrary: evilValue, weight: 1 },
);
const TL_REAL_KEYS = ['R', 'S', 'P', 'Q', 'C', 'M', 'N', 'G', 'Wstride', 'Hstride', 'Wdilation', 'Hdilation'];
const tlProblem = fc.record({
  instance: fc.oneof(
    { arbitrary: fc.dictionary(fc.constantFrom(...TL_REAL_KEYS), tlValue, { maxKeys: 10 }), weight: 6 },
    { arbitrary: fc.dictionary(fc.constantFrom(...TL_KEYS), tlValue, { maxKeys: 10 }), weight: 1 },
  ),
  shape: fc.option(fc.record({
    name: fc.oneof({ arbitrary: fc.constantFrom('cnn-layer', 'grouped-cnn-layer'), weight: 4 }, { arbitrary: evilString, weight: 1 }),
    dimensions: fc.option(fc.oneof({ arbitrary: fc.subarray(TL_REAL_KEYS.slice(0, 8)), weight: 4 }, { arbitrary: fc.array(fc.oneof(fc.constantFrom(...TL_KEYS), evilString), { maxLength: 9 }), weight: 1 })),
  }), { nil: undefined }),
  wrap: fc.constantFrom('problem', 'bare', 'named'),
  name: evilString,
}).map(({ instance, shape, wrap, name }) => {
  const p = { ...(shape ? { shape } : {}), instance };
  return wrap === 'problem' ? { problem: p } : wrap === 'named' ? { name, problem: p } : p;
});
export const timeloopYaml = fc.oneof(
  { arbitrary: fc.array(tlProblem, { minLength: 1, maxLength: 3 }).chain((ps) => fc.constantFrom(...(['docs', 'list'] as const)).map((form) => (form === 'docs' ? ps.map((p) => yamlStringify(p)).join('---\n') : yamlStringify(ps)))), weight: 8 },
  { arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => `${'['.repeat(n)}1${']'.repeat(n)}`), weight: 1 }, // deep nesting
  { arbitrary: fc.integer({ min: 1, max: 12 }).map((n) => ['a: &a [1,1,1,1,1,1,1,1,1,1]', ...Array.from({ length: n }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'problem: {instance: {R: 3}}'].join('\n')), weight: 1 }, // alias bomb
  { arbitrary: fc.string({ maxLength: 300 }), weight: 1 },
);

export const timeloop: FuzzTarget<string> = {
  name: 'timeloop-yaml',
  what: 'Timeloop problem YAML → importTimeloop → WorkloadSpec',
  budgetMs: 5_000,
  testRuns: 80,
  weight: 2,
  arbitrary: () => timeloopYaml,
  async run(text) {
    const w = importTimeloop(text, { name: 'fuzz' });
    if (!finite(workloadCounts(w).macs)) violated('imported workload has non-finite MACs');
    return 'accepted';
  },
  show: (s) => JSON.stringify(clip(s, 240)),
};

// ---------------------------------------------------------------------------------------------------------------
// ONNX bytes
// ---------------------------------------------------------------------------------------------------------------

const ONNX_OPS = ['Conv', 'Gemm', 'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Relu', 'Sigmoid', 'Tanh', 'Clip', 'LeakyRelu', 'HardSwish', 'Gelu', 'Erf',
  'BatchNormalization', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'ReduceMean', 'Softmax', 'LayerNormalization', 'Reshape', 'Transpose',
  'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Concat', 'Gather', 'Slice', 'Split', 'Shape', 'Constant', 'Cast', 'Pow', 'Sqrt', 'Loop', 'NonZero', '',
  // issue 19's operators: transposed convs, resizes, data movement, selection, einsum, normalizations, reductions
  'ConvTranspose', 'Resize', 'Upsample', 'Pad', 'Expand', 'Tile', 'Where', 'Einsum', 'InstanceNormalization', 'GroupNormalization',
  'ReduceSum', 'ReduceMin', 'ReduceL2', 'Greater'];
const NAMES = ['x', 'w', 'b', 'c', 't0', 't1', 't2', 't3', 't4', 't5', 'shape', ''];
const ATTRS = ['kernel_shape', 'strides', 'pads', 'dilations', 'group', 'auto_pad', 'axis', 'axes', 'perm', 'transA', 'transB', 'alpha', 'epsilon', 'ceil_mode', 'value', 'split', 'keepdims', 'allowzero',
  'mode', 'equation', 'output_padding', 'output_shape', 'num_groups', 'scales', 'num_outputs'];
const dimArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 64 }), weight: 10 },
  { arbitrary: fc.constantFrom(0, -1, -7, 2 ** 24, 2 ** 24 + 1, 2 ** 31, 2 ** 40, 2 ** 50, 2 ** 53), weight: 2 },
);
const onnxTensor = (name: string) => fc.record({
  dims: fc.array(dimArb, { maxLength: 5 }),
  dataType: fc.constantFrom(1, 1, 1, 7, 6, 10, 3, 0, 99),
  data: fc.option(fc.oneof(
    fc.array(fc.double(), { maxLength: 8 }).map((v) => ({ floatData: v })),
    fc.array(fc.integer({ min: -10, max: 100 }), { maxLength: 8 }).map((v) => ({ int64Data: v })),
    fc.uint8Array({ maxLength: 64 }).map((v) => ({ rawData: v })),
  ), { nil: undefined }),
}).map((t) => ({ name, dims: t.dims, dataType: t.dataType, ...(t.data ?? {}) }));
const onnxAttr = fc.record({
  name: fc.constantFrom(...ATTRS),
  v: fc.oneof(
    fc.integer({ min: -3, max: 8 }).map((i) => ({ i, type: 2 })),
    fc.constantFrom(2 ** 31, -(2 ** 31), 2 ** 40, 0).map((i) => ({ i, type: 2 })),
    fc.array(fc.integer({ min: -3, max: 8 }), { maxLength: 6 }).map((ints) => ({ ints, type: 7 })),
    fc.double().map((f) => ({ f, type: 1 })),
    fc.constantFrom('SAME_UPPER', 'VALID', 'NOTSET', 'x', 'nearest', 'linear', 'cubic', 'bij,bjk->bik', 'bhqd,bhkd->bhqk', 'ij->ji', 'ii->i', 'a...b,bc->ac', ',->', 'ab,bc,cd->ad')
      .map((s) => ({ s: new TextEncoder().encode(s), type: 3 })),
    fc.array(fc.double(), { maxLength: 5 }).map((floats) => ({ floats, type: 6 })),
    onnxTensor('value').map((t) => ({ t, type: 4 })),
  ),
}).map(({ name, v }) => ({ name, ...v }));
const onnxNode = fc.record({
  opType: fc.oneof({ arbitrary: fc.constantFrom(...ONNX_OPS), weight: 9 }, { arbitrary: evilString, weight: 1 }),
  input: fc.array(fc.constantFrom(...NAMES), { maxLength: 5 }),
  output: fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }),
  attribute: fc.array(onnxAttr, { maxLength: 4 }),
  name: fc.oneof(fc.constantFrom('n', '/block/op', ''), evilString),
});
const onnxModel = fc.record({
  nodes: fc.array(onnxNode, { maxLength: 10 }),
  inits: fc.subarray(['w', 'b', 'c', 'shape']).chain((names) => fc.tuple(...names.map(onnxTensor))),
  input: fc.array(fc.oneof(dimArb.map((v) => ({ dimValue: v })), fc.constantFrom({ dimParam: 'batch' }, { dimParam: 'seq' }, {})), { maxLength: 5 }),
  opset: fc.constantFrom(11, 13, 17, 0, -1),
}).map((m) => onnx.ModelProto.encode(onnx.ModelProto.create({
  irVersion: 8,
  opsetImport: [{ domain: '', version: m.opset }],
  graph: {
    name: 'fuzz',
    node: m.nodes,
    initializer: m.inits,
    input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: m.input } } } }],
    output: [{ name: 't5' }],
  },
})).finish());
type OnnxLayer =
  | { op: 'conv'; k: number; s: number; out: number; depthwise: boolean } | { op: 'act'; type: string } | { op: 'bn' } | { op: 'pool'; type: string }
  | { op: 'gap' } | { op: 'flatten' } | { op: 'gemm'; n: number } | { op: 'matmul'; n: number } | { op: 'addConst' } | { op: 'addSelf' } | { op: 'softmax' }
  | { op: 'reshape' } | { op: 'transpose' } | { op: 'unknown' }
  | { op: 'upsample'; linear: boolean } | { op: 'convT'; k: number } | { op: 'concatSelf' } | { op: 'pad' } | { op: 'slice' };
const onnxLayer: fc.Arbitrary<OnnxLayer> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('conv' as const), k: fc.constantFrom(1, 3, 5), s: fc.constantFrom(1, 2), out: fc.integer({ min: 1, max: 32 }), depthwise: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('act' as const), type: fc.constantFrom('Relu', 'Sigmoid', 'Tanh', 'HardSwish', 'Gelu', 'Erf', 'Sqrt', 'LeakyRelu') }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('pool' as const), type: fc.constantFrom('MaxPool', 'AveragePool') }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('gemm' as const), n: fc.integer({ min: 1, max: 64 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('matmul' as const), n: fc.integer({ min: 1, max: 64 }) }), weight: 1 },
  { arbitrary: fc.constantFrom<OnnxLayer>({ op: 'bn' }, { op: 'gap' }, { op: 'flatten' }, { op: 'addConst' }, { op: 'addSelf' }, { op: 'softmax' }, { op: 'reshape' }, { op: 'transpose' }, { op: 'unknown' }), weight: 5 },
  { arbitrary: fc.oneof(fc.record({ op: fc.constant('upsample' as const), linear: fc.boolean() }), fc.record({ op: fc.constant('convT' as const), k: fc.constantFrom(2, 3, 4) }),
    fc.constantFrom<OnnxLayer>({ op: 'concatSelf' }, { op: 'pad' }, { op: 'slice' })), weight: 3 },
);
interface OnnxEdit { node: number; attr: number; value: number; dims: boolean }
/** A coherent model (a CNN head or an MLP, NCHW, initializers sized to fit), then a few attributes or dims made absurd. */
const plausibleOnnx = fc.record({
  b: fc.constantFrom(1, 1, 4), c: fc.integer({ min: 1, max: 16 }), h: fc.integer({ min: 1, max: 32 }), w: fc.integer({ min: 1, max: 32 }),
  layers: fc.array(onnxLayer, { minLength: 1, maxLength: 10 }),
  edits: fc.array(fc.record({ node: fc.nat(), attr: fc.nat(), value: fc.oneof(fc.integer({ min: -3, max: 9 }), fc.constantFrom(0, 2 ** 31 - 1, 2 ** 40, -(2 ** 31))), dims: fc.boolean() }), { maxLength: 2 }),
}).map(({ b, c, h, w, layers, edits }) => {
  const node: Record<string, unknown>[] = [];
  const initializer: { name: string; dims: number[]; dataType: number; int64Data?: number[]; floatData?: number[] }[] = [];
  let cur = 'x', C = c, H = h, W = w, flat = 0, n = 0;
  const ints = (name: string, v: number[]) => ({ name, ints: v, type: 7 });
  const int = (name: string, v: number) => ({ name, i: v, type: 2 });
  const init = (dims: number[], dataType = 1, int64Data?: number[]) => { const name = `init${initializer.length}`; initializer.push({ name, dims, dataType, ...(int64Data ? { int64Data } : {}) }); return name; };
  const add = (opType: string, inputs: string[], attribute: unknown[] = []) => { const out = `v${n++}`; node.push({ opType, input: inputs, output: [out], attribute, name: `/blk${n}/${opType}` }); cur = out; };
  for (const l of layers) {
    if (flat === 0) {
      if (l.op === 'conv') {
        const out = l.depthwise ? C : l.out, g = l.depthwise ? C : 1, p = (l.k - 1) / 2;
        add('Conv', [cur, init([out, C / g, l.k, l.k]), init([out])], [ints('kernel_shape', [l.k, l.k]), ints('strides', [l.s, l.s]), ints('pads', [p, p, p, p]), int('group', g)]);
        C = out; H = Math.floor((H + 2 * p - l.k) / l.s) + 1; W = Math.floor((W + 2 * p - l.k) / l.s) + 1;
      } else if (l.op === 'act') add(l.type, [cur]);
      else if (l.op === 'bn') add('BatchNormalization', [cur, init([C]), init([C]), init([C]), init([C])]);
      else if (l.op === 'pool' && H >= 2 && W >= 2) { add(l.type, [cur], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]); H = Math.floor(H / 2); W = Math.floor(W / 2); }
      else if (l.op === 'gap') { add('GlobalAveragePool', [cur]); H = 1; W = 1; }
      else if (l.op === 'flatten' || l.op === 'gemm' || l.op === 'matmul') { add('Flatten', [cur], [int('axis', 1)]); flat = C * H * W; }
      else if (l.op === 'addConst') add('Add', [cur, init([C, 1, 1])]);
      else if (l.op === 'addSelf') add('Add', [cur, cur]);
      else if (l.op === 'transpose') add('Transpose', [cur], [ints('perm', [0, 1, 3, 2])]), [H, W] = [W, H];
      else if (l.op === 'unknown') add('NonMaxSuppression', [cur]);
      else if (l.op === 'upsample' && H * W <= 1024) {
        const scales = `init${initializer.length}`;
        initializer.push({ name: scales, dims: [4], dataType: 1, floatData: [1, 1, 2, 2] });
        add('Resize', [cur, '', scales], [{ name: 'mode', s: new TextEncoder().encode(l.linear ? 'linear' : 'nearest'), type: 3 }]); H *= 2; W *= 2;
      } else if (l.op === 'convT' && H * W <= 1024) {
        // k2: stride 2, no pads; k3: pads 1 and output_padding 1; k4: pads 1 — each doubles the map
        const p = l.k === 2 ? 0 : 1;
        add('ConvTranspose', [cur, init([C, 4, l.k, l.k]), init([4])], [ints('kernel_shape', [l.k, l.k]), ints('strides', [2, 2]), ints('pads', [p, p, p, p]), ...(l.k === 3 ? [ints('output_padding', [1, 1])] : [])]);
        C = 4; H *= 2; W *= 2;
      } else if (l.op === 'concatSelf') { add('Concat', [cur, cur], [int('axis', 1)]); C *= 2; }
      else if (l.op === 'pad') { add('Pad', [cur, init([8], 7, [0, 0, 1, 1, 0, 0, 1, 1])]); H += 2; W += 2; }
      else if (l.op === 'slice' && C >= 2) { add('Slice', [cur, init([1], 7, [0]), init([1], 7, [Math.floor(C / 2)]), init([1], 7, [1])]); C = Math.floor(C / 2); }
    }
    if (flat > 0) {
      if (l.op === 'gemm') { add('Gemm', [cur, init([l.n, flat]), init([l.n])], [int('transB', 1)]); flat = l.n; }
      else if (l.op === 'matmul') { add('MatMul', [cur, init([flat, l.n])]); flat = l.n; }
      else if (l.op === 'act') add(l.type, [cur]);
      else if (l.op === 'softmax') add('Softmax', [cur], [int('axis', -1)]);
      else if (l.op === 'reshape') add('Reshape', [cur, init([2], 7, [b, flat])]);
      else if (l.op === 'addSelf') add('Add', [cur, cur]);
    }
  }
  for (const e of edits as OnnxEdit[]) {
    if (e.dims && initializer.length) {
      const t = initializer[e.node % initializer.length];
      if (t.dims.length) t.dims[e.attr % t.dims.length] = e.value;
    } else if (node.length) {
      const attrs = node[e.node % node.length].attribute as { ints?: number[]; i?: number }[];
      if (attrs.length) {
        const a = attrs[e.attr % attrs.length];
        if (a.ints) a.ints[e.attr % a.ints.length] = e.value; else a.i = e.value;
      }
    }
  }
  if (!node.length) add('Relu', [cur]);
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'plausible', node, initializer, input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [b, c, h, w].map((d) => ({ dimValue: d })) } } } }], output: [{ name: cur }] },
  })).finish();
});

/**
 * Large graphs the importer must handle in bounded time and with short messages: a long chain of n nodes (in order or
 * reversed), one input fanned out to n nodes, n nodes sharing one name, n unknown op types with long names.
 */
const onnxLarge = fc.record({
  // Up to 60k nodes: linear work stays within the budget on a loaded machine, quadratic work (what these found: 10-17 s
  // at 20k nodes) goes far past it.
  n: fc.integer({ min: 100, max: 60_000 }),
  shape: fc.constantFrom('chain', 'reversed', 'fanout', 'same-name', 'unknown-types'),
}).map(({ n, shape }) => {
  const node = Array.from({ length: n }, (_, i) => ({
    opType: shape === 'unknown-types' ? `CustomOp${'X'.repeat(100)}${i}` : 'Relu',
    input: [shape === 'fanout' || i === 0 ? 'x' : `t${i - 1}`],
    output: [`t${i}`],
    name: shape === 'same-name' ? 'n' : `r${i}`,
  }));
  if (shape === 'reversed') node.reverse();
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: { name: shape, node, input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 64 }] } } } }], output: [{ name: `t${n - 1}` }] },
  })).finish();
});

export const onnxBytes: FuzzTarget<Uint8Array> = {
  name: 'onnx-bytes',
  what: 'ONNX model bytes (random, truncated, bit-flipped, generated graphs with cycles and absurd shapes) → importOnnx',
  budgetMs: 15_000,
  testRuns: 50,
  weight: 3,
  arbitrary: () => fc.oneof(
    { arbitrary: plausibleOnnx, weight: 10 },
    { arbitrary: onnxModel, weight: 6 },
    { arbitrary: fc.tuple(onnxModel, fc.nat()).map(([b, n]) => b.slice(0, n % (b.length + 1))), weight: 2 },
    { arbitrary: fc.tuple(onnxModel, fc.nat(), fc.integer({ min: 0, max: 7 })).map(([b, i, bit]) => { const c = b.slice(); if (c.length) c[i % c.length] ^= 1 << bit; return c; }), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 256 }), weight: 2 },
    { arbitrary: onnxLarge, weight: 1 },
  ),
  async run(bytes) {
    const w = importOnnx(bytes, { name: 'fuzz' });
    if (!finite(workloadCounts(w).macs)) violated('imported workload has non-finite MACs');
    // The import report over any imported model: never a throw, finite counts and shares.
    const r = importReport(w, onnxImportInfo(w)!);
    if (![r.tensorBytes, r.skippedShare, ...r.checks.flatMap((c) => [c.workload, c.independent])].every(finite)) violated('import report has a non-finite number');
    return 'accepted';
  },
  show: (b) => `${b.length} bytes: ${Buffer.from(b.slice(0, 48)).toString('hex')}${b.length > 48 ? '…' : ''}`,
};

/** Two models with dynamic axes: a CNN with symbolic N, H, W; a sequence model with [batch, sequence] ids and a computed Reshape. */
const dynamicOnnx: Uint8Array[] = [
  onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'cnn',
      node: [
        { opType: 'Conv', input: ['x', 'w'], output: ['y'], attribute: [{ name: 'kernel_shape', ints: [3, 3], type: 7 }, { name: 'strides', ints: [2, 2], type: 7 }] },
        { opType: 'MaxPool', input: ['y'], output: ['p'], attribute: [{ name: 'kernel_shape', ints: [2, 2], type: 7 }, { name: 'strides', ints: [2, 2], type: 7 }] },
        { opType: 'GlobalAveragePool', input: ['p'], output: ['g'] },
      ],
      initializer: [{ name: 'w', dims: [8, 3, 3, 3], dataType: 1 }],
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }, { dimParam: 'H' }, { dimParam: 'W' }] } } } }],
      output: [{ name: 'g' }],
    },
  })).finish(),
  onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'seq',
      node: [
        { opType: 'Gather', input: ['table', 'ids'], output: ['e'] },
        { opType: 'Shape', input: ['e'], output: ['s'] },
        { opType: 'Slice', input: ['s', 'zero', 'two'], output: ['bs'] },
        { opType: 'Concat', input: ['bs', 'heads'], output: ['t'], attribute: [{ name: 'axis', i: 0, type: 2 }] },
        { opType: 'Reshape', input: ['e', 't'], output: ['r'] },
        { opType: 'Softmax', input: ['r'], output: ['o'] },
        { opType: 'Relu', input: ['mask'], output: ['m'] },
      ],
      initializer: [
        { name: 'table', dims: [100, 16], dataType: 1 }, { name: 'zero', dims: [1], dataType: 7, int64Data: [0] },
        { name: 'two', dims: [1], dataType: 7, int64Data: [2] }, { name: 'heads', dims: [2], dataType: 7, int64Data: [4, 4] },
      ],
      input: [
        { name: 'ids', type: { tensorType: { elemType: 7, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }] } } } },
        { name: 'mask', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }] } } } },
      ],
      output: [{ name: 'o' }, { name: 'm' }],
    },
  })).finish(),
];

const shapeEntry = (names: string[], lists: string[]) => fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...names), fc.constantFrom(...lists)).map(([n, l]) => `${n}=${l}`), weight: 6 },
  { arbitrary: fc.tuple(fc.constantFrom(...names), fc.array(fc.oneof(fc.integer({ min: -2, max: 300 }).map(String), evilNumber.map(String)), { maxLength: 6 })).map(([n, d]) => `${n}=${d.join(',')}`), weight: 3 },
  { arbitrary: evilString, weight: 1 },
);

export const onnxShapes: FuzzTarget<{ model: number; inputShapes: string[]; dims: string[] }> = {
  name: 'onnx-shapes',
  what: 'input shapes and dimension sizes (the CLI\'s --input-shape/--dim, the Import view\'s fields) → parseShapeEntries → importOnnx of models with dynamic axes',
  budgetMs: 5_000,
  testRuns: 60,
  weight: 1,
  arbitrary: () => fc.oneof(
    {
      // Sizes that fit (random within the model's range), given either way.
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 3, max: 400 }), fc.integer({ min: 3, max: 400 }), fc.boolean()).chain(([b, h, wd, byShape]) => fc.constantFrom(
        { model: 0, inputShapes: byShape ? [`x=${b},3,${h},${wd}`] : [], dims: byShape ? [] : [`H=${h}`, `W=${wd}`, `N=${b}`] },
        { model: 1, inputShapes: byShape ? [`ids=${b},${h}`] : [], dims: byShape ? [] : [`sequence=${h}`] },
      )),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        model: fc.integer({ min: 0, max: dynamicOnnx.length - 1 }),
        inputShapes: fc.array(shapeEntry(['x', 'ids', 'mask', 'w', 'table', 'y', ''], ['1,3,32,32', '2,3,17,9', '1,3,32', '1,16', '4,128', '1,0', '1,3,8,8,8', '1,16777216', '']), { maxLength: 3 }),
        dims: fc.array(shapeEntry(['N', 'H', 'W', 'batch', 'sequence', 'Q'], ['1', '8', '64', '0', '-3', '2.5', '16777217', 'x']), { maxLength: 4 }),
      }),
      weight: 3,
    },
  ),
  async run({ model, inputShapes, dims }) {
    const shapes = parseShapeEntries({ inputShapes, dims });
    const w = importOnnx(dynamicOnnx[model], { name: 'fuzz', inputShapes: shapes?.inputShapes, symbols: shapes?.dims });
    if (!finite(workloadCounts(w).macs)) violated('imported workload has non-finite MACs');
    return 'accepted';
  },
  show: (i) => clip(JSON.stringify(i), 300),
};

// ---------------------------------------------------------------------------------------------------------------
// Packed records handed to the Wasm core (raw f64, bypassing pack.ts and every schema)
// ---------------------------------------------------------------------------------------------------------------

const rawNumber = fc.oneof(
  { arbitrary: fc.constantFrom(0, -0, 1, 2, 3, 8, 128, 4096, 4097, 2 ** 24, 2 ** 24 + 1, 2 ** 40, 2 ** 40 + 1, 2 ** 53, 1e21, 1e300, -1, -1e300, 0.5, 0.125, 16, 17, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE), weight: 4 },
  { arbitrary: fc.double(), weight: 3 },
  { arbitrary: fc.integer({ min: -2, max: 1024 }), weight: 3 },
);
const plausible = fc.record({
  m: fc.integer({ min: 1, max: 512 }), n: fc.integer({ min: 1, max: 512 }), k: fc.integer({ min: 1, max: 512 }),
  rows: fc.constantFrom(4, 8, 32, 128), cols: fc.constantFrom(4, 8, 32, 128), dataflow: fc.constantFrom(0, 1, 2),
});
const rawRecord = (kind: RawKind) => fc.oneof(
  { arbitrary: fc.tuple(plausible, fc.array(fc.tuple(fc.nat(), rawNumber), { maxLength: 3 })).map(([p, edits]) => {
    const r = plausibleRecord(kind, p);
    for (const [i, v] of edits) r[i % r.length] = v;
    return r;
  }), weight: 3 },
  { arbitrary: fc.array(rawNumber, { minLength: RAW_KINDS[kind].inWords, maxLength: RAW_KINDS[kind].inWords }), weight: 1 },
);
const rawHw = fc.oneof(
  { arbitrary: fc.array(fc.tuple(fc.nat(), rawNumber), { maxLength: 3 }).map((edits) => { const h = plausibleHw(); for (const [i, v] of edits) h[i % h.length] = v; return h; }), weight: 3 },
  { arbitrary: fc.array(rawNumber, { minLength: RAW_HW_WORDS, maxLength: RAW_HW_WORDS }), weight: 1 },
);
const rawBatch: fc.Arbitrary<RawBatch> = fc.constantFrom<RawKind>('gemm', 'ops', 'ops', 'scalesimMemory').chain((kind) => fc.record({
  kind: fc.constant(kind),
  records: fc.array(rawRecord(kind), { minLength: 0, maxLength: kind === 'scalesimMemory' ? 3 : 8 }),
  hw: kind === 'ops' ? rawHw : fc.constant(undefined),
  count: kind === 'scalesimMemory'
    ? fc.option(fc.constantFrom(-1, -(2 ** 31), 0), { nil: undefined })
    : fc.option(fc.constantFrom(-1, -(2 ** 31), 0, 4096, 4097, 2 ** 31 - 1), { nil: undefined, freq: 6 }),
}));

export const coreRecords: FuzzTarget<RawBatch> = {
  name: 'core-records',
  what: 'raw f64 records (NaN, ±Inf, huge, negative) written into the Wasm core\'s buffers → batch entry points',
  budgetMs: 10_000,
  testRuns: 150,
  weight: 4,
  arbitrary: () => rawBatch,
  async setup() { core ??= await loadCore(); },
  async run(b) {
    core ??= await loadCore();
    const { done, out } = runRaw(core, b);
    const n = b.records.length;
    const want = Math.max(0, Math.min(b.count ?? n, 4096));
    if (done !== want) violated(`${b.kind}: evaluated ${done} records for a count of ${b.count ?? n}`);
    let ok = 0;
    out.forEach((r, i) => {
      const status = r[0];
      const allowed = b.kind === 'scalesimMemory' ? [RAW_STATUS.ok, RAW_STATUS.invalid, RAW_STATUS.workLimit] : [RAW_STATUS.ok, RAW_STATUS.invalid];
      if (!allowed.includes(status)) violated(`${b.kind} record ${i}: status ${status}`);
      if (status !== RAW_STATUS.ok) return;
      ok++;
      const bad = r.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) violated(`${b.kind} record ${i}: status ok but output field ${bad} is ${r[bad]} (input ${showJson(b.records[i])}${b.hw ? `, hw ${showJson(b.hw)}` : ''})`);
    });
    return ok > 0 ? 'accepted' : 'rejected';
  },
  show: (b) => `${b.kind} count ${b.count ?? b.records.length}: ${showJson(b.records)}${b.hw ? ` hw ${showJson(b.hw)}` : ''}`,
};

// ---------------------------------------------------------------------------------------------------------------
// The worker API (what a page or the CLI posts to a worker: shared/api/worker-api.ts), called as the worker would
// ---------------------------------------------------------------------------------------------------------------

type ApiCall =
  | { method: 'simulate'; arg: unknown }
  | { method: 'scalesimGemms'; arg: unknown }
  | { method: 'scalesimMemory'; arg: unknown }
  | { method: 'evaluateTrials'; arg: unknown };
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const gemmSpec = fc.record({
  m: fc.oneof(fc.integer({ min: 1, max: 512 }), evilNumber), n: fc.oneof(fc.integer({ min: 1, max: 512 }), evilNumber), k: fc.oneof(fc.integer({ min: 1, max: 512 }), evilNumber),
  rows: fc.oneof(fc.constantFrom(8, 32, 128), evilNumber), cols: fc.oneof(fc.constantFrom(8, 32, 128), evilNumber),
  dataflow: fc.oneof(fc.constantFrom('os', 'ws', 'is'), evilString), sublayers: maybe(fc.oneof(fc.integer({ min: 1, max: 4 }), evilNumber)),
}, { requiredKeys: ['m', 'n', 'k', 'rows', 'cols', 'dataflow'] });
const memSpec = fc.record({
  gemm: maybe(fc.record({ m: fc.integer({ min: 1, max: 256 }), n: fc.integer({ min: 1, max: 256 }), k: fc.integer({ min: 1, max: 256 }) })),
  conv: maybe(fc.record({ ifmapHeight: fc.integer({ min: 3, max: 32 }), ifmapWidth: fc.integer({ min: 3, max: 32 }), filterHeight: fc.constantFrom(1, 3), filterWidth: fc.constantFrom(1, 3),
    channels: fc.integer({ min: 1, max: 16 }), numFilters: fc.integer({ min: 1, max: 16 }), stride: fc.constantFrom(1, 2, evilNumber as never) })),
  rows: fc.oneof(fc.constantFrom(8, 32), evilNumber), cols: fc.oneof(fc.constantFrom(8, 32), evilNumber), dataflow: fc.oneof(fc.constantFrom('os', 'ws', 'is'), evilString),
  ifmapSramWords: fc.oneof(fc.constantFrom(65536, 100), evilNumber), filterSramWords: fc.constantFrom(65536, 99), ofmapSramWords: fc.constantFrom(65536),
  mode: maybe(fc.constantFrom('CALC', 'USER', 'x')), bandwidthWordsPerCycle: maybe(fc.oneof(fc.constantFrom(1, 10), evilNumber)),
}, { requiredKeys: ['rows', 'cols', 'dataflow', 'ifmapSramWords', 'filterSramWords', 'ofmapSramWords'] });
const apiCall: fc.Arbitrary<ApiCall> = fc.oneof(
  { arbitrary: fc.record({
    workload: fc.oneof({ arbitrary: fc.constantFrom('teaching-cnn', 'mobilenet-v2', 'nope'), weight: 4 }, { arbitrary: builtWorkload, weight: 2 }, { arbitrary: evilValue, weight: 1 }),
    hardware: fc.oneof({ arbitrary: fc.constantFrom(...PRESET_NAMES, 'tpu-v9'), weight: 4 }, { arbitrary: tableDesign, weight: 2 }, { arbitrary: evilValue, weight: 1 }),
    batch: maybe(fc.oneof(fc.constantFrom(1, 8, 1024), evilNumber)), passes: maybe(fc.oneof(fc.constantFrom('all', 'none', 'fusion,padding'), evilString)),
    onlineSoftmax: maybe(fc.oneof(fc.boolean(), evilValue)), hardwareName: maybe(evilString),
  }, { requiredKeys: ['workload', 'hardware'] }).map((arg) => ({ method: 'simulate' as const, arg })), weight: 4 },
  { arbitrary: fc.oneof(fc.array(gemmSpec, { maxLength: 4 }), evilValue).map((arg) => ({ method: 'scalesimGemms' as const, arg })), weight: 2 },
  { arbitrary: fc.oneof(fc.array(memSpec, { maxLength: 2 }), evilValue).map((arg) => ({ method: 'scalesimMemory' as const, arg })), weight: 2 },
  { arbitrary: fc.record({
    workloads: fc.oneof({ arbitrary: fc.constantFrom(['teaching-cnn'], ['teaching-cnn', 'mobilenet-v2'], ['nope'], []), weight: 4 }, { arbitrary: evilValue, weight: 1 }),
    batch: fc.oneof(fc.constantFrom(1, 64), evilNumber), designs: fc.oneof({ arbitrary: fc.array(fc.oneof(tableDesign, evilValue), { maxLength: 2 }), weight: 4 }, { arbitrary: evilValue, weight: 1 }),
    weights: maybe(fc.oneof(fc.constantFrom([1], [1, 2]), evilValue)), maxAreaMm2: maybe(fc.oneof(fc.constantFrom(700, 5000), evilNumber)),
    maxTdpWatts: maybe(fc.oneof(fc.constant(300), evilNumber)), latencySloSeconds: maybe(fc.oneof(fc.constantFrom(0.001, 0.05), evilNumber)),
  }, { requiredKeys: ['workloads', 'batch', 'designs'] }).map((arg) => ({ method: 'evaluateTrials' as const, arg })), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom('simulate', 'scalesimGemms', 'scalesimMemory', 'evaluateTrials'), fc.anything({ maxDepth: 2 })).map(([method, arg]) => ({ method, arg }) as ApiCall), weight: 1 },
);

export const workerApi: FuzzTarget<ApiCall> = {
  name: 'worker-api',
  what: 'messages to the worker API (simulate, scalesimGemms, scalesimMemory, evaluateTrials) with any arguments',
  budgetMs: 15_000,
  testRuns: 60,
  weight: 2,
  arbitrary: () => apiCall,
  async run(c) {
    const a = api as unknown as Record<string, (x: unknown) => Promise<unknown>>;
    const r = await a[c.method](c.arg);
    if (c.method === 'simulate') checkReport(r as Awaited<ReturnType<typeof api.simulate>>, 'simulate');
    else if (c.method === 'evaluateTrials') {
      for (const e of r as TrialEvaluation[]) {
        if (e.status === 'ok' && !(finite(e.gainVsTpuV3) && e.gainVsTpuV3 > 0 && finite(e.perfPerTdp))) violated(`an ok trial with gain ${e.gainVsTpuV3}, Perf/TDP ${e.perfPerTdp}`);
        if (e.status !== 'ok' && !(e.code && e.reason && !unclear(new Error(e.reason)))) violated(`an infeasible trial without a clear reason: ${showJson(e)}`);
      }
    } else {
      for (const x of r as { status: string }[]) {
        if (x.status === 'ok' && Object.values(x).some((v) => typeof v === 'number' && !Number.isFinite(v))) violated(`${c.method}: an ok result with a non-finite field: ${showJson(x)}`);
      }
    }
    return 'accepted';
  },
  show: (c) => `${c.method}(${showJson(c.arg)})`,
};

// ---------------------------------------------------------------------------------------------------------------
// CLI flags (fast …), in-process through main()
// ---------------------------------------------------------------------------------------------------------------

interface CliFiles { [k: string]: string }
let cliFiles: CliFiles | undefined;

function makeCliFiles(): CliFiles {
  const dir = join(scratchDir(), 'cli');
  mkdirSync(dir, { recursive: true });
  const f = (name: string, body: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, body); return p; };
  const model = onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'small', node: [{ opType: 'Conv', input: ['x', 'w'], output: ['y'], attribute: [{ name: 'kernel_shape', ints: [3, 3], type: 7 }, { name: 'pads', ints: [1, 1, 1, 1], type: 7 }] }, { opType: 'Relu', input: ['y'], output: ['z'] }],
      initializer: [{ name: 'w', dims: [8, 3, 3, 3], dataType: 1 }],
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }, { dimValue: 16 }, { dimValue: 16 }] } } } }],
      output: [{ name: 'z' }],
    },
  })).finish();
  // Dynamic H and W (sized by --input-shape x=… or --dim H=… --dim W=…), flattened by a Reshape computed from Shape.
  const dynamic = onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'dynamic',
      node: [
        { opType: 'Conv', input: ['x', 'w'], output: ['y'], attribute: [{ name: 'kernel_shape', ints: [3, 3], type: 7 }, { name: 'strides', ints: [2, 2], type: 7 }] },
        { opType: 'GlobalAveragePool', input: ['y'], output: ['g'] },
        { opType: 'Shape', input: ['g'], output: ['s'] },
        { opType: 'Gather', input: ['s', 'i0'], output: ['n'], attribute: [{ name: 'axis', i: 0, type: 2 }] },
        { opType: 'Unsqueeze', input: ['n', 'ax0'], output: ['n1'] },
        { opType: 'Concat', input: ['n1', 'minus1'], output: ['t'], attribute: [{ name: 'axis', i: 0, type: 2 }] },
        { opType: 'Reshape', input: ['g', 't'], output: ['z'] },
      ],
      initializer: [
        { name: 'w', dims: [8, 3, 3, 3], dataType: 1 }, { name: 'i0', dims: [], dataType: 7, int64Data: [0] },
        { name: 'ax0', dims: [1], dataType: 7, int64Data: [0] }, { name: 'minus1', dims: [1], dataType: 7, int64Data: [-1] },
      ],
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }, { dimParam: 'H' }, { dimParam: 'W' }] } } } }],
      output: [{ name: 'z' }],
    },
  })).finish();
  mkdirSync(join(dir, 'a-folder.json'), { recursive: true });
  return {
    onnxDynamic: f('dynamic.onnx', dynamic),
    hwGood: f('hw-good.json', JSON.stringify({ base: 'tpu-v3', cores: 4 })),
    hwBad: f('hw-bad.json', JSON.stringify({ cores: 3 })),
    hwNotJson: f('hw-notjson.json', '{ "base": '),
    wlGood: f('wl-good.json', JSON.stringify(tinyWorkload)),
    wlBad: f('wl-bad.json', JSON.stringify({ name: 'x', ops: [] })),
    onnxGood: f('small.onnx', model),
    onnxBad: f('bad.onnx', new Uint8Array([8, 255, 255, 255, 255, 255, 1, 2, 3])),
    csvGood: f('topo.csv', `${CONV_HEADER}\nconv1, 16, 16, 3, 3, 8, 16, 1,\nDP2, 8, 8, 3, 3, 16, 1, 1,\n`),
    csvGemm: f('gemm.csv', `${GEMM_HEADER}\nfc, 64, 32, 128,\n`),
    csvBad: f('bad.csv', 'Layer,\nx,0,-1,\n'),
    cfgGood: f('scale.cfg', '[architecture_presets]\nArrayHeight: 16\nArrayWidth: 16\nIfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB: 64\nDataflow: ws\nBandwidth: 10\n[run_presets]\nInterfaceBandwidth: USER\n'),
    cfgBad: f('bad.cfg', '[architecture_presets]\nDataflow: zz\n'),
    yamlGood: f('problem.yaml', 'problem:\n  instance: {R: 3, S: 3, P: 8, Q: 8, C: 16, M: 32, N: 1}\n'),
    yamlBad: f('bad.yaml', 'problem: [\n'),
    cpCorrupt: f('cp-corrupt.json', '{"format":"fast-search-checkpoint","version":1,"study":'),
    cpOther: f('cp-other.json', JSON.stringify({ format: 'fast-reproduce-checkpoint', version: 1 })),
    folder: join(dir, 'a-folder.json'),
    missing: join(dir, 'missing.json'),
    outCsv: join(dir, 'out.csv'),
  };
}

const cliValue = (valid: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 4 }, { arbitrary: evilString, weight: 1 }, { arbitrary: evilNumber.map(String), weight: 1 });

function cliArgv(files: CliFiles): fc.Arbitrary<string[]> {
  const wl = [
    'teaching-cnn', 'mobilenet-v2', 'efficientnet-b0', 'bert-base-128', 'efficientnet-b9', files.wlGood, files.wlBad, files.onnxGood, files.onnxBad, files.onnxDynamic, files.onnxDynamic,
    files.csvGood, files.csvGemm, files.csvBad, files.yamlGood, files.yamlBad, files.folder, files.missing, 'x.txt',
  ];
  const hw = ['tpu-v3', 'tpuv4i-like', 'teaching-8x8', 'tpu-v9', files.hwGood, files.hwBad, files.hwNotJson, files.missing, files.folder];
  const small = ['teaching-cnn', files.wlGood, files.csvGood, files.yamlGood, files.onnxGood, 'nope', files.wlBad, files.missing];
  const num = ['1', '2', '4', '8', '64', '1024', '1025', '0', '-1', '2.5', 'x', '', '1e3'];
  const pos = ['1', '300', '665', '0.5', '450', '0', '-2', 'abc', 'Infinity', 'NaN', '1e999'];
  // --input-shape / --dim (ONNX only): right and wrong names, ranks, sizes; the dynamic model needs them.
  const shapeFlags: Record<string, string[]> = {
    '--input-shape': ['x=1,3,32,32', 'x=2,3,17,9', 'x=1,3,32', 'x=1,3,0,32', 'x=1,3,-4,32', 'x=1,3,2.5,32', 'x=1,3,,32', 'x', '=1,3,8,8', 'y=1,3,8,8', 'w=8,3,3,3', 'x=1,3,99999999,8', 'x=1,3,16777216,16777216'],
    '--dim': ['H=32', 'W=24', 'N=4', 'H=0', 'W=-1', 'H=1e3', 'H', '=4', 'Q=8', 'H=16777217'],
  };
  const searchFlags: Record<string, string[] | null> = {
    '--workload': [...small, 'teaching-cnn,mobilenet-v2', ',', 'teaching-cnn,,x'], '--weights': ['1', '1,2', '0', '-1', 'a', '1,1'],
    '--workers': ['1', '2', '0', '65', 'x'], '--max-area': pos, '--max-tdp': pos, '--latency-slo': pos, '--batch': num, '--node': ['16nm', '7nm', '5nm', ''],
    '--fix': ['cores=4', 'dataflow=xs', 'batch=8', 'cores=3', 'corez=1', 'cores', 'arrayRows=', 'clockGhz=NaN'],
    '--range': ['arrayRows=32:128', 'cores=3:3', 'dataflow=ws/os', 'corez=1:2', 'arrayRows=128:32', 'clockGhz=:', 'cores=1/2/x'],
    '--trials-per-batch': num, '--json': null,
  };
  // `writes`: flags naming a file the command writes; they only ever get paths in the scratch folder (never a random
  // string, which could be a relative path anywhere).
  const commands: Record<string, { flags: Record<string, string[] | null>; positional?: string[]; tail?: (files: CliFiles) => string[]; writes?: string[] }> = {
    workloads: { flags: { '--json': null } },
    hardware: { flags: { '--hardware': hw, '--json': null } },
    roi: { flags: { '--gain': ['1', '2.4', '0', '-1', 'x', '1e308'], '--nre': pos, '--chips': num, '--baseline-chip-usd': pos, '--design-chip-usd': pos, '--baseline-tdp': pos, '--design-tdp': pos, '--usd-per-kwh': pos, '--pue': pos, '--years': pos, '--json': null } },
    simulate: { flags: { '--workload': wl, '--hardware': hw, '--batch': num, '--passes': ['all', 'none', 'fusion', 'schedule,padding', 'warp', ''], '--online-softmax': null, '--ops': num, '--json': null, ...shapeFlags } },
    ablation: { flags: { '--workload': small, '--hardware': hw, '--batch': ['1', '8', '0', 'x'], '--json': null } },
    import: { flags: { '--json': null, '--scalesim': [files.outCsv, files.folder, join(files.missing, 'x.csv')], ...shapeFlags }, positional: wl, writes: ['--scalesim'] },
    scalesim: { flags: { '--topology': [files.csvGood, files.csvGemm, files.csvBad, files.missing], '--config': [files.cfgGood, files.cfgBad, files.missing, files.folder], '--format': ['auto', 'conv', 'gemm', 'xyz'], '--split-dp': null, '--json': null } },
    // Searches stop before simulating: a checkpoint that cannot be used (read after every flag is validated) ends them.
    search: { flags: { ...searchFlags, '--trials': num, '--seed': ['1', '0', '4294967296', '-1', 'x'], '--algorithm': ['random', 'evolution', 'bo', 'swarm', 'annealing'] }, tail: (fl) => ['--checkpoint', fl.cpCorrupt] },
    'compare-algorithms': { flags: { ...searchFlags, '--trials': num, '--seeds': ['1', '3', '0', '1001', 'x'], '--algorithms': ['random,bo', 'magic', 'random,,bo'] }, tail: () => ['--workers', '0'] },
    reproduce: { flags: { '--quick': null, '--trials': num, '--seed': ['1', '-1', 'x'], '--algorithm': ['evolution', 'magic'], '--workloads': ['efficientnet-b0', 'nope', ''], '--workers': ['1', '0'], '--sensitivity': null, '--sensitivity-trials': ['3', '0', 'x'], '--json': null }, tail: (fl) => ['--checkpoint', fl.cpOther] },
  };
  const names = Object.keys(commands);
  return fc.oneof(
    {
      arbitrary: fc.constantFrom(...names).chain((cmd) => {
        const spec = commands[cmd];
        const flag = fc.constantFrom(...Object.keys(spec.flags)).chain((f): fc.Arbitrary<string[]> => {
          const values = spec.flags[f];
          if (!values) return fc.constant([f]);
          return (spec.writes?.includes(f) ? fc.constantFrom(...values) : cliValue(values)).map((v) => [f, v]);
        });
        const token: fc.Arbitrary<string[]> = fc.oneof(
          { arbitrary: flag as fc.Arbitrary<string[]>, weight: 8 },
          { arbitrary: fc.constantFrom('--bogus', '-x', '--', '--json=1', '--help').map((s) => [s]), weight: 1 },
          { arbitrary: evilString.map((s) => [s]), weight: 1 },
        );
        return fc.tuple(fc.array(token, { maxLength: 7 }), spec.positional ? fc.option(cliValue(spec.positional), { nil: undefined }) : fc.constant(undefined))
          .map(([tokens, pos]) => [cmd, ...(pos !== undefined ? [pos] : []), ...tokens.flat(), ...(spec.tail?.(files) ?? [])]);
      }),
      weight: 12,
    },
    { arbitrary: fc.array(evilString, { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.constantFrom('--version', '--help', 'help', 'simulate --help', 'nope').map((s) => s.split(' ')), weight: 1 },
  );
}

/** Run `fast` on argv in-process: exit 1 is an internal error, exit 2 must be one clear `fast: …` line, exit 0 must
 * print something. Its stdout when accepted, or null when rejected with a clear line. */
async function runCli(argv: string[]): Promise<string | null> {
    let out = '', err = '';
    const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
    if (code === 1) throw Object.assign(new Error(`exit 1 (internal error): ${err.split('\n').slice(0, 3).join(' | ').slice(0, 400)}`), { name: 'InternalError' });
    if (code === 2) {
      const lines = err.replace(/\n$/, '').split('\n');
      if (lines.length !== 1 || !lines[0].startsWith('fast: ')) violated(`exit 2 with ${lines.length} lines on stderr: ${JSON.stringify(err.slice(0, 300))}`);
      const u = unclear(new Error(lines[0]));
      if (u) violated(`exit 2: ${u.detail}`);
      return null;
    }
    if (code !== 0) violated(`exit code ${code}`);
    if (!out.trim()) violated('exit 0 with nothing on stdout');
  return out;
}

export const cliFlags: FuzzTarget<string[]> = {
  name: 'cli-flags',
  what: 'fast … argv (every command; flags valid, invalid and unknown; files of every kind) → main(): exit 0, or 2 with one line',
  budgetMs: 20_000,
  testRuns: 40,
  weight: 2,
  async setup() { cliFiles ??= makeCliFiles(); },
  arbitrary: () => cliArgv((cliFiles ??= makeCliFiles())),
  async run(argv) {
    return (await runCli(argv)) === null ? 'rejected' : 'accepted';
  },
  show: (argv) => clip(argv.map((a) => (/^[\w./=,:-]+$/.test(a) ? a : JSON.stringify(a))).join(' '), 300),
};

// ---------------------------------------------------------------------------------------------------------------
// Search checkpoint files (fast search --checkpoint F: read, validated, replayed)
// ---------------------------------------------------------------------------------------------------------------

/** The small study behind the checkpoint seeds (exported for the saved-record fuzz test). */
export const cpStudy: StudySpec = normalizeStudy({ workloads: ['teaching-cnn'], algorithm: 'evolution', seed: 4, trials: 12, trialsPerBatch: 4 });
/** A deterministic stand-in for the simulator (what is fuzzed here is reading, validating and replaying). */
export const stubScorer: TrialScorer = {
  lanes: 2,
  score: async (designs) => designs.map((d): TrialEvaluation => {
    const c = checkDesign(d, { maxAreaMm2: cpStudy.maxAreaMm2 });
    if (!c.ok) return { status: 'infeasible', code: c.code, reason: c.reason, gainVsTpuV3: null, perfPerTdp: null, areaMm2: c.cost?.areaMm2 ?? null, tdpWatts: c.cost?.tdpWatts ?? null, workloads: [] };
    const key = studySpace(cpStudy).key(c.spec);
    let h = 7;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % 1_000_003;
    const gain = 0.5 + h / 1_000_003;
    return { status: 'ok', gainVsTpuV3: gain, perfPerTdp: gain * 10, areaMm2: c.cost.areaMm2, tdpWatts: c.cost.tdpWatts, workloads: [] };
  }),
};
let cpSeeds: Checkpoint[] | undefined;
/** Checkpoints of cpStudy written by a real run (with the stub scorer): the last, one with pending results, an early one. */
export async function checkpointSeeds(): Promise<Checkpoint[]> {
  if (cpSeeds) return cpSeeds;
  const seen: Checkpoint[] = [];
  await runStudy({ study: cpStudy, workloadDigest: 'fuzz', scorer: stubScorer, onCheckpoint: (cp) => { seen.push(JSON.parse(JSON.stringify(cp))); } });
  cpSeeds = [seen[seen.length - 1], seen.find((c) => c.pending.length > 0) ?? seen[0], seen[1] ?? seen[0]];
  return cpSeeds;
}

export const checkpointFile: FuzzTarget<string> = {
  name: 'checkpoint-file',
  what: 'fast search checkpoint file text (mutated, truncated, bit-flipped, random) → read, validate, resume the study',
  budgetMs: 5_000,
  testRuns: 60,
  weight: 2,
  async setup() { await checkpointSeeds(); },
  arbitrary: () => {
    const seeds = cpSeeds ?? [];
    if (!seeds.length) throw new Error('checkpointFile.setup() must run first');
    const text = (i: number) => JSON.stringify(seeds[i % seeds.length]);
    return fc.oneof(
      { arbitrary: mutated(seeds, 3).map((v) => JSON.stringify(v) ?? ''), weight: 6 },
      { arbitrary: fc.tuple(fc.nat(), fc.nat()).map(([i, n]) => text(i).slice(0, n % (text(i).length + 1))), weight: 2 },
      { arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([i, at, s]) => { const t = text(i); const p = at % t.length; return t.slice(0, p) + s + t.slice(p + 1); }), weight: 2 },
      { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 1 },
    );
  },
  async run(text) {
    const path = join(scratchDir(), 'fuzz-checkpoint.json');
    writeFileSync(path, text);
    const resume = await readCheckpoint(path, cpStudy, 'fuzz');
    if (!resume) return 'rejected';
    try {
      const r = await runStudy({ study: cpStudy, workloadDigest: 'fuzz', scorer: stubScorer, resume });
      if (r.trials.length !== cpStudy.trials || !r.complete) violated(`a resumed study ended with ${r.trials.length} of ${cpStudy.trials} trials`);
    } catch (e) {
      if (e instanceof CheckpointError) return 'rejected'; // the CLI turns it into "checkpoint F: …: delete it or pass --restart"
      throw e;
    }
    return 'accepted';
  },
  show: (s) => JSON.stringify(clip(s, 240)),
};

// ---------------------------------------------------------------------------------------------------------------

/** Every boundary, in report order. */
// ---------------------------------------------------------------------------------------------------------------
// Validation inputs: the SCALE-Sim oracle text `validate` reads, and `sensitivity` requests
// ---------------------------------------------------------------------------------------------------------------

let oracleLines: string[] | undefined;
const oracleText = (): string[] => (oracleLines ??= readFileSync(new URL('../oracle/scalesim/public.csv', import.meta.url), 'utf8').trim().split('\n'));

type ValidationInput =
  | { kind: 'oracle'; edits: { line: number; col: number; value: string }[]; keep: number; tail: string }
  | { kind: 'sensitivity'; hardware: unknown; workload: string; batch: unknown };

export const validationInputs: FuzzTarget<ValidationInput> = {
  name: 'validation-inputs',
  what: 'SCALE-Sim oracle CSV text → validationReport; sensitivity requests (design JSON, workload, batch) → sensitivityReport',
  budgetMs: 30_000,
  testRuns: 12,
  weight: 1,
  arbitrary: () => fc.oneof(
    fc.record({
      kind: fc.constant('oracle' as const),
      edits: fc.array(fc.record({
        line: fc.integer({ min: 0, max: 187 }), col: fc.integer({ min: 0, max: 60 }),
        value: fc.oneof(fc.constantFrom('', '-1', '0', 'NaN', '1e309', '2147483648', 'ws', 'xx', '3.5', '99999999'), fc.string({ maxLength: 8 })),
      }), { maxLength: 4 }),
      keep: fc.integer({ min: 0, max: 188 }),
      tail: fc.oneof(fc.constant(''), fc.string({ maxLength: 40 })),
    }),
    fc.record({
      kind: fc.constant('sensitivity' as const),
      hardware: fc.oneof(tableDesign, fc.constantFrom('tpu-v2', 'teaching-8x8', 'tpu-v9', 42), evilValue),
      workload: fc.constantFrom('teaching-cnn', 'nope'),
      batch: fc.oneof(fc.constant(undefined), fc.integer({ min: -2, max: 2000 }), evilValue),
    }),
  ),
  async run(input) {
    const core = await loadCore();
    if (input.kind === 'oracle') {
      const lines = oracleText().slice(0, input.keep + 1).map((l) => l.split(','));
      for (const e of input.edits) if (lines[e.line]) lines[e.line][e.col % lines[e.line].length] = e.value;
      const r = validationReport(core, lines.map((l) => l.join(',')).join('\n') + input.tail, await loadHighs());
      for (const row of r.rows) if (!finite(row.model) || !finite(row.published)) violated(`row ${row.id}: model ${row.model}, published ${row.published}`);
      return 'accepted';
    }
    const hw = typeof input.hardware === 'string' ? (() => { const p = resolvePresetName(input.hardware); if (!p) throw new Error(`unknown hardware preset ${JSON.stringify(input.hardware)}`); return PRESETS[p]; })() : parseHardwareSpec(input.hardware);
    if (input.workload !== 'teaching-cnn') throw new Error(`unknown workload ${JSON.stringify(input.workload)}`);
    const spec = { ...hw, batch: Math.min(hw.batch, 8) };
    const r = sensitivityReport(core, await loadHighs(), { workload: zooWorkload(input.workload), hardware: spec, hardwareName: 'fuzz', batch: input.batch as number | undefined });
    for (const row of r.rows) if (!(finite(row.gainLow) && finite(row.gainHigh) && row.gainLow > 0 && row.gainHigh > 0)) violated(`${row.path}: gains ${row.gainLow} / ${row.gainHigh}`);
    return 'accepted';
  },
  show: (i) => (i.kind === 'oracle' ? `oracle: keep ${i.keep}, edits ${JSON.stringify(i.edits)}, tail ${JSON.stringify(i.tail)}` : `sensitivity: ${showJson(i)}`),
};

// ---------------------------------------------------------------------------------------------------------------
// Hugging Face config.json (the LLM importer: importWorkloadFile's .json path → llmConfigFromHf → llmWorkload)
// ---------------------------------------------------------------------------------------------------------------

const HF_FIXTURES = ['gpt2', 'qwen2.5-0.5b', 'llama-3.2-1b', 'llama-3-8b', 'mixtral-8x7b', 'llama-2-7b'];
let hfSeedCache: unknown[] | undefined;
const hfSeeds = () => (hfSeedCache ??= HF_FIXTURES.map((f) => JSON.parse(readFileSync(new URL(`../fixtures/llm/${f}.json`, import.meta.url), 'utf8'))));
const HF_INT_KEYS = ['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size',
  'vocab_size', 'num_local_experts', 'num_experts_per_tok', 'max_position_embeddings', 'n_embd', 'n_layer', 'n_head', 'n_inner', 'n_positions'];
/** A config from scratch: a model type (sometimes unknown) and the shape keys, each a plausible or an awkward value. */
const hfFromScratch = fc.record({
  model_type: fc.oneof(fc.constantFrom('llama', 'qwen2', 'mistral', 'mixtral', 'gpt2'), evilString),
  ...Object.fromEntries(HF_INT_KEYS.map((k) => [k, fc.oneof(
    { arbitrary: fc.constantFrom(1, 2, 7, 8, 64, 128, 896, 4096, 14336, 32000), weight: 4 },
    { arbitrary: evilNumber, weight: 1 },
    { arbitrary: fc.constant(null), weight: 1 },
  )])),
  tie_word_embeddings: fc.oneof(fc.boolean(), fc.constant('yes')),
  hidden_act: fc.constantFrom('silu', 'gelu', 'gelu_new', 'relu', 7),
  attention_bias: fc.oneof(fc.boolean(), fc.constant(null)),
  rms_norm_eps: fc.oneof(fc.constant(1e-5), evilNumber),
}, { requiredKeys: ['model_type'] });

export const hfConfig: FuzzTarget<{ doc: unknown; settings: Partial<LlmSettings> }> = {
  name: 'hf-config',
  what: 'Hugging Face config.json bytes → importWorkloadFile (.json) → llmConfigFromHf → llmWorkload; then withLlmSettings',
  budgetMs: 10_000,
  testRuns: 40,
  weight: 2,
  arbitrary: () => fc.record({
    doc: fc.oneof(
      { arbitrary: mutated(hfSeeds()), weight: 6 },
      { arbitrary: hfFromScratch, weight: 4 },
      { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? { model_type: 'llama', ...v } : v)), weight: 1 },
    ),
    settings: fc.record({
      phase: fc.constantFrom('prefill', 'decode', 'request', 'train') as fc.Arbitrary<LlmSettings['phase']>,
      prompt: fc.oneof(fc.integer({ min: 1, max: 4096 }), evilNumber),
      context: fc.oneof(fc.integer({ min: 1, max: 4096 }), evilNumber),
      output: fc.oneof(fc.integer({ min: 1, max: 512 }), evilNumber),
      weights: fc.constantFrom('bf16', 'int8', 'fp8', 'int4', 'int2') as fc.Arbitrary<LlmSettings['weights']>,
      kv: fc.constantFrom('bf16', 'int8', 'fp8') as fc.Arbitrary<LlmSettings['kv']>,
    }, { requiredKeys: [] }),
  }),
  async run({ doc, settings }) {
    let text: string;
    try { text = JSON.stringify(doc) ?? 'null'; } catch { text = '{'; }
    const w = importWorkloadFile('json', new TextEncoder().encode(text), { name: 'fuzz' });
    if (!w.llm) return 'accepted'; // a WorkloadSpec JSON (checked by workload-json)
    const check = (x: typeof w, where: string) => {
      const issues = workloadIssues(x);
      if (issues.length) violated(`${where}: the generated spec fails the schema: ${issues[0]}`);
      const c = workloadCounts(x);
      if (c.params !== x.llm!.params || !(x.llm!.activeParams <= c.params) || !finite(x.llm!.weightBytes) || !(x.llm!.kvBytesPerToken > 0)) {
        violated(`${where}: counts ${c.params} / llm ${JSON.stringify({ ...x.llm, config: undefined, settings: undefined })}`);
      }
    };
    check(w, 'import');
    check(withLlmSettings(w, settings), `withLlmSettings ${JSON.stringify(settings)}`);
    return 'accepted';
  },
  show: (x) => `${JSON.stringify(x.settings)}: ${showJson(x.doc)}`,
};

// ---------------------------------------------------------------------------------------------------------------
// The LLM flags of fast simulate and fast search (--phase, --prompt, --context, --output, --weights, --kv, --tpot-slo,
// --ttft-slo: cli/llm-args.ts), in-process through main()
// ---------------------------------------------------------------------------------------------------------------

function llmFlagArgv(files: CliFiles): fc.Arbitrary<string[]> {
  // Mostly values that compose a valid name (so simulations run), sometimes wrong ones, sometimes evil strings.
  const pick = (good: string[], bad: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 6 }, { arbitrary: cliValue(bad), weight: 1 });
  // Small models and contexts keep a simulation within the budget; names valid and not, LLM and not, a suite.
  const workloads = pick(['gpt2-124m', 'gpt2-124m:prefill,prompt=64', 'qwen2.5-0.5b:decode,context=128', 'llama-3.2-1b:decode,context=64'],
    ['teaching-cnn', 'gpt2-124m:decode,context=4096', 'gpt2-124m:train', 'gpt2-124m:decode,prompt=3', 'gpt2-124m,teaching-cnn', files.onnxGood]);
  const tokens = pick(['1', '16', '64', '128'], ['1024', '1025', '0', '-3', '2.5', 'x', '', '131073', '1e2', ' 64']);
  const llm: Record<string, fc.Arbitrary<string>> = {
    '--phase': pick(['prefill', 'decode', 'request'], ['train', '']), '--prompt': tokens, '--context': tokens, '--output': tokens,
    '--weight-precision': pick(['bf16', 'int8', 'fp8', 'int4'], ['int2', '1', '1,2', 'INT8']), '--kv-precision': pick(['bf16', 'int8'], ['fp8']),
  };
  const slo = pick(['20ms', '2s', '0.5', '1500us', '3 ms'], ['0ms', '-1s', 'soon', '1e999s', 'ms', '', '90000s']);
  const flagOf = (flags: Record<string, fc.Arbitrary<string>>) => fc.constantFrom(...Object.keys(flags)).chain((f) => flags[f].map((v) => [f, v]));
  const simulate = fc.tuple(workloads, fc.array(flagOf(llm), { maxLength: 3 }), fc.constantFrom('1', '2'), fc.constantFrom('none', 'all'), fc.boolean())
    .map(([w, fl, batch, passes, json]) => ['simulate', '--workload', w, '--hardware', 'tpu-v3', '--batch', batch, '--passes', passes, '--ops', '3', ...fl.flat(), ...(json ? ['--json'] : [])]);
  // A search stops before simulating: every flag is read and checked, then the unusable checkpoint ends it (one line).
  const search = fc.tuple(workloads, fc.array(flagOf({ ...llm, '--tpot-slo': slo, '--ttft-slo': slo, '--latency-slo': pick(['10'], ['0', 'x']) }), { maxLength: 5 }))
    .map(([w, fl]) => ['search', '--workload', w, '--trials', '2', ...fl.flat(), '--checkpoint', files.cpCorrupt]);
  return fc.oneof({ arbitrary: simulate, weight: 4 }, { arbitrary: search, weight: 1 });
}

export const llmFlags: FuzzTarget<string[]> = {
  name: 'llm-flags',
  what: 'fast simulate|search argv with the LLM flags (--phase, --prompt, --context, --output, --weight-precision, --kv-precision, --tpot-slo, --ttft-slo) → main(): exit 0 with the llm metrics, or 2 with one line',
  budgetMs: 20_000,
  testRuns: 25,
  weight: 1,
  async setup() { cliFiles ??= makeCliFiles(); },
  arbitrary: () => llmFlagArgv((cliFiles ??= makeCliFiles())),
  async run(argv) {
    const out = await runCli(argv);
    if (out === null) return 'rejected';
    // An accepted LLM simulation carries finite, positive metrics.
    if (argv.includes('--json')) {
      const l = (JSON.parse(out) as { llm?: Record<string, unknown> }).llm;
      if (l) {
        for (const k of ['tokensPerSecond', 'tokensPerSecondPerWatt', 'energyPerTokenJoules', 'kvBytesPerToken', 'arithmeticIntensity', 'ridgePoint']) {
          const v = l[k];
          if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) violated(`llm.${k} is ${String(v)}`);
        }
        if (l.tpotSeconds === undefined && l.ttftSeconds === undefined) violated('llm has neither TPOT nor TTFT');
      }
    } else if (/^\S+:(decode|prefill|request)/.test(out) && !/ LLM (decode|prefill|request): /.test(out)) {
      violated('an LLM simulation printed no LLM block');
    }
    return 'accepted';
  },
  show: cliFlags.show,
};

export const TARGETS: FuzzTarget<any>[] = [workloadJson, hardwareJson, urlState, cliFlags, scalesimFiles, timeloop, onnxBytes, onnxShapes, coreRecords, workerApi, checkpointFile, validationInputs, hfConfig, llmFlags];

/** Prepare every target that needs it (the Wasm core, files, seed checkpoints). */
export async function setupTargets(targets: FuzzTarget<any>[] = TARGETS): Promise<void> {
  for (const t of targets) await t.setup?.();
}

/** HiGHS is loaded lazily by the API; warm it so the first fusion input is not charged for the load. */
export async function warmSolvers(): Promise<void> {
  await loadHighs();
  await loadCore();
}
