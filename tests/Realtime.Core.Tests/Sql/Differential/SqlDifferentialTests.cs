using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Core.Query;
using Realtime.Core.Security;
using Realtime.Core.Sql;
using Realtime.Core.Tests.Query;

namespace Realtime.Core.Tests.Sql.Differential;

/// <summary>
/// Random SQL statements over random events, run by the SQL engine over the node (handed-off segments, persisted
/// hydrants and in-memory indexes; or the same segments on data nodes behind a broker) and by SQLite over the rows
/// the node stores, and compared. Seeded and reproducible: a failure names its seed and statement; set
/// <c>REALTIME_SQL_SEED</c> to run another seed as well.
/// </summary>
public class SqlDifferentialTests
{
    private const int EventCount = 300;
    private const int QueriesPerSeed = 200;
    private const int FailuresShown = 5;

    public static IEnumerable<TestCaseData> Seeds()
    {
        int[] seeds = [20131101, 11, 5150];
        if (int.TryParse(Environment.GetEnvironmentVariable("REALTIME_SQL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var extra))
        {
            seeds = [.. seeds, extra];
        }

        foreach (var layout in new[] { Layout.Mixed, Layout.Brokered })
        {
            foreach (var seed in seeds)
            {
                yield return new TestCaseData(seed, layout);
            }
        }
    }

    [TestCaseSource(nameof(Seeds))]
    public async Task RandomStatementsAgreeWithSqlite(int seed, Layout layout)
    {
        var random = new Random(seed);
        var (events, rows) = SqlReferenceData.Generate(random, EventCount);
        await using var cluster = await QueryCluster.StartAsync(SqlReferenceData.Schema, events, Layout.Mixed, "day", maxRowsInMemory: 25);
        var census = cluster.Census();
        Assert.That(census.Served > 0 && census.Persisted > 0 && census.InMemory > 0, Is.True,
            $"seed {seed}: the rows span handed-off segments, persisted hydrants and in-memory indexes; found {census}");

        await using var brokered = layout == Layout.Brokered ? await BrokeredNodes.StartAsync(cluster, QueryCluster.DataSource) : null;
        IQueryExecutor executor = brokered is null ? cluster.Executor : brokered.Broker;
        var engine = new SqlEngine(executor, [], new AllowAllAuthorizer(), NullLogger<SqlEngine>.Instance);
        using var sqlite = SqlReferenceData.Load(rows);

        // The engine sees every stored row.
        var total = await engine.ExecuteAsync(new SqlRequest("SELECT COUNT(*) FROM events"));
        Assert.That(total.Rows.Single()[0], Is.EqualTo((long)EventCount), $"seed {seed}: rows the engine counts");

        var generator = new SqlQueryGenerator(random);
        var failures = new List<string>();
        var compared = 0;
        for (var i = 0; i < QueriesPerSeed; i++)
        {
            var query = generator.Next();
            List<object?[]> expected;
            try
            {
                expected = SqlReferenceData.Query(sqlite, query.Sqlite);
            }
            catch (SqliteException e)
            {
                // A generator mistake, not an engine bug: fail loudly all the same.
                failures.Add($"seed {seed}, query {i}: SQLite rejected its translation ({e.Message})\n  druid:  {query.Druid}\n  sqlite: {query.Sqlite}");
                continue;
            }

            string? difference;
            try
            {
                var actual = await engine.ExecuteAsync(new SqlRequest(query.Druid, null, new JsonObject { ["useApproximateCountDistinct"] = false }));
                difference = SqlRows.Difference(expected, actual.Rows, query.Ordered) ?? SqlRows.TypeViolation(actual);
            }
            catch (Exception e)
            {
                difference = $"the engine failed with {e.GetType().Name}: {e.Message}";
            }

            compared++;
            if (difference is not null)
            {
                failures.Add($"seed {seed}, query {i} ({(query.Ordered ? "ordered" : "as multisets")}): {difference}\n  druid:  {query.Druid}\n  sqlite: {query.Sqlite}");
            }
        }

        Assert.That(failures, Is.Empty,
            $"seed {seed}, {layout}: {failures.Count} of {QueriesPerSeed} statements differ from SQLite; the first {Math.Min(FailuresShown, failures.Count)}:\n{string.Join("\n\n", failures.Take(FailuresShown))}");
        Assert.That(compared, Is.EqualTo(QueriesPerSeed), $"seed {seed}: statements compared");
    }
}
