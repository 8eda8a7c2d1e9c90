using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Index;
using Realtime.Core.Spec;
using Realtime.LoadTool;

namespace Realtime.Benchmarks;

/// <summary>
/// The load tool's events parsed and added to one in-memory index on one thread, outside BenchmarkDotNet: the parse cost
/// per event, and the add cost as the index grows (the mean over each stretch of 100,000 adds ending at 100k, 500k, 1M,
/// 2M rows), with the index's bytes per row at the end.
/// </summary>
/// <remarks>
/// Lines are parsed and added in batches of 1,000, so parse and add are timed apart while parsed rows live no longer
/// than they do in a pipeline. The load tool's schema (minute rollup, day segment) keeps about every event as a
/// row, so the index holds as many rows as events were added. Timings include the JIT's first compilations.
/// </remarks>
internal static class IngestCurve
{
    private const int Stretch = 100_000;
    private const int Batch = 1_000;

    public static void Run(int events)
    {
        var lines = Lines(events);
        var spec = RealtimeSpecFile.Parse(
            $$"""{ "dataSchema": {{WikipediaEvents.DataSchema}}, "ioConfig": { "firehose": { "type": "inline", "data": "" } } }""",
            new SpecSerializer(ComponentRegistry.BuiltIn), "ingest-curve spec")[0];
        var schema = spec.DataSchema;
        var parser = schema.Parser!.Create(new ParserContext { ImplicitExclusions = schema.ImplicitExclusions, Services = new ServiceCollection().BuildServiceProvider() });

        var factory = new IndexFactory(new IndexSchema(schema.ExplicitDimensions, schema.MetricsSpec, schema.GranularitySpec.QueryGranularity));
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var index = factory.CreateIncremental(new Realtime.Abstractions.Time.Interval(long.MinValue / 4, long.MaxValue / 4));
        var rows = new InputRow[Batch];
        var clock = new Stopwatch();
        double parseSeconds = 0, addSeconds = 0, stretchSeconds = 0;
        long parseAllocated = 0;
        for (var start = 0; start < lines.Length; start += Batch)
        {
            var count = Math.Min(Batch, lines.Length - start);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            for (var i = 0; i < count; i++)
            {
                rows[i] = parser.Parse(lines[start + i])!;
            }

            parseSeconds += clock.Elapsed.TotalSeconds;
            parseAllocated += GC.GetAllocatedBytesForCurrentThread() - allocated;
            clock.Restart();
            for (var i = 0; i < count; i++)
            {
                index.Add(rows[i]);
            }

            stretchSeconds += clock.Elapsed.TotalSeconds;
            var end = start + count;
            if (end % Stretch == 0 || end == lines.Length)
            {
                addSeconds += stretchSeconds;
                if (end is Stretch or 500_000 or 1_000_000 or 2_000_000 || end == lines.Length)
                {
                    Console.WriteLine($"add at {end,9:N0} rows: {stretchSeconds * 1e9 / (end - ((end - 1) / Stretch * Stretch)):N0} ns per add over the last stretch");
                }

                stretchSeconds = 0;
            }
        }

        Array.Clear(rows);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"parse:      {parseSeconds * 1e9 / events:N0} ns per event on average ({events / parseSeconds:N0} events/s on one thread), {parseAllocated / (double)events:N0} B allocated per event");
        Console.WriteLine($"add:        {addSeconds * 1e9 / events:N0} ns per add on average ({events / addSeconds:N0} rows/s on one thread)");
        Console.WriteLine($"rows:       {index.RowCount:N0}; {(heapAfter - heapBefore) / (double)index.RowCount:N1} B per row (heap growth), {index.EstimatedBytes / (double)index.RowCount:N1} B (EstimatedBytes)");
        GC.KeepAlive(lines);
    }

    private static byte[][] Lines(int events)
    {
        var file = Path.Combine(Path.GetTempPath(), $"realtime-ingest-curve-{events}.ndjson");
        if (!File.Exists(file))
        {
            WikipediaEvents.Write(file, events, seed: 42, day: new DateTimeOffset(2013, 8, 31, 0, 0, 0, TimeSpan.Zero));
        }

        return File.ReadLines(file).Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
    }
}
