// The hardware parameter table, presets, derived quantities and the schema (shared/hardware): the table is the
// only list of parameters, presets match docs/sources.md §2, and every invalid design is rejected with a one-line
// message naming the field and its allowed range.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HARDWARE, HardwareFieldsSchema, PARAMS, PARAM_IDS, PRESETS, arrayPortBytesPerCycle, describeDomain, domainValues,
  dramBytesPerSecond, dramGBpsRange, effectiveDomain, globalMemoryBytes, inDomain, localMemoryBytes,
  localMemoryBytesPerCycle, vectorPortBytesPerCycle, minLocalMemoryBytes, parseHardwareSpec, peakFlopsPerSecond, peakMacsPerCycle, presetNames, validateHardwareSpec,
  hardwareFromPreset, dramCapacityBytes, dramGiBChoices, nearestDramGiB, paramById, type HardwareSpec,
} from '../../shared/hardware';

const v3 = PRESETS['tpu-v3'];
const bad = (patch: Record<string, unknown>, base: HardwareSpec = v3) => () => parseHardwareSpec({ ...base, ...patch });

describe('parameter table', () => {
  it('has docs/model.md §3.1\'s parameters with the agreed ids, each once', () => {
    expect(PARAM_IDS).toEqual([
      'cores', 'arraysPerCore', 'arrayRows', 'arrayCols', 'dataflow', 'vectorLanesPerCore', 'localMemoryMiB',
      'globalMemoryMiB', 'globalMemoryBytesPerCycle', 'dramTechnology', 'dramStacks', 'dramGBpsPerStack', 'dramGiBPerStack',
      'clockGhz', 'iciLinks', 'processNode', 'tdpClass', 'batch',
    ]);
    expect(new Set(PARAM_IDS).size).toBe(PARAM_IDS.length);
  });

  it('every row has a label, a one-line explanation, a default in its domain, and sim/cost marked', () => {
    for (const p of PARAMS) {
      expect(p.label.length, p.id).toBeGreaterThan(2);
      expect(p.explain, p.id).not.toMatch(/\n/);
      expect(p.explain.length, p.id).toBeGreaterThan(30);
      expect(p.explain.length, p.id).toBeLessThanOrEqual(140);
      expect(inDomain(p.domain, p.default), p.id).toBe(true);
      expect(['sim', 'cost']).toContain(p.affects);
    }
    const cost = PARAMS.filter((p) => p.affects === 'cost').map((p) => p.id);
    expect(cost).toEqual(['dramTechnology', 'dramGiBPerStack', 'iciLinks', 'processNode', 'tdpClass']);
  });

  it('domains follow docs/model.md §3.1', () => {
    const values = (id: string) => domainValues(PARAMS.find((p) => p.id === id)!.domain);
    expect(values('cores')).toEqual([1, 2, 4, 8]);
    expect(values('arraysPerCore')).toEqual([1, 2, 4, 8]);
    expect(values('arrayRows')).toEqual([8, 16, 32, 64, 128, 256]);
    expect(values('vectorLanesPerCore')).toEqual([128, 256, 512, 1024, 2048, 4096, 8192]);
    expect(values('localMemoryMiB')).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(values('globalMemoryMiB')).toEqual([0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    expect(values('batch')).toHaveLength(11);
    expect(values('dataflow')).toEqual(['ws', 'os', 'is']);
    expect(values('dramTechnology')).toEqual(['hbm2', 'hbm2e', 'hbm3', 'gddr6', 'lpddr5']);
    expect(values('processNode')).toEqual(['16nm', '7nm']);
    const clock = values('clockGhz');
    expect(clock[0]).toBe(0.5);
    expect(clock.at(-1)).toBe(1.5);
    expect(clock).toContain(0.94);
    // every grid value is accepted by the schema's domain check
    for (const p of PARAMS) for (const v of domainValues(p.domain)) expect(inDomain(p.domain, v), `${p.id}=${v}`).toBe(true);
    // multiples of 8 between the powers of two are valid array edges too
    expect(inDomain(PARAMS[2].domain, 96)).toBe(true);
    expect(inDomain(PARAMS[2].domain, 100)).toBe(false);
  });

  it('the schema\'s fields are the table\'s (derived, not listed again)', () => {
    expect(Object.keys(HardwareFieldsSchema.shape)).toEqual(PARAM_IDS);
  });

  it('the DRAM per-stack rate is bounded by its technology', () => {
    expect(dramGBpsRange('hbm2')).toEqual([128, 307.2]);
    expect(dramGBpsRange('hbm3')).toEqual([512, 819.2]);
    expect(dramGBpsRange('gddr6')).toEqual([48, 64]);
    expect(effectiveDomain('dramGBpsPerStack', { dramTechnology: 'lpddr5' })).toMatchObject({ min: 19.2, max: 25.6 });
    expect(effectiveDomain('cores', { dramTechnology: 'lpddr5' })).toBe(PARAMS[0].domain);
    expect(describeDomain(paramById('clockGhz').domain, 'GHz')).toBe('0.5…1.5 GHz');
  });

  it('the DRAM capacity per stack is one its technology is built in (JEDEC and vendor parts, docs/model.md §3.1)', () => {
    expect(dramGiBChoices('hbm2')).toEqual([4, 8]);
    expect(dramGiBChoices('hbm2e')).toEqual([8, 16, 24]);
    expect(dramGiBChoices('hbm3')).toEqual([16, 24]);
    expect(dramGiBChoices('gddr6')).toEqual([1, 2]);
    expect(dramGiBChoices('lpddr5')).toEqual([1, 2, 4]);
    for (const t of ['hbm2', 'hbm2e', 'hbm3', 'gddr6', 'lpddr5'] as const) {
      const d = effectiveDomain('dramGiBPerStack', { dramTechnology: t });
      expect(domainValues(d)).toEqual(dramGiBChoices(t));
      for (const v of dramGiBChoices(t)) expect(inDomain(paramById('dramGiBPerStack').domain, v), `${t} ${v}`).toBe(true);
    }
    expect(nearestDramGiB('hbm3', 8)).toBe(16);
    expect(nearestDramGiB('gddr6', 8)).toBe(2);
    expect(nearestDramGiB('hbm2e', 4)).toBe(8);
    expect(nearestDramGiB('lpddr5', 8)).toBe(4);
    expect(nearestDramGiB('hbm2', 8)).toBe(8);
    // The schema enforces the technology's capacities with one line naming them.
    const r = validateHardwareSpec({ base: 'tpu-v3', dramGiBPerStack: 16 });
    expect(r.ok ? '' : r.issues[0].message).toBe('dramGiBPerStack must be one of 4, 8 GiB per stack for hbm2 (got 16)');
    // A design saved before the field existed takes its technology's capacity nearest tpu-v3's 8 GiB.
    const { dramGiBPerStack: _, ...old } = PRESETS['tpu-v3'];
    expect(parseHardwareSpec({ ...old, dramTechnology: 'gddr6', dramGBpsPerStack: 64 }).dramGiBPerStack).toBe(2);
    expect(parseHardwareSpec(old).dramGiBPerStack).toBe(8);
    // A technology given over a preset without a capacity takes its own capacity nearest the preset's.
    expect(parseHardwareSpec({ base: 'tpu-v3', dramTechnology: 'gddr6', dramGBpsPerStack: 64 }).dramGiBPerStack).toBe(2);
    expect(parseHardwareSpec({ base: 'tpu-v3', dramTechnology: 'hbm3', dramGBpsPerStack: 600 }).dramGiBPerStack).toBe(16);
    expect(parseHardwareSpec({ base: 'teaching-8x8', dramTechnology: 'lpddr5' }).dramGiBPerStack).toBe(1);
    expect(dramCapacityBytes(PRESETS['tpu-v3'])).toBe(32 * 2 ** 30);
    expect(dramCapacityBytes(PRESETS['tpu-v2'])).toBe(16 * 2 ** 30);
    expect(dramCapacityBytes(PRESETS.tpuv4i)).toBe(8 * 2 ** 30);
    expect(dramCapacityBytes(PRESETS['teaching-8x8'])).toBe(2 ** 30);
  });

  it('a real linear range keeps its top as the last grid value when it is off the step grid (issue 18: 1 GB/s steps)', () => {
    const hbm2 = domainValues(effectiveDomain('dramGBpsPerStack', { dramTechnology: 'hbm2' })) as number[];
    expect(hbm2.length).toBeLessThanOrEqual(181);
    expect(hbm2[0]).toBe(128);
    expect(hbm2.at(-1)).toBe(307.2);
    expect(hbm2).toContain(225);
    expect(hbm2).toContain(175);
    expect(hbm2).toContain(307);
    const lp = domainValues(effectiveDomain('dramGBpsPerStack', { dramTechnology: 'lpddr5' })) as number[];
    expect(lp.at(-1)).toBe(25.6);
    expect(lp[0]).toBe(19.2);
    for (let i = 1; i < lp.length; i++) expect(lp[i]).toBeGreaterThan(lp[i - 1]);
    // Integer ranges never get an off-grid end.
    expect(domainValues(paramById('dramStacks').domain)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('presets and derived quantities', () => {
  it('the table\'s defaults are the tpu-v3 preset', () => {
    expect(DEFAULT_HARDWARE).toEqual(v3);
    expect(presetNames()).toEqual(['tpu-v2', 'tpu-v3', 'tpuv4i', 'teaching-8x8']);
  });

  it('every preset passes its own schema', () => {
    for (const n of presetNames()) expect(parseHardwareSpec(PRESETS[n])).toEqual(PRESETS[n]);
  });

  it('tpu-v3 (docs/sources.md §2.2): 65,536 MACs/cycle, 123 TFLOPS, 900 GB/s, 16 MiB per core', () => {
    expect(peakMacsPerCycle(v3)).toBe(65536);
    expect(peakFlopsPerSecond(v3)).toBeCloseTo(2 * 65536 * 0.94e9, 0);
    expect(peakFlopsPerSecond(v3) / 1e12).toBeCloseTo(123.2, 1);
    expect(dramBytesPerSecond(v3)).toBe(900e9);
    expect(localMemoryBytes(v3)).toBe(16 * 2 ** 20);
    expect(globalMemoryBytes(v3)).toBe(0);
    expect(localMemoryBytesPerCycle(v3)).toBe(2 * (256 * 2 + 128 * 4) + 1024 * 6);
    // split into what each array and the vector unit move (the cost model sizes delivery by the arrays' part)
    expect(arrayPortBytesPerCycle(v3)).toBe(1024);
    expect(arrayPortBytesPerCycle({ arrayRows: 64, arrayCols: 256 })).toBe((64 + 256) * 2 + 256 * 4);
    expect(vectorPortBytesPerCycle(v3)).toBe(1024 * 6);
    expect(localMemoryBytesPerCycle(v3)).toBe(v3.arraysPerCore * arrayPortBytesPerCycle(v3) + vectorPortBytesPerCycle(v3));
    expect(minLocalMemoryBytes(v3)).toBe(2 * (2 * (128 * 128 * 2 + 128 * 128 * 2 + 128 * 128 * 4) + 8 * 1024 * 6));
  });

  it('tpuv4i (docs/sources.md §2.3): 1 core × 4 MXUs, 138 TFLOPS, 614 GB/s HBM2, 128 MiB GMEM, 7 nm, an inference part', () => {
    const h = PRESETS.tpuv4i;
    expect(h.tdpClass).toBe('inference');
    expect(peakMacsPerCycle(h)).toBe(65536);
    expect(peakFlopsPerSecond(h) / 1e12).toBeCloseTo(137.6, 1);
    expect(dramBytesPerSecond(h)).toBe(614e9);
    expect(h.dramTechnology).toBe('hbm2');
    expect(globalMemoryBytes(h)).toBe(128 * 2 ** 20);
    expect([h.cores, h.arraysPerCore, h.arrayRows, h.arrayCols, h.clockGhz, h.processNode]).toEqual([1, 4, 128, 128, 1.05, '7nm']);
  });

  it('teaching-8x8 is one 8×8 array', () => {
    expect(peakMacsPerCycle(PRESETS['teaching-8x8'])).toBe(64);
  });
});

describe('schema rejections name the field and the allowed range', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['zero', { cores: 0 }, /^hardware: cores must be one of 1, 2, 4, 8 \(got 0\)$/],
    ['negative', { arrayRows: -8 }, /^hardware: arrayRows must be 8…256 in steps of 8 \(got -8\)$/],
    ['NaN', { clockGhz: NaN }, /^hardware: clockGhz must be 0\.5…1\.5 GHz \(got NaN\)$/],
    ['Infinity', { localMemoryMiB: Infinity }, /^hardware: localMemoryMiB must be a whole number 1…64 MiB \(got Infinity\)$/],
    ['fractional', { dramStacks: 2.5 }, /^hardware: dramStacks must be a whole number 1…8 \(got 2\.5\)$/],
    ['fractional choice', { arraysPerCore: 1.5 }, /^hardware: arraysPerCore must be one of 1, 2, 4, 8 \(got 1\.5\)$/],
    ['not a multiple of 8', { arrayCols: 100 }, /arrayCols must be 8…256 in steps of 8 \(got 100\)/],
    ['over range', { arrayCols: 512 }, /arrayCols must be 8…256 in steps of 8 \(got 512\)/],
    ['over range (clock)', { clockGhz: 2 }, /clockGhz must be 0\.5…1\.5 GHz \(got 2\)/],
    ['over range (GMEM)', { globalMemoryMiB: 1024 }, /globalMemoryMiB must be a whole number 0…512 MiB \(got 1024\)/],
    ['under range (lanes)', { vectorLanesPerCore: 64 }, /vectorLanesPerCore must be 128…8192 FMA\/cycle in steps of 128 \(got 64\)/],
    ['batch 0', { batch: 0 }, /batch must be a whole number 1…1024 inputs \(got 0\)/],
    ['string number', { cores: '2' }, /cores must be one of 1, 2, 4, 8 \(got "2"\)/],
    ['null', { batch: null }, /batch must be a whole number 1…1024 inputs \(got null\)/],
    ['wrong enum', { dataflow: 'rs' }, /^hardware: dataflow must be one of ws, os, is \(got "rs"\)$/],
    ['wrong enum (node)', { processNode: '5nm' }, /processNode must be one of 16nm, 7nm \(got "5nm"\)/],
    ['wrong enum (DRAM)', { dramTechnology: 'ddr4' }, /dramTechnology must be one of hbm2, hbm2e, hbm3, gddr6, lpddr5 \(got "ddr4"\)/],
    ['unknown field', { coresPerChip: 2 }, /^hardware: unknown field "coresPerChip"; known fields: cores, arraysPerCore, .*batch, base$/],
    ['misspelt field', { clockGHz: 1 }, /^hardware: unknown field "clockGHz"; did you mean "clockGhz"\?$/],
    ['DRAM rate beyond its technology', { dramGBpsPerStack: 400 }, /^hardware: dramGBpsPerStack must be 128…307\.2 GB\/s per stack for hbm2 \(got 400\)$/],
    ['DRAM rate below its technology', { dramTechnology: 'hbm3' }, /dramGBpsPerStack must be 512…819\.2 GB\/s per stack for hbm3 \(got 225\)/],
    ['local memory below the minimal tile', { arraysPerCore: 8, arrayRows: 256, arrayCols: 256, vectorLanesPerCore: 8192, localMemoryMiB: 4 },
      /^hardware: localMemoryMiB must be 6…64 MiB for this design: double-buffered minimal tiles of 8 array\(s\) of 256×256 and 8192 vector lanes need 5\.75 MiB \(got 4\)$/],
  ];
  for (const [what, patch, message] of cases) {
    it(what, () => {
      let msg = '';
      try { bad(patch)(); } catch (e) { msg = (e as Error).message; }
      expect(msg).toMatch(message);
      expect(msg).not.toMatch(/\n/);
    });
  }

  it('a complete design needs every field; a partial one names a preset as base', () => {
    const { clockGhz: _, ...noClock } = v3;
    expect(() => parseHardwareSpec(noClock)).toThrow(/^hardware: clockGhz is required \(0\.5…1\.5 GHz\); or give "base": "<preset>"/);
    expect(() => parseHardwareSpec({ base: 'tpu-v4', cores: 1 })).toThrow(/^hardware: base must be one of tpu-v2, tpu-v3, tpuv4i, teaching-8x8 \(got "tpu-v4"\)$/);
    // the earlier name of the TPUv4i preset is an alias
    expect(parseHardwareSpec({ base: 'tpuv4i-like' })).toEqual(PRESETS.tpuv4i);
    // designs saved before iciLinks and tdpClass existed read them as the table's defaults
    const { iciLinks: _l, tdpClass: _c, ...old } = PRESETS['tpu-v3'];
    expect(parseHardwareSpec(old)).toEqual(PRESETS['tpu-v3']);
    expect(() => parseHardwareSpec([1, 2])).toThrow(/expected an object of hardware fields \(got an array\)/);
    expect(() => parseHardwareSpec('tpu-v3')).toThrow(/expected an object of hardware fields \(got "tpu-v3"\)/);
    const h = parseHardwareSpec({ base: 'tpu-v3', processNode: '7nm', clockGhz: 1.2 });
    expect(h).toEqual({ ...v3, processNode: '7nm', clockGhz: 1.2 });
    expect(hardwareFromPreset('teaching-8x8', { arrayRows: 16 })).toEqual({ ...PRESETS['teaching-8x8'], arrayRows: 16 });
    // a partial design is validated after merging: invalid over its base
    expect(() => parseHardwareSpec({ base: 'teaching-8x8', dramGBpsPerStack: 225 })).toThrow(/19\.2…25\.6 GB\/s per x32 device for lpddr5/);
  });

  it('validateHardwareSpec returns every issue for inline display; where names the source', () => {
    const r = validateHardwareSpec({ ...v3, cores: 3, dataflow: 'xx', extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field).sort()).toEqual(['cores', 'dataflow', 'extra']);
    expect(() => parseHardwareSpec({ ...v3, cores: 16 }, 'url')).toThrow(/^url: cores must be/);
  });
});
