// `npm run check` step: every import inside shared/ runs one way, down the floors drawn in docs/architecture.md
// ("The floors of shared/"). A module may import its own unit (folder or top-level file) or a unit on a lower floor;
// nothing else in shared/ may import the Wasm build or assembly/ except the core door (shared/core/), and shared/
// imports no web/, cli/, svelte, comlink or node: module. Prints one line per violation; exit 1 if any.
// Usage: node --import tsx scripts/check-floors.ts [--json] [--root DIR]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';

/** Lowest floor first. A unit is a folder under shared/ or a top-level file (without .ts). */
export const FLOORS: readonly (readonly string[])[] = [
  ['core', 'pool'], //         the one door to the Wasm (loader, packing, record types, limits); the worker pool
  ['hardware', 'scalesim', 'roi'], // the design and its price; SCALE-Sim specs; fleet economics
  ['workload'], //             the workload IR, the zoo, the importers
  ['sim'], //                  evaluation: machine, lowering, engine
  ['compiler'], //             FAST's software passes (schedule, padding, fusion)
  ['search'], //               full-stack search
  ['api', 'url-state'], //     what users call: simulate, the worker API, ablation, reproduce; share links
];

const FORBIDDEN_PACKAGES = /^(svelte|comlink|node:|fs$|path$|os$|child_process$|worker_threads$)/;

export interface Violation { file: string; line: number; spec: string; reason: string }

function floorOf(unit: string): number {
  return FLOORS.findIndex((f) => f.includes(unit));
}

function unitOf(sharedRel: string): string {
  const parts = sharedRel.split('/');
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, '');
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ts$/.test(name) && !/\.d\.ts$/.test(name)) out.push(p);
  }
  return out;
}

export function checkFloors(root: string): Violation[] {
  const sharedDir = join(root, 'shared');
  const violations: Violation[] = [];
  for (const file of walk(sharedDir)) {
    const rel = relative(sharedDir, file).split(sep).join('/');
    const unit = unitOf(rel);
    const from = floorOf(unit);
    const text = readFileSync(file, 'utf8');
    const where = `shared/${rel}`;
    if (from < 0) violations.push({ file: where, line: 1, spec: '', reason: `unit "${unit}" is on no floor (add it to FLOORS and docs/architecture.md)` });
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      const line = text.slice(0, ref.pos).split('\n').length;
      if (!spec.startsWith('.')) {
        if (FORBIDDEN_PACKAGES.test(spec)) violations.push({ file: where, line, spec, reason: `shared/ must not import "${spec}"` });
        continue;
      }
      const target = normalize(join(dirname(file), spec));
      const targetRel = relative(sharedDir, target).split(sep).join('/');
      if (targetRel.startsWith('..')) {
        const outside = relative(root, target).split(sep).join('/');
        const door = unit === 'core' && /^(assembly\/abi|build\/release)/.test(outside);
        if (!door) violations.push({ file: where, line, spec, reason: `only shared/core/ may import outside shared/ (${outside})` });
        continue;
      }
      const toUnit = unitOf(targetRel);
      if (toUnit === unit) continue;
      const to = floorOf(toUnit);
      if (to < 0 || from < 0) continue; // reported above
      if (to >= from) {
        violations.push({ file: where, line, spec, reason: `${unit} (floor ${from + 1}) imports ${toUnit} (floor ${to + 1}): imports must run down` });
      }
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('check-floors.ts')) {
  const args = process.argv.slice(2);
  const rootIdx = args.indexOf('--root');
  const root = rootIdx >= 0 ? args[rootIdx + 1] : join(dirname(new URL(import.meta.url).pathname), '..');
  const v = checkFloors(root);
  if (args.includes('--json')) console.log(JSON.stringify(v));
  else for (const x of v) console.log(`${x.file}:${x.line}: ${x.reason}`);
  if (!args.includes('--json')) console.log(v.length ? `${v.length} import(s) against the floors` : 'floors: every import in shared/ runs down');
  process.exit(v.length ? 1 : 0);
}
