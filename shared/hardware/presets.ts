// Named hardware designs (docs/model.md §3.1). Values cite docs/sources.md §2; a value marked "assumed" is ours.
import { DEFAULT_HARDWARE, type HardwareSpec } from './params';

export const PRESET_NAMES = ['tpu-v2', 'tpu-v3', 'tpuv4i', 'teaching-8x8'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Older names still accepted wherever a preset is named (CLI flags, worker messages, share links). */
export const PRESET_ALIASES: Readonly<Record<string, PresetName>> = { 'tpuv4i-like': 'tpuv4i' };

export interface PresetInfo {
  label: string;
  description: string;
  /** Where each value comes from. */
  sources: string;
  /** A real chip whose published area and TDP the model is validated against (docs/validation.md). */
  real: boolean;
}

export const PRESETS: Readonly<Record<PresetName, Readonly<HardwareSpec>>> = {
  // TPUv2 (docs/sources.md §2.4): 2 TensorCores × 1 MXU 128×128, 700 MHz, 16 GiB HBM (4 stacks × 4 GiB) at 700 GB/s (4 stacks × 175 GB/s),
  // 16 nm, 4 ICI links, a training part. Assumed: VMEM and vector unit per core as TPU-v3's (TPU-v3 doubled the MXUs
  // per core and kept the core otherwise, docs/sources.md §2.4).
  'tpu-v2': {
    cores: 2, arraysPerCore: 1, arrayRows: 128, arrayCols: 128, dataflow: 'ws', vectorLanesPerCore: 1024,
    localMemoryMiB: 16, globalMemoryMiB: 0, globalMemoryBytesPerCycle: DEFAULT_HARDWARE.globalMemoryBytesPerCycle,
    dramTechnology: 'hbm2', dramStacks: 4, dramGBpsPerStack: 175, dramGiBPerStack: 4, clockGhz: 0.7, iciLinks: 4, processNode: '16nm',
    tdpClass: 'training', batch: 64,
  },
  // One TPU-v3 chip: 2 TensorCores × 2 MXUs 128×128 (ws), 8 × 128 vector lanes and 16 MiB VMEM per core, no
  // shared on-chip memory, 4 HBM2 stacks = 900 GB/s and 32 GiB (4 × 8 GiB), 940 MHz, 16 nm, 4 ICI links, a training part. Batch 64:
  // docs/sources.md §8.1's default.
  'tpu-v3': {
    cores: 2, arraysPerCore: 2, arrayRows: 128, arrayCols: 128, dataflow: 'ws', vectorLanesPerCore: 1024,
    localMemoryMiB: 16, globalMemoryMiB: 0, globalMemoryBytesPerCycle: DEFAULT_HARDWARE.globalMemoryBytesPerCycle,
    dramTechnology: 'hbm2', dramStacks: 4, dramGBpsPerStack: 225, dramGiBPerStack: 8, clockGhz: 0.94, iciLinks: 4, processNode: '16nm',
    tdpClass: 'training', batch: 64,
  },
  // TPUv4i (Ten Lessons, via docs/sources.md §2.3): 1 core, 4 MXUs 128×128, 128 MiB CMEM (our GMEM), 614 GB/s HBM2
  // (2 stacks × 307 GB/s) and 8 GiB (2 stacks × 4 GiB; Ten Lessons: 8 GiB HBM), 1.05 GHz, 7 nm, an inference part. Assumed: VMEM and vector unit as in a TPU-v3 core
  // (16 MiB, 1024 lanes), CMEM bandwidth = the table's default GMEM bandwidth (2048 B/cycle), 2 ICI links (Ten
  // Lessons: fewer than the training chips' 4; the count is recalled, not verified).
  'tpuv4i': {
    cores: 1, arraysPerCore: 4, arrayRows: 128, arrayCols: 128, dataflow: 'ws', vectorLanesPerCore: 1024,
    localMemoryMiB: 16, globalMemoryMiB: 128, globalMemoryBytesPerCycle: DEFAULT_HARDWARE.globalMemoryBytesPerCycle,
    dramTechnology: 'hbm2', dramStacks: 2, dramGBpsPerStack: 307, dramGiBPerStack: 4, clockGhz: 1.05, iciLinks: 2, processNode: '7nm',
    tdpClass: 'inference', batch: 64,
  },
  // A small design for lessons, small enough to follow by hand: one core, one 8×8 array, the smallest vector
  // unit and local memory in the table, one LPDDR5 x32 device at 6400 MT/s (25.6 GB/s) of 1 GiB (the smallest in the
  // table: one 8 Gb die), 1 GHz, no chip-to-chip
  // links, an inference part, batch 1.
  'teaching-8x8': {
    cores: 1, arraysPerCore: 1, arrayRows: 8, arrayCols: 8, dataflow: 'ws', vectorLanesPerCore: 128,
    localMemoryMiB: 1, globalMemoryMiB: 0, globalMemoryBytesPerCycle: 64,
    dramTechnology: 'lpddr5', dramStacks: 1, dramGBpsPerStack: 25.6, dramGiBPerStack: 1, clockGhz: 1, iciLinks: 0, processNode: '16nm',
    tdpClass: 'inference', batch: 1,
  },
};

export const PRESET_INFO: Readonly<Record<PresetName, PresetInfo>> = {
  'tpu-v2': {
    label: 'TPUv2 (one chip)',
    description: '2 cores × 1 MXU 128×128, 32 MiB VMEM, 16 GiB HBM at 700 GB/s, 700 MHz, 16 nm, 4 ICI links; published die < 625 mm², TDP 280 W (air-cooled).',
    sources: 'Ten Lessons (ISCA 2021); Norrie et al. (IEEE Micro 2021) — docs/sources.md §2.4; VMEM and vector lanes assumed as TPU-v3\'s',
    real: true,
  },
  'tpu-v3': {
    label: 'TPU-v3 (one chip)',
    description: 'The baseline: 2 cores × 2 MXUs 128×128, 32 MiB VMEM, 32 GiB HBM2 at 900 GB/s, 940 MHz, 16 nm, 4 ICI links; published die < 700 mm², TDP 450 W.',
    sources: 'Cloud TPU docs; Hot Chips 2020 (Norrie & Patil); Ten Lessons (ISCA 2021); LLMCompass — docs/sources.md §2.2',
    real: true,
  },
  'tpuv4i': {
    label: 'TPUv4i',
    description: '1 core × 4 MXUs 128×128, 128 MiB CMEM as GMEM, 8 GiB HBM2 at 614 GB/s, 1.05 GHz, 7 nm, 2 ICI links; published die < 400 mm², TDP 175 W.',
    sources: 'Ten Lessons (ISCA 2021) via docs/sources.md §2.3; VMEM, vector lanes, CMEM bandwidth and the link count assumed',
    real: true,
  },
  'teaching-8x8': {
    label: 'Teaching 8×8',
    description: 'One 8×8 array, 128 vector lanes, 1 MiB local memory, one 1 GiB LPDDR5 device, no chip-to-chip links: small enough to follow by hand.',
    sources: 'design (our choice; no real chip)',
    real: false,
  },
};

export function presetNames(): PresetName[] {
  return [...PRESET_NAMES];
}

export function isPresetName(name: unknown): name is PresetName {
  return typeof name === 'string' && (PRESET_NAMES as readonly string[]).includes(name);
}

/** A preset's canonical name from a name or an alias ('tpuv4i-like' → 'tpuv4i'); undefined when neither. */
export function resolvePresetName(name: unknown): PresetName | undefined {
  if (isPresetName(name)) return name;
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PRESET_ALIASES, name) ? PRESET_ALIASES[name] : undefined;
}
