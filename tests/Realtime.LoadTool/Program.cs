using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Hosting;
using Realtime.Core.Index;
using Realtime.Core.Spec;
using Realtime.LoadTool;

// End-to-end ingestion benchmark: generated wikipedia-like NDJSON → local firehose → realtime plumber →
// queryable index → merged, pushed and published segment; optionally DuckDB rolling up the same file.
// With --receiver: the same events pushed over loopback HTTP to a node process through the Http plugin's receiver.
// With --process: node processes and DuckDB processes started cold on the file, until every event is counted.
if (args is [DuckDb.PeerCommand, var peerFile])
{
    DuckDb.RunPeer(peerFile);
    return;
}

var options = LoadOptions.Parse(args);
Directory.CreateDirectory(options.WorkDirectory);
var file = options.EventsFile;
if (!File.Exists(file))
{
    Console.WriteLine($"Generating {options.Events:N0} events into {file} …");
    WikipediaEvents.Write(file, options.Events, seed: 42, day: new DateTimeOffset(2013, 8, 31, 0, 0, 0, TimeSpan.Zero));
}

var fileBytes = new FileInfo(file).Length;
Console.WriteLine($"Input: {options.Events:N0} events, {fileBytes / (double)options.Events:F0} bytes per event.");
if (options.Receiver)
{
    await ReceiverLoad.RunAsync(options, file, options.PipelineSpec("""{ "type": "receiver", "serviceName": "load" }"""));
    return;
}

if (options.WholeProcess)
{
    await ProcessLoad.RunAsync(options, fileBytes);
    return;
}

var serializer = new SpecSerializer(ComponentRegistry.BuiltIn);
var spec = RealtimeSpecFile.Parse(options.PipelineSpec(options.LocalFirehose), serializer, "load-tool spec")[0];

options.CacheEventsFile();
var node = await RunNodeAsync(spec, options);
var memory = MeasureIndexMemory(spec, file);
JsonElement? duck = null;
if (options.DuckDb)
{
    options.CacheEventsFile();
    duck = await DuckDb.RunNodeAsync(file, options.WorkDirectory, options.Events);
}

var report = new Dictionary<string, object?>
{
    ["events"] = options.Events,
    ["bytesPerEvent"] = Math.Round(fileBytes / (double)options.Events),
    ["ingestSeconds"] = Math.Round(node.IngestSeconds, 3),
    ["eventsPerSecond"] = Math.Round(options.Events / node.IngestSeconds),
    ["cpuSeconds"] = Math.Round(node.IngestCpuSeconds, 3),
    ["eventsPerCpuSecond"] = Math.Round(options.Events / node.IngestCpuSeconds),
    ["gcPauseSeconds"] = Math.Round(node.IngestGcPauseSeconds, 3),
    ["allocatedBytesPerEvent"] = Math.Round(node.IngestAllocatedBytes / (double)options.Events),
    ["rowsAfterRollup"] = node.Rows,
    ["persists"] = node.Persists,
    ["persistMillisTotal"] = Math.Round(node.PersistMillis),
    ["mergeMillis"] = Math.Round(node.MergeMillis),
    ["finishSeconds"] = Math.Round(node.FinishSeconds, 3),
    ["indexBytesPerRow"] = Math.Round(memory),
    ["duckdb"] = duck,
};
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
File.WriteAllText(Path.Combine(options.WorkDirectory, "report.json"), json);
Console.WriteLine(json);

static async Task<NodeFigures> RunNodeAsync(FireDepartment spec, LoadOptions options)
{
    foreach (var dir in new[] { "persist", "deep-storage", "segment-cache" })
    {
        var path = Path.Combine(options.WorkDirectory, dir);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    var metadata = Path.Combine(options.WorkDirectory, "metadata.db");
    File.Delete(metadata);
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Realtime:Storage:Directory"] = Path.Combine(options.WorkDirectory, "deep-storage"),
        ["Realtime:Metadata:ConnectionString"] = $"Data Source={metadata}",
        ["Realtime:Serving:Directory"] = Path.Combine(options.WorkDirectory, "segment-cache"),
        ["Realtime:Plugins:Directory"] = Path.Combine(options.WorkDirectory, "no-plugins"),
    });
    builder.Services.AddRealtime(builder.Configuration.GetSection("Realtime"), realtime => realtime.AddPipeline(spec));
    using var host = builder.Build();
    using var listener = new PlumberTimes();

    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var pausedBefore = GC.GetTotalPauseDuration();
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var clock = Stopwatch.StartNew();
    await host.StartAsync();
    var node = host.Services.GetRequiredService<RealtimeManager>();
    var pipeline = node.Pipelines[0];
    while (pipeline.State is PipelineState.Starting or PipelineState.Running)
    {
        await Task.Delay(5);
    }

    var ingestSeconds = clock.Elapsed.TotalSeconds;
    process.Refresh();
    var ingestCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    var gcPause = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;
    var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
    await node.WhenStoppedAsync();
    var finishSeconds = clock.Elapsed.TotalSeconds - ingestSeconds;
    if (pipeline.State != PipelineState.Finished)
    {
        throw new InvalidOperationException($"The pipeline ended {pipeline.State}: {pipeline.Error}");
    }

    long rows = 0;
    foreach (var segment in node.GetSegments("wikipedia"))
    {
        using var lease = segment.Acquire();
        rows += lease.Indexes.Sum(i => (long)i.RowCount);
    }

    await host.StopAsync();
    return new NodeFigures(ingestSeconds, ingestCpu, gcPause, allocated, finishSeconds, rows, listener.Persists, listener.PersistMillis, listener.MergeMillis);
}

static double MeasureIndexMemory(FireDepartment spec, string file)
{
    var schema = spec.DataSchema;
    var parser = schema.Parser!.Create(new ParserContext { ImplicitExclusions = schema.ImplicitExclusions, Services = new ServiceCollection().BuildServiceProvider() });
    var factory = new IndexFactory(new IndexSchema(schema.ExplicitDimensions, schema.MetricsSpec, schema.GranularitySpec.QueryGranularity));
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var index = factory.CreateIncremental(new Realtime.Abstractions.Time.Interval(long.MinValue / 4, long.MaxValue / 4));
    foreach (var line in File.ReadLines(file).Take(500_000))
    {
        index.Add(parser.Parse(System.Text.Encoding.UTF8.GetBytes(line))!);
    }

    var after = GC.GetTotalMemory(forceFullCollection: true);
    var bytesPerRow = (after - before) / (double)index.RowCount;
    GC.KeepAlive(index);
    return bytesPerRow;
}

internal sealed record NodeFigures(double IngestSeconds, double IngestCpuSeconds, double IngestGcPauseSeconds, long IngestAllocatedBytes, double FinishSeconds, long Rows, long Persists, double PersistMillis, double MergeMillis);

/// <summary>Sums the plumber's persist and merge times from the Realtime meter.</summary>
internal sealed class PlumberTimes : IDisposable
{
    private readonly MeterListener _listener = new();

    public PlumberTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Realtime" && instrument.Name is "realtime.ingest.persists.time" or "realtime.ingest.merge.time")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "realtime.ingest.persists.time")
            {
                Persists++;
                PersistMillis += value;
            }
            else
            {
                MergeMillis += value;
            }
        });
        _listener.Start();
    }

    public long Persists { get; private set; }

    public double PersistMillis { get; private set; }

    public double MergeMillis { get; private set; }

    public void Dispose() => _listener.Dispose();
}

/// <summary>
/// Command-line options: <c>--events N</c>, <c>--work DIR</c>, <c>--max-rows N</c>, <c>--duckdb</c>; <c>--receiver</c> pushes the
/// events over HTTP to a node process instead, in batches of <c>--batch N</c> events on <c>--connections N</c> connections;
/// <c>--process</c> times node and DuckDB processes started cold on the file instead, <c>--runs N</c> times each, the node
/// also as the published executable <c>--exe PATH</c> when given.
/// </summary>
internal sealed record LoadOptions(int Events, string WorkDirectory, int MaxRowsInMemory, bool DuckDb, bool Receiver = false, int BatchSize = 1000, int Connections = 2,
    bool WholeProcess = false, int Runs = 3, string? Executable = null)
{
    /// <summary>The generated NDJSON file of <see cref="Events"/> events in the work directory.</summary>
    public string EventsFile => Path.Combine(WorkDirectory, $"wikipedia-{Events}.ndjson");

    /// <summary>
    /// Reads <see cref="EventsFile"/> once, untimed, so that each timed run starts with it in the page cache, whichever
    /// system runs: the OS may have evicted the file's pages since the last run, and a read from disk would be timed instead.
    /// </summary>
    public void CacheEventsFile()
    {
        using var stream = new FileStream(EventsFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.CopyTo(Stream.Null, 1 << 20);
    }

    /// <summary>The <c>local</c> firehose that reads <see cref="EventsFile"/>.</summary>
    public string LocalFirehose => $$"""{ "type": "local", "baseDir": "{{WorkDirectory}}", "filter": "{{Path.GetFileName(EventsFile)}}" }""";

    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new LoadOptions(
            int.Parse(Value("--events") ?? "1000000", CultureInfo.InvariantCulture),
            Path.GetFullPath(Value("--work") ?? Path.Combine(Path.GetTempPath(), "realtime-load")),
            int.Parse(Value("--max-rows") ?? "1000000", CultureInfo.InvariantCulture),
            args.Contains("--duckdb"),
            args.Contains("--receiver"),
            int.Parse(Value("--batch") ?? "1000", CultureInfo.InvariantCulture),
            int.Parse(Value("--connections") ?? "2", CultureInfo.InvariantCulture),
            args.Contains("--process"),
            int.Parse(Value("--runs") ?? "3", CultureInfo.InvariantCulture),
            Value("--exe"));
    }

    /// <summary>
    /// The benchmarks' pipeline spec: the wikipedia data schema, <paramref name="firehose"/>, a persist every
    /// <see cref="MaxRowsInMemory"/> rows into <paramref name="persistDirectory"/> (<c>persist</c> in the work directory by
    /// default), and every event accepted whatever its time (rejection policy <c>none</c>).
    /// </summary>
    public string PipelineSpec(string firehose, string? persistDirectory = null) => $$"""
        {
          "dataSchema": {{WikipediaEvents.DataSchema}},
          "ioConfig": { "firehose": {{firehose}} },
          "tuningConfig": { "maxRowsInMemory": {{MaxRowsInMemory}}, "rejectionPolicy": { "type": "none" },
            "basePersistDirectory": "{{persistDirectory ?? Path.Combine(WorkDirectory, "persist")}}" }
        }
        """;
}
