// Reads the node's /metrics (Prometheus text format) into samples.

/** Parses Prometheus text into [{ name, labels, value }], skipping comments. */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = {};
    for (const label of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[label[1]] = label[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The counters named in names, per pipeline ("dataSource/partition"): { key: { name: value } }. */
export function pipelineCounters(samples, names) {
  const byPipeline = {};
  for (const sample of samples) {
    if (!names.includes(sample.name) || sample.labels.data_source == null) continue;
    const key = pipelineKey(sample.labels.data_source, sample.labels.partition ?? 0);
    (byPipeline[key] ??= {})[sample.name] = (byPipeline[key][sample.name] ?? 0) + sample.value;
  }
  return byPipeline;
}

export const pipelineKey = (dataSource, partition) => `${dataSource}/${partition}`;
