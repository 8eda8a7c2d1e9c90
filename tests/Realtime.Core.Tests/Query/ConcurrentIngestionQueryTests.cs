using System.Globalization;
using Realtime.Abstractions.Plumbing;

namespace Realtime.Core.Tests.Query;

/// <summary>
/// Queries issued while rows stream in, with persists swapping in-memory indexes out every few hundred rows: each
/// query sees every row added before it began, no row whose addition had not started, and no row twice.
/// </summary>
public class ConcurrentIngestionQueryTests
{
    private const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["id"] } } },
          "metricsSpec": [{ "type": "count", "name": "count" }, { "type": "longSum", "name": "value", "fieldName": "value" }],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "hour", "queryGranularity": "none" }
        }
        """;

    private const int RowCount = 20_000;
    private const int QueriesBeforeSecondHalf = 5;

    [Test]
    public async Task QueriesDuringIngestionSeeEveryRowAddedBeforeThemAndNoneTwice()
    {
        await using var cluster = await QueryCluster.StartAsync(Schema, [], Layout.InMemory, "hour", maxRowsInMemory: 500);
        var start = DateTimeOffset.Parse("2013-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        // Rows cycle through four hourly sinks, so that each persist swaps several indexes at once.
        var rows = Enumerable.Range(0, RowCount)
            .Select(i => cluster.Parse($$"""{"timestamp": {{start + ((i % 4) * 3_600_000L) + (i / 4)}}, "id": "r{{i}}", "value": 1}"""))
            .ToList();
        // A row counts as added once Add returned, and may be visible from the moment Add starts.
        var added = 0;
        var started = 0;
        var queriesRun = 0;
        var secondHalf = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ingest = Task.Run(async () =>
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (i == rows.Count / 2)
                {
                    await secondHalf.Task.WaitAsync(TimeSpan.FromMinutes(1));
                }

                Volatile.Write(ref started, i + 1);
                Assert.That(await cluster.AddAsync(rows[i]), Is.EqualTo(AddStatus.Added));
                Volatile.Write(ref added, i + 1);
            }
        });

        var observations = new List<string>();
        while (!ingest.IsCompleted || queriesRun < QueriesBeforeSecondHalf)
        {
            var before = Volatile.Read(ref added);
            long count;
            HashSet<string>? ids = null;
            if (queriesRun % 2 == 0)
            {
                count = await CountAsync(cluster);
            }
            else
            {
                (count, ids) = await ScanIdsAsync(cluster);
            }

            var after = Volatile.Read(ref started);
            if (count < before || count > after || (ids is not null && ids.Count != count))
            {
                observations.Add($"query {queriesRun}: {count} rows ({ids?.Count.ToString(CultureInfo.InvariantCulture) ?? "-"} distinct ids) with {before} added before it and {after} started by its end");
            }

            if (++queriesRun == QueriesBeforeSecondHalf)
            {
                secondHalf.SetResult();
            }
        }

        await ingest;
        var (finalCount, _) = await ScanIdsAsync(cluster);
        Assert.Multiple(() =>
        {
            Assert.That(observations, Is.Empty);
            Assert.That(finalCount, Is.EqualTo(RowCount), "every row is visible once ingestion has finished");
            Assert.That(cluster.Census().Persisted, Is.GreaterThan(4), "persists swapped indexes out while the queries ran");
        });
    }

    /// <summary>The rows a timeseries counts; none before the first row has created a sink.</summary>
    private static async Task<long> CountAsync(QueryCluster cluster)
    {
        var result = await cluster.RunAsync("""
            {"queryType": "timeseries", "dataSource": "events", "intervals": ["2013-01-01/2013-01-02"], "granularity": "all",
             "aggregations": [{"type": "count", "name": "rows"}, {"type": "longSum", "name": "value", "fieldName": "value"}]}
            """);
        if (result.Count == 0)
        {
            return 0;
        }

        var totals = result.Single()!["result"]!;
        Assert.That((long)totals["value"]!, Is.EqualTo((long)totals["rows"]!), "each stored row holds one event");
        return (long)totals["rows"]!;
    }

    /// <summary>The number of rows a scan returns and the distinct ids among them.</summary>
    private static async Task<(long Count, HashSet<string> Ids)> ScanIdsAsync(QueryCluster cluster)
    {
        var result = await cluster.RunAsync("""
            {"queryType": "scan", "dataSource": "events", "intervals": ["2013-01-01/2013-01-02"], "columns": ["id"], "resultFormat": "compactedList"}
            """);
        var ids = result.SelectMany(b => b!["events"]!.AsArray()).Select(e => (string)e!.AsArray()[0]!).ToList();
        return (ids.Count, [.. ids]);
    }
}
