// Compare's workload checkboxes (views/compare/WorkloadPicker.svelte): the zoo's base names as ever, and a workload
// the view holds that the pickers do not list — an LLM variant from a Compare link, `llama-3-8b:decode,context=2048`
// — as a checked entry with a readable label, right after its base, that can be unticked and ticked again.
import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { CompareState } from '../../web/src/state/compare.svelte';
import type { SimRunner } from '../../web/src/state/explore.svelte';
import WorkloadPicker from '../../web/src/views/compare/WorkloadPicker.svelte';
import { allWorkloadNames } from '../../web/src/lib/workloads';
import { llmVariantName } from '../../shared/workload/llm/index';
import { defaultCompareLink, parseUrlState, serializeUrlState, defaultUrlState } from '../../shared/url-state';

const idle: SimRunner = { simulate: () => new Promise(() => {}) }; // the picker needs no simulation

describe('Compare\'s workload checkboxes', () => {
  const variant = llmVariantName('llama-3-8b', { phase: 'decode', context: 2048 });

  it('a link\'s LLM variant is a checked entry after its base, labelled readably; unticked it stays listed and ticks again', () => {
    expect(variant).toBe('llama-3-8b:decode,context=2048');
    // the workloads as a Compare link carries them, read back as the app reads links
    const names = allWorkloadNames();
    const opts = { workloads: names };
    const link = serializeUrlState({ ...defaultUrlState(opts), view: 'compare', compare: { ...defaultCompareLink(), workloads: ['resnet50-v2', variant] } });
    const read = parseUrlState(link, opts);
    expect(read.issues).toEqual([]);
    const cmp = new CompareState(idle);
    cmp.applyLink(read.state.compare);
    expect(cmp.workloads).toEqual(['resnet50-v2', variant]);

    const host = document.createElement('div');
    document.body.append(host);
    const picker = mount(WorkloadPicker, { target: host, props: { cmp, names } });
    flushSync();
    const box = (n: string) => host.querySelector<HTMLInputElement>(`[data-testid="compare-workload-${CSS.escape(n)}"]`);
    const ids = () => [...host.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].map((i) => i.dataset.testid!.slice('compare-workload-'.length));
    // the base names as today, in their order, and the variant right after its base
    const listed = ids();
    expect(listed.filter((n) => n !== variant)).toEqual(names);
    expect(listed.indexOf(variant)).toBe(listed.indexOf('llama-3-8b') + 1);
    expect(box(variant)!.checked).toBe(true);
    expect(box('llama-3-8b')!.checked).toBe(false);
    expect(box('resnet50-v2')!.checked).toBe(true);
    expect(box(variant)!.parentElement!.textContent!.trim()).toBe('Llama 3 8B (decode, context 2,048)');

    box(variant)!.click();
    flushSync();
    expect(cmp.workloads).toEqual(['resnet50-v2']);
    expect(box(variant)?.checked).toBe(false); // still offered
    box(variant)!.click();
    flushSync();
    expect(cmp.workloads).toEqual(['resnet50-v2', variant]);
    expect(box(variant)!.checked).toBe(true);
    expect(ids().filter((n) => n === variant)).toHaveLength(1);

    unmount(picker);
    host.remove();
  });

  it('without a variant the checkboxes are the page\'s names, unchanged', () => {
    const cmp = new CompareState(idle);
    const names = allWorkloadNames();
    expect(cmp.workloadChoices(names)).toEqual(names);
    cmp.workloads = ['efficientnet-b0', 'an-import-since-removed'];
    expect(cmp.workloadChoices(names)).toEqual([...names, 'an-import-since-removed']);
  });
});
