// SCALE-Sim v2 inputs: topology CSV (conv and GEMM forms) and architecture .cfg (INI).
// Facts from tests/oracle/scalesim/README.md §2: the header line is ignored; the reader drops the last
// comma-separated field of every row (so rows end with a trailing comma); ofmap = ceil((H − F + s)/s), no
// padding, batch 1; a layer whose name contains "DP" is split into C single-channel sub-layers.
import type { Dataflow } from '../../core/records';
import { MAX_GEMM_DIM } from '../../core/limits';

export interface ScalesimLayer {
  name: string;
  /** GEMM view: M = ofmap pixels, N = filters, K = Fh·Fw·C (per sub-layer for DP layers). */
  m: number;
  n: number;
  k: number;
  /** 1, or C for a layer split by SCALE-Sim's `DP` name rule. */
  sublayers: number;
  conv?: { ifmapHeight: number; ifmapWidth: number; filterHeight: number; filterWidth: number; channels: number; filters: number; stride: number; strideCols: number };
}

export interface ScalesimTopology { layers: ScalesimLayer[]; warnings: string[] }

export interface ScalesimConfig {
  runName: string;
  arrayRows: number;
  arrayCols: number;
  ifmapSramKb: number;
  filterSramKb: number;
  ofmapSramKb: number;
  dataflow: Dataflow;
  interfaceBandwidth: 'CALC' | 'USER';
  dramWordsPerCycle?: number;
}

export const MAX_TOPOLOGY_BYTES = 1 << 20;
export const MAX_TOPOLOGY_LAYERS = 10_000;

/** Text from the file, quoted for a one-line message (control characters escaped, long values cut). */
const quote = (t: string) => JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);

function positiveInt(text: string, what: string, where: string, max = MAX_GEMM_DIM): number {
  const t = text.trim();
  const v = Number(t);
  if (t === '' || !Number.isInteger(v) || v < 1 || v > max) {
    throw new Error(`${where}: ${what} must be a whole number from 1 to ${max}, got ${quote(t)}`);
  }
  return v;
}

/**
 * Parse a SCALE-Sim topology CSV. `format` 'auto' reads a GEMM file when the header names M, N and K.
 * Rows without the trailing comma are accepted with a warning (SCALE-Sim itself would drop their last column).
 */
export function parseScalesimTopology(text: string, format: 'conv' | 'gemm' | 'auto' = 'auto'): ScalesimTopology {
  if (text.length > MAX_TOPOLOGY_BYTES) throw new Error(`topology: file is larger than ${MAX_TOPOLOGY_BYTES} bytes`);
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((s) => s.trim().toUpperCase());
  const isGemm = format === 'gemm' || (format === 'auto' && header.includes('M') && header.includes('N') && header.includes('K'));
  const layers: ScalesimLayer[] = [];
  const warnings: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '' || raw.trim().replace(/,/g, '') === '') continue;
    const where = `topology line ${i + 1}`;
    let fields = raw.split(',');
    if (fields[fields.length - 1].trim() === '') fields = fields.slice(0, -1);
    else warnings.push(`${where}: no trailing comma (SCALE-Sim v2 would drop the last column); read as written`);
    const name = fields[0].trim() || `layer${layers.length}`;
    if (layers.length >= MAX_TOPOLOGY_LAYERS) throw new Error(`topology: more than ${MAX_TOPOLOGY_LAYERS} layers`);
    if (isGemm) {
      if (fields.length < 4) throw new Error(`${where}: a GEMM row needs name, M, N, K (got ${fields.length} fields)`);
      layers.push({ name, m: positiveInt(fields[1], 'M', where), n: positiveInt(fields[2], 'N', where), k: positiveInt(fields[3], 'K', where), sublayers: 1 });
      continue;
    }
    if (fields.length < 8) {
      throw new Error(`${where}: a conv row needs name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides (got ${fields.length} fields)`);
    }
    const [h, w, fh, fw, c, nf, s] = fields.slice(1, 8).map((f, j) =>
      positiveInt(f, ['IFMAP Height', 'IFMAP Width', 'Filter Height', 'Filter Width', 'Channels', 'Num Filter', 'Strides'][j], where));
    const sc = fields.length > 8 && fields[8].trim() !== '' ? positiveInt(fields[8], 'column stride', where) : s;
    if (fh > h || fw > w) throw new Error(`${where}: filter ${fh}×${fw} is larger than the ifmap ${h}×${w}`);
    const oh = Math.ceil((h - fh + s) / s); // SCALE-Sim rounds up (README §2.2)
    const ow = Math.ceil((w - fw + sc) / sc);
    const dp = name.includes('DP');
    const k = fh * fw * (dp ? 1 : c);
    if (oh * ow > MAX_GEMM_DIM || k > MAX_GEMM_DIM) throw new Error(`${where}: layer too large (M = ${oh * ow}, K = ${k}; at most ${MAX_GEMM_DIM})`);
    layers.push({
      name, m: oh * ow, n: nf, k, sublayers: dp ? c : 1,
      conv: { ifmapHeight: h, ifmapWidth: w, filterHeight: fh, filterWidth: fw, channels: c, filters: nf, stride: s, strideCols: sc },
    });
  }
  if (layers.length === 0) throw new Error('topology: no layer rows after the header line');
  return { layers, warnings };
}

/** Parse a SCALE-Sim .cfg (INI). Missing keys take SCALE-Sim's shipped scale.cfg values with a warning. */
export function parseScalesimConfig(text: string): { config: ScalesimConfig; warnings: string[] } {
  const sections = new Map<string, Map<string, string>>();
  let current = '';
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.replace(/[#;].*$/, '').trim();
    if (!t) return;
    const sec = /^\[(.+)\]$/.exec(t);
    if (sec) { current = sec[1].trim().toLowerCase(); if (!sections.has(current)) sections.set(current, new Map()); return; }
    const eq = t.search(/[:=]/);
    if (eq < 0) throw new Error(`config line ${i + 1}: expected "key: value" or a [section], got ${quote(t)}`);
    if (!sections.has(current)) sections.set(current, new Map());
    sections.get(current)!.set(t.slice(0, eq).trim().toLowerCase(), t.slice(eq + 1).trim());
  });
  const warnings: string[] = [];
  const get = (sec: string, key: string, dflt: string) => {
    const v = sections.get(sec)?.get(key.toLowerCase());
    if (v === undefined) { warnings.push(`config: [${sec}] ${key} missing, using ${dflt}`); return dflt; }
    return v;
  };
  const arch = 'architecture_presets';
  const dataflow = get(arch, 'Dataflow', 'os').toLowerCase();
  if (dataflow !== 'os' && dataflow !== 'ws' && dataflow !== 'is') throw new Error(`config: Dataflow must be os, ws or is, got ${quote(dataflow)}`);
  const mode = get('run_presets', 'InterfaceBandwidth', 'CALC').toUpperCase();
  if (mode !== 'CALC' && mode !== 'USER') throw new Error(`config: InterfaceBandwidth must be CALC or USER, got ${quote(mode)}`);
  const bw = sections.get(arch)?.get('bandwidth');
  return {
    config: {
      runName: sections.get('general')?.get('run_name') ?? 'scalesim_run',
      arrayRows: positiveInt(get(arch, 'ArrayHeight', '32'), 'ArrayHeight', 'config', 4096),
      arrayCols: positiveInt(get(arch, 'ArrayWidth', '32'), 'ArrayWidth', 'config', 4096),
      ifmapSramKb: positiveInt(get(arch, 'IfmapSramSzkB', '64'), 'IfmapSramSzkB', 'config', 1 << 24),
      filterSramKb: positiveInt(get(arch, 'FilterSramSzkB', '64'), 'FilterSramSzkB', 'config', 1 << 24),
      ofmapSramKb: positiveInt(get(arch, 'OfmapSramSzkB', '64'), 'OfmapSramSzkB', 'config', 1 << 24),
      dataflow,
      interfaceBandwidth: mode,
      dramWordsPerCycle: bw === undefined ? undefined : positiveInt(bw.split(',')[0], 'Bandwidth', 'config', 1 << 20),
    },
    warnings,
  };
}
