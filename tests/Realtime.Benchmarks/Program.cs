using BenchmarkDotNet.Running;
using Realtime.Benchmarks;

// `memory [rows]` prints bytes per in-memory row; anything else goes to BenchmarkDotNet
// (for example `--filter *IndexAdd* --job short`).
if (args is ["memory", ..])
{
    MemoryFootprint.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(IndexAddBenchmarks).Assembly).Run(args);
