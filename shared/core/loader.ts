// Loads the Wasm core once per realm (page, worker, Node process). Works in Node/Vitest/tsx (file: URL),
// the Vite dev server, the built site and Vitest browser mode (http URL, hashed asset).
import { instantiate } from '../../build/release.js';

export type Core = Awaited<ReturnType<typeof instantiate>>;

const WASM_URL = new URL('../../build/release.wasm', import.meta.url); // Vite rewrites this literal to the asset

export async function compileCore(): Promise<WebAssembly.Module> {
  if (WASM_URL.protocol === 'file:') {
    const fsName = 'node:fs/promises'; // a variable + @vite-ignore keeps Vite from bundling node:fs
    const { readFile } = await import(/* @vite-ignore */ fsName);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(WASM_URL);
    } catch {
      throw new Error(`the Wasm core is not built (${WASM_URL.pathname} missing): run "npm run asbuild"`);
    }
    return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  }
  const res = await fetch(WASM_URL);
  if (!res.ok) throw new Error(`could not load the Wasm core from ${WASM_URL}: HTTP ${res.status}`);
  // Some static hosts serve .wasm as application/octet-stream; compileStreaming would reject that.
  return res.headers.get('content-type')?.startsWith('application/wasm')
    ? WebAssembly.compileStreaming(res)
    : WebAssembly.compile(await res.arrayBuffer());
}

let corePromise: Promise<Core> | undefined;

/** The realm's one core instance, instantiated lazily on first use (never at module top level: pitfall P3). */
export function loadCore(module?: WebAssembly.Module): Promise<Core> {
  corePromise ??= (async () => instantiate(module ?? (await compileCore()), { env: {} }))();
  return corePromise;
}
