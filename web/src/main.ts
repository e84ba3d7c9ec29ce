// Page entry: builds the app's state, brings back imported workloads kept in IndexedDB (so a link naming one still
// reads; waiting at most a moment for it), then mounts the app. The Wasm core is loaded in workers, so first paint
// never waits for it.
import { mount } from 'svelte';
import App from './App.svelte';
import { AppState } from './state/app.svelte';
import './app.css';

const target = document.getElementById('app')!;
const app = new AppState();
const atMost = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
void Promise.race([app.imports.restore(), atMost(1500)]).finally(() => {
  target.replaceChildren();
  mount(App, { target, props: { app } });
});
