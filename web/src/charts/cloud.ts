// The data of charts/DotCloud.svelte (kept in a module of its own so plain TypeScript can import it).

/** One dot of a cloud: its index (what hover and click report), and its values on the frame's scales. */
export interface CloudDot { index: number; x: number; y: number }

/** Dots per path of a cloud (consecutive indices): a new trial re-formats at most this many. */
export const CLOUD_BLOCK = 256;
