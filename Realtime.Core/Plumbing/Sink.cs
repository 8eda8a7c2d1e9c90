using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Sdk;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;

namespace Realtime.Core.Plumbing;

/// <summary>
/// The rows of one segment interval while it is live: a list of hydrants whose last one takes new rows.
/// </summary>
/// <remarks>
/// The ingest thread adds rows; persists swap the writable hydrant; the merge thread seals the sink before
/// merging so that no row reaches it afterwards. Queries lease a consistent set of hydrants at any time.
/// </remarks>
internal sealed class Sink : IQueryableSegment
{
    private readonly object _gate = new();
    private readonly IIndexFactory _indexes;
    private readonly HydrantSet _hydrants;
    private readonly HashSet<string>? _seenDedupValues;
    private readonly string? _dedupColumn;
    private Hydrant _current;
    private volatile DataSegment? _pushed;
    private volatile bool _published;

    public Sink(SegmentId id, IIndexFactory indexes, IReadOnlyList<Hydrant> persisted, string? dedupColumn)
    {
        Id = id;
        _indexes = indexes;
        _hydrants = new HydrantSet(persisted);
        _dedupColumn = dedupColumn;
        _seenDedupValues = dedupColumn is null ? null : new HashSet<string>(StringComparer.Ordinal);
        var previous = persisted.Count == 0 ? null : persisted[^1].Index.Dimensions;
        _current = new Hydrant(persisted.Count == 0 ? 0 : persisted[^1].Number + 1, indexes.CreateIncremental(id.Interval, previous));
        _hydrants.Add(_current);
    }

    /// <inheritdoc />
    public SegmentId Id { get; }

    /// <summary>Set before the final merge: later rows for this interval are thrown away.</summary>
    public bool IsSealed { get; private set; }

    /// <summary>The segment pushed to deep storage from this sink's merged rows, once it is.</summary>
    public DataSegment? PushedSegment => _pushed;

    /// <summary>Whether the pushed segment is recorded in the metadata store.</summary>
    public bool IsPublished => _published;

    /// <summary>Records that the merged segment is in deep storage and, when <paramref name="published"/>, in the metadata store.</summary>
    public void MarkPushed(DataSegment segment, bool published)
    {
        _pushed = segment;
        _published = published;
    }

    /// <summary>Rows in the writable hydrant.</summary>
    public int RowsInMemory => _current.InMemory?.RowCount ?? 0;

    /// <summary>Estimated bytes in the writable hydrant.</summary>
    public long BytesInMemory => _current.InMemory?.EstimatedBytes ?? 0;

    /// <summary>Adds a row to the writable hydrant, unless the sink is sealed or the row repeats a dedup value.</summary>
    public AddResult Add(InputRow row)
    {
        lock (_gate)
        {
            if (IsSealed)
            {
                return AddResult.ThrownAway;
            }

            if (_seenDedupValues is not null && row.GetRaw(_dedupColumn!) is { } dedup && !_seenDedupValues.Add(string.Join('\u0001', DimensionValues.Of(dedup))))
            {
                return new AddResult(AddStatus.Duplicate);
            }

            var added = _current.InMemory!.Add(row);
            return new AddResult(AddStatus.Added, added.RowCount, added.ParseError);
        }
    }

    /// <summary>Closes the sink to new rows.</summary>
    public void Seal()
    {
        lock (_gate)
        {
            IsSealed = true;
        }
    }

    /// <summary>Makes a fresh writable hydrant and returns the previous one, or null when it holds no rows.</summary>
    public Hydrant? Swap()
    {
        lock (_gate)
        {
            var old = _current;
            if (old.InMemory is not { RowCount: > 0 } index)
            {
                return null;
            }

            _current = new Hydrant(old.Number + 1, _indexes.CreateIncremental(Id.Interval, index.Dimensions));
            _hydrants.Add(_current);
            return old;
        }
    }

    /// <summary>Every hydrant, oldest first.</summary>
    public IReadOnlyList<Hydrant> Hydrants => _hydrants.Hydrants;

    /// <inheritdoc />
    public SegmentLease Acquire() => _hydrants.Acquire();

    /// <summary>Releases every hydrant; indexes close when the last query lease ends.</summary>
    public void Release()
    {
        lock (_gate)
        {
            IsSealed = true;
            _hydrants.ReleaseAll();
        }
    }
}
