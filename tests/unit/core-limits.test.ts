// shared/core/limits.ts states the core's input limits once for TypeScript; the AssemblyScript core keeps its own
// copies (it imports nothing but assembly/). This reads those constants from the AssemblyScript sources and checks
// that both sides agree, so the schemas refuse exactly what the core would.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as LIMITS from '../../shared/core/limits';
import * as ABI from '../../assembly/abi';

const asm = join(dirname(fileURLToPath(import.meta.url)), '../../assembly');

function constant(file: string, name: string): number {
  const m = new RegExp(`const ${name}: (?:f64|i32) = ([0-9.e+]+);`).exec(readFileSync(join(asm, file), 'utf8'));
  if (!m) throw new Error(`assembly/${file} has no constant ${name}`);
  return Number(m[1]);
}

describe('the core input limits agree with the AssemblyScript core', () => {
  it('the compute model (assembly/systolic.ts)', () => {
    expect(constant('systolic.ts', 'MAX_DIM')).toBe(LIMITS.MAX_GEMM_DIM);
    expect(constant('systolic.ts', 'MAX_ARRAY_EDGE')).toBe(LIMITS.MAX_ARRAY_EDGE);
  });

  it('the SCALE-Sim memory model (assembly/scalesim-memory.ts)', () => {
    expect(constant('scalesim-memory.ts', 'MAX_DIM')).toBe(LIMITS.MAX_GEMM_DIM);
    expect(constant('scalesim-memory.ts', 'MAX_ARRAY_EDGE')).toBe(LIMITS.MAX_ARRAY_EDGE);
    expect(constant('scalesim-memory.ts', 'MAX_SRAM_WORDS')).toBe(LIMITS.MAX_SRAM_WORDS);
    expect(constant('scalesim-memory.ts', 'MAX_BANDWIDTH')).toBe(LIMITS.MAX_BANDWIDTH_WORDS_PER_CYCLE);
  });

  it('the performance model (the assembly file that defines its 2^40 MAX_DIM)', () => {
    const files = readdirSync(asm).filter((f) => f.endsWith('.ts') && !['systolic.ts', 'scalesim-memory.ts'].includes(f));
    const found = files.filter((f) => /const MAX_DIM: f64 = /.test(readFileSync(join(asm, f), 'utf8')));
    expect(found.length).toBe(1);
    expect(constant(found[0], 'MAX_DIM')).toBe(LIMITS.MAX_PERF_DIM);
  });

  it('the batch capacity is the ABI’s', () => {
    expect(LIMITS.MAX_RECORDS).toBe(ABI.MAX_RECORDS);
  });
});
