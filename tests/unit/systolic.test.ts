// The systolic explainer's schedule (web/src/lib/systolic.ts) against the SCALE-Sim-compatible core
// (shared/core/pack.ts scalesimGemms, docs/model.md §1): for three shapes × three dataflows, the animation's last cycle
// is the core's total, its folds and cycles per fold are the core's, and every MAC of the GEMM happens exactly once,
// on the PE and in the cycle the dataflow says. Also the second step's runs (128×128, the depthwise layer) and the
// one-line messages for shapes out of the explainer's bounds.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCore, type Core } from '../../shared/core/loader';
import { scalesimGemms } from '../../shared/core/pack';
import { DATAFLOWS, type Dataflow } from '../../shared/core/records';
import {
  frameAt, gemmSpec, lessonRows, schedule, shapeProblem, depthwiseLayer, BIG_ARRAY, type SystolicShape,
} from '../../web/src/lib/systolic';

let core: Core;
beforeAll(async () => { core = await loadCore(); });

const SHAPES = [
  { m: 4, n: 4, k: 4, rows: 4, cols: 4 },     // one fold, exactly the array
  { m: 13, n: 7, k: 20, rows: 8, cols: 6 },   // edge folds in both directions, non-square array
  { m: 32, n: 32, k: 32, rows: 16, cols: 5 }, // the largest GEMM on a tall narrow array
];
const CASES = SHAPES.flatMap((s) => DATAFLOWS.map((dataflow) => ({ ...s, dataflow }) as SystolicShape));

describe('schedule vs the core, 3 shapes × 3 dataflows', () => {
  it.each(CASES.map((c) => [`${c.m}×${c.n}×${c.k} on ${c.rows}×${c.cols} ${c.dataflow}`, c] as const))('%s', (_name, shape) => {
    expect(shapeProblem(shape)).toBeNull();
    const [r] = scalesimGemms(core, [gemmSpec(shape)]);
    expect(r.status).toBe('ok');
    const s = schedule(shape);
    expect(s.lastCycle).toBe(r.totalCycles);
    expect(s.folds).toBe(r.folds);
    expect(s.cyclesPerFold).toBe(r.cyclesPerFold);
    expect(s.macs).toBe(r.macs);

    // walk every cycle: each (m, n, k) exactly once, on PE (i, j) in the cycle the dataflow's skew gives
    const seen = new Set<number>();
    let macs = 0;
    let last = frameAt(s, 0);
    for (let cy = 0; cy <= s.lastCycle; cy++) {
      const f = frameAt(s, cy);
      expect(f.cells).toHaveLength(shape.rows * shape.cols);
      f.cells.forEach((cell, idx) => {
        if (cell.kind !== 'mac') return;
        const [m, n, k] = cell.mnk!;
        expect(m < shape.m && n < shape.n && k < shape.k && m >= 0 && n >= 0 && k >= 0).toBe(true);
        const key = (m * shape.n + n) * shape.k + k;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        // the PE is where the mapping puts it, in its fold
        const i = Math.floor(idx / shape.cols), j = idx % shape.cols;
        const [pr, pc, step] = shape.dataflow === 'os' ? [m, n, k] : shape.dataflow === 'ws' ? [k, n, m] : [k, m, n];
        expect(pr % shape.rows).toBe(i);
        expect(pc % shape.cols).toBe(j);
        expect(f.local).toBe(s.loadCycles + i + j + step);
        expect(f.rowFold).toBe(Math.floor(pr / shape.rows));
        expect(f.colFold).toBe(Math.floor(pc / shape.cols));
      });
      macs += f.activeMacs;
      expect(f.macsDone).toBe(macs);
      expect(f.activeMacs).toBe(f.cells.filter((c) => c.kind === 'mac').length);
      last = f;
    }
    expect(seen.size).toBe(shape.m * shape.n * shape.k);
    expect(last.cycle).toBe(r.totalCycles);
    expect(last.fold).toBe(r.folds - 1);
    expect(() => frameAt(s, s.lastCycle + 1)).toThrow(/cycle must be a whole number from 0 to/);
  });
});

describe('what the frames show', () => {
  it('ws: R load cycles shift the weights in from the top, then the sums leave the bottom row, finished when K fits', () => {
    const shape: SystolicShape = { m: 3, n: 4, k: 4, rows: 4, cols: 4, dataflow: 'ws' };
    const s = schedule(shape);
    const f0 = frameAt(s, 0);
    expect(f0.phase).toBe('load');
    // in cycle 0 the top row holds the element bound for the bottom row
    expect(f0.cells[0]).toMatchObject({ kind: 'load', held: { name: 'W', row: 3, col: 0 } });
    expect(f0.cells[shape.cols].kind).toBe('idle');
    expect(f0.top[2]).toEqual({ name: 'W', row: 3, col: 2 });
    const f3 = frameAt(s, 3);
    expect(f3.cells.every((c) => c.kind === 'load')).toBe(true);
    expect(f3.cells[2 * shape.cols + 1].held).toEqual({ name: 'W', row: 2, col: 1 });
    const first = frameAt(s, 4);
    expect(first.phase).toBe('fill');
    expect(first.activeMacs).toBe(1);
    expect(first.left[0]).toEqual({ name: 'I', row: 0, col: 0 });
    // O[0][0] leaves column 0 when its last MAC (PE (3, 0)) is done: local cycle R + 3 + 0 + 0
    const out = frameAt(s, 4 + 3);
    expect(out.bottom[0]).toEqual({ name: 'O', row: 0, col: 0, partial: false });
    expect(frameAt(s, s.lastCycle).phase).toBe('drain');
    // K = 8 on 4 rows: two row folds, each column's sums are partial
    const split = schedule({ ...shape, k: 8 });
    expect(frameAt(split, 7).bottom[0]).toEqual({ name: 'O', row: 0, col: 0, partial: true });
  });

  it('an edge fold costs a full fold: its last cycles have no MAC at all', () => {
    const shape: SystolicShape = { m: 5, n: 4, k: 4, rows: 4, cols: 4, dataflow: 'os' };
    const s = schedule(shape);
    const end = frameAt(s, s.lastCycle);
    expect(end.fold).toBe(1);
    expect(end.mappedRows).toBe(1);
    expect(end.activeMacs).toBe(0);
    expect(end.phase).toBe('drain');
  });

  it('os: fill, steady, drain when K is longer than the skew; fill and drain overlap when it is shorter', () => {
    const long = schedule({ m: 4, n: 4, k: 12, rows: 4, cols: 4, dataflow: 'os' });
    expect([0, 5, 6, 11, 12, 17].map((c) => frameAt(long, c).phase)).toEqual(['fill', 'fill', 'steady', 'steady', 'drain', 'drain']);
    const short = schedule({ m: 4, n: 4, k: 2, rows: 4, cols: 4, dataflow: 'os' });
    expect(frameAt(short, 3).phase).toBe('fill and drain');
  });
});

describe('the second step: the same GEMM on 128×128 and a depthwise layer', () => {
  it('runs the depthwise sample layer as fast scalesim does (K = kh·kw, N = 1, one sub-layer per channel)', () => {
    const dw = depthwiseLayer();
    expect(dw).toMatchObject({ m: 12 * 12, n: 1, k: 9, sublayers: 512 });
    const rows = lessonRows({ m: 16, n: 16, k: 16, rows: 8, cols: 8, dataflow: 'ws' });
    expect(rows.map((r) => r.id)).toEqual(['gemm-small', 'gemm-big', 'dw-small', 'dw-big']);
    expect(rows[1].spec).toMatchObject({ rows: BIG_ARRAY, cols: BIG_ARRAY, m: 16 });
    const res = scalesimGemms(core, rows.map((r) => r.spec));
    // utilisation collapses on the big array, and further for the depthwise layer
    expect(res[1].mappingEfficiencyPct).toBeLessThan(res[0].mappingEfficiencyPct);
    expect(res[3].mappingEfficiencyPct).toBeLessThan(res[1].mappingEfficiencyPct);
    expect(res[3].mappingEfficiencyPct).toBeCloseTo(100 * 9 / (BIG_ARRAY * BIG_ARRAY), 9);
    // the oracle's case c159: this layer, 8×8, ws: 169,472 cycles
    const oracle = scalesimGemms(core, [{ ...rows[2].spec, rows: 8, cols: 8 }])[0];
    expect(oracle.totalCycles).toBe(169_472);
  });
});

describe('shapes out of bounds: one line', () => {
  const ok: SystolicShape = { m: 8, n: 8, k: 8, rows: 8, cols: 8, dataflow: 'os' };
  it.each([
    [{ rows: 3 }, 'Array rows R must be a whole number from 4 to 16 (got 3)'],
    [{ cols: 17 }, 'Array columns C must be a whole number from 4 to 16 (got 17)'],
    [{ m: 0 }, 'M must be a whole number from 1 to 32 (got 0)'],
    [{ n: 2.5 }, 'N must be a whole number from 1 to 32 (got 2.5)'],
    [{ k: NaN }, 'K must be a whole number from 1 to 32 (got nothing)'],
    [{ dataflow: 'xs' as Dataflow }, 'dataflow must be ws, os or is'],
  ])('%o', (patch, msg) => {
    expect(shapeProblem({ ...ok, ...patch })).toBe(msg);
  });
});
