#!/usr/bin/env node
// `npm test`: build the Wasm core, run the static checks (`npm run check:types`: tsc -b over every TypeScript project,
// svelte-check, the import floors of shared/), build the production site, then run every Vitest project (unit,
// browser, e2e) and print one plain "N passed, N failed" line; a failed static check counts as one failed test.
// Without Chromium the browser and e2e projects are skipped with a warning, unless E2E_REQUIRED=1, which makes a
// missing browser a failure. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;
const npx = (args) => run(process.platform === 'win32' ? 'npx.cmd' : 'npx', args);

const browserPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const haveBrowser = existsSync(browserPath);
const required = process.env.E2E_REQUIRED === '1';

if (npx(['asc', '--config', 'asconfig.json', '--target', 'release']) !== 0) { console.log('0 passed, 1 failed'); process.exit(1); }
// The static checks need the asc bindings (build/release.d.ts), not the site; a failure still lets the tests run.
const checkFailed = run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', 'check:types']) === 0 ? 0 : 1;
if (checkFailed) console.error('npm run check:types failed (type errors or an upward import in shared/): counted as 1 failed test');
if (npx(['vite', 'build', '--logLevel', 'warn']) !== 0) { console.log(`0 passed, ${1 + checkFailed} failed`); process.exit(1); }

const projects = haveBrowser || required ? [] : ['--project', 'unit'];
if (!haveBrowser) {
  const msg = `no Chromium at ${browserPath} (set CHROMIUM_PATH or apt-get install chromium)`;
  if (required) console.error(`E2E_REQUIRED=1 and ${msg}: the browser projects will fail`);
  else console.warn(`warning: ${msg}: running the unit project only; browser-mode and e2e tests are skipped`);
}

mkdirSync('test-results', { recursive: true });
rmSync('test-results/vitest.json', { force: true });
const status = npx(['vitest', 'run', ...projects, '--reporter=default', '--reporter=json',
  '--outputFile.json=test-results/vitest.json', ...process.argv.slice(2)]);

let line = `0 passed, ${1 + checkFailed} failed`;
try {
  const r = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  line = `${r.numPassedTests} passed, ${r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0) + checkFailed} failed`;
} catch { /* no report: vitest failed before running tests */ }
console.log(line);
process.exit(status !== 0 ? status : checkFailed);
