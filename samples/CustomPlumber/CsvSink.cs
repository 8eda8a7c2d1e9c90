using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Sdk;
using Realtime.Abstractions.Segments;

namespace Realtime.Samples.CustomPlumber;

/// <summary>
/// The rows of one segment interval until its CSV file is written: persisted pieces and one in-memory index that
/// takes new rows, each held in a <see cref="Hydrant"/>. Served to queries as a segment.
/// </summary>
/// <remarks>
/// The ingest thread adds rows and swaps pieces; query threads lease the hydrants at any time through the contracts'
/// <see cref="HydrantSet"/>. An index that leaves the sink (an in-memory index replaced by its persisted copy, or every
/// index once the sink is dropped) is disposed only when no lease is open, so a query never reads a closed index.
/// </remarks>
internal sealed class CsvSink : IQueryableSegment
{
    private readonly HydrantSet _hydrants;
    private Hydrant _current;

    public CsvSink(SegmentId id, IIncrementalIndex inMemory, IReadOnlyList<(int Number, IQueryableIndex Index)> persisted)
    {
        Id = id;
        _hydrants = new HydrantSet(persisted.Select(p => new Hydrant(p.Number, p.Index)));
        _current = new Hydrant(persisted.Count == 0 ? 0 : persisted[^1].Number + 1, inMemory);
        _hydrants.Add(_current);
    }

    /// <inheritdoc />
    public SegmentId Id { get; }

    /// <summary>The index that takes new rows.</summary>
    public IIncrementalIndex InMemory => _current.InMemory!;

    /// <summary>The numbers of the persisted pieces, oldest first.</summary>
    public int[] PieceNumbers => [.. _hydrants.Hydrants.Where(h => h.InMemory is null).Select(h => h.Number)];

    /// <summary>The number the next persisted piece gets.</summary>
    public int NextPieceNumber => _current.Number;

    /// <summary>Every index holding rows: the persisted pieces, then the in-memory index when it has rows.</summary>
    public IReadOnlyList<IQueryableIndex> Indexes => [.. _hydrants.Hydrants.Select(h => h.Index).Where(i => i is not IIncrementalIndex { RowCount: 0 })];

    /// <summary>Adds a row to the in-memory index, rolling it up with equal rows.</summary>
    public IndexAddResult Add(InputRow row) => InMemory.Add(row);

    /// <summary>Replaces the in-memory index by its persisted copy (piece <paramref name="number"/>) and starts a fresh one.</summary>
    public void Swap(int number, IQueryableIndex persistedCopy, IIncrementalIndex fresh)
    {
        _current.Swap(persistedCopy);
        _current = new Hydrant(number + 1, fresh);
        _hydrants.Add(_current);
    }

    /// <inheritdoc />
    public SegmentLease Acquire() => _hydrants.Acquire();

    /// <summary>Stops serving the sink; its indexes close once the last lease is returned.</summary>
    public void Drop() => _hydrants.ReleaseAll();
}
