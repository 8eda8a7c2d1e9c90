using Realtime.Abstractions.Index;
using Realtime.Abstractions.Segments;
using Realtime.Core.Index;

namespace Realtime.Core.Hosting;

/// <summary>What a segment held by this node is made of: its hydrants, rows and bytes, read from a lease.</summary>
/// <param name="Hydrants">The indexes leased: a sink's hydrants, or the one index of a handed-off segment.</param>
/// <param name="PersistedHydrants">How many of them are persisted.</param>
/// <param name="Rows">Rows after rollup, over every index.</param>
/// <param name="RowsInMemory">Rows in in-memory indexes.</param>
/// <param name="Bytes">The in-memory estimate plus the persisted indexes' data files.</param>
internal readonly record struct SegmentRows(int Hydrants, int PersistedHydrants, long Rows, long RowsInMemory, long Bytes)
{
    /// <summary>Leases <paramref name="segment"/> and counts what it holds now.</summary>
    public static SegmentRows Of(IQueryableSegment segment)
    {
        using var lease = segment.Acquire();
        var (persisted, rows, inMemory, bytes) = (0, 0L, 0L, 0L);
        foreach (var index in lease.Indexes)
        {
            rows += index.RowCount;
            if (index is IIncrementalIndex incremental)
            {
                inMemory += index.RowCount;
                bytes += incremental.EstimatedBytes;
            }
            else
            {
                persisted++;
                bytes += index is PersistedIndex file ? file.DataBytes : 0;
            }
        }

        return new SegmentRows(lease.Indexes.Count, persisted, rows, inMemory, bytes);
    }
}
