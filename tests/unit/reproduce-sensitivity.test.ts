// `fast reproduce --sensitivity` (shared/api/reproduce.ts) on the teaching CNN with a few trials: the re-scoring moves
// a gain the way its assumption says, the ranges hold the central value, the re-searches run with the coefficient
// table changed (a study's `assumed` setting, priced in the workers), the TDP convention both ways, the JSON is
// clean and the results page states each headline with its range.
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import {
  HEADLINES, headlineGains, headlineOf, rescoreAssumptions, scoredRows, type ReproduceReport, type ScoredRow,
} from '../../shared/api/reproduce';
import { ASSUMPTIONS, COEFFICIENTS, coefficientsWith, hardwareCost, type AssumptionKey } from '../../shared/hardware';
import { baselineHardware } from '../../shared/search/baseline';
import { normalizeStudy } from '../../shared/search/study-spec';
import { TrialEvaluator } from '../../shared/search/evaluate';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { renderResults } from '../../scripts/results';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const BATCH = 64;
/** tpu-v3 without its chip-to-chip links, as fast as tpu-v3: its gain is tpu-v3's TDP over its own. */
const noLinks: ScoredRow = {
  workload: 'x', baseThroughput: 1000, softThroughput: 1200,
  single: { hardware: { ...baselineHardware(), iciLinks: 0 }, throughput: 1000 },
  suite: { hardware: { ...baselineHardware(), iciLinks: 0 }, throughput: 1000 },
};

describe('re-scoring with an assumption at either end', () => {
  it('moves the gain the way the assumption says: dearer links make a design without them gain more', () => {
    const at = (v: number | null) => headlineGains([noLinks], BATCH, v === null ? COEFFICIENTS : coefficientsWith({ linkW: v }));
    const central = at(null), low = at(ASSUMPTIONS.linkW.low), high = at(ASSUMPTIONS.linkW.high);
    expect(central.singleWorkloadGain).toBeGreaterThan(1);
    expect(low.singleWorkloadGain).toBeLessThan(central.singleWorkloadGain);
    expect(high.singleWorkloadGain).toBeGreaterThan(central.singleWorkloadGain);
    // Software only compares tpu-v3 with itself: no cost coefficient moves it.
    for (const g of [central, low, high]) expect(g.softwareOnlyGain).toBeCloseTo(1.2, 12);
    // The central table gives what the report's own TDPs give.
    const tdp = (h: typeof noLinks.single.hardware) => hardwareCost({ ...h, batch: BATCH }).tdpWatts;
    expect(central.singleWorkloadGain).toBeCloseTo(tdp(baselineHardware()) / tdp(noLinks.single.hardware), 12);
  });

  it('a study with `assumed` is checked and priced with that table in the workers', async () => {
    expect(() => normalizeStudy({ workloads: ['teaching-cnn'], assumed: { nope: 1 } as never })).toThrow(/^assumed: unknown assumption "nope"/);
    expect(() => normalizeStudy({ workloads: ['teaching-cnn'], assumed: { linkW: 99 } })).toThrow(/^assumed\.linkW must be a number from 2 to 8 \(got 99\)$/);
    const plain = normalizeStudy({ workloads: ['teaching-cnn'] });
    const dear = normalizeStudy({ workloads: ['teaching-cnn'], assumed: { coreControlMm2At16: ASSUMPTIONS.coreControlMm2At16.high } });
    expect(plain.assumed).toBeUndefined();
    expect(dear.maxAreaMm2).toBeCloseTo(hardwareCost(baselineHardware(), coefficientsWith(dear.assumed)).areaMm2, 9); // tpu-v3's area, re-priced
    const ev = new TrialEvaluator(await loadCore(), async () => loadHighs());
    const design = { ...baselineHardware(), iciLinks: 0 };
    const req = (assumed?: Record<string, number>) => ev.evaluate({ workloads: ['teaching-cnn'], batch: 8, designs: [design], ...(assumed ? { assumed } : {}) });
    const [a] = await req();
    const [b] = await req({ linkW: ASSUMPTIONS.linkW.high });
    expect(a.status).toBe('ok');
    expect(b.status).toBe('ok');
    expect(b.tdpWatts).not.toBe(a.tdpWatts);
    expect(b.gainVsTpuV3!).toBeGreaterThan(a.gainVsTpuV3!);
    await expect(req({ linkW: -1 })).rejects.toThrow(/^assumed\.linkW must be/);
  });
});

describe('fast reproduce --sensitivity', () => {
  it('--json carries ranges that hold the central value, the top swings, the re-searches and the TDP convention', async () => {
    const r = await run(['reproduce', '--trials', '4', '--workloads', 'teaching-cnn', '--workers', '1', '--sensitivity', '--sensitivity-trials', '3', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as ReproduceReport; // stdout is one JSON document; progress went to stderr
    const x = j.sensitivity!;
    expect(x.version).toBe(1);
    expect(x.settings).toEqual({ trials: 3, researched: 3 });
    const central = headlineOf(j);
    for (const h of HEADLINES) {
      expect(x.ranges[h].central).toBe(central[h]);
      expect(x.ranges[h].low).toBeLessThanOrEqual(central[h]);
      expect(x.ranges[h].high).toBeGreaterThanOrEqual(central[h]);
    }
    expect(x.ranges.singleWorkloadGain.high - x.ranges.singleWorkloadGain.low).toBeGreaterThan(0);
    expect(x.ranges.softwareOnlyGain).toMatchObject({ low: central.softwareOnlyGain, high: central.softwareOnlyGain, lowBy: null, highBy: null });
    // Every assumption, largest swing first; re-scoring is what the shared function gives; the central table reproduces the headline.
    expect(x.rescored.map((a) => a.key).sort()).toEqual((Object.keys(ASSUMPTIONS) as AssumptionKey[]).sort());
    for (let i = 1; i < x.rescored.length; i++) expect(x.rescored[i - 1].swing).toBeGreaterThanOrEqual(x.rescored[i].swing);
    expect(JSON.parse(JSON.stringify(rescoreAssumptions(j)))).toEqual(x.rescored);
    for (const a of x.rescored) for (const n of [a.designsOverArea.low, a.designsOverArea.high]) expect(n >= 0 && n <= 2).toBe(true);
    const again = headlineGains(scoredRows(j), j.settings.batch);
    for (const h of HEADLINES) expect(again[h]).toBeCloseTo(central[h], 10);
    // The top three re-searched at each end, at the stated trials, with a central search at the same trials.
    expect(x.research.trials).toBe(3);
    expect(x.research.assumptions).toEqual(x.rescored.slice(0, 3).map((a) => a.key));
    expect(x.research.runs.map((u) => `${u.assumption}=${u.end}`)).toEqual(x.research.assumptions.flatMap((k) => [`${k}=low`, `${k}=high`]));
    expect(x.research.central).toMatchObject({ assumption: null, end: null });
    for (const u of [x.research.central, ...x.research.runs]) for (const h of HEADLINES) expect(u.gains[h]).toBeGreaterThan(0);
    // The TDP convention: designs at peak power; tpu-v3 at its modelled peak is the headline (the training rating cancels), at 450 W it scales.
    const t = x.tdpConvention;
    expect(t.tpuV3RatedWatts).toBe(450);
    expect(t.peak.singleWorkloadGain).toBeCloseTo(central.singleWorkloadGain, 10);
    expect(t.rated.singleWorkloadGain).toBeCloseTo(central.singleWorkloadGain * t.tpuV3RatedWatts / t.tpuV3PeakWatts, 10);
    expect(t.rated.softwareOnlyGain).toBeCloseTo(central.softwareOnlyGain, 12);
    // The results page states each headline with its range, the swings and the convention both ways.
    const { markdown } = renderResults(j, 'test.json');
    expect(markdown).toMatch(/\| single-workload designs \| \d+\.\d\d× \(range \d+\.\d\d–\d+\.\d\d×\) \|/);
    expect(markdown).toContain('## How far the headline gains can be trusted');
    expect(markdown).toContain('at **3 trials per study**');
    expect(markdown).toMatch(/\| its rated 450 W \| /);
    // A record without the sensitivity (older records) still renders, without ranges.
    const { markdown: plain } = renderResults({ ...j, sensitivity: undefined }, 'test.json');
    expect(plain).not.toContain('range');
  });

  it('rejects --sensitivity-trials without --sensitivity, or out of range, with one line', async () => {
    for (const argv of [['reproduce', '--sensitivity-trials', '5'], ['reproduce', '--sensitivity', '--sensitivity-trials', '0']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
