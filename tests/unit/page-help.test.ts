// The page's teaching helpers (issue 18), pure logic in web/src/lib: the guided lessons' steps on real simulations
// (every lesson asks before it shows numbers, its change names a highlighted control, the model answers the
// prediction with its own numbers, the why step defines the depthwise lesson's p with the op's packing), the
// glossary (marks, expansions once per view, every lesson mark known), the docs the page cites (sections cut out of
// docs/model.md and docs/validation.md, Markdown to blocks and inline parts, the paper's URL as the repository's
// docs give it) and the honest word on small designs (own blocks against what the chip carries).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimApi } from '../../shared/api/worker-api';
import type { SimulateReport } from '../../shared/api/simulate';
import { PARAMS, PRESETS, PRESET_INFO, PRESET_NAMES, hardwareCost, type HardwareSpec } from '../../shared/hardware';
import {
  LESSONS, STEP_KINDS, direction, lessonNeighbours, lessonUrlState, predictionVerdict, type Lesson, type LessonContext,
} from '../../web/src/lib/lessons';
import { GLOSSARY, PARAM_TERMS, markTerms, expandedTerm, firstOccurrences, glossaryEntry, plainText, termSegments } from '../../web/src/lib/glossary';
import { PAPER, docRefLabel, docSection, inlineParts, markdownBlocks, parseDocRef } from '../../web/src/lib/docs';
import { carriedShare, smallDesignNote } from '../../web/src/lib/own-cost';

const api = createSimApi();
const run = (workload: string, hardware: HardwareSpec, passes: string): Promise<SimulateReport> =>
  api.simulate({ workload, hardware, hardwareName: 'design', batch: hardware.batch, passes });

/** The lesson's context for its own link state, the comparison simulated as the Explore state does. */
async function contextOf(l: Lesson): Promise<LessonContext> {
  const s = lessonUrlState(l);
  const report = await run(s.workload, s.hardware, s.passes);
  const c = l.compare;
  const cspec = { ...(c.preset ? { ...PRESETS[c.preset], batch: s.hardware.batch } : s.hardware), ...(c.hardware ?? {}) } as HardwareSpec;
  const compare = await run(c.workload ?? s.workload, cspec, c.passes ?? s.passes);
  return { report, spec: s.hardware, cost: hardwareCost(s.hardware), compare: { report: compare, spec: cspec, cost: hardwareCost(cspec) } };
}

describe('guided lessons', () => {
  const ctx = new Map<string, LessonContext>();
  beforeAll(async () => {
    for (const l of LESSONS) ctx.set(l.id, await contextOf(l));
  }, 240_000);

  it('has four steps in order: predict, change, observe, why', () => {
    expect(STEP_KINDS).toEqual(['predict', 'change', 'observe', 'why']);
  });

  it('asks its question before showing any number of the model, with choices, and names a highlighted control to change', () => {
    for (const l of LESSONS) {
      const q = plainText(l.predict.question);
      expect(q.endsWith('?'), l.id).toBe(true);
      expect(l.predict.choices.length).toBeGreaterThanOrEqual(2);
      expect(new Set(l.predict.choices.map((c) => c.id)).size).toBe(l.predict.choices.length);
      // no results in the question: the only numbers are the design's and workload's own parameters
      for (const n of q.replace(/TPU-?v\d+i?/g, "").match(/\d+(?:[.,]\d+)*/g) ?? []) expect(['1,024', '128', '64×64', '128×128', '64', '50'].some((p) => p.includes(n)), `${l.id}: ${n}`).toBe(true);
      expect(l.highlight).toContain(l.change.control);
      expect(plainText(l.change.text)).not.toMatch(/\d+(\.\d+)?\s*(inferences|%|×|W\b|mm²)/);
    }
  });

  it('the model answers each prediction with its own numbers, and the verdict follows the reader\'s pick', () => {
    for (const l of LESSONS) {
      const c = ctx.get(l.id)!;
      const a = l.predict.answer(c)!;
      expect(l.predict.choices.map((x) => x.id)).toContain(a.choice);
      expect(a.evidence).toMatch(/\d/);
      expect(a.evidence).not.toMatch(/NaN|undefined|Infinity/);
      expect(l.predict.answer({ ...c, compare: null })).toBeNull();
      const right = predictionVerdict(l, c, a.choice)!;
      expect(right.agrees).toBe(true);
      expect(right.text).toContain(a.evidence);
      const other = l.predict.choices.find((x) => x.id !== a.choice)!.id;
      expect(predictionVerdict(l, c, other)!.agrees).toBe(false);
      expect(predictionVerdict(l, c, undefined)!.agrees).toBeNull();
    }
    // the numbers behind the depthwise answer are the two simulations' throughputs
    const dw = ctx.get('depthwise')!;
    const want = direction(dw.report.throughputPerSecond, dw.compare!.report.throughputPerSecond);
    expect(LESSONS[0].predict.answer(dw)!.choice).toBe(want);
    expect(LESSONS[0].predict.answer(dw)!.evidence).toContain(Math.round(dw.report.throughputPerSecond).toLocaleString('en-US'));
  });

  it('observe and why read the model; every glossary mark in them names a known term', () => {
    for (const l of LESSONS) {
      const c = ctx.get(l.id)!;
      for (const p of [...l.explain(c), ...l.why(c), l.predict.question, l.change.text]) {
        expect(() => termSegments(p), `${l.id}: ${p}`).not.toThrow();
        expect(plainText(p)).not.toMatch(/NaN|undefined|Infinity|\[\[|\]\]/);
      }
      expect(l.why(c).length).toBeGreaterThan(0);
    }
  });

  it('the depthwise lesson defines p and quotes the packing the model chose', () => {
    const l = LESSONS.find((x) => x.id === 'depthwise')!;
    const c = ctx.get('depthwise')!;
    const why = l.why(c).map(plainText).join('\n');
    expect(why).toMatch(/p is the number of channels packed side by side/);
    const dw = c.report.ops.filter((o) => o.kind === 'conv2d' && /\/dw$/.test(o.name) && o.schedule.unit === 'systolic');
    const worst = dw.reduce((a, o) => (o.cycles > a.cycles ? o : a));
    expect(why).toContain(`${worst.name}, packs p = ${worst.schedule.pack.toLocaleString('en-US')}`);
  });

  it('previous/next walk the list in order', () => {
    expect(lessonNeighbours(LESSONS[0].id).previous).toBeUndefined();
    expect(lessonNeighbours(LESSONS[0].id).next).toBe(LESSONS[1]);
    expect(lessonNeighbours(LESSONS.at(-1)!.id).next).toBeUndefined();
    expect(lessonNeighbours(LESSONS[2].id).previous).toBe(LESSONS[1]);
    expect(lessonNeighbours('nope')).toEqual({ previous: undefined, next: undefined });
  });

  it('direction has a tolerance band', () => {
    expect(direction(100, 103)).toBe('up');
    expect(direction(100, 101)).toBe('same');
    expect(direction(100, 97)).toBe('down');
  });
});

describe('glossary', () => {
  it('has every term issue 18 lists, each with a definition and a docs section that exists', () => {
    const model = readFileSync(new URL('../../docs/model.md', import.meta.url), 'utf8');
    for (const id of ['mxu', 'systolic-array', 'dataflow', 'vmem', 'gmem', 'hbm', 'ridge-point', 'roofline', 'fusion', 'padding', 'perf-tdp', 'pareto', 'ilp']) {
      const e = glossaryEntry(id);
      expect(e.definition.length).toBeGreaterThan(40);
      if (e.doc) expect(docSection(model, parseDocRef(e.doc).section), `${id} → ${e.doc}`).not.toBeNull();
    }
    expect(new Set(GLOSSARY.map((e) => e.id)).size).toBe(GLOSSARY.length);
  });

  it('maps design parameters to known terms', () => {
    for (const [param, id] of Object.entries(PARAM_TERMS)) {
      expect(PARAMS.some((p) => p.id === param), param).toBe(true);
      expect(() => glossaryEntry(id)).not.toThrow();
    }
  });

  it('marks the abbreviations of a plain text, plurals and generations included', () => {
    expect(markTerms('2 cores × 2 MXUs 128×128, 32 MiB VMEM, 900 GB/s HBM2, 4 ICI links; TDP 450 W; HBMX stays')).toBe(
      '2 cores × 2 [[mxu|MXUs]] 128×128, 32 MiB [[vmem|VMEM]], 900 GB/s [[hbm|HBM2]], 4 [[ici|ICI]] links; [[tdp|TDP]] 450 W; HBMX stays');
    expect(markTerms('[[gmem]] and GMEM')).toBe('[[gmem]] and GMEM');
    for (const p of PRESET_NAMES) expect(() => termSegments(markTerms(PRESET_INFO[p].description))).not.toThrow();
  });

  it('splits marks into segments and refuses an unknown term in one line', () => {
    expect(termSegments('the [[gmem|global memory]] and [[ilp]].')).toEqual([
      { text: 'the ' }, { text: 'global memory', term: 'gmem' }, { text: ' and ' }, { text: 'ILP', term: 'ilp' }, { text: '.' },
    ]);
    expect(plainText('[[mxu]] arrays')).toBe('MXU arrays');
    expect(() => termSegments('[[nope]]')).toThrow(/^glossary: no term "nope" \(terms: mxu, /);
  });

  it('expands an abbreviation once: the first occurrence of each, never a term without expansion', () => {
    expect([...firstOccurrences(['mxu', 'roofline', 'mxu', 'gmem', 'gmem', 'tdp'])]).toEqual([0, 3, 5]);
    expect(expandedTerm(glossaryEntry('hbm'))).toBe('HBM (high-bandwidth memory)');
    expect(expandedTerm(glossaryEntry('roofline'))).toBe('roofline');
  });
});

describe('docs the page cites', () => {
  const model = readFileSync(new URL('../../docs/model.md', import.meta.url), 'utf8');
  const validation = readFileSync(new URL('../../docs/validation.md', import.meta.url), 'utf8');

  it('cuts a numbered section to the next heading of its level', () => {
    const s = docSection(model, '3.3')!;
    expect(s.title).toMatch(/^Area and TDP/);
    expect(s.body).not.toMatch(/^### 3\.4/m);
    const top = docSection(model, '3')!;
    expect(top.body).toMatch(/^### 3\.3 /m);
    expect(top.body).not.toMatch(/^## 4\./m);
    expect(docSection(model, '99.9')).toBeNull();
    expect(docSection(validation)!.title).toBe('Validation');
  });

  it('parses references and names them by path', () => {
    expect(parseDocRef('model-4.1')).toEqual({ doc: 'model', section: '4.1' });
    expect(docRefLabel(parseDocRef('validation'))).toBe('docs/validation.md');
    expect(() => parseDocRef('sources-1')).toThrow('doc reference "sources-1" is not model[-N[.N]] or validation[-N[.N]]');
  });

  it('turns Markdown into blocks and inline parts without passing HTML through', () => {
    const b = markdownBlocks('# T\n\npara one\nline two\n\n- a\n  more\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n```\ncode <b>\n```\n');
    expect(b).toEqual([
      { kind: 'heading', level: 1, text: 'T' },
      { kind: 'paragraph', text: 'para one line two' },
      { kind: 'list', ordered: false, items: ['a more', 'b'] },
      { kind: 'table', head: ['x', 'y'], rows: [['1', '2']] },
      { kind: 'code', text: 'code <b>' },
    ]);
    expect(inlineParts('see `x`, **y**, [the paper](https://arxiv.org/abs/2105.12842) and [s](sources.md#x) <script>')).toEqual([
      { kind: 'text', text: 'see ' }, { kind: 'code', text: 'x' }, { kind: 'text', text: ', ' }, { kind: 'strong', text: 'y' },
      { kind: 'text', text: ', ' }, { kind: 'link', text: 'the paper', href: 'https://arxiv.org/abs/2105.12842' },
      { kind: 'text', text: ' and s (sources.md#x) <script>' },
    ]);
    // the whole of both docs parses
    expect(markdownBlocks(model).length).toBeGreaterThan(100);
    expect(markdownBlocks(validation).some((x) => x.kind === 'table')).toBe(true);
  });

  it('links the paper by the URL the repository\'s docs cite', () => {
    const sources = readFileSync(new URL('../../docs/sources.md', import.meta.url), 'utf8');
    expect(sources).toContain(`(${PAPER.url})`);
  });
});

describe('the honest word on small designs', () => {
  it('the 8×8 teaching chip is mostly what every chip carries; TPU-v3 is mostly its own blocks', () => {
    const teach = hardwareCost(PRESETS['teaching-8x8']);
    const c = carriedShare(teach);
    expect(c.ownAreaMm2).toBe(teach.ownAreaMm2);
    expect(c.carriedAreaMm2 + c.ownAreaMm2).toBeCloseTo(teach.areaMm2, 9);
    expect(c.carriedWatts + c.ownWatts).toBeCloseTo(teach.tdpWatts, 9);
    expect(c.dominates).toBe(true);
    const note = smallDesignNote(teach)!;
    expect(note).toContain(`(${(c.areaShare * 100).toFixed(1)}%)`);
    expect(note).toMatch(/uncore/);
    expect(smallDesignNote(hardwareCost(PRESETS['tpu-v3']))).toBeNull();
  });
});
