// Node's half of the Node-vs-Chromium check (the other half: tests/browser/search.test.ts): the strategies'
// pinned decision trace, and a simulator-backed study whose result is exchanged through
// test-results/search-engines/<sources digest>/ and compared by whichever engine finishes second.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createNodeSimPool } from '../../cli/node-pool';
import {
  normalizeStudy, poolScorer, runStudy,
} from '../../shared/search/index';

import { strategyTrace, STRATEGY_TRACE, ENGINE_STUDY, SOURCES, sourcesDigest } from '../fixtures/search-engines';


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
