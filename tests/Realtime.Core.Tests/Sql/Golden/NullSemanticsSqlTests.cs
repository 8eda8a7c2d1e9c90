using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Core.Security;
using Realtime.Core.Sql;
using Realtime.Core.Tests.Query;
using Realtime.Core.Tests.Sql.Differential;

namespace Realtime.Core.Tests.Sql.Golden;

/// <summary>
/// Five hand-written events with null, empty and missing texts, and counts worked out by hand: SQL's three-valued
/// comparisons (a null text matches no comparison, an empty text is stored as null) and sums of long metrics through
/// subqueries. Small cases of what the differential test found.
/// </summary>
[TestFixture(Layout.InMemory)]
[TestFixture(Layout.Persisted)]
[TestFixture(Layout.HandedOff)]
[TestFixture(Layout.Mixed)]
public class NullSemanticsSqlTests(Layout layout)
{
    // os: ios, android, (null), (empty: stored as null), Linux. country: US, FR, (empty), (missing), US.
    private static readonly string[] Events =
    [
        """{"timestamp":"2013-11-01T01:00:00Z","country":"US","device":"phone","os":"ios","bytes":10,"price":1.5}""",
        """{"timestamp":"2013-11-01T02:00:00Z","country":"FR","os":"android","bytes":20,"price":2.25}""",
        """{"timestamp":"2013-11-01T03:00:00Z","country":"","device":"tablet","os":null,"bytes":30,"price":0.5}""",
        """{"timestamp":"2013-11-02T04:00:00Z","device":"phone","os":"","bytes":-5,"price":4}""",
        """{"timestamp":"2013-11-02T05:00:00Z","country":"US","device":"desktop","os":"Linux","bytes":100,"price":0.25}""",
    ];

    private QueryCluster _cluster = null!;
    private SqlEngine _engine = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = await QueryCluster.StartAsync(SqlReferenceData.Schema, Events, layout, "day", maxRowsInMemory: layout is Layout.Mixed ? 1 : 75000);
        _engine = new SqlEngine(_cluster.Executor, [], new AllowAllAuthorizer(), NullLogger<SqlEngine>.Instance);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [TestCase("os IS NULL", 2)]
    [TestCase("os IS NOT NULL", 3)]
    [TestCase("os < 'b'", 2)]
    [TestCase("os <= 'ios'", 3)]
    [TestCase("os > 'android'", 1)]
    [TestCase("os >= 'ios'", 1)]
    [TestCase("os BETWEEN 'A' AND 'b'", 2)]
    [TestCase("NOT (os < 'b')", 1)]
    [TestCase("os <> 'ios'", 2)]
    [TestCase("os = ''", 0)]
    [TestCase("os <> ''", 3)]
    [TestCase("os IN ('', 'ios')", 1)]
    [TestCase("os NOT IN ('ios')", 2)]
    [TestCase("country < 'V'", 3)]
    [TestCase("country IS NULL", 2)]
    [TestCase("device < 'q'", 3)]
    public async Task AComparisonIsNeverTrueForANullText(string condition, long expected)
    {
        var result = await RunAsync($"SELECT COUNT(*) AS n FROM events WHERE {condition}");
        Assert.That(result.Rows.Single()[0], Is.EqualTo(expected), condition);
    }

    [Test]
    public async Task ASumOfALongMetricIsALong()
    {
        var result = await RunAsync("SELECT SUM(bytes) AS s FROM events");
        Assert.That(result.Columns.Single().Type, Is.EqualTo(SqlColumnType.Bigint));
        Assert.That(result.Rows.Single()[0], Is.EqualTo(155L).And.TypeOf<long>());
    }

    [Test]
    public async Task AGroupedSumOfALongMetricIsALong()
    {
        var result = await RunAsync("SELECT country, SUM(bytes) AS s FROM events WHERE price > 1 GROUP BY country");
        Assert.That(result.Columns.Select(c => c.Type), Is.EqualTo(new[] { SqlColumnType.Varchar, SqlColumnType.Bigint }));
        Assert.That(SqlRows.Difference([["US", 10L], ["FR", 20L], [null, -5L]], result.Rows, ordered: false), Is.Null);
        Assert.That(SqlRows.TypeViolation(result), Is.Null);
    }

    [Test]
    public async Task ASumOverAGroupedSubqueryAddsItsSums()
    {
        var result = await RunAsync("SELECT SUM(s) AS total FROM (SELECT country, SUM(bytes) AS s FROM events WHERE bytes > 0 GROUP BY country) t");
        Assert.That(result.Rows.Single()[0], Is.EqualTo(160L).And.TypeOf<long>());
    }

    [Test]
    public async Task ASumOverAGroupedSubqueryWithoutAFilterAddsItsSums()
    {
        var result = await RunAsync("SELECT SUM(s) AS total FROM (SELECT country, SUM(bytes) AS s FROM events GROUP BY country) t");
        Assert.That(result.Rows.Single()[0], Is.EqualTo(155L).And.TypeOf<long>());
    }

    private async Task<SqlResult> RunAsync(string sql) =>
        await _engine.ExecuteAsync(new SqlRequest(sql, null, new JsonObject()), CancellationToken.None);
}
