using System.Text.Json.Nodes;

namespace Realtime.Core.Tests.Query;

/// <summary>An empty string is no value: scans return null for it, and row filters see it as null, in every layout.</summary>
[TestFixture(Layout.InMemory)]
[TestFixture(Layout.Persisted)]
[TestFixture(Layout.HandedOff)]
[TestFixture(Layout.Brokered)]
public class EmptyValueTests(Layout layout)
{
    private const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["country", "device"] } } },
          "metricsSpec": [{ "type": "count", "name": "count" }],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "day", "queryGranularity": "none" }
        }
        """;

    private static readonly string[] Rows =
    [
        """{"timestamp": "2013-01-01T01:00:00Z", "country": "", "device": "phone"}""",
        """{"timestamp": "2013-01-01T02:00:00Z", "country": "", "device": null}""",
        """{"timestamp": "2013-01-01T03:00:00Z", "country": "FR", "device": "FR"}""",
    ];

    private QueryCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _cluster = await QueryCluster.StartAsync(Schema, Rows, layout);

    [OneTimeTearDown]
    public async Task StopAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task AScanReturnsNullForAnEmptyString()
    {
        var result = await _cluster.RunAsync("""
            {"queryType": "scan", "dataSource": "events", "intervals": ["2013-01-01/2013-01-02"], "columns": ["country", "device"], "order": "ascending"}
            """);

        JsonAssert.AreEquivalent(
            """[{"country": null, "device": "phone"}, {"country": null, "device": null}, {"country": "FR", "device": "FR"}]""",
            new JsonArray([.. result.SelectMany(b => b!["events"]!.AsArray()).Select(e => e!.DeepClone())]));
    }

    [Test]
    public async Task AColumnComparisonSeesAnEmptyStringAsNoValue()
    {
        var result = await _cluster.RunAsync("""
            {"queryType": "timeseries", "dataSource": "events", "intervals": ["2013-01-01/2013-01-02"], "granularity": "all",
             "filter": {"type": "columnComparison", "dimensions": ["country", "device"]}, "aggregations": [{"type": "count", "name": "rows"}]}
            """);

        JsonAssert.AreEquivalent("""[{"timestamp": "2013-01-01T01:00:00.000Z", "result": {"rows": 2}}]""", result, "dated at the first row, as Druid does");
    }
}
