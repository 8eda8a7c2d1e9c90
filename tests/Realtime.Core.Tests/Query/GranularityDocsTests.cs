using System.Text.Json.Nodes;

namespace Realtime.Core.Tests.Query;

/// <summary>
/// The examples of Druid's granularities documentation (querying/granularities.md): four rows at millisecond
/// ingestion granularity and a groupBy by language per granularity, compared with the documented results. Each
/// layout stores the rows differently; the results must not depend on it.
/// </summary>
[TestFixture(Layout.InMemory)]
[TestFixture(Layout.Persisted)]
[TestFixture(Layout.HandedOff)]
[TestFixture(Layout.Mixed)]
[TestFixture(Layout.Brokered)]
public class GranularityDocsTests(Layout layout)
{
    private const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["page", "language"] } } },
          "metricsSpec": [{ "type": "count", "name": "count" }],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "month", "queryGranularity": "none" }
        }
        """;

    private static readonly string[] Rows =
    [
        """{"timestamp": "2013-08-31T01:02:33Z", "page": "AAA", "language" : "en"}""",
        """{"timestamp": "2013-09-01T01:02:33Z", "page": "BBB", "language" : "en"}""",
        """{"timestamp": "2013-09-02T23:32:45Z", "page": "CCC", "language" : "en"}""",
        """{"timestamp": "2013-09-03T03:32:45Z", "page": "DDD", "language" : "en"}""",
    ];

    private QueryCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _cluster = await QueryCluster.StartAsync(Schema, Rows, layout, "month", maxRowsInMemory: 1000);

    [OneTimeTearDown]
    public async Task StopAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task HourDiscardsEmptyBuckets() => JsonAssert.AreEquivalent(
        Result(("2013-08-31T01:00:00.000Z", 1), ("2013-09-01T01:00:00.000Z", 1), ("2013-09-02T23:00:00.000Z", 1), ("2013-09-03T03:00:00.000Z", 1)),
        await GroupByAsync("\"hour\""));

    [Test]
    public async Task Day() => JsonAssert.AreEquivalent(
        Result(("2013-08-31T00:00:00.000Z", 1), ("2013-09-01T00:00:00.000Z", 1), ("2013-09-02T00:00:00.000Z", 1), ("2013-09-03T00:00:00.000Z", 1)),
        await GroupByAsync("\"day\""));

    [Test]
    public async Task NoneKeepsTheIngestionGranularity() => JsonAssert.AreEquivalent(
        Result(("2013-08-31T01:02:33.000Z", 1), ("2013-09-01T01:02:33.000Z", 1), ("2013-09-02T23:32:45.000Z", 1), ("2013-09-03T03:32:45.000Z", 1)),
        await GroupByAsync("\"none\""));

    [Test]
    public async Task AllIsOneBucketAtTheStartOfTheQueryInterval() => JsonAssert.AreEquivalent(
        Result(("2000-01-01T00:00:00.000Z", 4)),
        await GroupByAsync("\"all\""));

    [Test]
    public async Task DurationOfOneDay() => JsonAssert.AreEquivalent(
        Result(("2013-08-31T00:00:00.000Z", 1), ("2013-09-01T00:00:00.000Z", 1), ("2013-09-02T00:00:00.000Z", 1), ("2013-09-03T00:00:00.000Z", 1)),
        await GroupByAsync("""{"type": "duration", "duration": "86400000"}"""));

    [Test]
    public async Task DurationWithAnOrigin() => JsonAssert.AreEquivalent(
        Result(("2013-08-31T00:30:00.000Z", 1), ("2013-09-01T00:30:00.000Z", 1), ("2013-09-02T00:30:00.000Z", 1), ("2013-09-03T00:30:00.000Z", 1)),
        await GroupByAsync("""{"type": "duration", "duration": "86400000", "origin":"2012-01-01T00:30:00Z"}"""));

    [Test]
    public async Task PeriodInPacificTime() => JsonAssert.AreEquivalent(
        Result(("2013-08-30T00:00:00.000-07:00", 1), ("2013-08-31T00:00:00.000-07:00", 1), ("2013-09-02T00:00:00.000-07:00", 2)),
        await GroupByAsync("""{"type": "period", "period": "P1D", "timeZone": "America/Los_Angeles"}""", "1999-12-31T16:00:00.000-08:00/2999-12-31T16:00:00.000-08:00"));

    [Test]
    public async Task PeriodInPacificTimeWithAnOrigin() => JsonAssert.AreEquivalent(
        Result(("2013-08-29T20:30:00.000-07:00", 1), ("2013-08-30T20:30:00.000-07:00", 1), ("2013-09-01T20:30:00.000-07:00", 1), ("2013-09-02T20:30:00.000-07:00", 1)),
        await GroupByAsync("""{"type": "period", "period": "P1D", "timeZone": "America/Los_Angeles", "origin": "1970-01-01T20:30:00-08:00"}""", "1999-12-31T16:00:00.000-08:00/2999-12-31T16:00:00.000-08:00"));

    private Task<JsonArray> GroupByAsync(string granularity, string interval = "2000-01-01T00:00Z/3000-01-01T00:00Z") => _cluster.RunAsync($$"""
        {
           "queryType":"groupBy",
           "dataSource":"{{QueryCluster.DataSource}}",
           "granularity":{{granularity}},
           "dimensions":[ "language" ],
           "aggregations":[ { "type":"count", "name":"count" } ],
           "intervals":[ "{{interval}}" ]
        }
        """);

    private static JsonArray Result(params (string Timestamp, int Count)[] rows) =>
        [.. rows.Select(r => (JsonNode)new JsonObject
        {
            ["version"] = "v1",
            ["timestamp"] = r.Timestamp,
            ["event"] = new JsonObject { ["count"] = r.Count, ["language"] = "en" },
        })];
}
