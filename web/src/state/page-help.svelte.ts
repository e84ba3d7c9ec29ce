// Page-wide help state, shared by every view: the glossary terms' once-per-view expansion (TermScope), the doc
// dialog (which cited docs/… section is open, its text loaded on first use) and the first-visit note (dismissed
// once, remembered in localStorage). UI state only: nothing here talks to a worker.
import { getContext, setContext } from 'svelte';
import { glossaryEntry } from '../lib/glossary';
import { DOC_FILES, docSection, parseDocRef, type DocName, type DocRef, type DocSection } from '../lib/docs';

/**
 * The terms shown in one view, in the order they mounted: the first of each abbreviation expands ("MXU (matrix
 * multiply unit)"); when it goes, the next one does.
 */
export class TermScope {
  #terms = $state<{ id: string; token: number }[]>([]);
  #next = 0;

  add(id: string): number {
    const token = this.#next++;
    this.#terms.push({ id, token });
    return token;
  }

  remove(token: number): void {
    const i = this.#terms.findIndex((t) => t.token === token);
    if (i >= 0) this.#terms.splice(i, 1);
  }

  expands(id: string, token: number): boolean {
    return !!glossaryEntry(id).expansion && this.#terms.find((t) => t.id === id)?.token === token;
  }
}

const SCOPE = Symbol('term-scope');
const pageScope = new TermScope();

/** Give a view (and everything under it) its own scope of expansions. */
export function newTermScope(): TermScope {
  const s = new TermScope();
  setContext(SCOPE, s);
  return s;
}

/** The scope a term belongs to: its view's, else the page's (header, footer). */
export function termScope(): TermScope {
  return getContext<TermScope | undefined>(SCOPE) ?? pageScope;
}

/** The doc dialog: the cited section shown in the page, the docs loaded in their own chunk on first use. */
class DocViewer {
  ref = $state.raw<DocRef | null>(null);
  section = $state.raw<DocSection | null>(null);
  error = $state<string | null>(null);
  readonly #texts = new Map<DocName, string>();

  async open(id: string): Promise<void> {
    const ref = parseDocRef(id);
    this.ref = ref;
    this.section = null;
    this.error = null;
    try {
      const text = await this.#load(ref.doc);
      if (this.ref !== ref) return; // another link was opened meanwhile
      const s = docSection(text, ref.section);
      if (!s) this.error = `${DOC_FILES[ref.doc]} has no section ${ref.section}.`;
      else this.section = s;
    } catch (e) {
      if (this.ref === ref) this.error = `${DOC_FILES[ref.doc]} could not be loaded (${(e as Error).message}). Reload the page to try again.`;
    }
  }

  close(): void {
    this.ref = null;
    this.section = null;
    this.error = null;
  }

  async #load(doc: DocName): Promise<string> {
    const have = this.#texts.get(doc);
    if (have !== undefined) return have;
    const text = doc === 'model'
      ? (await import('../../../docs/model.md?raw')).default
      : (await import('../../../docs/validation.md?raw')).default;
    this.#texts.set(doc, text);
    return text;
  }
}

export const docViewer = new DocViewer();

/** The first-visit note: shown until dismissed, remembered in localStorage (a page without storage shows it). */
export const INTRO_KEY = 'fast-explorer:intro-dismissed';

class Intro {
  dismissed = $state(readDismissed());

  dismiss(): void {
    this.dismissed = true;
    try { localStorage.setItem(INTRO_KEY, '1'); } catch { /* storage refused: dismissed for this page only */ }
  }

  show(): void {
    this.dismissed = false;
    try { localStorage.removeItem(INTRO_KEY); } catch { /* as above */ }
  }
}

function readDismissed(): boolean {
  try { return typeof localStorage !== 'undefined' && localStorage.getItem(INTRO_KEY) === '1'; } catch { return false; }
}

export const intro = new Intro();
