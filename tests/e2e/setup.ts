// Shared preamble of the e2e files: where the production build is, the sub-path it is served under, and whether a
// browser is available (E2E_REQUIRED=1 makes a missing browser an error instead of a skip).
import { existsSync } from 'node:fs';
import { chromiumAvailable, chromiumPath } from '../chromium';

export const DIST = new URL('../../dist/', import.meta.url).pathname;
export const BASE = '/labs/fast-explorer/';
export const haveBrowser = chromiumAvailable();

if (process.env.E2E_REQUIRED === '1' && !haveBrowser) {
  throw new Error(`E2E_REQUIRED=1 but no Chromium at ${chromiumPath()} (set CHROMIUM_PATH or apt-get install chromium)`);
}
if (!existsSync(DIST + 'index.html')) throw new Error('dist/ is not built: run "npm run build" first (npm test does)');
