// The performance model's machine: the hardware record (HW_*, assembly/abi.ts), validated once per batch into
// `Machine`, which every other perf-*.ts file reads. Also the input limit and the small numeric helpers they share.
// Fields and their meaning: docs/model.md §4.1.
import {
  DATAFLOW_WS, SEARCH_SCHEDULE, SEARCH_LAYOUT,
  HW_CORES, HW_ARRAYS_PER_CORE, HW_ROWS, HW_COLS, HW_DATAFLOW, HW_VECTOR_LANES, HW_L1_BYTES, HW_GMEM_BYTES,
  HW_GMEM_BYTES_PER_CYCLE, HW_DRAM_BYTES_PER_CYCLE, HW_L1_BYTES_PER_CYCLE, HW_OP_OVERHEAD_CYCLES, HW_SCHEDULER,
  HW_ACCUM_BYTES,
} from './abi';

export const MAX_DIM: f64 = 1099511627776; // 2^40: bounds every input dimension and byte count
export const INF: f64 = Infinity;

@inline export function cdiv(a: f64, b: f64): f64 { return Math.ceil(a / b); }
@inline export function isCount(v: f64, max: f64): bool { return v >= 1 && v <= max && Math.floor(v) == v; }
@inline export function isAmount(v: f64, max: f64): bool { return v >= 0 && v <= max; } // NaN fails both

/**
 * The design of the current batch, as the performance model sees it; written only by loadHardware. One design at a
 * time, so its fields are static: each is a Wasm global, read in the search's inner loops at no extra cost.
 */
@final export abstract class Machine {
  /** Cores, each with `arrays` systolic arrays of rows × cols PEs, a vector unit and a local memory. */
  static cores: f64 = 1;
  static arrays: f64 = 1;
  static rows: f64 = 1;
  static cols: f64 = 1;
  /** DATAFLOW_* of the arrays. */
  static dataflow: i32 = DATAFLOW_WS;
  /** Vector lanes per core (FMA per cycle). */
  static lanes: f64 = 1;
  /** Local memory per core, and its bandwidth in bytes per cycle. */
  static l1Bytes: f64 = 1;
  static l1Bw: f64 = 1;
  /** Global memory shared by the cores (0: none; op records already say which tensors live there). */
  static gmemBytes: f64 = 0;
  static gmemBw: f64 = 1;
  /** DRAM bandwidth in bytes per cycle. */
  static dramBw: f64 = 1;
  /** Fixed cycles every op pays (dispatch and synchronisation). */
  static overhead: f64 = 0;
  /** Accumulator element bytes (fp32: 4). */
  static accBytes: f64 = 4;
  /** The software: search the schedule (splits, loop orders, tiles, double buffering), search the layout (packing,
   * the unit of depthwise convs); false is the baseline heuristic. */
  static searchSchedule: bool = false;
  static searchLayout: bool = false;
}

/** Load and validate the hardware record; false when any field is out of range (every op then reports invalid). */
export function loadHardware(hw: StaticArray<f64>): bool {
  const c = unchecked(hw[HW_CORES]), a = unchecked(hw[HW_ARRAYS_PER_CORE]);
  const r = unchecked(hw[HW_ROWS]), cc = unchecked(hw[HW_COLS]), df = unchecked(hw[HW_DATAFLOW]);
  const ln = unchecked(hw[HW_VECTOR_LANES]), l1 = unchecked(hw[HW_L1_BYTES]), gm = unchecked(hw[HW_GMEM_BYTES]);
  const gbw = unchecked(hw[HW_GMEM_BYTES_PER_CYCLE]), dbw = unchecked(hw[HW_DRAM_BYTES_PER_CYCLE]);
  const lbw = unchecked(hw[HW_L1_BYTES_PER_CYCLE]), ov = unchecked(hw[HW_OP_OVERHEAD_CYCLES]);
  const sch = unchecked(hw[HW_SCHEDULER]), acc = unchecked(hw[HW_ACCUM_BYTES]);
  if (!(isCount(c, 1024) && isCount(a, 1024) && isCount(r, 4096) && isCount(cc, 4096) && (df == 0 || df == 1 || df == 2) &&
        isCount(ln, 1048576) && l1 >= 1024 && l1 <= MAX_DIM && isAmount(gm, MAX_DIM) && gbw > 0 && gbw <= MAX_DIM &&
        dbw > 0 && dbw <= MAX_DIM && lbw > 0 && lbw <= MAX_DIM && isAmount(ov, 1e12) && (sch == 0 || sch == 1 || sch == 2 || sch == 3) &&
        acc >= 1 && acc <= 16)) return false;
  const flags = <i32>sch;
  Machine.cores = c; Machine.arrays = a; Machine.rows = r; Machine.cols = cc; Machine.dataflow = <i32>df;
  Machine.lanes = ln; Machine.l1Bytes = l1; Machine.l1Bw = lbw; Machine.gmemBytes = gm; Machine.gmemBw = gbw;
  Machine.dramBw = dbw; Machine.overhead = ov; Machine.accBytes = acc;
  Machine.searchSchedule = (flags & SEARCH_SCHEDULE) != 0; Machine.searchLayout = (flags & SEARCH_LAYOUT) != 0;
  return true;
}
