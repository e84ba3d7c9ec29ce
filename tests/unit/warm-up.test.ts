// The solvers' warm-up (shared/search/warm-up.ts, the page's prewarm): it runs HiGHS on real fusion programs, and a
// search after it gives exactly the trials it gives without it.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { createSimApi } from '../../shared/api/worker-api';
import { TrialEvaluator } from '../../shared/search/evaluate';
import { evaluationSettings, normalizeStudy, runStudy } from '../../shared/search';
import { WARM_UP_DESIGNS } from '../../shared/search/warm-up';

describe('warmUpSolvers', () => {
  it('solves every warm-up design\'s fusion program with HiGHS and changes no trial of a search that follows', async () => {
    const core = await loadCore();
    const study = normalizeStudy({ workloads: ['efficientnet-b0'], algorithm: 'random', seed: 5, trials: 12, trialsPerBatch: 6 });
    const search = () => {
      const evaluator = new TrialEvaluator(core, loadHighs); // a fresh evaluator: no simulation cached
      const base = { ...evaluationSettings(study), workloads: study.workloads };
      return runStudy({ study, workloadDigest: '-', scorer: { lanes: 1, score: (designs) => evaluator.evaluate({ ...base, designs }) } });
    };
    const before = await search();
    const report = await createSimApi().warmUpSolvers();
    expect(report.programs).toBe(WARM_UP_DESIGNS.length);
    expect(report.highsSolves).toBe(WARM_UP_DESIGNS.length);
    expect(report.ms).toBeGreaterThan(0);
    const after = await search();
    expect(after.trials).toEqual(before.trials);
    expect(after.trials.filter((t) => t.status === 'ok').length).toBeGreaterThan(0);
  });
});
