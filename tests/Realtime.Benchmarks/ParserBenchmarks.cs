using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Spec;
using Realtime.LoadTool;

namespace Realtime.Benchmarks;

/// <summary>
/// JSON lines of wikipedia-like events (about 370 bytes, 13 string dimensions, one multi-valued, 5 metrics)
/// parsed into rows by the <c>string</c> parser with a <c>json</c> parse spec: the ingestion hot path before the index.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private const int Lines = 100_000;
    private byte[][] _lines = [];
    private IInputRowParser _parser = null!;

    [Params(true, false)]
    public bool ExplicitDimensions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(Path.GetTempPath(), $"realtime-parser-bench-{Lines}.ndjson");
        WikipediaEvents.Write(file, Lines, seed: 42, day: new DateTimeOffset(2013, 8, 31, 0, 0, 0, TimeSpan.Zero));
        _lines = File.ReadLines(file).Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        File.Delete(file);
        var dimensions = ExplicitDimensions
            ? """["page", "language", "user", "unpatrolled", "newPage", "robot", "anonymous", "namespace", "continent", "country", "region", "city", "tags"]"""
            : "[]";
        var spec = RealtimeSpecFile.Parse("""
            {"dataSchema": {"dataSource": "wikipedia",
              "parser": {"type": "string", "parseSpec": {"format": "json", "dimensionsSpec": {"dimensions": DIMENSIONS}}},
              "metricsSpec": [{"type": "count", "name": "count"}, {"type": "longSum", "name": "added", "fieldName": "added"}]},
             "ioConfig": {"firehose": {"type": "inline", "data": ""}}}
            """.Replace("DIMENSIONS", dimensions), new SpecSerializer(ComponentRegistry.BuiltIn))[0];
        _parser = spec.DataSchema.Parser!.Create(new ParserContext
        {
            ImplicitExclusions = spec.DataSchema.ImplicitExclusions,
            Services = new ServiceCollection().BuildServiceProvider(),
        });
    }

    /// <summary>Parses every line once; divide by <see cref="Lines"/> for the time per event.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public long ParseJsonLines()
    {
        long sum = 0;
        foreach (var line in _lines)
        {
            sum += _parser.Parse(line)!.TimestampMillis;
        }

        return sum;
    }
}
