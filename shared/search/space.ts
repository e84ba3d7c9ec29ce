// The design space the strategies search. Generic (strategies are tested on known functions over any space) and,
// for hardware, derived from THE parameter table (shared/hardware/params.ts): every searched parameter's grid is
// `domainValues(effectiveDomain(id, design))`, narrowed by the user, with fixed parameters and the study's settings
// (the table's rows of role 'study') removed. A point is one unit coordinate u ∈ [0, 1) per dimension; it decodes
// to level ⌊u·n⌋ of that dimension's grid (n can depend on earlier dimensions: the DRAM rate's and capacity's grids
// depend on the technology). docs/model.md §6.1.
import {
  DEFAULT_HARDWARE, PARAMS, describeDomain, domainValues, effectiveDomain, inDomain, isDramTechParam, paramById,
  DRAM_TECH_PARAMS, type DramTechParam, type HardwareSpec, type ParamId,
} from '../hardware/params';

export type Value = number | string;
export type Point = number[];
export type Assignment = Record<string, Value>;

export interface Dimension {
  id: string;
  /** 'ordinal': grid values are ordered (neighbours are similar); 'categorical': unordered. */
  kind: 'ordinal' | 'categorical';
  /** The grid, given the values decoded for earlier dimensions. Never empty. */
  values(context: Readonly<Assignment>): readonly Value[];
}

export interface SearchSpace<T = Assignment> {
  dims: readonly Dimension[];
  /** Point → the object being designed (a HardwareSpec for the hardware space). */
  decode(point: Point): T;
  /** Canonical key of a decoded object: equal keys ⇔ same design. */
  key(design: T): string;
  /**
   * A known constraint, checked without evaluating (schema, area and TDP budgets for hardware): the reason the
   * design is infeasible, or null. Strategies use it to avoid proposing points that cannot be feasible.
   */
  check?(design: T): string | null;
}

/** Grid values of every dimension at a point (conditional dimensions see the values before them). */
export function decodeAssignment(dims: readonly Dimension[], point: Point): Assignment {
  const out: Assignment = {};
  dims.forEach((d, i) => {
    const values = d.values(out);
    out[d.id] = values[levelOf(point[i], values.length)];
  });
  return out;
}

export function levelOf(u: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(u * n)));
}

/** The unit coordinate of level `i` of `n` (its centre). */
export function centreOf(i: number, n: number): number {
  return (i + 0.5) / n;
}

/** Level counts of every dimension at a point. */
export function levelCounts(dims: readonly Dimension[], point: Point): number[] {
  const ctx: Assignment = {};
  return dims.map((d, i) => {
    const values = d.values(ctx);
    ctx[d.id] = values[levelOf(point[i], values.length)];
    return values.length;
  });
}

/** Move every coordinate to the centre of its level (so equal designs have equal points). */
export function snap(dims: readonly Dimension[], point: Point): Point {
  const n = levelCounts(dims, point);
  return point.map((u, i) => centreOf(levelOf(u, n[i]), n[i]));
}

/** A generic space over explicit grids (known-function tests, teaching). */
export function gridSpace(
  grids: readonly { id: string; kind?: 'ordinal' | 'categorical'; values: readonly Value[] }[],
  check?: (a: Assignment) => string | null,
): SearchSpace<Assignment> {
  const dims: Dimension[] = grids.map((g) => {
    if (g.values.length === 0) throw new Error(`dimension ${g.id} has no values`);
    return { id: g.id, kind: g.kind ?? (typeof g.values[0] === 'string' ? 'categorical' : 'ordinal'), values: () => g.values };
  });
  return {
    dims,
    decode: (p) => decodeAssignment(dims, p),
    key: (a) => dims.map((d) => String(a[d.id])).join('|'),
    check,
  };
}

// -------------------------------------------------------------------------------------------------------------
// The hardware space.
// -------------------------------------------------------------------------------------------------------------

/** A narrowing of one parameter: numeric bounds on its grid, or an explicit list of allowed values. */
export type RangeSpec = { min?: number; max?: number } | { values: readonly Value[] };

export interface HardwareSpaceOptions {
  /** Narrowed parameters (their grid ∩ the range). */
  ranges?: Partial<Record<ParamId, RangeSpec>>;
  /** Parameters held at one value (validated against the table's domain). */
  fixed?: Partial<Record<ParamId, Value>>;
  /** The study's evaluation batch: written into every design; never searched. Default: the table's, 64 (docs/sources.md §8.1). */
  batch?: number;
  /** Known constraint on a complete design (see SearchSpace.check). */
  check?: (h: HardwareSpec) => string | null;
}

/**
 * Parameters that are settings of the study (the table's rows of role 'study': batch, process node), not search
 * dimensions: held at the study's value (the table's default unless given), unless a range asks to search one (the
 * batch never).
 */
export const STUDY_SETTINGS: readonly ParamId[] = PARAMS.filter((p) => p.role === 'study').map((p) => p.id);

function narrow(id: ParamId, values: readonly Value[], r: RangeSpec | undefined): Value[] {
  if (!r) return [...values];
  if ('values' in r) return values.filter((v) => r.values.includes(v));
  return values.filter((v) => typeof v === 'number' && (r.min === undefined || v >= r.min - 1e-9) && (r.max === undefined || v <= r.max + 1e-9));
}

function checkRange(id: ParamId, r: RangeSpec): void {
  const p = paramById(id);
  const d = p.domain;
  if ('values' in r) {
    if (r.values.length === 0) throw new Error(`range ${id}: give at least one value`);
    for (const v of r.values) {
      // The DRAM rate's allowed values depend on the technology; its list is checked per technology later.
      if (id !== 'dramGBpsPerStack' && !inDomain(d, v)) throw new Error(`range ${id}: ${JSON.stringify(v)} is not allowed (${id} must be ${describeDomain(d, p.unit)})`);
    }
    return;
  }
  if (d.kind === 'enum') throw new Error(`range ${id}: ${id} takes a list of values (${describeDomain(d)}), not min:max`);
  for (const [k, v] of [['min', r.min], ['max', r.max]] as const) {
    if (v !== undefined && !Number.isFinite(v)) throw new Error(`range ${id}: ${k} must be a number (got ${v})`);
  }
  if (r.min !== undefined && r.max !== undefined && r.min > r.max) throw new Error(`range ${id}: min ${r.min} is above max ${r.max}`);
}

/**
 * The hardware design space: one dimension per parameter of the table, except the study's settings (STUDY_SETTINGS:
 * batch, process node, docs/sources.md §8.3) and fixed parameters. Errors name the parameter and what is allowed.
 */
export function hardwareSpace(opts: HardwareSpaceOptions = {}): SearchSpace<HardwareSpec> & { fixed: Partial<HardwareSpec>; searched: ParamId[] } {
  const ranges = opts.ranges ?? {};
  const fixedIn = opts.fixed ?? {};
  const batch = opts.batch ?? DEFAULT_HARDWARE.batch;
  if (!inDomain(paramById('batch').domain, batch)) throw new Error(`batch must be ${describeDomain(paramById('batch').domain)} (got ${batch})`);
  for (const key of [...Object.keys(ranges), ...Object.keys(fixedIn)]) {
    if (!PARAMS.some((p) => p.id === key)) throw new Error(`unknown parameter "${key}" (parameters: ${PARAMS.map((p) => p.id).join(', ')})`);
  }
  if ('batch' in fixedIn || 'batch' in ranges) throw new Error('batch is a setting of the study (--batch), not a search parameter');
  for (const [id, r] of Object.entries(ranges) as [ParamId, RangeSpec][]) {
    if (id in fixedIn) throw new Error(`${id} is both fixed and given a range`);
    checkRange(id, r);
  }
  const studyDefaults = Object.fromEntries(STUDY_SETTINGS.map((id) => [id, DEFAULT_HARDWARE[id]]));
  const fixed: Partial<Record<ParamId, Value>> = { ...studyDefaults, ...fixedIn, batch };
  for (const id of STUDY_SETTINGS) if (ranges[id]) delete fixed[id]; // the user asked to search it (the node)
  for (const [id, v] of Object.entries(fixed) as [ParamId, Value][]) {
    const d = effectiveDomain(id, isDramTechParam(id) && typeof fixed.dramTechnology === 'string' ? { dramTechnology: fixed.dramTechnology as HardwareSpec['dramTechnology'] } : undefined);
    if (!inDomain(d, v)) throw new Error(`fixed ${id}: must be ${describeDomain(d, paramById(id).unit)} (got ${JSON.stringify(v)})`);
  }

  // The DRAM rate's and capacity's grids per technology (params.ts effectiveDomain), narrowed by the user's range.
  const techGrids = new Map<string, Value[]>();
  const techGrid = (id: DramTechParam, tech: HardwareSpec['dramTechnology']): Value[] => {
    const k = `${id}|${tech}`;
    let g = techGrids.get(k);
    if (!g) {
      g = narrow(id, domainValues(effectiveDomain(id, { dramTechnology: tech })), ranges[id]);
      techGrids.set(k, g);
    }
    return g;
  };
  const dims: Dimension[] = [];
  for (const p of PARAMS) {
    const id = p.id as ParamId;
    if (id in fixed) continue;
    const kind = p.domain.kind === 'enum' ? 'categorical' : 'ordinal';
    if (isDramTechParam(id)) {
      dims.push({
        id, kind,
        values: (ctx) => techGrid(id, (ctx.dramTechnology ?? fixed.dramTechnology) as HardwareSpec['dramTechnology']),
      });
      continue;
    }
    let values = narrow(id, domainValues(effectiveDomain(id)), ranges[id]);
    if (id === 'dramTechnology') {
      // Only technologies that leave some DRAM rate and capacity: their own narrowing or fixed values may exclude some.
      values = values.filter((t) => {
        const tech = t as HardwareSpec['dramTechnology'];
        return DRAM_TECH_PARAMS.every((q) => (fixed[q] !== undefined
          ? inDomain(effectiveDomain(q, { dramTechnology: tech }), fixed[q])
          : techGrid(q, tech).length > 0));
      });
    }
    if (values.length === 0) {
      throw new Error(`range ${id}: no allowed value is left (${id} must be ${describeDomain(p.domain, p.unit)}${id === 'dramTechnology' ? ', with a DRAM rate in the technology\'s range and one of its capacities' : ''})`);
    }
    dims.push({ id, kind, values: () => values });
  }
  for (const q of DRAM_TECH_PARAMS) {
    if (fixed.dramTechnology !== undefined && fixed[q] === undefined && techGrid(q, fixed.dramTechnology as HardwareSpec['dramTechnology']).length === 0) {
      throw new Error(`range ${q}: no ${q === 'dramGBpsPerStack' ? 'rate' : 'capacity'} is allowed for ${fixed.dramTechnology}`);
    }
  }

  // The searched value, else the fixed one, field by field in table order: the object that spreading the fixed values
  // and the assignment then picking the table's fields builds, without the two intermediate objects (decode runs
  // for every candidate BO scores: ~700 per ask).
  const ids = PARAMS.map((q) => q.id as ParamId);
  const decode = (point: Point): HardwareSpec => {
    const a = decodeAssignment(dims, point);
    const h: Partial<Record<ParamId, Value>> = {};
    for (const id of ids) h[id] = Object.hasOwn(a, id) ? a[id] : fixed[id];
    return canonicalHardware(h as unknown as HardwareSpec);
  };
  return {
    dims,
    decode,
    key: hardwareKey,
    check: opts.check,
    fixed: fixed as Partial<HardwareSpec>,
    searched: dims.map((d) => d.id as ParamId),
  };
}

/**
 * Designs that differ only where nothing can differ are one design: without GMEM its bandwidth changes neither the
 * simulation nor the price (derived.ts: GMEM bandwidth is 0 without GMEM), so it is set to the table's default.
 */
export function canonicalHardware(h: HardwareSpec): HardwareSpec {
  if (h.globalMemoryMiB === 0 && h.globalMemoryBytesPerCycle !== DEFAULT_HARDWARE.globalMemoryBytesPerCycle) {
    return { ...h, globalMemoryBytesPerCycle: DEFAULT_HARDWARE.globalMemoryBytesPerCycle };
  }
  return h;
}

/** Canonical key of a hardware design (fields in table order). */
export function hardwareKey(h: HardwareSpec): string {
  return PARAMS.map((p) => String(h[p.id as ParamId])).join('|');
}
