// `npm run bench [-- --json]`: performance benchmarks (never asserted in tests). Prints a table, or one JSON
// object with --json. Fields grow with the model: see ../shared/SPEC.md §5 for the full list.
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { loadCore } from '../shared/core';
import { scalesimGemms } from '../shared/sim/pack';
import type { GemmSpec } from '../shared/sim/gemm';
import { createNodeSimPool } from '../cli/node-pool';

const json = process.argv.includes('--json');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median over `repeats` runs of the time per item, in ns. */
function timePerItem(items: number, repeats: number, fn: () => void): number {
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / items);
  }
  return median(samples);
}

function oracleSpecs(): GemmSpec[] {
  const text = readFileSync(new URL('../tests/oracle/scalesim/public.csv', import.meta.url), 'utf8').trim().split('\n');
  const cols = text[0].split(',');
  const idx = (k: string) => cols.indexOf(k);
  return text.slice(1).map((line) => {
    const f = line.split(',');
    return { m: +f[idx('gemm_M')], n: +f[idx('gemm_N')], k: +f[idx('gemm_K')], rows: +f[idx('array_rows')], cols: +f[idx('array_cols')],
      dataflow: f[idx('dataflow')] as GemmSpec['dataflow'], sublayers: +f[idx('dw_split_sublayers')] };
  });
}

const core = await loadCore();
const specs = oracleSpecs();
for (let i = 0; i < 50; i++) scalesimGemms(core, specs); // warm-up (JIT)
const scalesimLayerNs = timePerItem(specs.length * 20, 15, () => { for (let i = 0; i < 20; i++) scalesimGemms(core, specs); });
const rawBatch = specs.slice(0, 128);
const wasmOnlyNs = timePerItem(rawBatch.length * 2000, 9, () => { for (let i = 0; i < 2000; i++) core.scalesimGemmBatch(rawBatch.length); });

// Round trip through a worker (Comlink + structured clone), one batch of all oracle layers per call.
const pool = createNodeSimPool(1);
await pool.run((api) => api.ping());
const rt: number[] = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  await pool.run((api) => api.scalesimGemms(specs));
  rt.push(performance.now() - t0);
}
await pool.close();

const result = {
  cores: availableParallelism(),
  node: process.version,
  scalesimLayerUs: scalesimLayerNs / 1000,
  scalesimLayerWasmOnlyNs: wasmOnlyNs,
  workerRoundTripMs187Layers: median(rt),
};
if (json) console.log(JSON.stringify(result));
else for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(28)} ${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`);
