using Avro.Generic;
using Avro.IO;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Parsing;
using Realtime.LoadTool;
using Realtime.Plugins.Formats.Avro;

namespace Realtime.Benchmarks;

/// <summary>
/// The load tool's wikipedia-like events parsed into rows twice: as JSON lines by the <c>string</c> parser, and as the
/// same records in Avro binary by the Formats plugin's <c>avro_stream</c> parser (an inline schema), with the same
/// timestamp and dimensions.
/// </summary>
[MemoryDiagnoser]
public class AvroParserBenchmarks
{
    private const int Events = 100_000;

    private const string Dimensions = """
        "dimensionsSpec": {"dimensions": ["page", "language", "user", "unpatrolled", "newPage", "robot", "anonymous", "namespace", "continent", "country", "region", "city", "tags"]}
        """;

    private byte[][] _json = [];
    private byte[][] _avro = [];
    private IInputRowParser _jsonParser = null!;
    private IInputRowParser _avroParser = null!;

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(Path.GetTempPath(), $"realtime-avro-bench-{Events}.ndjson");
        WikipediaEvents.Write(file, Events, seed: 42, day: new DateTimeOffset(2013, 8, 31, 0, 0, 0, TimeSpan.Zero));
        _json = File.ReadLines(file).Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        File.Delete(file);
        _avro = _json.Select(line => Write(WikipediaAvro.Record(line))).ToArray();

        var serializer = new SpecSerializer(new ComponentRegistry.Builder().Add(typeof(AvroStreamInputRowParserFactory).Assembly, "Formats").Build());
        var context = MapInputRowParserFactory.CreateContext(serializer, ["added", "deleted", "delta", "latency", "count"], new ServiceCollection().BuildServiceProvider());
        _jsonParser = serializer.Deserialize<IInputRowParserFactory>($$$"""
            {"type": "string", "parseSpec": {"format": "json", "timestampSpec": {"column": "timestamp", "format": "auto"}, {{{Dimensions}}}}}
            """).Create(context);
        _avroParser = serializer.Deserialize<IInputRowParserFactory>($$$"""
            {"type": "avro_stream", "avroBytesDecoder": {"type": "schema_inline", "schema": {{{WikipediaAvro.SchemaJson}}}},
             "parseSpec": {"format": "avro", "timestampSpec": {"column": "timestamp", "format": "auto"}, {{{Dimensions}}}}}
            """).Create(context);
    }

    /// <summary>Parses every JSON line once; divide by <see cref="Events"/> for the time per event.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long ParseJson() => ParseAll(_jsonParser, _json);

    /// <summary>Parses every Avro record once.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long ParseAvro() => ParseAll(_avroParser, _avro);

    private static long ParseAll(IInputRowParser parser, byte[][] messages)
    {
        long sum = 0;
        foreach (var message in messages)
        {
            sum += parser.Parse(message)!.TimestampMillis;
        }

        return sum;
    }

    private static byte[] Write(GenericRecord record)
    {
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(record.Schema).Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }
}
