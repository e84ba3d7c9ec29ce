// The Import view's state: files dropped or picked → a workload (lib/import-files.ts: the same importers and limits
// as `fast import`), shown before it is used; "explore" and "search" register it with the page (lib/workloads.ts)
// and keep it in IndexedDB, so links naming it still work after a reload. Saved imports that cannot be read are
// listed with their reason until the user discards them. An ONNX model's dynamic dimensions get fields (one shape per
// graph input, one size per named symbol), filled in by the user and re-imported with `reimport` (the same parser and
// checks as `fast import --input-shape/--dim`); an import keeps the sizes it was made with. A topology CSV with its
// .cfg offers SCALE-Sim mode (`scalesimMode`, state/scalesim-mode.svelte.ts).
import type { VersionedStore } from '../lib/idb-store';
import {
  ImportError, importFiles, importLimits, needsSizes, toImported, type ImportKind, type ImportRecord, type ImportedWorkload,
} from '../lib/import-files';
import { parseShapeEntries, shapeEntries, type OnnxShapes } from '../../../shared/workload/shape-entries';
import type { OnnxGraphInput } from '../../../shared/workload/importers/onnx';
import { registerWorkload, unregisterWorkload, importedNames, zooNames } from '../lib/workloads';
import { ScalesimModeState } from './scalesim-mode.svelte';

export class ImportState {
  phase = $state<'idle' | 'reading' | 'done' | 'error'>('idle');
  /** What the last import understood. */
  current = $state.raw<ImportedWorkload | null>(null);
  /** Why the last import failed (names the file and the problem). */
  error = $state<string | null>(null);
  /** The importers' size limits (known once their code has loaded). */
  limits = $state.raw<Readonly<Record<ImportKind, number>> | null>(null);
  /** Imports registered with the page (this session's and the saved ones). */
  registered = $state<string[]>([]);
  /** Saved imports that could not be read. */
  corrupt = $state.raw<{ key: string; reason: string; raw: unknown }[]>([]);
  storageIssue = $state<string | null>(null);
  /** ONNX: the graph inputs of the model shown or refused (null for other files). */
  onnxInputs = $state.raw<OnnxGraphInput[] | null>(null);
  /** The shape fields by graph input ("1,3,640,640"; empty: as declared). */
  shapeInputs = $state<Record<string, string>>({});
  /** The size fields by symbolic dimension ("128"; empty: not given). */
  shapeDims = $state<Record<string, string>>({});
  /** The fields are open: the model needs sizes, or the user opened them. */
  shapesOpen = $state(false);
  /** The files of the model shown can be read again (re-import with other sizes). */
  canReimport = $state(false);
  /** SCALE-Sim mode for a topology CSV imported with its .cfg (state/scalesim-mode.svelte.ts). */
  readonly scalesimMode = new ScalesimModeState();

  readonly #store: VersionedStore<ImportRecord> | null;
  readonly #onChange: () => void;
  #saved = new Map<string, ImportRecord>();
  /** This session's files per import shown or used (re-import needs them; saved imports from an earlier visit have none). */
  #files: readonly File[] | null = null;
  #filesByName = new Map<string, readonly File[]>();
  #seq = 0;

  /** `onChange` runs whenever the set of registered workloads changes (the app refreshes its pickers). */
  constructor(store: VersionedStore<ImportRecord> | null, onChange: () => void) {
    this.#store = store;
    this.#onChange = onChange;
  }

  /** Load the importers' code and their limits (when the view opens). */
  async prepare(): Promise<void> {
    if (this.limits) return;
    try {
      this.limits = await importLimits();
    } catch (e) {
      this.error = `The importers could not be loaded: ${(e as Error).message}`;
      this.phase = 'error';
    }
  }

  /** Read dropped or picked files (new files: the size fields start empty). Never throws: a failure is shown as `error`. */
  async load(files: readonly File[]): Promise<void> {
    this.#setFields(null, undefined);
    this.shapesOpen = false;
    await this.#read(files, undefined);
  }

  /** Import the same files again with the sizes in the fields. Never throws: a bad field or import is shown as `error`. */
  async reimport(): Promise<void> {
    if (!this.#files) return;
    let shapes: OnnxShapes | undefined;
    try {
      shapes = parseShapeEntries({
        inputShapes: Object.entries(this.shapeInputs).filter(([, v]) => v.trim()).map(([n, v]) => `${n}=${v.trim()}`),
        dims: Object.entries(this.shapeDims).filter(([, v]) => v.trim()).map(([n, v]) => `${n}=${v.trim()}`),
      }, { inputShape: 'input shape', dim: 'dimension' });
    } catch (e) {
      this.error = (e as Error).message;
      this.phase = 'error';
      return;
    }
    await this.#read(this.#files, shapes);
  }

  async #read(files: readonly File[], shapes: OnnxShapes | undefined): Promise<void> {
    const my = ++this.#seq;
    this.#files = files;
    this.canReimport = false;
    this.phase = 'reading';
    this.error = null;
    this.current = null;
    // Let the page paint "reading…" before a large file is parsed on this thread.
    await new Promise((r) => setTimeout(r, 0));
    try {
      const w = await importFiles(files, zooNames(), shapes);
      if (my !== this.#seq) return;
      this.current = w;
      this.#setFields(w.onnxInputs ?? null, shapes);
      this.phase = 'done';
    } catch (e) {
      if (my !== this.#seq) return;
      this.error = (e as Error).message;
      const inputs = e instanceof ImportError ? e.onnxInputs ?? null : null;
      this.#setFields(inputs, shapes);
      if (needsSizes(inputs ?? undefined)) this.shapesOpen = true;
      this.phase = 'error';
    } finally {
      if (my === this.#seq) this.canReimport = this.onnxInputs !== null;
    }
  }

  /** Fields for these graph inputs, holding the sizes given (what the user typed stays when the inputs are the same). */
  #setFields(inputs: OnnxGraphInput[] | null, shapes: OnnxShapes | undefined): void {
    const same = JSON.stringify(inputs) === JSON.stringify(this.onnxInputs);
    this.onnxInputs = inputs;
    const given = shapeEntries(shapes);
    const fieldsOf = (names: string[], entries: string[], old: Record<string, string>) => Object.fromEntries(names.map((n) => {
      const e = entries.find((x) => x.slice(0, x.lastIndexOf('=')) === n);
      return [n, e !== undefined ? e.slice(e.lastIndexOf('=') + 1) : same ? old[n] ?? '' : ''];
    }));
    this.shapeInputs = fieldsOf((inputs ?? []).map((i) => i.name), given.inputShapes, this.shapeInputs);
    this.shapeDims = fieldsOf(symbolsOf(inputs), given.dims, this.shapeDims);
  }

  /** Make the shown import a workload of the page (and keep it); returns its name. */
  async use(w: ImportedWorkload | null = this.current): Promise<string | null> {
    if (!w) return null;
    registerWorkload(w.spec);
    this.#refresh();
    if (w === this.current && this.#files) this.#filesByName.set(w.spec.name, this.#files);
    const record: ImportRecord = {
      spec: w.spec, files: w.files, ...(w.config ? { config: w.config } : {}),
      ...(w.onnxInputs ? { onnxInputs: w.onnxInputs } : {}), ...(w.shapes ? { shapes: w.shapes } : {}),
      ...(w.scalesimSources ? { scalesimSources: w.scalesimSources } : {}),
    };
    this.#saved.set(w.spec.name, record);
    try {
      await this.#store?.put(w.spec.name, $state.snapshot(record) as ImportRecord);
    } catch (e) {
      this.storageIssue = `Imports are not being saved (${(e as Error).message}): "${w.spec.name}" is available until the page is reloaded.`;
    }
    return w.spec.name;
  }

  /** Show a registered import again. */
  show(name: string): void {
    const r = this.#saved.get(name);
    if (!r) return;
    this.current = toImported(r);
    this.#setFields(r.onnxInputs ?? null, r.shapes);
    this.#files = this.#filesByName.get(name) ?? null;
    this.canReimport = this.#files !== null && this.onnxInputs !== null;
    this.error = null;
    this.phase = 'done';
  }

  /** Forget a registered import (here and in IndexedDB). */
  async remove(name: string): Promise<void> {
    unregisterWorkload(name);
    this.#saved.delete(name);
    this.#filesByName.delete(name);
    this.#refresh();
    await this.#store?.delete(name).catch(() => {});
  }

  /** Register the saved imports (before the link is read, so links naming them work). */
  async restore(): Promise<void> {
    if (!this.#store) return;
    try {
      const all = await this.#store.all();
      const bad: { key: string; reason: string; raw: unknown }[] = [];
      for (const { key, result } of all) {
        if (result.status === 'ok') {
          try {
            registerWorkload(result.value.spec);
            this.#saved.set(result.value.spec.name, result.value);
          } catch (e) {
            bad.push({ key, reason: (e as Error).message, raw: result.value });
          }
        } else if (result.status === 'corrupt') bad.push({ key, reason: result.reason, raw: result.raw });
      }
      this.corrupt = bad;
      this.#refresh();
    } catch (e) {
      this.storageIssue = `Saved imports are unavailable (${(e as Error).message}).`;
    }
  }

  async discardCorrupt(key: string): Promise<void> {
    await this.#store?.delete(key).catch(() => {});
    this.corrupt = this.corrupt.filter((c) => c.key !== key);
  }

  #refresh(): void {
    this.registered = importedNames();
    this.#onChange();
  }
}

/** The named symbolic dimensions of the graph inputs, in order of first use. */
export function symbolsOf(inputs: readonly OnnxGraphInput[] | null | undefined): string[] {
  return [...new Set((inputs ?? []).flatMap((i) => (i.dims ?? []).filter((d): d is string => typeof d === 'string')))];
}
