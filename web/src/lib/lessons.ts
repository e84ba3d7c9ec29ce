// Lessons are links (tensorflow/playground's idea): each sets a state, highlights the controls that matter, and
// explains what the model shows. The explanation is computed from the simulation of the current state (and of
// one comparison state the lesson names), so every number in it comes from the model, and the words follow the
// numbers: if the model disagrees with the story, the text says what the model shows instead.
import type { SimulateReport, SimulatedOp } from '../../../shared/api/simulate';
import type { HardwareCostResult, HardwareSpec, PresetName } from '../../../shared/hardware';
import { PRESETS, valueLabel } from '../../../shared/hardware';
import { ALL_PASSES, passesLabel } from '../../../shared/compiler/passes';
import type { UrlState } from '../../../shared/url-state';
import { LLM_ZOO, llmVariantName } from '../../../shared/workload/llm/index';
import type { LlmReport } from '../../../shared/api/llm';
import { binaryBytes, bytes, joules, num, pct, sig, times, seconds } from './format';
import { workloadLabel } from './workloads';
import { llmBaseLabel, llmSelection } from './llm';

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

/** The steps of a guided lesson, in order. */
export const STEP_KINDS = ['predict', 'change', 'observe', 'why'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const STEP_LABELS: Record<StepKind, string> = { predict: 'Predict', change: 'Change', observe: 'Observe', why: 'Why' };

/** The model's answer to a lesson's question: the choice its numbers support, and those numbers in words. */
export interface LessonAnswer {
  choice: string;
  evidence: string;
}

/** Step 1: a question about what the change will do, asked before any number is shown. */
export interface LessonPrediction {
  question: string;
  choices: readonly { id: string; label: string }[];
  /** The choice the model's numbers support (null until the comparison is simulated). */
  answer(ctx: LessonContext): LessonAnswer | null;
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
  /** Step 1 (predict): a question with a few choices; the model answers it in step 3. */
  predict: LessonPrediction;
  /** Step 2 (change): what to change, and the control (one of `highlight`) scrolled into view and focused. */
  change: { text: string; control: string };
  /** Step 3 (observe): paragraphs computed from the model's results (terms marked [[id|text]], lib/glossary.ts). */
  explain(ctx: LessonContext): string[];
  /** Step 4 (why): the mechanism, with the model's numbers for this view where they make the point. */
  why(ctx: LessonContext): string[];
}

/** 'up' when b is more than 2% above a, 'down' when more than 2% below, else 'same'. */
export function direction(a: number, b: number, tolerance = 0.02): 'up' | 'same' | 'down' {
  if (!(a > 0) || !Number.isFinite(b)) return 'same';
  const r = b / a;
  return r > 1 + tolerance ? 'up' : r < 1 - tolerance ? 'down' : 'same';
}

const FASTER_CHOICES = [
  { id: 'up', label: 'Faster' }, { id: 'same', label: 'About the same' }, { id: 'down', label: 'Slower' },
] as const;
const SHARE_CHOICES = [
  { id: 'up', label: 'A larger share' }, { id: 'same', label: 'About the same share' }, { id: 'down', label: 'A smaller share' },
] as const;
const HIGHER_CHOICES = [
  { id: 'up', label: 'Higher' }, { id: 'same', label: 'About the same' }, { id: 'down', label: 'Lower' },
] as const;

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
/** Every software pass but one (e.g. all but fused attention, so softmax stays an op of its own). */
const allBut = (pass: keyof typeof ALL_PASSES) => passesLabel({ ...ALL_PASSES, [pass]: false });
const rating = (h: HardwareSpec) => `the TDP rating of ${h.tdpClass === 'inference' ? 'an inference' : 'a training'} part`;

// The LLM lessons (issue 20) read the reports' `llm` field (shared/api/llm.ts); a view whose workload is not an LLM
// has none, and they say so.
const llmOf = (r: SimulateReport): LlmReport | null => r.llm ?? null;
/** The LLM's display name of a report's workload. */
const llmName = (r: SimulateReport) => { const s = llmSelection(r.workload); return s ? llmBaseLabel(s.base) : workloadLabel(r.workload); };
const DECODE_LESSON_WORKLOAD = llmVariantName('llama-3-8b', { phase: 'decode', context: 1024 });
const GQA_LESSON_WORKLOAD = llmVariantName('qwen2.5-0.5b', { phase: 'decode', context: 1024 });
const GQA_LESSON_COMPARE = llmVariantName('gpt2-124m', { phase: 'decode', context: 1024 });
/** KV bytes per token of context from a config (2 × layers × KV heads × head dim × bytes), with `kvHeads` KV heads. */
const kvPerToken = (base: string, kvHeads: number, bytesPerElement = 2) => {
  const c = LLM_ZOO[base];
  return 2 * c.layers * kvHeads * c.headDim * bytesPerElement;
};
const TPOT_CHOICES = [
  { id: 'same', label: 'About as long (under 2×)' }, { id: 'some', label: 'A few times longer (2× to 16×)' }, { id: 'linear', label: 'Nearly as many times longer as the batch grew' },
] as const;
const KV_CHOICES = [
  { id: 'up', label: 'More' }, { id: 'same', label: 'About the same' }, { id: 'down', label: 'Less' },
] as const;

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
    predict: {
      question: 'The compiler\'s [[padding|padding (layout) pass]] may move depthwise convolutions off the big array. Switched on here, will the network run faster, slower or about the same?',
      choices: FASTER_CHOICES,
      answer({ report: r, compare }) {
        if (!compare) return null;
        return {
          choice: direction(r.throughputPerSecond, compare.report.throughputPerSecond),
          evidence: `${num(r.throughputPerSecond)} inferences/s without the pass, ${num(compare.report.throughputPerSecond)} with it (${times(compare.report.throughputPerSecond / r.throughputPerSecond)})`,
        };
      },
    },
    change: {
      text: 'Tick "padding" under Software passes (highlighted) to see the change on the charts, then untick it. The lesson simulates the view with the pass beside the view as it is, so the next step compares the two whatever you leave on.',
      control: 'passes',
    },
    why({ report: r, spec: h }) {
      const dw = r.ops.filter(isDepthwise);
      const packed = dw.filter((o) => o.schedule.unit === 'systolic');
      const worst = slowest(packed);
      const out = [
        'Each channel of a depthwise convolution is its own tiny product: K = kernel height × width rows of weights and a single output column. '
        + 'To use the array at all, the compiler packs p channels block-diagonally into one product, where p is the number of channels packed side by side '
        + '(at most the array\'s columns, and the channels there are). That product occupies p² weight slots of the array for only p useful ones (one p-th), '
        + 'so the bigger the array, the more of it sits idle.',
      ];
      if (worst) {
        out.push(`Here the slowest depthwise op on the arrays, ${worst.name}, packs p = ${num(worst.schedule.pack)}: it fills ${pct(1 / worst.schedule.pack)} of the slots it occupies `
          + `on the ${h.arrayRows}×${h.arrayCols} array and reaches ${pct(worst.utilization)} utilization. `
          + 'The [[padding|padding (layout) pass]] can run such ops on the vector unit instead, where no slot is wasted but there are far fewer multipliers.');
      } else if (dw.length) {
        out.push('In this view every depthwise op already runs on the vector unit (the padding pass moved them), where no slot is wasted but there are far fewer multipliers than on the arrays.');
      }
      return out;
    },
    explain({ report: r, spec: h, compare }) {
      const dw = r.ops.filter(isDepthwise);
      if (!dw.length) return [`${workloadLabel(r.workload)} has no depthwise convolutions: pick an EfficientNet or MobileNetV2 to see this lesson's effect.`];
      const onArrays = dw.filter((o) => o.schedule.unit === 'systolic');
      const out = [
        `On ${arrays(h)} with software "${r.passes}", the ${dw.length} depthwise convolutions do ${pct(macShare(dw, r.totals.macs))} of the MACs `
        + `but take ${pct(share(dw, r.totals.cycles))} of the time.`
        + (onArrays.length ? ` On the arrays they reach ${pct(util(onArrays, h))} utilization (the whole network: ${pct(r.totals.utilization)}).` : ''),
        'Click the tallest bars of the cycles chart to see their schedules.',
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
    // Without the fused-attention pass, so softmax is an op of its own (the pass that fuses it is the lesson's end).
    state: { workload: 'bert-base-1024', preset: 'tpu-v3', hardware: tpu(), passes: allBut('attention'), op: 'layer1/attention/softmax', barMode: 'op' },
    highlight: ['workload', 'vectorLanesPerCore', 'dramStacks', 'dramGBpsPerStack', 'localMemoryMiB'],
    compare: { label: 'at 128 tokens', workload: 'bert-base-128' },
    predict: {
      question: 'Compared with the same model at 128 tokens, will softmax take a larger, a smaller or about the same share of the time at 1,024 tokens?',
      choices: SHARE_CHOICES,
      answer({ report: r, compare }) {
        if (!compare) return null;
        const sm = (x: SimulateReport) => share(x.ops.filter((o) => o.kind === 'softmax'), x.totals.cycles);
        return {
          choice: direction(sm(compare.report), sm(r)),
          evidence: `softmax takes ${pct(sm(r))} of the time on ${workloadLabel(r.workload)} and ${pct(sm(compare.report))} on ${workloadLabel(compare.report.workload)}`,
        };
      },
    },
    change: {
      text: 'Switch the Workload (highlighted) to BERT-base at 128 tokens to see the short sequence on the charts, then switch back. The lesson simulates the 128-token model beside the view as it is.',
      control: 'workload',
    },
    why({ report: r, spec: h }) {
      const sm = slowest(r.ops.filter((o) => o.kind === 'softmax'));
      const out = [
        'Each attention head\'s score matrix has sequence × sequence entries, so softmax work grows with the square of the sequence while the '
        + 'weight products grow only linearly. Softmax runs on the vector unit (exponentials and reductions, not MACs), which has far fewer '
        + 'lanes than the arrays have PEs, and its scores cross DRAM unless they fit on chip.',
      ];
      if (sm) out.push(`Here the slowest softmax, ${sm.name}, needs ${num(sm.vectorCycles)} vector cycles on ${num(h.cores * h.vectorLanesPerCore)} lanes and `
        + `${num(sm.dramCycles)} [[dram|DRAM]] cycles, so it is ${sm.bound}-bound: more vector lanes or more DRAM bandwidth moves it, a bigger array does not.`);
      out.push('The software answer is the fused-attention pass (tick "fused attention"): it runs the scores, the softmax and the context of each head '
        + 'as one tiled kernel with an online softmax, so the sequence × sequence scores never leave the chip (FlashAttention).');
      return out;
    },
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
    compare: { label: 'without the fusion pass', passes: allBut('fusion') },
    predict: {
      question: 'With a 128 MiB global memory, will the chip do more, about the same or fewer inferences per second with the [[fusion]] pass than without it?',
      choices: HIGHER_CHOICES,
      answer({ report: r, compare }) {
        if (!compare) return null;
        return {
          choice: direction(compare.report.throughputPerSecond, r.throughputPerSecond),
          evidence: `${num(r.throughputPerSecond)} inferences/s with the fusion pass, ${num(compare.report.throughputPerSecond)} without (${times(r.throughputPerSecond / compare.report.throughputPerSecond)})`,
        };
      },
    },
    change: {
      text: 'Untick "fusion" under Software passes (highlighted), or lower the global memory, and watch DRAM traffic and throughput; then set them back. The lesson simulates the view without fusion beside it.',
      control: 'passes',
    },
    why({ report: r, spec: h }) {
      const f = r.fusion;
      const out = [
        'Without fusion, every tensor an op writes goes to DRAM and comes back when the next op reads it. The [[fusion]] pass writes an [[ilp|ILP]]: '
        + 'one yes/no variable per tensor (keep it in the [[gmem|GMEM]] for its whole live range or not), the GMEM\'s capacity as a constraint at every op, '
        + 'and the DRAM traffic saved as the objective; HiGHS solves it in a worker.',
      ];
      if (f && h.globalMemoryMiB > 0) out.push(`Here it kept ${f.onChip.length} tensors on chip and saved ${bytes(f.dramBytesSaved)} of DRAM traffic per batch. `
        + 'Ops that were DRAM-bound speed up; ops bound by the arrays do not, which is why the gain depends on the workload.');
      return out;
    },
    explain({ report: r, spec: h, cost, compare }) {
      const f = r.fusion;
      if (h.globalMemoryMiB === 0) return ['This design has no global memory (GMEM 0 MiB): every tensor lives in DRAM. Raise the global memory to let the fusion pass keep tensors on chip.'];
      if (!f) return [`Fusion is off (passes "${r.passes}"): every tensor lives in DRAM. Switch the fusion pass on.`];
      const out = [
        `The fusion [[ilp|ILP]] (HiGHS, ${f.status}, ${sig(f.solveMs)} ms, ${num(f.variables)} variables) placed ${f.onChip.length} tensors in the ${num(h.globalMemoryMiB)} MiB GMEM`
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
    predict: {
      question: 'Split each core\'s PEs into eight 64×64 arrays instead of two 128×128 ones (the same number of PEs): will MobileNetV2 run faster, slower or about the same?',
      choices: FASTER_CHOICES,
      answer({ report: r, spec: h, compare }) {
        if (!compare) return null;
        return {
          choice: direction(r.throughputPerSecond, compare.report.throughputPerSecond),
          evidence: `${num(r.throughputPerSecond)} inferences/s on ${arrays(h)}, ${num(compare.report.throughputPerSecond)} on ${arrays(compare.spec)}`,
        };
      },
    },
    change: {
      text: 'Set "Arrays per core" to 8 and the array rows and columns to 64 (highlighted), watch the cycles chart, then set them back. The lesson simulates the eight smaller arrays beside the view as it is.',
      control: 'arraysPerCore',
    },
    why({ report: r, spec: h }) {
      const out = [
        `An op's product is cut into tiles of the array's size; its last tile in each direction is [[padding|padded]] up to the ${h.arrayRows}×${h.arrayCols} array, `
        + 'and the padded [[pe|PEs]] do nothing useful. A layer with fewer channels than the array has columns fills only part of every tile. '
        + 'Smaller arrays waste less per tile, but each needs its own operand delivery and takes more cycles to fill and drain per MAC done.',
      ];
      const narrow = r.ops.filter((o) => o.schedule.unit === 'systolic' && o.macs > 0 && o.mappingEfficiency < 0.5);
      if (narrow.length) out.push(`Here ${narrow.length} array ops fill less than half of the ${h.arrayRows}×${h.arrayCols} array (mapping efficiency below 50%).`);
      return out;
    },
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
        `Mapping efficiency is the share of an array's [[pe|PEs]] an op's tiles fill once its dimensions are padded to the ${h.arrayRows}×${h.arrayCols} array. `
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
    predict: {
      question: 'TPUv4i has one core instead of two, a large on-chip memory and a newer process node. On ResNet-50, is its [[perf-tdp|Perf/TDP]] higher than TPU-v3\'s, about the same or lower?',
      choices: HIGHER_CHOICES,
      answer({ report: r, cost, compare }) {
        if (!compare) return null;
        const a = compare.report.throughputPerSecond / compare.cost.tdpWatts;
        const b = r.throughputPerSecond / cost.tdpWatts;
        return { choice: direction(a, b), evidence: `Perf/TDP ${sig(b)} on this design against ${sig(a)} on TPU-v3 (${times(b / a)})` };
      },
    },
    change: {
      text: 'Pick TPU-v3 as the Hardware preset (highlighted) to see its charts, then pick TPUv4i again; or set the process node back to 16 nm, a cost-only change that re-prices at once. The lesson simulates TPU-v3 beside the view as it is.',
      control: 'preset',
    },
    why({ cost, compare }) {
      const out = [
        'Perf/TDP divides throughput by the power the chip is rated for, so a design gains by doing more work per cycle or by needing fewer watts for it. '
        + 'A newer node makes every block smaller and each operation cheaper in energy; a large on-chip memory keeps tensors out of DRAM '
        + '(less traffic, less time waiting for it), but costs area and leakage of its own; and an inference part is rated lower against its peak than a training part.',
      ];
      out.push(`This design's [[tdp|TDP]] is ${times(cost.tdpWatts / cost.peakWatts)} its all-units peak`
        + `${compare ? ` and TPU-v3's ${times(compare.cost.tdpWatts / compare.cost.peakWatts)}` : ''}: the rating moves Perf/TDP, not the energy per inference.`);
      return out;
    },
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
  {
    id: 'llm-decode',
    title: 'Decode is memory-bound',
    teaser: 'One token per step reads every weight: batch the sequences.',
    state: { workload: DECODE_LESSON_WORKLOAD, preset: 'tpu-v3', hardware: tpu({ batch: 1 }), passes: 'all', barMode: 'op' },
    highlight: ['batch', 'llm-context', 'dramStacks', 'dramGBpsPerStack'],
    compare: { label: 'at batch 64', hardware: { batch: 64 } },
    predict: {
      question: 'Each [[decode]] step of this LLM makes one token per sequence. Serve 64 sequences together instead of one: will each step (the [[tpot|TPOT]]) take about as long, a few times longer, or nearly 64 times longer?',
      choices: TPOT_CHOICES,
      answer({ report: r, compare }) {
        if (!compare) return null;
        const a = llmOf(r);
        const b = llmOf(compare.report);
        const ta = a?.tpotSeconds ?? r.latencySeconds;
        const tb = b?.tpotSeconds ?? compare.report.latencySeconds;
        const ratio = tb / ta;
        const grew = compare.report.batch / r.batch;
        return {
          choice: ratio < 2 ? 'same' : ratio < Math.max(2, grew / 4) ? 'some' : 'linear',
          evidence: `${a ? 'TPOT' : 'latency'} ${seconds(ta)} at batch ${num(r.batch)} and ${seconds(tb)} at batch ${num(compare.report.batch)} (${times(ratio)} for ${times(grew)} the sequences)`
            + (a && b ? `, so ${sig(a.tokensPerSecond)} tokens/s become ${sig(b.tokensPerSecond)}` : ''),
        };
      },
    },
    change: {
      text: 'Set the Batch size (highlighted, under Evaluation) to 64 and watch TPOT, tokens/s and the arithmetic intensity in the LLM metrics, and the serving curve; then set it back. The lesson simulates batch 64 beside the view as it is.',
      control: 'batch',
    },
    explain({ report: r, spec: h, compare }) {
      const l = llmOf(r);
      if (!l) return [`${workloadLabel(r.workload)} is not an LLM: pick one (Llama 3 8B, say) and its decode phase to see this lesson's effect.`];
      const out = [
        `At batch ${num(l.batch)}, one ${l.phase === 'prefill' ? 'prefill' : 'decode step'} of ${llmName(r)} on this design moves ${bytes(r.totals.dramBytes)} through DRAM `
        + `(weights ${binaryBytes(l.weightBytes)}, KV cache ${binaryBytes(l.kvCacheBytes)}): an [[arithmetic-intensity|arithmetic intensity]] of ${sig(l.arithmeticIntensity)} FLOP/B `
        + `against the design's [[ridge-point|ridge point]] of ${sig(l.ridgePoint)} FLOP/B. The model finds it ${l.bound}-bound: `
        + `${l.tpotSeconds !== undefined ? `TPOT ${seconds(l.tpotSeconds)}, ` : ''}${sig(l.tokensPerSecond)} tokens/s.`,
      ];
      const c = compare ? llmOf(compare.report) : null;
      if (compare && c) {
        out.push(`At batch ${num(c.batch)} the intensity is ${sig(c.arithmeticIntensity)} FLOP/B (${times(c.arithmeticIntensity / l.arithmeticIntensity)}), `
          + `${c.arithmeticIntensity < c.ridgePoint ? 'still below the ridge point' : 'past the ridge point'}, and the model finds it ${c.bound}-bound: `
          + `${c.tpotSeconds !== undefined && l.tpotSeconds !== undefined ? `TPOT ${seconds(c.tpotSeconds)} (${times(c.tpotSeconds / l.tpotSeconds)}) for ` : ''}`
          + `${sig(c.tokensPerSecond)} tokens/s (${times(c.tokensPerSecond / l.tokensPerSecond)}). The KV cache grew to ${binaryBytes(c.kvCacheBytes)}`
          + `${compare.report.memory ? `: with the weights and activations ${binaryBytes(compare.report.memory.footprintBytes)} of the design's ${binaryBytes(compare.report.memory.capacityBytes)} of DRAM` : ''}.`);
      }
      out.push(`The serving curve below doubles the batch until weights and KV cache no longer fit the design's DRAM`
        + `${r.memory ? ` (${binaryBytes(r.memory.capacityBytes)} in ${num(h.dramStacks)} stacks)` : ''}: watch where its segments turn from memory-bound to compute-bound, if they do before the memory runs out.`);
      return out;
    },
    why({ report: r }) {
      const l = llmOf(r);
      const out = [
        'A decode step multiplies each weight by one token of each sequence: two FLOPs per weight per sequence, while the weight itself must come from DRAM '
        + `(two bytes in bf16). At batch 1 that is about one FLOP per byte, far below the ridge point (peak FLOP/s over DRAM bytes/s${l ? `: ${sig(l.ridgePoint)} FLOP/B here` : ''}), `
        + 'so the arrays wait for memory. Serving more sequences per step reuses every weight read for each of them, so the intensity and the tokens per step grow '
        + 'almost with the batch while the step takes little longer.',
        'The [[kv-cache|KV cache]] is not shared: each sequence reads its own keys and values every step, so attention stays near one FLOP per byte whatever the batch, '
        + 'and at long contexts or large batches the cache\'s reads, not the weights\', set the step time. Lower-precision weights (int8, int4) or KV (int8) cut the bytes; '
        + 'more DRAM bandwidth speeds up every memory-bound step.',
      ];
      if (l) out.push(`Here every step reads ${binaryBytes(l.weightBytes)} of weights, and ${binaryBytes(l.kvBytesPerToken)} of KV cache per token of context of each sequence.`);
      return out;
    },
  },
  {
    id: 'llm-gqa',
    title: 'GQA saves KV cache',
    teaser: 'Query heads that share key/value heads keep a smaller cache.',
    state: { workload: GQA_LESSON_WORKLOAD, preset: 'tpu-v3', hardware: tpu({ batch: 64 }), passes: 'all', barMode: 'op' },
    highlight: ['workload', 'llm-kv', 'llm-context', 'batch'],
    compare: { label: 'GPT-2 124M (MHA) at the same context', workload: GQA_LESSON_COMPARE },
    predict: {
      question: 'The Qwen model shown has about four times GPT-2\'s parameters, but its query heads share a few key/value heads ([[gqa|GQA]]) where GPT-2 gives every head its own (MHA). Per token of context, will it keep more, about the same or less [[kv-cache|KV cache]] than GPT-2?',
      choices: KV_CHOICES,
      answer({ report: r, compare }) {
        if (!compare) return null;
        const a = llmOf(r);
        const b = llmOf(compare.report);
        if (!a || !b) return null;
        return {
          choice: direction(b.kvBytesPerToken, a.kvBytesPerToken),
          evidence: `${binaryBytes(a.kvBytesPerToken)} per token for ${llmName(r)} against ${binaryBytes(b.kvBytesPerToken)} for ${llmName(compare.report)}, `
            + `with ${binaryBytes(a.weightBytes)} of weights against ${binaryBytes(b.weightBytes)}`,
        };
      },
    },
    change: {
      text: 'Switch the Workload (highlighted) to GPT-2 124M at the same context and compare the KV numbers in the LLM metrics; then switch back. Or set the KV cache to int8 (highlighted), which halves its bytes in another way. The lesson simulates GPT-2 beside the view as it is.',
      control: 'workload',
    },
    explain({ report: r, compare }) {
      const l = llmOf(r);
      const sel = llmSelection(r.workload);
      if (!l || !sel) return [`${workloadLabel(r.workload)} is not an LLM: pick one to see this lesson's effect.`];
      const c = sel.config;
      const mha = l.kvBytesPerToken * c.heads / c.kvHeads;
      const out = [
        `${llmName(r)} has ${c.heads} query heads and ${c.kvHeads} key/value head${c.kvHeads > 1 ? 's' : ''} in each of its ${c.layers} layers: `
        + `${binaryBytes(l.kvBytesPerToken)} of [[kv-cache|KV cache]] per token of context (2 × ${c.layers} layers × ${c.kvHeads} KV heads × ${c.headDim} × `
        + `${+(l.kvBytesPerToken / (2 * c.layers * c.kvHeads * c.headDim)).toFixed(2)} bytes). With a key and value head per query head (MHA) it would need ${binaryBytes(mha)}: `
        + `${times(mha / l.kvBytesPerToken)} as much.`,
        `At batch ${num(l.batch)} and context ${num(l.context)} the cache is ${binaryBytes(l.kvCacheBytes)} beside ${binaryBytes(l.weightBytes)} of weights; every decode step reads both `
        + `(TPOT ${l.tpotSeconds !== undefined ? seconds(l.tpotSeconds) : '—'}, ${sig(l.tokensPerSecond)} tokens/s).`,
      ];
      const k = compare ? llmOf(compare.report) : null;
      if (compare && k) {
        out.push(`${llmName(compare.report)} keeps ${binaryBytes(k.kvBytesPerToken)} per token (${times(k.kvBytesPerToken / l.kvBytesPerToken)} this model's) with `
          + `${binaryBytes(k.weightBytes)} of weights: its cache at the same batch and context is ${binaryBytes(k.kvCacheBytes)}, and a step takes `
          + `${k.tpotSeconds !== undefined ? seconds(k.tpotSeconds) : '—'} for ${sig(k.tokensPerSecond)} tokens/s.`);
      }
      return out;
    },
    why() {
      const out = [
        'Attention compares each new token\'s query with the keys of every earlier token and sums their values; decode keeps those keys and values (the KV cache) '
        + 'so it never recomputes them. The cache holds one key and one value vector per KV head, per layer, per token. [[gqa|GQA]] lets a group of query heads '
        + 'share one KV head, so the cache shrinks by the group size, and with it the bytes every decode step reads and the memory a long context or a large batch needs.',
      ];
      const big = LLM_ZOO['llama-3-8b'];
      if (big) {
        out.push(`Llama 3 8B, from its config: ${big.heads} query heads share ${big.kvHeads} KV heads, so its cache is ${binaryBytes(kvPerToken('llama-3-8b', big.kvHeads))} per token in bf16 `
          + `where MHA would need ${binaryBytes(kvPerToken('llama-3-8b', big.heads))}: at a context of 8,192 tokens that is the difference between `
          + `${binaryBytes(8192 * kvPerToken('llama-3-8b', big.kvHeads))} and ${binaryBytes(8192 * kvPerToken('llama-3-8b', big.heads))} per sequence.`);
      }
      return out;
    },
  },
];

export const LESSON_IDS = LESSONS.map((l) => l.id);

/** The lessons before and after one, in the list's order (for previous/next links). */
export function lessonNeighbours(id: string): { previous: Lesson | undefined; next: Lesson | undefined } {
  const i = LESSONS.findIndex((l) => l.id === id);
  return i < 0 ? { previous: undefined, next: undefined } : { previous: LESSONS[i - 1], next: LESSONS[i + 1] };
}

/**
 * What the observe step says about the reader's prediction: the model's answer in words, and whether it matches
 * the choice the reader picked (none picked: just the answer). Null while the comparison is simulating.
 */
export function predictionVerdict(l: Lesson, ctx: LessonContext, picked: string | undefined): { agrees: boolean | null; text: string } | null {
  const a = l.predict.answer(ctx);
  if (!a) return null;
  const label = (id: string) => l.predict.choices.find((c) => c.id === id)?.label ?? id;
  const model = `The model says: ${label(a.choice).toLowerCase()} (${a.evidence}).`;
  if (picked === undefined) return { agrees: null, text: model };
  const agrees = picked === a.choice;
  return { agrees, text: `${agrees ? 'You predicted it' : `You predicted "${label(picked).toLowerCase()}"`}. ${model}` };
}

export function lessonById(id: string | undefined): Lesson | undefined {
  return id ? LESSONS.find((l) => l.id === id) : undefined;
}

/** The full URL state a lesson link opens. */
export function lessonUrlState(l: Lesson): UrlState {
  return { view: 'explore', lesson: l.id, ...l.state, hardware: { ...l.state.hardware } };
}
