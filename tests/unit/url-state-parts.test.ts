// Share links, the views' parts (shared/url-state.ts): Compare's designs, ROI's inputs and the Search form's study
// round-trip, only what differs from a view's defaults is written, a bad value gives one message, a workload the
// browser does not have gets one sentence, and the page's links stay under MAX_LINK_LENGTH.
import { describe, expect, it } from 'vitest';
import {
  MAX_LINK_LENGTH, URL_KEYS, defaultCompareLink, defaultRoiLink, defaultUrlState, parseUrlState, serializeUrlState, shareLink,
  type CompareLink, type UrlState,
} from '../../shared/url-state';
import { PRESETS } from '../../shared/hardware';
import { normalizeStudy } from '../../shared/search/study-spec';
import { zooNames } from '../../shared/workload';
import { defaultForm, formFromStudy, studyInput, type SearchForm } from '../../web/src/lib/search-form';

const opts = { workloads: [...zooNames(), 'my,model.onnx'], views: ['explore', 'compare', 'roi', 'search'] };
const parse = (q: string) => parseUrlState(q, opts);
const base = (): UrlState => defaultUrlState(opts);

describe('Compare in the link', () => {
  const compare: CompareLink = {
    designs: [
      { preset: 'tpu-v3', hardware: { ...PRESETS['tpu-v3'] }, passes: 'none' },
      { preset: 'tpuv4i', hardware: { ...PRESETS.tpuv4i, arrayRows: 64, dataflow: 'os' }, passes: 'schedule,fusion' },
      { preset: 'teaching-8x8', hardware: { ...PRESETS['teaching-8x8'] }, passes: 'all' },
    ],
    workloads: ['bert-base-128', 'my,model.onnx'],
    batch: 16,
  };

  it('round-trips designs (presets and custom ones, each with its passes), workloads and batch', () => {
    const s: UrlState = { ...base(), view: 'compare', compare };
    const q = serializeUrlState(s);
    expect(q).toContain('cmp=tpu-v3/none;tpuv4i/schedule,fusion/arrayRows:64/dataflow:os;teaching-8x8/all');
    expect(q).toContain('cw=bert-base-128,my%252Cmodel.onnx'); // a comma inside a name is escaped
    expect(q).toContain('cb=16');
    expect(parse(q)).toEqual({ state: s, issues: [] });
  });

  it('writes nothing for Compare at its defaults, and only the part that differs', () => {
    expect(serializeUrlState({ ...base(), compare: defaultCompareLink() })).toBe(serializeUrlState(base()));
    const q = serializeUrlState({ ...base(), compare: { ...defaultCompareLink(), batch: 4 } });
    expect(q).toMatch(/&cb=4$/);
    expect(parse(q).state.compare).toEqual({ ...defaultCompareLink(), batch: 4 });
    expect(parse(`${serializeUrlState(base())}&cb=${PRESETS['tpu-v3'].batch}`).state.compare).toBeUndefined();
  });

  it('writes a design against the preset it differs least from', () => {
    const hw = { ...PRESETS.tpuv4i, cores: 2 };
    const r = parse('?cmp=tpu-v3/all' + Object.entries(hw).filter(([k, v]) => v !== PRESETS['tpu-v3'][k as keyof typeof hw]).map(([k, v]) => `/${k}:${v}`).join(''));
    expect(r.issues).toEqual([]);
    expect(r.state.compare!.designs[0]).toEqual({ preset: 'tpuv4i', hardware: hw, passes: 'all' });
  });
});

describe('ROI in the link', () => {
  it('round-trips every input that differs and the gain source; the defaults write nothing', () => {
    const roi = defaultRoiLink();
    expect(serializeUrlState({ ...base(), roi })).toBe(serializeUrlState(base()));
    roi.inputs.chips = 2500;
    roi.inputs.years = 4.5;
    roi.inputs.manualGain = 1.75;
    roi.source = 'manual';
    const s: UrlState = { ...base(), view: 'roi', roi };
    const q = serializeUrlState(s);
    expect(q).toMatch(/&roi=chips:2500,years:4.5,manualGain:1.75,src:manual$/);
    expect(parse(q)).toEqual({ state: s, issues: [] });
  });
});

describe('the Search study in the link', () => {
  const forms: [string, (f: SearchForm) => void][] = [
    ['workloads with weights, bo, a seed and a TDP budget', (f) => {
      f.workloads = [{ name: 'resnet50-v2', weight: 2 }, { name: 'my,model.onnx', weight: 1 }];
      f.algorithm = 'bo'; f.seed = 7; f.maxTdpWatts = 300; f.trials = 64;
    }],
    ['ranges, values and fixed parameters, the energy objective, a latency SLO', (f) => {
      f.params.arrayRows = { mode: 'range', min: 16, max: 128 };
      f.params.dataflow = { mode: 'values', values: ['ws', 'os'] };
      f.params.cores = { mode: 'fixed', value: 4 };
      f.params.processNode = { mode: 'values', values: ['16nm', '7nm'] };
      f.objective = 'inferences-per-joule'; f.latencySloMs = 12.5; f.batch = 32; f.trialsPerBatch = 8; f.maxAreaMm2 = 500;
    }],
    ['a 7 nm study', (f) => { f.params.processNode = { mode: 'fixed', value: '7nm' }; f.algorithm = 'random'; }],
  ];

  it.each(forms)('%s: form → link → form gives the same link', (_, edit) => {
    const f = defaultForm();
    edit(f);
    const s: UrlState = { ...base(), view: 'search', search: studyInput(f) };
    const q = serializeUrlState(s);
    const r = parse(q);
    expect(r.issues).toEqual([]);
    const back = formFromStudy(normalizeStudy(r.state.search!));
    expect(normalizeStudy(studyInput(back))).toEqual(normalizeStudy(studyInput(f)));
    expect(serializeUrlState({ ...r.state, search: studyInput(back) })).toBe(q);
  });

  it('the default form writes no search key', () => {
    expect(serializeUrlState({ ...base(), search: studyInput(defaultForm()) })).toBe(serializeUrlState(base()));
    expect(parse(`${serializeUrlState(base())}&st=200`).state.search).toBeUndefined();
  });

  it('a study too long for a link is left out, and the note says so; the rest of the link stays', () => {
    const f = defaultForm();
    const names = Array.from({ length: 40 }, (_, i) => `an-imported-workload-with-a-long-file-name-${i}.onnx`);
    f.workloads = names.map((name) => ({ name, weight: 1 }));
    const s: UrlState = { ...base(), compare: { ...defaultCompareLink(), batch: 4 }, search: studyInput(f) };
    expect(serializeUrlState(s).length).toBeGreaterThan(MAX_LINK_LENGTH);
    const link = shareLink(s);
    expect(link.query.length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
    expect(link.query).toContain('cb=4');
    expect(link.query).not.toContain('sw=');
    expect(link.note).toMatch(/^The search's settings would make the link [\d,]+ characters, over the 2,000-character limit: the link leaves them out/);
    expect(shareLink(base())).toEqual({ query: serializeUrlState(base()), note: null });
  });
});

describe('bad values of the new keys', () => {
  it.each([
    ['cmp=tpu-v9/all', 'cmp (Compare\'s designs), design 1: the preset must be one of tpu-v2, tpu-v3, tpuv4i, teaching-8x8 (got "tpu-v9")'],
    ['cmp=tpu-v3/fast', 'cmp (Compare\'s designs), design 1: passes must be all, none, or a comma list of schedule, padding, fusion, attention (got "fast")'],
    ['cmp=tpu-v3/all;tpu-v3/all/arrayRows:100', 'cmp (Compare\'s designs), design 2: arrayRows must be 8…256 in steps of 8 (got 100)'],
    ['cmp=tpu-v3/all/warp:9', 'cmp (Compare\'s designs), design 1: each field must be id:value with an id of the parameter table (got "warp:9")'],
    [`cmp=${Array(9).fill('tpu-v3/all').join(';')}`, 'cmp (Compare\'s designs) holds at most 8 designs (got 9)'],
    ['cw=resnet50-v2,,bert-base-128', 'cw (Compare\'s workloads) must be workload names separated by commas'],
    ['cw=resnet50-v2,resnet50-v2', 'cw (Compare\'s workloads) names a workload twice'],
    ['cb=0', 'cb (Compare\'s batch): batch must be'],
    ['roi=chips:0', 'roi chips must be a number from 1 to 1000000000 (got "0")'],
    ['roi=pue:banana', 'roi pue must be a number (got "banana")'],
    ['roi=src:oracle', 'roi src must be one of auto, search, explore, manual (got "oracle")'],
    ['roi=fleet:9', 'roi has no field "fleet"'],
    ['roi=chips:5,chips:6', 'roi gives chips twice'],
    ['st=many', 'st (trials) must be a whole number (got "many")'],
    ['st=0', 'the search\'s settings: trials must be a whole number from 1 to 1000000 (got 0)'],
    ['sa=annealing', 'the search\'s settings: unknown algorithm "annealing"'],
    ['stdp=-5', 'stdp (TDP budget, W) must be a positive number (got "-5")'],
    ['sw=resnet50-v2:heavy', 'sw (the search\'s workloads): each weight must be a positive number'],
    ['sr=arrayRows:64..banana', 'sr (searched ranges): arrayRows must be MIN..MAX (got "64..banana")'],
    ['sr=dataflow:ws,rs', 'sr (searched ranges): dataflow must be one of ws, os, is (got "rs")'],
    ['sr=batch:1..8', 'sr (searched ranges) must be id:… items separated by ";" with ids of the parameter table, batch aside'],
    ['sf=cores:3', 'sf (fixed parameters): cores must be one of 1, 2, 4, 8 (got 3)'],
    ['sw=efficientnet-b0,imported.onnx', 'this link names the workload "imported.onnx", which this browser does not have (it is not in the zoo and was not imported here): import its file on the Import view, then open the link again'],
  ])('?%s gives the defaults and exactly one message', (q, message) => {
    const r = parse(`?v=1&${q}`);
    expect(r.state).toEqual(base());
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].startsWith(message)).toBe(true);
  });

  it('a missing import named by several keys is said once', () => {
    const r = parse('?w=gone.onnx&cw=gone.onnx&sw=gone.onnx');
    expect(r.issues).toEqual([expect.stringContaining('"gone.onnx", which this browser does not have')]);
  });

  it('every key is one the parser knows', () => {
    for (const k of URL_KEYS) expect(parse(`?${k}=%00`).issues.some((i) => i.startsWith('unknown key'))).toBe(false);
  });
});
