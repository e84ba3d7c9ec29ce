// Resolve a `--hardware H` argument: a preset name, or a JSON file holding a design (complete, or partial over
// `"base": "<preset>"`). Every failure is a UsageError with one line naming the problem (exit 2).
import { basename } from 'node:path';
import { parseHardwareSpec, presetNames, resolvePresetName, PRESETS, type HardwareSpec } from '../shared/hardware';
import { readText, UsageError } from './errors';

export interface ResolvedHardware {
  /** The preset name, or the file's base name without `.json`. */
  name: string;
  spec: HardwareSpec;
}

/** Largest hardware design file read (a design is a few hundred bytes of JSON). */
export const MAX_HARDWARE_FILE_BYTES = 2 ** 20;

const looksLikeFile = (arg: string) => /[\\/]/.test(arg) || /\.json$/i.test(arg);

export async function resolveHardware(arg: string): Promise<ResolvedHardware> {
  const preset = resolvePresetName(arg);
  if (preset) return { name: preset, spec: { ...PRESETS[preset] } };
  if (!looksLikeFile(arg)) {
    throw new UsageError(`unknown hardware "${arg}": not a preset (${presetNames().join(', ')}) or a .json file`);
  }
  const text = await readText(arg, 'hardware file', MAX_HARDWARE_FILE_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`hardware file "${arg}": invalid JSON (${(e as Error).message.replace(/\s*\n\s*/g, ' ')})`);
  }
  try {
    return { name: basename(arg).replace(/\.json$/i, ''), spec: parseHardwareSpec(value, `hardware file "${arg}"`) };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
