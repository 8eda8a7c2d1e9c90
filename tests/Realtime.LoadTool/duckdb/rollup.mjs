// The ingestion yardstick: DuckDB reads the same NDJSON file and rolls it up by minute and every dimension.
// Usage: node rollup.mjs <events.ndjson>   (needs: npm install @duckdb/node-api)
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const started = performance.now();
await connection.run(`
  CREATE TABLE rollup AS
  SELECT date_trunc('minute', CAST("timestamp" AS TIMESTAMP)) AS minute,
         page, language, "user", unpatrolled, newPage, robot, anonymous, namespace, continent, country, region, city,
         list_sort(tags) AS tags,
         count(*) AS count, sum(added) AS added, sum(deleted) AS deleted, sum(delta) AS delta, sum(latency) AS latency
  FROM read_json('${file}', format = 'newline_delimited')
  GROUP BY ALL`);
const seconds = (performance.now() - started) / 1000;
const rows = (await connection.runAndReadAll('SELECT count(*) AS rows, sum(count) AS events FROM rollup')).getRowObjects()[0];
console.log(JSON.stringify({ seconds, rows: Number(rows.rows), events: Number(rows.events), eventsPerSecond: Number(rows.events) / seconds }));
