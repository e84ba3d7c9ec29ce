// Named hardware designs (docs/model.md §3.1). Values cite docs/sources.md §2; a value marked "assumed" is ours.
import { DEFAULT_HARDWARE, type HardwareSpec } from './params';

export const PRESET_NAMES = ['tpu-v3', 'tpuv4i-like', 'teaching-8x8'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface PresetInfo {
  label: string;
  description: string;
  /** Where each value comes from. */
  sources: string;
}

export const PRESETS: Readonly<Record<PresetName, Readonly<HardwareSpec>>> = {
  // One TPU-v3 chip: 2 TensorCores × 2 MXUs 128×128 (ws), 8 × 128 vector lanes and 16 MiB VMEM per core, no
  // shared on-chip memory, 4 HBM2 stacks = 900 GB/s, 940 MHz, 16 nm. Batch 64: docs/sources.md §8.1's default.
  'tpu-v3': {
    cores: 2, arraysPerCore: 2, arrayRows: 128, arrayCols: 128, dataflow: 'ws', vectorLanesPerCore: 1024,
    localMemoryMiB: 16, globalMemoryMiB: 0, globalMemoryBytesPerCycle: DEFAULT_HARDWARE.globalMemoryBytesPerCycle,
    dramTechnology: 'hbm2', dramStacks: 4, dramGBpsPerStack: 225, clockGhz: 0.94, processNode: '16nm', batch: 64,
  },
  // TPUv4i (Ten Lessons, via docs/sources.md §2.3): 1 core, 4 MXUs 128×128, 128 MiB CMEM (our GMEM), 614 GB/s HBM2
  // (2 stacks × 307 GB/s), 1.05 GHz, 7 nm. Assumed: VMEM and vector unit as in a TPU-v3 core (16 MiB, 1024
  // lanes), CMEM bandwidth = the table's default GMEM bandwidth (2048 B/cycle).
  'tpuv4i-like': {
    cores: 1, arraysPerCore: 4, arrayRows: 128, arrayCols: 128, dataflow: 'ws', vectorLanesPerCore: 1024,
    localMemoryMiB: 16, globalMemoryMiB: 128, globalMemoryBytesPerCycle: DEFAULT_HARDWARE.globalMemoryBytesPerCycle,
    dramTechnology: 'hbm2', dramStacks: 2, dramGBpsPerStack: 307, clockGhz: 1.05, processNode: '7nm', batch: 64,
  },
  // A small design for lessons, small enough to follow by hand: one core, one 8×8 array, the smallest vector
  // unit and local memory in the table, one LPDDR5 x32 device at 6400 MT/s (25.6 GB/s), 1 GHz, batch 1.
  'teaching-8x8': {
    cores: 1, arraysPerCore: 1, arrayRows: 8, arrayCols: 8, dataflow: 'ws', vectorLanesPerCore: 128,
    localMemoryMiB: 1, globalMemoryMiB: 0, globalMemoryBytesPerCycle: 64,
    dramTechnology: 'lpddr5', dramStacks: 1, dramGBpsPerStack: 25.6, clockGhz: 1, processNode: '16nm', batch: 1,
  },
};

export const PRESET_INFO: Readonly<Record<PresetName, PresetInfo>> = {
  'tpu-v3': {
    label: 'TPU-v3 (one chip)',
    description: 'The baseline: 2 cores × 2 MXUs 128×128, 32 MiB VMEM, 900 GB/s HBM2, 940 MHz, 16 nm, TDP 450 W.',
    sources: 'Cloud TPU docs; Hot Chips 2020 (Norrie & Patil); Ten Lessons (ISCA 2021); LLMCompass — docs/sources.md §2.2',
  },
  'tpuv4i-like': {
    label: 'TPUv4i-like',
    description: '1 core × 4 MXUs 128×128, 128 MiB CMEM as GMEM, 614 GB/s HBM2, 1.05 GHz, 7 nm (published TDP 175 W).',
    sources: 'Ten Lessons (ISCA 2021) via docs/sources.md §2.3; VMEM, vector lanes and CMEM bandwidth assumed',
  },
  'teaching-8x8': {
    label: 'Teaching 8×8',
    description: 'One 8×8 array, 128 vector lanes, 1 MiB local memory, one LPDDR5 device: small enough to follow by hand.',
    sources: 'design (our choice; no real chip)',
  },
};

export function presetNames(): PresetName[] {
  return [...PRESET_NAMES];
}

export function isPresetName(name: unknown): name is PresetName {
  return typeof name === 'string' && (PRESET_NAMES as readonly string[]).includes(name);
}
