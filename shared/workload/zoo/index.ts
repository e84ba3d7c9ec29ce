// The zoo registry: every built-in workload by its exact name (docs/model.md §2.2), each generated on demand
// from its architecture's definition (deterministic, a fresh object per call).
import type { WorkloadSpec } from '../types';
import { efficientnet } from './efficientnet';
import { resnet50v2, resnet50v15 } from './resnet';
import { ssdResnet34 } from './ssd';
import { bert } from './bert';
import { mobilenetV2 } from './mobilenet';
import { teachingCnn } from './teaching';

export const ZOO: Readonly<Record<string, () => WorkloadSpec>> = {
  'efficientnet-b0': () => efficientnet('b0'),
  'efficientnet-b1': () => efficientnet('b1'),
  'efficientnet-b2': () => efficientnet('b2'),
  'efficientnet-b3': () => efficientnet('b3'),
  'efficientnet-b4': () => efficientnet('b4'),
  'efficientnet-b5': () => efficientnet('b5'),
  'efficientnet-b6': () => efficientnet('b6'),
  'efficientnet-b7': () => efficientnet('b7'),
  'resnet50-v2': resnet50v2,
  'resnet50-v1.5': resnet50v15,
  'ssd-resnet34': ssdResnet34,
  'bert-base-128': () => bert('base', 128),
  'bert-base-1024': () => bert('base', 1024),
  'bert-large-128': () => bert('large', 128),
  'bert-large-1024': () => bert('large', 1024),
  'mobilenet-v2': mobilenetV2,
  'teaching-cnn': teachingCnn,
};

export { efficientnet, resnet50v2, resnet50v15, ssdResnet34, bert, mobilenetV2, teachingCnn };
