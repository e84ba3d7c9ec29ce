// Host globals shared/ may use. shared/ runs in the page, in workers and in Node ≥ 20, so its project
// (shared/tsconfig.json) gets ES2022 alone: lib.dom would let `document.title` through, @types/node `process.env`.
// These few APIs exist in all three realms; they are declared here by hand, only the members shared/ uses, so
// code that type-checks against them type-checks against both lib.dom and @types/node. Add a member only when
// shared/ needs it and every realm has it; browser-only or Node-only APIs belong in web/ or cli/.
// (The WebAssembly subset is in env-wasm.d.ts, which the Node projects include too.)

/** `new URL(…, import.meta.url)`: the core loader finds build/release.wasm next to itself (core/loader.ts). */
interface ImportMeta {
  readonly url: string;
}

/** core/loader.ts: the Wasm file's URL (file: in Node, http(s): in the page and workers). */
declare class URL {
  constructor(url: string | URL, base?: string | URL);
  readonly href: string;
  readonly protocol: string;
  readonly pathname: string;
  toString(): string;
}

/** url-state.ts: share links. */
declare class URLSearchParams {
  constructor(init?: string);
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  toString(): string;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

/** core/loader.ts: fetches the Wasm core over http(s) (the file: branch reads it with node:fs, imported by name). */
declare function fetch(input: string | URL): Promise<Response>;

interface Response {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** compiler/fusion.ts, search/study.ts: solve and run times. */
declare var performance: { now(): number };

/** pool.ts: per-call deadlines. The id is a number in browsers and an object in Node: only clearTimeout reads it. */
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;

/** search/study.ts: a study stops when its caller's signal aborts (only the flag is read). */
interface AbortSignal {
  readonly aborted: boolean;
}

/** workload/importers/onnx/decode.ts: ONNX string attributes are UTF-8 bytes. */
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: ArrayBuffer | ArrayBufferView): string;
}
