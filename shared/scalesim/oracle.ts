// The SCALE-Sim v2 oracle's table (tests/oracle/scalesim/public.csv: SCALE-Sim v2's own outputs on 187 public cases;
// how it was produced: tests/oracle/scalesim/README.md) as records. Pure text parsing, so the tests, `fast validate`
// and the page's Validation view read the same rows.
export interface OracleCase {
  caseId: string; group: string; layerName: string; inputFormat: 'conv' | 'gemm';
  m: number; n: number; k: number; sublayers: number;
  rows: number; cols: number; dataflow: 'os' | 'ws' | 'is'; mode: 'CALC' | 'USER';
  conv?: { h: number; w: number; fh: number; fw: number; c: number; nf: number; s: number };
  totalCycles: number; stallCycles: number; overallUtilPct: number; mappingEffPct: number; computeUtilPct: number;
  sramIfmapReads: number; sramFilterReads: number; sramOfmapWrites: number;
  /** SRAM sizes (kB = 1024 one-byte words) and the DRAM interface (USER mode only). */
  ifmapSramKB: number; filterSramKB: number; ofmapSramKB: number; bandwidthWordsPerCycle?: number;
  dramIfmapReads: number; dramFilterReads: number; dramOfmapWrites: number;
  /** DETAILED_ACCESS_REPORT start/stop cycles; undefined for DP rows (per sub-layer in SCALE-Sim). */
  dramIfmapStartCycle?: number; dramIfmapStopCycle?: number; dramFilterStartCycle?: number;
  dramFilterStopCycle?: number; dramOfmapStartCycle?: number; dramOfmapStopCycle?: number;
  avgIfmapDramBw?: number; avgFilterDramBw?: number; avgOfmapDramBw?: number;
  scalesimWallS: number;
}

export function parseOracleCsv(csv: string): OracleCase[] {
  const text = csv.trim();
  if (!text.startsWith('case_id,')) throw new Error('SCALE-Sim oracle: expected the CSV of tests/oracle/scalesim/public.csv (a header starting with case_id)');
  const [head, ...lines] = text.split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((line) => {
    const f = Object.fromEntries(line.split(',').map((v, i) => [cols[i], v]));
    const num = (k: string) => Number(f[k]);
    const opt = (k: string) => (f[k] === undefined || f[k] === '' ? undefined : Number(f[k]));
    return {
      caseId: f.case_id, group: f.group, layerName: f.layer_name, inputFormat: f.input_format as 'conv' | 'gemm',
      m: num('gemm_M'), n: num('gemm_N'), k: num('gemm_K'), sublayers: num('dw_split_sublayers'),
      rows: num('array_rows'), cols: num('array_cols'), dataflow: f.dataflow as 'os' | 'ws' | 'is',
      mode: f.interface_bw_mode as 'CALC' | 'USER',
      conv: f.input_format === 'conv'
        ? { h: num('ifmap_h'), w: num('ifmap_w'), fh: num('filter_h'), fw: num('filter_w'), c: num('channels'), nf: num('num_filter'), s: num('stride') }
        : undefined,
      totalCycles: num('total_cycles'), stallCycles: num('stall_cycles'), overallUtilPct: num('overall_util_pct'),
      mappingEffPct: num('mapping_eff_pct'), computeUtilPct: num('compute_util_pct'),
      sramIfmapReads: num('sram_ifmap_reads'), sramFilterReads: num('sram_filter_reads'), sramOfmapWrites: num('sram_ofmap_writes'),
      ifmapSramKB: num('ifmap_sram_kB'), filterSramKB: num('filter_sram_kB'), ofmapSramKB: num('ofmap_sram_kB'),
      bandwidthWordsPerCycle: opt('dram_bw_words_per_cycle'),
      dramIfmapReads: num('dram_ifmap_reads'), dramFilterReads: num('dram_filter_reads'), dramOfmapWrites: num('dram_ofmap_writes'),
      dramIfmapStartCycle: opt('dram_ifmap_start_cycle'), dramIfmapStopCycle: opt('dram_ifmap_stop_cycle'),
      dramFilterStartCycle: opt('dram_filter_start_cycle'), dramFilterStopCycle: opt('dram_filter_stop_cycle'),
      dramOfmapStartCycle: opt('dram_ofmap_start_cycle'), dramOfmapStopCycle: opt('dram_ofmap_stop_cycle'),
      avgIfmapDramBw: opt('avg_ifmap_dram_bw'), avgFilterDramBw: opt('avg_filter_dram_bw'), avgOfmapDramBw: opt('avg_ofmap_dram_bw'),
      scalesimWallS: num('scalesim_wall_s'),
    };
  });
}
