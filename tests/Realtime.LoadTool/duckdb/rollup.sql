-- The DuckDB yardstick's rollup, run by both peers (rollup.mjs and the load tool's duckdb-peer) with $file bound to
-- the NDJSON file: the same rollup as the node's wikipedia data schema, by minute and every dimension, with the count
-- and the sums, into a table.
CREATE TABLE rollup AS
SELECT date_trunc('minute', CAST("timestamp" AS TIMESTAMP)) AS minute,
       page, language, "user", unpatrolled, newPage, robot, anonymous, namespace, continent, country, region, city,
       list_sort(tags) AS tags,
       count(*) AS count, sum(added) AS added, sum(deleted) AS deleted, sum(delta) AS delta, sum(latency) AS latency
FROM read_json($file, format = 'newline_delimited')
GROUP BY ALL
