// A table whose columns sort on a click and whose rows a text filter narrows; it keeps both across updates.
import { h } from './dom.js';

/**
 * columns: [{ key, label, value?: row => sortable value, render?: row => node or text, numeric?: bool }]
 * Returns { element, update(rows), setFilter(text) }.
 */
export function dataTable(columns, { rowAttributes, sortKey = null, descending = false } = {}) {
  let rows = [];
  let filter = '';
  const valueOf = (column, row) => (column.value ? column.value(row) : row[column.key]);
  const textOf = (column, row) => {
    const value = column.render ? column.render(row) : valueOf(column, row);
    if (value instanceof Node) return value.textContent;
    return value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  const body = h('tbody');
  const headers = columns.map(column => h('th', {
    class: `sortable${column.numeric ? ' num' : ''}`,
    'data-key': column.key,
    onclick: () => {
      descending = sortKey === column.key ? !descending : false;
      sortKey = column.key;
      render();
    },
  }, column.label));
  const element = h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, h('tr', null, headers)), body));

  function render() {
    headers.forEach((th, i) => {
      th.classList.toggle('sorted-asc', columns[i].key === sortKey && !descending);
      th.classList.toggle('sorted-desc', columns[i].key === sortKey && descending);
    });
    const needle = filter.trim().toLowerCase();
    let shown = needle ? rows.filter(row => columns.some(c => textOf(c, row).toLowerCase().includes(needle))) : [...rows];
    const column = columns.find(c => c.key === sortKey);
    if (column) {
      shown.sort((a, b) => compare(valueOf(column, a), valueOf(column, b)) * (descending ? -1 : 1));
    }
    body.replaceChildren(...shown.map(row => h('tr', rowAttributes?.(row), columns.map(c => {
      const content = c.render ? c.render(row) : valueOf(c, row);
      return h('td', { class: c.numeric ? 'num' : null, 'data-key': c.key },
        content != null && typeof content === 'object' && !(content instanceof Node) ? JSON.stringify(content) : content);
    }))));
    element.dataset.rows = String(shown.length);
  }

  return {
    element,
    update(newRows) { rows = newRows; render(); },
    setFilter(text) { filter = text; render(); },
  };
}

function compare(a, b) {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}
