// The ROI view's state: the inputs of shared/roi.ts (the model behind `fast roi`) and its results, all on the main
// thread (no simulation). The gain and the design's TDP default to the chosen design's: the search's best when there
// is one, else the Explore design (its gain over TPU-v3 with baseline software); or typed in by hand.
import { breakEvenCurve, lifetimeEnergyUsd, roi, type RoiResult, type RoiSpec } from '../../../shared/roi';
import { ROI_LINK_FIELDS, defaultRoiLink, linkPartText, roiLinkValueOk, type RoiLink } from '../../../shared/url-state';

/** A design the ROI can take its gain and TDP from. */
export interface RoiDesign {
  gain: number;
  tdpWatts: number;
  /** Where it comes from, in words. */
  label: string;
}

export type GainSource = 'auto' | 'search' | 'explore' | 'manual';

export interface RoiInputs {
  designUsd: number;
  masksUsd: number;
  verificationUsd: number;
  softwareUsd: number;
  chips: number;
  baselineChipUsd: number;
  designChipUsd: number;
  baselineTdpWatts: number;
  usdPerKwh: number;
  pue: number;
  years: number;
  /** Used when the source is 'manual'. */
  manualGain: number;
  manualDesignTdpWatts: number;
}

/** The defaults (shared/roi.ts's, and a typed-in gain of 2): the share link's (shared/url-state.ts). */
export function defaultRoiInputs(): RoiInputs {
  return { ...defaultRoiLink().inputs };
}

/** TCO split into its parts, for both fleets (they add up to roi()'s totals). */
export interface TcoParts {
  baseline: { capex: number; opex: number };
  design: { nre: number; capex: number; opex: number };
}

export class RoiState {
  inputs = $state<RoiInputs>(defaultRoiInputs());
  source = $state<GainSource>('auto');

  readonly #search: () => RoiDesign | null;
  readonly #explore: () => RoiDesign | null;

  constructor(search: () => RoiDesign | null, explore: () => RoiDesign | null) {
    this.#search = search;
    this.#explore = explore;
  }

  readonly searchDesign = $derived.by(() => this.#search());
  readonly exploreDesign = $derived.by(() => this.#explore());

  /** The design the gain comes from (null for manual, or while the chosen one has no result yet). */
  readonly design = $derived.by((): RoiDesign | null => {
    switch (this.source) {
      case 'auto': return this.searchDesign ?? this.exploreDesign;
      case 'search': return this.searchDesign;
      case 'explore': return this.exploreDesign;
      case 'manual': return { gain: this.inputs.manualGain, tdpWatts: this.inputs.manualDesignTdpWatts, label: 'typed in' };
    }
  });

  readonly nreUsd = $derived(this.inputs.designUsd + this.inputs.masksUsd + this.inputs.verificationUsd + this.inputs.softwareUsd);

  readonly spec = $derived.by((): RoiSpec | null => {
    const d = this.design;
    if (!d) return null;
    const i = this.inputs;
    return {
      gain: d.gain, chips: i.chips, nreUsd: this.nreUsd, baselineChipUsd: i.baselineChipUsd, designChipUsd: i.designChipUsd,
      baselineTdpWatts: i.baselineTdpWatts, designTdpWatts: d.tdpWatts, usdPerKwh: i.usdPerKwh, pue: i.pue, years: i.years,
    };
  });

  readonly outcome = $derived.by((): { ok: true; result: RoiResult; parts: TcoParts } | { ok: false; error: string } | null => {
    const s = this.spec;
    if (!s) return null;
    try {
      const result = roi(s);
      const designChips = result.designChips;
      return {
        ok: true, result,
        parts: {
          baseline: { capex: s.chips * s.baselineChipUsd, opex: s.chips * lifetimeEnergyUsd(s.baselineTdpWatts, s) },
          design: { nre: s.nreUsd, capex: designChips * s.designChipUsd, opex: designChips * lifetimeEnergyUsd(s.designTdpWatts, s) },
        },
      };
    } catch (e) {
      return { ok: false, error: (e as Error).message.replace(/^roi: /, '') };
    }
  });

  /**
   * Break-even fleet size against the gain, every other input as set: from just above the gain where a design chip
   * stops saving anything over its life (below it the design never pays back) to well past the current gain.
   */
  readonly curve = $derived.by(() => {
    const s = this.spec;
    if (!s || !this.outcome?.ok) return null;
    const { gain: _gain, ...base } = s;
    void _gain;
    const perBaseline = s.baselineChipUsd + lifetimeEnergyUsd(s.baselineTdpWatts, s);
    const perDesign = s.designChipUsd + lifetimeEnergyUsd(s.designTdpWatts, s);
    // saving > 0 ⇔ gain > g0 = (P_b / P_d) · perDesign / perBaseline
    const g0 = perBaseline > 0 ? (s.baselineTdpWatts / s.designTdpWatts) * perDesign / perBaseline : Infinity;
    const lo = Math.max(1e-3, Number.isFinite(g0) ? g0 * 1.04 : 0.5);
    const hi = Math.max(10, s.gain * 2, lo * 4);
    const n = 160;
    const gains = Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
    const points = breakEvenCurve(base, gains).filter((p) => Number.isFinite(p.breakEvenChips) && p.breakEvenChips > 0);
    return { points, payBackAbove: g0, current: { gain: s.gain, breakEvenChips: roi(s).breakEvenChips }, fleet: s.chips };
  });

  setInput<K extends keyof RoiInputs>(key: K, value: RoiInputs[K]): void {
    this.inputs[key] = value;
  }

  /** Choose where the gain comes from; typing it in starts from the design shown now. */
  setSource(source: GainSource): void {
    const d = this.design;
    if (source === 'manual' && d && this.source !== 'manual') {
      this.inputs.manualGain = Number(d.gain.toPrecision(4));
      this.inputs.manualDesignTdpWatts = Number(d.tdpWatts.toPrecision(4));
    }
    this.source = source;
  }

  reset(): void {
    this.inputs = defaultRoiInputs();
    this.source = 'auto';
  }

  // ------------------------------------------------------------------------------------------------ links
  /** The inputs as a share link carries them (a value the ROI refuses goes as its default). */
  toLink(): RoiLink {
    const d = defaultRoiLink();
    const inputs = Object.fromEntries(ROI_LINK_FIELDS.map((f) => [f, roiLinkValueOk(f, this.inputs[f]) ? this.inputs[f] : d.inputs[f]])) as RoiLink['inputs'];
    return { inputs, source: this.source };
  }

  /** Take a link's inputs (absent: the defaults). */
  applyLink(l: RoiLink | undefined): void {
    const link = l ?? defaultRoiLink();
    if (linkPartText({ roi: link }) === linkPartText({ roi: this.toLink() })) return; // a value being typed stays
    for (const f of ROI_LINK_FIELDS) if (this.inputs[f] !== link.inputs[f]) this.inputs[f] = link.inputs[f];
    if (this.source !== link.source) this.source = link.source;
  }
}
