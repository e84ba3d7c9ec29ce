// In-place updates of many SVG marks (bars, points): a layer describes its marks as plain data (tag, attributes,
// children) and patchMarks brings the group's children to exactly that, reusing the elements already there and
// setting only the attributes whose values changed. After a slider move an 800-op model keeps its ~5,000 marks
// (same count, mostly new heights and positions): re-parsing them as markup every update, or one reactive effect per
// mark, costs several times more (slider → chart latency, bench/browser.ts). The DOM it leaves is the one the
// markup would give: same elements, same attributes in the same order.
const SVG_NS = 'http://www.w3.org/2000/svg';

/** One mark: its tag, its attributes as [name, value, name, value, …], and its child marks. */
export interface Mark {
  tag: string;
  attrs: string[];
  children?: Mark[];
}

/** An element with the attribute list patchMarks last gave it. */
type Patched = Element & { __markAttrs?: string[] };

const NONE: readonly Mark[] = [];

/** Make `parent`'s element children exactly `marks` (in order), reusing elements of the same tag in place. */
export function patchMarks(parent: Element, marks: readonly Mark[]): void {
  const kids = parent.children;
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    let el = kids[i] as Patched | undefined;
    if (!el || el.localName !== m.tag) {
      const created = document.createElementNS(SVG_NS, m.tag);
      if (el) parent.replaceChild(created, el);
      else parent.appendChild(created);
      el = created;
    }
    setAttrs(el, m.attrs);
    if (m.children || el.firstElementChild) patchMarks(el, m.children ?? NONE);
  }
  while (kids.length > marks.length) parent.lastElementChild!.remove();
}

function setAttrs(el: Patched, attrs: string[]): void {
  const prev = el.__markAttrs;
  if (prev && prev.length === attrs.length) {
    let same = true;
    for (let k = 0; k < attrs.length; k += 2) if (prev[k] !== attrs[k]) { same = false; break; }
    if (same) {
      for (let k = 1; k < attrs.length; k += 2) if (prev[k] !== attrs[k]) el.setAttribute(attrs[k - 1], attrs[k]);
      el.__markAttrs = attrs;
      return;
    }
  }
  // Another set of attributes: drop every attribute (this function owns the element), then set the new ones in order.
  while (el.attributes.length) el.removeAttribute(el.attributes[0].name);
  for (let k = 0; k < attrs.length; k += 2) el.setAttribute(attrs[k], attrs[k + 1]);
  el.__markAttrs = attrs;
}
