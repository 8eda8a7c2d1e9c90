using System.Diagnostics;
using Realtime.Core.Index;

namespace Realtime.Benchmarks;

/// <summary>Measures bytes per in-memory row and a single-pass add rate, outside BenchmarkDotNet.</summary>
internal static class MemoryFootprint
{
    public static void Run(int rows)
    {
        var input = WikipediaRows.Generate(rows);
        var factory = new IndexFactory(WikipediaRows.Schema());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var index = factory.CreateIncremental(WikipediaRows.Hour);
        foreach (var row in input)
        {
            index.Add(row);
        }

        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"input rows:          {rows:N0}");
        Console.WriteLine($"stored rows:         {index.RowCount:N0}");
        Console.WriteLine($"add rate:            {rows / watch.Elapsed.TotalSeconds:N0} rows/s (one pass, includes JIT)");
        Console.WriteLine($"heap growth:         {(after - before) / (double)index.RowCount:N1} bytes per stored row");
        Console.WriteLine($"EstimatedBytes:      {index.EstimatedBytes / (double)index.RowCount:N1} bytes per stored row");
        GC.KeepAlive(input);
        GC.KeepAlive(index);
    }
}
