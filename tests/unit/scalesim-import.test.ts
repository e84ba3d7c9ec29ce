// SCALE-Sim topology CSV and .cfg parsing (tests/oracle/scalesim/README.md §2).
import { describe, expect, it } from 'vitest';
import { parseScalesimTopology, parseScalesimConfig } from '../../shared/workload/importers/scalesim';
import { loadOracle } from '../oracle/scalesim';

const HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';

describe('SCALE-Sim topology CSV', () => {
  it('maps every oracle conv row to the oracle GEMM view (ceil ofmap, DP split)', () => {
    for (const c of loadOracle()) {
      if (!c.conv) continue;
      const { h, w, fh, fw, c: ch, nf, s } = c.conv;
      const { layers } = parseScalesimTopology(`${HEADER}\n${c.layerName}, ${h}, ${w}, ${fh}, ${fw}, ${ch}, ${nf}, ${s},\n`);
      expect([layers[0].m, layers[0].n, layers[0].k, layers[0].sublayers], c.caseId).toEqual([c.m, c.n, c.k, c.sublayers]);
    }
  });

  it('reads the GEMM form and detects it from the header', () => {
    const t = parseScalesimTopology('Layer, M, N, K,\nqkv, 128, 768, 768,\nodd, 100, 37, 300,\n');
    expect(t.layers.map((l) => [l.name, l.m, l.n, l.k])).toEqual([['qkv', 128, 768, 768], ['odd', 100, 37, 300]]);
  });

  it('accepts a row without the trailing comma, with a warning', () => {
    const t = parseScalesimTopology(`${HEADER}\nc1, 56, 56, 3, 3, 64, 64, 1\n`);
    expect(t.layers[0].m).toBe(54 * 54);
    expect(t.warnings[0]).toMatch(/line 2: no trailing comma/);
  });

  it('names the line and field of bad input', () => {
    expect(() => parseScalesimTopology(`${HEADER}\nc1, 56, x, 3, 3, 64, 64, 1,\n`)).toThrow(/line 2: IFMAP Width must be a whole number/);
    expect(() => parseScalesimTopology(`${HEADER}\nc1, 2, 2, 3, 3, 64, 64, 1,\n`)).toThrow(/line 2: filter 3×3 is larger than the ifmap 2×2/);
    expect(() => parseScalesimTopology(`${HEADER}\nc1, 56, 56,\n`)).toThrow(/line 2: a conv row needs/);
    expect(() => parseScalesimTopology(`${HEADER}\n`)).toThrow(/no layer rows/);
    expect(() => parseScalesimTopology(`${HEADER}\nc1, 99999999, 99999999, 1, 1, 1, 1, 1,\n`)).toThrow(/whole number from 1 to/);
  });
});

describe('SCALE-Sim .cfg', () => {
  it('reads the architecture and run presets', () => {
    const { config, warnings } = parseScalesimConfig(`[general]\nrun_name = google\n[architecture_presets]\nArrayHeight:    256\nArrayWidth:     256\nIfmapSramSzkB:    6144\nFilterSramSzkB:   6144\nOfmapSramSzkB:    2048\nIfmapOffset:    0\nDataflow : ws\nBandwidth : 10,10\n[run_presets]\nInterfaceBandwidth: USER\n`);
    expect(config).toEqual({ runName: 'google', arrayRows: 256, arrayCols: 256, ifmapSramKb: 6144, filterSramKb: 6144, ofmapSramKb: 2048, dataflow: 'ws', interfaceBandwidth: 'USER', dramWordsPerCycle: 10 });
    expect(warnings).toEqual([]);
  });

  it('rejects a bad dataflow or size with a message', () => {
    expect(() => parseScalesimConfig('[architecture_presets]\nDataflow: xs\n')).toThrow(/Dataflow must be os, ws or is/);
    expect(() => parseScalesimConfig('[architecture_presets]\nArrayHeight: -4\nDataflow: os\n')).toThrow(/ArrayHeight must be a whole number/);
    expect(() => parseScalesimConfig('[architecture_presets]\nnonsense line\n')).toThrow(/line 2: expected "key: value"/);
  });
});
