// Scoring schedule candidates of the current op: the bytes a candidate moves at each memory level (DRAM, GMEM, local
// memory), the cycles that follow from the machine's bandwidths, and the best candidate so far. The searches
// (perf-search.ts, perf-vector.ts) fill the one reused `cand` and call consider(); perf.ts writes `best` out.
// Equations: docs/model.md §4.2 (memory traffic, double buffering).
import { LOC_GMEM, LOC_LOCAL, UNIT_SYSTOLIC, SPLIT_M, SPLIT_N, ORDER_B_RESIDENT } from './abi';
import { Machine, INF } from './perf-machine';

/** Where the current op's operands live (LOC_*) and the extra inputs it reads; set once per op from its record
 * (perf.ts). One op at a time, so static fields, as Machine's. */
@final export abstract class Placement {
  static aLoc: f64 = 0;
  static bLoc: f64 = 0;
  static cLoc: f64 = 0;
  /** Bytes of extra inputs (fused residuals, BN parameters, second inputs) in DRAM and in GMEM. */
  static extraDram: f64 = 0;
  static extraGmem: f64 = 0;
}

/**
 * One schedule of the current op: the choices, the work and bytes they imply, and (once considered) its cycles.
 * Fields have no initializers: the two instances below live in static memory, not on the heap, and every field is
 * written before it is read (best by reset() at the start of each op, cand by the searches before consider()).
 */
@final @unmanaged class Schedule {
  // the choices: UNIT_*, SPLIT_* over cores and over a core's arrays, ORDER_*, tiles, double buffering, packing
  unit: f64; coreSplit: f64; arraySplit: f64; order: f64; tileM: f64; tileN: f64; tileK: f64;
  doubleBuffer: bool; pack: f64;
  // the work: busy cycles of the arrays and of the vector unit, vector ops, useful / occupied PE slots, and the
  // cycles of the first load that double buffering cannot hide
  compute: f64; vector: f64; vectorOps: f64; mapping: f64; exposed: f64;
  // bytes per level (DRAM and GMEM: chargeOperands; local memory), and per operand at its level (A, B, C, extras)
  dramBytes: f64; gmemBytes: f64; l1Bytes: f64; aBytes: f64; bBytes: f64; cBytes: f64; extraBytes: f64;
  // the cycles (consider): in all, and of each level's transfers
  cycles: f64; dram: f64; gmem: f64; l1: f64;

  /** "Nothing found yet": infinite cycles, the defaults of an empty result. */
  reset(): void {
    this.unit = UNIT_SYSTOLIC; this.coreSplit = SPLIT_M; this.arraySplit = SPLIT_N; this.order = ORDER_B_RESIDENT;
    this.tileM = 0; this.tileN = 0; this.tileK = 0; this.doubleBuffer = true; this.pack = 1;
    this.compute = 0; this.vector = 0; this.vectorOps = 0; this.mapping = 1; this.exposed = 0;
    this.dramBytes = 0; this.gmemBytes = 0; this.l1Bytes = 0; this.aBytes = 0; this.bBytes = 0; this.cBytes = 0;
    this.extraBytes = 0; this.cycles = INF; this.dram = 0; this.gmem = 0; this.l1 = 0;
  }

  copyFrom(s: Schedule): void {
    this.unit = s.unit; this.coreSplit = s.coreSplit; this.arraySplit = s.arraySplit; this.order = s.order;
    this.tileM = s.tileM; this.tileN = s.tileN; this.tileK = s.tileK; this.doubleBuffer = s.doubleBuffer; this.pack = s.pack;
    this.compute = s.compute; this.vector = s.vector; this.vectorOps = s.vectorOps; this.mapping = s.mapping;
    this.exposed = s.exposed; this.dramBytes = s.dramBytes; this.gmemBytes = s.gmemBytes; this.l1Bytes = s.l1Bytes;
    this.aBytes = s.aBytes; this.bBytes = s.bBytes; this.cBytes = s.cBytes; this.extraBytes = s.extraBytes;
    this.cycles = s.cycles; this.dram = s.dram; this.gmem = s.gmem; this.l1 = s.l1;
  }
}

// The candidate being scored (filled by the searches, one instance for all candidates) and the best one so far.
// Both sit at fixed addresses in static memory (memory.data), so a field access is one load from a constant
// address, as cheap as a global; a heap object would add a pointer load to every access in the search's inner loop.
export const cand = changetype<Schedule>(memory.data(offsetof<Schedule>(), 8));
export const best = changetype<Schedule>(memory.data(offsetof<Schedule>(), 8));

/** Charge `bytes` to the level `loc`: GMEM, DRAM (any code but GMEM and LOCAL), or nothing for a tensor resident in
 * local memory (its transfers through local memory are in the candidate's l1Bytes already). */
@inline function addBytes(bytes: f64, loc: f64): void {
  if (loc == LOC_GMEM) cand.gmemBytes += bytes; else if (loc != LOC_LOCAL) cand.dramBytes += bytes;
}

/** Charge the candidate's A, B and C bytes, and the op's extra inputs, to the levels where they live. */
@inline export function chargeOperands(a: f64, b: f64, c: f64): void {
  cand.dramBytes = 0; cand.gmemBytes = 0; cand.aBytes = a; cand.bBytes = b; cand.cBytes = c;
  addBytes(a, Placement.aLoc); addBytes(b, Placement.bLoc); addBytes(c, Placement.cLoc);
  cand.dramBytes += Placement.extraDram; cand.gmemBytes += Placement.extraGmem;
  cand.extraBytes = Placement.extraDram + Placement.extraGmem;
}

/** Bandwidth, in bytes per cycle, of the level `loc` (LOC_*): local memory is every core's together. */
@inline export function levelBw(loc: f64): f64 {
  return loc == LOC_GMEM ? Machine.gmemBw : loc == LOC_LOCAL ? Machine.l1Bw * Machine.cores : Machine.dramBw;
}

/** The cycles of the candidate `cand` given its DRAM, GMEM and local-memory transfer cycles. */
@inline function cyclesWith(dram: f64, gmem: f64, l1: f64): f64 {
  const c = cand;
  return c.doubleBuffer
    ? Math.max(Math.max(c.compute, c.vector), Math.max(Math.max(dram, gmem), l1)) + c.exposed
    : Math.max(Math.max(c.compute, c.vector), l1) + dram + gmem;
}

/** The cycles of the complete candidate `cand`, as consider() scores it (no side effects). */
export function candCycles(): f64 {
  const c = cand;
  const dram = c.dramBytes / Machine.dramBw, gmem = c.gmemBytes > 0 ? c.gmemBytes / Machine.gmemBw : 0;
  return cyclesWith(dram, gmem, c.l1Bytes / Machine.l1Bw);
}

/** Score the complete candidate `cand`; it becomes `best` when faster. */
export function consider(): void {
  const c = cand;
  const dram = c.dramBytes / Machine.dramBw, gmem = c.gmemBytes > 0 ? c.gmemBytes / Machine.gmemBw : 0;
  const l1 = c.l1Bytes / Machine.l1Bw;
  const cycles = cyclesWith(dram, gmem, l1);
  if (cycles < best.cycles) {
    c.cycles = cycles; c.dram = dram; c.gmem = gmem; c.l1 = l1;
    best.copyFrom(c);
  }
}
