// Vite: builds web/ into dist/ with relative asset URLs, so the site works from any sub-path of a static host.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [svelte({ configFile: false })],
  worker: { format: 'es' },
  build: { outDir: '../dist', emptyOutDir: true },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
