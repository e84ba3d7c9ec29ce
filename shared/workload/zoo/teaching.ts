// teaching-cnn: a nine-op network small enough to read in one screen, for lessons. It holds one of each thing
// the lessons talk about: a regular 3×3 conv (maps well onto an array), a depthwise 3×3 conv (one filter per
// channel: few MACs, poor array use), a pointwise 1×1 conv, elementwise ReLUs (vector work), a max-pool, a global
// average pool, a dense classifier and a softmax. CIFAR-sized input (32×32×3), 10 classes, no biases or BN.
import { GraphBuilder } from '../builder';
import type { WorkloadSpec } from '../types';
import { DEFAULT_BATCH } from './common';

export function teachingCnn(): WorkloadSpec {
  const g = new GraphBuilder('teaching-cnn', 'zoo');
  let x = g.input('image', [32, 32, 3]);
  x = g.conv2d('conv1', x, { outChannels: 16, kernel: 3 });
  x = g.act('relu1', 'relu', x);
  x = g.conv2d('dw2', x, { outChannels: 16, kernel: 3, groups: 16 });
  x = g.conv2d('pw2', x, { outChannels: 32, kernel: 1 });
  x = g.act('relu2', 'relu', x);
  x = g.pool('maxpool', x, 'max', 2, 2, 'valid');
  x = g.globalPool('gap', x, 'avg');
  x = g.dense('fc', x, 10, false);
  g.softmax('softmax', x, 10);
  return g.build({ description: 'teaching CNN: conv 3×3, depthwise 3×3, pointwise 1×1, ReLU, pools, dense, softmax (32×32×3, 10 classes)', defaultBatch: DEFAULT_BATCH });
}
