using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

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
        var work = Path.Combine(options.WorkDirectory, "receiver-node");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "spec.json"), "[" + pipelineSpec + "]");
        var port = FreePort();
        using var node = StartNode(work, port);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await WaitAsync(async () => (await http.GetFromJsonAsync<JsonElement>("/status")).GetProperty("pipelines")[0].GetProperty("state").GetString() == "Running");
            var self = Process.GetCurrentProcess();
            var nodeCpuBefore = node.TotalProcessorTime;
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
            await WaitAsync(async () => Processed(await http.GetStringAsync("/metrics")) >= options.Events, pollMillis: 20);
            var seconds = clock.Elapsed.TotalSeconds;
            node.Refresh();
            self.Refresh();
            var nodeCpu = (node.TotalProcessorTime - nodeCpuBefore).TotalSeconds;
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
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
    }

    /// <summary>The events of <paramref name="file"/> as JSON array bodies of <paramref name="size"/> events each.</summary>
    private static List<byte[]> Batches(string file, int size) =>
        [.. File.ReadLines(file).Chunk(size).Select(lines => Encoding.UTF8.GetBytes("[" + string.Join(",", lines) + "]"))];

    private static Process StartNode(string work, int port)
    {
        var repository = RepositoryRoot();
        var configuration = typeof(ReceiverLoad).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var server = Path.Combine(repository, "Realtime.Server", "bin", configuration, "net10.0", "Realtime.Server.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            server, "--spec", "spec.json", "--urls", $"http://127.0.0.1:{port}", "--Realtime:Plugins:Directory", Path.Combine(repository, "plugins"),
            "--Realtime:Plugins:LoadList:0", "Http", "--Logging:LogLevel:Default", "Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the node.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static long Processed(string prometheus) =>
        prometheus.Split('\n').Where(l => l.StartsWith("realtime_ingest_events_processed_total{", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static async Task WaitAsync(Func<Task<bool>> condition, int pollMillis = 200)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(pollMillis);
        }

        throw new TimeoutException("The node did not get there within 5 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Realtime.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Realtime.sln not found above the load tool.");
    }
}
