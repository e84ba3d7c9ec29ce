// The systolic-array explainer's schedule: one GEMM O = I·W, I of M×K (SCALE-Sim's ifmap), W of K×N (its filter),
// on an R×C array, cycle by cycle, in the SCALE-Sim-compatible compute model of docs/model.md §1 (the core's
// assembly/systolic.ts computes the same totals; tests/unit/systolic.test.ts checks they agree):
// - the GEMM maps to Sr spatial rows, Sc spatial columns and T time steps per fold (os: M, N, K; ws: K, N, M;
//   is: K, M, N); folds ⌈Sr/R⌉·⌈Sc/C⌉ run one after another, row folds outer, and an edge fold costs a full one;
// - os: PE (i, j) keeps O[m][n] and does its s-th MAC at cycle i + j + s of the fold (operands enter skewed from the
//   left and the top): T + R + C − 2 cycles per fold, R + C − 2 of them filling and draining the skew;
// - ws / is: the stationary operand (W, or I) first shifts in from the top, one row per cycle (R cycles), then the
//   streamed operand enters from the left, skewed, and partial sums run down the columns, leaving the bottom row:
//   PE (i, j) does its s-th MAC at cycle R + i + j + s, so a fold is R + (T + R + C − 2) = 2R + C + T − 2 cycles;
// - cycles are numbered from 0 and SCALE-Sim's total is the index of the last one: F · cycles per fold − 1.
// Pure: no DOM, no workers; the explainer's state (web/src/state/explainer.svelte.ts) asks the core for the totals.
import type { Dataflow, GemmSpec } from '../../../shared/core/records';
import { parseScalesimTopology } from '../../../shared/workload/importers/scalesim';
import { SAMPLE_TOPOLOGY_CSV } from '../../../shared/workload/samples';

/** The explainer's bounds: arrays from 4×4 to 16×16, GEMM dimensions up to 32 (a few thousand cycles at most). */
export const EXPLAINER_LIMITS = { minEdge: 4, maxEdge: 16, maxDim: 32 } as const;

export interface SystolicShape {
  m: number;
  n: number;
  k: number;
  rows: number;
  cols: number;
  dataflow: Dataflow;
}

export type ShapeField = 'm' | 'n' | 'k' | 'rows' | 'cols';

export const SHAPE_FIELDS: readonly { id: ShapeField; label: string; min: number; max: number }[] = [
  { id: 'rows', label: 'Array rows R', min: EXPLAINER_LIMITS.minEdge, max: EXPLAINER_LIMITS.maxEdge },
  { id: 'cols', label: 'Array columns C', min: EXPLAINER_LIMITS.minEdge, max: EXPLAINER_LIMITS.maxEdge },
  { id: 'm', label: 'M', min: 1, max: EXPLAINER_LIMITS.maxDim },
  { id: 'n', label: 'N', min: 1, max: EXPLAINER_LIMITS.maxDim },
  { id: 'k', label: 'K', min: 1, max: EXPLAINER_LIMITS.maxDim },
];

export const DATAFLOW_LABELS: Record<Dataflow, string> = {
  ws: 'weight stationary (ws)',
  os: 'output stationary (os)',
  is: 'input stationary (is)',
};

/** The first problem with a shape the explainer would animate, as one line; null when it is fine. */
export function shapeProblem(s: SystolicShape): string | null {
  for (const f of SHAPE_FIELDS) {
    const v = s[f.id];
    if (!Number.isInteger(v) || v < f.min || v > f.max) {
      const got = Number.isNaN(v) ? 'nothing' : String(v);
      return `${f.label} must be a whole number from ${f.min} to ${f.max} (got ${got})`;
    }
  }
  if (!(s.dataflow === 'os' || s.dataflow === 'ws' || s.dataflow === 'is')) return 'dataflow must be ws, os or is';
  return null;
}

/** Which GEMM dimension each array axis and the time axis carry, and which operand stays in the PEs. */
export interface Mapping {
  rowsCarry: 'M' | 'K';
  colsCarry: 'N' | 'M';
  timeCarries: 'K' | 'M' | 'N';
  stationary: 'O' | 'W' | 'I';
  /** The operand entering from the left edge, and (os only) from the top edge while computing. */
  left: 'I' | 'W';
  top: 'W' | null;
}

export const MAPPINGS: Record<Dataflow, Mapping> = {
  os: { rowsCarry: 'M', colsCarry: 'N', timeCarries: 'K', stationary: 'O', left: 'I', top: 'W' },
  ws: { rowsCarry: 'K', colsCarry: 'N', timeCarries: 'M', stationary: 'W', left: 'I', top: null },
  is: { rowsCarry: 'K', colsCarry: 'M', timeCarries: 'N', stationary: 'I', left: 'W', top: null },
};

export interface Schedule {
  shape: SystolicShape;
  /** Spatial rows, spatial columns and time steps of the mapping (docs/model.md §1's Sr, Sc, T). */
  sr: number;
  sc: number;
  t: number;
  rowFolds: number;
  colFolds: number;
  folds: number;
  /** Cycles per fold spent loading the stationary operand (R for ws and is, 0 for os). */
  loadCycles: number;
  /** Skew cycles per fold: the last PE starts R + C − 2 cycles after the first (fill), and ends as late (drain). */
  skewCycles: number;
  cyclesPerFold: number;
  /** Index of the last cycle: folds · cyclesPerFold − 1, SCALE-Sim's "total cycles". */
  lastCycle: number;
  macs: number;
}

/** The schedule of a GEMM on an array (any size: the explainer's limits are shapeProblem's business). */
export function schedule(shape: SystolicShape): Schedule {
  const { m, n, k, rows: r, cols: c, dataflow } = shape;
  const [sr, sc, t] = dataflow === 'os' ? [m, n, k] : dataflow === 'ws' ? [k, n, m] : [k, m, n];
  const rowFolds = Math.ceil(sr / r);
  const colFolds = Math.ceil(sc / c);
  const folds = rowFolds * colFolds;
  const loadCycles = dataflow === 'os' ? 0 : r;
  const skewCycles = r + c - 2;
  const cyclesPerFold = loadCycles + t + skewCycles;
  return { shape, sr, sc, t, rowFolds, colFolds, folds, loadCycles, skewCycles, cyclesPerFold, lastCycle: folds * cyclesPerFold - 1, macs: m * n * k };
}

/** The core's request for the same GEMM (one GEMM, no depthwise split). */
export function gemmSpec(s: SystolicShape, rows = s.rows, cols = s.cols): GemmSpec {
  return { m: s.m, n: s.n, k: s.k, rows, cols, dataflow: s.dataflow };
}

/** An element of an operand: I[m][k], W[k][n] or O[m][n]; `partial` marks a partial sum of O (part of K). */
export interface Element {
  name: 'I' | 'W' | 'O';
  row: number;
  col: number;
  partial?: boolean;
}

export type CellKind = 'unmapped' | 'idle' | 'load' | 'wait' | 'mac' | 'done';

/**
 * One PE in one cycle. unmapped: no element of this fold maps here; idle: the stationary operand has not reached it;
 * load: it holds a stationary element still shifting down; wait: its operands have not reached it (skew); mac: it
 * multiplies-accumulates `o += a · b`; done: its T MACs of this fold are over (os: it holds its finished sum).
 */
export interface Cell {
  kind: CellKind;
  /** The element kept in the PE (os: the sum; ws, is: the weight or input), or shifting through while loading. */
  held: Element | null;
  /** For 'mac': the product's operands and the sum it adds to, and the GEMM indices (m, n, k) of the MAC. */
  a?: Element;
  b?: Element;
  o?: Element;
  mnk?: [number, number, number];
}

export type Phase = 'load' | 'fill' | 'steady' | 'drain' | 'fill and drain';

export interface Frame {
  cycle: number;
  /** Fold index (0-based, row folds outer) and its row and column fold. */
  fold: number;
  rowFold: number;
  colFold: number;
  /** Cycle inside the fold. */
  local: number;
  phase: Phase;
  /** Rows and columns of the array this fold maps (an edge fold maps fewer; it still costs a full fold). */
  mappedRows: number;
  mappedCols: number;
  /** rows × cols PEs, row-major. */
  cells: Cell[];
  /** Elements entering each row from the left, each column from the top, and leaving each column at the bottom. */
  left: (Element | null)[];
  top: (Element | null)[];
  bottom: (Element | null)[];
  activeMacs: number;
  /** MACs done up to and including this cycle. */
  macsDone: number;
}

/** The GEMM indices (m, n, k) of PE (i, j)'s s-th MAC in fold (rf, cf), with the elements involved. */
function macAt(d: Dataflow, r: number, c: number, rf: number, cf: number, i: number, j: number, s: number, kFits: boolean): Pick<Cell, 'a' | 'b' | 'o' | 'mnk'> {
  const pr = rf * r + i; // the element index the array row carries
  const pc = cf * c + j;
  if (d === 'os') {
    const [m, n, k] = [pr, pc, s];
    return { a: { name: 'I', row: m, col: k }, b: { name: 'W', row: k, col: n }, o: { name: 'O', row: m, col: n }, mnk: [m, n, k] };
  }
  if (d === 'ws') {
    const [m, n, k] = [s, pc, pr];
    return { a: { name: 'I', row: m, col: k }, b: { name: 'W', row: k, col: n }, o: { name: 'O', row: m, col: n, partial: !kFits }, mnk: [m, n, k] };
  }
  const [m, n, k] = [pc, s, pr];
  return { a: { name: 'I', row: m, col: k }, b: { name: 'W', row: k, col: n }, o: { name: 'O', row: m, col: n, partial: !kFits }, mnk: [m, n, k] };
}

/** The stationary element of PE (i, j) in fold (rf, cf). */
function heldAt(d: Dataflow, r: number, c: number, rf: number, cf: number, i: number, j: number): Element {
  const pr = rf * r + i;
  const pc = cf * c + j;
  if (d === 'os') return { name: 'O', row: pr, col: pc };
  if (d === 'ws') return { name: 'W', row: pr, col: pc };
  return { name: 'I', row: pc, col: pr };
}

/** MACs of one fold: its mapped PEs × T. */
function foldMacs(s: Schedule, rf: number, cf: number): number {
  const { rows: r, cols: c } = s.shape;
  return Math.min(r, s.sr - rf * r) * Math.min(c, s.sc - cf * c) * s.t;
}

/** The array in cycle `cycle` (0 … lastCycle). */
export function frameAt(s: Schedule, cycle: number): Frame {
  if (!Number.isInteger(cycle) || cycle < 0 || cycle > s.lastCycle) {
    throw new RangeError(`cycle must be a whole number from 0 to ${s.lastCycle} (got ${cycle})`);
  }
  const { rows: r, cols: c, dataflow: d } = s.shape;
  const fold = Math.floor(cycle / s.cyclesPerFold);
  const local = cycle - fold * s.cyclesPerFold;
  const rowFold = Math.floor(fold / s.colFolds);
  const colFold = fold % s.colFolds;
  const mappedRows = Math.min(r, s.sr - rowFold * r);
  const mappedCols = Math.min(c, s.sc - colFold * c);
  // ws and is: the partial sums leaving the bottom are finished outputs only when all of K fits in one row fold
  const kFits = s.rowFolds === 1;
  const loading = local < s.loadCycles;
  const u = local - s.loadCycles; // compute-phase cycle (negative while loading)
  const cells: Cell[] = [];
  let active = 0, waiting = 0, done = 0;
  let macsDone = 0;
  for (let f = 0; f < fold; f++) macsDone += foldMacs(s, Math.floor(f / s.colFolds), f % s.colFolds);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const mapped = i < mappedRows && j < mappedCols;
      if (loading) {
        // the stationary rows shift down from the top, the bottom row's first: row i holds, in cycle `local`, the
        // element bound for row R − 1 − (local − i)
        const dest = r - 1 - (local - i);
        if (i > local) cells.push({ kind: 'idle', held: null });
        else if (dest < mappedRows && j < mappedCols) cells.push({ kind: 'load', held: heldAt(d, r, c, rowFold, colFold, dest, j) });
        else cells.push({ kind: 'unmapped', held: null });
        continue;
      }
      if (!mapped) { cells.push({ kind: 'unmapped', held: null }); continue; }
      const held = heldAt(d, r, c, rowFold, colFold, i, j);
      const step = u - i - j;
      macsDone += Math.max(0, Math.min(step + 1, s.t));
      if (step < 0) { waiting++; cells.push({ kind: 'wait', held }); continue; }
      if (step >= s.t) { done++; cells.push({ kind: 'done', held }); continue; }
      active++;
      cells.push({ kind: 'mac', held, ...macAt(d, r, c, rowFold, colFold, i, j, step, kFits) });
    }
  }
  const left: (Element | null)[] = [];
  const top: (Element | null)[] = [];
  const bottom: (Element | null)[] = [];
  for (let i = 0; i < r; i++) {
    const step = u - i;
    if (loading || i >= mappedRows || step < 0 || step >= s.t) { left.push(null); continue; }
    const mac = macAt(d, r, c, rowFold, colFold, i, 0, step, kFits);
    left.push(d === 'is' ? mac.b! : mac.a!);
  }
  for (let j = 0; j < c; j++) {
    if (loading) {
      const dest = r - 1 - local;
      top.push(dest < mappedRows && j < mappedCols ? heldAt(d, r, c, rowFold, colFold, dest, j) : null);
      bottom.push(null);
      continue;
    }
    const step = u - j;
    top.push(d === 'os' && j < mappedCols && step >= 0 && step < s.t ? macAt(d, r, c, rowFold, colFold, 0, j, step, kFits).b! : null);
    // ws, is: the sum that went through the whole column leaves the bottom row in the cycle of its last MAC there
    const out = u - (r - 1) - j;
    bottom.push(d !== 'os' && j < mappedCols && out >= 0 && out < s.t ? macAt(d, r, c, rowFold, colFold, r - 1, j, out, kFits).o! : null);
  }
  const phase: Phase = loading ? 'load'
    : waiting && done ? 'fill and drain'
    : waiting ? 'fill'
    : done || active === 0 ? 'drain'
    : 'steady';
  return { cycle, fold, rowFold, colFold, local, phase, mappedRows, mappedCols, cells, left, top, bottom, activeMacs: active, macsDone };
}

/** An element as text: I[2][5], or O[1][3] (partial). */
export function elementText(e: Element): string {
  return `${e.name}[${e.row}][${e.col}]${e.partial ? ' (partial)' : ''}`;
}

/** A PE's state in words, for its tooltip and the screen reader. */
export function cellText(cell: Cell, i: number, j: number): string {
  const at = `PE (${i}, ${j})`;
  switch (cell.kind) {
    case 'unmapped': return `${at}: nothing of this fold maps here`;
    case 'idle': return `${at}: waiting for its stationary element`;
    case 'load': return `${at}: ${elementText(cell.held!)} shifting down`;
    case 'wait': return `${at}: holds ${elementText(cell.held!)}, its operands have not arrived yet`;
    case 'done': return `${at}: holds ${elementText(cell.held!)}, its MACs of this fold are done`;
    case 'mac': return `${at}: ${elementText(cell.o!)} += ${elementText(cell.a!)} · ${elementText(cell.b!)}`;
  }
}

/** The cycles-per-fold sum in symbols and in numbers, as docs/model.md §1 gives it. */
export function foldFormula(s: Schedule): { symbols: string; numbers: string } {
  const { rows: r, cols: c, dataflow } = s.shape;
  const tName = MAPPINGS[dataflow].timeCarries;
  return dataflow === 'os'
    ? { symbols: `${tName} + R + C − 2`, numbers: `${s.t} + ${r} + ${c} − 2 = ${s.cyclesPerFold}` }
    : { symbols: `R (load) + ${tName} + R + C − 2`, numbers: `${r} + ${s.t} + ${r} + ${c} − 2 = ${s.cyclesPerFold}` };
}

/** The big array of the lesson's second step (a TPU MXU's size). */
export const BIG_ARRAY = 128;

/**
 * The lesson's depthwise convolution: MobileNet's Conv14 depthwise layer from SCALE-Sim's shipped topology (the
 * sample file), read by the same parser as `fast scalesim`: each channel is its own GEMM, K = kh·kw, N = 1, run one
 * after another (SCALE-Sim's DP split).
 */
export function depthwiseLayer(): { name: string; m: number; n: number; k: number; sublayers: number; conv: NonNullable<ReturnType<typeof parseScalesimTopology>['layers'][number]['conv']> } {
  const layer = parseScalesimTopology(SAMPLE_TOPOLOGY_CSV).layers.find((l) => l.name.includes('DP'));
  if (!layer || !layer.conv) throw new Error('the sample topology has no depthwise (DP) layer');
  return { name: layer.name, m: layer.m, n: layer.n, k: layer.k, sublayers: layer.sublayers, conv: layer.conv };
}

export interface LessonRow {
  id: 'gemm-small' | 'gemm-big' | 'dw-small' | 'dw-big';
  label: string;
  spec: GemmSpec;
}

/** The four runs of the second step: the GEMM and the depthwise layer, each on the small array and on 128×128. */
export function lessonRows(s: SystolicShape): LessonRow[] {
  const dw = depthwiseLayer();
  const dwSpec = (e: number, f: number): GemmSpec => ({ m: dw.m, n: dw.n, k: dw.k, rows: e, cols: f, dataflow: s.dataflow, sublayers: dw.sublayers });
  const gemm = `GEMM ${s.m}×${s.k}·${s.k}×${s.n}`;
  const conv = `depthwise ${dw.conv.filterHeight}×${dw.conv.filterWidth}, ${dw.conv.ifmapHeight}×${dw.conv.ifmapWidth}×${dw.conv.channels},`;
  return [
    { id: 'gemm-small', label: `${gemm} on ${s.rows}×${s.cols}`, spec: gemmSpec(s) },
    { id: 'gemm-big', label: `${gemm} on ${BIG_ARRAY}×${BIG_ARRAY}`, spec: gemmSpec(s, BIG_ARRAY, BIG_ARRAY) },
    { id: 'dw-small', label: `${conv} on ${s.rows}×${s.cols}`, spec: dwSpec(s.rows, s.cols) },
    { id: 'dw-big', label: `${conv} on ${BIG_ARRAY}×${BIG_ARRAY}`, spec: dwSpec(BIG_ARRAY, BIG_ARRAY) },
  ];
}
