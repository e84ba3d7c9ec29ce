// The core's ABI: the only exports of the Wasm module. Records travel through two static f64 buffers
// (zero-copy: JS writes IN through a view, calls a batch function, reads OUT). Layouts live in abi.ts.
import { ABI_VERSION, MAX_RECORDS, GEMM_IN_FIELDS, GEMM_OUT_FIELDS, RECORD_WORDS, HW_FIELDS } from './abi';
import { scalesimGemm } from './systolic';
import { loadHardware, evalOp } from './perf';

const IO_WORDS: i32 = MAX_RECORDS * RECORD_WORDS; // room for MAX_RECORDS records of up to RECORD_WORDS fields
const IN = new StaticArray<f64>(IO_WORDS);
const OUT = new StaticArray<f64>(IO_WORDS);
const HW = new StaticArray<f64>(HW_FIELDS);

export function abiVersion(): i32 { return ABI_VERSION; }
export function maxRecords(): i32 { return MAX_RECORDS; }
export function inPtr(): usize { return changetype<usize>(IN); }
export function outPtr(): usize { return changetype<usize>(OUT); }
export function ioWords(): i32 { return IO_WORDS; }
export function hwPtr(): usize { return changetype<usize>(HW); }

/** Evaluate `count` GemmIn records from IN into GemmOut records in OUT; returns how many were evaluated. */
export function scalesimGemmBatch(count: i32): i32 {
  if (count < 0) return 0;
  const n = count > MAX_RECORDS ? MAX_RECORDS : count;
  for (let i = 0; i < n; i++) scalesimGemm(IN, i * GEMM_IN_FIELDS, OUT, i * GEMM_OUT_FIELDS);
  return n;
}

/**
 * Evaluate `count` op records (stride RECORD_WORDS) from IN on the hardware record in HW, into OUT.
 * An invalid hardware record or op record yields STATUS_INVALID_INPUT in that op's result; never a trap.
 */
export function evalOpsBatch(count: i32): i32 {
  if (count < 0) return 0;
  const n = count > MAX_RECORDS ? MAX_RECORDS : count;
  const hwOk = loadHardware(HW);
  for (let i = 0; i < n; i++) evalOp(IN, i * RECORD_WORDS, OUT, i * RECORD_WORDS, hwOk);
  return n;
}

// ---- SCALE-Sim v2 memory model (assembly/scalesim-memory.ts) ----------------------------------------------------
import { SCALESIM_MEM_IN_FIELDS, SCALESIM_MEM_OUT_FIELDS } from './abi';
import { scalesimMemory } from './scalesim-memory';

/**
 * Evaluate `count` ScalesimMemIn records from IN into ScalesimMemOut records in OUT (DRAM traffic, USER-mode stalls);
 * returns how many were evaluated. Invalid input yields STATUS_INVALID_INPUT in that record; never a trap.
 */
export function scalesimMemoryBatch(count: i32): i32 {
  if (count < 0) return 0;
  const n = count > MAX_RECORDS ? MAX_RECORDS : count;
  for (let i = 0; i < n; i++) scalesimMemory(IN, i * SCALESIM_MEM_IN_FIELDS, OUT, i * SCALESIM_MEM_OUT_FIELDS);
  return n;
}

import { setReferenceWalk } from './scalesim-rects';
/** Debug (tests only): nonzero runs the CALC duplicate-address walk as before its speed-ups (docs/model.md §1.1). */
export function scalesimReferenceWalk(on: i32): void { setReferenceWalk(on != 0); }
