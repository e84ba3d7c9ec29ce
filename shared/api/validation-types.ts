// The validation report's shape (`fast validate --json`, the page's Validation view, docs/validation.md): one row per
// check of the model against a published number. shared/api/validate.ts builds the rows; docs/validation.md §1.

/**
 * How a row's number relates to the calibration: fitted by the family fit, a held-out check, an exact oracle, a
 * comparison with another tool's *model* (no measurement behind it: LLMCompass's simulated TPU-v3 operator times), or a
 * soft anchor (an unverified quote with a wide tolerance: the CS229S depthwise split).
 */
export type ValidationKind = 'fitted' | 'check' | 'oracle' | 'model' | 'soft';

export interface ValidationRow {
  /** Stable id, e.g. 'area.tpu-v3', 'tdp.tpuv4i', 'power.tpu-v3.busy', 'scalesim.cycles'. */
  id: string;
  /** What is compared, in words ('die area', 'TDP', 'average power on a busy workload', …). */
  quantity: string;
  /** The chip, preset or case compared ('tpu-v3', 'SCALE-Sim v2 public cases', …). */
  subject: string;
  /** Unit of published and model ('mm²', 'W', 'cases', …). */
  unit: string;
  /** Where the published number comes from, short ('Ten Lessons (ISCA 2021) Table 1'). */
  source: string;
  /** A link to the source (DOI or documentation URL). */
  sourceUrl: string;
  /** The published number. */
  published: number;
  /** When the published value is a range (e.g. measured min…max power): the range; ok means model inside it. */
  publishedRange?: [number, number];
  /** The model's number. */
  model: number;
  /** model / published − 1. */
  error: number;
  /** Largest |error| allowed (0: exact); with publishedRange the range is the test instead. */
  tolerance: number;
  /**
   * An asymmetric tolerance, as the lowest and highest error allowed (e.g. [−0.1, 0.47]); publishedRange is then
   * published × (1 + band) and is the test.
   */
  band?: [number, number];
  /** Only the lower side counts: ok when error ≥ −tolerance (the model may run faster than a measurement that includes
   * work the model leaves out). */
  oneSided?: boolean;
  /** Why the tolerance is what it is (decided from the source's nature, before the model's value was seen). */
  toleranceReason?: string;
  ok: boolean;
  /** A soft row the model is known to disagree with, and why (shared/api/validate.ts KNOWN_DISAGREEMENTS): shown, not
   * failing `fast validate`. */
  knownDisagreement?: string;
  kind: ValidationKind;
  /** Fitted rows: the error when this row's chip is left out of the fit (null: not identifiable without it). */
  leaveOneOutError?: number | null;
  /** One sentence on how the model number is obtained. */
  note?: string;
}

export interface ValidationReport {
  rows: ValidationRow[];
  /** The fitted knobs and their values. */
  knobs: { name: string; value: number; unit: string; meaning: string }[];
}
