// Lowering a WorkloadSpec into core records: GEMM views, batch handling, XLA-style elementwise fusion, bytes.
import { describe, expect, it } from 'vitest';
import { lowerWorkload, ELEMENTWISE_OPS } from '../../shared/sim/lower';
import { tinyWorkload as w } from '../fixtures/tiny-workload';

describe('lowerWorkload', () => {
  const ops = lowerWorkload(w, { batch: 4 });

  it('fuses the single-consumer elementwise chain (BN, ReLU, residual add) into the conv epilogue', () => {
    expect(ops.map((o) => o.name)).toEqual(['conv', 'dw', 'scores', 'softmax']);
    const conv = ops[0];
    expect(conv.opIndices).toEqual([0, 1, 2, 3]);
    expect(conv.operands).toEqual({ a: 'x', b: 'w1', c: 'sum', extras: ['bn', 's'] });
    const r = conv.record;
    if (r.kind !== 'gemm') throw new Error('expected gemm');
    expect([r.count, r.m, r.k, r.n]).toEqual([1, 8 * 8 * 4, 3 * 3 * 16, 32]);
    expect(r.inBytes).toBe(8 * 8 * 16 * 2 * 4);
    expect(r.epilogueOps).toBe(ELEMENTWISE_OPS.batchnorm + ELEMENTWISE_OPS.relu + ELEMENTWISE_OPS.add);
    // extra reads: BN parameters (2·32·2 bytes) and the shortcut s (8·8·32·2 bytes per sample × 4)
    expect(r.extraDramBytes).toBe(2 * 32 * 2 + 8 * 8 * 32 * 2 * 4);
    expect(r.extraGmemBytes).toBe(0);
  });

  it('keeps depthwise as grouped GEMMs that may be packed or moved to the vector unit', () => {
    const r = ops[1].record;
    if (r.kind !== 'gemm') throw new Error('expected gemm');
    expect([r.count, r.m, r.k, r.n, r.packable, r.vectorAltOps]).toEqual([32, 256, 9, 1, true, 9]);
  });

  it('multiplies the count of activation×activation matmuls by the batch', () => {
    const r = ops[2].record;
    if (r.kind !== 'gemm') throw new Error('expected gemm');
    expect([r.count, r.m, r.k, r.n]).toEqual([16, 64, 16, 64]);
  });

  it('softmax: three passes by default, two in the online form; row working set = length × bytes', () => {
    const r = ops[3].record;
    if (r.kind !== 'vector') throw new Error('expected vector');
    expect([r.outputs, r.passes, r.rowBytes, r.inBytes]).toEqual([256 * 64 * 4, 3, 128, 4 * 64 * 64 * 2 * 4]);
    const online = lowerWorkload(w, { batch: 4, onlineSoftmax: true })[3].record;
    expect(online.kind === 'vector' && online.passes).toBe(2);
  });

  it('reads tensor locations from the placement map', () => {
    const placed = lowerWorkload(w, { batch: 1, placement: new Map([['x', 'gmem'], ['sum', 'gmem'], ['s', 'gmem']]) });
    const r = placed[0].record;
    expect([r.aLoc, r.bLoc, r.cLoc]).toEqual(['gmem', 'dram', 'gmem']);
    expect([r.extraDramBytes, r.extraGmemBytes]).toEqual([2 * 32 * 2, 8 * 8 * 32 * 2]);
    expect(placed[2].operands).toEqual({ a: 'q', b: 'k', c: 'sc', extras: [] });
  });
});
