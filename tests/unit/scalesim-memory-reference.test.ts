// The SCALE-Sim memory model's fast paths against the reference path (the debug switch scalesimReferenceWalk: the
// CALC duplicate-address walk as it was before its speed-ups, assembly/scalesim-rects.ts distinctRectsRef and the
// unmemoised segment counts of assembly/scalesim-calc-read.ts): every output field, statuses included, must be
// identical on all public oracle layers and on random layers of every kind. docs/model.md §1.1.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileCore, loadCore } from '../../shared/core/loader';
import { instantiate } from '../../build/release.js';
import { scalesimMemory } from '../../shared/core/pack';
import type { ScalesimMemorySpec } from '../../shared/scalesim/memory';
import { loadOracle, oracleMemorySpec } from '../oracle/scalesim';

type Core = Awaited<ReturnType<typeof loadCore>>;

function both(core: Core, spec: ScalesimMemorySpec) {
  core.scalesimReferenceWalk(1);
  const ref = scalesimMemory(core, [spec])[0];
  core.scalesimReferenceWalk(0);
  const fast = scalesimMemory(core, [spec])[0];
  return { ref, fast };
}

const oracleSpecs: ScalesimMemorySpec[] = loadOracle().map(oracleMemorySpec);

// conv layers, most with overlapping windows (stride below the kernel: the duplicate walk), some with windows that
// leave the ifmap or do not overlap; tall ifmaps with small kernels make the walk sweep stretches of rows
const convLayer = fc.record({
  fh: fc.integer({ min: 1, max: 11 }), fw: fc.integer({ min: 1, max: 11 }),
  extraH: fc.integer({ min: 0, max: 90 }), extraW: fc.integer({ min: 0, max: 60 }),
  channels: fc.integer({ min: 1, max: 16 }), numFilters: fc.integer({ min: 1, max: 80 }),
  strideFrac: fc.double({ min: 0, max: 1.3, noNaN: true }),
}).map(({ fh, fw, extraH, extraW, channels, numFilters, strideFrac }) => ({
  ifmapHeight: fh + extraH, ifmapWidth: fw + extraW, filterHeight: fh, filterWidth: fw, channels, numFilters,
  stride: Math.max(1, Math.round(strideFrac * Math.min(fh, fw))),
}));

const randomSpec: fc.Arbitrary<ScalesimMemorySpec> = fc.record({
  conv: convLayer,
  rows: fc.constantFrom(1, 2, 4, 7, 8, 16, 32, 64), cols: fc.constantFrom(1, 2, 4, 8, 13, 16, 32, 64),
  dataflow: fc.constantFrom('os', 'ws', 'is') as fc.Arbitrary<'os' | 'ws' | 'is'>,
  sublayers: fc.integer({ min: 1, max: 2 }),
  small: fc.boolean(),
  s1: fc.integer({ min: 100, max: 3000 }), s2: fc.integer({ min: 100, max: 3000 }), s3: fc.integer({ min: 100, max: 3000 }),
  l1: fc.integer({ min: 4096, max: 131072 }), l2: fc.integer({ min: 4096, max: 131072 }), l3: fc.integer({ min: 4096, max: 131072 }),
  user: fc.integer({ min: 0, max: 4 }), bw: fc.integer({ min: 1, max: 64 }),
}).map((r) => ({
  conv: r.conv, rows: r.rows, cols: r.cols, dataflow: r.dataflow, sublayers: r.sublayers,
  ifmapSramWords: r.small ? r.s1 : r.l1, filterSramWords: r.small ? r.s2 : r.l2, ofmapSramWords: r.small ? r.s3 : r.l3,
  mode: r.user === 0 ? 'USER' : 'CALC', bandwidthWordsPerCycle: r.bw,
}));

// CALC layers whose windows overlap (strides up to the kernel, some windows leaving the ifmap), arrays up to 128, up
// to 128 filters, SRAMs from 100 words (many segments, the budget's edge) to 128K
function overlapping(dataflow: fc.Arbitrary<'os' | 'ws' | 'is'>): fc.Arbitrary<ScalesimMemorySpec> {
  return fc.record({
    fh: fc.integer({ min: 2, max: 11 }), fw: fc.integer({ min: 2, max: 11 }),
    extraH: fc.integer({ min: 0, max: 60 }), extraW: fc.integer({ min: 0, max: 60 }),
    channels: fc.integer({ min: 1, max: 64 }), numFilters: fc.integer({ min: 1, max: 128 }),
    strideFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    rows: fc.constantFrom(1, 3, 8, 16, 32, 64, 128), cols: fc.constantFrom(1, 4, 16, 64, 128),
    sram: fc.oneof(fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 4096, max: 131072 })),
    dataflow,
  }).map((r): ScalesimMemorySpec => ({
    conv: {
      ifmapHeight: r.fh + r.extraH, ifmapWidth: r.fw + r.extraW, filterHeight: r.fh, filterWidth: r.fw,
      channels: r.channels, numFilters: r.numFilters,
      stride: Math.max(1, Math.round(r.strideFrac * Math.min(r.fh, r.fw))),
    },
    rows: r.rows, cols: r.cols, dataflow: r.dataflow, sublayers: 1,
    ifmapSramWords: r.sram, filterSramWords: 8192, ofmapSramWords: 8192, mode: 'CALC', bandwidthWordsPerCycle: 1,
  }));
}

/** Fast = reference on `numRuns` layers; returns how many of them took the duplicate walk and ended ok. */
function sameOn(core: Core, specs: fc.Arbitrary<ScalesimMemorySpec>, numRuns: number, seed: number): number {
  let walked = 0;
  fc.assert(fc.property(specs, (spec) => {
    const { ref, fast } = both(core, spec);
    expect(fast, JSON.stringify(spec)).toStrictEqual(ref);
    if (ref.status === 'ok' && ref.approximate.includes('dramIfmapReads')) walked++;
  }), { numRuns, seed });
  return walked;
}

describe('scalesim memory model: fast paths = reference path', () => {
  afterAll(async () => { (await loadCore()).scalesimReferenceWalk(0); });

  it('is identical on every public oracle layer', async () => {
    const core = await loadCore();
    for (const spec of oracleSpecs) {
      const { ref, fast } = both(core, spec);
      expect(fast, JSON.stringify(spec)).toStrictEqual(ref);
    }
  });

  it('is identical on 300 random layers (conv shapes, strides, arrays, dataflows, SRAMs, CALC and USER)', async () => {
    const core = await loadCore();
    let walked = 0;
    fc.assert(fc.property(randomSpec, (spec) => {
      const { ref, fast } = both(core, spec);
      expect(fast, JSON.stringify(spec)).toStrictEqual(ref);
      if (ref.status === 'ok' && spec.mode === 'CALC' && ref.approximate.includes('dramIfmapReads')) walked++;
    }), { numRuns: 300, seed: 20261206 });
    // most random layers go through the duplicate-address walk
    expect(walked).toBeGreaterThan(150);
  }, 120_000);

  // OS layers with overlapping windows take the incremental walk (assembly/scalesim-calc-os.ts) when the probing
  // walk's work is bounded within the budget: more channels (channel suffixes), arrays up to 128 (segments inside
  // one fold), strides up to the kernel, and SRAMs from 100 words (many segments, the budget's edge) to 128K
  it('is identical on 150 random OS layers with overlapping windows (the incremental walk)', async () => {
    expect(sameOn(await loadCore(), overlapping(fc.constant('os')), 150, 20261207)).toBeGreaterThan(75);
  }, 120_000);

  // the OS walk presets a fold's min/max occurrences over the columns its pixels' windows can reach in each ifmap
  // row: a block across two output rows has the first row's columns from its first pixel on and the last row's up to
  // its last pixel, two ranges where they do not meet (wide ifmaps, arrays 4–32 rows, strides 1–4)
  it('is identical on 150 random OS layers with wide ifmaps (fold blocks across output rows)', async () => {
    const spec = fc.record({
      fh: fc.integer({ min: 2, max: 9 }), fw: fc.integer({ min: 2, max: 9 }),
      extraH: fc.integer({ min: 4, max: 40 }), extraW: fc.integer({ min: 40, max: 160 }),
      channels: fc.integer({ min: 1, max: 8 }), numFilters: fc.integer({ min: 1, max: 64 }),
      strideFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      rows: fc.constantFrom(4, 8, 16, 32), cols: fc.constantFrom(4, 16, 64),
      sram: fc.integer({ min: 2000, max: 40000 }),
    }).map((r): ScalesimMemorySpec => ({
      conv: {
        ifmapHeight: r.fh + r.extraH, ifmapWidth: r.fw + r.extraW, filterHeight: r.fh, filterWidth: r.fw,
        channels: r.channels, numFilters: r.numFilters,
        stride: 1 + Math.round(r.strideFrac * (Math.min(r.fh, r.fw, 4) - 1)),
      },
      rows: r.rows, cols: r.cols, dataflow: 'os', sublayers: 1,
      ifmapSramWords: r.sram, filterSramWords: 8192, ofmapSramWords: 8192, mode: 'CALC', bandwidthWordsPerCycle: 1,
    }));
    expect(sameOn(await loadCore(), spec, 150, 20261214)).toBeGreaterThan(75);
  }, 120_000);

  // the OS walk's row mode (S ≤ FW and S ≤ FH: a fold's positions are column ranges of ifmap rows) marks whole folds,
  // chunks of row folds (undone and halved when one reaches the window) and the start part as column runs (its partial
  // channels from one filter position per skew band, a position hit by several bands keeping the least), and takes the
  // end fold's least occurrences only where positions are not yet whole; strides up to 6 on kernels of 1–11 also give
  // layers whose windows overlap one way only (S > FH or S > FW: the per-position path)
  it('is identical on 150 random OS layers with strides up to 6 (the run and chunk paths)', async () => {
    const spec = fc.record({
      fh: fc.integer({ min: 1, max: 11 }), fw: fc.integer({ min: 1, max: 11 }),
      extraH: fc.integer({ min: 0, max: 60 }), extraW: fc.integer({ min: 0, max: 120 }),
      channels: fc.integer({ min: 1, max: 40 }), numFilters: fc.integer({ min: 1, max: 300 }),
      stride: fc.integer({ min: 1, max: 6 }),
      rows: fc.constantFrom(1, 2, 3, 4, 8, 16, 32, 64, 128), cols: fc.constantFrom(1, 4, 16, 64, 128),
      sram: fc.oneof(fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 3000, max: 131072 })),
    }).map((r): ScalesimMemorySpec => ({
      conv: {
        ifmapHeight: r.fh + r.extraH, ifmapWidth: r.fw + r.extraW, filterHeight: r.fh, filterWidth: r.fw,
        channels: r.channels, numFilters: r.numFilters, stride: r.stride,
      },
      rows: r.rows, cols: r.cols, dataflow: 'os', sublayers: 1,
      ifmapSramWords: r.sram, filterSramWords: 8192, ofmapSramWords: 8192, mode: 'CALC', bandwidthWordsPerCycle: 1,
    }));
    expect(sameOn(await loadCore(), spec, 150, 20261217)).toBeGreaterThan(50);
  }, 120_000);

  // WS layers with overlapping windows take the bitmap walk (assembly/scalesim-calc-ws.ts) under the same budget
  // condition, IS layers the class-plane walk (assembly/scalesim-calc-is.ts): the same shapes, where many channels
  // form channel classes of the skew bands and more than two column folds use the pass bookkeeping
  it('is identical on 200 random WS and IS layers with overlapping windows (the bitmap walk)', async () => {
    const dataflow = fc.constantFrom('ws', 'ws', 'ws', 'is') as fc.Arbitrary<'ws' | 'is'>;
    expect(sameOn(await loadCore(), overlapping(dataflow), 200, 20261208)).toBeGreaterThan(100);
  }, 120_000);

  // WS folds whose lanes hold several filter positions of one filter row with the same column residue (lanes ≥
  // 3·S·CH: few channels, strides 2–4, arrays 16–128) mark the rows that every unit of such a group covers as one
  // rectangle of their plane, the rest of each unit's pixels (partial and clipped rows) unit by unit
  it('is identical on 120 random WS layers whose folds group units (few channels, strides 2–4)', async () => {
    const spec = fc.record({
      fh: fc.integer({ min: 2, max: 11 }), fw: fc.integer({ min: 2, max: 11 }),
      extraH: fc.integer({ min: 0, max: 80 }), extraW: fc.integer({ min: 0, max: 150 }),
      channels: fc.integer({ min: 1, max: 4 }), numFilters: fc.integer({ min: 1, max: 96 }),
      strideFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      rows: fc.constantFrom(16, 32, 64, 128), cols: fc.constantFrom(8, 32, 64),
      sram: fc.oneof(fc.integer({ min: 500, max: 3000 }), fc.integer({ min: 4096, max: 65536 })),
    }).map((r): ScalesimMemorySpec => ({
      conv: {
        ifmapHeight: r.fh + r.extraH, ifmapWidth: r.fw + r.extraW, filterHeight: r.fh, filterWidth: r.fw,
        channels: r.channels, numFilters: r.numFilters,
        stride: Math.min(4, 2 + Math.round(r.strideFrac * Math.max(0, Math.min(r.fh, r.fw) - 2))),
      },
      rows: r.rows, cols: r.cols, dataflow: 'ws', sublayers: 1,
      ifmapSramWords: r.sram, filterSramWords: 8192, ofmapSramWords: 8192, mode: 'CALC', bandwidthWordsPerCycle: 1,
    }));
    expect(sameOn(await loadCore(), spec, 120, 20261213)).toBeGreaterThan(60);
  }, 120_000);

  // IS layers: channel classes from fold boundaries (R mod CH) and segment starts, segments that end inside a filter
  // position's channels, whole column folds marked together (dilated per residue plane) under their bound
  it('is identical on 200 random IS layers with overlapping windows (the class-plane walk)', async () => {
    expect(sameOn(await loadCore(), overlapping(fc.constant('is')), 200, 20261209)).toBeGreaterThan(100);
  }, 120_000);

  // operands without repeated addresses that are streamed again (REUSE_PASS: the OS/WS ifmap and the IS filter once
  // per column fold; REUSE_REP: the OS filter once per row fold) take closed forms in calcUnique (passes that insert
  // every element, a period of pass-start states, a REP pass's folds after one that changed nothing): GEMMs and 1×1
  // convs with many folds (arrays 1–16), windows smaller and larger than a pass, CALC mode, on a fresh core
  it('is identical on 300 random GEMMs and 1×1 convs with many folds (the pass closed forms)', async () => {
    const core: Core = await instantiate(await compileCore(), { env: {} });
    const spec = fc.record({
      m: fc.integer({ min: 1, max: 400 }), n: fc.integer({ min: 1, max: 1200 }), k: fc.integer({ min: 1, max: 2500 }),
      conv: fc.boolean(), side: fc.integer({ min: 1, max: 14 }),
      rows: fc.constantFrom(1, 2, 3, 4, 8, 16), cols: fc.constantFrom(1, 2, 4, 8, 13, 16),
      dataflow: fc.constantFrom('os', 'ws', 'is') as fc.Arbitrary<'os' | 'ws' | 'is'>,
      sram: fc.oneof(fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 4096, max: 262144 })),
      fsram: fc.oneof(fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 4096, max: 262144 })),
    }).map((r): ScalesimMemorySpec => ({
      ...(r.conv
        ? { conv: { ifmapHeight: r.side, ifmapWidth: r.side, filterHeight: 1, filterWidth: 1, channels: r.k, numFilters: r.n, stride: 1 } }
        : { gemm: { m: r.m, n: r.n, k: r.k } }),
      rows: r.rows, cols: r.cols, dataflow: r.dataflow, sublayers: 1,
      ifmapSramWords: r.sram, filterSramWords: r.fsram, ofmapSramWords: 8192, mode: 'CALC', bandwidthWordsPerCycle: 1,
    }));
    fc.assert(fc.property(spec, (sp) => {
      const { ref, fast } = both(core, sp);
      expect(fast, JSON.stringify(sp)).toStrictEqual(ref);
    }), { numRuns: 300, seed: 20261211 });
  }, 120_000);

  // the WS and IS walks share the bitmap (its buffers grow with either): a mixed sequence on a fresh core
  it('does not depend on the records before it (WS and IS records in one core)', async () => {
    const core: Core = await instantiate(await compileCore(), { env: {} });
    const dataflow = fc.constantFrom('ws', 'is') as fc.Arbitrary<'ws' | 'is'>;
    expect(sameOn(core, overlapping(dataflow), 100, 20261210)).toBeGreaterThan(50);
  }, 120_000);

  // the OS walk keeps a fold's occurrences (min/max per position, and grouped by position) for the fold's next
  // segment: a sequence of OS records on a fresh core, so that no record sees an earlier record's
  it('does not depend on the records before it (OS records in one core)', async () => {
    const core: Core = await instantiate(await compileCore(), { env: {} });
    expect(sameOn(core, overlapping(fc.constant('os')), 100, 20261212)).toBeGreaterThan(50);
  }, 120_000);

  // a record must not see the walk buffers an earlier record left: here the second layer needs a larger bitmap but
  // no more planes than the first (a fresh core, so that the buffers grow exactly there)
  it('does not depend on the record before it (the bitmap walk\'s buffers)', async () => {
    const core: Core = await instantiate(await compileCore(), { env: {} });
    const calc = { rows: 64, sublayers: 1, dataflow: 'ws', filterSramWords: 8192, ofmapSramWords: 8192, mode: 'CALC', bandwidthWordsPerCycle: 1 } as const;
    const first: ScalesimMemorySpec = { ...calc, cols: 1, ifmapSramWords: 1180,
      conv: { ifmapHeight: 9, ifmapWidth: 9, filterHeight: 9, filterWidth: 4, channels: 63, numFilters: 122, stride: 4 } };
    const second: ScalesimMemorySpec = { ...calc, cols: 128, ifmapSramWords: 1394,
      conv: { ifmapHeight: 29, ifmapWidth: 65, filterHeight: 4, filterWidth: 6, channels: 47, numFilters: 42, stride: 4 } };
    for (const spec of [first, second]) {
      const { ref, fast } = both(core, spec);
      expect(fast, JSON.stringify(spec)).toStrictEqual(ref);
    }
  });

  // the budget's edge: one SRAM word more doubles the window (Wc = 50·floor(S/100)) and halves the segments, and
  // the probing walk goes from work_limit to ok; both sides must agree (the incremental walks' bounds decline
  // near the edge and the probing walk runs)
  it('gives the same status at the work limit edge (OS, WS and IS, small SRAMs)', async () => {
    const core = await loadCore();
    const c112 = { ifmapHeight: 112, ifmapWidth: 112, filterHeight: 3, filterWidth: 3, channels: 32, numFilters: 8, stride: 1 };
    const alex = { ifmapHeight: 224, ifmapWidth: 224, filterHeight: 11, filterWidth: 11, channels: 3, numFilters: 96, stride: 4 };
    const c7 = { ifmapHeight: 224, ifmapWidth: 224, filterHeight: 7, filterWidth: 7, channels: 3, numFilters: 64, stride: 2 };
    const c224 = { ifmapHeight: 224, ifmapWidth: 224, filterHeight: 3, filterWidth: 3, channels: 64, numFilters: 64, stride: 1 };
    const edge: [ScalesimMemorySpec['conv'], number, number, 'os' | 'ws' | 'is', number][] = [
      [c112, 8, 8, 'os', 200], [alex, 16, 64, 'os', 400],
      [c112, 8, 8, 'ws', 200], [alex, 32, 32, 'ws', 800], [c7, 32, 32, 'ws', 300],
      [c224, 16, 16, 'is', 200],
    ];
    for (const [conv, rows, cols, dataflow, okWords] of edge) {
      const statuses: string[] = [];
      for (const words of [okWords - 1, okWords]) {
        const spec: ScalesimMemorySpec = {
          conv, rows, cols, dataflow, sublayers: 1, ifmapSramWords: words, filterSramWords: 4096,
          ofmapSramWords: 4096, mode: 'CALC', bandwidthWordsPerCycle: 1,
        };
        const { ref, fast } = both(core, spec);
        expect(fast, JSON.stringify(spec)).toStrictEqual(ref);
        statuses.push(ref.status);
      }
      expect(statuses).toStrictEqual(['work_limit', 'ok']);
    }
  }, 120_000);
});
