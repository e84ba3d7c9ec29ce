// The design's own blocks against what the chip carries whatever the design (shared/hardware/cost.ts: the fixed
// lines, CostLine.fixed, with their proportional share of unattributed area, leakage and the rating; the rest is
// ownAreaMm2/ownWatts). On a small design (the 8×8 teaching chip) the carried part is most of the die and the
// TDP, so its area, TDP and Perf/TDP say more about the fixed lines than about the arrays: the page says so.
import type { HardwareCostResult } from '../../../shared/hardware';
import { num, pct } from './format';

export interface CarriedShare {
  ownAreaMm2: number;
  ownWatts: number;
  /** Area and TDP the chip carries whatever the design (total − own). */
  carriedAreaMm2: number;
  carriedWatts: number;
  /** carried / total. */
  areaShare: number;
  wattsShare: number;
  /** The carried part is more than half of the area or of the TDP. */
  dominates: boolean;
}

export function carriedShare(cost: HardwareCostResult): CarriedShare {
  const carriedAreaMm2 = cost.areaMm2 - cost.ownAreaMm2;
  const carriedWatts = cost.tdpWatts - cost.ownWatts;
  const areaShare = cost.areaMm2 > 0 ? carriedAreaMm2 / cost.areaMm2 : 0;
  const wattsShare = cost.tdpWatts > 0 ? carriedWatts / cost.tdpWatts : 0;
  return {
    ownAreaMm2: cost.ownAreaMm2, ownWatts: cost.ownWatts, carriedAreaMm2, carriedWatts, areaShare, wattsShare,
    dominates: areaShare > 0.5 || wattsShare > 0.5,
  };
}

const d = (v: number) => (Math.abs(v) < 10 ? 1 : 0);

/** The honest word on a small design: null when the design's own blocks are most of the chip. */
export function smallDesignNote(cost: HardwareCostResult): string | null {
  const c = carriedShare(cost);
  if (!c.dominates) return null;
  return `Most of this chip is what every chip carries whatever the design: ${num(c.carriedAreaMm2, d(c.carriedAreaMm2))} of its `
    + `${num(cost.areaMm2, d(cost.areaMm2))} mm² (${pct(c.areaShare)}) and ${num(c.carriedWatts, d(c.carriedWatts))} of its `
    + `${num(cost.tdpWatts, d(cost.tdpWatts))} W of TDP (${pct(c.wattsShare)}) are the chip-level I/O and management (the "uncore" line) `
    + 'with their share of unattributed area, leakage and the rating. '
    + `The design's own blocks are ${num(c.ownAreaMm2, d(c.ownAreaMm2))} mm² and ${num(c.ownWatts, d(c.ownWatts))} W: `
    + 'compare those when you change the arrays or memories; on a design this small, area, TDP and Perf/TDP mostly measure the fixed part.';
}
