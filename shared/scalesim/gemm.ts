// The schema of GEMM-on-one-array specs (the SCALE-Sim-compatible compute model); the record types live with the
// core (shared/core/records.ts) and are re-exported here.
// GEMM is (M×K)·(K×N); a conv layer maps to M = output pixels, N = filters, K = Fh·Fw·C.
import { z } from 'zod';

export type { GemmSpec, GemmResult } from '../core/records';
import { DATAFLOWS, type GemmSpec } from '../core/records';
import { MAX_ARRAY_EDGE, MAX_GEMM_DIM } from '../core/limits';

/** A whole-number field from `min` (default 1) to `max`; the messages name the field and the bound. */
export const count = (name: string, max: number, min = 1) =>
  z.number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

export const GemmSpecSchema = z.object({
  m: count('m (GEMM rows)', MAX_GEMM_DIM),
  n: count('n (GEMM columns)', MAX_GEMM_DIM),
  k: count('k (reduction length)', MAX_GEMM_DIM),
  rows: count('rows (array rows)', MAX_ARRAY_EDGE),
  cols: count('cols (array columns)', MAX_ARRAY_EDGE),
  dataflow: z.enum(DATAFLOWS, { error: `dataflow must be one of ${DATAFLOWS.join(', ')}` }),
  sublayers: count('sublayers', MAX_GEMM_DIM).optional(),
});

/** Parse with a SCALE-Sim spec schema; throws one line naming `where`, the field path and the allowed range. */
export function parseSpec<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.length ? `.${issue.path.join('.')}` : '';
    throw new Error(`${where}${path}: ${issue.message}`);
  }
  return r.data;
}

/** Validate one spec; throws an Error whose message names the field and the allowed range. */
export function parseGemmSpec(value: unknown, where = 'gemm'): GemmSpec {
  return parseSpec(GemmSpecSchema, value, where);
}
