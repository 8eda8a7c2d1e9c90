namespace Realtime.Abstractions.Segments;

/// <summary>A segment a plumber serves to queries: its live sink, or its handed-off copy.</summary>
public interface IQueryableSegment
{
    /// <summary>The segment's identity.</summary>
    SegmentId Id { get; }

    /// <summary>
    /// The indexes that together hold the segment's rows, kept open until the lease is disposed. Rows that
    /// move between indexes (a persist, a merge, a handoff) are never in two leased indexes at once.
    /// </summary>
    SegmentLease Acquire();
}

/// <summary>A consistent set of indexes holding one segment's rows, released on dispose.</summary>
public sealed class SegmentLease(IReadOnlyList<IQueryableIndex> indexes, Action? release = null) : IDisposable
{
    private Action? _release = release;

    /// <summary>The indexes to read.</summary>
    public IReadOnlyList<IQueryableIndex> Indexes { get; } = indexes;

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
