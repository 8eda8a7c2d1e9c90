// The ingestion yardstick: DuckDB reads the same NDJSON file and rolls it up by minute and every dimension (rollup.sql).
// Usage: node rollup.mjs <events.ndjson>   (needs: npm install @duckdb/node-api)
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const rollup = readFileSync(new URL('rollup.sql', import.meta.url), 'utf8');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const started = performance.now();
await connection.run(rollup, { file });
const seconds = (performance.now() - started) / 1000;
const rows = (await connection.runAndReadAll('SELECT count(*) AS rows, CAST(sum(count) AS BIGINT) AS events FROM rollup')).getRowObjects()[0];
console.log(JSON.stringify({ seconds, rows: Number(rows.rows), events: Number(rows.events), eventsPerSecond: Number(rows.events) / seconds }));
