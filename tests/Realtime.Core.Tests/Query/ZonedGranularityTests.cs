namespace Realtime.Core.Tests.Query;

/// <summary>
/// Period granularities in a time zone without an origin count from midnight of 1970-01-01 in that zone (Druid's
/// granularities documentation); periods of hours step by elapsed hours, as Druid's do, also across the end of
/// daylight saving time (2013-11-03 in Los Angeles).
/// </summary>
public class ZonedGranularityTests
{
    private const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["page"] } } },
          "metricsSpec": [{ "type": "count", "name": "count" }],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "day", "queryGranularity": "none" }
        }
        """;

    private static readonly string[] Rows =
    [
        """{"timestamp": "2013-11-01T10:00:00Z", "page": "a"}""",
        """{"timestamp": "2013-11-02T12:00:00Z", "page": "b"}""",
        """{"timestamp": "2013-11-04T10:00:00Z", "page": "c"}""",
    ];

    private QueryCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _cluster = await QueryCluster.StartAsync(Schema, Rows, Layout.Mixed);

    [OneTimeTearDown]
    public async Task StopAsync() => await _cluster.DisposeAsync();

    /// <remarks>Day 16010 since 1970-01-01 is 2013-11-01, so two-day buckets start on it and on 2013-11-03.</remarks>
    [Test]
    public async Task TwoDayBucketsStartAtLocalMidnightCountedFrom1970() => JsonAssert.AreEquivalent(
        """
        [
          { "timestamp": "2013-11-01T00:00:00.000-07:00", "result": { "rows": 2 } },
          { "timestamp": "2013-11-03T00:00:00.000-07:00", "result": { "rows": 1 } }
        ]
        """,
        await TimeseriesAsync("P2D"));

    /// <remarks>Local midnight of 1970-01-01 is 08:00 UTC, so six-hour buckets start at 02, 08, 14 and 20 UTC.</remarks>
    [Test]
    public async Task SixHourBucketsStepByElapsedHoursFromLocalMidnightOf1970() => JsonAssert.AreEquivalent(
        """
        [
          { "timestamp": "2013-11-01T01:00:00.000-07:00", "result": { "rows": 1 } },
          { "timestamp": "2013-11-02T01:00:00.000-07:00", "result": { "rows": 1 } },
          { "timestamp": "2013-11-04T00:00:00.000-08:00", "result": { "rows": 1 } }
        ]
        """,
        await TimeseriesAsync("PT6H"));

    private Task<System.Text.Json.Nodes.JsonArray> TimeseriesAsync(string period) => _cluster.RunAsync($$"""
        {
          "queryType": "timeseries", "dataSource": "events", "intervals": ["2013-10-01/2013-12-01"],
          "granularity": { "type": "period", "period": "{{period}}", "timeZone": "America/Los_Angeles" },
          "aggregations": [{ "type": "count", "name": "rows" }], "context": { "skipEmptyBuckets": true }
        }
        """);
}
