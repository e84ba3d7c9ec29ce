// SSD-ResNet34 ("SSD-large"), the MLPerf Inference v0.5 object detector: 1200×1200 RGB, COCO's 80 classes plus
// background (81 scores per box), as MLPerf's reference defines it (the PyTorch model `SSD_R34` and its backbone
// `ResNet34` in mlcommons/inference, vision/classification_and_detection/python/models/ssd_r34.py and
// base_model_r34.py; docs/sources.md §7.5).
//
// Backbone: torchvision's ResNet-34 up to and including `layer3`, with layer3's downsampling removed (its first
// block's conv1 and projection shortcut at stride 1), so the 1200² image gives a 150×150×256 feature map:
//   stem conv 7×7/2, 64 → BN → ReLU → max-pool 3×3/2 (pad 1); basic blocks (conv 3×3 → BN → ReLU → conv 3×3 → BN →
//   add the shortcut → ReLU) of width 64 ×3, 128 ×4 (stride 2 on the first block's first conv, projection
//   conv 1×1/2 → BN), 256 ×6 (stride 1; projection conv 1×1 → BN). Backbone convs have no bias.
// Extra feature layers (each conv with a bias, then ReLU): 1×1 to 256 → 3×3/2 (pad 1) to 512 (75²); 1×1 256 →
// 3×3/2 (pad 1) 512 (38²); 1×1 128 → 3×3/2 (pad 1) 256 (19²); 1×1 128 → 3×3/2 (no pad) 256 (9²); 1×1 128 → 3×3
// (no pad) 256 (7²).
// Detection heads on the six feature maps (150², 75², 38², 19², 9², 7²), 4, 6, 6, 6, 4, 4 default boxes per
// location: a location conv 3×3 to boxes·4 and a confidence conv 3×3 to boxes·81, both stride 3 (pad 1) with a
// bias, giving 50², 25², 13², 7², 3², 3² locations: 15,130 boxes per image.
// Left out: the reshape and concatenation of the twelve head outputs into [4, 15130] and [81, 15130] (layout
// only; the IR has no such op, so the heads' outputs stay twelve graph outputs), and everything the reference
// does after it (Encoder.decode_batch): the softmax over the 81 scores, the box decoding against the default
// boxes and the per-class non-maximum suppression — post-processing, not the network.
import { GraphBuilder, type TensorRef } from '../builder';
import type { WorkloadSpec } from '../types';
import { DEFAULT_BATCH } from './common';

export const SSD_RESOLUTION = 1200;
/** COCO's 80 object classes plus background. */
export const SSD_CLASSES = 81;
/** ResNet-34's basic-block stages as the reference keeps them (layer1…layer3; layer3 at stride 1). */
const BACKBONE: readonly { width: number; blocks: number; stride: number }[] = [
  { width: 64, blocks: 3, stride: 1 },
  { width: 128, blocks: 4, stride: 2 },
  { width: 256, blocks: 6, stride: 1 },
];
/** Extra feature layers: 1×1 conv to `mid`, then 3×3 conv to `out` at `stride` with `pad` on each side. */
const EXTRAS: readonly { mid: number; out: number; stride: number; pad: number }[] = [
  { mid: 256, out: 512, stride: 2, pad: 1 },
  { mid: 256, out: 512, stride: 2, pad: 1 },
  { mid: 128, out: 256, stride: 2, pad: 1 },
  { mid: 128, out: 256, stride: 2, pad: 0 },
  { mid: 128, out: 256, stride: 1, pad: 0 },
];
/** Default boxes per location of each of the six feature maps. */
export const SSD_BOXES = [4, 6, 6, 6, 4, 4] as const;
const HEAD_STRIDE = 3;

const pad = (p: number) => ({ before: p, after: p });

export function ssdResnet34(): WorkloadSpec {
  const g = new GraphBuilder('ssd-resnet34', 'zoo');
  let x: TensorRef = g.input('image', [SSD_RESOLUTION, SSD_RESOLUTION, 3]);

  g.block = 'backbone/stem';
  x = g.conv2d('conv', x, { outChannels: 64, kernel: 7, stride: 2, padding: pad(3) });
  x = g.batchnorm('bn', x);
  x = g.act('relu', 'relu', x);
  x = g.pool('maxpool', x, 'max', 3, 2, pad(1));

  BACKBONE.forEach((st, si) => {
    for (let b = 0; b < st.blocks; b++) {
      g.block = `backbone/layer${si + 1}/block${b + 1}`;
      const stride = b === 0 ? st.stride : 1;
      let y = g.conv2d('conv1', x, { outChannels: st.width, kernel: 3, stride, padding: pad(1) });
      y = g.batchnorm('bn1', y);
      y = g.act('relu1', 'relu', y);
      y = g.conv2d('conv2', y, { outChannels: st.width, kernel: 3, padding: pad(1) });
      y = g.batchnorm('bn2', y);
      let shortcut = x;
      if (x.shape[2] !== st.width || stride !== 1) {
        shortcut = g.conv2d('shortcut', x, { outChannels: st.width, kernel: 1, stride, padding: pad(0) });
        shortcut = g.batchnorm('shortcut_bn', shortcut);
      }
      y = g.elementwise('residual', 'add', [y, shortcut]);
      x = g.act('relu2', 'relu', y);
    }
  });

  const features: TensorRef[] = [x];
  EXTRAS.forEach((e, i) => {
    g.block = `extra${i + 1}`;
    let y = g.conv2d('conv1', x, { outChannels: e.mid, kernel: 1, padding: pad(0) });
    y = g.bias('conv1_bias', y);
    y = g.act('relu1', 'relu', y);
    y = g.conv2d('conv2', y, { outChannels: e.out, kernel: 3, stride: e.stride, padding: pad(e.pad) });
    y = g.bias('conv2_bias', y);
    x = g.act('relu2', 'relu', y);
    features.push(x);
  });

  features.forEach((f, i) => {
    g.block = `head${i + 1}`;
    const head = { kernel: 3, stride: HEAD_STRIDE, padding: pad(1) };
    g.bias('loc_bias', g.conv2d('loc', f, { outChannels: SSD_BOXES[i] * 4, ...head }));
    g.bias('conf_bias', g.conv2d('conf', f, { outChannels: SSD_BOXES[i] * SSD_CLASSES, ...head }));
  });

  return g.build({
    description: 'SSD-ResNet34 (MLPerf Inference v0.5 "SSD-large"), 1200×1200 input, 81 COCO classes, bf16; up to the ' +
      '15,130 boxes\' location and class predictions: box decoding, the class softmax and non-maximum suppression ' +
      '(post-processing) left out',
    defaultBatch: DEFAULT_BATCH,
  });
}
