using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Realtime.LoadTool;
using Realtime.Testing;

namespace Realtime.Benchmarks;

/// <summary>
/// What the broker costs and what a second historical brings. Starts a cluster of node processes on real ZooKeeper
/// and PostgreSQL servers (the tests' fixtures): a realtime node ingests <c>events</c> generated wikipedia-like events
/// into hourly segments of one day and hands them off to a historical; a broker serves the cluster. Prints the p50 and
/// p99 latency of the same queries sent one at a time to the broker and straight to the historical, then the queries/s
/// that <c>clients</c> concurrent clients get through the broker with that historical alone and with a second one
/// holding the same segments (then alone again), and straight from the historical.
/// </summary>
internal static class BrokerOverhead
{
    private static readonly DateTimeOffset Day = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan NodeWarmUp = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan FanOutWarmUp = TimeSpan.FromSeconds(12);
    private static readonly string Intervals = $"[\"{Day:yyyy-MM-dd}/P1D\"]";

    private static readonly (string Name, string Query)[] Queries =
    [
        ("timeseries by hour, count + sum", $$"""
            {"queryType": "timeseries", "dataSource": "wikipedia", "intervals": {{Intervals}}, "granularity": "hour",
             "aggregations": [{"type": "longSum", "name": "edits", "fieldName": "count"}, {"type": "longSum", "name": "added", "fieldName": "added"}]}
            """),
        ("topN 10 countries by added", $$"""
            {"queryType": "topN", "dataSource": "wikipedia", "intervals": {{Intervals}}, "granularity": "all", "dimension": "country",
             "metric": "added", "threshold": 10, "aggregations": [{"type": "longSum", "name": "added", "fieldName": "added"}]}
            """),
        ("groupBy language, namespace", $$"""
            {"queryType": "groupBy", "dataSource": "wikipedia", "intervals": {{Intervals}}, "granularity": "all", "dimensions": ["language", "namespace"],
             "aggregations": [{"type": "longSum", "name": "edits", "fieldName": "count"}, {"type": "longSum", "name": "added", "fieldName": "added"}]}
            """),
    ];

    public static async Task RunAsync(int events, int iterations, int seconds, int clients)
    {
        Console.WriteLine($"load average at start: {LoadAverage()}");
        await using var servers = await ClusterServers.StartAsync();
        using var cluster = await servers.CreateClusterAsync();
        var nodes = new List<ServerProcess>();
        try
        {
            var historical1 = Started(nodes, cluster.StartHistorical("historical-1"));
            var broker = Started(nodes, cluster.StartBroker("broker"));
            var started = Stopwatch.StartNew();
            var realtime = Started(nodes, StartRealtime(cluster, events));
            await realtime.WaitForPipelinesAsync("Finished");
            var segments = TestCluster.ClusterStatus(await historical1.Http.GetFromJsonAsync<JsonElement>("/status")).GetProperty("servedSegments").GetArrayLength();
            Console.WriteLine($"{events:N0} events ingested and handed off as {segments} hourly segments in {started.Elapsed.TotalSeconds:F1} s");
            await realtime.TerminateAsync();
            await WaitForSameAnswersAsync(broker, historical1);

            await SettleAsync("historical-1", historical1, historical1, clients, NodeWarmUp);
            await SettleAsync("the broker", broker, broker, clients, NodeWarmUp);
            Console.WriteLine($"latency, {iterations} queries each, one at a time, direct and broker alternating (ms):");
            Console.WriteLine("| Query | Direct p50 | Direct p99 | Broker p50 | Broker p99 | Overhead p50 | Overhead p99 |");
            foreach (var (name, query) in Queries)
            {
                var (direct, viaBroker) = await LatenciesAsync(historical1, broker, query, iterations);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {Percentile(direct, 0.5):F2} | {Percentile(direct, 0.99):F2} | {Percentile(viaBroker, 0.5):F2} | {Percentile(viaBroker, 0.99):F2} | {Percentile(viaBroker, 0.5) - Percentile(direct, 0.5):F2} | {Percentile(viaBroker, 0.99) - Percentile(direct, 0.99):F2} |"));
            }

            // Measured with 1, 2, then 1 historical again, so that a drift of the shared machine's load shows; each after a warm-up.
            Console.WriteLine($"throughput, {clients} clients, {seconds} s each after {WarmUp.TotalSeconds:F0} s of warm-up, the three queries in turn:");
            Console.WriteLine("| Queries sent to | Queries/s | Broker CPU per query (ms) | Historicals' CPU per query (ms) | Load average |");
            await ReportThroughputAsync("broker, 1 historical", broker, broker, [historical1], clients, seconds);
            var historical2 = Started(nodes, cluster.StartHistorical("historical-2"));
            await TestCluster.WaitForServedAsync(historical2, segments, "historical-2 to load every segment");
            await WaitForLocationsAsync(broker, segments, copies: 2);
            await SettleAsync("historical-2", historical2, historical2, clients, NodeWarmUp);
            await SettleAsync("the broker with 2 historicals", broker, broker, clients, FanOutWarmUp);
            await ReportThroughputAsync("broker, 2 historicals", broker, broker, [historical1, historical2], clients, seconds);
            await historical2.TerminateAsync();
            await WaitForLocationsAsync(broker, segments, copies: 1);
            await ReportThroughputAsync("broker, 1 historical again", broker, broker, [historical1], clients, seconds);
            await ReportThroughputAsync("the historical directly", historical1, broker, [historical1], clients, seconds);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            Console.WriteLine($"load average at end: {LoadAverage()}");
        }
    }

    private static ServerProcess Started(List<ServerProcess> nodes, ServerProcess node)
    {
        nodes.Add(node);
        return node;
    }

    /// <summary>A realtime node reading the generated events with the <c>local</c> firehose into hourly segments; it hands off when the file ends.</summary>
    private static ServerProcess StartRealtime(TestCluster cluster, int events)
    {
        var directory = cluster.Workspace("realtime");
        WikipediaEvents.Write(Path.Combine(directory, "events.json"), events, seed: 42, Day);
        var spec = Path.Combine(directory, "spec.json");
        File.WriteAllText(spec, $$"""
            [{
              "dataSchema": {{WikipediaEvents.DataSchema.Replace("\"segmentGranularity\": \"day\"", "\"segmentGranularity\": \"hour\"", StringComparison.Ordinal)}},
              "ioConfig": { "type": "realtime", "firehose": { "type": "local", "baseDir": "{{directory}}", "filter": "events.json" } },
              "tuningConfig": { "type": "realtime", "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" } }
            }]
            """);
        return cluster.StartRealtime("realtime", spec);
    }

    /// <summary>Waits until the broker answers every query as the historical does: it has found the historical's segments.</summary>
    private static async Task WaitForSameAnswersAsync(ServerProcess broker, ServerProcess historical)
    {
        var waited = Stopwatch.StartNew();
        foreach (var (name, query) in Queries)
        {
            while ((await broker.PostQueryAsync(query)).Body.ToString() != (await historical.QueryAsync(query)).ToString())
            {
                if (waited.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException($"The broker's answer to the {name} never equalled the historical's.\n{broker.Output}");
                }

                await Task.Delay(200);
            }
        }
    }

    /// <summary>Waits until the broker sees <paramref name="copies"/> servers for each of the <paramref name="segments"/> segments.</summary>
    private static async Task WaitForLocationsAsync(ServerProcess broker, int segments, int copies)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var candidates = await broker.Http.GetFromJsonAsync<JsonElement>($"/druid/v2/datasources/wikipedia/candidates?intervals={Day:yyyy-MM-dd}/P1D");
            if (candidates.GetArrayLength() == segments && candidates.EnumerateArray().All(c => c.GetProperty("locations").GetArrayLength() == copies))
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"The broker did not see {copies} copies of each segment: {candidates}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Latencies in milliseconds, after a warm-up, of the query sent straight to <paramref name="direct"/> and through the broker in turn.</summary>
    private static async Task<(List<double> Direct, List<double> Broker)> LatenciesAsync(ServerProcess direct, ServerProcess broker, string query, int iterations)
    {
        var (toDirect, toBroker) = (new List<double>(iterations), new List<double>(iterations));
        for (var i = -iterations / 10; i < iterations; i++)
        {
            var directTime = await TimeAsync(direct, query);
            var brokerTime = await TimeAsync(broker, query);
            if (i >= 0)
            {
                toDirect.Add(directTime);
                toBroker.Add(brokerTime);
            }
        }

        toDirect.Sort();
        toBroker.Sort();
        return (toDirect, toBroker);
    }

    private static async Task<double> TimeAsync(ServerProcess node, string query)
    {
        var clock = Stopwatch.StartNew();
        using var response = await node.Http.PostAsync("/druid/v2", new StringContent(query, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        return elapsed;
    }

    /// <summary>
    /// Sends queries to <paramref name="target"/> for <paramref name="duration"/>, so that the node's JIT compiles the
    /// query path, and prints the CPU time <paramref name="measured"/> spent per query in the first and the last 3 s.
    /// </summary>
    /// <remarks>A node that has just started spends about four times the CPU per query for its first 20–30 s of queries.</remarks>
    private static async Task SettleAsync(string what, ServerProcess target, ServerProcess measured, int clients, TimeSpan duration)
    {
        var waited = Stopwatch.StartNew();
        var costs = new List<double>();
        while (waited.Elapsed < duration)
        {
            var cpu = measured.ProcessorTime;
            var (answered, _) = await ThroughputAsync(target, clients, TimeSpan.FromSeconds(3));
            costs.Add((measured.ProcessorTime - cpu).TotalMilliseconds / answered);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {waited.Elapsed.TotalSeconds:F0} s of queries to warm up; CPU per query {costs[0]:F2} ms in the first 3 s, {costs[^1]:F2} ms in the last"));
    }

    /// <summary>Prints the queries/s <paramref name="clients"/> clients get from <paramref name="target"/> and the CPU time the broker and the historicals spend per query.</summary>
    private static async Task ReportThroughputAsync(string what, ServerProcess target, ServerProcess broker, IReadOnlyList<ServerProcess> historicals, int clients, int seconds)
    {
        await ThroughputAsync(target, clients, WarmUp);
        var (brokerCpu, historicalsCpu) = (broker.ProcessorTime, Sum(historicals));
        var (answered, elapsed) = await ThroughputAsync(target, clients, TimeSpan.FromSeconds(seconds));
        var (brokerMs, historicalsMs) = ((broker.ProcessorTime - brokerCpu).TotalMilliseconds / answered, (Sum(historicals) - historicalsCpu).TotalMilliseconds / answered);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {answered / elapsed.TotalSeconds:F0} | {brokerMs:F2} | {historicalsMs:F2} | {LoadAverage()} |"));

        static TimeSpan Sum(IEnumerable<ServerProcess> nodes) => nodes.Aggregate(TimeSpan.Zero, (sum, node) => sum + node.ProcessorTime);
    }

    /// <summary>The queries that <paramref name="clients"/> clients, each sending the next query when the last is answered, get answered by <paramref name="node"/>.</summary>
    private static async Task<(long Answered, TimeSpan Elapsed)> ThroughputAsync(ServerProcess node, int clients, TimeSpan duration)
    {
        var answered = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var i = client; clock.Elapsed < duration; i++)
            {
                await TimeAsync(node, Queries[i % Queries.Length].Query);
                Interlocked.Increment(ref answered);
            }
        })));
        return (answered, clock.Elapsed);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
