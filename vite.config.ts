// Vite: builds web/ into dist/ with relative asset URLs, so the site works from any sub-path of a static host.
// Security (docs/architecture.md "Security"): web/index.html carries a strict Content-Security-Policy with no
// 'unsafe-eval'. zod (the schemas, in the page and in the workers) probes `new Function("")` and compiles object
// parsers with `new Function` when it may; under the CSP the probe is reported as a violation, and a worker is not
// covered by the page's <meta> CSP at all. So the build removes both sites from zod (the no-eval plugin below, applied
// to the page and the worker bundles): zod then always parses without code generation, as it does under its
// `jitless` option. A zod upgrade that moves them fails the build here, and tests/e2e/security.e2e.test.ts scans
// dist/ for any eval or Function constructor.
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const NO_EVAL_EDITS: { file: RegExp; from: RegExp; to: string; what: string }[] = [
  {
    file: /\/zod\/v4\/core\/util\.js$/,
    from: /export const allowsEval = \/\* @__PURE__\*\/ cached\(\(\) => \{[\s\S]*?\n\}\);/,
    to: 'export const allowsEval = /* @__PURE__*/ cached(() => false);',
    what: "zod's eval probe (allowsEval)",
  },
  {
    file: /\/zod\/v4\/core\/doc\.js$/,
    from: /compile\(\) \{\n\s*const F = Function;[\s\S]*?\n {4}\}/,
    to: 'compile() {\n        throw new Error("zod code generation is off in this build (no eval: vite.config.ts)");\n    }',
    what: "zod's code generator (Doc.compile)",
  },
];

/** Strip zod's `Function` constructor uses from the bundles (see the header). */
function noEval(): Plugin {
  return {
    name: 'fast-explorer:no-eval',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0].replace(/\\/g, '/');
      let out = code;
      for (const e of NO_EVAL_EDITS) {
        if (!e.file.test(path)) continue;
        if (!e.from.test(out)) this.error(`no-eval: ${e.what} not found in ${path}: zod changed, update NO_EVAL_EDITS in vite.config.ts`);
        out = out.replace(e.from, e.to);
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}

/** The dev server's hot reload injects <style> elements, which the CSP forbids: drop the CSP <meta> there only. */
function devWithoutCsp(): Plugin {
  return {
    name: 'fast-explorer:dev-without-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [noEval(), devWithoutCsp(), svelte({ configFile: false })],
  worker: { format: 'es', plugins: () => [noEval()] },
  build: { outDir: '../dist', emptyOutDir: true },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
