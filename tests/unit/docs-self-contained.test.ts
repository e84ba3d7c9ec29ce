// The repository is self-contained: no tracked file cites a reference file that lives outside it (the project's
// private spec, paper notes and stack notes), and every "docs/sources.md §N" citation names a section that
// docs/sources.md has.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Built from parts so that this file does not contain the names it looks for.
const FORBIDDEN = ['SPEC', 'PAPER', 'STACK'].map((s) => s + '.md');
const SOURCES = 'docs/sources.md';

/** Tracked text files (as git lists them, including ones staged but not yet committed), minus the lock file. */
function trackedTextFiles(): { path: string; text: string }[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const files: { path: string; text: string }[] = [];
  for (const path of out.split('\0')) {
    if (!path || path.startsWith('node_modules/') || path.endsWith('package-lock.json')) continue;
    const abs = join(ROOT, path);
    if (!existsSync(abs)) continue; // deleted in the working tree, not yet committed
    const buf = readFileSync(abs);
    if (buf.subarray(0, 8000).includes(0)) continue; // binary
    files.push({ path, text: buf.toString('utf8') });
  }
  return files;
}

/** Section numbers of docs/sources.md, from its headings ("## 2. The TPU family" → 2, "### 2.3 TPUv4i" → 2.3). */
function sourcesSections(text: string): Set<string> {
  const sections = new Set<string>();
  for (const m of text.matchAll(/^#{2,6} +(\d+(?:\.\d+)*)\.? /gm)) sections.add(m[1]);
  return sections;
}

/** Every section a "docs/sources.md §N" citation names, including lists: "docs/sources.md §2.2, §4.4" and "§2.2 and §2.3". */
function citedSections(text: string): string[] {
  const cited: string[] = [];
  for (const m of text.matchAll(/docs\/sources\.md((?:,?\s+(?:and\s+)?§\d+(?:\.\d+)*)+)/g)) {
    for (const s of m[1].matchAll(/§(\d+(?:\.\d+)*)/g)) cited.push(s[1]);
  }
  return cited;
}

describe('the repository is self-contained', () => {
  const files = trackedTextFiles();

  it('lists tracked files to check', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.path === 'docs/model.md')).toBe(true);
  });

  it('no tracked file cites a reference file outside the repository', () => {
    const hits: string[] = [];
    for (const { path, text } of files) {
      text.split('\n').forEach((line, i) => {
        for (const name of FORBIDDEN) if (line.includes(name)) hits.push(`${path}:${i + 1}: ${name}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it('docs/sources.md exists and has numbered sections', () => {
    const abs = join(ROOT, SOURCES);
    expect(existsSync(abs)).toBe(true);
    const sections = sourcesSections(readFileSync(abs, 'utf8'));
    for (const s of ['1', '2', '3', '4']) expect(sections.has(s), `section ${s}`).toBe(true);
  });

  it('every "docs/sources.md §N" citation names a section of docs/sources.md', () => {
    const sections = sourcesSections(readFileSync(join(ROOT, SOURCES), 'utf8'));
    const missing: string[] = [];
    let count = 0;
    for (const { path, text } of files) {
      for (const s of citedSections(text)) {
        count++;
        if (!sections.has(s)) missing.push(`${path}: §${s}`);
      }
    }
    expect(missing).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });

  it('the citation parser reads single citations and lists', () => {
    expect(citedSections('see docs/sources.md §2.2, §4.4: x')).toEqual(['2.2', '4.4']);
    expect(citedSections('docs/sources.md §2.2 and §2.3; for')).toEqual(['2.2', '2.3']);
    expect(citedSections("docs/sources.md §8.1's default.")).toEqual(['8.1']);
    expect(citedSections('Ten Lessons,\ndocs/sources.md\n§4.7)')).toEqual(['4.7']);
    expect(sourcesSections('## 2. The TPU family\n### 2.3 TPUv4i\n#### 10.12 x\n')).toEqual(new Set(['2', '2.3', '10.12']));
  });
});
