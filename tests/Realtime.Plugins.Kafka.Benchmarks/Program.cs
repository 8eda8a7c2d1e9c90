using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Realtime.Benchmarks;
using Realtime.Core.Components;
using Realtime.Core.Spec;
using Realtime.LoadTool;
using Realtime.Plugins.Formats.Avro;
using Realtime.Plugins.Formats.Tests.Avro;
using Realtime.Plugins.Kafka;
using Realtime.Plugins.Kafka.Tests;

// Kafka firehose benchmark: the load tool's wikipedia-like events in librdkafka's mock cluster, read once by a plain
// Confluent.Kafka consumer (the raw consume rate) and once by a node in this process through the kafka firehose into
// the index. Both are timed from their first message to their last, so joining the group is not counted. With --avro
// the same events are also put in a second topic as Avro records in Confluent's wire format (their schema in an
// in-process schema registry) and read by a node through the kafka firehose and the avro_stream parser.
var options = BenchmarkOptions.Parse(args);
Directory.CreateDirectory(options.WorkDirectory);
var file = Path.Combine(options.WorkDirectory, $"wikipedia-{options.Events}.ndjson");
if (!File.Exists(file))
{
    WikipediaEvents.Write(file, options.Events, seed: 42, day: new DateTimeOffset(2013, 8, 31, 0, 0, 0, TimeSpan.Zero));
}

var events = File.ReadLines(file).Select(System.Text.Encoding.UTF8.GetBytes).ToList();
using var cluster = MockCluster.Start(brokers: 1);
cluster.CreateTopic("wikipedia", options.Partitions);
cluster.Produce("wikipedia", events.Select((e, i) => (i % options.Partitions, (byte[]?)e)));
Console.WriteLine($"{events.Count:N0} events ({events.Average(e => e.Length):F0} bytes each) in {options.Partitions} partitions of the mock cluster.");
await using var registry = options.Avro ? await SchemaRegistryServer.StartAsync() : null;
var avroDataSchema = "";
if (registry is not null)
{
    var records = await ConfluentAvroAsync(registry.Url, events);
    cluster.CreateTopic("wikipedia-avro", options.Partitions);
    cluster.Produce("wikipedia-avro", records.Select((e, i) => (i % options.Partitions, (byte[]?)e)));
    avroDataSchema = WikipediaAvro.DataSchema($$"""{ "type": "schema_registry", "url": "{{registry.Url}}" }""");
    Console.WriteLine($"The same events as Avro records in Confluent's wire format ({records.Average(e => e.Length):F0} bytes each) in topic wikipedia-avro.");
}

var runs = new List<Dictionary<string, object>>();
for (var run = 1; run <= options.Runs; run++)
{
    // Each reader starts on a collected heap, so that the garbage of the one before is not collected on its time.
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    var raw = ConsumeRaw(cluster.BootstrapServers, $"raw-{run}", events.Count);
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    var ingest = await IngestAsync(cluster.BootstrapServers, $"ingest-{run}", "wikipedia", WikipediaEvents.DataSchema, events.Count, options.WorkDirectory);
    Console.WriteLine($"run {run}: raw Confluent.Kafka {raw.PerSecond:N0} events/s ({raw.CpuMicrosPerEvent:F2} CPU-µs each); "
        + $"kafka firehose into the index {ingest.PerSecond:N0} events/s ({ingest.CpuMicrosPerEvent:F2} CPU-µs each, {ingest.PerCpuSecond:N0} per CPU-second), {ingest.PerSecond / raw.PerSecond:P0} of raw, "
        + $"GC pauses {ingest.GcPauses.TotalSeconds:F2} s, {ingest.AllocatedPerEvent:N0} B allocated per event");
    var figures = new Dictionary<string, object>
    {
        ["rawEventsPerSecond"] = Math.Round(raw.PerSecond),
        ["rawCpuMicrosPerEvent"] = Math.Round(raw.CpuMicrosPerEvent, 2),
        ["ingestEventsPerSecond"] = Math.Round(ingest.PerSecond),
        ["ingestCpuMicrosPerEvent"] = Math.Round(ingest.CpuMicrosPerEvent, 2),
        ["ingestEventsPerCpuSecond"] = Math.Round(ingest.PerCpuSecond),
        ["ingestGcPauseSeconds"] = Math.Round(ingest.GcPauses.TotalSeconds, 3),
        ["ingestAllocatedBytesPerEvent"] = Math.Round(ingest.AllocatedPerEvent),
        ["ratio"] = Math.Round(ingest.PerSecond / raw.PerSecond, 3),
    };
    if (options.Avro)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var avro = await IngestAsync(cluster.BootstrapServers, $"avro-{run}", "wikipedia-avro", avroDataSchema, events.Count, options.WorkDirectory);
        Console.WriteLine($"run {run}: Avro through the kafka firehose into the index {avro.PerSecond:N0} events/s ({avro.CpuMicrosPerEvent:F2} CPU-µs each, "
            + $"{avro.PerCpuSecond:N0} per CPU-second), GC pauses {avro.GcPauses.TotalSeconds:F2} s, {avro.AllocatedPerEvent:N0} B allocated per event; "
            + $"Avro/JSON {avro.PerSecond / ingest.PerSecond:P0} of the events/s, {avro.PerCpuSecond / ingest.PerCpuSecond:P0} of the events per CPU-second");
        figures["avroEventsPerSecond"] = Math.Round(avro.PerSecond);
        figures["avroCpuMicrosPerEvent"] = Math.Round(avro.CpuMicrosPerEvent, 2);
        figures["avroEventsPerCpuSecond"] = Math.Round(avro.PerCpuSecond);
        figures["avroGcPauseSeconds"] = Math.Round(avro.GcPauses.TotalSeconds, 3);
        figures["avroAllocatedBytesPerEvent"] = Math.Round(avro.AllocatedPerEvent);
        figures["avroToJsonPerCpuSecond"] = Math.Round(avro.PerCpuSecond / ingest.PerCpuSecond, 3);
    }

    runs.Add(figures);
}

var report = JsonSerializer.Serialize(new { events = events.Count, partitions = options.Partitions, avro = options.Avro, runs }, new JsonSerializerOptions { WriteIndented = true });
File.WriteAllText(Path.Combine(options.WorkDirectory, "kafka-report.json"), report);
Console.WriteLine(report);

// A plain consumer in a group of its own, reading every message's value as bytes.
static Figures ConsumeRaw(string brokers, string group, int count)
{
    var config = new ConsumerConfig(BenchmarkOptions.ConsumerProperties(brokers, group)) { EnableAutoCommit = false };
    using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
    consumer.Subscribe("wikipedia");
    var start = default(Sample);
    long bytes = 0;
    for (var read = 0; read < count; read++)
    {
        var result = consumer.Consume(TimeSpan.FromMinutes(1)) ?? throw new InvalidOperationException($"Only {read} of {count} messages arrived.");
        bytes += result.Message.Value.Length;
        if (read == 0)
        {
            start = Sample.Take();
        }
    }

    var figures = Figures.Between(count - 1, start, Sample.Take());
    consumer.Close();
    GC.KeepAlive(bytes);
    return figures;
}

// Each event as an Avro record in Confluent's wire format, its schema registered with the registry at registryUrl.
static async Task<List<byte[]>> ConfluentAvroAsync(string registryUrl, List<byte[]> events)
{
    using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl });
    var serializer = new AvroSerializer<GenericRecord>(client);
    var context = new SerializationContext(MessageComponentType.Value, "wikipedia-avro");
    var records = new List<byte[]>(events.Count);
    foreach (var line in events)
    {
        records.Add(await serializer.SerializeAsync(WikipediaAvro.Record(line), context));
    }

    return records;
}

// A node in this process with one pipeline on the kafka firehose, timed by its processed-events counter.
static async Task<Figures> IngestAsync(string brokers, string group, string topic, string dataSchema, int count, string workDirectory)
{
    var properties = string.Join(", ", BenchmarkOptions.ConsumerProperties(brokers, group).Select(p => $"\"{p.Key}\": \"{p.Value}\""));
    var persist = Path.Combine(workDirectory, "persist");
    if (Directory.Exists(persist))
    {
        Directory.Delete(persist, recursive: true);
    }

    var spec = $$"""
        {
          "dataSchema": {{dataSchema}},
          "ioConfig": { "firehose": { "type": "kafka", "topic": "{{topic}}", "consumerProperties": { {{properties}} } } },
          "tuningConfig": { "maxRowsInMemory": 1000000, "rejectionPolicy": { "type": "none" }, "basePersistDirectory": {{JsonSerializer.Serialize(persist)}} }
        }
        """;
    var serializer = new SpecSerializer(new ComponentRegistry.Builder()
        .Add(typeof(KafkaFirehoseFactory).Assembly, "Kafka").Add(typeof(AvroStreamInputRowParserFactory).Assembly, "Formats").Build());
    var pipeline = RealtimeSpecFile.Parse(spec, serializer, "kafka benchmark spec")[0];
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Realtime:Storage:Directory"] = Path.Combine(workDirectory, "deep-storage"),
        ["Realtime:Metadata:ConnectionString"] = $"Data Source={Path.Combine(workDirectory, "metadata.db")}",
        ["Realtime:Serving:Directory"] = Path.Combine(workDirectory, "segment-cache"),
        ["Realtime:Plugins:Directory"] = Path.Combine(workDirectory, "no-plugins"),
    });
    builder.Services.AddRealtime(builder.Configuration.GetSection("Realtime"), realtime => realtime
        .AddPipeline(pipeline)
        .AddComponents(typeof(KafkaFirehoseFactory).Assembly)
        .AddComponents(typeof(AvroStreamInputRowParserFactory).Assembly));
    using var host = builder.Build();
    using var processed = new ProcessedCounter();
    await host.StartAsync();
    Sample? start = null;
    long first = 0;
    for (var seen = processed.Read(); seen < count; seen = processed.Read())
    {
        if (seen > 0 && start is null)
        {
            start = Sample.Take();
            first = seen;
        }

        Thread.Sleep(1);
    }

    var end = Sample.Take();
    var figures = Figures.Between(count - first, start ?? end, end);
    await host.StopAsync();
    return figures;
}

/// <summary>A moment of the process: its clock, CPU time, garbage collection pauses so far and managed bytes allocated so far.</summary>
internal readonly record struct Sample(long Timestamp, TimeSpan Cpu, TimeSpan GcPauses, long Allocated)
{
    public static Sample Take() =>
        new(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
}

/// <summary>
/// Events read in a time, and the process's CPU time meanwhile (the mock cluster's included), the garbage collector's
/// pauses and the managed bytes allocated.
/// </summary>
internal sealed record Figures(long Events, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan GcPauses, long Allocated)
{
    public static Figures Between(long events, Sample start, Sample end) =>
        new(events, Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp), end.Cpu - start.Cpu, end.GcPauses - start.GcPauses, end.Allocated - start.Allocated);

    public double AllocatedPerEvent => (double)Allocated / Events;

    public double PerSecond => Events / Elapsed.TotalSeconds;

    public double CpuMicrosPerEvent => Cpu.TotalMicroseconds / Events;

    public double PerCpuSecond => Events / Cpu.TotalSeconds;
}

/// <summary>Reads the node's observable counter of processed events.</summary>
internal sealed class ProcessedCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _value;

    public ProcessedCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Realtime" && instrument.Name == "realtime.ingest.events.processed")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _value = value);
        _listener.Start();
    }

    public long Read()
    {
        _listener.RecordObservableInstruments();
        return _value;
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>Command-line options: <c>--events N</c>, <c>--partitions N</c>, <c>--runs N</c>, <c>--work DIR</c>, <c>--avro</c>.</summary>
internal sealed record BenchmarkOptions(int Events, int Partitions, int Runs, string WorkDirectory, bool Avro)
{
    /// <summary>The mock cluster keeps about 5 MB per partition: at most this many of the ~370-byte events each.</summary>
    private const int EventsPerPartition = 10_000;

    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var events = int.Parse(Value("--events") ?? "300000", CultureInfo.InvariantCulture);
        return new BenchmarkOptions(
            events,
            int.Parse(Value("--partitions") ?? ((events + EventsPerPartition - 1) / EventsPerPartition).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            int.Parse(Value("--runs") ?? "1", CultureInfo.InvariantCulture),
            Path.GetFullPath(Value("--work") ?? Path.Combine(Path.GetTempPath(), "realtime-kafka-bench")),
            args.Contains("--avro"));
    }

    /// <summary>The consumer properties both readers use: from the start of the topic, fetches answered at once, topic names only.</summary>
    public static Dictionary<string, string> ConsumerProperties(string brokers, string group) => new()
    {
        ["bootstrap.servers"] = brokers,
        ["group.id"] = group,
        ["auto.offset.reset"] = "earliest",
        ["dotnet.consumer.consume.result.fields"] = "topic",
        // With librdkafka's default of 500 ms the mock broker's fetch answers come slowly; 5 ms keeps both readers fed.
        ["fetch.wait.max.ms"] = "5",
        // librdkafka 2.0 stops fetching while its prefetch queue holds queued.min.messages (or queued.max.messages.kbytes)
        // and resumes late; a reader slower than the fetches would wait on that rather than on its own work.
        ["queued.min.messages"] = "10000000",
        ["queued.max.messages.kbytes"] = "1048576",
    };
}
