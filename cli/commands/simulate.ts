// `fast simulate --workload W --hardware H [--batch N] [--passes P] [--input-shape NAME=D1,D2,…] [--dim NAME=V]
// [--json]`: one workload on one design with the chosen software passes: throughput, latency, TDP, area, Perf/TDP,
// and per-op cycles by unit and bound. --input-shape and --dim size an ONNX model's dynamic dimensions. An LLM workload
// takes --phase, --prompt, --context, --output, --weight-precision and --kv-precision (cli/llm-args.ts) and its report carries `llm`
// (shared/api/llm.ts: TTFT, TPOT, tokens/s, per W, energy per token, KV cache, intensity vs the ridge point, bound).
import { Command } from 'commander';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { PASSES_SYNTAX, parsePasses } from '../../shared/compiler/passes';
import { BATCH_RANGE, isBatch } from '../../shared/hardware';
import type { SimulateReport } from '../../shared/api/simulate';
import { simulateLlm, type LlmReport } from '../../shared/api/llm';
import { addLlmOptions, llmName, llmSettingsFromFlags, llmSpec, type LlmFlags } from '../llm-args';
import { capacityReason, gib } from '../../shared/search/objective';
import { resolveHardware } from '../hardware-arg';
import { addShapeOptions, parseShapeFlags, resolveWorkload, type ShapeFlags } from '../workload-arg';
import { asUsage, UsageError, type Io } from '../errors';
import { table } from '../output';

interface Opts extends ShapeFlags, LlmFlags { workload: string; hardware: string; batch?: string; passes: string; onlineSoftmax?: boolean; ops?: string; json?: boolean }

export function parseBatch(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!isBatch(v)) throw new UsageError(`--batch must be a whole number from ${BATCH_RANGE.min} to ${BATCH_RANGE.max} (got "${text}")`);
  return v;
}

export async function runSimulate(o: Opts, io?: Io): Promise<SimulateReport> {
  const batch = parseBatch(o.batch);
  const passes = asUsage(() => parsePasses(o.passes));
  const shapes = parseShapeFlags(o);
  const llm = llmSettingsFromFlags(o);
  const [resolved, hw] = await Promise.all([resolveWorkload(llmName(o.workload, llm), shapes), resolveHardware(o.hardware)]);
  const workload = llmSpec(resolved, o.workload, llm);
  for (const w of workload.warnings ?? []) io?.err(`warning: ${w}\n`);
  const core = await loadCore();
  const highs = passes.fusion ? await loadHighs() : undefined;
  return asUsage(() => simulateLlm(core, highs, { workload, hardware: hw.spec, hardwareName: hw.name, batch, passes, onlineSoftmax: o.onlineSoftmax }));
}

const r3 = (v: number) => Number(v.toPrecision(3));

/** Which operands the fusion pass keeps on chip, by level: "local: a, b; GMEM: w" (last path segment), or "-". */
export function residency(o: { inLocal: string[]; onChip: string[] }): string {
  const names = (l: string[]) => [...new Set(l.map((t) => t.split('/').pop()))].join(', ');
  const parts = [o.inLocal.length ? `local: ${names(o.inLocal)}` : '', o.onChip.length ? `GMEM: ${names(o.onChip)}` : ''].filter(Boolean);
  return parts.length ? parts.join('; ') : '-';
}

/** Red on a terminal (NO_COLOR respected), plain otherwise. */
const red = (t: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[31m${t}\x1b[0m` : t);

/** The DRAM capacity line: the footprint at the batch against the design's capacity, flagged when it does not fit. */
export function memoryLine(r: Pick<SimulateReport, 'memory' | 'batch'>): string {
  const m = r.memory;
  if (!m.fits) return red(`  DRAM capacity: DOES NOT FIT at batch ${r.batch}: ${capacityReason(m)}`);
  return `  DRAM capacity: ${gib(m.footprintBytes)} of ${gib(m.capacityBytes)} used at batch ${r.batch} (weights ${gib(m.weightBytes)}, `
    + `${m.kvCacheBytes > 0 ? 'KV cache and inputs' : 'inputs'} ${gib(m.inputBytes)}, activations ${gib(m.activationBytes)})`;
}

const MIB = 2 ** 20, GIB = 2 ** 30;
const bytes = (b: number) => (b >= GIB ? `${r3(b / GIB)} GiB` : b >= MIB ? `${r3(b / MIB)} MiB` : `${r3(b / 1024)} KiB`);
const msOf = (s: number) => `${r3(s * 1e3)} ms`;
const joules = (j: number) => (j >= 1 ? `${r3(j)} J` : `${r3(j * 1e3)} mJ`);

/** The LLM block of the human output: the serving metrics and where the bytes go (shared/api/llm.ts). */
function llmLines(l: LlmReport): string[] {
  const times = [
    ...(l.ttftSeconds !== undefined ? [`TTFT ${msOf(l.ttftSeconds)}`] : []),
    ...(l.tpotSeconds !== undefined ? [`TPOT ${msOf(l.tpotSeconds)}${l.phase === 'request' ? ` (at the mean context, ${l.prompt} + ${l.output}/2 tokens)` : ''}`] : []),
    ...(l.requestSeconds !== undefined ? [`request ${msOf(l.requestSeconds)} (TTFT + ${l.output} × TPOT)`] : []),
  ];
  const tokens = l.phase === 'prefill' ? 'prompt tokens/s' : 'tokens/s';
  return [
    `  LLM ${l.phase}: ${times.join('   ')}`,
    `  ${tokens} ${r3(l.tokensPerSecond)}   ${tokens} per W ${r3(l.tokensPerSecondPerWatt)}   energy per ${l.phase === 'prefill' ? 'prompt ' : ''}token ${joules(l.energyPerTokenJoules)}`,
    `  KV ${bytes(l.kvBytesPerToken)} per token, KV cache ${bytes(l.kvCacheBytes)}, weights ${bytes(l.weightBytes)}`,
    `  arithmetic intensity ${r3(l.arithmeticIntensity)} FLOP/B vs ridge point ${r3(l.ridgePoint)} FLOP/B: ${l.bound}-bound (memory ${(100 * l.memoryShare).toFixed(0)}% of cycles, compute ${(100 * l.computeShare).toFixed(0)}%)`,
  ];
}

function summaryLines(r: SimulateReport): string[] {
  const share = (v: number) => `${((100 * v) / r.totals.cycles).toFixed(0)}%`;
  const lines = [
    `  throughput ${r3(r.throughputPerSecond)}/s   latency ${r3(r.latencySeconds * 1e3)} ms   utilization ${(100 * r.totals.utilization).toFixed(1)}%`,
    `  TDP ${r3(r.tdpWatts)} W   area ${r3(r.areaMm2)} mm²   Perf/TDP ${r3(r.perfPerTdp)} /s/W`,
    `  DRAM ${r3(r.totals.dramBytes / 1e6)} MB   GMEM ${r3(r.totals.gmemBytes / 1e6)} MB   time by bound: compute ${share(r.cyclesByBound.compute)}, vector ${share(r.cyclesByBound.vector)}, memory ${share(r.cyclesByBound.memory)}, overhead ${share(r.cyclesByBound.overhead)}`,
    memoryLine(r),
  ];
  if (r.fusion) {
    const f = r.fusion;
    lines.push(`  fusion: ${f.onChip.length} tensors in GMEM, ${f.inLocal.length} resident in local memory (${r3(f.residentBytes.local / 1e6)} MB), DRAM −${r3(f.dramBytesSaved / 1e6)} MB, ${r3(f.solveMs)} ms solve (${f.status}${f.applied ? '' : ', not applied: not faster'})`);
  }
  if (r.attention) {
    const a = r.attention;
    lines.push(a.fused === 0
      ? '  fused attention: no attention matched (Q·Kᵀ → softmax → ·V) or its tile does not fit in local memory'
      : `  fused attention: ${a.fused} attentions, DRAM −${r3(a.dramBytesSaved / 1e6)} MB${a.applied ? '' : ', not applied: not faster'}`);
  }
  return lines;
}

function opsTable(r: SimulateReport, topOps: number, title: string): string[] {
  const share = (v: number) => `${((100 * v) / r.totals.cycles).toFixed(0)}%`;
  const top = [...r.ops].sort((a, b) => b.cycles - a.cycles).slice(0, topOps);
  return ['', `${title ? `${title}the` : 'The'} ${top.length} slowest ops:`, table(
    ['op', 'kind', 'unit', 'cycles', 'share', 'bound', 'util %', 'DRAM MB', 'on chip (fusion)'],
    top.map((o) => [o.name, o.fusedAttention ? `${o.kind} (fused attention)` : o.kind, o.schedule.unit, Math.round(o.cycles), share(o.cycles), o.bound, r3(100 * o.utilization), r3(o.dramBytes / 1e6), residency(o)]),
  )];
}

function human(r: SimulateReport, topOps: number): string {
  const lines = [`${r.workload} on ${r.hardware}, batch ${r.batch}, passes: ${r.passes}`];
  const l = r.llm;
  if (l?.phases) {
    // A request: the metrics, then each phase's own summary and bottlenecks.
    lines.push(...llmLines(l));
    for (const [name, p] of [['prefill (TTFT)', l.phases.prefill], ['decode (TPOT)', l.phases.decode]] as const) {
      lines.push('', `${name}: ${p.workload}`, ...summaryLines(p), ...opsTable(p, topOps, `${name}: `));
    }
    return lines.join('\n') + '\n';
  }
  lines.push(...summaryLines(r));
  if (l) lines.push(...llmLines(l));
  lines.push(...opsTable(r, topOps, l ? `${l.phase === 'prefill' ? 'prefill (TTFT)' : 'decode (TPOT)'}: ` : ''));
  return lines.join('\n') + '\n';
}

export function simulateCommand(io: Io): Command {
  return addLlmOptions(addShapeOptions(new Command('simulate')
    .description('simulate a workload on a design: throughput, latency, TDP, area, Perf/TDP and per-op bottlenecks')
    .requiredOption('--workload <W>', 'zoo name or a workload file (.json, .onnx, .csv, .yaml)')
    .requiredOption('--hardware <H>', 'preset name or a hardware .json file')
    .option('--batch <N>', 'batch size (default: the design\'s batch parameter)')
    .option('--passes <P>', `software passes: ${PASSES_SYNTAX}`, 'all')
    .option('--online-softmax', 'two-pass online softmax instead of the three-pass safe form')
    .option('--ops <N>', 'how many of the slowest ops to list (human output)', '12')
    .option('--json', 'print JSON')))
    .action(async (o: Opts) => {
      const r = await runSimulate(o, io);
      if (o.json) { io.out(JSON.stringify(r, null, 2) + '\n'); return; }
      const n = Number(o.ops);
      io.out(human(r, Number.isInteger(n) && n >= 0 ? n : 12));
    });
}
