// GEMM-on-one-array specs and results (the SCALE-Sim-compatible compute model) and their schema.
// GEMM is (M×K)·(K×N); a conv layer maps to M = output pixels, N = filters, K = Fh·Fw·C.
import { z } from 'zod';

export type Dataflow = 'os' | 'ws' | 'is';
export const DATAFLOWS: readonly Dataflow[] = ['os', 'ws', 'is'];

export interface GemmSpec {
  m: number;
  n: number;
  k: number;
  rows: number;
  cols: number;
  dataflow: Dataflow;
  /** Identical sub-layers simulated one after another (SCALE-Sim's `DP` depthwise split); default 1. */
  sublayers?: number;
}

export interface GemmResult {
  status: 'ok' | 'invalid_input';
  totalCycles: number;
  folds: number;
  cyclesPerFold: number;
  macs: number;
  mappingEfficiencyPct: number;
  computeUtilizationPct: number;
  overallUtilizationPct: number;
  sramIfmapReads: number;
  sramFilterReads: number;
  sramOfmapWrites: number;
}

/** Bounds mirror the core's (assembly/systolic.ts): dims ≤ 2^24 keep every f64 counter exact. */
export const MAX_GEMM_DIM = 2 ** 24;
export const MAX_ARRAY_EDGE = 4096;

const count = (name: string, max: number) =>
  z.number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(1, { error: `${name} must be at least 1` })
    .max(max, { error: `${name} must be at most ${max}` });

export const GemmSpecSchema = z.object({
  m: count('m (GEMM rows)', MAX_GEMM_DIM),
  n: count('n (GEMM columns)', MAX_GEMM_DIM),
  k: count('k (reduction length)', MAX_GEMM_DIM),
  rows: count('rows (array rows)', MAX_ARRAY_EDGE),
  cols: count('cols (array columns)', MAX_ARRAY_EDGE),
  dataflow: z.enum(['os', 'ws', 'is'], { error: 'dataflow must be one of os, ws, is' }),
  sublayers: count('sublayers', MAX_GEMM_DIM).optional(),
});

/** Validate one spec; throws an Error whose message names the field and the allowed range. */
export function parseGemmSpec(value: unknown, where = 'gemm'): GemmSpec {
  const r = GemmSpecSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.length ? `.${issue.path.join('.')}` : '';
    throw new Error(`${where}${path}: ${issue.message}`);
  }
  return r.data;
}
