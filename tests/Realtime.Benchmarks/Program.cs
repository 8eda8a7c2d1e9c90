using BenchmarkDotNet.Running;
using Realtime.Benchmarks;

// `memory [rows]` prints bytes per in-memory row; `live-query [rows] [events/s] [seconds]` prints query latency on
// an index being written; `historical-load [segments] [rows]` prints how fast a historical loads segments; anything
// else goes to BenchmarkDotNet (for example `--filter *IndexAdd* --job short`).
if (args is ["memory", ..])
{
    MemoryFootprint.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000);
    return;
}

if (args is ["live-query", ..])
{
    LiveQueryLatency.Run(
        args.Length > 1 ? int.Parse(args[1]) : 1_000_000,
        args.Length > 2 ? int.Parse(args[2]) : 100_000,
        args.Length > 3 ? int.Parse(args[3]) : 20);
    return;
}

if (args is ["historical-load", ..])
{
    await HistoricalLoad.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 8,
        args.Length > 2 ? int.Parse(args[2]) : 1_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(IndexAddBenchmarks).Assembly).Run(args);
