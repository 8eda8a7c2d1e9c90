// Segments: every segment the node knows (live sinks, persisted hydrants, pushed, published, handed off) and the
// servers that serve each, from /console/api/segments; sortable and filterable.
import { h, getJson, every, formatNumber, formatBytes, stateBadge, stateLabel, shortTime } from '../lib/dom.js';
import { dataTable } from '../lib/table.js';

const RefreshMs = 5000;

export function mount(main) {
  const errors = h('div');
  const summary = h('p', { class: 'muted', 'data-testid': 'summary' });
  const filter = h('input', { type: 'search', placeholder: 'Filter: data source, interval, state, server…', size: 40, 'data-testid': 'filter' });
  const table = dataTable([
    { key: 'dataSource', label: 'data source' },
    { key: 'interval', label: 'interval', render: s => h('span', { title: s.interval }, shortTime(s.interval)) },
    { key: 'version', label: 'version', render: s => h('span', { title: s.version }, shortTime(s.version)) },
    { key: 'partition', label: 'partition', numeric: true },
    { key: 'state', label: 'state', render: s => stateBadge(s.state) },
    { key: 'published', label: 'published', render: s => (s.published ? 'yes' : 'no') },
    { key: 'hydrants', label: 'hydrants (persisted)', numeric: true, render: s => (s.hydrants ? `${s.hydrants} (${s.persistedHydrants})` : '–') },
    { key: 'rows', label: 'rows', numeric: true, render: s => formatNumber(s.rows) },
    { key: 'rowsInMemory', label: 'rows in memory', numeric: true, render: s => formatNumber(s.rowsInMemory) },
    { key: 'size', label: 'size', numeric: true, render: s => formatBytes(s.size) },
    { key: 'servers', label: 'served by', value: s => s.servers.join(', ') },
  ], { rowAttributes: s => ({ 'data-segment-id': s.id, 'data-state': s.state }), sortKey: 'interval' });
  filter.addEventListener('input', () => table.setFilter(filter.value));
  main.append(errors, h('section', null,
    h('div', { class: 'toolbar' }, h('h2', { class: 'grow' }, 'Segments'), filter),
    summary, table.element));

  async function refresh() {
    const [segments, dataSources] = await Promise.all([getJson('/console/api/segments'), getJson('/druid/v2/datasources')]);
    const byState = Object.entries(Object.groupBy(segments, s => s.state)).map(([state, list]) => `${list.length} ${stateLabel(state)}`).join(', ');
    summary.replaceChildren(
      `${segments.length} segments${byState ? ` (${byState})` : ''}. Data sources served: `,
      h('span', { 'data-testid': 'datasources' }, dataSources.join(', ') || 'none'), '.');
    table.update(segments);
  }

  const stop = every(RefreshMs, refresh, errors);
  return { dispose: stop };
}
