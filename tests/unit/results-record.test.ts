// docs/results.md is generated from docs/results.json, a recorded full reproduction. This replays that record
// through today's model (scripts/results-check.ts: the same reproduce() path, the recorded designs instead of the
// 20-minute searches), so a model change that would make the published numbers stale fails here: re-run
// `fast reproduce --json > docs/results.json` and `npm run results` with it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { differences, replayResults } from '../../scripts/results-check';
import { reproduce, reproduceSettings, sensitivitySettings, type ReproduceReport } from '../../shared/api/reproduce';
import { evaluationSettings, inProcessScorer, normalizeStudy, runStudy } from '../../shared/search';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';

const recorded = JSON.parse(readFileSync(new URL('../../docs/results.json', import.meta.url), 'utf8')) as ReproduceReport;

describe('docs/results.json', () => {
  it('every recorded number is what the model gives for the recorded designs', async () => {
    expect(await replayResults(recorded)).toEqual([]);
  });

  it('the comparison sees a changed number, a missing field and a changed length', () => {
    const changed = structuredClone(recorded);
    changed.rows[0].single.gain *= 1 + 1e-9;
    delete (changed.rows[1].ablation[0] as Partial<typeof changed.rows[1]['ablation'][0]>).speedup;
    changed.rows[2].ablation.pop();
    expect(differences(recorded, changed)).toEqual([
      `rows[0].single.gain: recorded ${recorded.rows[0].single.gain}, now ${changed.rows[0].single.gain}`,
      `rows[1].ablation[0].speedup: recorded ${recorded.rows[1].ablation[0].speedup}, now undefined`,
      `rows[2].ablation: recorded ${recorded.rows[2].ablation.length} items, now ${recorded.rows[2].ablation.length - 1}`,
    ]);
  });
});

describe('a record made with --sensitivity', () => {
  it('replays: the re-scoring, the re-searches (their recorded designs) and the TDP convention are recomputed', async () => {
    const [core, highs] = await Promise.all([loadCore(), loadHighs()]);
    const settings = reproduceSettings({ trials: 3, workloads: ['teaching-cnn'] });
    const report = await reproduce(settings, {
      core, highs,
      runStudy: (_id, input) => {
        const study = normalizeStudy(input);
        return runStudy({ study, workloadDigest: '-', scorer: inProcessScorer(loadCore, loadHighs, { ...evaluationSettings(study), workloads: study.workloads }) });
      },
    }, sensitivitySettings({}, settings)); // default: the main run's 3 trials (fewer than 100), so its central search is the main run
    const recorded = JSON.parse(JSON.stringify(report)) as ReproduceReport;
    expect(recorded.sensitivity!.research.trials).toBe(3);
    expect(recorded.sensitivity!.research.runs).toHaveLength(6);
    expect(recorded.sensitivity!.research.central.gains.singleWorkloadGain).toBe(recorded.averageSingleWorkloadGain);
    expect(recorded.sensitivity!.research.central.singles[0].hardware).toEqual(recorded.rows[0].single.hardware);
    const sens = (d: string[]) => d.filter((x) => x.startsWith('sensitivity'));
    expect(sens(await replayResults(recorded))).toEqual([]);
    // Another design recorded for a re-search shows as a changed gain.
    const edited = structuredClone(recorded);
    const run = edited.sensitivity!.research.runs[0];
    run.singles[0].hardware = { ...(run.singles[0].hardware ?? recorded.rows[0].single.hardware), arrayRows: 8, arrayCols: 8 };
    const diffs = sens(await replayResults(edited));
    expect(diffs.some((d) => d.startsWith(`sensitivity.research.runs[0].gains.singleWorkloadGain: recorded ${run.gains.singleWorkloadGain}, now `))).toBe(true);
  });
});

