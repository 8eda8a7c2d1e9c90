using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Realtime.Core.Components;
using Realtime.Core.Query;
using Realtime.Core.Security;
using Realtime.Core.Sql;
using Realtime.Core.Tests.Query;

namespace Realtime.Core.Tests.Sql;

/// <summary>
/// SQL through the engine over a small data source: which native query a statement becomes (<c>EXPLAIN PLAN FOR</c>),
/// typed parameters, and errors that name what was wrong and where.
/// </summary>
[TestFixture(Layout.Mixed)]
public class SqlEngineTests(Layout layout)
{
    private const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["country", "device", "tags"] } } },
          "metricsSpec": [{ "type": "count", "name": "count" }, { "type": "longSum", "name": "bytes", "fieldName": "bytes" },
                          { "type": "doubleSum", "name": "price", "fieldName": "price" }],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "day", "queryGranularity": "none" }
        }
        """;

    private static readonly string[] Rows =
    [
        """{"timestamp": "2013-01-01T01:00:00Z", "country": "FR", "device": "phone", "tags": ["a", "b"], "bytes": 10, "price": 1.5}""",
        """{"timestamp": "2013-01-01T02:30:00Z", "country": "FR", "device": "tablet", "tags": ["b"], "bytes": 20, "price": 0.25}""",
        """{"timestamp": "2013-01-02T03:00:00Z", "country": "US", "device": "phone", "bytes": 5, "price": 2}""",
        """{"timestamp": "2013-01-02T04:00:00Z", "device": "desktop", "tags": ["c"], "bytes": 1, "price": 0.5}""",
    ];

    private QueryCluster _cluster = null!;
    private SqlEngine _engine = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = await QueryCluster.StartAsync(Schema, Rows, layout);
        _engine = new SqlEngine(_cluster.Executor, [], new AllowAllAuthorizer(), NullLogger<SqlEngine>.Instance);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _cluster.DisposeAsync();

    private Task<SqlResult> RunAsync(string sql, params SqlParameterValue[] parameters) =>
        _engine.ExecuteAsync(new SqlRequest(sql, parameters));

    private async Task<JsonArray> PlanAsync(string sql) =>
        JsonNode.Parse((string)(await RunAsync("EXPLAIN PLAN FOR " + sql)).Rows[0][0]!)!.AsArray();

    private static IEnumerable<JsonObject> NativeQueries(JsonNode node)
    {
        if (node is not JsonObject o)
        {
            return node.AsArray().SelectMany(i => NativeQueries(i!));
        }

        IEnumerable<JsonObject> own = o["query"] is JsonObject q ? [q] : [];
        return own.Concat(o["inputs"]?.AsArray().SelectMany(i => NativeQueries(i!)) ?? []);
    }

    [TestCase("SELECT COUNT(*) FROM events", "timeseries")]
    [TestCase("SELECT FLOOR(__time TO DAY), SUM(bytes) FROM events GROUP BY 1", "timeseries")]
    [TestCase("SELECT country, SUM(bytes) AS b FROM events GROUP BY country ORDER BY b DESC LIMIT 2", "topN")]
    [TestCase("SELECT country, device, COUNT(*) FROM events GROUP BY country, device", "groupBy")]
    [TestCase("SELECT country, COUNT(*) FROM events GROUP BY ROLLUP (country)", "groupBy")]
    [TestCase("SELECT __time, country FROM events WHERE device = 'phone' LIMIT 1", "scan")]
    [TestCase("SELECT UPPER(country), COUNT(*) FROM events GROUP BY 1", "groupBy")]
    [TestCase("SELECT TIME_FORMAT(__time, 'yyyy-MM-dd'), COUNT(*) FROM events GROUP BY 1", "groupBy")]
    [TestCase("SELECT REVERSE(country), COUNT(*) FROM events GROUP BY 1", "scan")]
    [TestCase("SELECT MIN(__time), MAX(__time) FROM events WHERE country = 'FR'", "timeBoundary")]
    public async Task AStatementRunsAsTheNativeQueryDruidWouldPlan(string sql, string queryType)
    {
        var queries = NativeQueries(await PlanAsync(sql)).ToList();

        Assert.That(queries.Select(q => q["queryType"]!.GetValue<string>()), Is.EqualTo(new[] { queryType }), sql);
    }

    [Test]
    public async Task AFilterBecomesANativeFilterAndTimeConditionsBecomeIntervals()
    {
        var query = NativeQueries(await PlanAsync(
            "SELECT COUNT(*) FROM events WHERE __time >= TIMESTAMP '2013-01-01 02:00:00' AND __time < TIMESTAMP '2013-01-02' AND country <> 'US'")).Single();

        Assert.That(query["intervals"]!.ToJsonString(), Is.EqualTo("""["2013-01-01T02:00:00.000Z/2013-01-02T00:00:00.000Z"]"""));
        Assert.That(query["filter"]!["type"]!.GetValue<string>(), Is.EqualTo("and"), "a negation also excludes nulls, as SQL does");
    }

    [Test]
    public async Task ANativePlanAndAnInMemoryPlanGiveTheSameGroups()
    {
        var native = await RunAsync("SELECT country, SUM(bytes) FROM events GROUP BY country ORDER BY country");
        var inMemory = await RunAsync("SELECT country, SUM(bytes + 0) FROM events GROUP BY country ORDER BY country");

        Assert.That(native.Rows.Select(r => $"{r[0]}={r[1]}"), Is.EqualTo(new[] { "=1", "FR=30", "US=5" }));
        Assert.That(inMemory.Rows.Select(r => $"{r[0]}={r[1]}"), Is.EqualTo(native.Rows.Select(r => $"{r[0]}={r[1]}")));
    }

    [Test]
    public async Task ParametersAreTyped()
    {
        var result = await RunAsync("SELECT COUNT(*), SUM(price) FROM events WHERE device = ? AND bytes > ? AND __time >= ?",
            new SqlParameterValue("VARCHAR", "phone"), new SqlParameterValue("BIGINT", 1), new SqlParameterValue("TIMESTAMP", "2013-01-01 00:00:00"));

        Assert.That(result.Rows.Single(), Is.EqualTo(new object?[] { 2L, 3.5 }));
        Assert.That(result.Columns.Select(c => c.Type), Is.EqualTo(new[] { SqlColumnType.Bigint, SqlColumnType.Double }));
    }

    [Test]
    public async Task AMultiValueColumnGroupsEachValue()
    {
        var result = await RunAsync("SELECT tags, COUNT(*) FROM events GROUP BY tags ORDER BY tags");

        Assert.That(result.Rows.Select(r => $"{r[0] ?? "null"}={r[1]}"), Is.EqualTo(new[] { "null=1", "a=1", "b=2", "c=1" }));
    }

    [Test]
    public async Task AnEmptyGroupingStillAnswersOneRow()
    {
        var result = await RunAsync("SELECT COUNT(*), SUM(bytes), MAX(price) FROM events WHERE country = 'none'");

        Assert.That(result.Rows.Single(), Is.EqualTo(new object?[] { 0L, null, null }));
    }

    [TestCase("SELEC 1", "SQL parse failed", "line 1, column 1")]
    [TestCase("SELECT *\nFROM nowhere", "Plan validation failed", "Object 'nowhere' not found")]
    [TestCase("SELECT missing FROM events", "Plan validation failed", "Column 'missing' not found")]
    [TestCase("SELECT NO_SUCH(country) FROM events", "Plan validation failed", "NO_SUCH")]
    [TestCase("SELECT SUM(country) FROM events", "Plan validation failed", "SUM")]
    [TestCase("SELECT country, COUNT(*) FROM events GROUP BY device", "Plan validation failed", "'country' is not being grouped")]
    [TestCase("SELECT COUNT(*) FROM events WHERE country = ?", "Plan validation failed", "1 parameter")]
    public void BadStatementsAreRefusedWithTheirReason(string sql, string error, string detail)
    {
        var e = Assert.ThrowsAsync<SqlPlanningException>(() => RunAsync(sql));

        Assert.That(e!.ErrorCode, Is.EqualTo(error));
        Assert.That(e.Message, Does.Contain(detail));
        Assert.That(e.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task InformationSchemaDescribesTheDataSource()
    {
        var result = await RunAsync(
            "SELECT COLUMN_NAME, DATA_TYPE, JDBC_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'druid' AND TABLE_NAME = 'events' ORDER BY ORDINAL_POSITION");

        Assert.That(result.Rows.Select(r => $"{r[0]}:{r[1]}:{r[2]}"), Is.EqualTo(new[]
        {
            "__time:TIMESTAMP:93", "bytes:BIGINT:-5", "count:BIGINT:-5", "country:VARCHAR:12", "device:VARCHAR:12", "price:DOUBLE:8", "tags:VARCHAR:12",
        }));
    }

    [Test]
    public async Task AQueryExecutorRunsSqlWithDotNetParameters()
    {
        var result = await _cluster.Executor.ExecuteSqlAsync(
            "SELECT device, SUM(bytes) FROM events WHERE __time >= ? AND price > ? GROUP BY device ORDER BY device",
            [new DateTimeOffset(2013, 1, 1, 2, 0, 0, TimeSpan.Zero), 0.4]);

        Assert.That(result.Rows.Select(r => $"{r[0]}={r[1]}"), Is.EqualTo(new[] { "desktop=1", "phone=5" }));
    }

    [Test]
    public async Task TheLatestRowsAreReadByATimeOrderedScanWithALimit()
    {
        const string sql = "SELECT __time, device FROM events ORDER BY __time DESC LIMIT 2";
        var scan = NativeQueries(await PlanAsync(sql)).Single();
        var result = await RunAsync(sql);

        Assert.That(scan["order"]!.GetValue<string>(), Is.EqualTo("descending"));
        Assert.That(scan["limit"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(result.Rows.Select(r => r[1]), Is.EqualTo(new[] { "desktop", "phone" }));
    }

    [Test]
    public async Task AWithTableIsVisibleInsideSubqueries()
    {
        var result = await RunAsync(
            "WITH french AS (SELECT device FROM events WHERE country = 'FR') SELECT COUNT(*) FROM events WHERE device IN (SELECT device FROM french)");

        Assert.That(result.Rows.Single()[0], Is.EqualTo(3L), "phone twice and tablet once");
    }

    [Test]
    public async Task TheTimeRangeOfTheDataComesFromATimeBoundaryQuery()
    {
        var all = await RunAsync("SELECT MIN(__time), MAX(__time) FROM events");
        var none = await RunAsync("SELECT MAX(__time) FROM events WHERE country = 'none'");

        Assert.That(all.Rows.Single(), Is.EqualTo(new object?[]
        {
            DateTimeOffset.Parse("2013-01-01T01:00:00Z").ToUnixTimeMilliseconds(), DateTimeOffset.Parse("2013-01-02T04:00:00Z").ToUnixTimeMilliseconds(),
        }));
        Assert.That(all.Columns.Select(c => c.Type), Is.EqualTo(new[] { SqlColumnType.Timestamp, SqlColumnType.Timestamp }));
        Assert.That(none.Rows.Single(), Is.EqualTo(new object?[] { null }));
    }

    [Test]
    public void AStatementEvaluatedInMemoryPastTheRowLimitSaysWhyItScans()
    {
        var limited = new QueryExecutor(_cluster, new SpecSerializer(ComponentRegistry.BuiltIn), NullLogger<QueryExecutor>.Instance, new QueryOptions { MaxResultRows = 2 });
        var engine = new SqlEngine(limited, [], new AllowAllAuthorizer(), NullLogger<SqlEngine>.Instance);

        var e = Assert.ThrowsAsync<ResourceLimitExceededException>(() => engine.ExecuteAsync(new SqlRequest("SELECT REVERSE(device), COUNT(*) FROM events GROUP BY 1")));

        Assert.That(e!.Message, Does.Contain("MaxResultRows").And.Contain("scan because part of it has no native form"));
        Assert.That(e.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task ExtractionKeysGiveWhatTheSameExpressionsGiveInMemory()
    {
        const string native = "SELECT UPPER(country) AS c, TIME_FORMAT(__time, 'yyyy-MM-dd HH', 'America/Los_Angeles') AS h, SUM(bytes) FROM events GROUP BY 1, 2 ORDER BY 1, 2";
        const string inMemory = "SELECT UPPER(CONCAT(country, '')) AS c, TIME_FORMAT(TIMESTAMPADD(SECOND, 0, __time), 'yyyy-MM-dd HH', 'America/Los_Angeles') AS h, SUM(bytes) FROM events GROUP BY 1, 2 ORDER BY 1, 2";

        var expected = (await RunAsync(inMemory)).Rows.Select(r => $"{r[0] ?? "null"} {r[1]} {r[2]}").ToList();

        Assert.That((await RunAsync(native)).Rows.Select(r => $"{r[0] ?? "null"} {r[1]} {r[2]}"), Is.EqualTo(expected));
        Assert.That(expected, Is.EqualTo(new[] { "null 2013-01-01 20 1", "FR 2012-12-31 17 10", "FR 2012-12-31 18 20", "US 2013-01-01 19 5" }));
    }

    [Test]
    public async Task TimeBucketsInTheStatementsTimeZoneAreTheSameNativeAndInMemory()
    {
        var context = new JsonObject { ["sqlTimeZone"] = "America/Los_Angeles" };
        var native = await _engine.ExecuteAsync(new SqlRequest("SELECT FLOOR(__time TO DAY) AS d, SUM(bytes) FROM events GROUP BY 1 ORDER BY 1", Context: context));
        var inMemory = await _engine.ExecuteAsync(new SqlRequest(
            "SELECT FLOOR(TIMESTAMPADD(SECOND, 0, __time) TO DAY) AS d, SUM(bytes) FROM events GROUP BY 1 ORDER BY 1", Context: context.DeepClone().AsObject()));

        var expected = new[] { $"{DateTimeOffset.Parse("2012-12-31T08:00:00Z").ToUnixTimeMilliseconds()}=30", $"{DateTimeOffset.Parse("2013-01-01T08:00:00Z").ToUnixTimeMilliseconds()}=6" };
        Assert.That(inMemory.Rows.Select(r => $"{r[0]}={r[1]}"), Is.EqualTo(expected));
        Assert.That(native.Rows.Select(r => $"{r[0]}={r[1]}"), Is.EqualTo(expected));
    }

    [Test]
    public async Task AStatementWhoseContextTimeoutPassesTimesOutAndCurrentTimestampReadsTheEnginesClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T10:00:00Z"));
        var held = new HeldExecutor(_cluster.Executor);
        var engine = new SqlEngine(held, [], new AllowAllAuthorizer(), NullLogger<SqlEngine>.Instance, clock);

        var now = await engine.ExecuteAsync(new SqlRequest("SELECT TIMESTAMP_TO_MILLIS(CURRENT_TIMESTAMP)"));
        var running = engine.ExecuteAsync(new SqlRequest("SELECT COUNT(*) FROM events", Context: new JsonObject { ["timeout"] = 60_000, ["sqlQueryId"] = "held" }));
        await held.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));
        clock.Advance(TimeSpan.FromMinutes(1));

        var error = Assert.ThrowsAsync<QueryTimeoutException>(() => running);
        Assert.Multiple(() =>
        {
            Assert.That(now.Rows.Single(), Is.EqualTo(new object?[] { clock.Start.ToUnixTimeMilliseconds() }));
            Assert.That(error!.StatusCode, Is.EqualTo(504));
            Assert.That(error.Message, Does.Contain("held").And.Contain("60000 ms"));
        });
    }

    /// <summary>Answers metadata queries at once and holds every other query until it is cancelled.</summary>
    private sealed class HeldExecutor(IQueryExecutor inner) : IQueryExecutor
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<string> DataSources => inner.DataSources;

        public Task<QueryResponse> ExecuteAsync(string json, CancellationToken cancellationToken = default) => ExecuteAsync(json, _ => { }, cancellationToken);

        public async Task<QueryResponse> ExecuteAsync(string json, Action<Realtime.Core.Query.Model.Query> authorize, CancellationToken cancellationToken = default)
        {
            if (JsonNode.Parse(json)!["queryType"]!.GetValue<string>() == "segmentMetadata")
            {
                return await inner.ExecuteAsync(json, authorize, cancellationToken);
            }

            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("A held query is only ever cancelled.");
        }

        public bool Cancel(string queryId) => inner.Cancel(queryId);

        public IReadOnlyList<string>? DataSourcesOf(string queryId) => inner.DataSourcesOf(queryId);

        public DataSourceColumns? DescribeDataSource(string dataSource) => inner.DescribeDataSource(dataSource);
    }
}
