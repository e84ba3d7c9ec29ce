// EfficientNet-B0…B7 (Tan & Le, ICML 2019), generated from the architecture's definition (docs/sources.md §7.1):
// the B0 stage table, compound scaling of width (channels rounded to a multiple of 8, never down by more than
// 10%), depth (repeats rounded up) and resolution, and the MBConv block: expand 1×1 (skipped at ratio 1) → BN →
// swish → depthwise k×k → BN → swish → squeeze-excite (global average pool → 1×1 conv to 0.25 × the block's
// input channels + bias → swish → 1×1 conv back + bias → sigmoid → broadcast multiply) → project 1×1 → BN →
// residual add when stride 1 and channels match. Convs use TensorFlow "same" padding (⌈in/stride⌉) and have no
// bias (BN follows); the SE convs and the classifier have biases. Dropout / drop-connect do nothing at inference.
import { GraphBuilder, type TensorRef } from '../builder';
import type { WorkloadSpec } from '../types';
import { DEFAULT_BATCH, IMAGENET_CLASSES } from './common';

/** B0 stages 2–8: (expansion, kernel, stride of the first block, output channels, repeats). Stage 1 is the stem. */
const B0_STAGES: readonly { expand: number; kernel: number; stride: number; out: number; repeats: number }[] = [
  { expand: 1, kernel: 3, stride: 1, out: 16, repeats: 1 },
  { expand: 6, kernel: 3, stride: 2, out: 24, repeats: 2 },
  { expand: 6, kernel: 5, stride: 2, out: 40, repeats: 2 },
  { expand: 6, kernel: 3, stride: 2, out: 80, repeats: 3 },
  { expand: 6, kernel: 5, stride: 1, out: 112, repeats: 3 },
  { expand: 6, kernel: 5, stride: 2, out: 192, repeats: 4 },
  { expand: 6, kernel: 3, stride: 1, out: 320, repeats: 1 },
];
const STEM_CHANNELS = 32;
const HEAD_CHANNELS = 1280;
const SE_RATIO = 0.25;

/** (width, depth, resolution) per variant (docs/sources.md §7.1). */
export const EFFICIENTNET_SCALING: Readonly<Record<string, { width: number; depth: number; resolution: number }>> = {
  b0: { width: 1.0, depth: 1.0, resolution: 224 },
  b1: { width: 1.0, depth: 1.1, resolution: 240 },
  b2: { width: 1.1, depth: 1.2, resolution: 260 },
  b3: { width: 1.2, depth: 1.4, resolution: 300 },
  b4: { width: 1.4, depth: 1.8, resolution: 380 },
  b5: { width: 1.6, depth: 2.2, resolution: 456 },
  b6: { width: 1.8, depth: 2.6, resolution: 528 },
  b7: { width: 2.0, depth: 3.1, resolution: 600 },
};

/** Channels × width, rounded to the nearest multiple of 8 (at least 8), bumped up one step if that lost > 10%. */
export function roundChannels(channels: number, width: number, divisor = 8): number {
  const scaled = channels * width;
  let rounded = Math.max(divisor, Math.floor((scaled + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * scaled) rounded += divisor;
  return rounded;
}

/** Repeats × depth, rounded up (the same double arithmetic as the reference implementation's ceil). */
export function roundRepeats(repeats: number, depth: number): number {
  return Math.ceil(depth * repeats);
}

export function efficientnet(variant: keyof typeof EFFICIENTNET_SCALING & string): WorkloadSpec {
  const s = EFFICIENTNET_SCALING[variant];
  if (!s) throw new Error(`efficientnet: unknown variant "${variant}"`);
  const g = new GraphBuilder(`efficientnet-${variant}`, 'zoo');
  let x: TensorRef = g.input('image', [s.resolution, s.resolution, 3]);

  g.block = 'stage1/stem';
  x = g.conv2d('conv', x, { outChannels: roundChannels(STEM_CHANNELS, s.width), kernel: 3, stride: 2 });
  x = g.batchnorm('bn', x);
  x = g.act('swish', 'swish', x);

  B0_STAGES.forEach((st, si) => {
    const out = roundChannels(st.out, s.width);
    const repeats = roundRepeats(st.repeats, s.depth);
    for (let r = 0; r < repeats; r++) {
      g.block = `stage${si + 2}/block${r + 1}`;
      x = mbconv(g, x, { expand: st.expand, kernel: st.kernel, stride: r === 0 ? st.stride : 1, out });
    }
  });

  g.block = 'stage9/head';
  x = g.conv2d('conv', x, { outChannels: roundChannels(HEAD_CHANNELS, s.width), kernel: 1 });
  x = g.batchnorm('bn', x);
  x = g.act('swish', 'swish', x);
  x = g.globalPool('pool', x, 'avg');
  x = g.dense('fc', x, IMAGENET_CLASSES, true);
  g.softmax('softmax', x, IMAGENET_CLASSES);
  return g.build({
    description: `EfficientNet-${variant.toUpperCase()} (Tan & Le 2019): width ×${s.width}, depth ×${s.depth}, ${s.resolution}×${s.resolution} input, bf16`,
    defaultBatch: DEFAULT_BATCH,
  });
}

function mbconv(g: GraphBuilder, input: TensorRef, b: { expand: number; kernel: number; stride: number; out: number }): TensorRef {
  const inChannels = input.shape[2];
  let x = input;
  if (b.expand !== 1) {
    x = g.conv2d('expand', x, { outChannels: inChannels * b.expand, kernel: 1 });
    x = g.batchnorm('expand_bn', x);
    x = g.act('expand_swish', 'swish', x);
  }
  const mid = x.shape[2];
  x = g.conv2d('dw', x, { outChannels: mid, kernel: b.kernel, stride: b.stride, groups: mid });
  x = g.batchnorm('dw_bn', x);
  x = g.act('dw_swish', 'swish', x);

  // Squeeze-excite, by its parts; the reduction is relative to the block's *input* channels.
  const reduced = Math.max(1, Math.floor(inChannels * SE_RATIO));
  let se = g.globalPool('se_pool', x, 'avg');
  se = g.conv2d('se_reduce', se, { outChannels: reduced, kernel: 1 });
  se = g.bias('se_reduce_bias', se);
  se = g.act('se_swish', 'swish', se);
  se = g.conv2d('se_expand', se, { outChannels: mid, kernel: 1 });
  se = g.bias('se_expand_bias', se);
  se = g.act('se_sigmoid', 'sigmoid', se);
  x = g.elementwise('se_scale', 'mul', [x, se]);

  x = g.conv2d('project', x, { outChannels: b.out, kernel: 1 });
  x = g.batchnorm('project_bn', x);
  if (b.stride === 1 && inChannels === b.out) x = g.elementwise('residual', 'add', [x, input]);
  return x;
}
