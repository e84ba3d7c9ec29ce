// `npm run golden:update [-- case…]`: rewrite tests/golden/<case>/expected.json from the current model for every
// case (or the named ones) and print which changed, with the first differing paths. The outputs come from the same
// module the golden test uses (tests/fixtures/golden.ts). Review the resulting diff before committing it.
// Usage: node --import tsx scripts/update-goldens.ts [case…]   (npm run golden:update rebuilds the Wasm core first)
import { listCases, updateCase, REL_TOL } from '../tests/fixtures/golden';

const all = listCases();
const named = process.argv.slice(2);
const unknown = named.filter((n) => !all.includes(n));
if (unknown.length) {
  process.stderr.write(`update-goldens: no such case: ${unknown.join(', ')} (cases: ${all.join(', ')})\n`);
  process.exit(2);
}
let changed = 0;
for (const name of named.length ? named : all) {
  const u = await updateCase(name);
  if (u.status === 'changed' || u.status === 'created') changed++;
  const note = u.status === 'changed' ? ` (${u.differences.length} difference(s) beyond ${REL_TOL} relative)`
    : u.status === 'reformatted' ? ` (text only: every number within ${REL_TOL} relative)` : '';
  process.stdout.write(`${u.status.padEnd(11)} ${name}${note}\n`);
  for (const d of u.differences.slice(0, 5)) process.stdout.write(`              ${d}\n`);
  if (u.differences.length > 5) process.stdout.write(`              … and ${u.differences.length - 5} more\n`);
}
process.stdout.write(`${changed} case(s) changed; review with: git diff -- tests/golden\n`);
