using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Components;
using Realtime.Core.Index;
using Realtime.Core.Query;

namespace Realtime.Benchmarks;

/// <summary>
/// Query latency on a live index: a timeseries over the last hour of an in-memory index that starts with
/// <c>rows</c> rows while a writer keeps adding events at a fixed rate. Prints p50, p99 and max latency.
/// </summary>
internal static class LiveQueryLatency
{
    public static void Run(int rows, int eventsPerSecond, int seconds)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var day = new Interval(now - 86_400_000, now + 86_400_000);
        var factory = new IndexFactory(QueryBenchmarks.Schema());
        using var index = factory.CreateIncremental(day);
        var random = new Random(3);
        string[] names = ["dim1000", "dim100", "dim10"];
        InputRow NextRow(long timestamp) => new MapInputRow(timestamp, names, new Dictionary<string, object?>(4)
        {
            ["dim1000"] = $"v-{random.Next(1000)}",
            ["dim100"] = $"v-{random.Next(100)}",
            ["dim10"] = $"v-{random.Next(10)}",
            ["value"] = random.NextDouble() * 100,
        });

        for (var i = 0; i < rows; i++)
        {
            index.Add(NextRow(now - 3_600_000 + (long)i * 3_600_000 / rows));
        }

        var executor = new QueryExecutor(new SingleIndexSource(index, day), new SpecSerializer(ComponentRegistry.BuiltIn), NullLogger<QueryExecutor>.Instance);
        var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var added = 0L;
        var writer = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * eventsPerSecond);
                for (; added < due; added++)
                {
                    index.Add(NextRow(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                }

                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        writer.Start();

        var latencies = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1;
            var query = executor.Parse($$"""
                {"queryType":"timeseries","dataSource":"live","granularity":"all",
                 "intervals":["{{new Interval(end - 3_600_000, end)}}"],
                 "aggregations":[{"type":"count","name":"rows"},{"type":"doubleSum","name":"value","fieldName":"value"}]}
                """);
            var started = Stopwatch.GetTimestamp();
            executor.RunAsync(query).GetAwaiter().GetResult();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        writer.Join();
        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        Console.WriteLine($"queries: {latencies.Count}, rows at start: {rows:N0}, rows added: {added:N0} ({added / (double)seconds:N0}/s)");
        Console.WriteLine($"latency ms: p50 {Percentile(0.50):F1}, p99 {Percentile(0.99):F1}, max {latencies[^1]:F1}");
    }

    private sealed class SingleIndexSource(IQueryableIndex index, Interval interval) : ISegmentSource
    {
        public IReadOnlyCollection<string> DataSources => ["live"];

        public IReadOnlyList<IQueryableSegment> GetSegments(string dataSource) => [new Segment(index, interval)];
    }

    private sealed class Segment(IQueryableIndex index, Interval interval) : IQueryableSegment
    {
        public SegmentId Id { get; } = new("live", interval, "v1", 0);

        public SegmentLease Acquire() => new([index]);
    }
}
