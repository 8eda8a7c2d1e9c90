using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Components;
using Realtime.Core.Index;
using Realtime.Core.Query;
using Realtime.Core.Security;
using Realtime.Core.Sql;

namespace Realtime.Benchmarks;

/// <summary>
/// Druid SQL against the equivalent native JSON query on one million in-memory rows (the data of
/// <see cref="QueryBenchmarks"/>, one query thread): the time per statement, which includes parsing, reading the
/// table's columns (a segment metadata query), binding and planning; and <c>EXPLAIN PLAN FOR</c>, which is that
/// planning alone.
/// </summary>
public class SqlBenchmarks
{
    private static readonly Interval Day = Interval.Parse("2024-01-01/2024-01-02");

    private static readonly Dictionary<string, (string Native, string Sql)> Queries = new()
    {
        ["count"] = ("""{"queryType":"timeseries","dataSource":"bench","intervals":["2024-01-01/2024-01-02"],"granularity":"all","aggregations":[{"type":"count","name":"rows"}]}""",
            "SELECT COUNT(*) FROM bench WHERE __time >= TIMESTAMP '2024-01-01' AND __time < TIMESTAMP '2024-01-02'"),
        ["topN"] = ("""{"queryType":"topN","dataSource":"bench","intervals":["2024-01-01/2024-01-02"],"granularity":"all","dimension":"dim1000","metric":"value","threshold":10,"aggregations":[{"type":"doubleSum","name":"value","fieldName":"value"}]}""",
            "SELECT dim1000, SUM(\"value\") AS v FROM bench WHERE __time >= TIMESTAMP '2024-01-01' AND __time < TIMESTAMP '2024-01-02' GROUP BY dim1000 ORDER BY v DESC LIMIT 10"),
        ["groupBy"] = ("""{"queryType":"groupBy","dataSource":"bench","intervals":["2024-01-01/2024-01-02"],"granularity":"all","dimensions":["dim100","dim10"],"aggregations":[{"type":"count","name":"rows"},{"type":"doubleSum","name":"value","fieldName":"value"}]}""",
            "SELECT dim100, dim10, COUNT(*), SUM(\"value\") FROM bench WHERE __time >= TIMESTAMP '2024-01-01' AND __time < TIMESTAMP '2024-01-02' GROUP BY dim100, dim10"),
        ["filtered"] = ("""{"queryType":"timeseries","dataSource":"bench","intervals":["2024-01-01/2024-01-02"],"granularity":"all","filter":{"type":"selector","dimension":"dim100","value":"v-7"},"aggregations":[{"type":"count","name":"rows"},{"type":"doubleSum","name":"value","fieldName":"value"}]}""",
            "SELECT COUNT(*), SUM(\"value\") FROM bench WHERE __time >= TIMESTAMP '2024-01-01' AND __time < TIMESTAMP '2024-01-02' AND dim100 = 'v-7'"),
    };

    private IIncrementalIndex _index = null!;
    private QueryExecutor _executor = null!;
    private SqlEngine _sql = null!;

    [Params("count", "topN", "groupBy", "filtered")]
    public string Query { get; set; } = "count";

    [GlobalSetup]
    public void Setup()
    {
        _index = QueryBenchmarks.Fill(new IndexFactory(QueryBenchmarks.Schema()), 0);
        _executor = new QueryExecutor(new Source(_index), new SpecSerializer(ComponentRegistry.BuiltIn), NullLogger<QueryExecutor>.Instance,
            new QueryOptions { MaxThreadsPerQuery = 1 });
        _sql = new SqlEngine(_executor, [], new AllowAllAuthorizer(), NullLogger<SqlEngine>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int Native() => _executor.RunAsync(Queries[Query].Native).GetAwaiter().GetResult().Count;

    [Benchmark]
    public int Sql() => _sql.ExecuteAsync(new SqlRequest(Queries[Query].Sql)).GetAwaiter().GetResult().Rows.Count;

    [Benchmark]
    public int SqlPlanOnly() => _sql.ExecuteAsync(new SqlRequest("EXPLAIN PLAN FOR " + Queries[Query].Sql)).GetAwaiter().GetResult().Rows.Count;

    private sealed class Source(IQueryableIndex index) : ISegmentSource
    {
        public IReadOnlyCollection<string> DataSources => ["bench"];

        public IReadOnlyList<IQueryableSegment> GetSegments(string dataSource) => [new Segment(index)];
    }

    private sealed class Segment(IQueryableIndex index) : IQueryableSegment
    {
        public SegmentId Id { get; } = new("bench", Day, "v1", 0);

        public SegmentLease Acquire() => new([index]);
    }
}
