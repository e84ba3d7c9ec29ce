// Lessons are links (tensorflow/playground's idea): each sets a state, highlights the controls that matter, and
// explains what the model shows. The explanation is computed from the simulation of the current state (and of
// one comparison state the lesson names), so every number in it comes from the model, and the words follow the
// numbers: if the model disagrees with the story, the text says what the model shows instead.
import type { SimulateReport, SimulatedOp } from '../../../shared/api/simulate';
import type { HardwareCostResult, HardwareSpec, PresetName } from '../../../shared/hardware';
import { PRESETS, valueLabel } from '../../../shared/hardware';
import type { UrlState } from '../../../shared/url-state';
import { bytes, joules, num, pct, sig, times, seconds } from './format';
import { workloadLabel } from './workloads';

/** What a lesson compares the current view with: the same state with these changes. */
export interface LessonCompare {
  label: string;
  workload?: string;
  passes?: string;
  /** Replace the design by a preset (the batch is kept), then apply `hardware`. */
  preset?: PresetName;
  hardware?: Partial<HardwareSpec>;
}

export interface LessonContext {
  report: SimulateReport;
  spec: HardwareSpec;
  cost: HardwareCostResult;
  compare: { report: SimulateReport; cost: HardwareCostResult; spec: HardwareSpec } | null;
}

export interface Lesson {
  id: string;
  title: string;
  /** One line for the lesson list (no numbers). */
  teaser: string;
  /** The state the link opens (view explore). */
  state: Omit<UrlState, 'view' | 'lesson'>;
  /** Control ids to highlight: hardware parameter ids, 'workload', 'preset', 'passes'. */
  highlight: string[];
  compare: LessonCompare;
  /** Paragraphs computed from the model's results. */
  explain(ctx: LessonContext): string[];
}

const share = (ops: SimulatedOp[], total: number) => ops.reduce((s, o) => s + o.cycles, 0) / total;
const macShare = (ops: SimulatedOp[], total: number) => ops.reduce((s, o) => s + o.macs, 0) / total;
const isDepthwise = (o: SimulatedOp) => o.kind === 'conv2d' && /(^|\/)dw$/.test(o.name);
const slowest = (ops: SimulatedOp[]) => ops.reduce<SimulatedOp | undefined>((a, o) => (!a || o.cycles > a.cycles ? o : a), undefined);
const util = (ops: SimulatedOp[], h: HardwareSpec) => {
  const cyc = ops.reduce((s, o) => s + o.cycles, 0);
  const macs = ops.reduce((s, o) => s + o.macs, 0);
  return cyc > 0 ? macs / (cyc * h.cores * h.arraysPerCore * h.arrayRows * h.arrayCols) : 0;
};
const arrays = (h: HardwareSpec) => `${h.cores * h.arraysPerCore} array${h.cores * h.arraysPerCore > 1 ? 's' : ''} of ${h.arrayRows}×${h.arrayCols}`;

const tpu = (over: Partial<HardwareSpec> = {}): HardwareSpec => ({ ...PRESETS['tpu-v3'], ...over });
const rating = (h: HardwareSpec) => `the TDP rating of ${h.tdpClass === 'inference' ? 'an inference' : 'a training'} part`;

export const LESSONS: readonly Lesson[] = [
  {
    id: 'depthwise',
    title: 'Depthwise convolutions on big arrays',
    teaser: 'Why EfficientNet wastes a large systolic array.',
    state: {
      workload: 'efficientnet-b0', preset: 'tpu-v3', hardware: tpu({ arraysPerCore: 1, arrayRows: 256, arrayCols: 256 }),
      passes: 'none', op: 'stage2/block1/dw', barMode: 'op',
    },
    highlight: ['arraysPerCore', 'arrayRows', 'arrayCols', 'passes'],
    compare: { label: 'with the padding (layout) pass', passes: 'padding' },
    explain({ report: r, spec: h, compare }) {
      const dw = r.ops.filter(isDepthwise);
      if (!dw.length) return [`${workloadLabel(r.workload)} has no depthwise convolutions: pick an EfficientNet or MobileNetV2 to see this lesson's effect.`];
      const onArrays = dw.filter((o) => o.schedule.unit === 'systolic');
      const out = [
        `On ${arrays(h)} with software "${r.passes}", the ${dw.length} depthwise convolutions do ${pct(macShare(dw, r.totals.macs))} of the MACs `
        + `but take ${pct(share(dw, r.totals.cycles))} of the time.`
        + (onArrays.length ? ` On the arrays they reach ${pct(util(onArrays, h))} utilization (the whole network: ${pct(r.totals.utilization)}).` : ''),
        'Each channel of a depthwise convolution is its own tiny product (K = kernel height × width): packed block-diagonally onto an array, '
        + 'it uses p of the p² weight slots it occupies, so the bigger the array, the more of it sits idle. Click the tallest bars to see their schedules.',
      ];
      if (compare) {
        const cdw = compare.report.ops.filter(isDepthwise);
        const vec = cdw.filter((o) => o.schedule.unit === 'vector').length;
        out.push(`${compare.report.passes === 'padding' ? 'With the padding (layout) pass' : `With passes "${compare.report.passes}"`} the compiler `
          + `${vec ? `runs ${vec} of them on the vector unit` : 'keeps them on the arrays'}: they take ${pct(share(cdw, compare.report.totals.cycles))} of the time, `
          + `and throughput goes from ${num(r.throughputPerSecond)} to ${num(compare.report.throughputPerSecond)} inferences/s (${times(compare.report.throughputPerSecond / r.throughputPerSecond)}).`);
      }
      return out;
    },
  },
  {
    id: 'bert-softmax',
    title: 'BERT-1024: attention and softmax',
    teaser: 'Long sequences move the bottleneck off the matrix units.',
    state: { workload: 'bert-base-1024', preset: 'tpu-v3', hardware: tpu(), passes: 'all', op: 'layer1/attention/softmax', barMode: 'op' },
    highlight: ['workload', 'vectorLanesPerCore', 'dramStacks', 'dramGBpsPerStack', 'localMemoryMiB'],
    compare: { label: 'at 128 tokens', workload: 'bert-base-128' },
    explain({ report: r, spec: h, compare }) {
      const parts = (x: SimulateReport) => ({
        softmax: x.ops.filter((o) => o.kind === 'softmax'),
        attention: x.ops.filter((o) => /\/(scores|context)$/.test(o.name)),
      });
      const p = parts(r);
      if (!p.softmax.length) return [`${workloadLabel(r.workload)} has no softmax: pick a BERT workload to see this lesson's effect.`];
      const sm = slowest(p.softmax)!;
      const out = [
        `On ${workloadLabel(r.workload)}, the ${p.softmax.length} softmax ops take ${pct(share(p.softmax, r.totals.cycles))} of the time and the attention `
        + `score and context products ${pct(share(p.attention, r.totals.cycles))}, while doing ${pct(macShare(p.attention, r.totals.macs))} of the MACs.`,
        `Each head's score matrix has sequence² entries, so softmax work grows with the square of the sequence. The slowest softmax, ${sm.name}, `
        + `is ${sm.bound}-bound: ${num(sm.vectorCycles)} vector cycles on ${num(h.cores * h.vectorLanesPerCore)} lanes against ${num(sm.dramCycles)} DRAM cycles `
        + `for ${bytes(sm.dramBytes)}.`,
      ];
      if (compare) {
        const q = parts(compare.report);
        out.push(`${compare.report.workload === 'bert-base-128' ? 'At 128 tokens' : `On ${workloadLabel(compare.report.workload)}`} softmax takes `
          + `${pct(share(q.softmax, compare.report.totals.cycles))} and the attention products ${pct(share(q.attention, compare.report.totals.cycles))} of the time: `
          + `try more vector lanes or DRAM bandwidth here and watch which share moves.`);
      }
      return out;
    },
  },
  {
    id: 'fusion-gmem',
    title: 'Fusion with a large global memory',
    teaser: 'An ILP decides which tensors stay on chip.',
    state: { workload: 'resnet50-v2', preset: 'tpu-v3', hardware: tpu({ globalMemoryMiB: 128 }), passes: 'all', barMode: 'op' },
    highlight: ['globalMemoryMiB', 'globalMemoryBytesPerCycle', 'passes'],
    compare: { label: 'without the fusion pass', passes: 'schedule,padding' },
    explain({ report: r, spec: h, cost, compare }) {
      const f = r.fusion;
      if (h.globalMemoryMiB === 0) return ['This design has no global memory (GMEM 0 MiB): every tensor lives in DRAM. Raise the global memory to let the fusion pass keep tensors on chip.'];
      if (!f) return [`Fusion is off (passes "${r.passes}"): every tensor lives in DRAM. Switch the fusion pass on.`];
      const out = [
        `The fusion ILP (HiGHS, ${f.status}, ${sig(f.solveMs)} ms, ${num(f.variables)} variables) placed ${f.onChip.length} tensors in the ${num(h.globalMemoryMiB)} MiB GMEM`
        + `${f.applied ? '' : ', but re-simulating with that placement was not faster, so the all-DRAM result is kept'}. `
        + `DRAM traffic per batch is ${bytes(r.totals.dramBytes)} (${bytes(f.dramBytesSaved)} saved) and the program is ${num(f.cyclesSaved)} cycles shorter.`,
        'The fusion map below shows each placed tensor\'s live range and how full the GMEM is at every op.',
      ];
      if (compare) {
        const c = compare;
        out.push(`Without the fusion pass, the same chip does ${num(c.report.throughputPerSecond)} inferences/s against ${num(r.throughputPerSecond)} with it `
          + `(${times(r.throughputPerSecond / c.report.throughputPerSecond)}). The GMEM itself costs die area and power: this design is ${num(cost.areaMm2)} mm² and `
          + `${num(cost.tdpWatts)} W, so Perf/TDP is ${sig(r.throughputPerSecond / cost.tdpWatts)} with fusion and ${sig(c.report.throughputPerSecond / cost.tdpWatts)} without.`);
      }
      return out;
    },
  },
  {
    id: 'padding',
    title: 'Padding waste',
    teaser: 'Narrow layers leave array columns idle.',
    state: { workload: 'mobilenet-v2', preset: 'tpu-v3', hardware: tpu(), passes: 'all', barMode: 'op' },
    highlight: ['arraysPerCore', 'arrayRows', 'arrayCols'],
    compare: { label: 'with 8 arrays of 64×64 per core (the same PEs)', hardware: { arraysPerCore: 8, arrayRows: 64, arrayCols: 64 } },
    explain({ report: r, spec: h, cost, compare }) {
      const onArrays = (x: SimulateReport) => x.ops.filter((o) => o.schedule.unit === 'systolic' && o.macs > 0);
      const weighted = (ops: SimulatedOp[]) => {
        const cyc = ops.reduce((s, o) => s + o.cycles, 0);
        return cyc > 0 ? ops.reduce((s, o) => s + o.mappingEfficiency * o.cycles, 0) / cyc : 0;
      };
      const ops = onArrays(r);
      if (!ops.length) return ['No op runs on the systolic arrays in this view.'];
      const wasteful = ops.filter((o) => o.mappingEfficiency < 0.5);
      const worst = slowest(wasteful);
      const out = [
        `Mapping efficiency is the share of an array's PEs an op's tiles fill once its dimensions are padded to the ${h.arrayRows}×${h.arrayCols} array. `
        + `Weighted by time, the ${ops.length} array ops of ${workloadLabel(r.workload)} reach ${pct(weighted(ops))}; `
        + `${wasteful.length} of them fill less than half the array and take ${pct(share(wasteful, r.totals.cycles))} of the time.`,
      ];
      if (worst) out.push(`The slowest of those, ${worst.name}, fills ${pct(worst.mappingEfficiency)} of the PEs (utilization ${pct(worst.utilization)}).`);
      if (compare) {
        const c = onArrays(compare.report);
        out.push(`With ${arrays(compare.spec)} (the same number of PEs), the time-weighted mapping efficiency is ${pct(weighted(c))} and throughput `
          + `${num(compare.report.throughputPerSecond)} inferences/s against ${num(r.throughputPerSecond)} (${times(compare.report.throughputPerSecond / r.throughputPerSecond)}), `
          + `at ${num(compare.cost.areaMm2)} mm² and ${num(compare.cost.tdpWatts)} W against ${num(cost.areaMm2)} mm² and ${num(cost.tdpWatts)} W.`);
      }
      return out;
    },
  },
  {
    id: 'tpuv4i',
    title: 'The TPU-v3 → TPUv4i step',
    teaser: 'One core, a big on-chip memory and a newer node.',
    state: { workload: 'resnet50-v2', preset: 'tpuv4i', hardware: { ...PRESETS['tpuv4i'] }, passes: 'all', barMode: 'op' },
    highlight: ['preset', 'cores', 'arraysPerCore', 'globalMemoryMiB', 'dramStacks', 'processNode', 'tdpClass'],
    compare: { label: 'TPU-v3 with the same software', preset: 'tpu-v3' },
    explain({ report: r, spec: h, cost, compare }) {
      const out = [
        `This design has ${h.cores} core${h.cores > 1 ? 's' : ''} with ${arrays(h)}, ${num(h.globalMemoryMiB)} MiB of global memory and `
        + `${num(h.dramStacks * h.dramGBpsPerStack)} GB/s of DRAM at ${h.clockGhz} GHz in ${valueLabel('processNode', h.processNode, 'short')}: ${num(cost.areaMm2)} mm² and ${num(cost.tdpWatts)} W TDP `
        + `(${rating(h)}; ${num(cost.peakWatts)} W with every unit busy). `
        + `On ${workloadLabel(r.workload)} it does ${num(r.throughputPerSecond)} inferences/s (latency ${seconds(r.latencySeconds)} per batch of ${r.batch}) `
        + `at ${joules(r.energy.joulesPerInference)} per inference.`,
      ];
      if (compare) {
        const c = compare;
        out.push(`TPU-v3 with the same software does ${num(c.report.throughputPerSecond)} inferences/s at ${num(c.cost.areaMm2)} mm² and ${num(c.cost.tdpWatts)} W (${rating(c.spec)}): `
          + `Perf/TDP ${sig(r.throughputPerSecond / cost.tdpWatts)} against ${sig(c.report.throughputPerSecond / c.cost.tdpWatts)} `
          + `(${times((r.throughputPerSecond / cost.tdpWatts) / (c.report.throughputPerSecond / c.cost.tdpWatts))}), `
          + `${joules(r.energy.joulesPerInference)} per inference against ${joules(c.report.energy.joulesPerInference)} `
          + `(${times(c.report.energy.joulesPerInference / r.energy.joulesPerInference)} the inferences per joule), `
          + `with ${bytes(r.totals.dramBytes)} of DRAM traffic per batch against ${bytes(c.report.totals.dramBytes)}`
          + `${r.fusion?.onChip.length ? ` (fusion keeps ${r.fusion.onChip.length} tensors in the global memory)` : ''}.`);
      }
      out.push('Part of the step is the process node: set it back to 16 nm to compare the designs at one node. It is a cost-only parameter, so area, TDP and energy re-price at once without re-simulating. '
        + `So is the TDP rating: this design's TDP is ${times(cost.tdpWatts / cost.peakWatts)} its all-units peak`
        + `${compare ? `, TPU-v3's ${times(compare.cost.tdpWatts / compare.cost.peakWatts)}` : ''}; the rating moves Perf/TDP, not the energy per inference. `
        + 'Then try other workloads: the step is not the same for every network.');
      return out;
    },
  },
];

export const LESSON_IDS = LESSONS.map((l) => l.id);

export function lessonById(id: string | undefined): Lesson | undefined {
  return id ? LESSONS.find((l) => l.id === id) : undefined;
}

/** The full URL state a lesson link opens. */
export function lessonUrlState(l: Lesson): UrlState {
  return { view: 'explore', lesson: l.id, ...l.state, hardware: { ...l.state.hardware } };
}
