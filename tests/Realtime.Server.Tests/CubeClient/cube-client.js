#!/usr/bin/env node
// Cube's Druid driver (@cubejs-backend/druid-driver) against a Realtime node holding the wikipedia sample, as Cube
// uses it: the driver's own methods send every request (no hand-written HTTP), and one statement comes from Cube's own
// SQL generator (DruidQuery over a one-cube data model). Prints what each step answered as one JSON document;
// exits 1 with the error on stderr when any step fails.
//
// Usage: node cube-client.js http://127.0.0.1:PORT
'use strict';

const { DruidDriver } = require('@cubejs-backend/druid-driver');
const { prepareCompiler } = require('@cubejs-backend/schema-compiler');

// Statements in the shape Cube's DruidQuery generates: double-quoted identifiers, TIME_PARSE(?) bounds with ISO
// timestamps as VARCHAR parameters, DATE_TRUNC grains, the time zone conversion and the case-insensitive contains.
const STATEMENTS = {
  languagesBeforeNoon: {
    sql: 'SELECT "language", COUNT(*) AS "count" FROM "wikipedia" '
      + 'WHERE "__time" >= TIME_PARSE(?) AND "__time" < TIME_PARSE(?) GROUP BY 1 ORDER BY 2 DESC LIMIT 10',
    params: ['2013-08-31T00:00:00.000Z', '2013-08-31T12:00:00.000Z'],
  },
  addedByHour: {
    sql: 'SELECT DATE_TRUNC(\'hour\', "__time") AS "hour", SUM("added") AS "added" FROM "wikipedia" '
      + 'WHERE "__time" >= TIME_PARSE(?) AND "__time" < TIME_PARSE(?) GROUP BY 1 ORDER BY 1',
    params: ['2013-08-31T00:00:00.000Z', '2013-09-01T00:00:00.000Z'],
  },
  pagesContaining: {
    sql: 'SELECT "page", SUM("delta") AS "delta" FROM "wikipedia" '
      + 'WHERE LOWER("page") LIKE CONCAT(\'%\', LOWER(?), \'%\') ESCAPE \'\\\' GROUP BY 1 ORDER BY 1',
    params: ['ER'],
  },
  rowsByLosAngelesDay: {
    sql: 'SELECT DATE_TRUNC(\'day\', CAST(TIME_FORMAT("__time", \'yyyy-MM-dd HH:mm:ss\', \'America/Los_Angeles\') AS TIMESTAMP)) AS "day", '
      + 'COUNT(*) AS "count" FROM "wikipedia" GROUP BY 1 ORDER BY 1',
    params: [],
  },
};

// The data model Cube would be given for the table; compiled by Cube's schema compiler.
const MODEL = `
cube('wikipedia', {
  sql_table: 'druid.wikipedia',
  measures: {
    count: { type: 'count' },
    added: { sql: 'added', type: 'sum' },
  },
  dimensions: {
    page: { sql: 'page', type: 'string' },
    language: { sql: 'language', type: 'string' },
    time: { sql: '__time', type: 'time' },
  },
});
`;

// The Cube query (as the REST API normalises it) that DruidQuery turns into SQL.
const CUBE_QUERY = {
  measures: ['wikipedia.count', 'wikipedia.added'],
  dimensions: ['wikipedia.language'],
  timeDimensions: [{ dimension: 'wikipedia.time', granularity: 'day', dateRange: ['2013-08-30', '2013-08-31'] }],
  filters: [{ member: 'wikipedia.page', operator: 'contains', values: ['A'] }],
  order: [{ id: 'wikipedia.count', desc: true }, { id: 'wikipedia.language', desc: false }],
  timezone: 'America/Los_Angeles',
  rowLimit: 10,
  // Cube 1.x generates SQL with its Rust planner (Tesseract) by default, which needs the platform binary of
  // @cubejs-backend/native that a registry-only install does not have; its JavaScript planner is the same
  // DruidQuery dialect and is still selectable per query.
  useNativeSqlPlanner: false,
};

// The schema compiler asks for a Jinja engine up front; it is only used for Jinja and YAML model files, which the
// model above does not have, and the real one lives in the platform binary of @cubejs-backend/native.
const NO_JINJA = {
  newJinjaEngine: () => ({
    loadTemplate: () => { throw new Error('Jinja templates are not supported here'); },
  }),
};

async function generate(driver) {
  const compilers = prepareCompiler(
    { localPath: () => __dirname, dataSchemaFiles: async () => [{ fileName: 'wikipedia.js', content: MODEL }] },
    { adapter: 'druid', nativeInstance: NO_JINJA },
  );
  await compilers.compiler.compile();
  const Dialect = DruidDriver.dialectClass();
  const [sql, params] = new Dialect(compilers, CUBE_QUERY).buildSqlAndParams();
  try {
    return { sql, params, rows: await driver.query(sql, params) };
  } catch (error) {
    throw new Error(`generated: ${error.message}\n  sql: ${sql}\n  params: ${JSON.stringify(params)}`);
  }
}

async function cancel(driver) {
  // Cube's DruidClient cancels with DELETE /druid/v2/{id}, the id read from X-Druid-SQL-Query-Id, but only through the
  // cancel() it attaches to the promise of query(), and query() is an async function, so the promise callers get has
  // no cancel(): in this release the client cancels nothing. Its cancel() is still the request it would send; here
  // with an id no statement runs under. Cube ignores the answer.
  try {
    const response = await driver.client.cancel('cube-client-finished-statement');
    return { status: response.status };
  } catch (error) {
    if (error.response) {
      return { status: error.response.status };
    }
    throw error;
  }
}

async function main() {
  const url = process.argv[2];
  if (!url) {
    throw new Error('usage: node cube-client.js <node url>');
  }

  const driver = new DruidDriver({ url });
  const result = {};

  await driver.testConnection();
  result.testConnection = 'ok';
  result.tablesSchema = await driver.tablesSchema();
  result.tables = await driver.getTablesQuery('druid');
  result.queries = {};
  for (const [name, { sql, params }] of Object.entries(STATEMENTS)) {
    try {
      result.queries[name] = await driver.query(sql, params);
    } catch (error) {
      throw new Error(`${name}: ${error.message}\n  sql: ${sql}\n  params: ${JSON.stringify(params)}`);
    }
  }
  result.generated = await generate(driver);
  result.download = await driver.downloadQueryResults(STATEMENTS.languagesBeforeNoon.sql, STATEMENTS.languagesBeforeNoon.params, {});
  result.cancel = await cancel(driver);

  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error) => {
  const status = error.response ? ` (HTTP ${error.response.status}: ${JSON.stringify(error.response.data)})` : '';
  process.stderr.write(`${error.message}${status}\n`);
  process.exit(1);
});
