using System.Globalization;
using Realtime.Core.Query;

namespace Realtime.Core.Tests.Query;

/// <summary>The limits every query runs under (<c>Realtime:Query</c>): time buckets, result rows and the default timeout.</summary>
public class QueryLimitTests
{
    private const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["id", "kind"] } } },
          "metricsSpec": [{ "type": "count", "name": "count" }],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "day", "queryGranularity": "none", "rollup": false }
        }
        """;

    private const string Interval = "2013-01-01/2013-01-02";

    private QueryCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _cluster = await QueryCluster.StartAsync(Schema, Events(10), Layout.Persisted);

    [OneTimeTearDown]
    public async Task StopAsync() => await _cluster.DisposeAsync();

    [Test]
    public void ATimeseriesOfOneMillisecondBucketsOverADayIsRefusedNamingTheLimit()
    {
        var error = Assert.ThrowsAsync<ResourceLimitExceededException>(() => _cluster.RunAsync($$"""
            {"queryType": "timeseries", "dataSource": "events", "intervals": ["{{Interval}}"],
             "granularity": {"type": "duration", "duration": 1}, "aggregations": [{"type": "count", "name": "rows"}]}
            """));
        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(400));
            Assert.That(error.ErrorCode, Is.EqualTo("Resource limit exceeded"));
            Assert.That(error.ErrorClass, Is.EqualTo("org.apache.druid.query.ResourceLimitExceededException"));
            Assert.That(error.Message, Does.Contain("Realtime:Query:MaxBuckets").And.Contain("1,000,000"));
            Assert.That(_cluster.Executor.RunningQueryIds, Is.Empty);
        });
    }

    [Test]
    public async Task TheSameBucketsAreAnsweredWhenEmptyOnesAreSkipped()
    {
        var result = await _cluster.RunAsync($$"""
            {"queryType": "timeseries", "dataSource": "events", "intervals": ["{{Interval}}"], "context": {"skipEmptyBuckets": true},
             "granularity": {"type": "duration", "duration": 1}, "aggregations": [{"type": "count", "name": "rows"}]}
            """);

        Assert.That(result, Has.Count.EqualTo(10), "one bucket per event; only the zero-filled ones would be too many");
    }

    [Test]
    public void AConfiguredBucketLimitIsObeyed()
    {
        var executor = QueryCluster.CreateExecutor(_cluster, new QueryOptions { MaxBuckets = 23 });

        Assert.Multiple(() =>
        {
            Assert.That(() => executor.RunAsync(Timeseries("hour")), Throws.TypeOf<ResourceLimitExceededException>().With.Message.Contains("23"));
            Assert.That(() => executor.RunAsync(Timeseries("day")), Throws.Nothing);
        });
    }

    [TestCase("""{"queryType": "groupBy", "dimensions": ["id"], "granularity": "all", "aggregations": [{"type": "count", "name": "rows"}]""", "groupBy")]
    [TestCase("""{"queryType": "scan", "columns": []""", "scan")]
    [TestCase("""{"queryType": "topN", "dimension": "id", "metric": "rows", "threshold": 2, "granularity": "none", "aggregations": [{"type": "count", "name": "rows"}]""", "topN")]
    public void AResultOfMoreRowsThanConfiguredIsRefusedNamingTheLimit(string queryStart, string type)
    {
        var executor = QueryCluster.CreateExecutor(_cluster, new QueryOptions { MaxResultRows = 5 });

        var error = Assert.ThrowsAsync<ResourceLimitExceededException>(() => executor.RunAsync($$"""{{queryStart}}, "dataSource": "events", "intervals": ["{{Interval}}"]}"""));
        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(400));
            Assert.That(error.Message, Does.Contain("Realtime:Query:MaxResultRows").And.Contain(type));
        });
    }

    [Test]
    public async Task AResultWithinTheRowLimitIsAnswered()
    {
        var executor = QueryCluster.CreateExecutor(_cluster, new QueryOptions { MaxResultRows = 10 });

        var result = await executor.RunAsync($$"""
            {"queryType": "groupBy", "dimensions": ["id"], "granularity": "all", "aggregations": [{"type": "count", "name": "rows"}],
             "dataSource": "events", "intervals": ["{{Interval}}"]}
            """);

        Assert.That(result, Has.Count.EqualTo(10));
    }

    [Test]
    public void TheConfiguredDefaultTimeoutAppliesToAQueryWithoutOne()
    {
        var queries = new RunningQueries(null, TimeSpan.FromSeconds(7));

        Assert.Multiple(() =>
        {
            Assert.That(queries.TimeoutOf(_cluster.Executor.Parse(Timeseries("day"))), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(queries.TimeoutOf(_cluster.Executor.Parse(Timeseries("day", """{"timeout": 250}"""))), Is.EqualTo(TimeSpan.FromMilliseconds(250)), "the context overrides it");
            Assert.That(queries.TimeoutOf(_cluster.Executor.Parse(Timeseries("day", """{"timeout": 0}"""))), Is.Null, "0 runs without a timeout, as in Druid");
            Assert.That(new RunningQueries(null).DefaultTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)), "Druid's druid.server.http.defaultQueryTimeout");
        });
    }

    [Test]
    public void AQueryRunningPastTheConfiguredDefaultTimeoutTimesOut()
    {
        var executor = QueryCluster.CreateExecutor(_cluster, new QueryOptions { DefaultTimeout = TimeSpan.FromMilliseconds(1), MaxBuckets = int.MaxValue });

        var error = Assert.ThrowsAsync<QueryTimeoutException>(() => executor.RunAsync(MillisecondBuckets("slow")));
        Assert.That(error!.Message, Does.Contain("Realtime:Query:DefaultTimeout"));
    }

    [Test]
    public async Task ACancelledQueryStopsInsideItsBuckets()
    {
        var executor = QueryCluster.CreateExecutor(_cluster, new QueryOptions { MaxBuckets = int.MaxValue });

        var running = executor.RunAsync(MillisecondBuckets("many-buckets"));
        while (!executor.RunningQueryIds.Contains("many-buckets") && !running.IsCompleted)
        {
            await Task.Delay(10);
        }

        Assert.Multiple(() =>
        {
            Assert.That(executor.Cancel("many-buckets"), Is.True);
            Assert.That(() => running, Throws.TypeOf<QueryCancelledException>());
        });
    }

    // 86,400,000 zero-filled buckets: far more work than any test waits for, unless it stops when told.
    private static string MillisecondBuckets(string queryId) => $$"""
        {"queryType": "timeseries", "dataSource": "events", "intervals": ["{{Interval}}"], "context": {"queryId": "{{queryId}}"},
         "granularity": {"type": "duration", "duration": 1}, "aggregations": [{"type": "count", "name": "rows"}]}
        """;

    private static string Timeseries(string granularity, string context = "{}") => $$"""
        {"queryType": "timeseries", "dataSource": "events", "intervals": ["{{Interval}}"], "granularity": "{{granularity}}",
         "aggregations": [{"type": "count", "name": "rows"}], "context": {{context}}}
        """;

    private static IEnumerable<string> Events(int count) => Enumerable.Range(0, count).Select(i =>
        $$"""{"timestamp": {{DateTimeOffset.Parse("2013-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() + (i * 1000)}}, "id": "e{{i}}", "kind": "{{(char)('a' + (i % 3))}}"}""");
}
