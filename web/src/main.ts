// Page entry: mounts the app. The Wasm core is loaded in workers, so first paint never waits for it.
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app')!;
target.replaceChildren();
mount(App, { target });
