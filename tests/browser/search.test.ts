// Search in Chromium (Vitest browser mode): studies run in real module Web Workers equal the same studies run on
// the page thread, the strategies' decisions equal Node's (a pinned fingerprint shared with
// tests/unit/search-engines.test.ts), and a simulator-backed study equals Node's result for the same sources
// (exchanged through test-results/search-engines/<sources digest>/, compared by whichever engine finishes second).
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import highsWasmUrl from 'highs/runtime?url';
import { createBrowserSimPool } from '../../web/src/pool';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import {
  evaluationSettings, inProcessScorer, normalizeStudy, poolScorer, runStudy, type StudyInput,
} from '../../shared/search/index';

import { strategyTrace, STRATEGY_TRACE, ENGINE_STUDY, sourcesDigest } from '../fixtures/search-engines';


describe('search in the browser', () => {
  const pool = createBrowserSimPool(2);
  afterAll(() => pool.close());

  it('the strategies decide exactly as in Node (pinned trace)', () => {
    expect(strategyTrace()).toBe(STRATEGY_TRACE);
  });

  it.each([
    { workloads: ['teaching-cnn'], algorithm: 'evolution', seed: 2, trials: 24, trialsPerBatch: 8 },
    { workloads: ['efficientnet-b0'], algorithm: 'random', seed: 3, trials: 12, trialsPerBatch: 6 },
  ] as StudyInput[])('a study in Web Workers equals the same study on the page thread ($algorithm on $workloads)', async (input) => {
    const study = normalizeStudy(input);
    const inWorkers = await runStudy({ study, workloadDigest: 'b', scorer: poolScorer(pool, study, study.workloads, { highsWasmUrl }) });
    const onPage = await runStudy({
      study, workloadDigest: 'b',
      scorer: inProcessScorer(loadCore, (url) => loadHighs(url ?? highsWasmUrl), { ...evaluationSettings(study), workloads: study.workloads, highsWasmUrl }),
    });
    expect(inWorkers).toEqual(onPage);
    expect(pool.started).toBe(2);
    expect(inWorkers.best!.gainVsTpuV3).toBeGreaterThan(0);
    if (input.workloads[0] === 'efficientnet-b0') {
      expect(inWorkers.trials.some((t) => t.status === 'ok' && t.workloads[0].onChipTensors > 0)).toBe(true); // HiGHS ran in the workers
    }
  }, 90_000); // 24 EfficientNet-B0 trials with HiGHS, on a 2-core CI machine shared with other test files

  it('gives the same result as Node for the same sources', async () => {
    const study = normalizeStudy(ENGINE_STUDY);
    const r = await runStudy({ study, workloadDigest: 'e', scorer: poolScorer(pool, study, study.workloads, { highsWasmUrl }) });
    const mine = JSON.stringify(r);
    const dir = `test-results/search-engines/${sourcesDigest()}`;
    await commands.writeFile(`${dir}/chromium.json`, mine);
    let node: string | undefined;
    try { node = await commands.readFile(`${dir}/node.json`); } catch { /* Node has not finished (or did not run) yet */ }
    if (node !== undefined) expect(mine).toBe(node);
    expect(r.trials).toHaveLength(16);
  });
});
