// SCALE-Sim topology CSV → WorkloadSpec. Reads rows with parseScalesimTopology (scalesim.ts: header line ignored,
// trailing-comma quirk, conv and GEMM forms) and keeps SCALE-Sim's own geometry, so every op has exactly the
// MACs SCALE-Sim simulates:
// - conv row → conv2d: ifmap H×W×C (SCALE-Sim sizes are already padded), filter Fh×Fw, Num Filter outputs,
//   ofmap ⌈(H − Fh)/s⌉ + 1 (SCALE-Sim rounds up; oracle README §2.2), no padding;
// - a row whose name contains "DP" (SCALE-Sim's depthwise rule: C single-channel sub-layers) → a grouped conv
//   with groups = C and C × Num Filter outputs;
// - depthwise "as shipped" (Num Filter 1 over C channels, no DP) → the ordinary conv SCALE-Sim simulates, with a hint;
// - GEMM row (M, N, K) → matmul of an M×K activation by a K×N weight.
// SCALE-Sim layers are independent (no tensor links), so each op reads its own graph input. Batch 1, as SCALE-Sim.
import { GraphBuilder } from '../builder';
import { parseWorkload } from '../schema';
import type { WorkloadSpec } from '../types';
import { parseScalesimTopology } from './scalesim';

export interface ScalesimImportOptions {
  /** Workload name (e.g. the file name without extension). */
  name?: string;
  format?: 'conv' | 'gemm' | 'auto';
  /** Bytes per element (default 2, bf16, as the rest of the tool; SCALE-Sim itself counts words). */
  elementBytes?: number;
}

export function importScalesimCsv(text: string, opts: ScalesimImportOptions = {}): WorkloadSpec {
  const topo = parseScalesimTopology(text, opts.format ?? 'auto');
  const g = new GraphBuilder(opts.name ?? 'scalesim-topology', 'scalesim', opts.elementBytes ?? 2);
  const warnings = [...topo.warnings];
  topo.layers.forEach((l, i) => {
    const name = g.uniqueName(l.name);
    const c = l.conv;
    if (!c) {
      const a = g.input(`${name}/ifmap`, [l.m, l.k]);
      const b = g.weight(`${name}/filter`, [l.k, l.n]);
      g.addOp({ name, kind: 'matmul', inputs: [a.name], outputs: [name], weights: [b], matmul: { count: 1, m: l.m, k: l.k, n: l.n, weightB: true } });
      g.addTensor({ name, shape: [l.m, l.n], elementBytes: g.elementBytes, kind: 'activation' });
      return;
    }
    const dp = l.sublayers > 1 || l.name.includes('DP');
    const groups = dp ? c.channels : 1;
    const outChannels = dp ? c.channels * c.filters : c.filters;
    const outHeight = Math.ceil((c.ifmapHeight - c.filterHeight) / c.stride) + 1;
    const outWidth = Math.ceil((c.ifmapWidth - c.filterWidth) / c.strideCols) + 1;
    if (!dp && c.filters === 1 && c.channels > 1) {
      warnings.push(`layer ${i + 1} "${l.name}": Num Filter 1 over ${c.channels} channels is read as SCALE-Sim runs it (one filter reducing all channels); for a depthwise layer put "DP" in its name (groups = channels)`);
    }
    const x = g.input(`${name}/ifmap`, [c.ifmapHeight, c.ifmapWidth, c.channels]);
    const w = g.weight(`${name}/filter`, [c.filterHeight, c.filterWidth, c.channels / groups, outChannels]);
    g.addOp({
      name, kind: 'conv2d', inputs: [x.name], outputs: [name], weights: [w],
      conv2d: {
        inHeight: c.ifmapHeight, inWidth: c.ifmapWidth, inChannels: c.channels,
        outHeight, outWidth, outChannels,
        kernelHeight: c.filterHeight, kernelWidth: c.filterWidth, strideHeight: c.stride, strideWidth: c.strideCols, groups,
      },
    });
    g.addTensor({ name, shape: [outHeight, outWidth, outChannels], elementBytes: g.elementBytes, kind: 'activation' });
  });
  return parseWorkload(g.build({
    description: `SCALE-Sim topology (${topo.layers.length} layers, independent, batch 1)`,
    defaultBatch: 1,
    warnings,
  }), 'scalesim');
}
