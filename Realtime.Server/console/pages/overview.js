// Overview: the node (version, role, uptime, memory, plugins), its pipelines with their counts from /metrics, and a
// live chart of events processed per second.
import { h, getJson, every, formatNumber, formatBytes, formatUptime, stateBadge } from '../lib/dom.js';
import { dataTable } from '../lib/table.js';
import { lineChart } from '../lib/chart.js';
import { parsePrometheus, pipelineCounters, pipelineKey } from '../lib/prometheus.js';

const Metric = {
  processed: 'realtime_ingest_events_processed_total',
  unparseable: 'realtime_ingest_events_unparseable_total',
  thrownAway: 'realtime_ingest_events_thrown_away_total',
  duplicate: 'realtime_ingest_events_duplicate_total',
  persists: 'realtime_ingest_persists_count_total',
  handoffs: 'realtime_ingest_handoff_count_total',
};
const RefreshMs = 2000;
const ChartPoints = 150;

export function mount(main) {
  const errors = h('div');
  const node = h('div', { class: 'cards', 'data-testid': 'node' });
  const plugins = h('div', { 'data-testid': 'plugins' });
  const count = key => ({ key, label: key.replace(/[A-Z]/g, c => ` ${c.toLowerCase()}`), numeric: true, render: r => formatNumber(r[key]) });
  const pipelines = dataTable([
    { key: 'name', label: 'pipeline' },
    { key: 'state', label: 'state', render: r => stateBadge(r.state) },
    count('processed'), count('unparseable'), count('thrownAway'), count('duplicate'), count('rowsInMemory'), count('persists'), count('handoffs'),
    { key: 'error', label: 'last error', render: r => r.error ?? '' },
  ], { rowAttributes: r => ({ 'data-pipeline': r.name }) });
  const chartBox = h('div', { class: 'chart', 'data-testid': 'rate-chart' });
  const rates = h('p', { class: 'muted', 'data-testid': 'rates' }, 'Measuring…');
  main.append(errors,
    h('section', null, h('h2', null, 'Node'), node, h('h2', null, 'Plugins'), plugins),
    h('section', null, h('h2', null, 'Pipelines'), pipelines.element),
    h('section', null, h('h2', null, 'Events processed per second'), rates, chartBox));

  let chart = null;
  let previous = null;
  const times = [];
  const series = new Map();

  async function refresh() {
    const [status, metrics] = await Promise.all([getJson('/status'), fetch('/metrics').then(r => r.text())]);
    const now = Date.now() / 1000;
    const counters = pipelineCounters(parsePrometheus(metrics), Object.values(Metric));
    renderNode(status);
    const rows = status.pipelines.map(p => {
      const c = counters[pipelineKey(p.dataSource, p.partitionNum)] ?? {};
      const row = { name: p.partitionNum === 0 ? p.dataSource : `${p.dataSource}/${p.partitionNum}`, state: p.state, error: p.error, rowsInMemory: p.rowsInMemory };
      for (const [field, metric] of Object.entries(Metric)) row[field] = c[metric] ?? 0;
      return row;
    });
    pipelines.update(rows);
    main.dataset.refreshed = String(Number(main.dataset.refreshed ?? 0) + 1);
    recordRates(rows, now);
  }

  function renderNode(status) {
    const cluster = status.cluster ? `${status.cluster.server ?? ''} ${status.cluster.tier ? `(${status.cluster.tier})` : ''}` : null;
    const card = (label, value, id) => h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value', 'data-testid': id }, value));
    node.replaceChildren(...[
      card('Version', shortVersion(status.realtimeVersion), 'version'),
      card('Role', status.role ?? (status.broker ? 'broker' : status.cluster?.type ?? 'realtime'), 'role'),
      card('Uptime', formatUptime(status.uptime), 'uptime'),
      card('Heap in use', formatBytes(status.memory.usedMemory), 'heap'),
      card('Working set', formatBytes(status.memory.totalMemory), 'working-set'),
      card('Memory available', formatBytes(status.memory.maxMemory), 'max-memory'),
      cluster && card('In the cluster as', cluster, 'cluster'),
      status.cluster?.zooKeeper && card('ZooKeeper', status.cluster.zooKeeper.state, 'zookeeper'),
    ].filter(Boolean));
    plugins.replaceChildren(status.modules.length === 0
      ? h('p', { class: 'note' }, 'No plugins loaded: the node runs its built-in components only.')
      : h('table', null,
        h('thead', null, h('tr', null, h('th', null, 'plugin'), h('th', null, 'contracts'), h('th', null, 'types'), h('th', null, 'path'))),
        h('tbody', null, status.modules.map(m => h('tr', { 'data-plugin': m.name },
          h('td', null, m.name), h('td', null, m.version), h('td', { 'data-key': 'types' }, m.types.join(', ')), h('td', { class: 'muted' }, m.artifact))))));
  }

  function recordRates(rows, now) {
    const current = Object.fromEntries(rows.map(r => [r.name, r.processed]));
    if (previous) {
      const elapsed = now - previous.time;
      times.push(now);
      for (const name of Object.keys(current)) {
        if (!series.has(name)) series.set(name, times.slice(0, -1).map(() => null));
        series.get(name).push(Math.max(0, (current[name] - (previous.counts[name] ?? current[name])) / elapsed));
      }
      if (times.length > ChartPoints) {
        times.shift();
        for (const values of series.values()) values.shift();
      }
      const list = [...series].map(([label, values]) => ({ label, values }));
      rates.textContent = list.length === 0
        ? 'No pipelines on this node.'
        : list.map(s => `${s.label}: ${s.values.at(-1).toFixed(1)}/s`).join(' · ');
      rates.dataset.latest = JSON.stringify(Object.fromEntries(list.map(s => [s.label, s.values.at(-1)])));
      if (list.length > 0 && (!chart || chart.labels !== list.map(s => s.label).join())) {
        chart?.destroy();
        chart = lineChart(chartBox, times, list, { yLabel: 'events/s', windowSeconds: ChartPoints * RefreshMs / 1000 });
        chart.labels = list.map(s => s.label).join();
      } else {
        chart?.update(times, list);
      }
    }
    previous = { time: now, counts: current };
  }

  const stop = every(RefreshMs, refresh, errors);
  return { dispose() { stop(); chart?.destroy(); } };
}

/** "0.1.0+<commit>" as "0.1.0+" and the commit's first seven characters. */
const shortVersion = version => (version ?? '–').replace(/\+([0-9a-f]{7})[0-9a-f]+$/, '+$1');
