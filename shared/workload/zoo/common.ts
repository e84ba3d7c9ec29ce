// Constants shared by the zoo generators.

/** Batch every zoo workload is evaluated at unless the user sets one (docs/sources.md §8.1: default 64). */
export const DEFAULT_BATCH = 64;

/** ImageNet classes of every image classifier in the zoo. */
export const IMAGENET_CLASSES = 1000;
