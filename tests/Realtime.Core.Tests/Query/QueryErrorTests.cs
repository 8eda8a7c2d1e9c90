using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Query;

namespace Realtime.Core.Tests.Query;

/// <summary>How <see cref="QueryExecutor"/> answers queries it cannot run: invalid JSON, unknown data, timeouts and cancellation.</summary>
public class QueryErrorTests
{
    private const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["id", "kind"] } } },
          "metricsSpec": [{ "type": "count", "name": "count" }, { "type": "longSum", "name": "value", "fieldName": "value" }],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "day", "queryGranularity": "none", "rollup": false }
        }
        """;

    private const string Interval = "2013-01-01/2013-01-02";

    private QueryCluster _small = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _small = await QueryCluster.StartAsync(Schema, Events(10), Layout.InMemory);

    [OneTimeTearDown]
    public async Task StopAsync() => await _small.DisposeAsync();

    [Test]
    public void AnUnknownQueryTypeNamesTheRoot()
    {
        var error = Assert.ThrowsAsync<InvalidQueryException>(() => _small.RunAsync($$"""{"queryType": "bogus", "dataSource": "events", "intervals": ["{{Interval}}"]}"""));
        Assert.Multiple(() =>
        {
            Assert.That(error!.JsonPath, Is.EqualTo("$"));
            Assert.That(error.Message, Does.Contain("'bogus'"));
            Assert.That(error.StatusCode, Is.EqualTo(400));
        });
    }

    [Test]
    public void AnUnknownFilterTypeNamesItsPath()
    {
        var error = Assert.ThrowsAsync<InvalidQueryException>(() => _small.RunAsync($$"""
            {"queryType": "timeseries", "dataSource": "events", "intervals": ["{{Interval}}"],
             "filter": {"type": "and", "fields": [{"type": "selector", "dimension": "kind", "value": "a"}, {"type": "nearby", "dimension": "kind"}]},
             "aggregations": [{"type": "count", "name": "rows"}]}
            """));
        Assert.Multiple(() =>
        {
            Assert.That(error!.JsonPath, Is.EqualTo("$.filter.fields[1]"));
            Assert.That(error.Message, Does.Contain("'nearby'"));
        });
    }

    [Test]
    public void AnUnknownAggregatorTypeNamesItsPath()
    {
        var error = Assert.ThrowsAsync<InvalidQueryException>(() => _small.RunAsync($$"""
            {"queryType": "groupBy", "dataSource": "events", "intervals": ["{{Interval}}"], "dimensions": ["kind"],
             "aggregations": [{"type": "count", "name": "rows"}, {"type": "median", "name": "m", "fieldName": "value"}]}
            """));
        Assert.Multiple(() =>
        {
            Assert.That(error!.JsonPath, Is.EqualTo("$.aggregations[1]"));
            Assert.That(error.Message, Does.Contain("'median'"));
        });
    }

    [Test]
    public void AnIntervalThatIsNotIsoNamesTheIntervals()
    {
        var error = Assert.ThrowsAsync<InvalidQueryException>(() => _small.RunAsync("""
            {"queryType": "timeseries", "dataSource": "events", "intervals": ["2013-01-01/yesterday"], "aggregations": [{"type": "count", "name": "rows"}]}
            """));
        Assert.That(error!.JsonPath, Does.StartWith("$.intervals"));
    }

    [Test]
    public void AMissingIntervalsFieldIsNamed()
    {
        var error = Assert.ThrowsAsync<InvalidQueryException>(() => _small.RunAsync("""
            {"queryType": "timeseries", "dataSource": "events", "aggregations": [{"type": "count", "name": "rows"}]}
            """));
        Assert.Multiple(() =>
        {
            Assert.That(error!.JsonPath, Is.EqualTo("$.intervals"));
            Assert.That(error.Message, Does.Contain("intervals"));
        });
    }

    [Test]
    public void AMissingTopNMetricIsNamed()
    {
        var error = Assert.ThrowsAsync<InvalidQueryException>(() => _small.RunAsync($$"""
            {"queryType": "topN", "dataSource": "events", "intervals": ["{{Interval}}"], "dimension": "kind", "threshold": 2,
             "aggregations": [{"type": "count", "name": "rows"}]}
            """));
        Assert.That(error!.Message, Does.Contain("metric"));
    }

    [TestCase("""{"queryType": "timeseries", "granularity": "hour", "aggregations": [{"type": "count", "name": "rows"}]""")]
    [TestCase("""{"queryType": "topN", "dimension": "kind", "metric": "rows", "threshold": 2, "aggregations": [{"type": "count", "name": "rows"}]""")]
    [TestCase("""{"queryType": "groupBy", "dimensions": ["kind"], "aggregations": [{"type": "count", "name": "rows"}]""")]
    [TestCase("""{"queryType": "scan", "columns": []""")]
    [TestCase("""{"queryType": "search", "query": {"type": "contains", "value": "a"}""")]
    [TestCase("""{"queryType": "timeBoundary" """)]
    public async Task AnUnknownDataSourceHasAnEmptyResult(string queryStart)
    {
        var result = await _small.RunAsync($$"""{{queryStart}}, "dataSource": "nowhere", "intervals": ["{{Interval}}"]}""");

        Assert.That(result, Is.Empty);
    }

    [Test]
    public async Task AScanWhoseTimeoutPassesTimesOut()
    {
        var clock = new FakeTimeProvider();
        var gated = new GatedSource(_small);
        var executor = QueryCluster.CreateExecutor(gated, clock: clock);

        var running = executor.RunAsync($$$"""
            {"queryType": "scan", "dataSource": "events", "intervals": ["{{{Interval}}}"], "context": {"timeout": 5, "queryId": "slow-scan"}}
            """);
        await gated.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var listed = executor.RunningQueryIds.ToList();
        clock.Advance(TimeSpan.FromMilliseconds(5));
        gated.Release.SetResult();

        var error = Assert.ThrowsAsync<QueryTimeoutException>(() => running);
        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.EqualTo(new[] { "slow-scan" }), "the scan was running when its timeout passed");
            Assert.That(error!.StatusCode, Is.EqualTo(504));
            Assert.That(error.Message, Does.Contain("slow-scan").And.Contain("5 ms"));
            Assert.That(executor.RunningQueryIds, Is.Empty, "a query that timed out is no longer listed as running");
        });
    }

    [Test]
    public async Task CancellingByQueryIdStopsTheQuery()
    {
        var gated = new GatedSource(_small);
        var executor = QueryCluster.CreateExecutor(gated);

        var running = executor.RunAsync($$$"""
            {"queryType": "scan", "dataSource": "events", "intervals": ["{{{Interval}}}"], "context": {"queryId": "to-cancel"}}
            """);
        await gated.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var listed = executor.RunningQueryIds.ToList();
        var cancelled = executor.Cancel("to-cancel");
        gated.Release.SetResult();

        Assert.ThrowsAsync<QueryCancelledException>(() => running);
        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.EqualTo(new[] { "to-cancel" }));
            Assert.That(cancelled, Is.True);
            Assert.That(executor.Cancel("to-cancel"), Is.False, "a finished query cannot be cancelled again");
            Assert.That(executor.Cancel("never-ran"), Is.False);
        });
    }

    private static IEnumerable<string> Events(int count) => Enumerable.Range(0, count).Select(i =>
        $$"""{"timestamp": {{DateTimeOffset.Parse("2013-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() + i}}, "id": "e{{i}}", "kind": "{{(char)('a' + (i % 3))}}", "value": {{i}}}""");

    /// <summary>Holds a query inside its segment look-up until released, so that it is surely running when cancelled.</summary>
    private sealed class GatedSource(ISegmentSource inner) : ISegmentSource
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<string> DataSources => inner.DataSources;

        public IReadOnlyList<IQueryableSegment> GetSegments(string dataSource)
        {
            Entered.TrySetResult();
            Release.Task.Wait(TimeSpan.FromMinutes(1));
            return inner.GetSegments(dataSource);
        }
    }
}
