// WorkloadSpec → SCALE-Sim topology CSV (per sample, batch 1; SCALE-Sim simulates GEMMs only, so vector ops are
// left out with one warning). Every row ends with SCALE-Sim's required trailing comma.
// Conv form (`Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,`):
// - conv2d, groups 1 → one row. SCALE-Sim has no padding (ofmap = ⌈(H − F)/s⌉ + 1), so the ifmap written is the op's
//   input size when that reproduces the op's output size, else the padded size (out − 1)·s + F that does.
//   A row for unequal strides carries SCALE-Sim v2's optional column-stride field after Strides.
// - depthwise (groups = inChannels) → one row named with "DP" (SCALE-Sim splits it into C single-channel layers),
//   Channels = C, Num Filter = the channel multiplier;
// - other grouped convs → one row per group (`<name>_g<i>`);
// - matmul → SCALE-Sim's own conv encoding of a GEMM: ifmap M×K, filter 1×K, 1 channel, N filters, stride 1
//   (one row per product when count > 1).
// GEMM form (`Layer, M, N, K,`): matmul → `name, M, N, K`; conv2d → its GEMM view per group
// (M = outH·outW, N = outC/groups, K = kH·kW·inC/groups). 'auto' picks GEMM form when every GEMM op is a matmul.
// Names: commas and line breaks become "_", and "DP" in the name of a multi-channel layer that is not depthwise becomes
// "Dp" (SCALE-Sim would split it).
import type { OpSpec, WorkloadSpec } from '../types';

export interface ScalesimExport { text: string; form: 'conv' | 'gemm'; rows: number; warnings: string[] }

export const SCALESIM_CONV_HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';
export const SCALESIM_GEMM_HEADER = 'Layer, M, N, K,';

/** `split`: the row must be split by SCALE-Sim's DP rule (true), must not be (false), or it makes no difference (one channel). */
const clean = (name: string, split: boolean | 'either'): string => {
  const s = name.replace(/[,\r\n]/g, '_').trim() || 'layer';
  if (split === 'either') return s;
  if (split) return s.includes('DP') ? s : `${s}_DP`;
  return s.replace(/DP/g, 'Dp');
};

/** Input size SCALE-Sim needs to produce `out` with filter `f` and stride `s`. */
function ifmapFor(inSize: number, out: number, f: number, s: number): number {
  return inSize >= f && Math.ceil((inSize - f) / s) + 1 === out ? inSize : (out - 1) * s + f;
}

export function exportScalesimCsv(w: WorkloadSpec, opts: { form?: 'conv' | 'gemm' | 'auto' } = {}): ScalesimExport {
  const gemmOps = w.ops.filter((o): o is Extract<OpSpec, { kind: 'conv2d' | 'matmul' }> => o.kind === 'conv2d' || o.kind === 'matmul');
  const warnings: string[] = [];
  const skipped = w.ops.length - gemmOps.length;
  if (skipped > 0) warnings.push(`${skipped} of ${w.ops.length} ops are not GEMMs (elementwise, pool, reduce, softmax, layernorm) and are left out: SCALE-Sim models GEMMs only`);
  if (gemmOps.length === 0) throw new Error(`export: workload "${w.name}" has no conv2d or matmul op to write`);
  const requested = opts.form ?? 'auto';
  const form = requested === 'auto' ? (gemmOps.every((o) => o.kind === 'matmul') ? 'gemm' : 'conv') : requested;
  const rows: string[] = [];
  let dilated = 0;

  for (const op of gemmOps) {
    if (op.kind === 'matmul') {
      const { count, m, k, n } = op.matmul;
      for (let i = 0; i < count; i++) {
        const name = clean(count > 1 ? `${op.name}_${i}` : op.name, false);
        rows.push(form === 'gemm' ? `${name}, ${m}, ${n}, ${k},` : `${name}, ${m}, ${k}, 1, ${k}, 1, ${n}, 1,`);
      }
      continue;
    }
    const c = op.conv2d;
    if ((c.dilationHeight ?? 1) > 1 || (c.dilationWidth ?? 1) > 1) dilated++;
    const inPerGroup = c.inChannels / c.groups;
    const outPerGroup = c.outChannels / c.groups;
    if (form === 'gemm') {
      for (let gi = 0; gi < c.groups; gi++) {
        const name = clean(c.groups > 1 ? `${op.name}_g${gi}` : op.name, false);
        rows.push(`${name}, ${c.outHeight * c.outWidth}, ${outPerGroup}, ${c.kernelHeight * c.kernelWidth * inPerGroup},`);
      }
      continue;
    }
    const h = ifmapFor(c.inHeight, c.outHeight, c.kernelHeight, c.strideHeight);
    const wd = ifmapFor(c.inWidth, c.outWidth, c.kernelWidth, c.strideWidth);
    const strides = c.strideWidth === c.strideHeight ? `${c.strideHeight},` : `${c.strideHeight}, ${c.strideWidth},`;
    const geometry = `${h}, ${wd}, ${c.kernelHeight}, ${c.kernelWidth}`;
    if (c.groups === 1) rows.push(`${clean(op.name, c.inChannels === 1 ? 'either' : false)}, ${geometry}, ${c.inChannels}, ${c.outChannels}, ${strides}`);
    else if (inPerGroup === 1) rows.push(`${clean(op.name, true)}, ${geometry}, ${c.inChannels}, ${outPerGroup}, ${strides}`);
    else {
      for (let gi = 0; gi < c.groups; gi++) rows.push(`${clean(`${op.name}_g${gi}`, false)}, ${geometry}, ${inPerGroup}, ${outPerGroup}, ${strides}`);
    }
  }
  if (dilated > 0) warnings.push(`${dilated} dilated conv${dilated > 1 ? 's are' : ' is'} written undilated on the padded input that gives the same output size (same MACs; SCALE-Sim has no dilation)`);
  const header = form === 'gemm' ? SCALESIM_GEMM_HEADER : SCALESIM_CONV_HEADER;
  return { text: `${header}\n${rows.join('\n')}\n`, form, rows: rows.length, warnings };
}
