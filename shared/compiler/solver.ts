// Loads the HiGHS MILP solver once per realm. In browsers the caller passes the URL of highs.wasm (a Vite
// `?url` import in web/); in Node the package finds its own wasm (docs/architecture.md, Stack pitfalls P11).
import highsLoader, { type LegacyHighs } from 'highs';

let highsPromise: Promise<LegacyHighs> | undefined;

export function loadHighs(wasmUrl?: string): Promise<LegacyHighs> {
  highsPromise ??= highsLoader(wasmUrl ? { locateFile: () => wasmUrl } : {});
  return highsPromise;
}
