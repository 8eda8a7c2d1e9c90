// Query: an editor for native JSON queries and SQL; results as a table and, when they have a time column, as a line
// chart; errors with Druid's message and where the query went wrong; a running query can be cancelled.
import { h, getJson } from '../lib/dom.js';
import { dataTable } from '../lib/table.js';
import { lineChart } from '../lib/chart.js';
import { toRows, columnsOf, timeColumnOf, timeSeries } from '../lib/results.js';
import { locatePath } from '../lib/jsonpath.js';

const Languages = {
  native: { label: 'Native JSON', url: '/druid/v2', cancelUrl: id => `/druid/v2/${encodeURIComponent(id)}` },
  sql: { label: 'SQL', url: '/druid/v2/sql', cancelUrl: id => `/druid/v2/sql/${encodeURIComponent(id)}` },
};

export function mount(main) {
  let language = sessionStorage.getItem('query.language') ?? 'native';
  let running = null;
  let chart = null;
  const editor = h('textarea', { class: 'editor', spellcheck: 'false', 'data-testid': 'editor', 'aria-label': 'query' });
  const picker = h('select', { 'data-testid': 'language' }, Object.entries(Languages).map(([value, l]) => h('option', { value }, l.label)));
  const run = h('button', { class: 'primary', 'data-testid': 'run', onclick: () => execute() }, 'Run');
  const cancel = h('button', { 'data-testid': 'cancel', disabled: true, onclick: () => cancelRunning() }, 'Cancel');
  const format = h('button', { onclick: () => formatJson() }, 'Format');
  const status = h('span', { class: 'muted', 'data-testid': 'query-status' });
  const output = h('div', { 'data-testid': 'output' });
  picker.value = language;
  editor.value = sessionStorage.getItem(`query.${language}`) ?? '';
  main.append(h('section', null,
    h('div', { class: 'toolbar' }, picker, run, cancel, format, h('span', { class: 'grow' }), status),
    editor,
    h('p', { class: 'muted' }, 'Ctrl+Enter runs the query.')), output);

  picker.addEventListener('change', () => {
    sessionStorage.setItem(`query.${language}`, editor.value);
    language = picker.value;
    sessionStorage.setItem('query.language', language);
    editor.value = sessionStorage.getItem(`query.${language}`) ?? '';
  });
  editor.addEventListener('input', () => sessionStorage.setItem(`query.${language}`, editor.value));
  editor.addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      execute();
    } else if (e.key === 'Tab' && !e.shiftKey) {
      e.preventDefault();
      editor.setRangeText('  ', editor.selectionStart, editor.selectionEnd, 'end');
    }
  });
  // The suggested native query arrives later: it never replaces what the user has begun to type, nor lands in the SQL editor.
  const suggestionFits = () => !editor.value && language === 'native' && document.activeElement !== editor;
  if (suggestionFits()) suggestQuery().then(text => { if (suggestionFits()) editor.value = text; }, () => {});

  function formatJson() {
    try {
      editor.value = JSON.stringify(JSON.parse(editor.value), null, 2);
    } catch (e) {
      status.textContent = `Not valid JSON: ${e.message}`;
    }
  }

  async function execute() {
    if (running) return;
    const id = `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const { body, queryId } = language === 'sql'
      ? { body: JSON.stringify({ query: editor.value, resultFormat: 'object', context: { sqlQueryId: id } }), queryId: id }
      : withQueryId(editor.value, id);
    const controller = new AbortController();
    running = { queryId, controller, language };
    run.disabled = true;
    cancel.disabled = false;
    status.textContent = `Running ${queryId}…`;
    const started = performance.now();
    try {
      const response = await fetch(Languages[language].url, {
        method: 'POST', body, signal: controller.signal, headers: { 'Content-Type': 'application/json' },
      });
      const text = await response.text();
      const elapsed = Math.round(performance.now() - started);
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      if (response.ok) showResults(parsed, elapsed, queryId);
      else showError(response.status, parsed, running.language);
    } catch (e) {
      if (e.name === 'AbortError') {
        status.textContent = `Cancelled ${queryId}.`;
        output.replaceChildren(h('p', { class: 'note', 'data-testid': 'cancelled' }, 'The query was cancelled.'));
      } else {
        showError(0, { error: 'Cannot reach the node', errorMessage: e.message }, running.language);
      }
    } finally {
      running = null;
      run.disabled = false;
      cancel.disabled = true;
    }
  }

  function cancelRunning() {
    if (!running) return;
    fetch(Languages[running.language].cancelUrl(running.queryId), { method: 'DELETE' }).catch(() => {});
    running.controller.abort();
  }

  function showResults(result, elapsed, queryId) {
    chart?.destroy();
    chart = null;
    const rows = toRows(result);
    const columns = columnsOf(rows);
    status.textContent = `${rows.length} row${rows.length === 1 ? '' : 's'} in ${elapsed} ms (${queryId}).`;
    const table = dataTable(columns.map(key => ({ key, label: key, numeric: rows.some(r => typeof r[key] === 'number') })));
    table.element.dataset.testid = 'result-table';
    table.update(rows);
    const timeColumn = timeColumnOf(rows, columns);
    const plotted = timeColumn && timeSeries(rows, columns, timeColumn);
    const chartBox = h('div', { class: 'chart', 'data-testid': 'result-chart' });
    output.replaceChildren(
      plotted ? h('section', null, h('h2', null, `Over ${timeColumn}`), chartBox) : '',
      h('section', null, h('h2', null, 'Results'), rows.length === 0 ? h('p', { class: 'note' }, 'No rows.') : table.element));
    if (plotted) chart = lineChart(chartBox, plotted.times, plotted.series);
  }

  function showError(httpStatus, body, queryLanguage) {
    const error = body && typeof body === 'object' && !Array.isArray(body) ? body : { error: `HTTP ${httpStatus}`, errorMessage: String(body) };
    const message = queryLanguage === 'sql' && (httpStatus === 404 || httpStatus === 405)
      ? `This node does not answer SQL: POST ${Languages.sql.url} answered ${httpStatus}.`
      : error.errorMessage ?? error.message ?? '';
    const where = queryLanguage === 'sql' ? sqlPosition(error, message) : jsonPosition(message);
    status.textContent = `Failed (${httpStatus || 'no answer'}).`;
    output.replaceChildren(h('div', { class: 'error', 'data-testid': 'query-error' },
      h('div', { class: 'code' }, error.error ?? `HTTP ${httpStatus}`),
      h('div', { 'data-testid': 'error-message' }, message),
      where && h('div', { class: 'where', 'data-testid': 'error-where' }, where.label),
      (error.errorClass || error.host) && h('div', { class: 'muted' }, [error.errorClass, error.host].filter(Boolean).join(' on '))));
    if (where?.span) {
      editor.focus();
      editor.setSelectionRange(where.span[0], where.span[1]);
    }
  }

  function jsonPosition(message) {
    const path = /\bat (\$\S*)/.exec(message)?.[1];
    return path ? { label: `JSON path: ${path}`, span: locatePath(editor.value, path) } : null;
  }

  function sqlPosition(error, message) {
    const match = /line \[?(\d+)\]?,\s*column \[?(\d+)\]?/i.exec(message);
    const line = Number(error.context?.line ?? match?.[1]);
    const column = Number(error.context?.column ?? match?.[2]);
    if (!line || !column) return null;
    const offset = editor.value.split('\n').slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
    return { label: `SQL line ${line}, column ${column}`, span: [offset, offset + 1] };
  }

  return { dispose() { cancelRunning(); chart?.destroy(); } };
}

/** The query with context.queryId set (kept when it has one), so that it can be cancelled; unparseable text goes as typed. */
function withQueryId(text, id) {
  try {
    const query = JSON.parse(text);
    query.context = { ...query.context, queryId: query.context?.queryId ?? id };
    return { body: JSON.stringify(query), queryId: query.context.queryId };
  } catch {
    return { body: text, queryId: id };
  }
}

/** A timeseries over the whole of the first data source, at a granularity that suits its time span. */
async function suggestQuery() {
  const [dataSource] = await getJson('/druid/v2/datasources');
  if (!dataSource) return '';
  const response = await fetch('/druid/v2', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ queryType: 'timeBoundary', dataSource }),
  });
  const boundary = (await response.json())[0]?.result;
  const start = boundary ? Date.parse(boundary.minTime) : Date.now() - 86_400_000;
  const end = boundary ? Date.parse(boundary.maxTime) + 1 : Date.now();
  const days = (end - start) / 86_400_000;
  return JSON.stringify({
    queryType: 'timeseries',
    dataSource,
    intervals: [`${new Date(start).toISOString()}/${new Date(end).toISOString()}`],
    granularity: days <= 2 ? 'hour' : days <= 90 ? 'day' : 'month',
    aggregations: [{ type: 'count', name: 'rows' }],
  }, null, 2);
}
