// The calibration, as code: fit the three 'calibrated' knobs of the coefficient table to the TPU family's published
// die areas and TDPs by least squares on log values (docs/model.md §3.5). Everything else in the table is fixed first;
// the same knobs then price every design (no per-preset terms).
// - unattributedFraction u: die = Σ modelled blocks + u · their logic part; u minimises Σ ln²(die / published).
// - rating r per TDP class: TDP = r · peak, so ln r = mean over the class's chips of ln(TDP / peak) (peak depends on u
//   through leakage, so u is fitted first; the two fits are then exact least-squares solutions, not iterations).
// Leave-one-out: each chip is predicted by the knobs fitted without it (a rating class left with no chip has no
// prediction: null). coefficients.ts holds the fitted literals; a test checks they match `fitFamily()`.
import {
  ASSUMED_VALUES, ASSUMPTIONS, COEFFICIENTS, FITTED_KNOBS, buildCoefficients, type AssumedValues, type AssumptionKey,
  type CoefficientTable, type Knobs,
} from './coefficients';
import { hardwareCost } from './cost';
import { PRESETS, type PresetName } from './presets';
import type { HardwareSpec, TdpClass } from './params';

/** A chip of the family with its published numbers (docs/sources.md §2.2–2.4). */
export interface FamilyMember {
  preset: PresetName;
  /** Published die area, mm²: the "<" bound × the assumed die fraction. */
  areaMm2: number;
  areaBoundMm2: number;
  tdpWatts: number;
  source: string;
}

/** The family the knobs are fitted to: every real chip among the presets. */
export function familyMembers(table: CoefficientTable = buildCoefficients()): FamilyMember[] {
  const s = table.sources;
  const f = table.assumed.dieFractionOfBound;
  return [
    { preset: 'tpu-v2', areaBoundMm2: s.tpuV2DieBoundMm2.value, areaMm2: f * s.tpuV2DieBoundMm2.value, tdpWatts: s.tpuV2TdpW.value, source: 'Ten Lessons (ISCA 2021) Table 1' },
    { preset: 'tpu-v3', areaBoundMm2: s.tpuV3DieBoundMm2.value, areaMm2: f * s.tpuV3DieBoundMm2.value, tdpWatts: s.tpuV3TdpW.value, source: 'Ten Lessons (ISCA 2021) Table 1' },
    { preset: 'tpuv4i', areaBoundMm2: s.tpuV4iDieBoundMm2.value, areaMm2: f * s.tpuV4iDieBoundMm2.value, tdpWatts: s.tpuV4iTdpW.value, source: 'Ten Lessons (ISCA 2021) Table 1' },
  ];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The knobs fitted to `members` with the assumed values `a`. A class without members keeps `fallback`'s rating. */
export function fitKnobs(members: readonly FamilyMember[], a: AssumedValues = ASSUMED_VALUES, fallback: Knobs = FITTED_KNOBS): Knobs {
  const zero: Knobs = { unattributedFraction: 0, rating: { training: 1, inference: 1 } };
  const t0 = buildCoefficients(a, zero);
  // die(u) = B + u·L (B: modelled blocks, L: their logic part): minimise Σ ln²(die(u) / published) by Newton steps
  // from the mean ratio (a smooth 1-D convex problem; converges in a few steps).
  const bl = members.map((m) => {
    const c = hardwareCost(PRESETS[m.preset], t0);
    const l = c.breakdown.filter((x) => !['local-memory', 'global-memory', 'dram-phy'].includes(x.component)).reduce((s, x) => s + x.areaMm2, 0);
    return { b: c.areaMm2, l, target: m.areaMm2 };
  });
  let u = mean(bl.map((x) => (x.target - x.b) / x.l));
  for (let i = 0; i < 50; i++) {
    let g = 0, h = 0;
    for (const x of bl) {
      const d = x.b + u * x.l, r = Math.log(d / x.target), dr = x.l / d;
      g += r * dr; h += dr * dr - r * dr * dr;
    }
    const step = g / h;
    u -= step;
    if (Math.abs(step) < 1e-15) break;
  }
  const t1 = buildCoefficients(a, { unattributedFraction: u, rating: { training: 1, inference: 1 } });
  const rating = { ...fallback.rating };
  for (const cls of ['training', 'inference'] as TdpClass[]) {
    const ms = members.filter((m) => PRESETS[m.preset].tdpClass === cls);
    if (ms.length) rating[cls] = Math.exp(mean(ms.map((m) => Math.log(m.tdpWatts / hardwareCost(PRESETS[m.preset], t1).peakWatts))));
  }
  return { unattributedFraction: u, rating };
}

export interface FamilyFit {
  knobs: Knobs;
  table: CoefficientTable;
  rows: {
    preset: PresetName;
    areaMm2: { published: number; model: number; error: number; leaveOneOutError: number };
    tdpWatts: { published: number; model: number; error: number; leaveOneOutError: number | null };
    peakWatts: number;
  }[];
}

/** Fit the family with assumed values `a` and report in-sample and leave-one-out errors per chip. */
export function fitFamily(a: AssumedValues = ASSUMED_VALUES): FamilyFit {
  const members = familyMembers(buildCoefficients(a));
  const knobs = fitKnobs(members, a);
  const table = buildCoefficients(a, knobs);
  const rows = members.map((m) => {
    const spec: HardwareSpec = PRESETS[m.preset];
    const cost = hardwareCost(spec, table);
    const others = members.filter((o) => o.preset !== m.preset);
    const looKnobs = fitKnobs(others, a);
    const classLeft = others.some((o) => PRESETS[o.preset].tdpClass === spec.tdpClass);
    const loo = hardwareCost(spec, buildCoefficients(a, looKnobs));
    return {
      preset: m.preset,
      areaMm2: { published: m.areaMm2, model: cost.areaMm2, error: cost.areaMm2 / m.areaMm2 - 1, leaveOneOutError: loo.areaMm2 / m.areaMm2 - 1 },
      tdpWatts: {
        published: m.tdpWatts, model: cost.tdpWatts, error: cost.tdpWatts / m.tdpWatts - 1,
        leaveOneOutError: classLeft ? loo.tdpWatts / m.tdpWatts - 1 : null,
      },
      peakWatts: cost.peakWatts,
    };
  });
  return { knobs, table, rows };
}

/** A copy of `table` with other knobs (for tests and the sensitivity runs). */
export function withKnobs(table: CoefficientTable, knobs: Knobs): CoefficientTable {
  return buildCoefficients(table.assumed, knobs);
}

/** The table with the assumed values `a`, the knobs re-fitted to the family (so it stays calibrated); not memoized. */
export function refittedCoefficients(a: AssumedValues): CoefficientTable {
  return buildCoefficients(a, fitKnobs(familyMembers(buildCoefficients(a)), a));
}

const overriddenTables = new Map<string, CoefficientTable>();

/**
 * The coefficient table with some assumed values overridden (each within its documented range) and the knobs
 * re-fitted, as `fast sensitivity` builds it: what a study with `assumed` set prices its designs and tpu-v3 with
 * (`fast reproduce --sensitivity`'s re-searches). No override: the table itself (COEFFICIENTS, the fitted literals).
 * Memoized per override set (a worker prices many trials with one).
 */
export function coefficientsWith(overrides: Partial<AssumedValues> | undefined): CoefficientTable {
  const entries = Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined).sort(([p], [q]) => p.localeCompare(q));
  if (!entries.length) return COEFFICIENTS;
  const key = JSON.stringify(entries);
  let t = overriddenTables.get(key);
  if (!t) {
    t = refittedCoefficients({ ...ASSUMED_VALUES, ...Object.fromEntries(entries) } as AssumedValues);
    overriddenTables.set(key, t);
  }
  return t;
}

/** A study's `assumed` overrides checked: known assumption names, each a number within its range (one-line errors). */
export function checkAssumedOverrides(value: unknown): Partial<AssumedValues> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('assumed: give an object of assumption names and values');
  const out: Partial<AssumedValues> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(ASSUMPTIONS, k)) throw new Error(`assumed: unknown assumption ${JSON.stringify(k.slice(0, 40))} (see fast sensitivity for the names)`);
    const a = ASSUMPTIONS[k as AssumptionKey];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < a.low || v > a.high) {
      throw new Error(`assumed.${k} must be a number from ${a.low} to ${a.high} (got ${typeof v === 'number' ? v : typeof v})`);
    }
    out[k as AssumptionKey] = v;
  }
  return out;
}
