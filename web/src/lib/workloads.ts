// Workloads the page can show. Zoo workloads are generated on the main thread only when a view needs the graph
// (the fusion map's tensor sizes and live ranges; the op detail's shapes); simulation happens in workers from the
// name. Issue 9 adds imported workloads: they become another `WorkloadRef` kind here.
import { ZOO } from '../../../shared/workload/zoo/index';
import type { WorkloadSpec } from '../../../shared/workload/types';

export function zooNames(): string[] {
  return Object.keys(ZOO);
}

const cache = new Map<string, WorkloadSpec>();

/** The graph of a zoo workload (generated once per page). */
export function zooSpec(name: string): WorkloadSpec {
  let w = cache.get(name);
  if (!w) {
    const make = ZOO[name];
    if (!make) throw new Error(`unknown workload "${name}"`);
    w = make();
    cache.set(name, w);
  }
  return w;
}

/** Labels for the picker. */
export function workloadLabel(name: string): string {
  const labels: Record<string, string> = {
    'resnet50-v2': 'ResNet-50 v2',
    'mobilenet-v2': 'MobileNetV2',
    'teaching-cnn': 'teaching CNN',
  };
  if (labels[name]) return labels[name];
  const e = /^efficientnet-(b\d)$/.exec(name);
  if (e) return `EfficientNet-${e[1].toUpperCase()}`;
  const b = /^bert-(base|large)-(\d+)$/.exec(name);
  if (b) return `BERT-${b[1]}, ${b[2]} tokens`;
  return name;
}
