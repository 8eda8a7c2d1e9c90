// Small helpers shared by the pages: building elements, fetching JSON and formatting figures.

/** Creates an element; attributes starting with "on" become listeners; children may be nodes, text or arrays. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** GETs JSON, throwing an error that names the path and status when the node does not answer 200. */
export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path} answered ${response.status} ${response.statusText}`);
  return response.json();
}

/**
 * Calls refresh now and every intervalMs, skipping a turn while the last call runs; returns a function that stops it.
 * Failures show in errorTarget.
 */
export function every(intervalMs, refresh, errorTarget) {
  let stopped = false;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await refresh();
      errorTarget?.replaceChildren();
    } catch (e) {
      errorTarget?.replaceChildren(h('div', { class: 'error' }, `Cannot read the node: ${e.message}`));
    } finally {
      running = false;
    }
  };
  run();
  const timer = setInterval(() => { if (!stopped) run(); }, intervalMs);
  return () => { stopped = true; clearInterval(timer); };
}

export const formatNumber = n => (n == null ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 2 }));

export function formatBytes(bytes) {
  if (bytes == null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** .NET's TimeSpan text ("1.02:03:04.5678") as "1d 2h 3m 4s". */
export function formatUptime(text) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(text ?? '');
  if (!match) return text ?? '–';
  const [days, hours, minutes, seconds] = [match[1] ?? 0, match[2], match[3], match[4]].map(Number);
  return [days && `${days}d`, (days || hours) && `${hours}h`, (days || hours || minutes) && `${minutes}m`, `${seconds}s`].filter(Boolean).join(' ');
}

/** A state as words: "handedOff" reads "handed off". */
export const stateLabel = state => String(state).replace(/(?<=[a-z])[A-Z]/g, c => ` ${c.toLowerCase()}`);

/** A state badge, styled by its lower-case name. */
export const stateBadge = state => h('span', { class: `state state-${String(state).toLowerCase()}` }, stateLabel(state));

/** An ISO-8601 time or interval without the parts that are zero: "2013-08-31T00:00:00.000Z" reads "2013-08-31". */
export const shortTime = text => String(text).replace(/T00:00:00\.000Z/g, '').replace(/(:00)?\.000Z/g, 'Z');
