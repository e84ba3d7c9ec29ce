// The Import view's state: files dropped or picked → a workload (lib/import-files.ts: the same importers and limits
// as `fast import`), shown before it is used; "explore" and "search" register it with the page (lib/workloads.ts)
// and keep it in IndexedDB, so links naming it still work after a reload. Saved imports that cannot be read are
// listed with their reason until the user discards them.
import type { VersionedStore } from '../lib/idb-store';
import {
  importFiles, importLimits, toImported, type ImportKind, type ImportRecord, type ImportedWorkload,
} from '../lib/import-files';
import { registerWorkload, unregisterWorkload, importedNames, zooNames } from '../lib/workloads';

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

  readonly #store: VersionedStore<ImportRecord> | null;
  readonly #onChange: () => void;
  #saved = new Map<string, ImportRecord>();
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

  /** Read dropped or picked files. Never throws: a failure is shown as `error`. */
  async load(files: readonly File[]): Promise<void> {
    const my = ++this.#seq;
    this.phase = 'reading';
    this.error = null;
    this.current = null;
    // Let the page paint "reading…" before a large file is parsed on this thread.
    await new Promise((r) => setTimeout(r, 0));
    try {
      const w = await importFiles(files, zooNames());
      if (my !== this.#seq) return;
      this.current = w;
      this.phase = 'done';
    } catch (e) {
      if (my !== this.#seq) return;
      this.error = (e as Error).message;
      this.phase = 'error';
    }
  }

  /** Make the shown import a workload of the page (and keep it); returns its name. */
  async use(w: ImportedWorkload | null = this.current): Promise<string | null> {
    if (!w) return null;
    registerWorkload(w.spec);
    this.#refresh();
    const record: ImportRecord = { spec: w.spec, files: w.files, ...(w.config ? { config: w.config } : {}) };
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
    this.error = null;
    this.phase = 'done';
  }

  /** Forget a registered import (here and in IndexedDB). */
  async remove(name: string): Promise<void> {
    unregisterWorkload(name);
    this.#saved.delete(name);
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
