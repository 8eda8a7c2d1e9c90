using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Realtime.Testing;

namespace Realtime.LoadTool;

/// <summary>
/// Pushes the generated events to a Realtime.Server process through the Http plugin's <c>receiver</c> firehose, in JSON
/// array batches over loopback HTTP, and measures until the node has indexed every event: wall time and the node
/// process's CPU time (the pushing client's CPU is reported apart).
/// </summary>
internal static class ReceiverLoad
{
    private const string PushPath = "/druid/worker/v1/chat/load/push-events";

    public static async Task RunAsync(LoadOptions options, string file, string pipelineSpec)
    {
        var batches = Batches(file, options.BatchSize);
        var work = ChildProcess.EmptyDirectory(Path.Combine(options.WorkDirectory, "receiver-node"));
        File.WriteAllText(Path.Combine(work, "spec.json"), "[" + pipelineSpec + "]");
        await using var node = NodeProcess.Start(NodeLauncher.BuiltAssembly, work, new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections },
            "--spec", "spec.json", "--Realtime:Plugins:Directory", Path.Combine(RepositoryPaths.Root, "plugins"), "--Realtime:Plugins:LoadList:0", "Http");
        var http = node.Http;
        await node.WaitAsync("the pipeline running",
            async () => (await http.GetFromJsonAsync<JsonElement>("/status")).GetProperty("pipelines")[0].GetProperty("state").GetString() == "Running");
        var self = Process.GetCurrentProcess();
        var nodeCpuBefore = node.ProcessorTime;
        var clientCpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < batches.Count; i = Interlocked.Increment(ref next))
            {
                using var content = new ByteArrayContent(batches[i]);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync(PushPath, content);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"Push {i} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        var pushedSeconds = clock.Elapsed.TotalSeconds;
        await node.WaitAsync("every event processed", async () => Processed(await http.GetStringAsync("/metrics")) >= options.Events, pollMillis: 20);
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var nodeCpu = (node.ProcessorTime - nodeCpuBefore).TotalSeconds;
        var clientCpu = (self.TotalProcessorTime - clientCpuBefore).TotalSeconds;
        var report = new Dictionary<string, object?>
        {
            ["events"] = options.Events,
            ["batchSize"] = options.BatchSize,
            ["connections"] = options.Connections,
            ["bytesPerBatch"] = Math.Round(batches.Average(b => b.Length)),
            ["pushSeconds"] = Math.Round(pushedSeconds, 3),
            ["indexedSeconds"] = Math.Round(seconds, 3),
            ["eventsPerSecond"] = Math.Round(options.Events / seconds),
            ["nodeCpuSeconds"] = Math.Round(nodeCpu, 3),
            ["eventsPerNodeCpuSecond"] = Math.Round(options.Events / nodeCpu),
            ["clientCpuSeconds"] = Math.Round(clientCpu, 3),
        };
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(options.WorkDirectory, "receiver-report.json"), json);
        Console.WriteLine(json);
    }

    /// <summary>The events of <paramref name="file"/> as JSON array bodies of <paramref name="size"/> events each.</summary>
    private static List<byte[]> Batches(string file, int size) =>
        [.. File.ReadLines(file).Chunk(size).Select(lines => Encoding.UTF8.GetBytes("[" + string.Join(",", lines) + "]"))];

    /// <summary>The events the node's pipelines have indexed, from its Prometheus metrics.</summary>
    public static long Processed(string prometheus) =>
        prometheus.Split('\n').Where(l => l.StartsWith("realtime_ingest_events_processed_total{", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
