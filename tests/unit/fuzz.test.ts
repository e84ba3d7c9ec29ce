// Property-based fuzzing of every input boundary with a modest count per `npm test` (the same targets run at a large
// count in `npm run fuzz`; tests/fuzz/targets.ts says what each feeds where). Every input must end in a result that
// keeps the boundary's invariants or in a clear one-line message — no uncaught exception, no Wasm trap, no hang
// (a generous per-input budget). FUZZ_SEED=n reruns with another seed; fast-check shrinks and prints any counterexample.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { TARGETS, check, setupTargets, unclear, warmSolvers, type FuzzTarget } from '../fuzz/targets';
import { yamlNestingDepth } from '../../shared/workload/importers/timeloop';

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_123);

describe('fuzzing every boundary', () => {
  beforeAll(async () => {
    await setupTargets();
    await warmSolvers();
  }, 60_000);

  it.each(TARGETS.map((t) => [t.name, t] as const))('%s: every input ends in a result or a clear message', async (_, target: FuzzTarget<unknown>) => {
    const seen = { accepted: 0, rejected: 0 };
    const before = readdirSync(process.cwd()).sort();
    await fc.assert(fc.asyncProperty(target.arbitrary(), async (input) => {
      const o = await check(target, input);
      if (o.kind === 'accepted' || o.kind === 'rejected') { seen[o.kind]++; return; }
      throw new Error(`${o.kind}: ${'detail' in o ? o.detail : ''}\ninput: ${target.show(input)}`);
    }), { numRuns: target.testRuns, seed: SEED });
    // The generators reach both sides of the boundary, or the fuzzing would test only the checks.
    expect(seen.accepted, `${target.name}: no input was accepted`).toBeGreaterThan(0);
    expect(seen.rejected, `${target.name}: no input was rejected`).toBeGreaterThan(0);
    // Nothing was written outside the fuzzers' scratch folder.
    expect(readdirSync(process.cwd()).sort()).toEqual(before);
  }, 120_000);
});

describe('the fuzzing contract', () => {
  it('tells clear messages from crashes and unclear messages', () => {
    expect(unclear(new Error('hardware: cores must be one of 1, 2, 4, 8 (got 3)'))).toBeUndefined();
    expect(unclear(new TypeError("Cannot read properties of undefined (reading 'shape')"))?.kind).toBe('crash');
    expect(unclear(new WebAssembly.RuntimeError('unreachable'))?.kind).toBe('crash');
    expect(unclear(new Error('timeloop: YAML error at line 1: Maximum call stack size exceeded'))?.kind).toBe('crash');
    expect(unclear('a string')?.kind).toBe('crash');
    expect(unclear(new Error('line one\nline two'))?.kind).toBe('failure');
    expect(unclear(new Error(''))?.kind).toBe('failure');
    expect(unclear(new Error('x'.repeat(5000)))?.kind).toBe('failure');
    expect(unclear(new Error('bad value [object Object]'))?.kind).toBe('failure');
  });

  it('a hang is an input over its budget, whatever it returned', async () => {
    const slow: FuzzTarget<number> = {
      name: 'slow', what: '', budgetMs: 5, testRuns: 1, weight: 1, arbitrary: () => fc.constant(1), show: String,
      run: () => new Promise((r) => setTimeout(() => r('accepted'), 50)),
    };
    expect((await check(slow, 1)).kind).toBe('hang');
  });

  it('YAML nesting is measured before parsing (flow and block levels, quotes and comments aside)', () => {
    expect(yamlNestingDepth('problem:\n  instance: {R: 3, S: 3}\n', 64)).toBe(3);
    expect(yamlNestingDepth('- - - [a]\n', 64)).toBe(5);
    expect(yamlNestingDepth('a: "[[[[[[" # [[[[\n', 64)).toBe(1);
    expect(yamlNestingDepth("a: x'[[[[\n", 64)).toBe(5); // a quote inside a plain scalar opens nothing
    expect(yamlNestingDepth('['.repeat(100_000), 64)).toBeGreaterThan(64);
  });
});
