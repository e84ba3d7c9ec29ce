// What the Explore charts derive from a report (web/src/lib), checked on real reports computed in the page:
// bar segments sum to op cycles, blocks to the program, roofline points lie under their roofs, the fusion map's
// live ranges respect the GMEM capacity the ILP was given, slider positions reach every preset exactly, lessons
// are valid links whose text carries the model's numbers, and exports hold every op.
import { beforeAll, describe, expect, it } from 'vitest';
import highsWasmUrl from 'highs/runtime?url';
import { createSimApi } from '../../shared/api/worker-api';
import type { SimulateReport } from '../../shared/api/simulate';
import {
  PARAMS, PRESETS, PRESET_NAMES, effectiveDomain, hardwareCost, inDomain, validateHardwareSpec, type HardwareSpec,
} from '../../shared/hardware';
import { parseUrlState, serializeUrlState } from '../../shared/url-state';
import { blockBars, explainOp, opBars, opSegments, rooflinePoints, roofs } from '../../web/src/lib/ops';
import { fusionMap } from '../../web/src/lib/fusion-map';
import { sliderValues } from '../../web/src/lib/slider';
import { LESSONS, LESSON_IDS, lessonUrlState } from '../../web/src/lib/lessons';
import { opsCsv, svgText } from '../../web/src/lib/exports';
import { zooNames, workloadSpec } from '../../web/src/lib/workloads';

const api = createSimApi({ highsWasmUrl });
const run = (workload: string, hardware: HardwareSpec, passes = 'all') =>
  api.simulate({ workload, hardware, hardwareName: 'design', batch: hardware.batch, passes });

describe('derived chart data on real reports', () => {
  const reports: { name: string; spec: HardwareSpec; report: SimulateReport }[] = [];
  beforeAll(async () => {
    const cases: [string, HardwareSpec, string][] = [
      ['efficientnet-b0', PRESETS['tpu-v3'], 'all'],
      ['efficientnet-b0', { ...PRESETS['tpu-v3'], arraysPerCore: 1, arrayRows: 256, arrayCols: 256 }, 'none'],
      ['bert-base-1024', PRESETS['tpu-v3'], 'all'],
      ['resnet50-v2', { ...PRESETS['tpu-v3'], globalMemoryMiB: 128 }, 'all'],
      ['efficientnet-b0', PRESETS.tpuv4i, 'all'],
      ['teaching-cnn', PRESETS['teaching-8x8'], 'none'],
    ];
    for (const [name, spec, passes] of cases) reports.push({ name, spec, report: await run(name, { ...spec }, passes) });
  });

  it('op segments stack to each op\'s cycles; the largest is the bound unless overhead dominates', () => {
    for (const { report } of reports) {
      for (const op of report.ops) {
        const seg = opSegments(op);
        expect(seg.at(-1)!.y1).toBeCloseTo(op.cycles, 6);
        for (let i = 1; i < seg.length; i++) expect(seg[i].y0).toBe(seg[i - 1].y1);
        if (op.bound !== 'overhead') expect(seg[0].kind).toBe(op.bound);
      }
      expect(opBars(report)).toHaveLength(report.ops.length);
    }
  });

  it('blocks partition the program and sum its cycles by bound', () => {
    for (const { report } of reports) {
      const blocks = blockBars(report);
      expect(blocks[0].first).toBe(0);
      expect(blocks.at(-1)!.last).toBe(report.ops.length - 1);
      for (let i = 1; i < blocks.length; i++) expect(blocks[i].first).toBe(blocks[i - 1].last + 1);
      const total = blocks.reduce((s, b) => s + b.cycles, 0);
      expect(total).toBeCloseTo(report.totals.cycles, 0);
      for (const bound of ['compute', 'vector', 'memory', 'overhead'] as const) {
        expect(blocks.reduce((s, b) => s + b.byBound[bound], 0)).toBeCloseTo(report.cyclesByBound[bound], 0);
      }
    }
  });

  it('every roofline point lies under its unit\'s roof and under the DRAM slope', () => {
    for (const { report, spec } of reports) {
      const r = roofs(spec);
      const pts = rooflinePoints(report, spec);
      expect(pts.length).toBeGreaterThan(0);
      for (const p of pts) {
        const roof = p.unit === 'systolic' ? r.arrayOpsPerSecond : r.vectorOpsPerSecond;
        expect(p.attained).toBeLessThanOrEqual(roof * (1 + 1e-9));
        if (Number.isFinite(p.intensity)) expect(p.attained).toBeLessThanOrEqual(r.dramBytesPerSecond * p.intensity * (1 + 1e-9));
      }
    }
  });

  it('the fusion map\'s live ranges never hold more than the GMEM the ILP was given', () => {
    const { report, spec, name } = reports[3];
    expect(report.fusion?.status).toBe('optimal');
    const map = fusionMap(report, workloadSpec(name), spec.globalMemoryMiB * 2 ** 20);
    expect(map.ranges.length).toBe(report.fusion!.onChip.length);
    expect(map.ranges.length).toBeGreaterThan(0);
    expect(Math.max(...map.occupancy)).toBeLessThanOrEqual(map.capacityBytes);
    expect(Math.max(...map.occupancy)).toBeGreaterThan(0);
    for (const r of map.ranges) {
      expect(r.first).toBeLessThanOrEqual(r.last);
      expect(r.bytes).toBeGreaterThan(0);
      if (r.kind === 'weight') expect([r.first, r.last]).toEqual([0, report.ops.length - 1]);
    }
    // each op that reads or writes a GMEM tensor lies inside that tensor's live range
    const byName = new Map(map.ranges.map((r) => [r.name, r]));
    report.ops.forEach((op, i) => {
      for (const t of op.onChip) {
        const r = byName.get(t)!;
        expect(i).toBeGreaterThanOrEqual(r.first);
        expect(i).toBeLessThanOrEqual(r.last);
      }
    });
  });

  it('explains every op with finite numbers and names its bound', () => {
    for (const { report, spec } of reports) {
      for (const op of report.ops) {
        const e = explainOp(op, spec);
        expect(e.headline.toLowerCase()).toContain(op.bound === 'compute' ? 'compute' : op.bound);
        for (const line of [e.headline, ...e.details]) expect(line).not.toMatch(/NaN|undefined|Infinity/);
      }
    }
  });

  it('exports one CSV row per op with the header first', () => {
    const { report } = reports[0];
    const lines = opsCsv(report).trim().split('\n');
    expect(lines).toHaveLength(report.ops.length + 1);
    expect(lines[1].split(',')[1]).toBe(report.ops[0].name);
  });
});

describe('sliders and lessons', () => {
  it('slider positions lie in their domains and reach every preset value exactly', () => {
    for (const p of PARAMS) {
      if (p.domain.kind === 'enum') continue;
      for (const preset of PRESET_NAMES) {
        const spec = PRESETS[preset];
        const values = sliderValues(effectiveDomain(p.id, spec));
        expect(values.length).toBeGreaterThan(1);
        expect(values).toContain(spec[p.id]);
        for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
        for (const v of values) expect(inDomain(effectiveDomain(p.id, spec), v)).toBe(true);
      }
    }
  });

  it('every lesson is a valid link that round-trips, and its text carries the model\'s numbers', async () => {
    const opts = { workloads: zooNames(), views: ['explore'], lessons: LESSON_IDS };
    for (const l of LESSONS) {
      const state = lessonUrlState(l);
      expect(validateHardwareSpec(state.hardware).ok).toBe(true);
      const back = parseUrlState(serializeUrlState(state), opts);
      expect(back.issues).toEqual([]);
      expect(back.state).toEqual(state);
      const report = await run(state.workload, state.hardware, state.passes);
      if (state.op) expect(report.ops.some((o) => o.name === state.op)).toBe(true);
      const c = l.compare;
      const cspec = { ...(c.preset ? { ...PRESETS[c.preset], batch: state.hardware.batch } : state.hardware), ...(c.hardware ?? {}) } as HardwareSpec;
      const compare = await run(c.workload ?? state.workload, cspec, c.passes ?? state.passes);
      const text = l.explain({ report, spec: state.hardware, cost: hardwareCost(state.hardware), compare: { report: compare, spec: cspec, cost: hardwareCost(cspec) } }).join('\n');
      expect(text).not.toMatch(/NaN|undefined|Infinity|null/);
      expect(text).toMatch(/\d/);
      // the throughput the lesson quotes is the model's
      if (/inferences\/s/.test(text)) expect(text).toContain(Math.round(report.throughputPerSecond).toLocaleString('en-US'));
    }
  });
});

describe('chart export', () => {
  it('serializes a standalone SVG with a white background and without pointer catchers', () => {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg') as SVGSVGElement;
    svg.setAttribute('width', '120');
    svg.setAttribute('height', '80');
    const catcher = document.createElementNS(ns, 'rect');
    catcher.setAttribute('class', 'catcher');
    const bar = document.createElementNS(ns, 'rect');
    bar.setAttribute('fill', '#0072B2');
    svg.append(catcher, bar);
    const text = svgText(svg, 'title');
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const rects = [...doc.querySelectorAll('rect')];
    expect(rects.map((r) => r.getAttribute('fill'))).toEqual(['white', '#0072B2']);
    expect(doc.querySelector('title')?.textContent).toBe('title');
  });
});
