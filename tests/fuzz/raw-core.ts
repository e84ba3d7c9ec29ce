// Pack-level access to the Wasm core's raw record buffers, for fuzzing the ABI itself: arbitrary f64 records
// (NaN, ±Infinity, huge, negative, fractional) are written straight into the core's static IN/HW buffers and a batch
// entry point is called, bypassing shared/core/pack.ts and every schema in front of it. The record strides come from
// assembly/abi.ts (the ABI), so this module knows no field's meaning — only where records start.
import * as ABI from '../../assembly/abi';
import type { Core } from '../../shared/core/loader';

export type RawKind = 'gemm' | 'ops' | 'scalesimMemory';

/** Input and output words per record, and the entry point, of each record kind. */
export const RAW_KINDS: Record<RawKind, { inWords: number; outWords: number; stride: number }> = {
  gemm: { inWords: ABI.GEMM_IN_FIELDS, outWords: ABI.GEMM_OUT_FIELDS, stride: ABI.GEMM_IN_FIELDS },
  ops: { inWords: ABI.OP_IN_FIELDS, outWords: ABI.OP_OUT_FIELDS, stride: ABI.RECORD_WORDS },
  scalesimMemory: { inWords: ABI.SCALESIM_MEM_IN_FIELDS, outWords: ABI.SCALESIM_MEM_OUT_FIELDS, stride: ABI.SCALESIM_MEM_IN_FIELDS },
};
export const RAW_HW_WORDS = ABI.HW_FIELDS;
export const RAW_STATUS = { ok: ABI.STATUS_OK, invalid: ABI.STATUS_INVALID_INPUT, workLimit: ABI.SCALESIM_MEM_STATUS_WORK_LIMIT };

export interface RawBatch {
  kind: RawKind;
  /** One array of `inWords` values per record. */
  records: number[][];
  /** The hardware record (ops only). */
  hw?: number[];
  /** The count passed to the entry point (default: records.length); may lie (negative, beyond MAX_RECORDS). */
  count?: number;
}

export interface RawResult {
  /** What the entry point returned: how many records it evaluated. */
  done: number;
  /** The output records it wrote (at most records.length). */
  out: number[][];
}

/** Write the records into the core's buffers and run the batch. Throws only if the core traps. */
export function runRaw(core: Core, b: RawBatch): RawResult {
  const k = RAW_KINDS[b.kind];
  const n = Math.min(b.records.length, ABI.MAX_RECORDS);
  // The whole buffer is cleared, so a count beyond the records written reads zeros, not an earlier call's records.
  const io = new Float64Array(core.memory.buffer, core.inPtr(), core.ioWords());
  io.fill(0);
  b.records.slice(0, n).forEach((r, i) => { for (let f = 0; f < k.inWords; f++) io[i * k.stride + f] = r[f] ?? 0; });
  if (b.kind === 'ops') {
    const hw = new Float64Array(core.memory.buffer, core.hwPtr(), ABI.HW_FIELDS);
    for (let f = 0; f < ABI.HW_FIELDS; f++) hw[f] = b.hw?.[f] ?? 0;
  }
  const count = b.count ?? n;
  const done = b.kind === 'gemm' ? core.scalesimGemmBatch(count) : b.kind === 'ops' ? core.evalOpsBatch(count) : core.scalesimMemoryBatch(count);
  const outStride = b.kind === 'gemm' ? ABI.GEMM_OUT_FIELDS : b.kind === 'ops' ? ABI.RECORD_WORDS : ABI.SCALESIM_MEM_OUT_FIELDS;
  const view = new Float64Array(core.memory.buffer, core.outPtr(), Math.max(1, Math.min(done, n)) * outStride);
  const out: number[][] = [];
  for (let i = 0; i < Math.min(done, n); i++) out.push(Array.from(view.subarray(i * outStride, i * outStride + k.outWords)));
  return { done, out };
}

/** A plausible record of each kind (valid values), to mutate from: the core's ok paths get exercised too. */
export function plausibleRecord(kind: RawKind, v: { m: number; n: number; k: number; rows: number; cols: number; dataflow: number }): number[] {
  if (kind === 'gemm') {
    const r = new Array<number>(ABI.GEMM_IN_FIELDS).fill(0);
    r[ABI.GEMM_IN_M] = v.m; r[ABI.GEMM_IN_N] = v.n; r[ABI.GEMM_IN_K] = v.k; r[ABI.GEMM_IN_ROWS] = v.rows; r[ABI.GEMM_IN_COLS] = v.cols;
    r[ABI.GEMM_IN_DATAFLOW] = v.dataflow; r[ABI.GEMM_IN_SUBLAYERS] = 1;
    return r;
  }
  if (kind === 'ops') {
    const r = new Array<number>(ABI.OP_IN_FIELDS).fill(0);
    const vector = v.dataflow === 2;
    r[ABI.OP_IN_KIND] = vector ? ABI.OP_KIND_VECTOR : ABI.OP_KIND_GEMM;
    r[ABI.OP_IN_COUNT] = 1; r[ABI.OP_IN_M] = v.m; r[ABI.OP_IN_K] = v.k; r[ABI.OP_IN_N] = v.n; r[ABI.OP_IN_ELEM_BYTES] = 2;
    r[ABI.OP_IN_IN_BYTES] = v.m * v.k * 2; r[ABI.OP_IN_OUT_BYTES] = v.m * 2; r[ABI.OP_IN_PASSES] = 1; r[ABI.OP_IN_EPILOGUE_OPS] = 1;
    r[ABI.OP_IN_PACKABLE] = v.rows % 2; r[ABI.OP_IN_VECTOR_ALT_OPS] = v.cols % 3 === 0 ? v.k : 0;
    return r;
  }
  const r = new Array<number>(ABI.SCALESIM_MEM_IN_FIELDS).fill(0);
  r[ABI.SCALESIM_MEM_IN_IFMAP_H] = v.m; r[ABI.SCALESIM_MEM_IN_IFMAP_W] = v.m; r[ABI.SCALESIM_MEM_IN_FILTER_H] = Math.min(v.m, 3);
  r[ABI.SCALESIM_MEM_IN_FILTER_W] = Math.min(v.m, 3); r[ABI.SCALESIM_MEM_IN_CHANNELS] = v.k; r[ABI.SCALESIM_MEM_IN_NUM_FILTERS] = v.n;
  r[ABI.SCALESIM_MEM_IN_STRIDE] = 1; r[ABI.SCALESIM_MEM_IN_ROWS] = v.rows; r[ABI.SCALESIM_MEM_IN_COLS] = v.cols;
  r[ABI.SCALESIM_MEM_IN_DATAFLOW] = v.dataflow; r[ABI.SCALESIM_MEM_IN_SUBLAYERS] = 1;
  r[ABI.SCALESIM_MEM_IN_IFMAP_SRAM_WORDS] = 65536; r[ABI.SCALESIM_MEM_IN_FILTER_SRAM_WORDS] = 65536; r[ABI.SCALESIM_MEM_IN_OFMAP_SRAM_WORDS] = 65536;
  r[ABI.SCALESIM_MEM_IN_MODE] = v.n % 2; r[ABI.SCALESIM_MEM_IN_BANDWIDTH_WORDS_PER_CYCLE] = 10;
  return r;
}

/** A plausible hardware record (tpu-v3-like), to mutate from. */
export function plausibleHw(): number[] {
  const h = new Array<number>(ABI.HW_FIELDS).fill(0);
  h[ABI.HW_CORES] = 2; h[ABI.HW_ARRAYS_PER_CORE] = 2; h[ABI.HW_ROWS] = 128; h[ABI.HW_COLS] = 128; h[ABI.HW_DATAFLOW] = ABI.DATAFLOW_WS;
  h[ABI.HW_VECTOR_LANES] = 1024; h[ABI.HW_L1_BYTES] = 16 * 2 ** 20; h[ABI.HW_GMEM_BYTES] = 0; h[ABI.HW_GMEM_BYTES_PER_CYCLE] = 256;
  h[ABI.HW_DRAM_BYTES_PER_CYCLE] = 957; h[ABI.HW_L1_BYTES_PER_CYCLE] = 1024; h[ABI.HW_OP_OVERHEAD_CYCLES] = 100;
  h[ABI.HW_SCHEDULER] = 3; h[ABI.HW_ACCUM_BYTES] = 4;
  return h;
}
