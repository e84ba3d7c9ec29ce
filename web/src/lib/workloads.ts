// Workloads the page can show, by name. Zoo workloads cross to the workers as their name (each worker generates
// the graph) and are generated on the main thread only when a view needs the graph (the fusion map's tensor sizes
// and live ranges, the op detail's shapes). Imported workloads (issue 9: ONNX / SCALE-Sim / Timeloop files) are
// registered here once parsed; they cross to the workers as their WorkloadSpec. An LLM variant name (issue 20:
// `llama-3-8b:decode,context=2048`, lib/llm.ts) is a zoo name too: it crosses as its name and is generated from it.
// (The zoo's names come from shared/workload/zoo-names, not shared/workload/index, which also carries the importers:
// the Import view loads those on first use.)
import { isZooName, zooNames, zooWorkload } from '../../../shared/workload/zoo-names';
import type { WorkloadSpec } from '../../../shared/workload/types';
import { llmWorkloadLabel } from './llm';

/** The zoo's names as the pickers list them (an LLM by its base name: its default variant). */
export { zooNames };

const generated = new Map<string, WorkloadSpec>();
const imported = new Map<string, WorkloadSpec>();

/** Make a parsed, validated workload available by its name (it replaces an import of the same name). */
export function registerWorkload(spec: WorkloadSpec): void {
  if (isZooName(spec.name)) throw new Error(`"${spec.name}" is a zoo workload name: rename the import`);
  imported.set(spec.name, spec);
}

/** Forget an imported workload. */
export function unregisterWorkload(name: string): void {
  imported.delete(name);
}

/** Names of the imported workloads, in registration order. */
export function importedNames(): string[] {
  return [...imported.keys()];
}

/** Every workload the page knows: the zoo, then the imports. */
export function allWorkloadNames(): string[] {
  return [...zooNames(), ...importedNames()];
}

/** The graph of a workload (zoo graphs are generated once per page). */
export function workloadSpec(name: string): WorkloadSpec {
  const own = imported.get(name);
  if (own) return own;
  let w = generated.get(name);
  if (!w) {
    if (!isZooName(name)) throw new Error(`unknown workload "${name}"`);
    w = zooWorkload(name);
    generated.set(name, w);
  }
  return w;
}

/** What a simulation request carries: the zoo name, or an imported workload's spec. */
export function workloadMessageValue(name: string): string | WorkloadSpec {
  return imported.get(name) ?? name;
}

/** Labels for the picker. */
export function workloadLabel(name: string): string {
  const labels: Record<string, string> = {
    'resnet50-v2': 'ResNet-50 v2',
    'resnet50-v1.5': 'ResNet-50 v1.5 (MLPerf)',
    'ssd-resnet34': 'SSD-ResNet34 1200² (MLPerf)',
    'mobilenet-v2': 'MobileNetV2',
    'teaching-cnn': 'teaching CNN',
  };
  if (labels[name]) return labels[name];
  const llm = llmWorkloadLabel(name);
  if (llm) return llm;
  const e = /^efficientnet-(b\d)$/.exec(name);
  if (e) return `EfficientNet-${e[1].toUpperCase()}`;
  const b = /^bert-(base|large)-(\d+)$/.exec(name);
  if (b) return `BERT-${b[1]}, ${b[2]} tokens`;
  return name;
}
