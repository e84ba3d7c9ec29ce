// The ONE hardware parameter table (docs/model.md §3.1). Every other place that needs the list of parameters — the
// `HardwareSpec` type, defaults, the zod schema, sliders, URL keys, the search space — derives it from PARAMS, and
// so does every place that needs a fact about a row: its role (a design parameter, or a setting of the study such as
// the batch), its group and the group's heading, how its values are named and how many decimals they show, and how
// its value is read from text (share links, CLI flags).
// Also here: the DRAM interface facts that bound the per-stack bandwidth (a domain, not a cost; costs live in
// coefficients.ts). docs/model.md §3.1.

import type { Dataflow } from '../core/records';

/** A parameter's domain: what the schema accepts, what a slider offers and what the search samples. */
export type Domain =
  /** A discrete numeric set; sliders and the search use exactly these values. */
  | { kind: 'choice'; values: readonly number[] }
  /**
   * A numeric range. `integer`: whole numbers only, and then multiples of `step` (counted from 0) only.
   * Reals are accepted anywhere in [min, max]; `step` is the slider's granularity. `scale: 'log'`: sliders
   * move geometrically and the search grid is the powers of two in [min, max] (plus 0 when min is 0);
   * `'linear'`: the grid is min, min + step, …, max.
   */
  | { kind: 'range'; min: number; max: number; step: number; integer: boolean; scale: 'linear' | 'log' }
  /** A string enumeration. */
  | { kind: 'enum'; values: readonly string[] };

/** The table's groups with their headings, in the order the design panel shows them. */
export const PARAM_GROUPS = [
  { id: 'compute', label: 'Compute' },
  { id: 'memory', label: 'On-chip memory' },
  { id: 'dram', label: 'DRAM' },
  { id: 'chip', label: 'Chip' },
  { id: 'evaluation', label: 'Evaluation' },
] as const;
export type ParamGroup = (typeof PARAM_GROUPS)[number]['id'];

/**
 * 'design': a parameter of the design, a dimension of the search space. 'study': a setting of the study that every
 * design is evaluated at (the batch, the process node: docs/sources.md §8.3); the search holds it at the study's value.
 */
export type ParamRole = 'design' | 'study';

export interface ParamDef {
  /** Field name in `HardwareSpec`, JSON files and share URLs. */
  id: string;
  label: string;
  /** Unit as shown next to a value ('' for a count). */
  unit: string;
  group: ParamGroup;
  role: ParamRole;
  domain: Domain;
  /** Decimals shown for a value that is not a whole number (0 for rows whose values are whole numbers or names). */
  digits: number;
  /** Enum rows: each value's name as the design panel shows it ('weight stationary (ws)', 'HBM2', '16 nm'). */
  valueLabels?: Readonly<Record<string, string>>;
  /** Enum rows: a shorter name for compact tables and one-line texts where it differs from `valueLabels` ('ws'). */
  shortValueLabels?: Readonly<Record<string, string>>;
  /** Default value: the `tpu-v3` design (the page opens on TPU-v3), batch 64 (docs/sources.md §8.1). */
  default: number | string;
  /** 'sim': changes the simulation (re-simulate); 'cost': changes only area/TDP (re-price, never re-simulate). */
  affects: 'sim' | 'cost';
  /** One sentence a student can read under the slider. */
  explain: string;
}

const pow2 = (lo: number, hi: number): number[] => {
  const out: number[] = [];
  for (let v = lo; v <= hi; v *= 2) out.push(v);
  return out;
};

export const PARAMS = [
  {
    id: 'cores', label: 'Cores', unit: '', group: 'compute', role: 'design', digits: 0,
    domain: { kind: 'choice', values: [1, 2, 4, 8] }, default: 2, affects: 'sim',
    explain: 'Independent cores, each with its own systolic arrays, vector unit and local memory; ops are split across them.',
  },
  {
    id: 'arraysPerCore', label: 'Systolic arrays per core', unit: '', group: 'compute', role: 'design', digits: 0,
    domain: { kind: 'choice', values: [1, 2, 4, 8] }, default: 2, affects: 'sim',
    explain: 'Matrix units per core; more, smaller arrays waste less on small or oddly shaped layers than one big array.',
  },
  {
    id: 'arrayRows', label: 'Array rows', unit: 'PEs', group: 'compute', role: 'design', digits: 0,
    domain: { kind: 'range', min: 8, max: 256, step: 8, integer: true, scale: 'log' }, default: 128, affects: 'sim',
    explain: 'Rows of multiply-accumulate cells; with weight-stationary dataflow the reduction dimension K is spread over them.',
  },
  {
    id: 'arrayCols', label: 'Array columns', unit: 'PEs', group: 'compute', role: 'design', digits: 0,
    domain: { kind: 'range', min: 8, max: 256, step: 8, integer: true, scale: 'log' }, default: 128, affects: 'sim',
    explain: 'Columns of multiply-accumulate cells; output channels N map across them, so narrow layers leave columns idle.',
  },
  {
    id: 'dataflow', label: 'Dataflow', unit: '', group: 'compute', role: 'design', digits: 0,
    domain: { kind: 'enum', values: ['ws', 'os', 'is'] }, default: 'ws', affects: 'sim',
    valueLabels: { ws: 'weight stationary (ws)', os: 'output stationary (os)', is: 'input stationary (is)' },
    shortValueLabels: { ws: 'ws', os: 'os', is: 'is' },
    explain: 'Which operand stays in the array: weights (ws, the TPU), outputs (os) or inputs (is); it decides how a GEMM folds.',
  },
  {
    id: 'vectorLanesPerCore', label: 'Vector lanes per core', unit: 'FMA/cycle', group: 'compute', role: 'design', digits: 0,
    domain: { kind: 'range', min: 128, max: 8192, step: 128, integer: true, scale: 'log' }, default: 1024, affects: 'sim',
    explain: 'bf16 fused multiply-adds per cycle of the vector unit, which runs depthwise convs, activations, softmax and norms.',
  },
  {
    id: 'localMemoryMiB', label: 'Local memory per core', unit: 'MiB', group: 'memory', role: 'design', digits: 0,
    domain: { kind: 'range', min: 1, max: 64, step: 1, integer: true, scale: 'log' }, default: 16, affects: 'sim',
    explain: 'Each core\'s scratchpad (TPU VMEM): bigger tiles mean fewer re-reads of operands from DRAM.',
  },
  {
    id: 'globalMemoryMiB', label: 'Global memory (GMEM)', unit: 'MiB', group: 'memory', role: 'design', digits: 0,
    domain: { kind: 'range', min: 0, max: 512, step: 1, integer: true, scale: 'log' }, default: 0, affects: 'sim',
    explain: 'On-chip memory shared by all cores (TPUv4i CMEM); with fusion, activations and weights can stay here instead of DRAM.',
  },
  {
    id: 'globalMemoryBytesPerCycle', label: 'GMEM bandwidth', unit: 'B/cycle', group: 'memory', role: 'design', digits: 0,
    domain: { kind: 'range', min: 64, max: 8192, step: 64, integer: true, scale: 'log' }, default: 2048, affects: 'sim',
    explain: 'Bytes per clock cycle the shared global memory delivers to all cores together (ignored when GMEM is 0 MiB).',
  },
  {
    id: 'dramTechnology', label: 'DRAM technology', unit: '', group: 'dram', role: 'design', digits: 0,
    domain: { kind: 'enum', values: ['hbm2', 'hbm2e', 'hbm3', 'gddr6', 'lpddr5'] }, default: 'hbm2', affects: 'cost',
    valueLabels: { hbm2: 'HBM2', hbm2e: 'HBM2E', hbm3: 'HBM3', gddr6: 'GDDR6', lpddr5: 'LPDDR5' },
    explain: 'The memory standard: it sets the energy per bit, the PHY area and how fast each stack or device can run.',
  },
  {
    id: 'dramStacks', label: 'DRAM stacks / devices', unit: '', group: 'dram', role: 'design', digits: 0,
    domain: { kind: 'range', min: 1, max: 8, step: 1, integer: true, scale: 'linear' }, default: 4, affects: 'sim',
    explain: 'HBM stacks (1024-bit each) or GDDR6/LPDDR5 x32 devices; each one needs its own PHY and controller on the die.',
  },
  {
    id: 'dramGBpsPerStack', label: 'DRAM bandwidth per stack', unit: 'GB/s', group: 'dram', role: 'design', digits: 1,
    domain: { kind: 'range', min: 19.2, max: 819.2, step: 1, integer: false, scale: 'linear' }, default: 225, affects: 'sim',
    explain: 'Data rate of one stack or device, bounded by its technology; total DRAM bandwidth = stacks × this (TPU-v3: 4 × 225 GB/s).',
  },
  {
    id: 'dramGiBPerStack', label: 'DRAM capacity per stack', unit: 'GiB', group: 'dram', role: 'design', digits: 0,
    domain: { kind: 'choice', values: [1, 2, 4, 8, 16, 24] }, default: 8, affects: 'cost',
    explain: 'Memory per stack or device, by technology; weights, KV cache and activations must fit in stacks × this (TPU-v3: 4 × 8 GiB).',
  },
  {
    id: 'clockGhz', label: 'Clock', unit: 'GHz', group: 'chip', role: 'design', digits: 2,
    domain: { kind: 'range', min: 0.5, max: 1.5, step: 0.01, integer: false, scale: 'linear' }, default: 0.94, affects: 'sim',
    explain: 'Core clock: peak compute and every bytes-per-cycle bandwidth scale with it, and so does dynamic power.',
  },
  {
    id: 'iciLinks', label: 'Chip-to-chip links', unit: '', group: 'chip', role: 'design', digits: 0,
    domain: { kind: 'range', min: 0, max: 6, step: 1, integer: true, scale: 'linear' }, default: 4, affects: 'cost',
    explain: 'Inter-chip interconnect links (TPU ICI) for pods of chips; each costs die area and power. A single-chip inference part needs none.',
  },
  {
    id: 'processNode', label: 'Process node', unit: '', group: 'chip', role: 'study', digits: 0,
    domain: { kind: 'enum', values: ['16nm', '7nm'] }, default: '16nm', affects: 'cost',
    valueLabels: { '16nm': '16 nm', '7nm': '7 nm' },
    explain: 'Silicon technology: it changes area and energy per operation, not cycles (compare designs at the same node).',
  },
  {
    id: 'tdpClass', label: 'TDP rating', unit: '', group: 'chip', role: 'study', digits: 0,
    domain: { kind: 'enum', values: ['training', 'inference'] }, default: 'training', affects: 'cost',
    valueLabels: { training: 'training part (TPUv2/v3 rating)', inference: 'inference part (TPUv4i rating)' },
    shortValueLabels: { training: 'training', inference: 'inference' },
    explain: 'How peak power becomes rated TDP: training parts (TPUv2/v3) are rated well above their draw, inference parts (TPUv4i) near it.',
  },
  {
    id: 'batch', label: 'Batch size', unit: 'inputs', group: 'evaluation', role: 'study', digits: 0,
    domain: { kind: 'range', min: 1, max: 1024, step: 1, integer: true, scale: 'log' }, default: 64, affects: 'sim',
    explain: 'Inputs processed together: a larger batch reuses each weight more, at the cost of latency.',
  },
] as const satisfies readonly ParamDef[];

export type Param = (typeof PARAMS)[number];
export type ParamId = Param['id'];

type ValueOf<P> = P extends { domain: { kind: 'enum'; values: readonly (infer V)[] } } ? V : number;

/** A hardware design: one field per row of PARAMS (the type is derived from the table). */
export type HardwareSpec = { [P in Param as P['id']]: ValueOf<P> };

/** The one dataflow type is the core's (shared/core/records.ts); the table's enum values must be exactly its values. */
export type { Dataflow };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const DATAFLOW_VALUES_MATCH_CORE: Same<HardwareSpec['dataflow'], Dataflow> = true;
export type DramTechnology = HardwareSpec['dramTechnology'];
export type ProcessNode = HardwareSpec['processNode'];
export type TdpClass = HardwareSpec['tdpClass'];

export const PARAM_IDS: readonly ParamId[] = PARAMS.map((p) => p.id);

export function paramById<I extends ParamId>(id: I): Extract<Param, { id: I }> {
  return PARAMS.find((p) => p.id === id) as Extract<Param, { id: I }>;
}

/** The table's defaults as a design (= the `tpu-v3` preset with batch 64). */
export const DEFAULT_HARDWARE: HardwareSpec = Object.fromEntries(PARAMS.map((p) => [p.id, p.default])) as HardwareSpec;

/**
 * How pages name a value of a row: an enum value by the row's label for it ('weight stationary (ws)', 'HBM2',
 * '16 nm'); `short` prefers the compact name for tables and one-line texts ('ws'). Anything else as it is.
 */
export function valueLabel(id: ParamId, v: number | string, form: 'full' | 'short' = 'full'): string {
  const p: ParamDef = paramById(id);
  if (typeof v !== 'string') return String(v);
  return (form === 'short' ? p.shortValueLabels?.[v] : undefined) ?? p.valueLabels?.[v] ?? v;
}

/** The batch row's range: every batch a study, a simulate request, a workload file or a form may give (1…1024). */
export const BATCH_RANGE: { readonly min: number; readonly max: number } = {
  min: paramById('batch').domain.min, max: paramById('batch').domain.max,
};

/** Whether `v` is a batch the batch row allows (a whole number in BATCH_RANGE). */
export function isBatch(v: unknown): v is number {
  return inDomain(paramById('batch').domain, v);
}

// ---------------------------------------------------------------------------------------------------------
// DRAM interfaces. Bandwidth = dramStacks × dramGBpsPerStack; the per-stack rate must lie in its technology's
// range = widthBits × pin rate / 8. The counting unit is one HBM stack or one x32 GDDR6/LPDDR5 device.
// ---------------------------------------------------------------------------------------------------------

export interface DramInterface {
  label: string;
  /** What one `dramStacks` unit is for this technology. */
  unit: string;
  widthBits: number;
  /** Independent channels per unit (each needs its own controller). */
  channels: number;
  /** Per-pin data rate range, Gb/s. */
  pinGbps: readonly [number, number];
  source: string;
  /** Capacities one unit is built in, GiB (die density × dies per stack, or per x32 device), ascending. */
  capacitiesGiB: readonly number[];
  capacitySource: string;
}

const techLabel = (t: DramTechnology) => valueLabel('dramTechnology', t);

/** Interface facts per technology; `label` is the table's name for the value (PARAMS' dramTechnology row). */
export const DRAM_INTERFACES: Record<DramTechnology, DramInterface> = {
  hbm2: {
    label: techLabel('hbm2'), unit: 'stack', widthBits: 1024, channels: 8, pinGbps: [1.0, 2.4],
    source: 'JEDEC JESD235A/B HBM2: 8 × 128-bit channels, up to 2.4 Gb/s/pin; TPU-v3 900 GB/s on 4 stacks = 1.76 Gb/s, '
      + 'TPUv4i 614 GB/s on 2 stacks = 2.4 Gb/s (docs/sources.md §2.3)',
    capacitiesGiB: [4, 8],
    capacitySource: 'JEDEC JESD235A HBM2: 2-, 4- and 8-high stacks of 8 Gb dies, 1–8 GB per stack (JEDEC press release, '
      + 'January 2016; Tom\'s Hardware, "HBM2 standard update", 2018); 4-high (4 GiB) and 8-high (8 GiB) as shipped '
      + '(TPU-v3 4 × 8 = 32 GiB, TPUv2 4 × 4 = 16 GiB, TPUv4i 2 × 4 = 8 GiB: docs/sources.md §2.2–2.4)',
  },
  hbm2e: {
    label: techLabel('hbm2e'), unit: 'stack', widthBits: 1024, channels: 8, pinGbps: [2.4, 3.6],
    source: 'JEDEC JESD235C HBM2E (3.2 Gb/s/pin); vendor parts to 3.6 Gb/s (recalled, not verified)',
    capacitiesGiB: [8, 16, 24],
    capacitySource: '16 Gb dies, 4-, 8- and 12-high: JESD235B added the 16 Gb layer and 12-high stacks, up to 24 GB per '
      + 'stack (JEDEC press release, December 2018; AnandTech, "JEDEC updates HBM spec", 2018); 8- and 16-GB HBM2E '
      + 'parts (Samsung Flashbolt, SK hynix HBM2E: recalled, not verified)',
  },
  hbm3: {
    label: techLabel('hbm3'), unit: 'stack', widthBits: 1024, channels: 16, pinGbps: [4.0, 6.4],
    source: 'JEDEC JESD238 HBM3: 16 × 64-bit channels, up to 6.4 Gb/s/pin (recalled, not verified)',
    capacitiesGiB: [16, 24],
    capacitySource: 'HBM3 stacks of 16 Gb dies, 8-high (16 GB) and 12-high (24 GB), as SK hynix shipped them (recalled, not verified)',
  },
  gddr6: {
    label: techLabel('gddr6'), unit: 'x32 device', widthBits: 32, channels: 2, pinGbps: [12, 16],
    source: 'JEDEC JESD250 GDDR6: 2 × 16-bit channels per device, 12–16 Gb/s/pin (recalled, not verified)',
    capacitiesGiB: [1, 2],
    capacitySource: 'GDDR6 x32 devices of 8 Gb (1 GiB) and 16 Gb (2 GiB) (recalled, not verified)',
  },
  lpddr5: {
    label: techLabel('lpddr5'), unit: 'x32 device', widthBits: 32, channels: 2, pinGbps: [4.8, 6.4],
    source: 'JEDEC JESD209-5 LPDDR5: 16-bit channels, up to 6400 MT/s (recalled, not verified)',
    capacitiesGiB: [1, 2, 4],
    capacitySource: 'LPDDR5 dies are 4–32 Gb (Wikipedia, "LPDDR", generations table); an x32 device of one 8, 16 or 32 Gb '
      + 'die: 1, 2 or 4 GiB (4 Gb, 0.5 GiB, left out as too small to hold a model\'s weights)',
  },
};

/** Allowed `dramGiBPerStack` for a technology: the capacities one stack or device is built in, GiB. */
export function dramGiBChoices(tech: DramTechnology): readonly number[] {
  return DRAM_INTERFACES[tech].capacitiesGiB;
}

/**
 * The capacity a technology takes when a design moves to it and its current capacity is not one the technology is
 * built in (and when a saved design predates the field): the allowed value nearest `from` on a log scale (ties up).
 */
export function nearestDramGiB(tech: DramTechnology, from: number): number {
  const cs = dramGiBChoices(tech);
  let best = cs[0];
  for (const c of cs) if (Math.abs(Math.log2(c / from)) <= Math.abs(Math.log2(best / from))) best = c;
  return best;
}

/** Allowed `dramGBpsPerStack` for a technology: [min, max] GB/s per stack or device. */
export function dramGBpsRange(tech: DramTechnology): [number, number] {
  const d = DRAM_INTERFACES[tech];
  return [(d.widthBits * d.pinGbps[0]) / 8, (d.widthBits * d.pinGbps[1]) / 8];
}

// ---------------------------------------------------------------------------------------------------------
// Domain helpers for the schema, sliders and the search space.
// ---------------------------------------------------------------------------------------------------------

/** Rows whose domain depends on the design's DRAM technology (its rate range, the capacities it is built in). */
export const DRAM_TECH_PARAMS = ['dramGBpsPerStack', 'dramGiBPerStack'] as const satisfies readonly ParamId[];
export type DramTechParam = (typeof DRAM_TECH_PARAMS)[number];
export const isDramTechParam = (id: string): id is DramTechParam => (DRAM_TECH_PARAMS as readonly string[]).includes(id);

/**
 * The domain of a parameter given the rest of a design: `dramGBpsPerStack` and `dramGiBPerStack` depend on the
 * technology (its rate range; its capacities); every other domain is the table's.
 */
export function effectiveDomain(id: ParamId, spec?: Pick<HardwareSpec, 'dramTechnology'>): Domain {
  const d = paramById(id).domain;
  if (id === 'dramGBpsPerStack' && spec && d.kind === 'range') {
    const [min, max] = dramGBpsRange(spec.dramTechnology);
    return { ...d, min, max };
  }
  if (id === 'dramGiBPerStack' && spec && d.kind === 'choice') {
    return { kind: 'choice', values: dramGiBChoices(spec.dramTechnology) };
  }
  return d;
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));

/** "one of 1, 2, 4, 8", "8…256 in steps of 8", "0.5…1.5 GHz", "one of ws, os, is". */
export function describeDomain(d: Domain, unit = ''): string {
  const u = unit && unit !== 'PEs' ? ` ${unit}` : '';
  switch (d.kind) {
    case 'choice': return `one of ${d.values.join(', ')}${u}`;
    case 'enum': return `one of ${d.values.join(', ')}`;
    case 'range': {
      const base = `${fmt(d.min)}…${fmt(d.max)}${u}`;
      if (!d.integer) return base;
      return d.step === 1 ? `a whole number ${base}` : `${base} in steps of ${d.step}`;
    }
  }
}

/** Whether `v` lies in the domain (type, finiteness, integrality, step, bounds, membership). */
export function inDomain(d: Domain, v: unknown): boolean {
  switch (d.kind) {
    case 'enum': return typeof v === 'string' && d.values.includes(v);
    case 'choice': return typeof v === 'number' && d.values.includes(v);
    case 'range':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < d.min || v > d.max) return false;
      if (!d.integer) return true;
      return Number.isInteger(v) && v % d.step === 0;
  }
}

/** The search grid of a domain (see `Domain`); sliders over 'choice' and 'enum' use the same values. */
export function domainValues(d: Domain): readonly (number | string)[] {
  switch (d.kind) {
    case 'choice':
    case 'enum':
      return d.values;
    case 'range': {
      if (d.scale === 'log') {
        const lo = Math.max(d.min, 1);
        const first = 2 ** Math.ceil(Math.log2(lo));
        return [...(d.min === 0 ? [0] : []), ...pow2(first, d.max)];
      }
      return linearGrid(d);
    }
  }
}

/**
 * A linear range's grid: min, min + step, … up to max; when max is not on that grid (a real range such as HBM2's
 * 128…307.2 GB/s in 1 GB/s steps), max is kept as the last value, so the range's top (a technology's rated speed)
 * stays selectable.
 */
export function linearGrid(d: { min: number; max: number; step: number; integer?: boolean }): number[] {
  const out: number[] = [];
  const n = Math.floor((d.max - d.min) / d.step + 1e-9);
  for (let i = 0; i <= n; i++) out.push(Number((d.min + i * d.step).toFixed(6)));
  if (!d.integer && d.max - out[out.length - 1] > 1e-9) out.push(Number(d.max.toFixed(6)));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// A row's value from text: the one reader for share links (shared/url-state.ts) and CLI flags (`fast search
// --fix/--range`), with the one message for a value outside a row's domain (also the schema's, schema.ts).
// ---------------------------------------------------------------------------------------------------------

/** A value for a one-line message: numbers as they are, text quoted (cut at 40 characters), other things by kind. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** `<id> must be <the table's domain> (got <value>)`, e.g. `cores must be one of 1, 2, 4, 8 (got 3)`. */
export function outOfDomainMessage(id: ParamId, got: unknown): string {
  const p = paramById(id);
  return `${id} must be ${describeDomain(p.domain, p.unit)} (got ${showValue(got)})`;
}

export type ParsedParamValue = { ok: true; value: number | string } | { ok: false; error: string };

/**
 * Read a row's value from text. Numeric rows take a plain decimal (spaces around it ignored; not '', hex, NaN or
 * Infinity); enum rows take the text as it is. The value must also lie in the table's domain, unless
 * `{ domain: false }` (callers that check it later against a design-dependent domain, or whose range bounds may
 * lie anywhere). An error is one line naming the row and its domain: `arrayRows must be 8…256 in steps of 8
 * (got "banana")` — what was read is shown as a number when the text is one, else as the text.
 */
export function parseParamValue(id: ParamId, text: string, opts: { domain?: boolean } = {}): ParsedParamValue {
  const d = paramById(id).domain;
  let value: number | string = text;
  if (d.kind !== 'enum') {
    const t = text.trim();
    // Number('') is 0 and Number('0x10') is 16: accept plain decimals only.
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) value = Number(t);
  }
  const ok = opts.domain === false
    ? d.kind === 'enum' || (typeof value === 'number' && Number.isFinite(value))
    : inDomain(d, value);
  return ok ? { ok: true, value } : { ok: false, error: outOfDomainMessage(id, value) };
}
