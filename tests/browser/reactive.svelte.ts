// A reactive cell for browser tests written in plain TypeScript: a component mounted with a getter that reads `value`
// updates when a test assigns it (runes only compile in .svelte and .svelte.ts files).
export function cell<T>(initial: T): { value: T } {
  let v = $state.raw(initial);
  return { get value() { return v; }, set value(next: T) { v = next; } };
}
