using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Realtime.LoadTool;

/// <summary>
/// The whole-process mode (<c>--process</c>): how long from starting a process cold on the NDJSON file until every event
/// is counted. The node (by <c>dotnet run</c>, and as a published executable with <c>--exe</c>) runs the <c>local</c>
/// firehose on the file in a fresh working directory, and the clock stops when a timeseries query counts every event
/// (asked once the node's metrics say every event is indexed, so that polling does not slow ingestion down);
/// DuckDB (a .NET and a Node.js peer) runs the same rollup in its own process, and the clock stops when that process exits
/// having counted every event. The systems take turns, <c>--runs</c> times each.
/// </summary>
internal static class ProcessLoad
{
    private const string CountQuery = """
        {"queryType":"timeseries","dataSource":"wikipedia","granularity":"all","intervals":["1000/3000"],
         "aggregations":[{"type":"longSum","name":"events","fieldName":"count"}]}
        """;

    private const string DuckDbNet = "duckDbNet";
    private const string DuckDbNode = "duckDbNode";

    public static async Task RunAsync(LoadOptions options, long fileBytes)
    {
        var nodePeerDirectory = await DuckDb.PrepareNodeAsync(options.WorkDirectory);
        var systems = new List<(string Name, Func<Task<ProcessRun>> Measure)> { ("nodeDotnetRun", () => MeasureNodeAsync(NodeLauncher.DotNetRun, options)) };
        if (options.Executable is not null)
        {
            systems.Add(("nodeExecutable", () => MeasureNodeAsync(NodeLauncher.Executable(options.Executable), options)));
        }

        systems.Add((DuckDbNet, () => MeasurePeerAsync(DuckDb.DotNetPeer(options.EventsFile), options.WorkDirectory, options.Events)));
        systems.Add((DuckDbNode, () => MeasurePeerAsync(DuckDb.NodePeer(options.EventsFile), nodePeerDirectory, options.Events)));

        var runs = systems.ToDictionary(s => s.Name, _ => new List<ProcessRun>());
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var (name, measure) in systems)
            {
                options.CacheEventsFile();
                var figures = await measure();
                runs[name].Add(figures);
                Console.WriteLine($"Run {run} of {name}: {figures.Seconds:F3} s, {figures.CpuSeconds:F3} CPU-seconds"
                    + (figures.HealthySeconds is { } healthy ? $", healthy after {healthy:F3} s" : ""));
            }
        }

        var report = new Dictionary<string, object?>
        {
            ["events"] = options.Events,
            ["bytesPerEvent"] = Math.Round(fileBytes / (double)options.Events),
        };
        foreach (var (name, _) in systems)
        {
            report[name] = Summary(runs[name], options.Events, MedianSeconds(runs[DuckDbNet]), MedianSeconds(runs[DuckDbNode]));
        }

        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(options.WorkDirectory, "report-process.json"), json);
        Console.WriteLine(json);
    }

    /// <summary>
    /// One node run in a fresh working directory, deleted afterwards: the clock runs from just before the process starts
    /// until the count query answers every event; the CPU time is the node's at that moment.
    /// </summary>
    private static async Task<ProcessRun> MeasureNodeAsync(NodeLauncher launcher, LoadOptions options)
    {
        var directory = ChildProcess.EmptyDirectory(Path.Combine(options.WorkDirectory, "process-node"));
        var data = Path.Combine(directory, "data");
        File.WriteAllText(Path.Combine(directory, "spec.json"), "[" + options.PipelineSpec(options.LocalFirehose, Path.Combine(directory, "persist")) + "]");
        var clock = Stopwatch.StartNew();
        double? healthySeconds = null;
        ProcessRun figures;
        await using (var node = NodeProcess.Start(launcher, directory, handler: null,
            "--spec", "spec.json", "--Realtime:Storage:Directory", Path.Combine(data, "deep-storage"), "--Realtime:Metadata:ConnectionString",
            $"Data Source={Path.Combine(data, "metadata.db")}", "--Realtime:Serving:Directory", Path.Combine(data, "segment-cache"),
            "--Realtime:Plugins:Directory", Path.Combine(directory, "plugins")))
        {
            await node.WaitAsync("a query counting every event", async () =>
            {
                if (healthySeconds is null)
                {
                    using var health = await node.Http.GetAsync("/status/health");
                    if (health.StatusCode != HttpStatusCode.OK)
                    {
                        return false;
                    }

                    healthySeconds = clock.Elapsed.TotalSeconds;
                }

                // The metrics are cheap to read; the count query scans the whole in-memory index, so it waits until they say it is time.
                return ReceiverLoad.Processed(await node.Http.GetStringAsync("/metrics")) >= options.Events && await CountAsync(node.Http) == options.Events;
            }, pollMillis: 20);
            figures = new ProcessRun(clock.Elapsed.TotalSeconds, node.ProcessorTime.TotalSeconds, healthySeconds);
        }

        Directory.Delete(directory, recursive: true);
        return figures;
    }

    /// <summary>The events the count query counts now; 0 while the node answers otherwise than 200 or with no bucket yet.</summary>
    private static async Task<long> CountAsync(HttpClient http)
    {
        using var query = new StringContent(CountQuery, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/druid/v2", query);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return 0;
        }

        var result = await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync());
        return result.GetArrayLength() == 0 ? 0 : result[0].GetProperty("result").GetProperty("events").GetInt64();
    }

    /// <summary>
    /// One DuckDB peer run: the clock runs from just before the process starts until it exits; its CPU time is read from
    /// the OS once it has been waited for. Fails unless it counted every event.
    /// </summary>
    private static async Task<ProcessRun> MeasurePeerAsync((string Program, string[] Arguments) peer, string directory, int events)
    {
        var cpuBefore = ChildProcess.ReapedChildrenProcessorTime();
        var clock = Stopwatch.StartNew();
        var output = await ChildProcess.RunAsync(peer.Program, directory, peer.Arguments);
        var figures = new ProcessRun(clock.Elapsed.TotalSeconds, (ChildProcess.ReapedChildrenProcessorTime() - cpuBefore).TotalSeconds, HealthySeconds: null);
        DuckDb.Check(output, events);
        return figures;
    }

    /// <summary>
    /// A system's figures over its runs; for the node also when it was healthy, and how many times faster than DuckDB it
    /// is (DuckDB's median seconds over the node's: above 1 the node is faster).
    /// </summary>
    private static Dictionary<string, object?> Summary(List<ProcessRun> runs, int events, double duckDbNetSeconds, double duckDbNodeSeconds)
    {
        var seconds = MedianSeconds(runs);
        var summary = new Dictionary<string, object?>
        {
            ["runs"] = runs.Count,
            ["secondsMin"] = Math.Round(runs.Min(r => r.Seconds), 3),
            ["secondsMedian"] = Math.Round(seconds, 3),
            ["eventsPerSecond"] = Math.Round(events / seconds),
            ["cpuSecondsMedian"] = Math.Round(Median(runs.Select(r => r.CpuSeconds)), 3),
            ["seconds"] = runs.Select(r => Math.Round(r.Seconds, 3)).ToArray(),
        };
        if (runs[0].HealthySeconds is not null)
        {
            summary["healthySecondsMedian"] = Math.Round(Median(runs.Select(r => r.HealthySeconds!.Value)), 3);
            summary["nodeVsDuckDbNet"] = Math.Round(duckDbNetSeconds / seconds, 3);
            summary["nodeVsDuckDbNode"] = Math.Round(duckDbNodeSeconds / seconds, 3);
        }

        return summary;
    }

    private static double MedianSeconds(List<ProcessRun> runs) => Median(runs.Select(r => r.Seconds));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>One run of a system in the whole-process mode: wall and CPU seconds, and for the node when it first answered its health check.</summary>
internal sealed record ProcessRun(double Seconds, double CpuSeconds, double? HealthySeconds);
