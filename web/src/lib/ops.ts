// What the Explore charts draw, derived on the main thread from one SimulateReport (pure functions, no DOM):
// per-op bar segments, per-block sums, roofline roofs and points, and a plain-words "why is this op bound".
// Every number comes from the report or from the design's derived quantities (shared/hardware/derived.ts).
import type { SimulateReport, SimulatedOp } from '../../../shared/api/simulate';
import type { Bound } from '../../../shared/core/records';
import {
  clockHz, dramBytesPerCycle, dramBytesPerSecond, localMemoryBytesPerCycle, peakMacsPerCycle, type HardwareSpec,
} from '../../../shared/hardware';
import { num, pct, sig, bytes as fmtBytes } from './format';

/** A bar segment's meaning; also the colour key. */
export type SegmentKind = 'compute' | 'vector' | 'memory' | 'exposed' | 'overhead';
export const BOUNDS: readonly Bound[] = ['compute', 'vector', 'memory', 'overhead'];

/** Okabe–Ito colours (readable by colour-blind viewers), one per bound; exposed transfers in a light memory tone. */
export const COLORS: Record<SegmentKind | 'gmem' | 'dram' | 'weight' | 'activation', string> = {
  compute: '#0072B2',
  vector: '#009E73',
  memory: '#D55E00',
  exposed: '#F2B48C',
  overhead: '#8C8C8C',
  dram: '#D55E00',
  gmem: '#CC79A7',
  weight: '#56B4E9',
  activation: '#E69F00', // not GMEM's pink: the fusion map shows both in one legend
};

export const SEGMENT_LABELS: Record<SegmentKind, string> = {
  compute: 'systolic arrays busy',
  vector: 'vector unit busy',
  memory: 'memory busy (DRAM, GMEM or local)',
  exposed: 'exposed transfer (not overlapped)',
  overhead: 'fixed per-op overhead',
};

export const BOUND_LABELS: Record<Bound, string> = {
  compute: 'compute (systolic arrays)',
  vector: 'vector unit',
  memory: 'memory',
  overhead: 'per-op overhead',
};

export interface Segment { kind: SegmentKind; y0: number; y1: number }

export interface OpBar {
  /** Executed-op index (program order). */
  index: number;
  name: string;
  block: string;
  bound: Bound;
  cycles: number;
  segments: Segment[];
}

export function blockOf(op: Pick<SimulatedOp, 'name' | 'block'>): string {
  if (op.block) return op.block;
  const i = op.name.lastIndexOf('/');
  return i > 0 ? op.name.slice(0, i) : op.name;
}

/** The unit that is busy longest (the op's bound unless the fixed overhead dominates). */
export function busiestUnit(op: SimulatedOp): 'compute' | 'vector' | 'memory' {
  if (op.computeCycles >= op.vectorCycles && op.computeCycles >= op.memoryCycles) return 'compute';
  return op.vectorCycles >= op.memoryCycles ? 'vector' : 'memory';
}

/**
 * The op's cycles that neither its busiest unit nor the fixed overhead account for: the first tile's load that a
 * double-buffered schedule cannot overlap (the core's `exposedCycles`, up to rounding) or, for a single-buffered
 * schedule, what its serialized compute and DRAM/GMEM transfers take beyond the busiest unit (the core's
 * `exposedCycles` is 0 there). Derived from the report, not carried, so the segments always sum to the op's cycles.
 */
function exposedTransferCycles(op: SimulatedOp): number {
  return Math.max(0, op.cycles - Math.max(op.computeCycles, op.vectorCycles, op.memoryCycles) - op.overheadCycles);
}

/**
 * One op's time as stacked segments: the busiest unit's cycles (everything else overlaps it), the transfer time
 * that does not overlap (exposed), and the fixed overhead. They sum to the op's cycles.
 */
export function opSegments(op: SimulatedOp): Segment[] {
  const unit = busiestUnit(op);
  const busy = Math.max(op.computeCycles, op.vectorCycles, op.memoryCycles);
  const exposed = exposedTransferCycles(op);
  // In stack order, without intermediate [kind, value] pairs (this runs for every op of every result).
  const out: Segment[] = [];
  let y = 0;
  const first = Math.min(busy, op.cycles);
  if (first > 0) { out.push({ kind: unit, y0: y, y1: y + first }); y += first; }
  if (exposed > 0) { out.push({ kind: 'exposed', y0: y, y1: y + exposed }); y += exposed; }
  if (op.overheadCycles > 0) out.push({ kind: 'overhead', y0: y, y1: y + op.overheadCycles });
  return out;
}

export function opBars(report: SimulateReport): OpBar[] {
  return report.ops.map((op, index) => ({
    index, name: op.name, block: blockOf(op), bound: op.bound, cycles: op.cycles, segments: opSegments(op),
  }));
}

export interface BlockBar {
  index: number;
  name: string;
  /** Executed-op indices [first, last]. */
  first: number;
  last: number;
  cycles: number;
  /** Cycles of the block's ops by their bound. */
  byBound: Record<Bound, number>;
  segments: Segment[];
  bound: Bound;
}

/** Consecutive ops of the same block, with their cycles summed by bound. */
export function blockBars(report: SimulateReport): BlockBar[] {
  const out: BlockBar[] = [];
  report.ops.forEach((op, i) => {
    const name = blockOf(op);
    let b = out[out.length - 1];
    if (!b || b.name !== name) {
      b = { index: out.length, name, first: i, last: i, cycles: 0, byBound: { compute: 0, vector: 0, memory: 0, overhead: 0 }, segments: [], bound: 'compute' };
      out.push(b);
    }
    b.last = i;
    b.cycles += op.cycles;
    b.byBound[op.bound] += op.cycles;
  });
  for (const b of out) {
    let y = 0;
    for (const k of BOUNDS) {
      const v = b.byBound[k];
      if (v > 0) { b.segments.push({ kind: k, y0: y, y1: y + v }); y += v; }
    }
    b.bound = BOUNDS.reduce((best, k) => (b.byBound[k] > b.byBound[best] ? k : best), 'compute' as Bound);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Roofline
// ---------------------------------------------------------------------------------------------------------

export interface Roofs {
  /** 2 × peak MACs per second of all systolic arrays. */
  arrayOpsPerSecond: number;
  /** Vector-lane ops per second of all cores. */
  vectorOpsPerSecond: number;
  dramBytesPerSecond: number;
}

export function roofs(h: HardwareSpec): Roofs {
  const hz = clockHz(h);
  return {
    arrayOpsPerSecond: 2 * peakMacsPerCycle(h) * hz,
    vectorOpsPerSecond: h.cores * h.vectorLanesPerCore * hz,
    dramBytesPerSecond: dramBytesPerSecond(h),
  };
}

export interface RooflinePoint {
  index: number;
  name: string;
  bound: Bound;
  unit: 'systolic' | 'vector';
  /** Ops per DRAM byte (Infinity when the op moves no DRAM bytes: all its tensors are on chip). */
  intensity: number;
  /** Ops per second the op attains. */
  attained: number;
  /** The op's work: 2 per MAC on the arrays; vector-lane ops on the vector unit. */
  work: number;
}

/** The op's work as the roofline counts it: 2 ops per MAC on the arrays, vector-lane ops on the vector unit. */
export function opWork(op: SimulatedOp): number {
  return op.schedule.unit === 'systolic' ? 2 * op.macs : op.vectorOps;
}

export function rooflinePoints(report: SimulateReport, h: HardwareSpec): RooflinePoint[] {
  const hz = clockHz(h);
  const out: RooflinePoint[] = [];
  report.ops.forEach((op, index) => {
    const work = opWork(op);
    if (!(work > 0) || !(op.cycles > 0)) return;
    out.push({
      index, name: op.name, bound: op.bound, unit: op.schedule.unit, work,
      intensity: op.dramBytes > 0 ? work / op.dramBytes : Infinity,
      attained: work / (op.cycles / hz),
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Why an op is bound, in words, with the model's numbers
// ---------------------------------------------------------------------------------------------------------

export interface OpExplanation {
  headline: string;
  details: string[];
  /** Each unit's / level's cycles, for the overlap bars of the detail panel. */
  units: { label: string; cycles: number; kind: SegmentKind | 'dram' | 'gmem' | 'local' }[];
  exposedCycles: number;
}

const c = (v: number) => `${num(v)} cycles`;

export function explainOp(op: SimulatedOp, h: HardwareSpec): OpExplanation {
  const exposed = exposedTransferCycles(op);
  const units = [
    { label: 'systolic arrays', cycles: op.computeCycles, kind: 'compute' as const },
    { label: 'vector unit', cycles: op.vectorCycles, kind: 'vector' as const },
    { label: 'DRAM', cycles: op.dramCycles, kind: 'dram' as const },
    { label: 'GMEM', cycles: op.gmemCycles, kind: 'gmem' as const },
    { label: 'local memory', cycles: op.localCycles, kind: 'local' as const },
    { label: 'fixed overhead', cycles: op.overheadCycles, kind: 'overhead' as const },
  ];
  const others = units.filter((u) => u.kind !== 'overhead').sort((a, b) => b.cycles - a.cycles);
  const peak = peakMacsPerCycle(h);
  const lanes = h.cores * h.vectorLanesPerCore;
  const details: string[] = [];
  let headline: string;
  const second = (skip: string) => others.find((u) => u.label !== skip && u.cycles > 0);

  switch (op.bound) {
    case 'compute': {
      const ideal = op.macs / peak;
      headline = `Compute-bound: the systolic arrays need ${c(op.computeCycles)}.`;
      details.push(`${num(op.macs)} MACs at the design's ${num(peak)} MACs per cycle would take ${c(ideal)} at full use; `
        + `the op reaches ${pct(op.utilization)} utilization. Mapping efficiency ${pct(op.mappingEfficiency)}: the share of each `
        + `${h.arrayRows}×${h.arrayCols} array's PEs its tiles fill (padding, folds and the core/array split waste the rest, with fill and drain).`);
      const s = second('systolic arrays');
      if (s) details.push(`Next is ${s.label} at ${c(s.cycles)}, which overlaps the arrays' work.`);
      break;
    }
    case 'vector': {
      headline = `Vector-bound: the vector unit needs ${c(op.vectorCycles)}.`;
      details.push(`${num(op.vectorOps)} vector-lane ops over ${num(lanes)} lanes (${h.cores} core${h.cores > 1 ? 's' : ''} × ${num(h.vectorLanesPerCore)}) = ${c(op.vectorCycles)}.`);
      if (op.schedule.unit === 'systolic' && op.fused.length) {
        details.push(`The work comes from the fused epilogue (${op.fused.map((f) => f.split('/').pop()).join(', ')}) of a GEMM whose arrays need only ${c(op.computeCycles)}.`);
      }
      const s = second('vector unit');
      if (s) details.push(`Next is ${s.label} at ${c(s.cycles)}.`);
      break;
    }
    case 'memory': {
      const level = [
        { label: 'DRAM', cycles: op.dramCycles, bytes: op.dramBytes, bpc: dramBytesPerCycle(h) },
        { label: 'GMEM', cycles: op.gmemCycles, bytes: op.gmemBytes, bpc: h.globalMemoryBytesPerCycle },
        { label: 'local memory', cycles: op.localCycles, bytes: NaN, bpc: localMemoryBytesPerCycle(h) },
      ].sort((a, b) => b.cycles - a.cycles)[0];
      headline = `Memory-bound: ${level.label} transfers need ${c(level.cycles)}.`;
      details.push(Number.isFinite(level.bytes)
        ? `${fmtBytes(level.bytes)} at ${sig(level.bpc)} B/cycle = ${c(level.cycles)}, more than the arrays (${c(op.computeCycles)}) and the vector unit (${c(op.vectorCycles)}).`
        : `Local-memory traffic at ${sig(level.bpc)} B/cycle per core takes ${c(level.cycles)}, more than the arrays (${c(op.computeCycles)}) and the vector unit (${c(op.vectorCycles)}).`);
      const work = opWork(op);
      if (level.label === 'DRAM' && op.dramBytes > 0 && work > 0) {
        const r = roofs(h);
        const ridge = (op.schedule.unit === 'systolic' ? r.arrayOpsPerSecond : r.vectorOpsPerSecond) / r.dramBytesPerSecond;
        details.push(`Its intensity, ${sig(work / op.dramBytes)} ops per DRAM byte, is below the ridge point of the ${op.schedule.unit === 'systolic' ? 'arrays' : 'vector unit'} (${sig(ridge)} ops/byte).`);
      }
      break;
    }
    case 'overhead':
    default: {
      headline = `Overhead-bound: the fixed per-op cost (${c(op.overheadCycles)}) exceeds the op's work.`;
      details.push(`The busiest unit, ${others[0].label}, needs only ${c(others[0].cycles)}: the op is too small to keep the chip busy. Fusing it into a neighbour or batching more would amortize the overhead.`);
      break;
    }
  }
  if (exposed > 0.5) details.push(`${c(exposed)} of the first tile's load are exposed (not overlapped with compute).`);
  return { headline, details, units, exposedCycles: exposed };
}

/** The op's schedule in words. */
export function describeSchedule(op: SimulatedOp): [string, string][] {
  const s = op.schedule;
  if (s.unit === 'vector') {
    return [
      ['unit', 'vector unit'],
      ['split over cores', s.coreSplit],
      ['double buffering', s.doubleBuffer ? 'on' : 'off'],
    ];
  }
  return [
    ['unit', 'systolic arrays'],
    ['split over cores', s.coreSplit],
    ['split over arrays', s.arraySplit],
    ['loop order', s.loopOrder],
    ['tile M × N × K', `${num(s.tileM)} × ${num(s.tileN)} × ${num(s.tileK)}`],
    ['double buffering', s.doubleBuffer ? 'on' : 'off'],
    ['packed products', s.pack > 1 ? `${s.pack} (block-diagonal)` : 'none'],
  ];
}
