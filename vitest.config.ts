// Test projects: unit (Node: Wasm, worker_threads, CLI), browser (Vitest browser mode in Debian Chromium),
// e2e (production build served from a sub-path, driven by playwright-core).
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, chromiumPath } from './tests/chromium.ts';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        plugins: [svelte({ configFile: false })],
        worker: { format: 'es' },
        optimizeDeps: { include: ['comlink', 'd3', 'zod', 'highs'] },
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 60_000, // CI has 2 cores shared by three projects; studies with HiGHS take seconds there
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            instances: [{ browser: 'chromium' }],
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } }),
          },
        },
      },
      { test: { name: 'e2e', environment: 'node', include: ['tests/e2e/**/*.e2e.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
    ],
  },
});
