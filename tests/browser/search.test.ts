// Search in Chromium (Vitest browser mode): studies run in real module Web Workers equal the same studies run on
// the page thread, the strategies' decisions equal Node's (a pinned fingerprint shared with
// tests/unit/search-engines.test.ts), and a simulator-backed study equals Node's result for the same sources
// (exchanged through test-results/search-engines/<sources digest>/, compared by whichever engine finishes second).
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import highsWasmUrl from 'highs/runtime?url';
import { createBrowserSimPool } from '../../web/src/pool';
import { loadCore } from '../../shared/core';
import { loadHighs } from '../../shared/compiler/solver';
import {
  BayesianOptimization, LinearCombinationSwarm, RandomSearch, RegularizedEvolution, evaluationSettings, fnv1a, gridSpace,
  inProcessScorer, normalizeStudy, poolScorer, runStudy, type Assignment, type StudyInput, type Strategy,
} from '../../shared/search/index';

// ---- Shared with tests/unit/search-engines.test.ts (keep the two in step) ----------------------------------
const lin = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const target = [0.2, 0.8, 0.5, 0.33, 0.9, 0.1, 0.6, 0.45];
const qdims = target.map((_, i) => ({ id: `q${i}`, values: lin(0, 1, 16) }));
const quadSpace = gridSpace([...qdims, { id: 'c', values: ['p', 'q', 'r', 's'] }]);
const quad = (a: Assignment) => -qdims.reduce((s, d, i) => s + (i + 1) * ((a[d.id] as number) - target[i]) ** 2, 0) - (a.c === 'r' ? 0 : 0.5);
/** Every strategy's first 40 asks on the quadratic (seed 1, batches of 8), as a digest. */
function strategyTrace(): string {
  const trace: string[] = [];
  const all: Strategy[] = [new RandomSearch(quadSpace, 1), new RegularizedEvolution(quadSpace, 1), new BayesianOptimization(quadSpace, 1), new LinearCombinationSwarm(quadSpace, 1)];
  for (const s of all) for (let k = 0; k < 5; k++) for (const p of s.ask(8)) { const a = quadSpace.decode(p); trace.push(quadSpace.key(a)); s.tell(p, quad(a)); }
  return fnv1a(trace.join('\n'));
}
const STRATEGY_TRACE = '9913f6f7';
const ENGINE_STUDY: StudyInput = { workloads: ['efficientnet-b0'], algorithm: 'bo', seed: 11, trials: 16, trialsPerBatch: 8 };
const SOURCES = import.meta.glob(['/shared/**/*.ts', '/assembly/**/*.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const sourcesDigest = () => fnv1a(Object.keys(SOURCES).sort().map((k) => `${k}\n${SOURCES[k]}`).join('\n'));
// ------------------------------------------------------------------------------------------------------------

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
  });

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
