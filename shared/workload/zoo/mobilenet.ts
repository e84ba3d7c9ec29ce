// MobileNetV2 1.0 at 224×224 (Sandler et al., CVPR 2018). Stem conv 3×3/2, 32 → BN → ReLU6; inverted residual
// blocks from the table (expansion t, channels c, repeats n, stride s of the first repeat): expand 1×1 to t × the
// input channels (skipped when t = 1) → BN → ReLU6 → depthwise 3×3 → BN → ReLU6 → project 1×1 → BN (linear
// bottleneck) → residual add when stride 1 and channels match; head conv 1×1, 1280 → BN → ReLU6 → global average
// pool → FC 1000 (+ bias) → softmax. Convs have no bias; "same" padding.
import { GraphBuilder, type TensorRef } from '../builder';
import type { WorkloadSpec } from '../types';
import { DEFAULT_BATCH, IMAGENET_CLASSES } from './common';

const BLOCKS: readonly { t: number; c: number; n: number; s: number }[] = [
  { t: 1, c: 16, n: 1, s: 1 },
  { t: 6, c: 24, n: 2, s: 2 },
  { t: 6, c: 32, n: 3, s: 2 },
  { t: 6, c: 64, n: 4, s: 2 },
  { t: 6, c: 96, n: 3, s: 1 },
  { t: 6, c: 160, n: 3, s: 2 },
  { t: 6, c: 320, n: 1, s: 1 },
];
const STEM_CHANNELS = 32;
const HEAD_CHANNELS = 1280;
const RESOLUTION = 224;

export function mobilenetV2(): WorkloadSpec {
  const g = new GraphBuilder('mobilenet-v2', 'zoo');
  let x: TensorRef = g.input('image', [RESOLUTION, RESOLUTION, 3]);

  g.block = 'stage1/stem';
  x = g.conv2d('conv', x, { outChannels: STEM_CHANNELS, kernel: 3, stride: 2 });
  x = g.batchnorm('bn', x);
  x = g.act('relu6', 'relu6', x);

  BLOCKS.forEach((b, si) => {
    for (let r = 0; r < b.n; r++) {
      g.block = `stage${si + 2}/block${r + 1}`;
      const input = x;
      const stride = r === 0 ? b.s : 1;
      const inChannels = input.shape[2];
      if (b.t !== 1) {
        x = g.conv2d('expand', x, { outChannels: inChannels * b.t, kernel: 1 });
        x = g.batchnorm('expand_bn', x);
        x = g.act('expand_relu6', 'relu6', x);
      }
      const mid = x.shape[2];
      x = g.conv2d('dw', x, { outChannels: mid, kernel: 3, stride, groups: mid });
      x = g.batchnorm('dw_bn', x);
      x = g.act('dw_relu6', 'relu6', x);
      x = g.conv2d('project', x, { outChannels: b.c, kernel: 1 });
      x = g.batchnorm('project_bn', x);
      if (stride === 1 && inChannels === b.c) x = g.elementwise('residual', 'add', [x, input]);
    }
  });

  g.block = 'stage9/head';
  x = g.conv2d('conv', x, { outChannels: HEAD_CHANNELS, kernel: 1 });
  x = g.batchnorm('bn', x);
  x = g.act('relu6', 'relu6', x);
  x = g.globalPool('pool', x, 'avg');
  x = g.dense('fc', x, IMAGENET_CLASSES, true);
  g.softmax('softmax', x, IMAGENET_CLASSES);
  return g.build({ description: 'MobileNetV2 1.0 (Sandler et al. 2018), 224×224 input, bf16', defaultBatch: DEFAULT_BATCH });
}
