// Timeloop problem YAML → WorkloadSpec (conv form). Timeloop's CNN-layer problem (timeloop/problem shapes
// cnn-layer and grouped-cnn-layer): dimensions R, S (filter width, height), P, Q (OUTPUT width, height), C (input
// channels per group), M — or K, as many exercises spell it — (output channels per group), N (batch), G (groups);
// coefficients Wstride, Hstride, Wdilation, Hdilation. The input it implies is W = (P − 1)·Wstride + (R − 1)·Wdilation + 1
// and H = (Q − 1)·Hstride + (S − 1)·Hdilation + 1 (Timeloop's projection; padding is already folded in).
// Accepted layouts: `problem: {shape, instance}` (v0.3 and v0.4), a bare `{shape, instance}` or `{instance}`, a list
// of those, or several YAML documents (`---`) — one layer each. Layers are independent (each reads its own input).
// N becomes the workload's defaultBatch (shapes are per sample). Missing dimensions are 1, with a warning for the
// channel and size dimensions.
import { parseAllDocuments } from 'yaml';
import { GraphBuilder } from '../builder';
import { MAX_BATCH, MAX_DIM, parseWorkload } from '../schema';
import type { WorkloadSpec } from '../types';

export const MAX_TIMELOOP_BYTES = 1 << 20;
const MAX_LAYERS = 10_000;
/**
 * Deepest nesting read (Timeloop problems nest 3–5 levels). The YAML parser recurses per level: a few thousand
 * levels overflow the stack, and in V8 a second such file in the same process can then abort it outright (a regexp
 * compiled at the stack limit fails as "out of memory"), so deeper files are refused before they reach the parser.
 */
export const MAX_YAML_DEPTH = 64;
const DIMENSIONS = ['R', 'S', 'P', 'Q', 'C', 'M', 'K', 'N', 'G'] as const;
const COEFFICIENTS = ['Wstride', 'Hstride', 'Wdilation', 'Hdilation'] as const;
/** Keys of a problem instance that carry no shape (sparsity annotations of Timeloop v0.4). */
const IGNORED_KEYS = new Set(['densities', 'density']);

interface Layer { name: string; where: string; values: Record<string, number> }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TimeloopImportOptions { name?: string; elementBytes?: number }

export function importTimeloop(text: string, opts: TimeloopImportOptions = {}): WorkloadSpec {
  if (text.length > MAX_TIMELOOP_BYTES) throw new Error(`timeloop: file is larger than ${MAX_TIMELOOP_BYTES} bytes`);
  const depth = yamlNestingDepth(text, MAX_YAML_DEPTH);
  if (depth > MAX_YAML_DEPTH) throw new Error(`timeloop: the YAML nests ${depth >= 10 * MAX_YAML_DEPTH ? `more than ${10 * MAX_YAML_DEPTH}` : depth} levels deep; at most ${MAX_YAML_DEPTH} are read`);
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error('timeloop: the file holds no YAML document');
  const problems: { value: unknown; where: string }[] = [];
  docs.forEach((doc, di) => {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      throw new Error(`timeloop: YAML error${line ? ` at line ${line}` : ''}: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new Error(`timeloop: YAML document ${di + 1}: ${(e as Error).message.split('\n')[0]}`);
    }
    if (js === null || js === undefined) return; // an empty document (e.g. a trailing ---)
    const where = docs.length > 1 ? `document ${di + 1}` : 'problem';
    if (Array.isArray(js)) js.forEach((item, i) => problems.push({ value: item, where: `${where}, item ${i + 1}` }));
    else problems.push({ value: js, where });
  });
  if (problems.length === 0) throw new Error('timeloop: no problem found (expected `problem:` with an `instance:` of R, S, P, Q, C, M/K, N, G)');
  if (problems.length > MAX_LAYERS) throw new Error(`timeloop: more than ${MAX_LAYERS} problems`);

  const warnings: string[] = [];
  const layers = problems.map((p, i) => readProblem(p.value, p.where, i, warnings));
  const g = new GraphBuilder(opts.name ?? 'timeloop-problem', 'timeloop', opts.elementBytes ?? 2);
  const batches = new Set<number>();
  for (const l of layers) {
    const v = l.values;
    const groups = v.G;
    const inChannels = groups * v.C;
    const outChannels = groups * v.M;
    const inWidth = (v.P - 1) * v.Wstride + (v.R - 1) * v.Wdilation + 1;
    const inHeight = (v.Q - 1) * v.Hstride + (v.S - 1) * v.Hdilation + 1;
    for (const [what, value] of [['input width (P−1)·Wstride + (R−1)·Wdilation + 1', inWidth], ['input height (Q−1)·Hstride + (S−1)·Hdilation + 1', inHeight], ['G·C', inChannels], ['G·M', outChannels]] as const) {
      if (value > MAX_DIM) throw new Error(`timeloop ${l.where}: ${what} = ${value} is larger than ${MAX_DIM}`);
    }
    batches.add(v.N);
    const name = g.uniqueName(l.name);
    const x = g.input(`${name}/inputs`, [inHeight, inWidth, inChannels]);
    const w = g.weight(`${name}/weights`, [v.S, v.R, v.C, outChannels]);
    g.addOp({
      name, kind: 'conv2d', inputs: [x.name], outputs: [name], weights: [w],
      conv2d: {
        inHeight, inWidth, inChannels, outHeight: v.Q, outWidth: v.P, outChannels,
        kernelHeight: v.S, kernelWidth: v.R, strideHeight: v.Hstride, strideWidth: v.Wstride, groups,
        ...(v.Hdilation !== 1 ? { dilationHeight: v.Hdilation } : {}),
        ...(v.Wdilation !== 1 ? { dilationWidth: v.Wdilation } : {}),
      },
    });
    g.addTensor({ name, shape: [v.Q, v.P, outChannels], elementBytes: g.elementBytes, kind: 'activation' });
  }
  const batch = batches.size === 1 ? [...batches][0] : undefined;
  if (batches.size > 1) warnings.push(`layers have different batch sizes N (${[...batches].join(', ')}); shapes are per sample and no default batch is set`);
  return parseWorkload(g.build({
    description: `Timeloop problem (${layers.length} conv layer${layers.length > 1 ? 's' : ''}, independent)`,
    ...(batch !== undefined && batch <= MAX_BATCH ? { defaultBatch: batch } : {}),
    warnings,
  }), 'timeloop');
}

/**
 * An upper estimate of the nesting depth of YAML text, in one pass: block levels (an indentation stack, plus each
 * leading "- "), and flow levels ([ and { outside quoted scalars and comments). It over-counts rather than under-counts
 * (brackets in a multi-line quoted scalar, deeply indented block scalars), which can only refuse an absurd file.
 * Stops early once past 10 × `limit`.
 */
export function yamlNestingDepth(text: string, limit: number): number {
  let flow = 0, max = 0;
  const indents: number[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    const lead = /^([ \t]*)((?:-[ \t]+)*)/.exec(line)!;
    const rest = line.slice(lead[0].length);
    if (flow === 0 && rest.trim() !== '' && !rest.startsWith('#')) {
      const indent = lead[1].length;
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    const block = indents.length + (lead[2].match(/-/g)?.length ?? 0);
    let quote = '';
    let prev = ' ';
    for (const ch of rest) {
      if (quote) { if (ch === quote) quote = ''; prev = ch; continue; }
      if ((ch === '"' || ch === "'") && /[\s[{,:]/.test(prev)) quote = ch;
      else if (ch === '#' && /\s/.test(prev)) break;
      else if (ch === '[' || ch === '{') { flow++; if (block + flow > max) max = block + flow; }
      else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
      prev = ch;
    }
    if (block + flow > max) max = block + flow;
    if (max > 10 * limit) return max;
  }
  return max;
}

function readProblem(value: unknown, where: string, index: number, warnings: string[]): Layer {
  let p = value;
  if (isObject(p) && 'problem' in p) p = p.problem;
  if (!isObject(p)) throw new Error(`timeloop ${where}: expected a problem with an \`instance:\` mapping`);
  const shape = isObject(p.shape) ? p.shape : undefined;
  const instance = isObject(p.instance) ? p.instance : undefined;
  if (!instance) throw new Error(`timeloop ${where}: the problem has no \`instance:\` mapping of dimension sizes`);
  if (shape && Array.isArray(shape.dimensions)) {
    const unknown = shape.dimensions.filter((d) => typeof d !== 'string' || !(DIMENSIONS as readonly string[]).includes(d));
    if (unknown.length) {
      throw new Error(`timeloop ${where}: shape dimension${unknown.length > 1 ? 's' : ''} ${unknown.map((d) => JSON.stringify(d)).join(', ')} not supported (a conv problem uses ${DIMENSIONS.join(', ')})`);
    }
  }
  const values: Record<string, number> = {};
  for (const [key, raw] of Object.entries(instance)) {
    if (IGNORED_KEYS.has(key)) continue;
    if (!(DIMENSIONS as readonly string[]).includes(key) && !(COEFFICIENTS as readonly string[]).includes(key)) {
      throw new Error(`timeloop ${where}: instance key ${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)} is not a conv dimension or coefficient (${[...DIMENSIONS, ...COEFFICIENTS].join(', ')})`);
    }
    const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_DIM) {
      throw new Error(`timeloop ${where}: instance.${key} must be a whole number from 1 to ${MAX_DIM}, got ${JSON.stringify(raw)}`);
    }
    values[key] = v;
  }
  if (values.M !== undefined && values.K !== undefined && values.M !== values.K) {
    throw new Error(`timeloop ${where}: instance has both M (${values.M}) and K (${values.K}) for the output channels`);
  }
  values.M = values.M ?? values.K ?? 0;
  const missing = ['R', 'S', 'P', 'Q', 'C', 'M'].filter((d) => !values[d]);
  if (missing.length) warnings.push(`timeloop ${where}: ${missing.join(', ')} not given, taken as 1`);
  for (const d of [...DIMENSIONS, ...COEFFICIENTS]) if (!values[d]) values[d] = 1;
  const shapeName = shape && typeof shape.name === 'string' && shape.name.trim() ? shape.name.trim() : undefined;
  const ownName = isObject(value) && typeof value.name === 'string' && value.name.trim() ? value.name.trim() : undefined;
  return { name: ownName ?? (shapeName ? `${shapeName}${index > 0 ? `_${index + 1}` : ''}` : `layer${index + 1}`), where, values };
}
