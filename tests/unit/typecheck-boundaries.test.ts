// The TypeScript projects enforce which host APIs each folder may use (docs/architecture.md, "Boundaries"). shared/
// runs in the page, in workers and in Node, so shared/tsconfig.json gives it ES2022 and the few host globals it
// declares itself (shared/env.d.ts, env-wasm.d.ts): no lib.dom, no @types/node. Here tsc, run with the shared
// project's own compiler options, rejects a file that touches document, window, process, Buffer, require or a node:
// module, and accepts one that uses only those declared globals. That same file also passes under web/'s options
// (lib.dom) and the Node project's (@types/node), so the hand-written declarations agree with both real hosts.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const violations = join(repo, 'tests/fixtures/boundary/violations.ts');
const hostGlobals = join(repo, 'tests/fixtures/boundary/host-globals.ts');
/** shared/'s own host-global declarations (env.d.ts, env-wasm.d.ts): part of the shared project, so part of each run. */
const sharedAmbient = readdirSync(join(repo, 'shared')).filter((f) => f.endsWith('.d.ts'))
  .map((f) => join(repo, 'shared', f));

// The temporary tsconfigs live inside the repository (build/ is gitignored) so that `types` entries such as
// "vite/client" resolve from node_modules; one folder per run, so concurrent runs do not meet.
mkdirSync(join(repo, 'build'), { recursive: true });
const tmp = mkdtempSync(join(repo, 'build', 'typecheck-boundaries-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Tsc { status: number; errors: string[]; out: string }

/** `tsc -p` on `files` alone, with the compiler options of `project` (a tsconfig path from the repository root). */
function tsc(project: string, files: string[], options: Record<string, unknown> = {}): Promise<Tsc> {
  const dir = mkdtempSync(join(tmp, 'p-'));
  const config = join(dir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({
    extends: join(repo, project),
    // Check only: the projects write declarations for `tsc -b`; this run writes nothing.
    compilerOptions: {
      noEmit: true, composite: false, declaration: false, emitDeclarationOnly: false, incremental: false, ...options,
    },
    include: [],
    files,
  }));
  return new Promise((resolve) => {
    const bin = join(repo, 'node_modules/typescript/bin/tsc');
    execFile(process.execPath, [bin, '-p', config, '--pretty', 'false'], { cwd: repo }, (err, stdout, stderr) => {
      const out = `${stdout}${stderr}`;
      const status = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ status, errors: out.split('\n').filter((l) => l.includes('error TS')), out });
    });
  });
}

describe('TypeScript project boundaries', () => {
  it('shared/ is type-checked with neither DOM nor Node types: each violation is an error naming it', async () => {
    const r = await tsc('shared/tsconfig.json', [...sharedAmbient, violations]);
    expect(r.status, r.out).not.toBe(0);
    for (const name of ['node:fs/promises', 'document', 'window', 'process', 'Buffer', 'require']) {
      const hit = r.errors.some((l) =>
        l.startsWith('tests/fixtures/boundary/violations.ts(') && l.includes(`'${name}'`));
      expect(hit, `no error naming '${name}':\n${r.out}`).toBe(true);
    }
    expect(r.errors, r.out).toHaveLength(6); // one a line, nothing else
  });

  it("shared/'s declared host globals type-check, and agree with lib.dom and @types/node", async () => {
    const [shared, web, node] = await Promise.all([
      // skipLibCheck off: the declaration files themselves are checked too (the projects skip all .d.ts files).
      tsc('shared/tsconfig.json', [...sharedAmbient, hostGlobals], { skipLibCheck: false }),
      tsc('web/tsconfig.json', [hostGlobals]),
      tsc('tsconfig.node.json', [join(repo, 'shared/env-wasm.d.ts'), hostGlobals]),
    ]);
    expect(shared.status, shared.out).toBe(0);
    expect(web.status, web.out).toBe(0);
    expect(node.status, node.out).toBe(0);
  });

  it('`tsc -b` builds the shared project with ES2022 alone and no type packages', () => {
    const read = (p: string) => {
      const file = join(repo, p);
      return ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, dirname(file));
    };
    const solution = read('tsconfig.json');
    expect(solution.projectReferences?.map((r) => r.path)).toContain(join(repo, 'shared'));
    const shared = read('shared/tsconfig.json');
    expect(shared.options.lib).toEqual(['lib.es2022.d.ts']);
    expect(shared.options.types).toEqual([]);
    expect(shared.fileNames).toEqual(expect.arrayContaining(sharedAmbient));
  });
});
