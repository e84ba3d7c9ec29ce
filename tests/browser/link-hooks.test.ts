// The views' link hooks (toLink/applyLink of web/src/state compare, roi and search): a state's link read back gives
// the same link, a link equal to the current state changes nothing (labels and a half-typed value stay), and "Add to
// Compare" says what it added (or why not).
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { CompareState, MAX_DESIGNS, presetDesign } from '../../web/src/state/compare.svelte';
import { RoiState } from '../../web/src/state/roi.svelte';
import { SearchState } from '../../web/src/state/search.svelte';
import type { SimRunner } from '../../web/src/state/explore.svelte';
import { PRESETS } from '../../shared/hardware';
import { defaultUrlState, linkPartText, parseUrlState, serializeUrlState } from '../../shared/url-state';
import { zooNames } from '../../shared/workload';

const never: SimRunner = { simulate: () => new Promise(() => {}) };
const opts = { workloads: zooNames() };
const reread = <T>(part: T & object) => parseUrlState(serializeUrlState({ ...defaultUrlState(opts), ...part }), opts).state;

describe('Compare link hooks', () => {
  it('"Add to Compare" confirms what it added, and says when Compare is full', () => {
    const c = new CompareState(never);
    const d = presetDesign('teaching-8x8', 'all');
    c.add({ label: d.label, hardware: d.hardware, passes: 'all', origin: 'preset' });
    expect(c.notice).toBe(`Added "${d.label}" to Compare (design 4 of ${MAX_DESIGNS}).`);
    while (c.designs.length < MAX_DESIGNS) c.add({ label: 'x', hardware: PRESETS['tpu-v3'], passes: 'all', origin: 'preset' });
    expect(c.add({ label: 'one too many', hardware: PRESETS['tpu-v3'], passes: 'all', origin: 'preset' })).toBeNull();
    expect(c.notice).toBe(`Not added: Compare holds ${MAX_DESIGNS} designs already; remove one first.`);
  });

  it('a design added by hand goes into the link and comes back (labelled as custom) with the same link', () => {
    const c = new CompareState(never);
    c.add({ label: 'Explore: custom design · all passes', hardware: { ...PRESETS.tpuv4i, arrayRows: 64 }, passes: 'schedule', origin: 'explore' });
    c.batch = 4;
    const link = c.toLink();
    const other = new CompareState(never);
    other.applyLink(reread({ compare: link }).compare);
    flushSync();
    expect(other.designs.map((d) => d.label).at(-1)).toBe('custom design (from TPUv4i) · schedule');
    expect(linkPartText({ compare: other.toLink() })).toBe(linkPartText({ compare: link }));
    // the same link again changes nothing: the hand-given label stays
    c.applyLink(reread({ compare: link }).compare);
    expect(c.designs.at(-1)!.label).toBe('Explore: custom design · all passes');
  });
});

describe('ROI link hooks', () => {
  it('round-trips its inputs; a value the ROI refuses is not written, and stays while being typed', () => {
    const r = new RoiState(() => null, () => null);
    r.setInput('chips', 1234);
    r.setSource('manual');
    const back = new RoiState(() => null, () => null);
    back.applyLink(reread({ roi: r.toLink() }).roi);
    expect(back.inputs.chips).toBe(1234);
    expect(back.source).toBe('manual');
    r.setInput('pue', 0.5); // below 1: refused by the ROI
    expect(r.toLink().inputs.pue).toBe(1.1);
    r.applyLink(r.toLink());
    expect(r.inputs.pue).toBe(0.5);
  });
});

describe('Search link hooks', () => {
  const env = { createPool: () => { throw new Error('no pool'); }, store: null, workloadValue: (n: string) => n, registerImported: () => {}, defaultWorkers: 1 };
  it('the form\'s study goes into the link and back; an invalid form writes none and is kept', () => {
    const s = new SearchState(env);
    s.form.seed = 9;
    s.form.algorithm = 'random';
    s.form.params.arrayRows = { mode: 'range', min: 32, max: 96 };
    const link = s.toLink();
    const other = new SearchState(env);
    other.applyLink(reread({ search: link }).search);
    expect(other.form.seed).toBe(9);
    expect(other.form.algorithm).toBe('random');
    expect(linkPartText({ search: other.toLink() })).toBe(linkPartText({ search: link }));
    s.form.params.arrayRows = { mode: 'range', min: 96, max: 32 };
    expect(s.toLink()).toBeUndefined();
    s.applyLink(undefined);
    expect(s.form.params.arrayRows).toEqual({ mode: 'range', min: 96, max: 32 });
  });
});
