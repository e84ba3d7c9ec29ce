// Validation of hardware designs (zod), derived from the parameter table: every field must lie in its domain,
// no unknown fields, and two cross-field rules — the DRAM per-stack rate must fit its technology, and local
// memory must hold the minimal tiles (derived.ts). Messages name the field and the allowed range, so nothing
// invalid ever reaches the Wasm core. Partial designs: `{ "base": "<preset>", ...fields }`. docs/model.md §3.1.
import { z } from 'zod';
import {
  DEFAULT_HARDWARE, DRAM_INTERFACES, PARAMS, PARAM_IDS, describeDomain, dramGBpsRange, dramGiBChoices, inDomain, nearestDramGiB, outOfDomainMessage, showValue as show,
  type HardwareSpec, type Param, type ParamId,
} from './params';
import { BYTES_PER_MIB, minLocalMemoryBytes } from './derived';
import { PRESETS, PRESET_NAMES, resolvePresetName, type PresetName } from './presets';

export interface HardwareIssue {
  /** The offending field ('' for the object as a whole). */
  field: string;
  /** One line naming the field and the allowed range. */
  message: string;
}

/** Parameters added after the first designs were saved; absent, they take the table's defaults. */
export const LATER_FIELDS: readonly ParamId[] = ['iciLinks', 'tdpClass', 'dramGiBPerStack'];

function fieldMessage(p: Param, input: unknown): string {
  if (input === undefined) return `${p.id} is required (${describeDomain(p.domain, p.unit)}); or give "base": "<preset>" to start from a preset`;
  return outOfDomainMessage(p.id, input);
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function unknownFieldMessage(key: string): string {
  const near = [...PARAM_IDS, 'base'].find((id) => id.toLowerCase() === key.toLowerCase() || editDistance(id, key) <= 2);
  const hint = near ? `; did you mean "${near}"?` : `; known fields: ${PARAM_IDS.join(', ')}, base`;
  return `unknown field ${JSON.stringify(key)}${hint}`;
}

/** Cross-field rules on a design whose fields are each in their domain. */
export function crossFieldIssues(h: HardwareSpec): HardwareIssue[] {
  const issues: HardwareIssue[] = [];
  const [lo, hi] = dramGBpsRange(h.dramTechnology);
  if (h.dramGBpsPerStack < lo || h.dramGBpsPerStack > hi) {
    const unit = DRAM_INTERFACES[h.dramTechnology].unit;
    issues.push({
      field: 'dramGBpsPerStack',
      message: `dramGBpsPerStack must be ${lo}…${hi} GB/s per ${unit} for ${h.dramTechnology} (got ${h.dramGBpsPerStack})`,
    });
  }
  const gib = dramGiBChoices(h.dramTechnology);
  if (!gib.includes(h.dramGiBPerStack)) {
    const unit = DRAM_INTERFACES[h.dramTechnology].unit;
    issues.push({
      field: 'dramGiBPerStack',
      message: `dramGiBPerStack must be one of ${gib.join(', ')} GiB per ${unit} for ${h.dramTechnology} (got ${h.dramGiBPerStack})`,
    });
  }
  const needMiB = Math.ceil(minLocalMemoryBytes(h) / BYTES_PER_MIB);
  if (h.localMemoryMiB < needMiB) {
    issues.push({
      field: 'localMemoryMiB',
      message: `localMemoryMiB must be ${needMiB}…64 MiB for this design: double-buffered minimal tiles of `
        + `${h.arraysPerCore} array(s) of ${h.arrayRows}×${h.arrayCols} and ${h.vectorLanesPerCore} vector lanes need `
        + `${(minLocalMemoryBytes(h) / BYTES_PER_MIB).toFixed(2)} MiB (got ${h.localMemoryMiB})`,
    });
  }
  return issues;
}

const fieldSchema = (p: Param) => z.custom<HardwareSpec[ParamId]>((v) => inDomain(p.domain, v), { error: (iss) => fieldMessage(p, iss.input) });

/** Fields only: each in its table domain, no unknown keys. */
export const HardwareFieldsSchema = z.object(Object.fromEntries(PARAMS.map((p) => [p.id, fieldSchema(p)]))).strict();

/** A complete design: fields + cross-field rules. Its issues carry the one-line messages described above. */
export const HardwareSpecSchema = HardwareFieldsSchema.superRefine((h, ctx) => {
  const spec = h as HardwareSpec;
  if (!PARAMS.every((p) => inDomain(p.domain, spec[p.id]))) return;
  for (const i of crossFieldIssues(spec)) ctx.addIssue({ code: 'custom', path: [i.field], message: i.message });
}) as unknown as z.ZodType<HardwareSpec>;

function toIssues(error: z.ZodError): HardwareIssue[] {
  return error.issues.flatMap((i): HardwareIssue[] => {
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: k, message: unknownFieldMessage(k) }));
    return [{ field: i.path.map(String).join('.'), message: i.message }];
  });
}

export type HardwareValidation = { ok: true; spec: HardwareSpec } | { ok: false; issues: HardwareIssue[] };

/**
 * Validate a design; returns every issue (for inline display). Accepts a complete design, or a partial one
 * with `"base": "<preset name>"`: the named preset's values fill the fields the object leaves out.
 */
export function validateHardwareSpec(value: unknown): HardwareValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ field: '', message: `expected an object of hardware fields (got ${show(value)})` }] };
  }
  const { base, ...fields } = value as Record<string, unknown>;
  let merged: Record<string, unknown> = fields;
  if (base !== undefined) {
    const preset = resolvePresetName(base);
    if (!preset) {
      return { ok: false, issues: [{ field: 'base', message: `base must be one of ${PRESET_NAMES.join(', ')} (got ${show(base)})` }] };
    }
    merged = { ...PRESETS[preset], ...fields };
    // A technology given without a capacity takes the capacity of its own nearest the preset's (as the page's
    // technology switch does): `{ base: 'tpu-v3', dramTechnology: 'gddr6', dramGBpsPerStack: 64 }` is 4 × 2 GiB.
    const tech = fields.dramTechnology;
    if (!('dramGiBPerStack' in fields) && typeof tech === 'string' && Object.hasOwn(DRAM_INTERFACES, tech)) {
      merged.dramGiBPerStack = nearestDramGiB(tech as HardwareSpec['dramTechnology'], PRESETS[preset].dramGiBPerStack);
    }
  }
  // Fields added after designs were first saved (Fidelity I): a file, checkpoint or link without them reads them
  // as the table's defaults (tpu-v3's), so older designs stay valid and price as they were described; the DRAM
  // capacity (issue 20) as the capacity of its technology nearest tpu-v3's 8 GiB per stack.
  for (const id of LATER_FIELDS) {
    if (id in merged) continue;
    const tech = merged.dramTechnology;
    const v = id === 'dramGiBPerStack' && typeof tech === 'string' && Object.hasOwn(DRAM_INTERFACES, tech)
      ? nearestDramGiB(tech as HardwareSpec['dramTechnology'], DEFAULT_HARDWARE.dramGiBPerStack)
      : DEFAULT_HARDWARE[id];
    merged = { ...merged, [id]: v };
  }
  const r = HardwareSpecSchema.safeParse(merged);
  return r.success ? { ok: true, spec: r.data } : { ok: false, issues: toIssues(r.error) };
}

/**
 * Validate a design (complete, or partial over `"base": "<preset>"`); throws an Error whose one-line message
 * names the first offending field and its allowed range, e.g.
 * `hardware: cores must be one of 1, 2, 4, 8 (got 3)`.
 */
export function parseHardwareSpec(value: unknown, where = 'hardware'): HardwareSpec {
  const r = validateHardwareSpec(value);
  if (r.ok) return r.spec;
  throw new Error(`${where}: ${r.issues[0].message}`);
}

/** A preset with some fields replaced, validated (same rules and messages as parseHardwareSpec). */
export function hardwareFromPreset(base: PresetName, overrides: Partial<HardwareSpec> = {}, where = 'hardware'): HardwareSpec {
  return parseHardwareSpec({ ...overrides, base }, where);
}
