// Return on investment of a FAST design (docs/model.md §7): total cost of ownership of a fleet of TPU-v3 chips
// against a fleet of the new design serving the same load, and the deployment size at which the new chip's
// non-recurring engineering (NRE) cost pays back. TCO = CapEx + years × OpEx (Ten Lessons: 3 years, docs/sources.md §4.7).
// Every default below is documented with its basis in docs/model.md §7.

export interface RoiSpec {
  /** Perf/TDP of the design over tpu-v3 (same load, same batch). */
  gain: number;
  /** Baseline chips (TPU-v3) serving the load. */
  chips: number;
  /** NRE of the new chip, USD: design, masks, verification, software. */
  nreUsd: number;
  /** CapEx per deployed chip (die, package, HBM, board and its share of host and network), USD. */
  baselineChipUsd: number;
  designChipUsd: number;
  /** TDP per chip, W. The design's TDP sets how many of its chips serve the same load. */
  baselineTdpWatts: number;
  designTdpWatts: number;
  /** Electricity price, USD per kWh, and data-centre power usage effectiveness (cooling and distribution). */
  usdPerKwh: number;
  pue: number;
  /** Deployment lifetime (years of OpEx). */
  years: number;
}

/** NRE components, USD (assumed; docs/model.md §7). */
export const NRE_DEFAULTS = { designUsd: 50e6, masksUsd: 5e6, verificationUsd: 20e6, softwareUsd: 25e6 };
export const DEFAULT_NRE_USD = NRE_DEFAULTS.designUsd + NRE_DEFAULTS.masksUsd + NRE_DEFAULTS.verificationUsd + NRE_DEFAULTS.softwareUsd;

export const ROI_DEFAULTS: Omit<RoiSpec, 'gain'> = {
  chips: 10_000,
  nreUsd: DEFAULT_NRE_USD,
  baselineChipUsd: 8_000,
  designChipUsd: 8_000,
  baselineTdpWatts: 450,
  designTdpWatts: 450,
  usdPerKwh: 0.1,
  pue: 1.1,
  years: 3,
};

export interface RoiResult {
  /** Design chips needed for the same load: chips × baselineTdp / (gain × designTdp). */
  designChips: number;
  tcoBaseline: number;
  tcoDesign: number;
  /** Savings of the design fleet (negative: it costs more). */
  savings: number;
  /** Baseline-fleet size at which the design pays back its NRE; Infinity when it never does. */
  breakEvenChips: number;
  /** Per baseline chip: CapEx + lifetime OpEx (baseline) and the same for the design chips replacing it. */
  perChip: { baselineUsd: number; designUsd: number };
}

const HOURS_PER_YEAR = 24 * 365;

/** Lifetime OpEx of one chip at full TDP (TDP tracks TCO: Ten Lessons), USD. */
export function lifetimeEnergyUsd(tdpWatts: number, s: Pick<RoiSpec, 'usdPerKwh' | 'pue' | 'years'>): number {
  return (tdpWatts / 1000) * HOURS_PER_YEAR * s.years * s.usdPerKwh * s.pue;
}

const RANGES: Record<keyof RoiSpec, [number, number]> = {
  gain: [1e-3, 1e4], chips: [1, 1e9], nreUsd: [0, 1e12], baselineChipUsd: [0, 1e7], designChipUsd: [0, 1e7],
  baselineTdpWatts: [1, 1e5], designTdpWatts: [1, 1e5], usdPerKwh: [0, 100], pue: [1, 10], years: [0.1, 50],
};

/** Check every field; throws a message naming the field and the allowed range. */
export function validateRoi(s: RoiSpec): RoiSpec {
  for (const [k, [lo, hi]] of Object.entries(RANGES) as [keyof RoiSpec, [number, number]][]) {
    const v = s[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new Error(`roi: ${k} must be a number from ${lo} to ${hi} (got ${v})`);
  }
  return s;
}

export function roi(spec: RoiSpec): RoiResult {
  const s = validateRoi(spec);
  const ratio = s.baselineTdpWatts / (s.gain * s.designTdpWatts);
  const baselineUsd = s.baselineChipUsd + lifetimeEnergyUsd(s.baselineTdpWatts, s);
  const designUsd = ratio * (s.designChipUsd + lifetimeEnergyUsd(s.designTdpWatts, s));
  const tcoBaseline = s.chips * baselineUsd;
  const tcoDesign = s.nreUsd + s.chips * designUsd;
  const perChipSaving = baselineUsd - designUsd;
  return {
    designChips: s.chips * ratio,
    tcoBaseline,
    tcoDesign,
    savings: tcoBaseline - tcoDesign,
    breakEvenChips: perChipSaving > 0 ? s.nreUsd / perChipSaving : Infinity,
    perChip: { baselineUsd, designUsd },
  };
}

/** Break-even fleet size over a range of gains (for the ROI plot). */
export function breakEvenCurve(base: Omit<RoiSpec, 'gain'>, gains: readonly number[]): { gain: number; breakEvenChips: number }[] {
  return gains.map((gain) => ({ gain, breakEvenChips: roi({ ...base, gain }).breakEvenChips }));
}
