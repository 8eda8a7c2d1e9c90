
namespace Realtime.Core.Tests.Query;

/// <summary>Queries over the five wikipedia edits of the sample data (<see cref="WikipediaSample"/>) in every layout.</summary>
[TestFixture(Layout.InMemory)]
[TestFixture(Layout.Persisted)]
[TestFixture(Layout.HandedOff)]
[TestFixture(Layout.Mixed)]
[TestFixture(Layout.Brokered)]
public class WikipediaQueryTests(Layout layout)
{
    private const string Day = "2013-08-31/2013-09-01";

    private QueryCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = await WikipediaSample.StartAsync(layout);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task TimeseriesOfEnglishEditsSumsTheirMetrics() => JsonAssert.AreEquivalent(
        """[ { "timestamp": "2013-08-31T01:02:33.000Z", "result": { "rows": 2, "edits": 2, "added": 516, "deleted": 329, "delta": 187 } } ]""",
        await _cluster.RunAsync($$"""
            {
              "queryType": "timeseries", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
              "filter": { "type": "selector", "dimension": "language", "value": "en" },
              "aggregations": [
                { "type": "count", "name": "rows" },
                { "type": "longSum", "name": "edits", "fieldName": "count" },
                { "type": "doubleSum", "name": "added", "fieldName": "added" },
                { "type": "doubleSum", "name": "deleted", "fieldName": "deleted" },
                { "type": "doubleSum", "name": "delta", "fieldName": "delta" }
              ]
            }
            """));

    // Druid's ITUnionQueryTest: a timeseries of granularity all is dated where the first segment's data starts.
    [Test]
    public async Task ATimeseriesOfGranularityAllIsDatedAtTheFirstEditAsInDruid() => JsonAssert.AreEquivalent(
        """[ { "timestamp": "2013-08-31T01:02:33.000Z", "result": { "rows": 5 } } ]""",
        await _cluster.RunAsync(CountAll(filter: null, skipEmptyBuckets: false)));

    [Test]
    public async Task AnAllBucketWithoutMatchesIsZeroFilledAtTheFirstEdit() => JsonAssert.AreEquivalent(
        """[ { "timestamp": "2013-08-31T01:02:33.000Z", "result": { "rows": 0 } } ]""",
        await _cluster.RunAsync(CountAll(NoSuchLanguage, skipEmptyBuckets: false)));

    [Test]
    public async Task AnAllBucketWithoutMatchesIsSkippedWhenEmptyBucketsAre() =>
        Assert.That(await _cluster.RunAsync(CountAll(NoSuchLanguage, skipEmptyBuckets: true)), Is.Empty);

    [Test]
    public async Task ATimeseriesOfGranularityAllWithNoDataHasOneEmptyRowAtItsIntervalStart()
    {
        var empty = await _cluster.RunAsync($$"""
            {"queryType": "timeseries", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["2014-01-01/2014-01-02"], "granularity": "all",
             "aggregations": [{"type": "count", "name": "rows"}, {"type": "longSum", "name": "edits", "fieldName": "count"}]}
            """);
        var emptyByHour = await _cluster.RunAsync($$"""
            {"queryType": "timeseries", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["2014-01-01/2014-01-02"], "granularity": "hour",
             "aggregations": [{"type": "count", "name": "rows"}]}
            """);

        JsonAssert.AreEquivalent("""[ { "timestamp": "2014-01-01T00:00:00.000Z", "result": { "rows": 0, "edits": 0 } } ]""", empty);
        Assert.That(emptyByHour, Is.Empty, "only granularity all answers a row without data");
    }

    [Test]
    public async Task ATopNOfGranularityAllIsDatedAtTheFirstSegmentWithMatches() => JsonAssert.AreEquivalent(
        """[ { "timestamp": "2013-08-31T07:11:21.000Z", "result": [ { "page": "Crimson Typhoon", "rows": 1 } ] } ]""",
        await _cluster.RunAsync($$"""
            {"queryType": "topN", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
             "filter": {"type": "selector", "dimension": "page", "value": "Crimson Typhoon"},
             "dimension": "page", "metric": "rows", "threshold": 3, "aggregations": [{"type": "count", "name": "rows"}]}
            """));

    [Test]
    public async Task TopNPagesByCharactersAdded() => JsonAssert.AreEquivalent(
        """
        [ { "timestamp": "2013-08-31T01:02:33.000Z", "result": [
            { "page": "Crimson Typhoon", "added": 905 },
            { "page": "Striker Eureka", "added": 459 },
            { "page": "Cherno Alpha", "added": 123 } ] } ]
        """,
        await _cluster.RunAsync($$"""
            {
              "queryType": "topN", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
              "dimension": "page", "metric": "added", "threshold": 3,
              "aggregations": [ { "type": "doubleSum", "name": "added", "fieldName": "added" } ]
            }
            """));

    [Test]
    public async Task GroupByNamespaceCountsRows() => JsonAssert.AreEquivalent(
        """
        [
          { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "namespace": "article", "rows": 2 } },
          { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "namespace": "wikipedia", "rows": 3 } }
        ]
        """,
        await _cluster.RunAsync($$"""
            {
              "queryType": "groupBy", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
              "dimensions": ["namespace"], "aggregations": [ { "type": "count", "name": "rows" } ]
            }
            """));

    [Test]
    public async Task SearchFindsValuesContainingTheTextInAnyCase() => JsonAssert.AreEquivalent(
        """
        [ { "timestamp": "2013-08-31T00:00:00.000Z", "result": [
            { "dimension": "user", "value": "triplets", "count": 1 },
            { "dimension": "namespace", "value": "wikipedia", "count": 3 } ] } ]
        """,
        await _cluster.RunAsync($$"""
            {
              "queryType": "search", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
              "query": { "type": "insensitive_contains", "value": "IP" }
            }
            """));

    [Test]
    public async Task TimeBoundaryIsTheFirstAndLastEdit() => JsonAssert.AreEquivalent(
        """[ { "timestamp": "2013-08-31T01:02:33.000Z", "result": { "minTime": "2013-08-31T01:02:33.000Z", "maxTime": "2013-08-31T12:41:27.000Z" } } ]""",
        await _cluster.RunAsync($$"""{ "queryType": "timeBoundary", "dataSource": "{{QueryCluster.DataSource}}" }"""));

    [Test]
    public async Task AnArithmeticPostAggregatorDividesTheSums()
    {
        JsonAssert.AreEquivalent(
            """[ { "timestamp": "2013-08-31T01:02:33.000Z", "result": { "rows": 2, "added": 516, "addedPerRow": 258 } } ]""",
            await _cluster.RunAsync($$"""
                {
                  "queryType": "timeseries", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
                  "filter": { "type": "selector", "dimension": "language", "value": "en" },
                  "aggregations": [ { "type": "count", "name": "rows" }, { "type": "doubleSum", "name": "added", "fieldName": "added" } ],
                  "postAggregations": [ { "type": "arithmetic", "name": "addedPerRow", "fn": "/",
                    "fields": [ { "type": "fieldAccess", "fieldName": "added" }, { "type": "fieldAccess", "fieldName": "rows" } ] } ]
                }
                """));
    }

    [Test]
    public async Task AHavingSpecKeepsTheLargerNamespace()
    {
        JsonAssert.AreEquivalent(
            """[ { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "namespace": "wikipedia", "rows": 3 } } ]""",
            await _cluster.RunAsync($$"""
                {
                  "queryType": "groupBy", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
                  "dimensions": ["namespace"], "aggregations": [ { "type": "count", "name": "rows" } ],
                  "having": { "type": "greaterThan", "aggregation": "rows", "value": 2 }
                }
                """));
    }

    [Test]
    public async Task ADefaultLimitSpecOrdersByAMetricAndLimits()
    {
        JsonAssert.AreEquivalent(
            """
            [
              { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "country": "China", "added": 905 } },
              { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "country": "Australia", "added": 459 } }
            ]
            """,
            await _cluster.RunAsync($$"""
                {
                  "queryType": "groupBy", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
                  "dimensions": ["country"], "aggregations": [ { "type": "doubleSum", "name": "added", "fieldName": "added" } ],
                  "limitSpec": { "type": "default", "limit": 2, "columns": [ { "dimension": "added", "direction": "descending" } ] }
                }
                """));
    }

    [Test]
    public async Task ATimeFormatExtractionGroupsEditsByHourOfDay()
    {
        JsonAssert.AreEquivalent(
            """
            [
              { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "hour": "01", "rows": 1 } },
              { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "hour": "03", "rows": 1 } },
              { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "hour": "07", "rows": 1 } },
              { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "hour": "11", "rows": 1 } },
              { "version": "v1", "timestamp": "2013-08-31T00:00:00.000Z", "event": { "hour": "12", "rows": 1 } }
            ]
            """,
            await _cluster.RunAsync($$"""
                {
                  "queryType": "groupBy", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
                  "dimensions": [ { "type": "extraction", "dimension": "__time", "outputName": "hour",
                    "extractionFn": { "type": "timeFormat", "format": "HH", "timeZone": "UTC" } } ],
                  "aggregations": [ { "type": "count", "name": "rows" } ]
                }
                """));
    }

    [Test]
    public void TheLayoutPutsRowsInTheKindsOfIndexItNames()
    {
        (int Served, int Persisted, int InMemory) expected = layout switch
        {
            Layout.InMemory => (0, 0, 3),
            Layout.Persisted => (0, 3, 0),
            Layout.HandedOff => (3, 0, 0),
            _ => (1, 1, 2),
        };

        Assert.That(_cluster.Census(), Is.EqualTo(expected));
    }

    private const string NoSuchLanguage = """{"type": "selector", "dimension": "language", "value": "tlh"}""";

    private static string CountAll(string? filter, bool skipEmptyBuckets) => $$"""
        {"queryType": "timeseries", "dataSource": "{{QueryCluster.DataSource}}", "intervals": ["{{Day}}"], "granularity": "all",
         {{(filter is null ? "" : $"\"filter\": {filter},")}}
         "context": {"skipEmptyBuckets": {{(skipEmptyBuckets ? "true" : "false")}}}, "aggregations": [{"type": "count", "name": "rows"}]}
        """;
}
