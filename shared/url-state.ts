// Share links: the app's state as a versioned query string, and back. Pure (no DOM, no `location`): the web app
// hands in `location.search` and gets a validated state, or the defaults plus messages saying what was wrong.
// Driven by the ONE parameter table (shared/hardware/params.ts): every hardware field is written under its
// table id, only where it differs from the named base preset, and read back with the table's reader of a value from
// text (the CLI's too) and then the hardware schema, so a link can never carry a design the simulator would refuse.
// The passes key is read by the passes table's parser. Lessons are nothing but such links.
import {
  DEFAULT_HARDWARE, PARAMS, PRESETS, PRESET_NAMES, resolvePresetName, parseParamValue, validateHardwareSpec,
  type HardwareSpec, type PresetName,
} from './hardware';
import { PASSES_SYNTAX, parsePasses, passesLabel } from './compiler/passes';
import { NRE_DEFAULTS, ROI_DEFAULTS, validateRoi, type RoiSpec } from './roi';
import { DEFAULT_TRIALS_PER_BATCH, normalizeStudy, type StudyInput } from './search/study-spec';
import type { RangeSpec, Value } from './search/space';
import type { ParamId } from './hardware';
import { parseLlmVariant } from './workload/llm/index';

/** The link format's version. Bump it when a key changes meaning; old links then get a clear message. */
export const URL_STATE_VERSION = 1;

/** How the per-op charts group bars. */
export type BarMode = 'op' | 'block';

export interface UrlState {
  /** Which view is open: one of APP_VIEWS ('explore', 'search', 'compare', 'roi', 'import', 'validation'). */
  view: string;
  /** A zoo workload name. */
  workload: string;
  /** The preset the design started from: links store only the fields that differ from it. */
  preset: PresetName;
  hardware: HardwareSpec;
  /** Software passes: PASSES_SYNTAX ('all', 'none' or a comma list of schedule, padding, fusion, attention), normalized. */
  passes: string;
  /** A lesson id (the lesson's explanation is shown and its controls highlighted). */
  lesson?: string;
  /** The open lesson's step past its first, as an index into its steps (1 = the second step). The link writes it as
   * `step`, counted from 1, only with a lesson and only past the first step. */
  lessonStep?: number;
  /** The selected op (its schedule and why it is bound are shown). */
  op?: string;
  /** Zoom of the per-op charts: executed-op indices [first, last], inclusive. */
  zoom?: [number, number];
  barMode: BarMode;
  /** Compare's designs, workloads and batch; absent: Compare's defaults. */
  compare?: CompareLink;
  /** ROI's inputs and where its gain comes from; absent: the defaults. */
  roi?: RoiLink;
  /** The Search form's study (its settings, never its trials); absent: `fast search`'s default study. */
  search?: StudyInput;
}

/** One Compare design as a link carries it: the preset it is written against (the one it differs least from). */
export interface CompareLinkDesign { preset: PresetName; hardware: HardwareSpec; passes: string }
export interface CompareLink { designs: CompareLinkDesign[]; workloads: string[]; batch: number }

/** ROI inputs a link carries (the ROI view's fields), and where the gain comes from. */
export const ROI_LINK_FIELDS = [
  'designUsd', 'masksUsd', 'verificationUsd', 'softwareUsd', 'chips', 'baselineChipUsd', 'designChipUsd',
  'baselineTdpWatts', 'usdPerKwh', 'pue', 'years', 'manualGain', 'manualDesignTdpWatts',
] as const;
export type RoiLinkField = (typeof ROI_LINK_FIELDS)[number];
export const ROI_SOURCES = ['auto', 'search', 'explore', 'manual'] as const;
export interface RoiLink { inputs: Record<RoiLinkField, number>; source: (typeof ROI_SOURCES)[number] }

/** The ROI view's defaults (shared/roi.ts's, and a typed-in gain of 2). */
export function defaultRoiLink(): RoiLink {
  return {
    inputs: {
      ...NRE_DEFAULTS, chips: ROI_DEFAULTS.chips, baselineChipUsd: ROI_DEFAULTS.baselineChipUsd, designChipUsd: ROI_DEFAULTS.designChipUsd,
      baselineTdpWatts: ROI_DEFAULTS.baselineTdpWatts, usdPerKwh: ROI_DEFAULTS.usdPerKwh, pue: ROI_DEFAULTS.pue, years: ROI_DEFAULTS.years,
      manualGain: 2, manualDesignTdpWatts: ROI_DEFAULTS.designTdpWatts,
    },
    source: 'auto',
  };
}

/** Compare's defaults: TPU-v3 with baseline software and with every pass, and TPUv4i, on three workloads. */
export function defaultCompareLink(): CompareLink {
  return {
    designs: [
      { preset: 'tpu-v3', hardware: { ...PRESETS['tpu-v3'] }, passes: 'none' },
      { preset: 'tpu-v3', hardware: { ...PRESETS['tpu-v3'] }, passes: 'all' },
      { preset: 'tpuv4i', hardware: { ...PRESETS.tpuv4i }, passes: 'all' },
    ],
    workloads: ['efficientnet-b0', 'resnet50-v2', 'bert-base-128'],
    batch: DEFAULT_HARDWARE.batch,
  };
}

/** The Search form's default study (lib/search-form.ts defaultForm: `fast search`'s defaults on EfficientNet-B0). */
export const DEFAULT_SEARCH_LINK = {
  workloads: ['efficientnet-b0'], algorithm: 'evolution', trials: 200, seed: 1, batch: DEFAULT_HARDWARE.batch,
  trialsPerBatch: DEFAULT_TRIALS_PER_BATCH,
} as const;

/** Links the page writes stay at most this long (the query string); a longer state leaves out the search's settings
 * (then Compare's designs) and says so. Links are read whatever their length. */
export const MAX_LINK_LENGTH = 2000;

/** The preset a design differs least from (ties: table order), so its link lists the fewest fields. */
export function nearestPreset(hw: HardwareSpec): PresetName {
  let best: PresetName = PRESET_NAMES[0];
  let fewest = Infinity;
  for (const name of PRESET_NAMES) {
    const n = PARAMS.filter((p) => hw[p.id] !== PRESETS[name][p.id]).length;
    if (n < fewest) { fewest = n; best = name; }
  }
  return best;
}

export interface UrlStateOptions {
  /** Valid workload names (the zoo's, plus any the app knows). */
  workloads: readonly string[];
  /** Valid view ids; the first is the default. */
  views?: readonly string[];
  /** Valid lesson ids. */
  lessons?: readonly string[];
  /** How many steps a lesson has (a `step` beyond it is out of range); absent: 1. */
  lessonSteps?: number;
  /** The default workload (the page opens on EfficientNet-B0 on tpu-v3). */
  defaultWorkload?: string;
}

export interface UrlStateResult {
  state: UrlState;
  /** Empty when the link was valid. Otherwise one line per problem, and `state` is the defaults. */
  issues: string[];
}

/** The web app's views, in tab order; the first is the default. The `view` key names one. */
export const APP_VIEWS = ['explore', 'search', 'compare', 'roi', 'import', 'validation'] as const;
export type AppView = (typeof APP_VIEWS)[number];

const DEFAULT_VIEWS: readonly string[] = APP_VIEWS;
const MAX_VALUE_LENGTH = 200;
/** At most this many messages for one link (a link of thousands of bad keys gets a count, not thousands of lines). */
export const MAX_LINK_ISSUES = 10;
const capped = (issues: string[]) => (issues.length <= MAX_LINK_ISSUES ? issues
  : [...issues.slice(0, MAX_LINK_ISSUES - 1), `… and ${issues.length - MAX_LINK_ISSUES + 1} more problems in the link`]);

/** The state the page opens on. */
export function defaultUrlState(opts: Pick<UrlStateOptions, 'workloads' | 'views' | 'defaultWorkload'>): UrlState {
  const workload = opts.defaultWorkload ?? (opts.workloads.includes('efficientnet-b0') ? 'efficientnet-b0' : opts.workloads[0]);
  return {
    view: (opts.views ?? DEFAULT_VIEWS)[0],
    workload,
    preset: 'tpu-v3',
    hardware: { ...PRESETS['tpu-v3'] },
    passes: 'all',
    barMode: 'op',
  };
}

/** Keys a link may carry besides the hardware fields (which use their table ids). */
const KEYS = { version: 'v', view: 'view', lesson: 'lesson', lessonStep: 'step', workload: 'w', preset: 'hw', passes: 'passes', op: 'op', zoom: 'zoom', barMode: 'bars' } as const;
/**
 * Compare (cmp: designs, `;` between designs, each PRESET/PASSES then /field:value for each field that differs from
 * the preset; cw: workloads; cb: batch), ROI (roi: field:value,… and src:SOURCE) and the Search form's study (sw:
 * workloads, each NAME or NAME:WEIGHT; sa algorithm, so objective, st trials, ss seed, sb batch, sn process node,
 * sarea/stdp budgets, sslo latency SLO in seconds, stpot/sttft an LLM's TPOT and TTFT SLOs in seconds, stpb trials per batch; sr ranges: id:MIN..MAX or id:A,B,…, `;`
 * between; sf fixed: id:VALUE, `;` between). Each is written only where it differs from the view's default.
 */
const PART_KEYS = {
  compareDesigns: 'cmp', compareWorkloads: 'cw', compareBatch: 'cb', roi: 'roi',
  searchWorkloads: 'sw', searchAlgorithm: 'sa', searchObjective: 'so', searchTrials: 'st', searchSeed: 'ss', searchBatch: 'sb',
  searchNode: 'sn', searchArea: 'sarea', searchTdp: 'stdp', searchSlo: 'sslo', searchTpotSlo: 'stpot', searchTtftSlo: 'sttft', searchTrialsPerBatch: 'stpb', searchRanges: 'sr', searchFixed: 'sf',
} as const;
/** Every key a link may carry (the fuzz target and the tests draw from it). */
export const URL_KEYS: readonly string[] = [...Object.values(KEYS), ...Object.values(PART_KEYS), ...PARAMS.map((p) => p.id)];
const KNOWN_KEYS = new Set<string>(URL_KEYS);
/** Keys whose values may be long (lists): they are bounded by the link's length, not MAX_VALUE_LENGTH. */
const LIST_KEYS = new Set<string>([PART_KEYS.compareDesigns, PART_KEYS.compareWorkloads, PART_KEYS.roi, PART_KEYS.searchWorkloads, PART_KEYS.searchRanges, PART_KEYS.searchFixed]);

/** A number as a link writes it: the shortest decimal that reads back to the same double. */
function formatValue(v: number | string): string {
  return typeof v === 'number' ? String(v) : v;
}

/** A name inside a list value: the list's separators (and %) escaped, so any workload name survives. */
const escItem = (v: string) => v.replace(/[%,;:/]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
function unescItem(v: string): string | null {
  try { return decodeURIComponent(v); } catch { return null; }
}
/** A query value: percent-encoded, but the list separators `,:;/` (legal in a query) left readable. */
const encodeValue = (v: string) => encodeURIComponent(v).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%3B/g, ';').replace(/%2F/g, '/');

function designText(d: CompareLinkDesign): string {
  const base = PRESETS[d.preset];
  const fields = PARAMS.filter((p) => d.hardware[p.id] !== base[p.id]).map((p) => `/${p.id}:${formatValue(d.hardware[p.id])}`);
  return `${d.preset}/${d.passes}${fields.join('')}`;
}

/** Compare's keys, only those that differ from its defaults. */
function comparePairs(c: CompareLink): [string, string][] {
  const d = defaultCompareLink();
  const out: [string, string][] = [];
  const designs = c.designs.map(designText).join(';');
  if (designs !== d.designs.map(designText).join(';')) out.push([PART_KEYS.compareDesigns, designs]);
  if (c.workloads.join('\n') !== d.workloads.join('\n')) out.push([PART_KEYS.compareWorkloads, c.workloads.map(escItem).join(',')]);
  if (c.batch !== d.batch) out.push([PART_KEYS.compareBatch, String(c.batch)]);
  return out;
}

function roiPairs(r: RoiLink): [string, string][] {
  const d = defaultRoiLink();
  const items = ROI_LINK_FIELDS.filter((f) => r.inputs[f] !== d.inputs[f]).map((f) => `${f}:${formatValue(r.inputs[f])}`);
  if (r.source !== d.source) items.push(`src:${r.source}`);
  return items.length ? [[PART_KEYS.roi, items.join(',')]] : [];
}

function rangeText(id: string, r: RangeSpec): string {
  return 'values' in r ? `${id}:${r.values.map((v) => formatValue(v)).join(',')}` : `${id}:${r.min ?? ''}..${r.max ?? ''}`;
}

/** The study's keys, only those that differ from the default study. */
function searchPairs(s: StudyInput): [string, string][] {
  const d = DEFAULT_SEARCH_LINK;
  const out: [string, string][] = [];
  const weighted = s.weights && s.weights.some((w) => w !== 1);
  const names = s.workloads.map((w, i) => escItem(w) + (weighted ? `:${formatValue(s.weights![i] ?? 1)}` : ''));
  if (weighted || s.workloads.join('\n') !== d.workloads.join('\n')) out.push([PART_KEYS.searchWorkloads, names.join(',')]);
  if (s.algorithm !== undefined && s.algorithm !== d.algorithm) out.push([PART_KEYS.searchAlgorithm, s.algorithm]);
  if (s.objective !== undefined && s.objective !== 'perf-per-tdp') out.push([PART_KEYS.searchObjective, s.objective]);
  if (s.trials !== undefined && s.trials !== d.trials) out.push([PART_KEYS.searchTrials, String(s.trials)]);
  if (s.seed !== undefined && s.seed !== d.seed) out.push([PART_KEYS.searchSeed, String(s.seed)]);
  if (s.batch !== undefined && s.batch !== d.batch) out.push([PART_KEYS.searchBatch, String(s.batch)]);
  if (s.processNode !== undefined && s.processNode !== DEFAULT_HARDWARE.processNode) out.push([PART_KEYS.searchNode, s.processNode]);
  if (s.maxAreaMm2 !== undefined) out.push([PART_KEYS.searchArea, formatValue(s.maxAreaMm2)]);
  if (s.maxTdpWatts !== undefined) out.push([PART_KEYS.searchTdp, formatValue(s.maxTdpWatts)]);
  if (s.latencySloSeconds !== undefined) out.push([PART_KEYS.searchSlo, formatValue(s.latencySloSeconds)]);
  if (s.tpotSloSeconds !== undefined) out.push([PART_KEYS.searchTpotSlo, formatValue(s.tpotSloSeconds)]);
  if (s.ttftSloSeconds !== undefined) out.push([PART_KEYS.searchTtftSlo, formatValue(s.ttftSloSeconds)]);
  if (s.trialsPerBatch !== undefined && s.trialsPerBatch !== d.trialsPerBatch) out.push([PART_KEYS.searchTrialsPerBatch, String(s.trialsPerBatch)]);
  const order = (id: string) => PARAMS.findIndex((p) => p.id === id);
  const ranges = Object.entries(s.ranges ?? {}).sort((a, b) => order(a[0]) - order(b[0])).map(([id, r]) => rangeText(id, r as RangeSpec));
  if (ranges.length) out.push([PART_KEYS.searchRanges, ranges.join(';')]);
  const fixed = Object.entries(s.fixed ?? {}).sort((a, b) => order(a[0]) - order(b[0])).map(([id, v]) => `${id}:${formatValue(v as Value)}`);
  if (fixed.length) out.push([PART_KEYS.searchFixed, fixed.join(';')]);
  return out;
}

function queryOf(pairs: [string, string][]): string {
  return `?${pairs.map(([k, v]) => `${k}=${encodeValue(v)}`).join('&')}`;
}

/** A view's part of a link as text ('' at its defaults): two states of a view with the same text are the same link. */
export function linkPartText(part: { compare?: CompareLink; roi?: RoiLink; search?: StudyInput }): string {
  return queryOf([
    ...(part.compare ? comparePairs(part.compare) : []), ...(part.roi ? roiPairs(part.roi) : []), ...(part.search ? searchPairs(part.search) : []),
  ]).slice(1);
}

/** Whether an ROI input may go into a link as it is (a value the ROI would refuse is left at its default). */
export function roiLinkValueOk(field: RoiLinkField, v: number): boolean {
  return roiFieldIssue(field, v) === null;
}

function statePairs(s: UrlState): [string, string][] {
  const q: [string, string][] = [];
  q.push([KEYS.version, String(URL_STATE_VERSION)]);
  q.push([KEYS.view, s.view]);
  if (s.lesson) q.push([KEYS.lesson, s.lesson]);
  if (s.lesson && s.lessonStep) q.push([KEYS.lessonStep, String(s.lessonStep + 1)]);
  q.push([KEYS.workload, s.workload]);
  q.push([KEYS.preset, s.preset]);
  const base = PRESETS[s.preset];
  for (const p of PARAMS) {
    const v = s.hardware[p.id];
    if (v !== base[p.id]) q.push([p.id, formatValue(v)]);
  }
  q.push([KEYS.passes, s.passes]);
  if (s.barMode !== 'op') q.push([KEYS.barMode, s.barMode]);
  if (s.zoom) q.push([KEYS.zoom, `${s.zoom[0]}-${s.zoom[1]}`]);
  if (s.op) q.push([KEYS.op, s.op]);
  if (s.compare) q.push(...comparePairs(s.compare));
  if (s.roi) q.push(...roiPairs(s.roi));
  if (s.search) q.push(...searchPairs(s.search));
  return q;
}

/**
 * The query string (starting with `?`) for a state. Key order is fixed: v, view, lesson, step, w, hw, the hardware
 * fields that differ from the preset in table order, passes, bars, zoom, op; then Compare's, ROI's and the Search
 * study's keys, each only where it differs from that view's default. Values are percent-encoded except the list
 * separators `,:;/`, which a query may carry as they are.
 */
export function serializeUrlState(s: UrlState): string {
  return queryOf(statePairs(s));
}

/**
 * The link the page shows for a state: serializeUrlState's, at most MAX_LINK_LENGTH characters. A state whose link
 * would be longer leaves out the search's settings, then Compare's designs, and `note` says what was left out.
 */
export function shareLink(s: UrlState): { query: string; note: string | null } {
  const full = serializeUrlState(s);
  if (full.length <= MAX_LINK_LENGTH) return { query: full, note: null };
  const { search: _search, ...noSearch } = s;
  void _search;
  const q1 = serializeUrlState(noSearch);
  const over = `${full.length.toLocaleString('en-US')} characters, over the ${MAX_LINK_LENGTH.toLocaleString('en-US')}-character limit`;
  if (q1.length <= MAX_LINK_LENGTH) {
    return { query: q1, note: `The search's settings would make the link ${over}: the link leaves them out (narrow fewer parameters or use shorter workload names to share them).` };
  }
  const { compare: _compare, ...noCompare } = noSearch;
  void _compare;
  return { query: serializeUrlState(noCompare), note: `The search's settings and Compare's designs would make the link ${over}: the link leaves them out.` };
}

function show(v: string): string {
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
}

/**
 * Read a query string (with or without the leading `?`). Any problem — an unknown key, a repeated key, a
 * version this app does not read, an unknown workload, preset, view or lesson, a field outside its domain, a
 * design the schema rejects — gives the defaults and one message per problem; a valid link gives its state. A bad
 * lesson step (not a whole number from 1 to the lesson's steps, or no lesson) in an otherwise valid link gives the
 * link's state with the lesson at its first step, and one message naming the `step` key.
 * An empty query gives the defaults and no message.
 */
export function parseUrlState(search: string, opts: UrlStateOptions): UrlStateResult {
  const defaults = defaultUrlState(opts);
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const issues: string[] = [];
  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (const [k, v] of q) {
    if (seen.has(k)) { issues.push(`${show(k)} appears more than once in the link`); continue; }
    seen.add(k);
    if (!KNOWN_KEYS.has(k)) {
      const near = [...KNOWN_KEYS].find((x) => x.toLowerCase() === k.toLowerCase());
      issues.push(`unknown key ${show(k)} in the link${near ? ` (did you mean "${near}"?)` : ''}`);
      continue;
    }
    if (v.length > (LIST_KEYS.has(k) ? MAX_LINK_LENGTH : MAX_VALUE_LENGTH)) { issues.push(`${show(k)} is longer than ${MAX_VALUE_LENGTH} characters`); continue; }
    values.set(k, v);
  }
  if (values.size === 0 && issues.length === 0) return { state: defaults, issues };

  const version = values.get(KEYS.version);
  if (version !== undefined && version !== String(URL_STATE_VERSION)) {
    return { state: defaults, issues: [`this link has version ${show(version)}; this app reads version ${URL_STATE_VERSION} links`] };
  }

  const views = opts.views ?? DEFAULT_VIEWS;
  const view = values.get(KEYS.view) ?? defaults.view;
  if (!views.includes(view)) issues.push(`view must be one of ${views.join(', ')} (got ${show(view)})`);

  const workload = values.get(KEYS.workload) ?? defaults.workload;
  const missing = new Set<string>();
  // An LLM variant name (issue 20: `llama-3-8b:decode,context=2048`) is a zoo name whenever it parses; one that does
  // not is one line naming the setting and its range.
  const badVariants = new Set<string>();
  const known = (name: string) => {
    if (opts.workloads.includes(name)) return;
    const v = parseLlmVariant(name);
    if (!v) missing.add(name);
    else if ('error' in v && !badVariants.has(name)) { badVariants.add(name); issues.push(`the workload ${show(name)}: ${v.error}`); }
  };
  known(workload);

  const presetRaw = values.get(KEYS.preset) ?? defaults.preset;
  const preset: PresetName = resolvePresetName(presetRaw) ?? defaults.preset;
  if (!resolvePresetName(presetRaw)) issues.push(`hw (preset) must be one of ${PRESET_NAMES.join(', ')} (got ${show(presetRaw)})`);

  // Each field in its table domain first (one message per field, in table order); only a link whose fields all are
  // goes on to the schema's cross-field rules (as the schema itself checks those only when every field is valid).
  const fields: Record<string, unknown> = { base: preset };
  const fieldIssues: string[] = [];
  for (const p of PARAMS) {
    const raw = values.get(p.id);
    if (raw === undefined) continue;
    const r = parseParamValue(p.id, raw);
    if (r.ok) fields[p.id] = r.value;
    else fieldIssues.push(r.error);
  }
  const hw = fieldIssues.length ? { ok: false as const, issues: fieldIssues.map((message) => ({ message })) } : validateHardwareSpec(fields);
  if (!hw.ok) issues.push(...hw.issues.map((i) => i.message));

  let passes = defaults.passes;
  const passesRaw = values.get(KEYS.passes);
  if (passesRaw !== undefined) {
    try {
      passes = passesLabel(parsePasses(passesRaw));
    } catch {
      issues.push(`passes must be ${PASSES_SYNTAX} (got ${show(passesRaw)})`);
    }
  }

  const lesson = values.get(KEYS.lesson);
  if (lesson !== undefined && !(opts.lessons ?? []).includes(lesson)) {
    issues.push(`lesson must be one of ${(opts.lessons ?? []).join(', ') || '(none)'} (got ${show(lesson)})`);
  }

  // A bad step is the one problem a link survives: the lesson opens at its first step, with one line naming the key.
  let lessonStep: number | undefined;
  let stepIssue: string | undefined;
  const stepRaw = values.get(KEYS.lessonStep);
  if (stepRaw !== undefined) {
    const steps = opts.lessonSteps ?? 1;
    const n = /^\d{1,3}$/.test(stepRaw) ? Number(stepRaw) : NaN;
    if (lesson === undefined) stepIssue = `step (the lesson's step) needs a lesson in the link (got step ${show(stepRaw)} and no lesson)`;
    else if (!(n >= 1 && n <= steps)) stepIssue = `step (the lesson's step) must be a whole number from 1 to ${steps} (got ${show(stepRaw)}): the lesson opens at its first step`;
    else if (n > 1) lessonStep = n - 1;
  }

  const barsRaw = values.get(KEYS.barMode) ?? 'op';
  if (barsRaw !== 'op' && barsRaw !== 'block') issues.push(`bars must be op or block (got ${show(barsRaw)})`);

  let zoom: [number, number] | undefined;
  const zoomRaw = values.get(KEYS.zoom);
  if (zoomRaw !== undefined) {
    const m = /^(\d{1,5})-(\d{1,5})$/.exec(zoomRaw);
    if (m && Number(m[1]) <= Number(m[2])) zoom = [Number(m[1]), Number(m[2])];
    else issues.push(`zoom must be two op indices FIRST-LAST with FIRST ≤ LAST, e.g. 0-40 (got ${show(zoomRaw)})`);
  }

  const op = values.get(KEYS.op);
  if (op !== undefined && op.trim() === '') issues.push('op must name an op (got an empty value)');

  const compare = parseCompare(values, known, issues);
  const roiLink = parseRoi(values, issues);
  const study = parseSearch(values, known, issues);
  // A name this browser does not know is most often an import made elsewhere: one sentence each, not a list of names.
  for (const name of missing) {
    issues.push(`this link names the workload ${show(name)}, which this browser does not have (it is not in the zoo and was not imported here): import its file on the Import view, then open the link again`);
  }

  if (issues.length) return { state: defaults, issues: capped(stepIssue ? [...issues, stepIssue] : issues) };
  return {
    state: {
      view, workload, preset, hardware: (hw as { ok: true; spec: HardwareSpec }).spec, passes,
      barMode: barsRaw as BarMode,
      ...(lesson !== undefined ? { lesson } : {}),
      ...(lessonStep !== undefined ? { lessonStep } : {}),
      ...(op !== undefined ? { op } : {}),
      ...(zoom ? { zoom } : {}),
      ...(compare ? { compare } : {}),
      ...(roiLink ? { roi: roiLink } : {}),
      ...(study ? { search: study } : {}),
    },
    issues: stepIssue ? [stepIssue] : [],
  };
}

/** Split a list value; each item's escapes (escItem) undone. Null: a malformed escape. */
function items(v: string, sep: string): string[] | null {
  const out: string[] = [];
  for (const raw of v.split(sep)) {
    const t = unescItem(raw);
    if (t === null) return null;
    out.push(t);
  }
  return out;
}

/** Compare's keys → its state (absent when the link has none, or they equal the defaults). */
function parseCompare(values: Map<string, string>, known: (name: string) => void, issues: string[]): CompareLink | undefined {
  const raw = { d: values.get(PART_KEYS.compareDesigns), w: values.get(PART_KEYS.compareWorkloads), b: values.get(PART_KEYS.compareBatch) };
  if (raw.d === undefined && raw.w === undefined && raw.b === undefined) return undefined;
  const c = defaultCompareLink();
  const before = issues.length;
  if (raw.d !== undefined) {
    const texts = raw.d.split(';');
    if (texts.length > DESIGNS_MAX) issues.push(`cmp (Compare's designs) holds at most ${DESIGNS_MAX} designs (got ${texts.length})`);
    else {
      c.designs = [];
      for (const [i, t] of texts.entries()) {
        const d = parseDesign(t);
        if (typeof d === 'string') { issues.push(`cmp (Compare's designs), design ${i + 1}: ${d}`); break; }
        c.designs.push(d);
      }
    }
  }
  if (raw.w !== undefined) {
    const names = items(raw.w, ',');
    if (!names || names.some((n) => n === '')) issues.push(`cw (Compare's workloads) must be workload names separated by commas (got ${show(raw.w)})`);
    else if (new Set(names).size !== names.length) issues.push(`cw (Compare's workloads) names a workload twice (got ${show(raw.w)})`);
    else { names.forEach(known); c.workloads = names; }
  }
  if (raw.b !== undefined) {
    const r = parseParamValue('batch', raw.b);
    if (r.ok) c.batch = r.value as number;
    else issues.push(`cb (Compare's batch): ${r.error}`);
  }
  if (issues.length > before) return undefined;
  return comparePairs(c).length ? c : undefined;
}

const DESIGNS_MAX = 8;

/** PRESET/PASSES[/field:value…] → a design written against its nearest preset, or what is wrong with it. */
function parseDesign(t: string): CompareLinkDesign | string {
  const [presetRaw, passesRaw, ...fieldTexts] = t.split('/');
  const preset = resolvePresetName(presetRaw ?? '');
  if (!preset) return `the preset must be one of ${PRESET_NAMES.join(', ')} (got ${show(presetRaw ?? '')})`;
  let passes: string;
  try { passes = passesLabel(parsePasses(passesRaw ?? '')); } catch { return `passes must be ${PASSES_SYNTAX} (got ${show(passesRaw ?? '')})`; }
  const fields: Record<string, unknown> = { base: preset };
  for (const f of fieldTexts) {
    const m = /^([A-Za-z0-9]+):(.*)$/.exec(f);
    const p = m ? PARAMS.find((x) => x.id === m[1]) : undefined;
    if (!m || !p) return `each field must be id:value with an id of the parameter table (got ${show(f)})`;
    if (m[1] in fields) return `${m[1]} is given twice`;
    const r = parseParamValue(p.id, m[2]);
    if (!r.ok) return r.error;
    fields[p.id] = r.value;
  }
  const hw = validateHardwareSpec(fields);
  if (!hw.ok) return hw.issues[0].message;
  return { preset: nearestPreset(hw.spec), hardware: hw.spec, passes };
}

/** ROI's key → its state (absent when the link has none, or it equals the defaults). */
function parseRoi(values: Map<string, string>, issues: string[]): RoiLink | undefined {
  const raw = values.get(PART_KEYS.roi);
  if (raw === undefined) return undefined;
  const r = defaultRoiLink();
  const seen = new Set<string>();
  const before = issues.length;
  for (const item of raw.split(',')) {
    const m = /^([A-Za-z]+):(.*)$/.exec(item);
    if (!m) { issues.push(`roi must be field:value items separated by commas (got ${show(item)})`); continue; }
    const [, key, text] = m;
    if (seen.has(key)) { issues.push(`roi gives ${key} twice`); continue; }
    seen.add(key);
    if (key === 'src') {
      if ((ROI_SOURCES as readonly string[]).includes(text)) r.source = text as RoiLink['source'];
      else issues.push(`roi src must be one of ${ROI_SOURCES.join(', ')} (got ${show(text)})`);
      continue;
    }
    if (!(ROI_LINK_FIELDS as readonly string[]).includes(key)) {
      issues.push(`roi has no field ${show(key)} (its fields: ${ROI_LINK_FIELDS.join(', ')}, src)`);
      continue;
    }
    const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
    const problem = roiFieldIssue(key as RoiLinkField, v);
    if (problem) issues.push(`roi ${key} ${problem} (got ${show(text)})`);
    else r.inputs[key as RoiLinkField] = v;
  }
  if (issues.length > before) return undefined;
  return roiPairs(r).length ? r : undefined;
}

/** One ROI field checked as shared/roi.ts checks it (the NRE parts: each a non-negative amount). */
function roiFieldIssue(key: RoiLinkField, v: number): string | null {
  if (!Number.isFinite(v)) return 'must be a number';
  if (key === 'designUsd' || key === 'masksUsd' || key === 'verificationUsd' || key === 'softwareUsd') {
    return v >= 0 && v <= 1e12 ? null : 'must be a number from 0 to 1000000000000';
  }
  const specKey: keyof RoiSpec = key === 'manualGain' ? 'gain' : key === 'manualDesignTdpWatts' ? 'designTdpWatts' : key;
  try {
    validateRoi({ ...ROI_DEFAULTS, gain: 2, [specKey]: v });
    return null;
  } catch (e) {
    const m = /must be [^(]*/.exec((e as Error).message);
    return m ? m[0].trim() : 'is out of range';
  }
}

/** The Search study's keys → a study input (checked by normalizeStudy; absent when none, or it is the default study). */
function parseSearch(values: Map<string, string>, known: (name: string) => void, issues: string[]): StudyInput | undefined {
  const get = (k: string) => values.get(k);
  if (!SEARCH_KEYS.some((k) => values.has(k))) return undefined;
  const before = issues.length;
  const s: StudyInput = { workloads: [...DEFAULT_SEARCH_LINK.workloads] };
  const whole = (key: string, label: string, text: string): number | undefined => {
    if (/^\d{1,10}$/.test(text)) return Number(text);
    issues.push(`${key} (${label}) must be a whole number (got ${show(text)})`);
    return undefined;
  };
  const positive = (key: string, label: string, text: string): number | undefined => {
    const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
    if (Number.isFinite(v) && v > 0) return v;
    issues.push(`${key} (${label}) must be a positive number (got ${show(text)})`);
    return undefined;
  };
  const sw = get(PART_KEYS.searchWorkloads);
  if (sw !== undefined) {
    const parts = sw.split(',').map((t) => { const i = t.indexOf(':'); return i < 0 ? [t, t] : [t, t.slice(0, i), t.slice(i + 1)]; });
    const names = parts.map((m) => unescItem(m[1]));
    const weights = parts.map((m) => (m[2] === undefined ? 1 : Number(m[2])));
    if (names.some((n) => !n)) issues.push(`sw (the search's workloads) must be NAME or NAME:WEIGHT items separated by commas (got ${show(sw)})`);
    else if (parts.some((m) => m[2] !== undefined && !/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(m[2]))) issues.push(`sw (the search's workloads): each weight must be a positive number (got ${show(sw)})`);
    else if (new Set(names).size !== names.length) issues.push(`sw (the search's workloads) names a workload twice (got ${show(sw)})`);
    else {
      (names as string[]).forEach(known);
      s.workloads = names as string[];
      if (weights.some((w) => w !== 1)) s.weights = weights;
    }
  }
  const sa = get(PART_KEYS.searchAlgorithm);
  if (sa !== undefined) s.algorithm = sa as StudyInput['algorithm'];
  const so = get(PART_KEYS.searchObjective);
  if (so !== undefined) s.objective = so as StudyInput['objective'];
  const sn = get(PART_KEYS.searchNode);
  if (sn !== undefined) s.processNode = sn as StudyInput['processNode'];
  const num = (k: string, label: string, set: (v: number) => void, read = whole) => {
    const t = get(k);
    if (t === undefined) return;
    const v = read(k, label, t);
    if (v !== undefined) set(v);
  };
  num(PART_KEYS.searchTrials, 'trials', (v) => { s.trials = v; });
  num(PART_KEYS.searchSeed, 'seed', (v) => { s.seed = v; });
  num(PART_KEYS.searchBatch, 'batch', (v) => { s.batch = v; });
  num(PART_KEYS.searchTrialsPerBatch, 'trials per batch', (v) => { s.trialsPerBatch = v; });
  num(PART_KEYS.searchArea, 'area budget, mm²', (v) => { s.maxAreaMm2 = v; }, positive);
  num(PART_KEYS.searchTdp, 'TDP budget, W', (v) => { s.maxTdpWatts = v; }, positive);
  num(PART_KEYS.searchSlo, 'latency SLO, s', (v) => { s.latencySloSeconds = v; }, positive);
  num(PART_KEYS.searchTpotSlo, 'TPOT SLO, s', (v) => { s.tpotSloSeconds = v; }, positive);
  num(PART_KEYS.searchTtftSlo, 'TTFT SLO, s', (v) => { s.ttftSloSeconds = v; }, positive);
  const entries = (key: string, label: string): [ParamId, string][] | null => {
    const t = get(key);
    if (t === undefined) return [];
    const out: [ParamId, string][] = [];
    for (const e of t.split(';')) {
      const m = /^([A-Za-z0-9]+):(.+)$/.exec(e);
      const p = m ? PARAMS.find((x) => x.id === m[1] && x.id !== 'batch') : undefined;
      if (!m || !p) { issues.push(`${key} (${label}) must be id:… items separated by ";" with ids of the parameter table, batch aside (got ${show(e)})`); return null; }
      if (out.some(([id]) => id === p.id)) { issues.push(`${key} (${label}) gives ${p.id} twice`); return null; }
      out.push([p.id, m[2]]);
    }
    return out;
  };
  const ranges: Partial<Record<ParamId, RangeSpec>> = {};
  for (const [id, text] of entries(PART_KEYS.searchRanges, 'searched ranges') ?? []) {
    const cut = text.indexOf('..');
    if (cut >= 0) {
      const m = [text, text.slice(0, cut), text.slice(cut + 2)];
      const lo = m[1] === '' ? undefined : parseParamValue(id, m[1], { domain: false });
      const hi = m[2] === '' ? undefined : parseParamValue(id, m[2], { domain: false });
      if ((lo && !lo.ok) || (hi && !hi.ok) || (!lo && !hi)) { issues.push(`sr (searched ranges): ${id} must be MIN..MAX (got ${show(text)})`); continue; }
      ranges[id] = { ...(lo?.ok ? { min: lo.value as number } : {}), ...(hi?.ok ? { max: hi.value as number } : {}) };
    } else {
      const vs = text.split(',').map((v) => parseParamValue(id, v));
      const bad = vs.find((v) => !v.ok);
      if (bad && !bad.ok) { issues.push(`sr (searched ranges): ${bad.error}`); continue; }
      ranges[id] = { values: vs.map((v) => (v.ok ? v.value : '')) };
    }
  }
  if (Object.keys(ranges).length) s.ranges = ranges;
  const fixed: Partial<Record<ParamId, Value>> = {};
  for (const [id, text] of entries(PART_KEYS.searchFixed, 'fixed parameters') ?? []) {
    const r = parseParamValue(id, text);
    if (r.ok) fixed[id] = r.value;
    else issues.push(`sf (fixed parameters): ${r.error}`);
  }
  if (Object.keys(fixed).length) s.fixed = fixed;
  if (issues.length > before) return undefined;
  try {
    normalizeStudy(s);
  } catch (e) {
    issues.push(`the search's settings: ${(e as Error).message}`);
    return undefined;
  }
  return searchPairs(s).length ? s : undefined;
}

const SEARCH_KEYS: readonly string[] = Object.entries(PART_KEYS).filter(([k]) => k.startsWith('search')).map(([, v]) => v);
