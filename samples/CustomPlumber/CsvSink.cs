using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;

namespace Realtime.Samples.CustomPlumber;

/// <summary>
/// The rows of one segment interval until its CSV file is written: persisted pieces and one in-memory index that
/// takes new rows. Served to queries as a segment.
/// </summary>
/// <remarks>
/// The ingest thread adds rows and swaps pieces; query threads lease the indexes at any time. An index that leaves
/// the sink (an in-memory index replaced by its persisted copy, or every index once the sink is dropped) is disposed
/// only when no lease is open, so a query never reads a closed index.
/// </remarks>
internal sealed class CsvSink(SegmentId id, IIncrementalIndex inMemory, IReadOnlyList<(int Number, IQueryableIndex Index)> persisted) : IQueryableSegment
{
    private readonly object _gate = new();
    private readonly List<(int Number, IQueryableIndex Index)> _persisted = [.. persisted];
    private readonly List<IQueryableIndex> _retired = [];
    private IIncrementalIndex _inMemory = inMemory;
    private int _leases;
    private bool _dropped;

    /// <inheritdoc />
    public SegmentId Id { get; } = id;

    /// <summary>The index that takes new rows.</summary>
    public IIncrementalIndex InMemory => _inMemory;

    /// <summary>The numbers of the persisted pieces, oldest first.</summary>
    public int[] PieceNumbers
    {
        get
        {
            lock (_gate)
            {
                return [.. _persisted.Select(p => p.Number)];
            }
        }
    }

    /// <summary>The number the next persisted piece gets.</summary>
    public int NextPieceNumber
    {
        get
        {
            lock (_gate)
            {
                return _persisted.Count == 0 ? 0 : _persisted[^1].Number + 1;
            }
        }
    }

    /// <summary>Every index holding rows: the persisted pieces, then the in-memory index when it has rows.</summary>
    public IReadOnlyList<IQueryableIndex> Indexes
    {
        get
        {
            lock (_gate)
            {
                return [.. _persisted.Select(p => p.Index), .. _inMemory.RowCount > 0 ? [_inMemory] : Array.Empty<IQueryableIndex>()];
            }
        }
    }

    /// <summary>Adds a row to the in-memory index, rolling it up with equal rows.</summary>
    public IndexAddResult Add(InputRow row) => _inMemory.Add(row);

    /// <summary>Replaces the in-memory index by its persisted copy and starts a fresh one, in one step for queries.</summary>
    public void Swap(int number, IQueryableIndex persistedCopy, IIncrementalIndex fresh)
    {
        lock (_gate)
        {
            _persisted.Add((number, persistedCopy));
            _retired.Add(_inMemory);
            _inMemory = fresh;
            DisposeRetiredWhenUnleased();
        }
    }

    /// <inheritdoc />
    public SegmentLease Acquire()
    {
        lock (_gate)
        {
            if (_dropped)
            {
                return new SegmentLease([]);
            }

            _leases++;
            return new SegmentLease([.. _persisted.Select(p => p.Index), _inMemory], Release);
        }
    }

    /// <summary>Stops serving the sink; its indexes close once the last lease is returned.</summary>
    public void Drop()
    {
        lock (_gate)
        {
            _dropped = true;
            _retired.AddRange(_persisted.Select(p => p.Index));
            _retired.Add(_inMemory);
            _persisted.Clear();
            DisposeRetiredWhenUnleased();
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _leases--;
            DisposeRetiredWhenUnleased();
        }
    }

    private void DisposeRetiredWhenUnleased()
    {
        if (_leases > 0)
        {
            return;
        }

        _retired.ForEach(index => index.Dispose());
        _retired.Clear();
    }
}
