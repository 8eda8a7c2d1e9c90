// Turns query results of every Druid query type (and SQL's array of objects) into flat rows, and finds their time column.

const isObject = v => v != null && typeof v === 'object' && !Array.isArray(v);

/** Flat rows: groupBy events, topN and search result lists, timeseries results, scan events, or the items themselves. */
export function toRows(result) {
  const rows = [];
  for (const item of Array.isArray(result) ? result : [result]) {
    if (!isObject(item)) rows.push({ value: item });
    else if (isObject(item.event)) rows.push({ timestamp: item.timestamp, ...item.event });
    else if (Array.isArray(item.result)) for (const r of item.result) rows.push({ timestamp: item.timestamp, ...(isObject(r) ? r : { value: r }) });
    else if (isObject(item.result)) rows.push({ timestamp: item.timestamp, ...item.result });
    else if (Array.isArray(item.events)) for (const e of item.events) rows.push(Array.isArray(e) ? Object.fromEntries(item.columns.map((c, i) => [c, e[i]])) : e);
    else rows.push(item);
  }
  return rows;
}

/** Column names in order of first appearance. */
export function columnsOf(rows) {
  const columns = new Set();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/** The time column ("timestamp" or "__time") when every row has a readable time in it, else null. */
export function timeColumnOf(rows, columns) {
  return ['timestamp', '__time'].find(c => columns.includes(c) && rows.length > 0 && rows.every(r => epochSeconds(r[c]) != null)) ?? null;
}

/** An ISO-8601 string or epoch milliseconds as epoch seconds; null when neither. */
export function epochSeconds(value) {
  const millis = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(millis) ? millis / 1000 : null;
}

/**
 * Series to chart against the time column: one per numeric column when each time appears once; otherwise the first
 * numeric column split by the first string column (its eight largest values), or summed per time.
 */
export function timeSeries(rows, columns, timeColumn, limit = 8) {
  const numeric = columns.filter(c => c !== timeColumn && rows.some(r => typeof r[c] === 'number') && rows.every(r => r[c] == null || typeof r[c] === 'number'));
  if (numeric.length === 0) return null;
  const times = [...new Set(rows.map(r => epochSeconds(r[timeColumn])))].sort((a, b) => a - b);
  const slot = new Map(times.map((t, i) => [t, i]));
  const series = (label, pick) => {
    const values = times.map(() => null);
    for (const row of rows) {
      const value = pick(row);
      if (value == null) continue;
      const i = slot.get(epochSeconds(row[timeColumn]));
      values[i] = (values[i] ?? 0) + value;
    }
    return { label, values };
  };
  if (times.length === rows.length) return { times, series: numeric.slice(0, limit).map(c => series(c, r => r[c])) };
  const key = columns.find(c => c !== timeColumn && rows.every(r => r[c] == null || typeof r[c] === 'string'));
  const measure = numeric[0];
  if (!key) return { times, series: numeric.slice(0, limit).map(c => series(c, r => r[c])) };
  const totals = new Map();
  for (const row of rows) totals.set(row[key], (totals.get(row[key]) ?? 0) + (row[measure] ?? 0));
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([k]) => k);
  return { times, series: top.map(k => series(`${measure} (${key} = ${k ?? 'null'})`, r => (r[key] === k ? r[measure] : null))) };
}
