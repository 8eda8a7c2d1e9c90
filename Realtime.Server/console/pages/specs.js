// Ingestion specs: the spec each pipeline runs, with its defaults filled in, from /console/api/specs.
import { h, getJson } from '../lib/dom.js';

export function mount(main) {
  const content = h('div');
  main.append(content);
  getJson('/console/api/specs').then(pipelines => {
    content.replaceChildren(...(pipelines.length === 0
      ? [h('section', null, h('p', { class: 'note' }, 'This node runs no pipelines.'))]
      : pipelines.map(p => h('section', { 'data-pipeline': p.name },
        h('h2', null, p.name),
        h('p', { class: 'muted' }, `Data source ${p.dataSource}, partition ${p.partitionNum}. Every setting as the pipeline runs it, defaults included.`),
        h('pre', { 'data-testid': 'spec' }, highlight(JSON.stringify(p.spec, null, 2)))))));
  }, e => content.replaceChildren(h('div', { class: 'error' }, `Cannot read the specs: ${e.message}`)));
  return {};
}

/** Colours JSON text: keys, strings, numbers and literals. */
function highlight(json) {
  const parts = [];
  let last = 0;
  for (const match of json.matchAll(/("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g)) {
    parts.push(json.slice(last, match.index));
    const kind = match[1] ? (match[2] ? 'j-key' : 'j-str') : match[3] ? 'j-num' : 'j-lit';
    parts.push(h('span', { class: kind }, match[1] ?? match[0]), match[2] ?? '');
    last = match.index + match[0].length;
  }
  parts.push(json.slice(last));
  return parts;
}
