// The page's glossary: one entry per term a teacher, an architect or a first-time visitor meets in the page. The
// <Term> component (views/Term.svelte) shows an entry where the term appears; the glossary list in the page's
// footer shows them all. Abbreviations carry their expansion, shown once per view (the first <Term> of an id in a
// view expands it). Texts given as strings (lessons) mark terms as [[id|shown text]] or [[id]]; termSegments splits
// them. The definitions are words only (no model results), each pointing at the docs/model.md section that has the
// details.

export interface GlossaryEntry {
  id: string;
  /** The term as the page writes it. */
  term: string;
  /** For an abbreviation: what it stands for (shown once per view). */
  expansion?: string;
  /** One or two sentences. */
  definition: string;
  /** The docs/model.md section with the details (a DocRef id, lib/docs.ts). */
  doc?: string;
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    id: 'mxu', term: 'MXU', expansion: 'matrix multiply unit', doc: 'model-4.1',
    definition: 'Google\'s name for a TPU core\'s systolic array. This page calls them the arrays: each core has a number of them, each R×C multiply-accumulate cells.',
  },
  {
    id: 'systolic-array', term: 'systolic array', doc: 'model-1',
    definition: 'A grid of processing elements (PEs), each doing one multiply-accumulate (MAC) per cycle, that pass operands and partial sums to their neighbours every cycle, so each value read from memory is used many times. The array fills and drains diagonally (the skew).',
  },
  {
    id: 'dataflow', term: 'dataflow', doc: 'model-1',
    definition: 'Which operand stays in the PEs while the others stream through: weight-stationary (ws) keeps a tile of weights, output-stationary (os) keeps the partial sums, input-stationary (is) keeps a tile of inputs. It changes how a product folds onto the array and how often each operand is re-read.',
  },
  {
    id: 'vmem', term: 'VMEM', expansion: 'vector memory, the per-core local memory', doc: 'model-4.1',
    definition: 'Each core\'s own scratchpad SRAM (the TPU\'s VMEM; "local memory" in this page\'s parameters). The arrays and the vector unit read their tiles from it; its size bounds the tiles and so how often an operand is re-read from further away.',
  },
  {
    id: 'gmem', term: 'GMEM', expansion: 'global memory', doc: 'model-5.1',
    definition: 'An on-chip SRAM shared by all cores (FAST\'s addition; TPUv4i\'s CMEM is one). The fusion pass may keep tensors there between the ops that write and read them instead of sending them to DRAM. 0 MiB means the design has none.',
  },
  {
    id: 'hbm', term: 'HBM', expansion: 'high-bandwidth memory', doc: 'model-3.1',
    definition: 'DRAM dies stacked beside the chip in the same package, each stack with a wide interface: the design\'s off-chip bandwidth is the stacks times the per-stack rate. LPDDR and GDDR are the cheaper, slower technologies the DRAM control offers.',
  },
  {
    id: 'cmem', term: 'CMEM', expansion: 'common memory', doc: 'model-3.1',
    definition: 'TPUv4i\'s 128 MiB on-chip memory shared by its arrays (Jouppi et al., ISCA 2021): in this page\'s terms a global memory (GMEM), which the fusion pass can keep tensors in.',
  },
  {
    id: 'ici', term: 'ICI', expansion: 'inter-core interconnect, the chip-to-chip links', doc: 'model-3.1',
    definition: 'Google\'s name for the links that join TPU chips into a pod. They cost die area and power whether or not a single-chip workload uses them, so they are a design parameter here ("Chip-to-chip links").',
  },
  {
    id: 'dram', term: 'DRAM', expansion: 'dynamic random-access memory, the off-chip memory', doc: 'model-3.1',
    definition: 'The memory outside the chip (HBM stacks, LPDDR or GDDR) where weights and, unless fused, every intermediate tensor live. Its bandwidth is often what bounds an op.',
  },
  {
    id: 'pe', term: 'PE', expansion: 'processing element', doc: 'model-1',
    definition: 'One cell of a systolic array: a multiplier and an adder that do one MAC per cycle.',
  },
  {
    id: 'mac', term: 'MAC', expansion: 'multiply-accumulate', doc: 'model-1',
    definition: 'One multiplication added into a running sum (a += w·x): the unit of work of convolutions and matrix products. Utilization is MACs done over MACs the arrays could have done.',
  },
  {
    id: 'roofline', term: 'roofline', doc: 'model-4.1',
    definition: 'A chart of attained throughput against arithmetic intensity (operations per byte moved): the flat roof is the compute peak, the slanted roofs are each memory level\'s bandwidth times the intensity. An op under a slanted roof is memory-bound, under the flat roof compute-bound.',
  },
  {
    id: 'ridge-point', term: 'ridge point', doc: 'model-4.1',
    definition: 'The arithmetic intensity (ops/byte) where a bandwidth roof meets the compute roof: ops with fewer operations per byte than the ridge point cannot reach the compute peak from that memory.',
  },
  {
    id: 'fusion', term: 'fusion', doc: 'model-5.1',
    definition: 'Keeping a tensor on chip (in the GMEM) from the op that writes it to the ops that read it, so it never goes to DRAM. The fusion pass chooses which tensors with an ILP, within the GMEM\'s capacity at every point of the program. (Elementwise epilogues folded into the op before them are fused too, §4.4.)',
  },
  {
    id: 'padding', term: 'padding', doc: 'model-5.2',
    definition: 'An op\'s dimensions rounded up to the array\'s rows and columns: the padded PEs do no useful work, so a layer narrower than the array wastes part of it (the mapping efficiency). The padding (layout) pass chooses layouts and packings that waste less, and may move depthwise convolutions to the vector unit.',
  },
  {
    id: 'tdp', term: 'TDP', expansion: 'thermal design power', doc: 'model-3.3',
    definition: 'The power the chip and its cooling are rated for: here the modelled all-units peak times the rating of a training or an inference part. It sets what the chip costs to run, and is FAST\'s denominator.',
  },
  {
    id: 'perf-tdp', term: 'Perf/TDP', expansion: 'performance per watt of thermal design power', doc: 'model-6.2',
    definition: 'Inferences per second divided by the TDP in watts: FAST\'s objective, because a datacenter\'s cost follows the power it provisions. Gains are Perf/TDP over TPU-v3 with baseline software on the same workload.',
  },
  {
    id: 'pareto', term: 'Pareto front', doc: 'model-6.5',
    definition: 'The trials no other trial beats on every objective at once (here throughput, TDP and area): improving one of them on the front costs another.',
  },
  {
    id: 'ilp', term: 'ILP', expansion: 'integer linear program', doc: 'model-5.1',
    definition: 'An optimisation over whole-number (here yes/no) variables with linear constraints and a linear objective. The fusion pass writes one (keep this tensor in GMEM, in local memory or in DRAM, within each level\'s capacity, for the least total time) and solves it exactly in a worker: with a solver built for its structure, and with HiGHS for the instances that solver declines.',
  },
  {
    id: 'prefill', term: 'prefill', doc: 'model-9.1',
    definition: 'An LLM\'s first phase: the whole prompt goes through the model at once (every prompt token of every sequence in one pass), filling the KV cache. Its products are large, so it is usually compute-bound; its latency is the TTFT.',
  },
  {
    id: 'decode', term: 'decode', doc: 'model-9.1',
    definition: 'An LLM\'s second phase: one new token per sequence per step, attending to every token cached so far. Each step reads all the weights and the whole KV cache for few multiply-accumulates, so it is usually memory-bound; its latency is the TPOT.',
  },
  {
    id: 'ttft', term: 'TTFT', expansion: 'time to first token', doc: 'model-9.3',
    definition: 'How long a request waits for its first output token: the prefill of its prompt (here for the whole batch of prompts at once). Serving targets bound it, as MLPerf Inference\'s LLM scenarios do.',
  },
  {
    id: 'tpot', term: 'TPOT', expansion: 'time per output token', doc: 'model-9.3',
    definition: 'The time between two output tokens of a sequence: one decode step for the whole batch. A larger batch makes more tokens per step but each step longer; serving targets bound it.',
  },
  {
    id: 'kv-cache', term: 'KV cache', doc: 'model-9.2',
    definition: 'The keys and values of every token seen so far, kept per layer so that decode attends to them without recomputing: 2 × layers × KV heads × head size × bytes per token of context, per sequence. It lives in DRAM beside the weights, and every decode step reads all of it.',
  },
  {
    id: 'gqa', term: 'GQA', expansion: 'grouped-query attention', doc: 'model-9.1',
    definition: 'Attention in which groups of query heads share one key/value head (Ainslie et al., 2023): the KV cache shrinks by the number of query heads per KV head against multi-head attention (MHA, one KV head per query head). MQA is the extreme: one KV head for all.',
  },
  {
    id: 'arithmetic-intensity', term: 'arithmetic intensity', doc: 'model-4.1',
    definition: 'Operations done per byte moved from a memory (here FLOPs per byte of DRAM traffic). Below the design\'s ridge point the work waits for memory (memory-bound); above it, for the arithmetic units (compute-bound).',
  },
];

export const GLOSSARY_IDS = GLOSSARY.map((e) => e.id);

/** The glossary term behind a design parameter (the design panel shows it beside the parameter's label). */
export const PARAM_TERMS: Readonly<Record<string, string>> = {
  arraysPerCore: 'systolic-array', arrayRows: 'pe', arrayCols: 'pe', dataflow: 'dataflow', localMemoryMiB: 'vmem',
  globalMemoryMiB: 'gmem', globalMemoryBytesPerCycle: 'gmem', dramTechnology: 'hbm', dramStacks: 'hbm', dramGBpsPerStack: 'dram', dramGiBPerStack: 'dram',
  tdpClass: 'tdp',
};

export function glossaryEntry(id: string): GlossaryEntry {
  const e = GLOSSARY.find((g) => g.id === id);
  if (!e) throw new Error(`glossary: no term "${id}" (terms: ${GLOSSARY_IDS.join(', ')})`);
  return e;
}

/**
 * Mark every abbreviation of the glossary in a plain text (a preset's description, say) as [[id|as written]]: the
 * abbreviation as a whole word, with a plural "s" or a generation number (MXUs, HBM2). Text already marked is not
 * marked again.
 */
export function markTerms(text: string): string {
  const abbreviations = GLOSSARY.filter((e) => e.expansion && /^[A-Z]+$/.test(e.term));
  if (!abbreviations.length || text.includes('[[')) return text;
  const re = new RegExp(`\\b(${abbreviations.map((e) => e.term).join('|')})(s|\\d+)?\\b`, 'g');
  return text.replace(re, (whole, term: string) => `[[${abbreviations.find((e) => e.term === term)!.id}|${whole}]]`);
}

/** The term as a view writes it the first time: "MXU (matrix multiply unit)"; the term itself when it has no expansion. */
export function expandedTerm(e: GlossaryEntry, shown = e.term): string {
  return e.expansion ? `${shown} (${e.expansion})` : shown;
}

export type Segment = { text: string } | { text: string; term: string };

const MARK = /\[\[([a-z0-9-]+)(?:\|([^\]]*))?\]\]/g;

/**
 * Split a text with [[id]] / [[id|shown]] marks into plain and term segments. An unknown id is an error (a typo
 * in a lesson must not silently lose its link); [[id]] shows the entry's term.
 */
export function termSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(MARK)) {
    const e = glossaryEntry(m[1]);
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ text: m[2] ?? e.term, term: e.id });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The text without its marks (as a reader sees it, before expansions). */
export function plainText(text: string): string {
  return termSegments(text).map((s) => s.text).join('');
}

/**
 * Which term instances expand, once per view: given the ids of the terms in a view in order, the index of the
 * first occurrence of each abbreviation (an entry with an expansion). Used by the Term scope and its tests.
 */
export function firstOccurrences(ids: readonly string[]): Set<number> {
  const seen = new Set<string>();
  const first = new Set<number>();
  ids.forEach((id, i) => {
    if (seen.has(id)) return;
    seen.add(id);
    if (glossaryEntry(id).expansion) first.add(i);
  });
  return first;
}
