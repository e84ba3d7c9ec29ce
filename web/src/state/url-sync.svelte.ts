// Keeps the address bar and the app's state in step: the page opens on the state its link describes (or on the
// defaults, with the link's problems listed; the link is shareLink's, at most MAX_LINK_LENGTH, its note saying what a
// longer state leaves out), every change replaces the URL (debounced: Chromium throttles history
// updates), Back/Forward re-apply the state, in-page links (view tabs, lessons) navigate without reloading, and a
// lesson's steps are history entries too (pushChange), so Back goes to the step before.
// Works on anything that reads and writes a UrlState: the whole app (state/app.svelte.ts: the view and the Explore
// state) or the Explore state alone.
import { untrack } from 'svelte';
import { APP_VIEWS, parseUrlState, shareLink, type UrlState } from '../../../shared/url-state';
import { LESSON_IDS, STEP_KINDS } from '../lib/lessons';

export const VIEWS = APP_VIEWS;

/** What the URL reads into and writes from. */
export interface UrlTarget {
  apply(s: UrlState): void;
  toUrlState(): UrlState;
  linkIssues: string[];
  /** Why the link leaves part of the state out (over MAX_LINK_LENGTH); absent where a target never says. */
  linkNote?: string | null;
  /** Workload names a link may name (the zoo and this session's imports). */
  readonly workloads: readonly string[];
}

export function urlOptions(state: Pick<UrlTarget, 'workloads'>) {
  return { workloads: state.workloads, views: VIEWS, lessons: LESSON_IDS, lessonSteps: STEP_KINDS.length };
}

/** Writes the URL change syncUrl has waiting (debounced) now; null when no sync runs. */
let flushPending: (() => void) | null = null;

/**
 * Make a change as a new history entry, where a plain change replaces the current one: a lesson's step, so Back
 * returns to the step before (as it does from a lesson link or a view tab). The entry is a copy of the current URL
 * (any change still waiting written first), which the sync then fills in with the changed state.
 */
export function pushChange(change: () => void): void {
  flushPending?.();
  history.pushState(history.state, '', location.search + location.hash);
  change();
}

/** Apply a state as a navigation (a new history entry), e.g. a lesson link or a view tab. */
export function navigate(state: UrlTarget, s: UrlState): void {
  const q = shareLink(s).query;
  history.pushState(null, '', q);
  state.apply(s);
  state.linkIssues = [];
}

/** Read the link now and keep the URL in step; returns the stop function. */
export function syncUrl(state: UrlTarget, delayMs = 150): () => void {
  const read = () => {
    const r = parseUrlState(location.search, urlOptions(state));
    state.apply(r.state);
    state.linkIssues = r.issues;
  };
  read();
  // A bad link stays in the address bar (so it can be fixed) until the user changes something.
  let keep = state.linkIssues.length ? shareLink(state.toUrlState()).query : null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let write: (() => void) | null = null;
  flushPending = () => {
    clearTimeout(timer);
    const w = write;
    write = null;
    w?.();
  };
  const onPop = () => { read(); keep = null; };
  addEventListener('popstate', onPop);
  const stop = $effect.root(() => {
    $effect(() => {
      const { query: q, note } = shareLink(state.toUrlState());
      untrack(() => {
        if ('linkNote' in state && state.linkNote !== note) state.linkNote = note;
        if (q === keep) return;
        keep = null;
        clearTimeout(timer);
        write = () => {
          if (q !== location.search) history.replaceState(history.state, '', q + location.hash);
        };
        timer = setTimeout(() => { const w = write; write = null; w?.(); }, delayMs);
      });
    });
  });
  return () => {
    stop();
    clearTimeout(timer);
    write = null;
    flushPending = null;
    removeEventListener('popstate', onPop);
  };
}
