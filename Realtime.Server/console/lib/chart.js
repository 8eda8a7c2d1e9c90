// Line charts over time with uPlot (served from vendor/, loaded by index.html as the global uPlot).
import { h } from './dom.js';

const palette = ['#2f6fdb', '#e4572e', '#17a398', '#9b5de5', '#f2a541', '#33658a', '#c2185b', '#6a994e'];

/** Whether the charting library loaded; a node built without npm ships none. */
export const chartsAvailable = () => typeof globalThis.uPlot === 'function';

/**
 * Draws a line chart into container: times in epoch seconds, series as [{ label, values }]. With windowSeconds the time
 * axis shows at most that many seconds up to the newest time. Returns { update(times, series), destroy() }; update redraws with
 * new data and the same series labels.
 */
export function lineChart(container, times, series, { height = 260, yLabel = '', windowSeconds = 0 } = {}) {
  if (!chartsAvailable()) {
    container.replaceChildren(h('p', { class: 'note' }, 'Charts are not available: this node was built without its charting library (npm was missing).'));
    return { update() {}, destroy() {} };
  }
  const options = {
    width: Math.max(container.clientWidth, 300),
    height,
    scales: { x: windowSeconds ? { time: true, range: (_, min, max) => [Math.min(Math.max(min, max - windowSeconds), max - 60), max] } : { time: true } },
    axes: [{}, { label: yLabel, size: 60 }],
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 2, spanGaps: true, points: { size: 4 } }))],
  };
  const plot = new globalThis.uPlot(options, [times, ...series.map(s => s.values)], container);
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(container.clientWidth, 300), height }));
  resize.observe(container);
  return {
    update(newTimes, newSeries) { plot.setData([newTimes, ...newSeries.map(s => s.values)]); },
    destroy() { resize.disconnect(); plot.destroy(); },
  };
}
