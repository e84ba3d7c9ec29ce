// Quantities derived from a HardwareSpec that the simulator, the cost model and the UI share. Pure arithmetic on
// the spec; docs/model.md §3.2. Bytes are 2^20 per MiB; GB/s are 10^9 bytes per second.
import type { HardwareSpec } from './params';

export const BYTES_PER_MIB = 2 ** 20;
export const BYTES_PER_GIB = 2 ** 30;
/** bf16 operands, fp32 accumulators (TPU MXU practice, docs/sources.md §2.2). */
export const OPERAND_BYTES = 2;
export const ACCUMULATOR_BYTES = 4;
/** Depth (rows streamed per stationary tile) of the minimal tile the schema requires local memory to hold. */
export const MIN_TILE_DEPTH = 128;
/** Sublanes per vector lane buffered by the minimal vector tile (TPU vregs are 8 sublanes × 128 lanes). */
export const MIN_VECTOR_TILE_ROWS = 8;

export function clockHz(h: Pick<HardwareSpec, 'clockGhz'>): number {
  return h.clockGhz * 1e9;
}

/** Total DRAM bandwidth: stacks (or devices) × per-stack rate. tpu-v3: 4 × 225 GB/s = 9.0e11 B/s. */
export function dramBytesPerSecond(h: Pick<HardwareSpec, 'dramStacks' | 'dramGBpsPerStack'>): number {
  return h.dramStacks * h.dramGBpsPerStack * 1e9;
}

/** DRAM capacity: stacks (or devices) × GiB per stack, bytes. tpu-v3: 4 × 8 GiB = 32 GiB = 3.44e10 B. */
export function dramCapacityBytes(h: Pick<HardwareSpec, 'dramStacks' | 'dramGiBPerStack'>): number {
  return h.dramStacks * h.dramGiBPerStack * BYTES_PER_GIB;
}

/** DRAM bytes per core clock cycle (what a cycle-level model consumes). */
export function dramBytesPerCycle(h: Pick<HardwareSpec, 'dramStacks' | 'dramGBpsPerStack' | 'clockGhz'>): number {
  return dramBytesPerSecond(h) / clockHz(h);
}

/** MACs per cycle of all systolic arrays: cores · arraysPerCore · rows · cols. tpu-v3: 65,536. */
export function peakMacsPerCycle(h: Pick<HardwareSpec, 'cores' | 'arraysPerCore' | 'arrayRows' | 'arrayCols'>): number {
  return h.cores * h.arraysPerCore * h.arrayRows * h.arrayCols;
}

/** 2 FLOP per MAC × MACs per cycle × clock. tpu-v3: 2 · 65,536 · 0.94e9 = 1.232e14 (123 TFLOPS). */
export function peakFlopsPerSecond(h: Pick<HardwareSpec, 'cores' | 'arraysPerCore' | 'arrayRows' | 'arrayCols' | 'clockGhz'>): number {
  return 2 * peakMacsPerCycle(h) * clockHz(h);
}

/** Local memory of ONE core, bytes. */
export function localMemoryBytes(h: Pick<HardwareSpec, 'localMemoryMiB'>): number {
  return h.localMemoryMiB * BYTES_PER_MIB;
}

/** Shared global memory (GMEM), bytes (0: none). */
export function globalMemoryBytes(h: Pick<HardwareSpec, 'globalMemoryMiB'>): number {
  return h.globalMemoryMiB * BYTES_PER_MIB;
}

/** GMEM bandwidth in bytes/s; 0 when the design has no GMEM. */
export function globalMemoryBytesPerSecond(h: Pick<HardwareSpec, 'globalMemoryMiB' | 'globalMemoryBytesPerCycle' | 'clockGhz'>): number {
  return h.globalMemoryMiB > 0 ? h.globalMemoryBytesPerCycle * clockHz(h) : 0;
}

/**
 * Operand port of ONE systolic array, bytes per cycle (design, the simulator's rule): it reads an R-wide and a
 * C-wide bf16 operand row and writes a C-wide fp32 row per cycle. 128×128: 2·(128 + 128) + 4·128 = 1,024 B/cycle.
 * The cost model sizes and powers each array's operand-delivery datapath by it (it grows with the array's edge,
 * R + C, not with its R·C MACs).
 */
export function arrayPortBytesPerCycle(h: Pick<HardwareSpec, 'arrayRows' | 'arrayCols'>): number {
  return (h.arrayRows + h.arrayCols) * OPERAND_BYTES + h.arrayCols * ACCUMULATOR_BYTES;
}

/** Local-memory bytes per cycle the vector unit of ONE core moves at peak: each lane reads 2 and writes 1 bf16 operand. */
export function vectorPortBytesPerCycle(h: Pick<HardwareSpec, 'vectorLanesPerCore'>): number {
  return h.vectorLanesPerCore * 3 * OPERAND_BYTES;
}

/**
 * Local-memory port width of ONE core, bytes per cycle, provisioned to feed every unit at peak (design, the
 * same rule as the simulator's machine): arraysPerCore · arrayPortBytesPerCycle + vectorPortBytesPerCycle.
 * tpu-v3: 2·(256·2 + 128·4) + 1024·6 = 8,192 B/cycle. The cost model uses it only for the local memory's
 * access energy (not for any area).
 */
export function localMemoryBytesPerCycle(h: Pick<HardwareSpec, 'arraysPerCore' | 'arrayRows' | 'arrayCols' | 'vectorLanesPerCore'>): number {
  return h.arraysPerCore * arrayPortBytesPerCycle(h) + vectorPortBytesPerCycle(h);
}

/**
 * The smallest local memory (bytes, one core) the schema accepts (design): double-buffered minimal tiles for
 * every array — its stationary R×C bf16 tile, a 128-row × R bf16 streaming tile and a 128-row × C fp32
 * accumulator tile — plus double-buffered 8-row tiles of the vector unit's two inputs and one output.
 * tpu-v3: 2·2·(32 KiB + 32 KiB + 64 KiB) + 2·8·1024·3·2 B = 608 KiB ≪ 16 MiB; 8 arrays of 256×256 with 8192
 * lanes need 5.75 MiB (so at least 6 MiB).
 */
export function minLocalMemoryBytes(h: Pick<HardwareSpec, 'arraysPerCore' | 'arrayRows' | 'arrayCols' | 'vectorLanesPerCore'>): number {
  const R = h.arrayRows, C = h.arrayCols, D = MIN_TILE_DEPTH;
  const array = R * C * OPERAND_BYTES + D * R * OPERAND_BYTES + D * C * ACCUMULATOR_BYTES;
  const vector = MIN_VECTOR_TILE_ROWS * h.vectorLanesPerCore * 3 * OPERAND_BYTES;
  return 2 * (h.arraysPerCore * array + vector);
}
