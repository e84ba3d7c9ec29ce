// The WebAssembly API subset that shared/ (core/loader.ts, api/worker-api.ts) and the asc bindings
// (build/release.d.ts) use. Only lib.dom and lib.webworker declare WebAssembly; shared/ gets neither (see env.d.ts),
// and @types/node 20 has none, so the Node projects (cli/, tests/, tsconfig.node.json) include this file too. The
// DOM projects (web/, tests/browser/, tests/e2e/, bench/) must not: lib.dom already declares these.
declare namespace WebAssembly {
  interface Module {}
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  function compile(bytes: ArrayBuffer | ArrayBufferView<ArrayBuffer>): Promise<Module>;
  function compileStreaming(source: Response | PromiseLike<Response>): Promise<Module>;
  /** A trap (unreachable, out-of-bounds access…); the pool classifies it as a worker fault. */
  class RuntimeError extends Error {}
}
