// ResNet-50, two variants on one skeleton: stem conv 7×7/2, 64 → BN → ReLU → max-pool 3×3/2; four stages of 3, 4,
// 6, 3 bottlenecks of width 64, 128, 256, 512 (output 4× the width), the stride 2 of stages 3–5 on the first
// block's 3×3 conv and its strided 1×1 projection shortcut; global average pool → FC 1000 (+ bias) → softmax.
// Convs have no bias; padding keeps ⌈in/stride⌉ (3×3 pad 1, 7×7 pad 3).
//
// ResNet-50 v2 (He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016): the
// pre-activation bottleneck. Each block: BN → ReLU (pre-activation; the first block reuses the stem's) → conv 1×1
// → BN → ReLU → conv 3×3 → BN → ReLU → conv 1×1 (4× width) → add the shortcut (identity, or the projection of the
// pre-activated input). After the last block: BN → ReLU → global average pool → FC.
//
// ResNet-50 v1.5 (the MLPerf and torchvision ResNet-50; He, Zhang, Ren, Sun, "Deep Residual Learning for Image
// Recognition", CVPR 2016, with the downsampling stride moved from the first 1×1 conv to the 3×3 conv;
// docs/sources.md §7.2): post-activation bottleneck. Each block: conv 1×1 → BN → ReLU → conv 3×3 → BN → ReLU →
// conv 1×1 (4× width) → BN → add the shortcut (identity, or projection conv 1×1 → BN of the block's input) → ReLU.
import { GraphBuilder, type TensorRef } from '../builder';
import type { WorkloadSpec } from '../types';
import { DEFAULT_BATCH, IMAGENET_CLASSES } from './common';

const STAGES: readonly { width: number; blocks: number; stride: number }[] = [
  { width: 64, blocks: 3, stride: 1 },
  { width: 128, blocks: 4, stride: 2 },
  { width: 256, blocks: 6, stride: 2 },
  { width: 512, blocks: 3, stride: 2 },
];
const EXPANSION = 4;
const RESOLUTION = 224;

/** Input and stem (block `stage1/stem`): conv 7×7/2, 64 → BN → ReLU → max-pool 3×3/2 (pad 1). */
function stem(g: GraphBuilder): TensorRef {
  let x: TensorRef = g.input('image', [RESOLUTION, RESOLUTION, 3]);
  g.block = 'stage1/stem';
  x = g.conv2d('conv', x, { outChannels: 64, kernel: 7, stride: 2 });
  x = g.batchnorm('bn', x);
  x = g.act('relu', 'relu', x);
  return g.pool('maxpool', x, 'max', 3, 2, { before: 1, after: 1 });
}

/** Calls `block` for each of the 16 bottlenecks in order, with its block name set (`stage2/block1` …). */
function forEachBlock(g: GraphBuilder, block: (b: { si: number; first: boolean; width: number; stride: number }) => void): void {
  STAGES.forEach((st, si) => {
    for (let b = 0; b < st.blocks; b++) {
      g.block = `stage${si + 2}/block${b + 1}`;
      const first = b === 0;
      block({ si, first, width: st.width, stride: first ? st.stride : 1 });
    }
  });
}

/** Classifier (block `stage6/head`, already set): global average pool → FC 1000 + bias → softmax. */
function classifier(g: GraphBuilder, x: TensorRef): void {
  x = g.globalPool('pool', x, 'avg');
  x = g.dense('fc', x, IMAGENET_CLASSES, true);
  g.softmax('softmax', x, IMAGENET_CLASSES);
}

export function resnet50v2(): WorkloadSpec {
  const g = new GraphBuilder('resnet50-v2', 'zoo');
  let x = stem(g);

  forEachBlock(g, ({ si, first, width, stride }) => {
    // Pre-activation; the network's very first block takes the stem's BN-ReLU output as it is.
    let pre = x;
    if (!(si === 0 && first)) {
      pre = g.batchnorm('preact_bn', x);
      pre = g.act('preact_relu', 'relu', pre);
    }
    const shortcut = first ? g.conv2d('shortcut', pre, { outChannels: width * EXPANSION, kernel: 1, stride }) : x;
    let y = g.conv2d('conv1', pre, { outChannels: width, kernel: 1 });
    y = g.batchnorm('bn1', y);
    y = g.act('relu1', 'relu', y);
    y = g.conv2d('conv2', y, { outChannels: width, kernel: 3, stride });
    y = g.batchnorm('bn2', y);
    y = g.act('relu2', 'relu', y);
    y = g.conv2d('conv3', y, { outChannels: width * EXPANSION, kernel: 1 });
    x = g.elementwise('residual', 'add', [y, shortcut]);
  });

  g.block = 'stage6/head';
  x = g.batchnorm('bn', x);
  x = g.act('relu', 'relu', x);
  classifier(g, x);
  return g.build({
    description: 'ResNet-50 v2 (He et al. 2016, pre-activation bottlenecks), 224×224 input, bf16',
    defaultBatch: DEFAULT_BATCH,
  });
}

export function resnet50v15(): WorkloadSpec {
  const g = new GraphBuilder('resnet50-v1.5', 'zoo');
  let x = stem(g);

  forEachBlock(g, ({ first, width, stride }) => {
    let y = g.conv2d('conv1', x, { outChannels: width, kernel: 1 });
    y = g.batchnorm('bn1', y);
    y = g.act('relu1', 'relu', y);
    y = g.conv2d('conv2', y, { outChannels: width, kernel: 3, stride }); // v1.5: the stride is here, not on conv1
    y = g.batchnorm('bn2', y);
    y = g.act('relu2', 'relu', y);
    y = g.conv2d('conv3', y, { outChannels: width * EXPANSION, kernel: 1 });
    y = g.batchnorm('bn3', y);
    let shortcut = x;
    if (first) {
      shortcut = g.conv2d('shortcut', x, { outChannels: width * EXPANSION, kernel: 1, stride });
      shortcut = g.batchnorm('shortcut_bn', shortcut);
    }
    y = g.elementwise('residual', 'add', [y, shortcut]);
    x = g.act('relu3', 'relu', y);
  });

  g.block = 'stage6/head';
  classifier(g, x);
  return g.build({
    description: 'ResNet-50 v1.5 (the MLPerf Inference ResNet-50: He et al. 2016 post-activation bottlenecks, ' +
      'stride 2 on the 3×3 conv), 224×224 input, bf16',
    defaultBatch: DEFAULT_BATCH,
  });
}
