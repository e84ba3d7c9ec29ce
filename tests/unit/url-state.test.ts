// Share links (shared/url-state.ts): round trips, the defaults, and one clear message per problem in a bad link.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseUrlState, serializeUrlState, defaultUrlState, URL_STATE_VERSION, type UrlState } from '../../shared/url-state';
import { PARAMS, PRESETS, PRESET_NAMES, domainValues, effectiveDomain, validateHardwareSpec, type HardwareSpec } from '../../shared/hardware';
import { zooNames } from '../../shared/workload';

const opts = { workloads: zooNames(), views: ['explore'], lessons: ['depthwise', 'padding'] };
const parse = (q: string) => parseUrlState(q, opts);

describe('url state', () => {
  it('opens on EfficientNet-B0 on tpu-v3 with every pass, and an empty link has no message', () => {
    for (const q of ['', '?']) {
      const r = parse(q);
      expect(r.issues).toEqual([]);
      expect(r.state).toEqual(defaultUrlState(opts));
    }
    const d = defaultUrlState(opts);
    expect(d.workload).toBe('efficientnet-b0');
    expect(d.preset).toBe('tpu-v3');
    expect(d.hardware).toEqual(PRESETS['tpu-v3']);
    expect(d.passes).toBe('all');
  });

  it('writes only the hardware fields that differ from the preset, in table order', () => {
    const s: UrlState = { ...defaultUrlState(opts), hardware: { ...PRESETS['tpu-v3'], arrayRows: 64, clockGhz: 1.1, cores: 4 } };
    const q = serializeUrlState(s);
    expect(q).toBe(`?v=${URL_STATE_VERSION}&view=explore&w=efficientnet-b0&hw=tpu-v3&cores=4&arrayRows=64&clockGhz=1.1&passes=all`);
    expect(parse(q)).toEqual({ state: s, issues: [] });
  });

  it('round-trips every preset, workload, pass set, lesson, op, zoom and bar mode', () => {
    for (const preset of PRESET_NAMES) {
      for (const passes of ['all', 'none', 'schedule', 'padding,fusion']) {
        const s: UrlState = {
          view: 'explore', workload: 'bert-base-1024', preset, hardware: { ...PRESETS[preset] }, passes,
          lesson: 'padding', op: 'layer1/attention/softmax', zoom: [3, 40], barMode: 'block',
        };
        expect(parse(serializeUrlState(s))).toEqual({ state: s, issues: [] });
      }
    }
  });

  it('round-trips any valid design drawn from the parameter table (property)', () => {
    const fieldArb = (id: (typeof PARAMS)[number]['id']) => fc.constantFrom(...domainValues(effectiveDomain(id)));
    const specArb = fc.record(Object.fromEntries(PARAMS.map((p) => [p.id, fieldArb(p.id)])) as Record<string, fc.Arbitrary<number | string>>);
    fc.assert(fc.property(specArb, fc.constantFrom(...PRESET_NAMES), fc.double({ min: 0.5, max: 1.5, noNaN: true }), (raw, preset, clockGhz) => {
      const v = validateHardwareSpec({ ...raw, clockGhz });
      fc.pre(v.ok);
      const hardware = (v as { spec: HardwareSpec }).spec;
      const s: UrlState = { ...defaultUrlState(opts), preset, hardware };
      const back = parse(serializeUrlState(s));
      expect(back.issues).toEqual([]);
      expect(back.state.hardware).toEqual(hardware); // bit-identical doubles (clockGhz is any real in range)
    }), { numRuns: 300 });
  });

  it('normalizes passes (order, case, "baseline")', () => {
    expect(parse('?v=1&passes=Fusion,schedule').state.passes).toBe('schedule,fusion');
    expect(parse('?v=1&passes=schedule,padding,fusion').state.passes).toBe('schedule,padding,fusion');
    expect(parse('?v=1&passes=schedule,padding,fusion,attention').state.passes).toBe('all');
    expect(parse('?v=1&passes=baseline').state.passes).toBe('none');
  });

  it('a link without v is read as the current version; another version is refused with a message', () => {
    expect(parse('?w=resnet50-v2').state.workload).toBe('resnet50-v2');
    const r = parse('?v=2&w=resnet50-v2');
    expect(r.state).toEqual(defaultUrlState(opts));
    expect(r.issues).toEqual([`this link has version "2"; this app reads version ${URL_STATE_VERSION} links`]);
  });

  it.each([
    ['?v=1&arrayRows=banana', 'arrayRows must be 8…256 in steps of 8 (got "banana")'],
    ['?v=1&arrayRows=100', 'arrayRows must be 8…256 in steps of 8 (got 100)'],
    ['?v=1&arrayRows=', 'arrayRows must be 8…256 in steps of 8 (got "")'],
    ['?v=1&arrayRows=0x40', 'arrayRows must be 8…256 in steps of 8 (got "0x40")'],
    ['?v=1&cores=3', 'cores must be one of 1, 2, 4, 8 (got 3)'],
    ['?v=1&clockGhz=NaN', 'clockGhz must be 0.5…1.5 GHz (got "NaN")'],
    ['?v=1&dataflow=rs', 'dataflow must be one of ws, os, is (got "rs")'],
    ['?v=1&w=alexnet', 'this link names the workload "alexnet", which this browser does not have (it is not in the zoo and was not imported here): import its file on the Import view, then open the link again'],
    ['?v=1&hw=tpu-v9', 'hw (preset) must be one of tpu-v2, tpu-v3, tpuv4i, teaching-8x8 (got "tpu-v9")'],
    ['?v=1&passes=fast', 'passes must be all, none, or a comma list of schedule, padding, fusion, attention (got "fast")'],
    ['?v=1&lesson=quantum', 'lesson must be one of depthwise, padding (got "quantum")'],
    ['?v=1&view=dashboard', 'view must be one of explore (got "dashboard")'],
    ['?v=1&zoom=9-3', 'zoom must be two op indices FIRST-LAST'],
    ['?v=1&bars=pie', 'bars must be op or block (got "pie")'],
    ['?v=1&foo=1', 'unknown key "foo" in the link'],
    ['?v=1&Cores=2', 'unknown key "Cores" in the link (did you mean "cores"?)'],
    ['?v=1&w=resnet50-v2&w=bert-base-128', '"w" appears more than once in the link'],
    ['?v=1&dramTechnology=gddr6', 'dramGBpsPerStack must be 48…64 GB/s per x32 device for gddr6 (got 225)'],
    ['?v=1&arraysPerCore=8&arrayRows=256&arrayCols=256&localMemoryMiB=1', 'localMemoryMiB must be'],
    [`?v=1&op=${'x'.repeat(201)}`, '"op" is longer than 200 characters'],
  ])('%s gives the defaults and a message naming the problem', (q, message) => {
    const r = parse(q);
    expect(r.state).toEqual(defaultUrlState(opts));
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues.some((i) => i.startsWith(message))).toBe(true);
  });

  it('reports every problem of a link at once', () => {
    const r = parse('?v=1&cores=3&w=alexnet&foo=1');
    expect(r.issues).toHaveLength(3);
  });

  it('never throws on arbitrary query strings (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
      const r = parse(`?${a}=${b}&${c}`);
      expect(Array.isArray(r.issues)).toBe(true);
      if (r.issues.length) expect(r.state).toEqual(defaultUrlState(opts));
    }), { numRuns: 500 });
  });
});

describe('url state: a lesson\'s step', () => {
  const o = { ...opts, lessonSteps: 4 };
  const lessonState = (lessonStep?: number): UrlState => ({ ...defaultUrlState(o), lesson: 'padding', ...(lessonStep !== undefined ? { lessonStep } : {}) });

  it('writes the step (counted from 1) after the lesson, only past the first step, and reads it back', () => {
    expect(serializeUrlState(lessonState())).not.toContain('step=');
    for (const i of [1, 2, 3]) {
      const q = serializeUrlState(lessonState(i));
      expect(q).toContain(`&lesson=padding&step=${i + 1}&w=`);
      expect(parseUrlState(q, o)).toEqual({ state: lessonState(i), issues: [] });
    }
    // step 1 is the first step: a valid link, written without the key
    expect(parseUrlState('?v=1&lesson=padding&step=1', o)).toEqual({ state: lessonState(), issues: [] });
    // no step without a lesson
    expect(serializeUrlState({ ...defaultUrlState(o), lessonStep: 2 })).not.toContain('step=');
  });

  it.each([
    ['0', 'step (the lesson\'s step) must be a whole number from 1 to 4 (got "0"): the lesson opens at its first step'],
    ['5', 'step (the lesson\'s step) must be a whole number from 1 to 4 (got "5"): the lesson opens at its first step'],
    ['2.5', 'step (the lesson\'s step) must be a whole number from 1 to 4 (got "2.5"): the lesson opens at its first step'],
    ['-1', 'step (the lesson\'s step) must be a whole number from 1 to 4 (got "-1"): the lesson opens at its first step'],
    ['', 'step (the lesson\'s step) must be a whole number from 1 to 4 (got ""): the lesson opens at its first step'],
    ['three', 'step (the lesson\'s step) must be a whole number from 1 to 4 (got "three"): the lesson opens at its first step'],
    ['1e0', 'step (the lesson\'s step) must be a whole number from 1 to 4 (got "1e0"): the lesson opens at its first step'],
  ])('a bad step %j opens the lesson at its first step, the rest of the link kept, with one message naming the key', (step, message) => {
    const r = parseUrlState(`?v=1&lesson=padding&step=${encodeURIComponent(step)}&w=resnet50-v2&cores=4`, o);
    expect(r.issues).toEqual([message]);
    expect(r.state).toEqual({ ...lessonState(), workload: 'resnet50-v2', hardware: { ...PRESETS['tpu-v3'], cores: 4 } });
    expect(r.state.lessonStep).toBeUndefined();
  });

  it('a step without a lesson is one message; with another problem the link gives the defaults and both messages', () => {
    const r = parseUrlState('?v=1&step=3&w=resnet50-v2', o);
    expect(r.issues).toEqual(['step (the lesson\'s step) needs a lesson in the link (got step "3" and no lesson)']);
    expect(r.state).toEqual({ ...defaultUrlState(o), workload: 'resnet50-v2' });
    const both = parseUrlState('?v=1&lesson=padding&step=9&cores=3', o);
    expect(both.state).toEqual(defaultUrlState(o));
    expect(both.issues).toHaveLength(2);
    expect(both.issues[0]).toMatch(/^cores must be one of/);
    expect(both.issues[1]).toMatch(/^step \(the lesson's step\) must be a whole number from 1 to 4/);
  });

  it('without lessonSteps a lesson has one step', () => {
    expect(parseUrlState('?v=1&lesson=padding&step=2', opts).issues).toEqual(['step (the lesson\'s step) must be a whole number from 1 to 1 (got "2"): the lesson opens at its first step']);
  });
});
