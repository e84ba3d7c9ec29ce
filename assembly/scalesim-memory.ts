// SCALE-Sim v2 memory model: DRAM traffic of the ifmap/filter/ofmap SRAMs and, in USER mode, the stall cycles
// caused by a limited DRAM interface. Source: tests/oracle/scalesim/README.md §5 (SCALE-Sim v2 @ 22f88b1,
// memory/read_buffer.py, read_buffer_estimate_bw.py, write_buffer.py, double_buffered_scratchpad_mem.py),
// restated over folds, prefetch windows and drains instead of SCALE-Sim's cycle-by-cycle demand matrices.
// Equations, what is exact and what is approximated: docs/model.md §1.1.
//
// The parts: scalesim-layer.ts (the layer, operand layouts, work budget), scalesim-user-read.ts (USER prefetch
// windows), scalesim-calc-read.ts (CALC DRAM reads) with scalesim-rects.ts (distinct im2col addresses),
// scalesim-stalls.ts (ofmap write buffer, the row walk: cycles and stalls). This file checks the record, runs them
// and writes the result.
import {
  STATUS_OK, STATUS_INVALID_INPUT,
  SCALESIM_MEM_IN_IFMAP_H, SCALESIM_MEM_IN_IFMAP_W, SCALESIM_MEM_IN_FILTER_H, SCALESIM_MEM_IN_FILTER_W,
  SCALESIM_MEM_IN_CHANNELS, SCALESIM_MEM_IN_NUM_FILTERS, SCALESIM_MEM_IN_STRIDE, SCALESIM_MEM_IN_ROWS,
  SCALESIM_MEM_IN_COLS, SCALESIM_MEM_IN_DATAFLOW, SCALESIM_MEM_IN_SUBLAYERS, SCALESIM_MEM_IN_IFMAP_SRAM_WORDS,
  SCALESIM_MEM_IN_FILTER_SRAM_WORDS, SCALESIM_MEM_IN_OFMAP_SRAM_WORDS, SCALESIM_MEM_IN_MODE,
  SCALESIM_MEM_IN_BANDWIDTH_WORDS_PER_CYCLE, SCALESIM_MEM_MODE_CALC, SCALESIM_MEM_MODE_USER,
  SCALESIM_MEM_STATUS_WORK_LIMIT,
  SCALESIM_MEM_OUT_STATUS, SCALESIM_MEM_OUT_TOTAL_CYCLES, SCALESIM_MEM_OUT_STALL_CYCLES,
  SCALESIM_MEM_OUT_DRAM_IFMAP_READS, SCALESIM_MEM_OUT_DRAM_FILTER_READS, SCALESIM_MEM_OUT_DRAM_OFMAP_WRITES,
  SCALESIM_MEM_OUT_IFMAP_START_CYCLE, SCALESIM_MEM_OUT_IFMAP_STOP_CYCLE, SCALESIM_MEM_OUT_FILTER_START_CYCLE,
  SCALESIM_MEM_OUT_FILTER_STOP_CYCLE, SCALESIM_MEM_OUT_OFMAP_START_CYCLE, SCALESIM_MEM_OUT_OFMAP_STOP_CYCLE,
  SCALESIM_MEM_OUT_APPROX, SCALESIM_MEM_OUT_FIELDS,
  SCALESIM_MEM_APPROX_IFMAP_READS, SCALESIM_MEM_APPROX_STALLS,
} from './abi';
import {
  H, W, FH, FW, STR, EH, EW, M, N, K, C, RF, CF, ROWS, WORK_LIMIT, setLayer, resetWork, workSpent, fmax,
  IFMAP, FILTER, setupOperands,
} from './scalesim-layer';
import { UIF, UFIL } from './scalesim-user-read';
import { calcUnique, calcDuplicates, calcLastRow } from './scalesim-calc-read';
import { clearOverflow, rectsOverflowed } from './scalesim-rects';
import {
  setupOfmap, wbReset, walkRows, resTotal, resStall, wbCount, wbStart, wbStop, pqOverflow,
} from './scalesim-stalls';

// ---- input limits (design) ----------------------------------------------------------------------------------
const MAX_DIM: f64 = 16777216; // 2^24, as assembly/systolic.ts
const MAX_ARRAY_EDGE: f64 = 4096;
const MAX_OPERAND: f64 = 1099511627776; // 2^40 elements per operand matrix (keeps every position below 2^53)
const MAX_ROWS: f64 = 281474976710656; // 2^48 demand rows (cycles) per sub-layer
const MIN_SRAM_WORDS: f64 = 100; // SCALE-Sim divides SRAMs into 100 sets
const MAX_SRAM_WORDS: f64 = 1099511627776;
const MAX_BANDWIDTH: f64 = 16777216;

// SCALE-Sim constants (v2 single_layer_sim.py / read buffers): active half of each double buffer, 100 sets,
// CALC-mode prefetch rate 10 words/cycle, 1-cycle DRAM read latency, 0-cycle write latency.
const CALC_READ_BW: f64 = 10;

@inline function isCount(v: f64, max: f64): bool { return v >= 1 && v <= max && Math.floor(v) == v; }

/** Evaluate the ScalesimMemIn record at `inp[inOff..]` into a ScalesimMemOut record at `out[outOff..]`. */
export function scalesimMemory(inp: StaticArray<f64>, inOff: i32, out: StaticArray<f64>, outOff: i32): void {
  for (let i = 0; i < SCALESIM_MEM_OUT_FIELDS; i++) unchecked(out[outOff + i] = 0);
  const h = unchecked(inp[inOff + SCALESIM_MEM_IN_IFMAP_H]), w = unchecked(inp[inOff + SCALESIM_MEM_IN_IFMAP_W]);
  const fh = unchecked(inp[inOff + SCALESIM_MEM_IN_FILTER_H]), fw = unchecked(inp[inOff + SCALESIM_MEM_IN_FILTER_W]);
  const ch = unchecked(inp[inOff + SCALESIM_MEM_IN_CHANNELS]), nf = unchecked(inp[inOff + SCALESIM_MEM_IN_NUM_FILTERS]);
  const st = unchecked(inp[inOff + SCALESIM_MEM_IN_STRIDE]);
  const r = unchecked(inp[inOff + SCALESIM_MEM_IN_ROWS]), c = unchecked(inp[inOff + SCALESIM_MEM_IN_COLS]);
  const dfv = unchecked(inp[inOff + SCALESIM_MEM_IN_DATAFLOW]), sub = unchecked(inp[inOff + SCALESIM_MEM_IN_SUBLAYERS]);
  const sIf = unchecked(inp[inOff + SCALESIM_MEM_IN_IFMAP_SRAM_WORDS]), sFil = unchecked(inp[inOff + SCALESIM_MEM_IN_FILTER_SRAM_WORDS]);
  const sOf = unchecked(inp[inOff + SCALESIM_MEM_IN_OFMAP_SRAM_WORDS]), mode = unchecked(inp[inOff + SCALESIM_MEM_IN_MODE]);
  const bw = unchecked(inp[inOff + SCALESIM_MEM_IN_BANDWIDTH_WORDS_PER_CYCLE]);
  let ok = isCount(h, MAX_DIM) && isCount(w, MAX_DIM) && isCount(fh, MAX_DIM) && isCount(fw, MAX_DIM) &&
    isCount(ch, MAX_DIM) && isCount(nf, MAX_DIM) && isCount(st, MAX_DIM) && isCount(r, MAX_ARRAY_EDGE) &&
    isCount(c, MAX_ARRAY_EDGE) && isCount(sub, MAX_DIM) && (dfv == 0 || dfv == 1 || dfv == 2) &&
    fh <= h && fw <= w && (mode == SCALESIM_MEM_MODE_CALC || mode == SCALESIM_MEM_MODE_USER) &&
    isCount(sIf, MAX_SRAM_WORDS) && isCount(sFil, MAX_SRAM_WORDS) && isCount(sOf, MAX_SRAM_WORDS) &&
    sIf >= MIN_SRAM_WORDS && sFil >= MIN_SRAM_WORDS && sOf >= MIN_SRAM_WORDS &&
    (mode == SCALESIM_MEM_MODE_CALC || isCount(bw, MAX_BANDWIDTH));
  if (ok) {
    setLayer(h, w, fh, fw, ch, nf, st, r, c, <i32>dfv);
    ok = M <= MAX_DIM && K <= MAX_DIM && M * K <= MAX_OPERAND && K * N <= MAX_OPERAND &&
      (RF * r) * K <= MAX_OPERAND && (CF * c) * K <= MAX_OPERAND && (RF * r) * fmax(M, N) <= MAX_OPERAND &&
      ROWS <= MAX_ROWS && ROWS * sub <= MAX_ROWS;
  }
  if (!ok) { unchecked(out[outOff + SCALESIM_MEM_OUT_STATUS] = STATUS_INVALID_INPUT); return; }

  resetWork();
  clearOverflow(); // per record: the flags must not carry over from an earlier record (only CALC duplicates set them)
  const user = mode == SCALESIM_MEM_MODE_USER;
  setupOperands();
  setupOfmap();
  // Addresses of the im2col'd ifmap repeat when windows overlap, and are -1 where a window leaves the ifmap.
  const unique = (EH == 1 || FH <= STR) && (EW == 1 || FW <= STR) && (EH - 1) * STR + FH <= H && (EW - 1) * STR + FW <= W;
  let approx: f64 = 0;
  let dIf: f64, dFil: f64, ifStart: f64, ifStop: f64, filStart: f64, filStop: f64, stall: f64;
  if (user) {
    UIF.reset(IFMAP, sIf, bw);
    UFIL.reset(FILTER, sFil, bw);
    wbReset(sOf, bw);
    walkRows(true);
    stall = resStall;
    dIf = UIF.count(bw); dFil = UFIL.count(bw);
    ifStart = -UIF.initLines; ifStop = UIF.shifts * UIF.delta - 1;
    filStart = -UFIL.initLines; filStop = UFIL.shifts * UFIL.delta - 1;
    // other copies of an address can keep the window from moving: stalls and window moves (ifmap reads) approximate
    if (!unique) approx += SCALESIM_MEM_APPROX_STALLS + SCALESIM_MEM_APPROX_IFMAP_READS;
  } else {
    wbReset(sOf, C);
    walkRows(false);
    const itemsIf = Math.floor(sIf / 100), itemsFil = Math.floor(sFil / 100);
    if (unique) dIf = calcUnique(IFMAP, sIf);
    else { dIf = calcDuplicates(sIf); approx += SCALESIM_MEM_APPROX_IFMAP_READS; }
    const ifLast = calcLastRow;
    dFil = calcUnique(FILTER, sFil);
    const filLast = calcLastRow;
    // first window: 50 sets at 10 words/cycle ending the cycle before the first demand (or all sets, ending at -1)
    ifStart = ifLast >= 0 ? IFMAP.firstRow - Math.ceil(50 * itemsIf / CALC_READ_BW) : -Math.ceil(Math.ceil(dIf / itemsIf) * itemsIf / CALC_READ_BW);
    ifStop = ifLast >= 0 ? ifLast + 1 : -1;
    filStart = filLast >= 0 ? FILTER.firstRow - Math.ceil(50 * itemsFil / CALC_READ_BW) : -Math.ceil(Math.ceil(dFil / itemsFil) * itemsFil / CALC_READ_BW);
    filStop = filLast >= 0 ? filLast + 1 : -1;
    stall = 0;
  }
  if (workSpent() > WORK_LIMIT || pqOverflow || rectsOverflowed()) {
    for (let i = 0; i < SCALESIM_MEM_OUT_FIELDS; i++) unchecked(out[outOff + i] = 0);
    unchecked(out[outOff + SCALESIM_MEM_OUT_STATUS] = SCALESIM_MEM_STATUS_WORK_LIMIT);
    return;
  }
  unchecked(out[outOff + SCALESIM_MEM_OUT_STATUS] = STATUS_OK);
  unchecked(out[outOff + SCALESIM_MEM_OUT_TOTAL_CYCLES] = sub * resTotal);
  unchecked(out[outOff + SCALESIM_MEM_OUT_STALL_CYCLES] = sub * stall);
  unchecked(out[outOff + SCALESIM_MEM_OUT_DRAM_IFMAP_READS] = sub * dIf);
  unchecked(out[outOff + SCALESIM_MEM_OUT_DRAM_FILTER_READS] = sub * dFil);
  unchecked(out[outOff + SCALESIM_MEM_OUT_DRAM_OFMAP_WRITES] = sub * wbCount);
  unchecked(out[outOff + SCALESIM_MEM_OUT_IFMAP_START_CYCLE] = ifStart);
  unchecked(out[outOff + SCALESIM_MEM_OUT_IFMAP_STOP_CYCLE] = ifStop);
  unchecked(out[outOff + SCALESIM_MEM_OUT_FILTER_START_CYCLE] = filStart);
  unchecked(out[outOff + SCALESIM_MEM_OUT_FILTER_STOP_CYCLE] = filStop);
  unchecked(out[outOff + SCALESIM_MEM_OUT_OFMAP_START_CYCLE] = isNaN(wbStart) ? 0 : wbStart);
  unchecked(out[outOff + SCALESIM_MEM_OUT_OFMAP_STOP_CYCLE] = isNaN(wbStop) ? 0 : wbStop);
  unchecked(out[outOff + SCALESIM_MEM_OUT_APPROX] = approx);
}
