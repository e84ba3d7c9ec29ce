// The parameter table's columns beyond the domain (shared/hardware/params.ts): each row's role (design parameter or
// setting of the study), its group and the groups' headings, the names of enum values, display digits, the batch
// range every caller reads from the batch row, and the one reader of a value from text that share links and the CLI
// share; and the passes table (shared/compiler/passes.ts) that the page, links, the CLI and the ablation derive from.
import { describe, expect, it } from 'vitest';
import {
  BATCH_RANGE, DRAM_INTERFACES, PARAMS, PARAM_GROUPS, PRESETS, domainValues, effectiveDomain, isBatch, paramById,
  parseParamValue, validateHardwareSpec, valueLabel, type DramTechnology, type ParamDef, type ParamId,
} from '../../shared/hardware';
import { STUDY_SETTINGS, hardwareSpace } from '../../shared/search/space';
import { largestBatchWithin } from '../../shared/search/objective';
import { MAX_BATCH } from '../../shared/workload/schema';
import { ALL_PASSES, NO_PASSES, PASSES, PASSES_SYNTAX, PASS_NAMES, parsePasses, passesLabel, type PassSet } from '../../shared/compiler/passes';
import { ABLATION_STEPS } from '../../shared/api/ablation';
import { parseUrlState } from '../../shared/url-state';
import { parseFixed, parseRanges } from '../../cli/commands/search';
import { sliderValues } from '../../web/src/lib/slider';

const rows: readonly ParamDef[] = PARAMS;
const TECHS = Object.keys(DRAM_INTERFACES) as DramTechnology[];

describe('roles: design parameters and settings of the study', () => {
  it('the study settings are exactly the batch, the process node and the TDP rating; every other row is a design parameter', () => {
    expect(PARAMS.filter((p) => p.role === 'study').map((p) => p.id)).toEqual(['processNode', 'tdpClass', 'batch']);
    expect(PARAMS.every((p) => p.role === 'study' || p.role === 'design')).toBe(true);
    expect(STUDY_SETTINGS).toEqual(['processNode', 'tdpClass', 'batch']);
  });

  it('the design space has no study rows (unless a range asks to search the node); they are held at the study\'s values', () => {
    const space = hardwareSpace();
    expect(space.searched.some((id) => STUDY_SETTINGS.includes(id))).toBe(false);
    expect(space.searched).toEqual(PARAMS.filter((p) => p.role === 'design').map((p) => p.id));
    expect(space.fixed).toMatchObject({ processNode: '16nm', batch: 64 });
    expect(hardwareSpace({ batch: 8, fixed: { processNode: '7nm' } }).fixed).toMatchObject({ processNode: '7nm', batch: 8 });
    const both = hardwareSpace({ ranges: { processNode: { values: ['16nm', '7nm'] } } });
    expect(both.searched).toContain('processNode');
    expect(both.searched).not.toContain('batch');
  });
});

describe('groups, value names and digits', () => {
  it('every row is in a group of PARAM_GROUPS, every group has a row, headings are unique', () => {
    const ids = PARAM_GROUPS.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(PARAM_GROUPS.map((g) => g.label)).size).toBe(ids.length);
    for (const p of PARAMS) expect(ids, p.id).toContain(p.group);
    for (const g of PARAM_GROUPS) expect(PARAMS.some((p) => p.group === g.id), g.id).toBe(true);
    expect(PARAM_GROUPS.map((g) => g.label)).toEqual(['Compute', 'On-chip memory', 'DRAM', 'Chip', 'Evaluation']);
  });

  it('every enum row names each of its values (full and short), and only enum rows have names', () => {
    for (const p of rows) {
      if (p.domain.kind !== 'enum') {
        expect(p.valueLabels, p.id).toBeUndefined();
        expect(p.shortValueLabels, p.id).toBeUndefined();
        continue;
      }
      expect(Object.keys(p.valueLabels ?? {}), p.id).toEqual([...p.domain.values]);
      if (p.shortValueLabels) expect(Object.keys(p.shortValueLabels), p.id).toEqual([...p.domain.values]);
      for (const v of p.domain.values) {
        expect(valueLabel(p.id as ParamId, v).length, `${p.id}=${v}`).toBeGreaterThan(0);
        expect(valueLabel(p.id as ParamId, v, 'short').length, `${p.id}=${v}`).toBeGreaterThan(0);
      }
    }
    expect(valueLabel('dataflow', 'ws')).toBe('weight stationary (ws)');
    expect(valueLabel('dataflow', 'ws', 'short')).toBe('ws');
    expect(valueLabel('dramTechnology', 'hbm2e', 'short')).toBe('HBM2E');
    expect(valueLabel('processNode', '7nm')).toBe('7 nm');
    expect(valueLabel('cores', 4)).toBe('4');
    // the DRAM interface table names technologies by the parameter table's labels
    for (const t of TECHS) expect(DRAM_INTERFACES[t].label).toBe(valueLabel('dramTechnology', t));
  });

  it('digits: 0 for whole-number and enum rows; real-valued rows show their step exactly', () => {
    for (const p of rows) {
      expect(Number.isInteger(p.digits) && p.digits >= 0, p.id).toBe(true);
      if (p.domain.kind === 'range' && !p.domain.integer) {
        expect(p.digits, p.id).toBeGreaterThan(0);
        expect(Number(p.domain.step.toFixed(p.digits)), p.id).toBe(p.domain.step);
      } else {
        expect(p.digits, p.id).toBe(0);
      }
    }
    expect(paramById('clockGhz').digits).toBe(2);
    expect(paramById('dramGBpsPerStack').digits).toBe(1);
  });
});

describe('the batch range comes from the batch row', () => {
  it('BATCH_RANGE, isBatch, the workload schema\'s MAX_BATCH and the SLO batch search agree with the row', () => {
    const d = paramById('batch').domain;
    expect(BATCH_RANGE).toEqual({ min: d.min, max: d.max });
    expect(BATCH_RANGE).toEqual({ min: 1, max: 1024 });
    expect(MAX_BATCH).toBe(BATCH_RANGE.max);
    for (const v of [1, 64, 1024]) expect(isBatch(v)).toBe(true);
    for (const v of [0, 1025, 2.5, NaN, '8', null]) expect(isBatch(v)).toBe(false);
    expect(largestBatchWithin(1, () => 0)).toBe(BATCH_RANGE.max);
  });
});

describe('sliders', () => {
  it('a DRAM rate slider offers exactly the search grid of its technology, the top rate included (issue 18)', () => {
    for (const t of TECHS) {
      const d = effectiveDomain('dramGBpsPerStack', { dramTechnology: t });
      expect(sliderValues(d), t).toEqual(domainValues(d));
      expect(sliderValues(d).at(-1), t).toBe(d.kind === 'range' ? d.max : NaN);
    }
    expect(sliderValues(effectiveDomain('dramGBpsPerStack', { dramTechnology: 'hbm2' })).length).toBe(181);
    expect(sliderValues(effectiveDomain('dramGiBPerStack', { dramTechnology: 'hbm2' }))).toEqual([4, 8]);
  });
});

describe('parseParamValue: one reader of a value from text', () => {
  it('accepts every value a slider or the search grid offers, as its text', () => {
    for (const p of rows) {
      const id = p.id as ParamId;
      const domains = id === 'dramGBpsPerStack' || id === 'dramGiBPerStack' ? TECHS.map((t) => effectiveDomain(id, { dramTechnology: t })) : [p.domain];
      for (const d of domains) {
        for (const v of [...domainValues(d), ...sliderValues(d)]) {
          expect(parseParamValue(id, String(v)), `${id}=${v}`).toEqual({ ok: true, value: v });
        }
      }
    }
  });

  it('reads plain decimals (spaces around them ignored) and enum text as it is', () => {
    expect(parseParamValue('clockGhz', ' 1.2 ')).toEqual({ ok: true, value: 1.2 });
    expect(parseParamValue('arrayRows', '1.28e2')).toEqual({ ok: true, value: 128 });
    expect(parseParamValue('dataflow', 'os')).toEqual({ ok: true, value: 'os' });
  });

  it.each([
    ['arrayRows', 'banana', 'banana', 'arrayRows must be 8…256 in steps of 8 (got "banana")'],
    ['arrayRows', '', '', 'arrayRows must be 8…256 in steps of 8 (got "")'],
    ['arrayRows', '0x40', '0x40', 'arrayRows must be 8…256 in steps of 8 (got "0x40")'],
    ['arrayRows', '100', 100, 'arrayRows must be 8…256 in steps of 8 (got 100)'],
    ['cores', '3', 3, 'cores must be one of 1, 2, 4, 8 (got 3)'],
    ['clockGhz', 'NaN', 'NaN', 'clockGhz must be 0.5…1.5 GHz (got "NaN")'],
    ['clockGhz', 'Infinity', 'Infinity', 'clockGhz must be 0.5…1.5 GHz (got "Infinity")'],
    ['batch', '0', 0, 'batch must be a whole number 1…1024 inputs (got 0)'],
    ['dataflow', 'rs', 'rs', 'dataflow must be one of ws, os, is (got "rs")'],
    ['dataflow', ' ws', ' ws', 'dataflow must be one of ws, os, is (got " ws")'],
    ['processNode', '5nm', '5nm', 'processNode must be one of 16nm, 7nm (got "5nm")'],
  ] as const)('%s = %j is refused with one line naming the row and its domain', (id, text, read, message) => {
    const r = parseParamValue(id, text);
    expect(r).toEqual({ ok: false, error: message });
    expect(message).not.toMatch(/\n/);
    // the same words as the schema's for the value read (a number where the text is a plain decimal, else the text)
    const hw = validateHardwareSpec({ ...PRESETS['tpu-v3'], [id]: read });
    expect(hw.ok).toBe(false);
    if (!hw.ok) expect(hw.issues[0].message).toBe(message);
  });

  it('{ domain: false } only reads the value: bounds anywhere, but a number must be a number', () => {
    expect(parseParamValue('arrayRows', '1000', { domain: false })).toEqual({ ok: true, value: 1000 });
    expect(parseParamValue('dataflow', 'xs', { domain: false })).toEqual({ ok: true, value: 'xs' });
    expect(parseParamValue('arrayRows', 'abc', { domain: false })).toEqual({ ok: false, error: 'arrayRows must be 8…256 in steps of 8 (got "abc")' });
    expect(parseParamValue('clockGhz', '1e999', { domain: false })).toEqual({ ok: false, error: 'clockGhz must be 0.5…1.5 GHz (got Infinity)' });
  });

  it('share links and the CLI read through it and say the same about the same text', () => {
    const link = parseUrlState('?v=1&arrayRows=banana', { workloads: ['efficientnet-b0'] });
    expect(link.issues).toEqual(['arrayRows must be 8…256 in steps of 8 (got "banana")']);
    expect(() => parseFixed(['arrayRows=banana'])).toThrow(/^--fix: arrayRows must be 8…256 in steps of 8 \(got "banana"\)$/);
    expect(() => parseRanges(['arrayRows=32:banana'])).toThrow(/^--range: arrayRows must be 8…256 in steps of 8 \(got "banana"\)$/);
    expect(parseFixed(['cores=4, dataflow = os'])).toEqual({ cores: 4, dataflow: 'os' });
    expect(parseRanges(['arrayRows=30:130,dramTechnology=hbm2/hbm3'])).toEqual({ arrayRows: { min: 30, max: 130 }, dramTechnology: { values: ['hbm2', 'hbm3'] } });
    // several bad fields: one message each, in table order
    expect(parseUrlState('?v=1&arrayRows=x&cores=3', { workloads: ['efficientnet-b0'] }).issues)
      .toEqual(['cores must be one of 1, 2, 4, 8 (got 3)', 'arrayRows must be 8…256 in steps of 8 (got "x")']);
  });
});

describe('the passes table', () => {
  it('names, the all/none sets, the syntax and the ablation rows derive from PASSES', () => {
    expect(PASS_NAMES).toEqual(PASSES.map((p) => p.id));
    expect(PASS_NAMES).toEqual(['schedule', 'padding', 'fusion', 'attention']);
    for (const p of PASSES) expect(p.explain.length, p.id).toBeGreaterThan(30);
    expect(ALL_PASSES).toEqual({ schedule: true, padding: true, fusion: true, attention: true });
    expect(NO_PASSES).toEqual({ schedule: false, padding: false, fusion: false, attention: false });
    expect(PASSES_SYNTAX).toBe('all, none, or a comma list of schedule, padding, fusion, attention');
    expect(ABLATION_STEPS.map((s) => s.label)).toEqual(['none', '+schedule', '+padding', '+fusion', '+fused attention', 'all']);
    expect(ABLATION_STEPS.map((s) => passesLabel(s.passes))).toEqual(['none', 'schedule', 'padding', 'fusion', 'attention', 'all']);
  });

  it('every subset of passes has a label that parses back to it', () => {
    for (let mask = 0; mask < 2 ** PASS_NAMES.length; mask++) {
      const set = Object.fromEntries(PASS_NAMES.map((n, i) => [n, (mask & (1 << i)) !== 0])) as PassSet;
      expect(parsePasses(passesLabel(set)), passesLabel(set)).toEqual(set);
    }
  });
});
