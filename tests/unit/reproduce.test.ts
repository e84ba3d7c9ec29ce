// `fast reproduce` on a small subset: the JSON carries every row and the three averages at top level, the gains are
// consistent with their parts, and a checkpoint resumes to the identical report.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { main } from '../../cli/main';
import { RESULTS_TRIALS, runNote } from '../../cli/commands/reproduce';
import { reproduceSettings, QUICK_TRIALS } from '../../shared/api/reproduce';
import { PASSES } from '../../shared/compiler/passes';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('fast reproduce', () => {
  const args = ['reproduce', '--trials', '6', '--workloads', 'efficientnet-b0,bert-base-128', '--workers', '2', '--json'];

  it('prints every row, the geometric means at top level, and gains that follow from Perf/TDP', async () => {
    const r = await run(args);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.rows.map((x: { workload: string }) => x.workload)).toEqual(['efficientnet-b0', 'bert-base-128']);
    for (const k of ['averageSingleWorkloadGain', 'averageSuiteGain', 'averageSoftwareOnlyGain']) expect(typeof j[k]).toBe('number');
    expect(j.mean).toBe('geometric');
    for (const row of j.rows) {
      expect(row.baseline.gain).toBeCloseTo(1, 12);
      expect(row.single.gain).toBeCloseTo(row.single.perfPerTdp / row.baseline.perfPerTdp, 9);
      expect(row.softwareOnly.gain).toBeGreaterThanOrEqual(1);
      expect(row.ablation).toHaveLength(PASSES.length + 2); // none, one row per pass, all
    }
    const geo = Math.sqrt(j.rows[0].single.gain * j.rows[1].single.gain);
    expect(j.averageSingleWorkloadGain).toBeCloseTo(geo, 9);
    expect(j.paper).toEqual({ singleWorkloadGain: 3.7, suiteGain: 2.4, softwareOnlyGain: 1.8 });
    // A 6-trial run says it is one, against the recorded run's budget.
    expect(j.run).toMatchObject({ trials: 6, suiteTrials: 6, quick: false, resultsTrials: RESULTS_TRIALS, shortRun: true });
    expect(j.run.caveat).toMatch(/^a short, low-trial run \(6 trials per study\): .*docs\/results\.md.*--trials 1500/);
  });

  it('--quick prints its trial count and a one-line caveat naming the full run\'s --trials', async () => {
    const r = await run(['reproduce', '--quick', '--trials', '3', '--workloads', 'efficientnet-b0', '--workers', '2']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('3 trials per study (suite 3), seed 1, evolution');
    expect(lines[1]).toMatch(/^note: a short, low-trial run \(3 trials per study, --quick\): its gains are usually lower than the full run behind docs\/results\.md and the README \(--trials 1500\)/);
    expect(lines.filter((l) => l.startsWith('note:'))).toHaveLength(1);
    expect(lines[2]).toMatch(/^workload\s/);
  });

  it('the recorded run is the one the caveat names; a run at its budget carries no caveat', () => {
    const recorded = JSON.parse(readFileSync(new URL('../../docs/results.json', import.meta.url), 'utf8'));
    expect(recorded.settings.trials).toBe(RESULTS_TRIALS);
    expect(runNote(recorded.settings)).toMatchObject({ shortRun: false, caveat: null });
    expect(runNote(reproduceSettings({ quick: true }))).toMatchObject({ trials: QUICK_TRIALS, quick: true, shortRun: true });
    expect(runNote(reproduceSettings({ quick: true })).caveat).toContain(`(${QUICK_TRIALS} trials per study, --quick)`);
    expect(runNote(reproduceSettings({})).caveat).toContain('--trials 1500');
  });

  it('resumes from its checkpoint to the same report; a corrupt checkpoint exits 2 with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fast-repro-'));
    const ck = join(dir, 'r.json');
    const first = await run([...args, '--checkpoint', ck]);
    expect(first.code, first.err).toBe(0);
    const again = await run([...args, '--checkpoint', ck]); // every study is already done: read back, not re-run
    expect(JSON.parse(again.out)).toEqual(JSON.parse(first.out));
    writeFileSync(ck, '{ not json');
    const bad = await run([...args, '--checkpoint', ck]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/corrupt/);
  });

  it('rejects bad flags with one line', async () => {
    for (const argv of [['reproduce', '--trials', '0'], ['reproduce', '--workloads', 'nope'], ['reproduce', '--algorithm', 'magic']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
