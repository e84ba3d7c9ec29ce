// Share links: the app's state as a versioned query string, and back. Pure (no DOM, no `location`): the web app
// hands in `location.search` and gets a validated state, or the defaults plus messages saying what was wrong.
// Driven by the ONE parameter table (shared/hardware/params.ts): every hardware field is written under its
// table id, only where it differs from the named base preset, and read back with the table's reader of a value from
// text (the CLI's too) and then the hardware schema, so a link can never carry a design the simulator would refuse.
// The passes key is read by the passes table's parser. Lessons are nothing but such links.
import {
  PARAMS, PRESETS, PRESET_NAMES, resolvePresetName, parseParamValue, validateHardwareSpec,
  type HardwareSpec, type PresetName,
} from './hardware';
import { PASSES_SYNTAX, parsePasses, passesLabel } from './compiler/passes';

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
  /** Software passes: PASSES_SYNTAX ('all', 'none' or a comma list of schedule, padding, fusion), normalized. */
  passes: string;
  /** A lesson id (the lesson's explanation is shown and its controls highlighted). */
  lesson?: string;
  /** The selected op (its schedule and why it is bound are shown). */
  op?: string;
  /** Zoom of the per-op charts: executed-op indices [first, last], inclusive. */
  zoom?: [number, number];
  barMode: BarMode;
}

export interface UrlStateOptions {
  /** Valid workload names (the zoo's, plus any the app knows). */
  workloads: readonly string[];
  /** Valid view ids; the first is the default. */
  views?: readonly string[];
  /** Valid lesson ids. */
  lessons?: readonly string[];
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
const KEYS = { version: 'v', view: 'view', lesson: 'lesson', workload: 'w', preset: 'hw', passes: 'passes', op: 'op', zoom: 'zoom', barMode: 'bars' } as const;
const KNOWN_KEYS = new Set<string>([...Object.values(KEYS), ...PARAMS.map((p) => p.id)]);

/** A number as a link writes it: the shortest decimal that reads back to the same double. */
function formatValue(v: number | string): string {
  return typeof v === 'number' ? String(v) : v;
}

/**
 * The query string (starting with `?`) for a state. Key order is fixed: v, view, lesson, w, hw, the hardware
 * fields that differ from the preset in table order, passes, bars, zoom, op.
 */
export function serializeUrlState(s: UrlState): string {
  const q = new URLSearchParams();
  q.set(KEYS.version, String(URL_STATE_VERSION));
  q.set(KEYS.view, s.view);
  if (s.lesson) q.set(KEYS.lesson, s.lesson);
  q.set(KEYS.workload, s.workload);
  q.set(KEYS.preset, s.preset);
  const base = PRESETS[s.preset];
  for (const p of PARAMS) {
    const v = s.hardware[p.id];
    if (v !== base[p.id]) q.set(p.id, formatValue(v));
  }
  q.set(KEYS.passes, s.passes);
  if (s.barMode !== 'op') q.set(KEYS.barMode, s.barMode);
  if (s.zoom) q.set(KEYS.zoom, `${s.zoom[0]}-${s.zoom[1]}`);
  if (s.op) q.set(KEYS.op, s.op);
  return `?${q.toString()}`;
}

function show(v: string): string {
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
}

/**
 * Read a query string (with or without the leading `?`). Any problem — an unknown key, a repeated key, a
 * version this app does not read, an unknown workload, preset, view or lesson, a field outside its domain, a
 * design the schema rejects — gives the defaults and one message per problem; a valid link gives its state.
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
    if (v.length > MAX_VALUE_LENGTH) { issues.push(`${show(k)} is longer than ${MAX_VALUE_LENGTH} characters`); continue; }
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
  if (!opts.workloads.includes(workload)) issues.push(`w (workload) must be one of ${opts.workloads.join(', ')} (got ${show(workload)})`);

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

  if (issues.length) return { state: defaults, issues: capped(issues) };
  return {
    state: {
      view, workload, preset, hardware: (hw as { ok: true; spec: HardwareSpec }).spec, passes,
      barMode: barsRaw as BarMode,
      ...(lesson !== undefined ? { lesson } : {}),
      ...(op !== undefined ? { op } : {}),
      ...(zoom ? { zoom } : {}),
    },
    issues,
  };
}
