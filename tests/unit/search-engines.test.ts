// Node's half of the Node-vs-Chromium check (the other half: tests/browser/search.test.ts): the strategies'
// pinned decision trace, and a simulator-backed study whose result is exchanged through
// test-results/search-engines/<sources digest>/ and compared by whichever engine finishes second.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createNodeSimPool } from '../../cli/node-pool';
import {
  BayesianOptimization, LinearCombinationSwarm, RandomSearch, RegularizedEvolution, fnv1a, gridSpace, normalizeStudy,
  poolScorer, runStudy, type Assignment, type StudyInput, type Strategy,
} from '../../shared/search/index';

// ---- Shared with tests/browser/search.test.ts (keep the two in step) ----------------------------------------
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

describe('search in Node, for comparison with Chromium', () => {
  const pool = createNodeSimPool(2);
  afterAll(() => pool.close());

  it('the strategies decide exactly as pinned (the browser test pins the same trace)', () => {
    expect(strategyTrace()).toBe(STRATEGY_TRACE);
  });

  it('gives the same result as Chromium for the same sources', async () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20);
    const study = normalizeStudy(ENGINE_STUDY);
    const r = await runStudy({ study, workloadDigest: 'e', scorer: poolScorer(pool, study, study.workloads) });
    const mine = JSON.stringify(r);
    const dir = `test-results/search-engines/${sourcesDigest()}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/node.json`, mine);
    if (existsSync(`${dir}/chromium.json`)) expect(mine).toBe(readFileSync(`${dir}/chromium.json`, 'utf8'));
    expect(r.trials).toHaveLength(16);
  });
});
