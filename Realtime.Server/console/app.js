// The console's shell: a page per location hash, and the node's name and version in the header.
import { getJson } from './lib/dom.js';
import * as overview from './pages/overview.js';
import * as segments from './pages/segments.js';
import * as query from './pages/query.js';
import * as specs from './pages/specs.js';

const pages = { overview, segments, query, specs };
const main = document.getElementById('main');
let current = null;

function route() {
  const asked = location.hash.replace(/^#\/?/, '');
  const name = asked in pages ? asked : 'overview';
  current?.dispose?.();
  main.replaceChildren();
  main.dataset.page = name;
  delete main.dataset.refreshed;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.page === name);
  current = pages[name].mount(main);
}

window.addEventListener('hashchange', route);
route();
getJson('/status').then(status => {
  document.getElementById('node').textContent = `${status.role ?? ''} · ${location.host} · ${status.realtimeVersion ?? ''}`;
}, () => {});
