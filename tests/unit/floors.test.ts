// The floors of shared/ (docs/architecture.md): every import runs down; scripts/check-floors.ts (run by
// `npm run check`) verifies it from the import graph. Here: the repository passes, and a tree with an upward import,
// a sideways import between units of one floor, a unit on no floor or a forbidden package fails with a line naming it.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFloors, FLOORS } from '../../scripts/check-floors';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'floors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('floors of shared/', () => {
  it('every import in the repository runs down', () => {
    expect(checkFloors(repo)).toEqual([]);
  });

  it('a clean tree passes: down, within a unit, the core door to the build', () => {
    const root = tree('clean', {
      'shared/core/loader.ts': "import { instantiate } from '../../build/release.js';\nexport const x = instantiate;\n",
      'shared/core/pack.ts': "import * as ABI from '../../assembly/abi';\nimport { x } from './loader';\nexport const y = [ABI, x];\n",
      'shared/sim/engine.ts': "import { y } from '../core/pack';\nimport type { W } from '../workload/types';\nexport const e = y;\n",
      'shared/api/simulate.ts': "import { e } from '../sim/engine';\nimport { z } from 'zod';\nexport const s = [e, z];\n",
    });
    expect(checkFloors(root)).toEqual([]);
  });

  it('names an upward import, a sideways one, a unit on no floor and forbidden imports', () => {
    const root = tree('bad', {
      'shared/core/pack.ts': "import { e } from '../sim/engine';\nexport const y = e;\n",
      'shared/hardware/cost.ts': "import type { S } from '../scalesim/gemm';\nexport const c = 1;\n",
      'shared/newfolder/a.ts': 'export const a = 1;\n',
      'shared/sim/engine.ts': "import { readFileSync } from 'node:fs';\nimport { mount } from 'svelte';\nimport { i } from '../../build/release.js';\nexport const e = [readFileSync, mount, i];\n",
    });
    const reasons = checkFloors(root).map((v) => `${v.file}:${v.line}: ${v.reason}`);
    expect(reasons).toEqual(expect.arrayContaining([
      'shared/core/pack.ts:1: core (floor 1) imports sim (floor 4): imports must run down',
      'shared/hardware/cost.ts:1: hardware (floor 2) imports scalesim (floor 2): imports must run down',
      'shared/newfolder/a.ts:1: unit "newfolder" is on no floor (add it to FLOORS and docs/architecture.md)',
      'shared/sim/engine.ts:1: shared/ must not import "node:fs"',
      'shared/sim/engine.ts:2: shared/ must not import "svelte"',
      'shared/sim/engine.ts:3: only shared/core/ may import outside shared/ (build/release.js)',
    ]));
    expect(reasons).toHaveLength(6);
  });

  it('every unit of shared/ is on exactly one floor', () => {
    const units = FLOORS.flat();
    expect(new Set(units).size).toBe(units.length);
  });
});
