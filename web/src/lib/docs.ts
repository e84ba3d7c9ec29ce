// The docs the page cites (docs/model.md sections, docs/validation.md) and the paper. The page ships the two docs
// in a lazily loaded chunk (Vite ?raw) and shows a cited section in a dialog (components/DocDialog.svelte): the
// section is cut out of the Markdown here and turned into blocks and inline parts that the dialog renders as
// elements (no HTML string is ever inserted, so the page's CSP and escaping hold). Links to other files of the
// repository are shown as their path; only http(s) links become links.

/** FAST: Zhang et al., "A Full-stack Search Technique for Domain Optimized Deep Learning Accelerators", ASPLOS 2022. */
export const PAPER = {
  url: 'https://arxiv.org/abs/2105.12842',
  label: 'the FAST paper (Zhang et al., ASPLOS 2022, arXiv:2105.12842)',
} as const;

export const DOC_FILES = { model: 'docs/model.md', validation: 'docs/validation.md' } as const;
export type DocName = keyof typeof DOC_FILES;

export interface DocRef {
  doc: DocName;
  /** A section number ("3", "4.1"); none: the whole document. */
  section?: string;
}

/** "model-4.1" → { doc: 'model', section: '4.1' }; "validation" → the whole file. One line naming the problem otherwise. */
export function parseDocRef(id: string): DocRef {
  const m = /^(model|validation)(?:-(\d+(?:\.\d+)*))?$/.exec(id);
  if (!m) throw new Error(`doc reference "${id}" is not model[-N[.N]] or validation[-N[.N]]`);
  return { doc: m[1] as DocName, ...(m[2] ? { section: m[2] } : {}) };
}

export function docRefLabel(ref: DocRef): string {
  return `${DOC_FILES[ref.doc]}${ref.section ? ` §${ref.section}` : ''}`;
}

export interface DocSection {
  /** The heading's text without its number, or the document's title. */
  title: string;
  /** The section's Markdown, its subsections included, its heading left out. */
  body: string;
}

/**
 * The section numbered `section` of a Markdown document: from its heading ("## 4. …" or "### 4.1 …") to the next
 * heading of the same or a higher level. Without a section, the whole document under its title. Null when the
 * document has no such section.
 */
export function docSection(markdown: string, section?: string): DocSection | null {
  const lines = markdown.split('\n');
  const heading = (l: string) => /^(#{1,6})\s+(.*)$/.exec(l);
  if (!section) {
    const h = lines.findIndex((l) => heading(l));
    return { title: h >= 0 ? heading(lines[h])![2].trim() : '', body: lines.slice(h + 1).join('\n').trim() };
  }
  const esc = section.replace(/\./g, '\\.');
  const num = new RegExp(`^${esc}\\.?\\s+(.*)$`);
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^```/.test(lines[i])) inFence = !inFence;
    const h = !inFence && heading(lines[i]);
    if (!h) continue;
    const m = num.exec(h[2].trim());
    if (!m) continue;
    const level = h[1].length;
    let end = lines.length;
    let fence = false;
    for (let j = i + 1; j < lines.length; j++) {
      if (/^```/.test(lines[j])) fence = !fence;
      const k = !fence && heading(lines[j]);
      if (k && k[1].length <= level) { end = j; break; }
    }
    return { title: m[1].trim(), body: lines.slice(i + 1, end).join('\n').trim() };
  }
  return null;
}

export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][] };

const cells = (l: string) => l.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

/** Markdown → blocks: headings, paragraphs, bullet and numbered lists (continuation lines joined), fenced code, pipe tables. */
export function markdownBlocks(md: string): Block[] {
  const out: Block[] = [];
  const lines = md.split('\n');
  let i = 0;
  while (i < lines.length) {
    const l = lines[i];
    if (!l.trim()) { i++; continue; }
    if (/^```/.test(l)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) body.push(lines[i++]);
      i++;
      out.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(l);
    if (h) { out.push({ kind: 'heading', level: h[1].length, text: h[2].trim() }); i++; continue; }
    if (/^\s*\|/.test(l) && i + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) {
      const head = cells(l);
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i])) rows.push(cells(lines[i++]));
      out.push({ kind: 'table', head, rows });
      continue;
    }
    const item = /^(\s*)([-*]|\d+\.)\s+(.*)$/;
    const li = item.exec(l);
    if (li) {
      const ordered = /\d/.test(li[2]);
      const items: string[] = [];
      while (i < lines.length && lines[i].trim()) {
        const m = item.exec(lines[i]);
        if (m && m[1].length <= li[1].length) items.push(m[3]);
        else if (items.length) items[items.length - 1] += ` ${lines[i].trim().replace(/^([-*]|\d+\.)\s+/, '')}`;
        i++;
      }
      out.push({ kind: 'list', ordered, items });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !/^(#{1,6}\s|```)/.test(lines[i]) && !item.test(lines[i]) && !/^\s*\|/.test(lines[i])) para.push(lines[i++].trim());
    if (!para.length) { out.push({ kind: 'paragraph', text: lines[i++].trim() }); continue; }
    out.push({ kind: 'paragraph', text: para.join(' ') });
  }
  return out;
}

export type Inline =
  | { kind: 'text' | 'code' | 'strong' | 'em'; text: string }
  | { kind: 'link'; text: string; href: string };

/** Inline Markdown → parts: `code`, **strong**, *em*, [text](href) (http(s) hrefs only; others keep their text and path). */
export function inlineParts(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  const push = (p: Inline) => {
    const prev = out[out.length - 1];
    if (p.kind === 'text' && prev?.kind === 'text') prev.text += p.text;
    else if (p.text) out.push(p);
  };
  for (const m of text.matchAll(re)) {
    if (m.index > last) push({ kind: 'text', text: text.slice(last, m.index) });
    if (m[1] !== undefined) push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined) push({ kind: 'strong', text: m[2] });
    else if (m[3] !== undefined) push({ kind: 'em', text: m[3] });
    else if (/^https?:\/\//.test(m[5])) push({ kind: 'link', text: m[4], href: m[5] });
    else push({ kind: 'text', text: m[4] === m[5] ? m[4] : `${m[4]} (${m[5]})` });
    last = m.index + m[0].length;
  }
  if (last < text.length) push({ kind: 'text', text: text.slice(last) });
  return out;
}
