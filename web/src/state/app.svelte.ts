// The whole app's state: which view is open, and one state class per view. The view and the Explore state are the
// share link (shared/url-state.ts, through state/url-sync); the views hand designs to each other through here
// (a search trial opens in Explore, any design joins Compare, the ROI takes the chosen design's gain).
import { PRESETS, PRESET_NAMES, PARAMS, type HardwareSpec } from '../../../shared/hardware';
import type { StudySpec } from '../../../shared/search/study-spec';
import type { TrialRecord } from '../../../shared/search/study-result';
import { APP_VIEWS, type AppView, type UrlState } from '../../../shared/url-state';
import { createBrowserSimPool, defaultWorkerCount, simRunner, type RemoteSim } from '../pool';
import type { WorkerPool } from '../../../shared/pool';
import { DB_NAME, importStore, searchStore } from '../lib/app-db';
import { allWorkloadNames, registerWorkload, workloadMessageValue } from '../lib/workloads';
import { CompareState } from './compare.svelte';
import { ExploreState } from './explore.svelte';
import { ImportState } from './imports.svelte';
import { RoiState, type RoiDesign } from './roi.svelte';
import { SearchState, type SearchPool } from './search.svelte';
import { ValidationState, validationRunner } from './validation.svelte';
import { navigate, syncUrl, type UrlTarget } from './url-sync.svelte';

export const VIEW_LABELS: Record<AppView, string> = {
  explore: 'Explore', search: 'Search', compare: 'Compare', roi: 'ROI', import: 'Import', validation: 'Validation',
};

export interface AppOptions {
  pool?: WorkerPool<RemoteSim>;
  /** Keep searches and imports in IndexedDB (default true). */
  persist?: boolean;
  /** The search's pool factory (default: a fresh browser pool of the chosen size). */
  searchPool?: (workers: number) => SearchPool;
}

export class AppState implements UrlTarget {
  view = $state<AppView>('explore');
  readonly explore: ExploreState;
  readonly search: SearchState;
  readonly compare: CompareState;
  readonly roi: RoiState;
  readonly imports: ImportState;
  readonly validation: ValidationState;

  constructor(o: AppOptions = {}) {
    const runner = simRunner(o.pool);
    const persist = o.persist ?? true;
    this.explore = new ExploreState(runner, { isOpen: () => this.view === 'explore' });
    this.explore.workloads = allWorkloadNames();
    this.search = new SearchState({
      createPool: o.searchPool ?? ((n) => createBrowserSimPool(n)),
      store: persist ? searchStore() : null,
      // the study worker writes the running search's checkpoints to the same database itself
      ...(persist ? { storeDb: DB_NAME } : {}),
      workloadValue: (name) => workloadMessageValue(name),
      registerImported: (spec) => {
        try { registerWorkload(spec); } catch { /* a zoo name: cannot happen for a validated record */ }
        this.refreshWorkloads();
      },
      defaultWorkers: defaultWorkerCount(),
      locks: typeof navigator !== 'undefined' ? navigator.locks : undefined,
      // The study worker runs the search on its own simulation workers (no trial crosses the page thread), unless a
      // test passes its own pool.
      nestedWorkers: !o.searchPool,
    });
    this.compare = new CompareState(runner);
    this.imports = new ImportState(persist ? importStore() : null, () => this.refreshWorkloads());
    this.roi = new RoiState(() => this.#searchDesign(), () => this.#exploreDesign());
    this.validation = new ValidationState(validationRunner(o.pool));
  }

  #searchDesign(): RoiDesign | null {
    const b = this.search.result?.best;
    if (!b) return null;
    return { gain: b.gainVsTpuV3, tdpWatts: b.tdpWatts, label: `the search's best design (trial ${b.trial})` };
  }

  #exploreDesign(): RoiDesign | null {
    const t = this.explore.totals;
    if (!t?.gain || this.explore.stale) return null;
    return { gain: t.gain, tdpWatts: t.tdpWatts, label: `the Explore design on ${this.explore.workload}` };
  }

  // ------------------------------------------------------------------------------------------------ links
  get linkIssues(): string[] { return this.explore.linkIssues; }
  set linkIssues(v: string[]) { this.explore.linkIssues = v; }
  get workloads(): readonly string[] { return this.explore.workloads; }

  /** Why the link leaves something out (over MAX_LINK_LENGTH), or null. */
  linkNote = $state<string | null>(null);

  apply(s: UrlState): void {
    this.view = (APP_VIEWS as readonly string[]).includes(s.view) ? (s.view as AppView) : 'explore';
    this.explore.apply(s);
    this.compare.applyLink(s.compare);
    this.roi.applyLink(s.roi);
    this.search.applyLink(s.search);
  }

  // Each view's part of the link, kept until that view's state changes: the URL sync and every view tab's link read
  // the whole link after each change (a slider step), and re-snapshotting the other views' parts each time costs
  // milliseconds of the step.
  readonly #exploreLink = $derived.by(() => this.explore.toUrlState());
  readonly #compareLink = $derived.by(() => this.compare.toLink());
  readonly #roiLink = $derived.by(() => this.roi.toLink());
  readonly #searchLink = $derived.by(() => this.search.toLink());

  /**
   * The whole page as a link: the view, Explore's state, Compare's designs, ROI's inputs, the Search form's study.
   * A new object each call, whose parts are shared with the next calls until their view changes: read them, never
   * change them (apply copies what it keeps).
   */
  toUrlState(): UrlState {
    const search = this.#searchLink;
    return { ...this.#exploreLink, view: this.view, compare: this.#compareLink, roi: this.#roiLink, ...(search ? { search } : {}) };
  }

  /** Open a view (a new history entry, so Back returns). */
  go(view: AppView): void {
    if (view === this.view) return;
    navigate(this, { ...this.toUrlState(), view });
  }

  /** Start: read the link, keep it in step, simulate the Explore design, bring back a saved search. */
  start(): () => void {
    const stopUrl = syncUrl(this);
    const stopSim = this.explore.connect();
    void this.search.restore();
    return () => { stopSim(); stopUrl(); };
  }

  refreshWorkloads(): void {
    this.explore.workloads = allWorkloadNames();
  }

  // ------------------------------------------------------------------------------------------------ hand-overs
  /** Open a design in Explore (all passes unless told), on a workload. */
  openInExplore(hardware: HardwareSpec, workload: string, passes = 'all'): void {
    const preset = PRESET_NAMES.find((p) => PARAMS.every((q) => PRESETS[p][q.id] === hardware[q.id])) ?? 'tpu-v3';
    const { compare, roi, search } = this.toUrlState(); // the other views' parts of the link stay as they are
    navigate(this, { view: 'explore', workload, preset, hardware: { ...hardware }, passes, barMode: this.explore.barMode, compare, roi, ...(search ? { search } : {}) });
  }

  /** Open a search trial in Explore on the study's first workload (or the one named). */
  openTrial(t: TrialRecord, study: StudySpec, workload = study.workloads[0]): void {
    this.openInExplore(t.hardware, workload, 'all');
  }

  /** Add the Explore design to Compare. */
  compareExplore(): void {
    const e = this.explore;
    if (!e.validSpec) return;
    this.compare.add({
      label: `Explore: ${e.presetMatch ?? 'custom design'} · ${e.passes === 'all' ? 'all passes' : e.passes === 'none' ? 'baseline software' : e.passes}`,
      hardware: e.validSpec, passes: e.passes, origin: 'explore',
    });
  }

  /** Add a search trial to Compare. */
  compareTrial(t: TrialRecord): void {
    this.compare.add({
      label: `Search trial ${t.index}${t.gainVsTpuV3 ? ` (${t.gainVsTpuV3.toFixed(2)}×)` : ''}`,
      hardware: t.hardware, passes: 'all', origin: 'search',
    });
  }
}
