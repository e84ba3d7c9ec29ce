// `fast search` and `fast compare-algorithms`: exit 2 and one line on bad flags, the JSON shape, the same seed
// giving the same output, and a real `node cli/fast.mjs search … --checkpoint F` process killed with SIGKILL
// mid-run and resumed from F ending identical to an uninterrupted run.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { PRESETS, hardwareCost } from '../../shared/hardware';
import { readLog } from '../fixtures/trial-log';

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fast-search-'));
const bin = new URL('../../cli/fast.mjs', import.meta.url).pathname;

describe('fast search: bad input', () => {
  const cases: [string[], RegExp][] = [
    [['--algorithm', 'annealing'], /unknown algorithm "annealing" \(use random, evolution, bo, swarm\)/],
    [['--weights', '1,2'], /weights: give one weight per workload \(1 workloads, 2 weights\)/],
    [['--weights', '1,x', '--workload', 'teaching-cnn,mobilenet-v2'], /--weights: "x" is not a positive number/],
    [['--trials', '0'], /--trials must be a whole number from 1 to 1000000 \(got "0"\)/],
    [['--trials', '-3'], /--trials must be a whole number/],
    [['--trials', '2.5'], /--trials must be a whole number/],
    [['--workload', 'efficientnet-b9'], /unknown workload "efficientnet-b9"/],
    [['--workers', '0'], /--workers must be a whole number from 1 to 64/],
    [['--max-area', '-1'], /--max-area must be a positive number of mm²/],
    [['--node', '5nm'], /--node must be 16nm or 7nm/],
    [['--range', 'cores=3:3'], /range cores: no allowed value is left/],
    [['--range', 'corez=1:2'], /--range: unknown parameter "corez"/],
    [['--fix', 'dataflow=xs'], /fixed dataflow: must be one of ws, os, is \(got "xs"\)/],
    [['--fix', 'batch=8'], /batch is a setting of the study/],
    [['--checkpoint', join(dir, 'no-such-dir', 'cp.json')], /cannot write checkpoint .*ENOENT/],
  ];
  it.each(cases)('%j exits 2 with one line', async (extra, message) => {
    const argv = ['search', '--workload', 'teaching-cnn', '--trials', '4', ...extra];
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^fast: /);
    expect(r.err).toMatch(message);
  });

  it('compare-algorithms rejects bad flags the same way', async () => {
    for (const [extra, message] of [[['--seeds', '0'], /--seeds must be a whole number/], [['--algorithms', 'bo,grid'], /unknown algorithm "grid"/]] as const) {
      const r = await run(['compare-algorithms', '--workload', 'teaching-cnn', '--trials', '4', ...extra]);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
    }
  });

  it('refuses a checkpoint written for another study', async () => {
    const cp = join(dir, 'other.json');
    const first = await run(['search', '--workload', 'teaching-cnn', '--trials', '4', '--seed', '1', '--checkpoint', cp, '--json', '--workers', '1']);
    expect(first.code).toBe(0);
    const r = await run(['search', '--workload', 'teaching-cnn', '--trials', '4', '--seed', '2', '--checkpoint', cp]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/checkpoint ".*other\.json": checkpoint belongs to another study: seed is 1 in the checkpoint but 2 now/);
  });
});

describe('fast search', () => {
  it('prints {best, pareto, trials, bestSoFar} and the same output for the same seed', async () => {
    const argv = (workers: number) => ['search', '--workload', 'teaching-cnn', '--trials', '24', '--seed', '4', '--algorithm', 'swarm', '--workers', String(workers), '--trials-per-batch', '8', '--json'];
    const a = await run(argv(2));
    expect(a.code, a.err).toBe(0);
    const r = JSON.parse(a.out);
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['best', 'pareto', 'trials', 'bestSoFar']));
    expect(Object.keys(r.best)).toEqual(expect.arrayContaining(['hardware', 'perfPerTdp', 'gainVsTpuV3', 'areaMm2', 'tdpWatts', 'workloads']));
    expect(r.trials).toHaveLength(24);
    expect(r.bestSoFar).toHaveLength(24);
    expect(r.best.gainVsTpuV3).toBe(Math.max(...r.trials.filter((t: { status: string }) => t.status === 'ok').map((t: { gainVsTpuV3: number }) => t.gainVsTpuV3)));
    expect(r.best.workloads[0]).toMatchObject({ workload: 'teaching-cnn', batch: 64 });
    expect(r.best.hardware).toMatchObject({ batch: 64, processNode: '16nm' });
    expect(r.best.areaMm2).toBeLessThanOrEqual(r.study.maxAreaMm2);
    const b = await run(argv(1));
    expect(b.code, b.err).toBe(0);
    expect(b.out).toBe(a.out);
  });

  it('prints a human summary', async () => {
    const r = await run(['search', '--workload', 'teaching-cnn', '--trials', '8', '--algorithm', 'random', '--workers', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`^random search, seed 1: 8 trials on teaching-cnn; batch 64, 16nm; area ≤ ${Math.round(hardwareCost(PRESETS['tpu-v3']).areaMm2)} mm²`));
    expect(r.out).toMatch(/best \(trial \d+\): [\d.]+× tpu-v3/);
    expect(r.out).toMatch(/Pareto front \(Perf\/TDP max, area min, TDP min\): \d+ designs/);
    expect(r.out).toMatch(/best so far: .*8: [\d.]+×/);
  });

  it('compare-algorithms averages best-so-far curves over seeds, matching single searches', async () => {
    const r = await run(['compare-algorithms', '--workload', 'teaching-cnn', '--trials', '12', '--seeds', '2', '--trials-per-batch', '4', '--workers', '2', '--json']);
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out);
    expect(c.algorithms.map((a: { algorithm: string }) => a.algorithm)).toEqual(['random', 'evolution', 'bo', 'swarm']);
    const evo = c.algorithms[1];
    const runs = await Promise.all([1, 2].map(async (seed) => JSON.parse((await run(['search', '--workload', 'teaching-cnn', '--trials', '12', '--seed', String(seed), '--algorithm', 'evolution', '--trials-per-batch', '4', '--workers', '1', '--json'])).out)));
    expect(evo.finalBest.perSeed).toEqual(runs.map((x) => x.best.gainVsTpuV3));
    evo.meanBestSoFar.forEach((v: number | null, i: number) => {
      const a = runs[0].bestSoFar[i], b = runs[1].bestSoFar[i];
      if (a === null || b === null) expect(v).toBeNull();
      else expect(v).toBeCloseTo((a + b) / 2, 12);
    });
  });
});

describe('fast search --checkpoint', () => {
  it('a run killed with SIGKILL and resumed from its checkpoint ends identical to an uninterrupted run', async () => {
    const cp = join(dir, 'killed.json');
    const args = ['search', '--workload', 'efficientnet-b0', '--trials', '48', '--seed', '2', '--algorithm', 'bo', '--workers', '1', '--trials-per-batch', '8', '--json'];
    const child = spawn(process.execPath, [bin, ...args, '--checkpoint', cp], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let killedAt = -1;
    for (let i = 0; i < 6000 && killedAt < 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      if (child.exitCode !== null) break;
      if (!existsSync(cp)) continue;
      const told = readLog(cp).trials.length; // the trial log's told trials (a torn last line is not counted)
      if (told >= 16) { child.kill('SIGKILL'); killedAt = told; }
    }
    expect(await exited).toBeNull(); // killed, not finished
    expect(child.signalCode).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThanOrEqual(16);
    const saved = readLog(cp);
    expect(saved.trials.length).toBeGreaterThanOrEqual(16);
    expect(saved.trials.length).toBeLessThan(48);

    const resumed = await run([...args, '--checkpoint', cp]);
    expect(resumed.code, resumed.err).toBe(0);
    const uninterrupted = await run(args);
    expect(uninterrupted.code).toBe(0);
    expect(resumed.out).toBe(uninterrupted.out);
    const r = JSON.parse(resumed.out);
    expect(r.trials).toHaveLength(48);
    // The killed run's trials are the first ones of the final result, unchanged.
    expect(r.trials.slice(0, saved.trials.length)).toEqual(saved.trials);
    // The checkpoint now holds the finished study.
    expect(readLog(cp).trials).toEqual(r.trials);
  }, 120_000);
});
