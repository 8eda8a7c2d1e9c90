using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Index;
using Realtime.Core.Query;
using Realtime.Core.Time;

namespace Realtime.Benchmarks;

/// <summary>
/// Query scan speed on one thread, reported per stored row: 10 million rows across ten persisted hydrants, or one
/// million rows in an in-memory index. Rows are stored without rollup, so every generated row is scanned.
/// </summary>
/// <remarks>
/// The persisted hydrants are written once to a cache folder under the temp directory and reused by later runs.
/// </remarks>
public class QueryBenchmarks
{
    private const int HydrantRows = 1_000_000;
    private const int Hydrants = 10;
    private const int ScannedRows = HydrantRows * Hydrants;
    private static readonly Interval Day = Interval.Parse("2024-01-01/2024-01-02");

    private readonly List<IQueryableIndex> _indexes = [];
    private QueryExecutor _executor = null!;
    private Dictionary<string, Realtime.Core.Query.Model.Query> _queries = [];

    [Params("persisted", "memory")]
    public string Storage { get; set; } = "persisted";

    [GlobalSetup]
    public void Setup()
    {
        var factory = new IndexFactory(Schema());
        if (Storage == "persisted")
        {
            var cache = Path.Combine(Path.GetTempPath(), "realtime-query-benchmark-v1");
            for (var h = 0; h < Hydrants; h++)
            {
                var directory = Path.Combine(cache, h.ToString());
                if (!File.Exists(Path.Combine(directory, "complete")))
                {
                    using var memory = Fill(factory, h);
                    factory.Persist(memory, directory, null, CancellationToken.None).Dispose();
                    File.WriteAllText(Path.Combine(directory, "complete"), "");
                }

                _indexes.Add(factory.Load(directory));
            }
        }
        else
        {
            _indexes.Add(Fill(factory, 0));
        }

        var serializer = new SpecSerializer(ComponentRegistry.BuiltIn);
        _executor = new QueryExecutor(new Source(_indexes), serializer, NullLogger<QueryExecutor>.Instance, new QueryOptions { MaxThreadsPerQuery = 1 });
        const string common = "\"dataSource\":\"bench\",\"intervals\":[\"2024-01-01/2024-01-02\"],\"granularity\":\"all\"";
        _queries = new Dictionary<string, Realtime.Core.Query.Model.Query>
        {
            ["count"] = _executor.Parse($"{{\"queryType\":\"timeseries\",{common},\"aggregations\":[{{\"type\":\"count\",\"name\":\"rows\"}}]}}"),
            ["sum"] = _executor.Parse($"{{\"queryType\":\"timeseries\",{common},\"aggregations\":[{{\"type\":\"doubleSum\",\"name\":\"value\",\"fieldName\":\"value\"}}]}}"),
            ["topN"] = _executor.Parse($"{{\"queryType\":\"topN\",{common},\"dimension\":\"dim1000\",\"metric\":\"value\",\"threshold\":10,\"aggregations\":[{{\"type\":\"doubleSum\",\"name\":\"value\",\"fieldName\":\"value\"}}]}}"),
            ["groupBy"] = _executor.Parse($"{{\"queryType\":\"groupBy\",{common},\"dimensions\":[\"dim100\",\"dim10\"],\"aggregations\":[{{\"type\":\"count\",\"name\":\"rows\"}},{{\"type\":\"doubleSum\",\"name\":\"value\",\"fieldName\":\"value\"}}]}}"),
            ["filtered"] = _executor.Parse($"{{\"queryType\":\"timeseries\",{common},\"filter\":{{\"type\":\"selector\",\"dimension\":\"dim100\",\"value\":\"v-7\"}},\"aggregations\":[{{\"type\":\"count\",\"name\":\"rows\"}},{{\"type\":\"doubleSum\",\"name\":\"value\",\"fieldName\":\"value\"}}]}}"),
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var index in _indexes)
        {
            index.Dispose();
        }

        _indexes.Clear();
    }

    [Benchmark(OperationsPerInvoke = ScannedRows)]
    public int TimeseriesCount() => Run("count");

    [Benchmark(OperationsPerInvoke = ScannedRows)]
    public int TimeseriesDoubleSum() => Run("sum");

    [Benchmark(OperationsPerInvoke = ScannedRows)]
    public int TopNOver1000Values() => Run("topN");

    [Benchmark(OperationsPerInvoke = ScannedRows)]
    public int GroupByTwoDimensions() => Run("groupBy");

    [Benchmark(OperationsPerInvoke = ScannedRows)]
    public int SelectorFilteredTimeseries() => Run("filtered");

    // Each invocation scans ScannedRows: the ten persisted hydrants once, or the in-memory index ten times, so the
    // reported time is per scanned row in both cases.
    private int Run(string name)
    {
        var count = 0;
        for (var i = 0; i < (Storage == "persisted" ? 1 : Hydrants); i++)
        {
            count += _executor.RunAsync(_queries[name]).GetAwaiter().GetResult().Count;
        }

        return count;
    }

    internal static IndexSchema Schema() => new(
        [new ColumnSchema("dim1000", ColumnType.String), new ColumnSchema("dim100", ColumnType.String), new ColumnSchema("dim10", ColumnType.String)],
        [new CountAggregatorFactory { Name = "count" }, new DoubleSumAggregatorFactory { Name = "value", FieldName = "value" }],
        Granularity.None,
        rollup: false);

    internal static IIncrementalIndex Fill(IndexFactory factory, int hydrant)
    {
        var random = new Random(hydrant);
        var index = factory.CreateIncremental(Day);
        string[] names = ["dim1000", "dim100", "dim10"];
        var values = new[] { 1000, 100, 10 }.Select(n => Enumerable.Range(0, n).Select(i => $"v-{i}").ToArray()).ToArray();
        for (var i = 0; i < HydrantRows; i++)
        {
            var fields = new Dictionary<string, object?>(4)
            {
                ["dim1000"] = values[0][random.Next(1000)],
                ["dim100"] = values[1][random.Next(100)],
                ["dim10"] = values[2][random.Next(10)],
                ["value"] = random.NextDouble() * 100,
            };
            index.Add(new MapInputRow(Day.StartMillis + ((long)hydrant * HydrantRows + i) % 86_400_000, names, fields));
        }

        return index;
    }

    private sealed class Source(IReadOnlyList<IQueryableIndex> indexes) : ISegmentSource
    {
        public IReadOnlyCollection<string> DataSources => ["bench"];

        public IReadOnlyList<IQueryableSegment> GetSegments(string dataSource) => [new Segment(indexes)];
    }

    private sealed class Segment(IReadOnlyList<IQueryableIndex> indexes) : IQueryableSegment
    {
        public SegmentId Id { get; } = new("bench", Day, "v1", 0);

        public SegmentLease Acquire() => new(indexes);
    }
}
