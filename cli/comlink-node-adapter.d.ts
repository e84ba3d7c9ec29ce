// Comlink ships its Node adapter as .mjs without .d.mts types (docs/architecture.md, Stack pitfalls P5).
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
