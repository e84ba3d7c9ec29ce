// The only module in shared/ that knows the Wasm record layouts (assembly/abi.ts). It checks ABI_VERSION,
// packs typed specs into the core's static input buffer, runs a batch and unpacks typed results.
import * as ABI from '../../assembly/abi';
import type { Core } from './loader';
import type {
  Bound, Dataflow, GemmResult, GemmSpec, Location, LoopOrder, Machine, OpRecord, OpResult, ScalesimMemoryResult,
  ScalesimMemorySpec, Software, Split,
} from './records';
import { scalesimConvOf } from './records';

const DATAFLOW_CODE: Record<Dataflow, number> = { os: ABI.DATAFLOW_OS, ws: ABI.DATAFLOW_WS, is: ABI.DATAFLOW_IS };

export const ABI_VERSION = ABI.ABI_VERSION;

/** Throws when the loaded core was built from other sources than this module (stale build/). */
export function checkAbi(core: Core): void {
  const got = core.abiVersion();
  if (got !== ABI.ABI_VERSION) {
    throw new Error(`Wasm core ABI version ${got} does not match the JavaScript side (${ABI.ABI_VERSION}): rebuild with "npm run asbuild"`);
  }
}

const checked = new WeakSet<Core>();

/** Evaluate validated GEMM specs with the SCALE-Sim compute model, in batches of at most MAX_RECORDS. */
export function scalesimGemms(core: Core, specs: readonly GemmSpec[]): GemmResult[] {
  if (!checked.has(core)) { checkAbi(core); checked.add(core); }
  const results: GemmResult[] = [];
  for (let start = 0; start < specs.length; start += ABI.MAX_RECORDS) {
    const chunk = specs.slice(start, start + ABI.MAX_RECORDS);
    // Views are re-created per call: memory.grow would detach an older ArrayBuffer.
    const inView = new Float64Array(core.memory.buffer, core.inPtr(), chunk.length * ABI.GEMM_IN_FIELDS);
    chunk.forEach((s, i) => {
      const o = i * ABI.GEMM_IN_FIELDS;
      inView[o + ABI.GEMM_IN_M] = s.m;
      inView[o + ABI.GEMM_IN_N] = s.n;
      inView[o + ABI.GEMM_IN_K] = s.k;
      inView[o + ABI.GEMM_IN_ROWS] = s.rows;
      inView[o + ABI.GEMM_IN_COLS] = s.cols;
      inView[o + ABI.GEMM_IN_DATAFLOW] = DATAFLOW_CODE[s.dataflow] ?? -1;
      inView[o + ABI.GEMM_IN_SUBLAYERS] = s.sublayers ?? 1;
    });
    const done = core.scalesimGemmBatch(chunk.length);
    const out = new Float64Array(core.memory.buffer, core.outPtr(), done * ABI.GEMM_OUT_FIELDS);
    for (let i = 0; i < done; i++) {
      const o = i * ABI.GEMM_OUT_FIELDS;
      results.push({
        status: out[o + ABI.GEMM_OUT_STATUS] === ABI.STATUS_OK ? 'ok' : 'invalid_input',
        totalCycles: out[o + ABI.GEMM_OUT_TOTAL_CYCLES],
        folds: out[o + ABI.GEMM_OUT_FOLDS],
        cyclesPerFold: out[o + ABI.GEMM_OUT_CYCLES_PER_FOLD],
        macs: out[o + ABI.GEMM_OUT_MACS],
        mappingEfficiencyPct: out[o + ABI.GEMM_OUT_MAPPING_EFF_PCT],
        computeUtilizationPct: out[o + ABI.GEMM_OUT_COMPUTE_UTIL_PCT],
        overallUtilizationPct: out[o + ABI.GEMM_OUT_OVERALL_UTIL_PCT],
        sramIfmapReads: out[o + ABI.GEMM_OUT_SRAM_IFMAP_READS],
        sramFilterReads: out[o + ABI.GEMM_OUT_SRAM_FILTER_READS],
        sramOfmapWrites: out[o + ABI.GEMM_OUT_SRAM_OFMAP_WRITES],
      });
    }
  }
  return results;
}

// ---- performance model records (assembly/perf.ts) ---------------------------------------------------------------

const BOUNDS: Bound[] = ['compute', 'vector', 'memory', 'overhead'];
const SPLITS: Split[] = ['m', 'n', 'count'];
const ORDERS: LoopOrder[] = ['weights-resident', 'inputs-resident', 'outputs-resident'];

function writeMachine(core: Core, m: Machine, sw: Software): void {
  const hw = new Float64Array(core.memory.buffer, core.hwPtr(), ABI.HW_FIELDS);
  hw[ABI.HW_CORES] = m.cores;
  hw[ABI.HW_ARRAYS_PER_CORE] = m.arraysPerCore;
  hw[ABI.HW_ROWS] = m.arrayRows;
  hw[ABI.HW_COLS] = m.arrayCols;
  hw[ABI.HW_DATAFLOW] = DATAFLOW_CODE[m.dataflow] ?? -1;
  hw[ABI.HW_VECTOR_LANES] = m.vectorLanesPerCore;
  hw[ABI.HW_L1_BYTES] = m.localMemoryBytesPerCore;
  hw[ABI.HW_GMEM_BYTES] = m.globalMemoryBytes;
  hw[ABI.HW_GMEM_BYTES_PER_CYCLE] = m.globalMemoryBytesPerCycle;
  hw[ABI.HW_DRAM_BYTES_PER_CYCLE] = m.dramBytesPerCycle;
  hw[ABI.HW_L1_BYTES_PER_CYCLE] = m.localMemoryBytesPerCyclePerCore;
  hw[ABI.HW_OP_OVERHEAD_CYCLES] = m.opOverheadCycles;
  hw[ABI.HW_SCHEDULER] = (sw.schedule === 'searched' ? ABI.SEARCH_SCHEDULE : 0) | (sw.layout === 'searched' ? ABI.SEARCH_LAYOUT : 0);
  hw[ABI.HW_ACCUM_BYTES] = m.accumulatorBytes;
}

/** LOC code of a location; anything else is NaN, as a failed LOC lookup stored in a Float64Array. */
function locCode(l: Location): number {
  return l === 'dram' ? ABI.LOC_DRAM : l === 'gmem' ? ABI.LOC_GMEM : l === 'local' ? ABI.LOC_LOCAL : NaN;
}

/** Write the op record at `v[o..]`: every input field (OP_IN_FIELDS) is written, the other kind's fields as 0. */
function writeOp(v: Float64Array, o: number, op: OpRecord): void {
  v[o + ABI.OP_IN_A_LOC] = locCode(op.aLoc);
  v[o + ABI.OP_IN_B_LOC] = locCode(op.bLoc);
  v[o + ABI.OP_IN_C_LOC] = locCode(op.cLoc);
  v[o + ABI.OP_IN_EXTRA_IN_BYTES] = op.extraDramBytes;
  v[o + ABI.OP_IN_EXTRA_GMEM_BYTES] = op.extraGmemBytes;
  if (op.kind === 'gemm') {
    v[o + ABI.OP_IN_KIND] = ABI.OP_KIND_GEMM;
    v[o + ABI.OP_IN_COUNT] = op.count;
    v[o + ABI.OP_IN_M] = op.m;
    v[o + ABI.OP_IN_K] = op.k;
    v[o + ABI.OP_IN_N] = op.n;
    v[o + ABI.OP_IN_ELEM_BYTES] = op.elementBytes;
    v[o + ABI.OP_IN_IN_BYTES] = op.inBytes;
    v[o + ABI.OP_IN_EPILOGUE_OPS] = op.epilogueOps;
    v[o + ABI.OP_IN_PROLOGUE_OPS] = op.prologueOps;
    v[o + ABI.OP_IN_VECTOR_ALT_OPS] = op.vectorAltOps;
    v[o + ABI.OP_IN_PACKABLE] = op.packable ? 1 : 0;
    v[o + ABI.OP_IN_OUT_BYTES] = 0;
    v[o + ABI.OP_IN_PASSES] = 0;
    v[o + ABI.OP_IN_ROW_BYTES] = 0;
    v[o + ABI.OP_IN_WEIGHT_BYTES] = 0;
  } else {
    v[o + ABI.OP_IN_KIND] = ABI.OP_KIND_VECTOR;
    v[o + ABI.OP_IN_COUNT] = 1;
    v[o + ABI.OP_IN_M] = op.outputs;
    v[o + ABI.OP_IN_K] = op.opsPerOutput;
    v[o + ABI.OP_IN_N] = 0;
    v[o + ABI.OP_IN_ELEM_BYTES] = 0;
    v[o + ABI.OP_IN_EPILOGUE_OPS] = 0;
    v[o + ABI.OP_IN_PROLOGUE_OPS] = 0;
    v[o + ABI.OP_IN_VECTOR_ALT_OPS] = 0;
    v[o + ABI.OP_IN_PACKABLE] = 0;
    v[o + ABI.OP_IN_IN_BYTES] = op.inBytes;
    v[o + ABI.OP_IN_OUT_BYTES] = op.outBytes;
    v[o + ABI.OP_IN_PASSES] = op.passes;
    v[o + ABI.OP_IN_ROW_BYTES] = op.rowBytes;
    v[o + ABI.OP_IN_WEIGHT_BYTES] = op.weightBytes;
  }
}

/** `table[code]` for a code the core wrote, else `fallback`: the same as `table[code] ?? fallback`, but the array is
 * only ever indexed by a small integer. */
function codeOf<T>(table: readonly T[], code: number, fallback: T): T {
  return code >= 0 && code < table.length && Number.isInteger(code) ? table[code | 0] : fallback;
}

function readResult(v: Float64Array, o: number): OpResult {
  return {
    status: v[o + ABI.OP_OUT_STATUS] === ABI.STATUS_OK ? 'ok' : 'invalid_input',
    cycles: v[o + ABI.OP_OUT_CYCLES],
    computeCycles: v[o + ABI.OP_OUT_COMPUTE_CYCLES],
    vectorCycles: v[o + ABI.OP_OUT_VECTOR_CYCLES],
    dramCycles: v[o + ABI.OP_OUT_DRAM_CYCLES],
    gmemCycles: v[o + ABI.OP_OUT_GMEM_CYCLES],
    localCycles: v[o + ABI.OP_OUT_L1_CYCLES],
    overheadCycles: v[o + ABI.OP_OUT_OVERHEAD_CYCLES],
    exposedCycles: v[o + ABI.OP_OUT_EXPOSED_CYCLES],
    bound: codeOf(BOUNDS, v[o + ABI.OP_OUT_BOUND], 'compute'),
    macs: v[o + ABI.OP_OUT_MACS],
    vectorOps: v[o + ABI.OP_OUT_VECTOR_OPS],
    dramBytes: v[o + ABI.OP_OUT_DRAM_BYTES],
    gmemBytes: v[o + ABI.OP_OUT_GMEM_BYTES],
    localBytes: v[o + ABI.OP_OUT_L1_BYTES],
    operandBytes: { a: v[o + ABI.OP_OUT_A_BYTES], b: v[o + ABI.OP_OUT_B_BYTES], c: v[o + ABI.OP_OUT_C_BYTES], extra: v[o + ABI.OP_OUT_EXTRA_BYTES] },
    utilization: v[o + ABI.OP_OUT_UTILIZATION],
    mappingEfficiency: v[o + ABI.OP_OUT_MAPPING_EFF],
    schedule: {
      unit: v[o + ABI.OP_OUT_UNIT] === ABI.UNIT_VECTOR ? 'vector' : 'systolic',
      coreSplit: codeOf(SPLITS, v[o + ABI.OP_OUT_CORE_SPLIT], 'm'),
      arraySplit: codeOf(SPLITS, v[o + ABI.OP_OUT_ARRAY_SPLIT], 'n'),
      loopOrder: codeOf(ORDERS, v[o + ABI.OP_OUT_LOOP_ORDER], 'weights-resident'),
      tileM: v[o + ABI.OP_OUT_TILE_M],
      tileN: v[o + ABI.OP_OUT_TILE_N],
      tileK: v[o + ABI.OP_OUT_TILE_K],
      doubleBuffer: v[o + ABI.OP_OUT_DOUBLE_BUFFER] === 1,
      pack: v[o + ABI.OP_OUT_PACK],
    },
  };
}

/** Evaluate op records on one machine with the chosen software, in batches of at most MAX_RECORDS. */
export function evalOps(core: Core, machine: Machine, software: Software, ops: readonly OpRecord[]): OpResult[] {
  if (!checked.has(core)) { checkAbi(core); checked.add(core); }
  writeMachine(core, machine, software);
  const results: OpResult[] = new Array(ops.length);
  for (let start = 0; start < ops.length; start += ABI.MAX_RECORDS) {
    const count = Math.min(ABI.MAX_RECORDS, ops.length - start);
    const inView = new Float64Array(core.memory.buffer, core.inPtr(), count * ABI.RECORD_WORDS);
    for (let i = 0; i < count; i++) writeOp(inView, i * ABI.RECORD_WORDS, ops[start + i]);
    const done = core.evalOpsBatch(count);
    const out = new Float64Array(core.memory.buffer, core.outPtr(), done * ABI.RECORD_WORDS);
    for (let i = 0; i < done; i++) results[start + i] = readResult(out, i * ABI.RECORD_WORDS);
  }
  return results;
}

// ---- SCALE-Sim memory model records (assembly/scalesim-memory.ts) -------------------------------------------------
// Self-contained section: packs ScalesimMemorySpec (validated by shared/scalesim/memory.ts) into ScalesimMemIn
// records and reads ScalesimMemOut records back.

const SCALESIM_MEM_STATUS: Record<number, ScalesimMemoryResult['status']> = {
  [ABI.STATUS_OK]: 'ok', [ABI.STATUS_INVALID_INPUT]: 'invalid_input', [ABI.SCALESIM_MEM_STATUS_WORK_LIMIT]: 'work_limit',
};

function readScalesimMemory(out: Float64Array, o: number, sublayers: number): ScalesimMemoryResult {
  const v = (f: number) => out[o + f];
  // per sub-layer, as SCALE-Sim's BANDWIDTH_REPORT: one sub-layer's words over its own DRAM window
  const bw = (words: number, start: number, stop: number) => words / sublayers / Math.max(1, stop - start + 1);
  const flags = v(ABI.SCALESIM_MEM_OUT_APPROX);
  const approximate: ScalesimMemoryResult['approximate'] = [];
  if (flags & ABI.SCALESIM_MEM_APPROX_IFMAP_READS) approximate.push('dramIfmapReads');
  if (flags & ABI.SCALESIM_MEM_APPROX_STALLS) approximate.push('stallCycles');
  return {
    status: SCALESIM_MEM_STATUS[v(ABI.SCALESIM_MEM_OUT_STATUS)] ?? 'invalid_input',
    totalCycles: v(ABI.SCALESIM_MEM_OUT_TOTAL_CYCLES),
    stallCycles: v(ABI.SCALESIM_MEM_OUT_STALL_CYCLES),
    dramIfmapReads: v(ABI.SCALESIM_MEM_OUT_DRAM_IFMAP_READS),
    dramFilterReads: v(ABI.SCALESIM_MEM_OUT_DRAM_FILTER_READS),
    dramOfmapWrites: v(ABI.SCALESIM_MEM_OUT_DRAM_OFMAP_WRITES),
    dramIfmapStartCycle: v(ABI.SCALESIM_MEM_OUT_IFMAP_START_CYCLE),
    dramIfmapStopCycle: v(ABI.SCALESIM_MEM_OUT_IFMAP_STOP_CYCLE),
    dramFilterStartCycle: v(ABI.SCALESIM_MEM_OUT_FILTER_START_CYCLE),
    dramFilterStopCycle: v(ABI.SCALESIM_MEM_OUT_FILTER_STOP_CYCLE),
    dramOfmapStartCycle: v(ABI.SCALESIM_MEM_OUT_OFMAP_START_CYCLE),
    dramOfmapStopCycle: v(ABI.SCALESIM_MEM_OUT_OFMAP_STOP_CYCLE),
    avgIfmapDramWordsPerCycle: bw(v(ABI.SCALESIM_MEM_OUT_DRAM_IFMAP_READS), v(ABI.SCALESIM_MEM_OUT_IFMAP_START_CYCLE), v(ABI.SCALESIM_MEM_OUT_IFMAP_STOP_CYCLE)),
    avgFilterDramWordsPerCycle: bw(v(ABI.SCALESIM_MEM_OUT_DRAM_FILTER_READS), v(ABI.SCALESIM_MEM_OUT_FILTER_START_CYCLE), v(ABI.SCALESIM_MEM_OUT_FILTER_STOP_CYCLE)),
    avgOfmapDramWordsPerCycle: bw(v(ABI.SCALESIM_MEM_OUT_DRAM_OFMAP_WRITES), v(ABI.SCALESIM_MEM_OUT_OFMAP_START_CYCLE), v(ABI.SCALESIM_MEM_OUT_OFMAP_STOP_CYCLE)),
    approximate,
  };
}

/** SCALE-Sim v2 memory model (DRAM traffic, USER-mode stalls) for validated specs, in batches of MAX_RECORDS. */
export function scalesimMemory(core: Core, specs: readonly ScalesimMemorySpec[]): ScalesimMemoryResult[] {
  if (!checked.has(core)) { checkAbi(core); checked.add(core); }
  const results: ScalesimMemoryResult[] = new Array(specs.length);
  for (let start = 0; start < specs.length; start += ABI.MAX_RECORDS) {
    const count = Math.min(ABI.MAX_RECORDS, specs.length - start);
    const inView = new Float64Array(core.memory.buffer, core.inPtr(), count * ABI.SCALESIM_MEM_IN_FIELDS);
    for (let i = 0; i < count; i++) {
      const s = specs[start + i], o = i * ABI.SCALESIM_MEM_IN_FIELDS, cv = scalesimConvOf(s);
      inView[o + ABI.SCALESIM_MEM_IN_IFMAP_H] = cv.ifmapHeight;
      inView[o + ABI.SCALESIM_MEM_IN_IFMAP_W] = cv.ifmapWidth;
      inView[o + ABI.SCALESIM_MEM_IN_FILTER_H] = cv.filterHeight;
      inView[o + ABI.SCALESIM_MEM_IN_FILTER_W] = cv.filterWidth;
      inView[o + ABI.SCALESIM_MEM_IN_CHANNELS] = cv.channels;
      inView[o + ABI.SCALESIM_MEM_IN_NUM_FILTERS] = cv.numFilters;
      inView[o + ABI.SCALESIM_MEM_IN_STRIDE] = cv.stride;
      inView[o + ABI.SCALESIM_MEM_IN_ROWS] = s.rows;
      inView[o + ABI.SCALESIM_MEM_IN_COLS] = s.cols;
      inView[o + ABI.SCALESIM_MEM_IN_DATAFLOW] = DATAFLOW_CODE[s.dataflow] ?? -1;
      inView[o + ABI.SCALESIM_MEM_IN_SUBLAYERS] = s.sublayers ?? 1;
      inView[o + ABI.SCALESIM_MEM_IN_IFMAP_SRAM_WORDS] = s.ifmapSramWords;
      inView[o + ABI.SCALESIM_MEM_IN_FILTER_SRAM_WORDS] = s.filterSramWords;
      inView[o + ABI.SCALESIM_MEM_IN_OFMAP_SRAM_WORDS] = s.ofmapSramWords;
      inView[o + ABI.SCALESIM_MEM_IN_MODE] = s.mode === 'USER' ? ABI.SCALESIM_MEM_MODE_USER : ABI.SCALESIM_MEM_MODE_CALC;
      inView[o + ABI.SCALESIM_MEM_IN_BANDWIDTH_WORDS_PER_CYCLE] = s.bandwidthWordsPerCycle ?? 0;
    }
    const done = core.scalesimMemoryBatch(count);
    const out = new Float64Array(core.memory.buffer, core.outPtr(), done * ABI.SCALESIM_MEM_OUT_FIELDS);
    for (let i = 0; i < done; i++) results[start + i] = readScalesimMemory(out, i * ABI.SCALESIM_MEM_OUT_FIELDS, specs[start + i].sublayers ?? 1);
  }
  return results;
}
