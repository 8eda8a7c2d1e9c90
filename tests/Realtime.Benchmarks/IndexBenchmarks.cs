using BenchmarkDotNet.Attributes;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Index;

namespace Realtime.Benchmarks;

/// <summary>Adding already-parsed wikipedia-like rows to an in-memory index; figures are per row.</summary>
[MemoryDiagnoser]
public class IndexAddBenchmarks
{
    private const int Rows = 200_000;
    private InputRow[] _rows = [];
    private IndexFactory _factory = null!;

    [Params(true, false)]
    public bool Rollup { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rows = WikipediaRows.Generate(Rows);
        _factory = new IndexFactory(WikipediaRows.Schema(Rollup));
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int AddRows()
    {
        using var index = _factory.CreateIncremental(WikipediaRows.Hour);
        foreach (var row in _rows)
        {
            index.Add(row);
        }

        return index.RowCount;
    }
}

/// <summary>Persisting a 200,000-row in-memory index (sort, write, flush, reopen).</summary>
[MemoryDiagnoser]
public class PersistBenchmarks
{
    private IndexFactory _factory = null!;
    private IQueryableIndex _index = null!;
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _factory = new IndexFactory(WikipediaRows.Schema());
        _index = WikipediaRows.Index(_factory, WikipediaRows.Generate(200_000));
        _directory = Directory.CreateTempSubdirectory("persist-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public int Persist()
    {
        using var persisted = _factory.Persist(_index, Path.Combine(_directory, "0"), null, CancellationToken.None);
        return persisted.RowCount;
    }
}

/// <summary>Merging four persisted hydrants of 50,000 rows each into one segment.</summary>
[MemoryDiagnoser]
public class MergeBenchmarks
{
    private IndexFactory _factory = null!;
    private IQueryableIndex[] _hydrants = [];
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _factory = new IndexFactory(WikipediaRows.Schema());
        _directory = Directory.CreateTempSubdirectory("merge-bench-").FullName;
        var rows = WikipediaRows.Generate(200_000);
        _hydrants = Enumerable.Range(0, 4).Select(h =>
        {
            using var memory = WikipediaRows.Index(_factory, rows.Skip(h * 50_000).Take(50_000));
            return _factory.Persist(memory, Path.Combine(_directory, h.ToString()), null, CancellationToken.None);
        }).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var hydrant in _hydrants)
        {
            hydrant.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public int Merge()
    {
        using var merged = _factory.Merge(_hydrants, Path.Combine(_directory, "merged"), CancellationToken.None);
        return merged.RowCount;
    }
}

/// <summary>The writer's lock cost per add: the index's own lock against <see cref="ReaderWriterLockSlim"/>, uncontended.</summary>
public class IndexLockBenchmarks
{
    private readonly IndexLock _lock = new();
    private readonly ReaderWriterLockSlim _slim = new();

    [Benchmark(Baseline = true)]
    public void ReaderWriterLockSlimWrite()
    {
        _slim.EnterWriteLock();
        _slim.ExitWriteLock();
    }

    [Benchmark]
    public void IndexLockWrite()
    {
        _lock.EnterWrite();
        _lock.ExitWrite();
    }
}
