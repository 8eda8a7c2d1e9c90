using BenchmarkDotNet.Running;
using Realtime.Benchmarks;

// `memory [rows]` prints bytes per in-memory row; `ingest-curve [events]` prints the parse cost per event and the add
// cost as an index grows to that many rows; `live-query [rows] [events/s] [seconds]` prints query latency on
// an index being written; `historical-load [segments] [rows]` prints how fast a historical loads segments;
// `broker-overhead [events] [iterations] [seconds] [clients]` prints query latency through a broker against a data node
// and queries/s through it with 1 and 2 historicals; anything else goes to BenchmarkDotNet (for example
// `--filter *IndexAdd* --job short`).
if (args is ["memory", ..])
{
    MemoryFootprint.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000);
    return;
}

if (args is ["ingest-curve", ..])
{
    IngestCurve.Run(args.Length > 1 ? int.Parse(args[1]) : 2_000_000);
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

if (args is ["broker-overhead", ..])
{
    await BrokerOverhead.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 500_000,
        args.Length > 2 ? int.Parse(args[2]) : 300,
        args.Length > 3 ? int.Parse(args[3]) : 10,
        args.Length > 4 ? int.Parse(args[4]) : 4);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(IndexAddBenchmarks).Assembly).Run(args);
