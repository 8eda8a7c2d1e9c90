using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Filters;
using Realtime.Core.Query.Aggregation;
using Realtime.Core.Query.Dimensions;
using Realtime.Core.Time;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// The shared core of <c>timeseries</c>, <c>topN</c> and <c>groupBy</c>: scans each index for the rows in the
/// intervals that pass the filter, groups them by time bucket and dimension values (a multi-value row joins one
/// group per value), aggregates per group, and combines the indexes' groups.
/// </summary>
/// <remarks>
/// A scan that holds more time buckets than <see cref="QueryLimits.MaxBuckets"/>, or with <paramref name="limitGroups"/>
/// more groups than <see cref="QueryLimits.MaxResultRows"/>, stops with <see cref="ResourceLimitExceededException"/>.
/// </remarks>
internal sealed class GroupingEngine(
    IReadOnlyList<Interval> intervals,
    DimFilter? filter,
    Granularity granularity,
    IReadOnlyList<DimensionSpec> dimensions,
    IReadOnlyList<AggregatorFactory> aggregators,
    QueryLimits limits,
    string? limitGroups = null)
{
    /// <summary>The bucket key used for the single bucket of granularity <c>all</c>.</summary>
    public const long AllBucket = long.MinValue;

    /// <summary>
    /// Groups and aggregates the rows of the indexes of <paramref name="segments"/>, scanning up to
    /// <paramref name="threads"/> indexes at once.
    /// </summary>
    public GroupingResult Run(IReadOnlyList<(SegmentId Id, IReadOnlyList<IQueryableIndex> Indexes)> segments, int threads, CancellationToken cancellationToken)
    {
        var indexes = segments.SelectMany(s => s.Indexes).ToList();
        var parts = Split(indexes, threads);
        var partials = new Dictionary<GroupKey, object?[]>[parts.Count];
        var matched = new bool[parts.Count];
        Parallel.For(
            0,
            parts.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = threads },
            i => (partials[i], matched[i]) = Scan(parts[i].Index, parts[i].Rows, cancellationToken));

        var result = new GroupingResult();
        foreach (var partial in partials)
        {
            foreach (var (key, values) in partial)
            {
                result.Add(key, values, aggregators);
            }
        }

        if (limitGroups is not null)
        {
            limits.CheckRows(limitGroups, result.Groups.Count);
        }

        result.Covered.AddRange(CoveredParts(intervals, indexes));
        if (granularity == Granularity.All)
        {
            var matching = parts.Where((_, i) => matched[i]).Select(p => p.Index).ToHashSet();
            foreach (var (_, segmentIndexes) in segments)
            {
                AddCursorStarts(result, segmentIndexes, segmentIndexes.Any(matching.Contains), cancellationToken);
            }
        }

        return result;
    }

    /// <summary>The parts of <paramref name="intervals"/> that the segment intervals of <paramref name="indexes"/> cover.</summary>
    public static IEnumerable<Interval> CoveredParts(IReadOnlyList<Interval> intervals, IEnumerable<IQueryableIndex> indexes) =>
        from index in indexes
        from interval in intervals
        where interval.Overlaps(index.Interval)
        select new Interval(Math.Max(interval.StartMillis, index.Interval.StartMillis), Math.Min(interval.EndMillis, index.Interval.EndMillis));

    // Druid reads each segment through a cursor over the query interval clipped to the segment's data, which for
    // granularity all starts at the later of the interval's start and the segment's first row: that is where the
    // segment's single bucket is dated (CursorGranularizer, TimeseriesQueryEngine, TopNQueryEngine).
    private void AddCursorStarts(GroupingResult result, IReadOnlyList<IQueryableIndex> segmentIndexes, bool matched, CancellationToken cancellationToken)
    {
        long? first = null;
        foreach (var index in segmentIndexes.Where(i => intervals.Any(interval => interval.Overlaps(i.Interval))))
        {
            if (FirstRowTime(index, cancellationToken) is { } time)
            {
                first = Math.Min(first ?? long.MaxValue, time);
            }
        }

        if (first is not { } start)
        {
            return;
        }

        foreach (var interval in intervals.Where(i => start < i.EndMillis && segmentIndexes.Any(index => i.Overlaps(index.Interval))))
        {
            result.CursorStarts.Add((Math.Max(interval.StartMillis, start), matched));
        }
    }

    private static long? FirstRowTime(IQueryableIndex index, CancellationToken cancellationToken)
    {
        using var readLock = index.LockForRead();
        var rowCount = index.RowCount;
        if (rowCount == 0)
        {
            return null;
        }

        if (index.MinTime is { } kept)
        {
            return kept;
        }

        var timestamps = new long[index.IsTimeSorted ? 1 : Math.Min(rowCount, RowBatch.Capacity)];
        var first = long.MaxValue;
        for (var start = 0; start < rowCount; start += timestamps.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = timestamps.AsSpan(0, Math.Min(timestamps.Length, rowCount - start));
            index.ReadTimestamps(start, read);
            foreach (var time in read)
            {
                first = Math.Min(first, time);
            }

            if (index.IsTimeSorted)
            {
                break;
            }
        }

        return first;
    }

    // Large indexes are split into row ranges so that one big live index or segment still uses every thread.
    // Each range is read under its own read lock; rows counted before the split are complete in every later lock.
    private List<(IQueryableIndex Index, Range Rows)> Split(IReadOnlyList<IQueryableIndex> indexes, int threads)
    {
        const int MinRowsPerPart = 1 << 17;
        var parts = new List<(IQueryableIndex, Range)>();
        foreach (var index in indexes.Where(i => intervals.Any(interval => interval.Overlaps(i.Interval))))
        {
            int rowCount;
            using (index.LockForRead())
            {
                rowCount = index.RowCount;
            }

            var size = Math.Max(MinRowsPerPart, (rowCount + threads - 1) / Math.Max(1, threads));
            for (var start = 0; start < rowCount; start += size)
            {
                parts.Add((index, new Range(start, Math.Min(rowCount, start + size))));
            }
        }

        return parts;
    }

    private (Dictionary<GroupKey, object?[]> Groups, bool Matched) Scan(IQueryableIndex index, Range rows, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<GroupKey, object?[]>();
        if (!intervals.Any(i => i.Overlaps(index.Interval)))
        {
            return (groups, false);
        }

        using var readLock = index.LockForRead();
        var rowCount = index.RowCount;
        var cursor = new IndexCursor(index, rowCount, intervals, filter is null ? null : RowFilter.Create(filter, index, rowCount), NeedsTimestamps, rows);
        var bound = aggregators.Select(a => QueryAggregator.Create(a, index, rowCount)).ToArray();
        var selectors = dimensions.Select(d => new DimensionSelector(d, index)).ToArray();
        var buckets = new BucketSlots(granularity);
        var table = new GroupTable(1 + selectors.Length);
        var slots = new int[RowBatch.Capacity];
        var key = new int[1 + selectors.Length];
        var locals = selectors.Select(_ => new int[RowBatch.Capacity]).ToArray();
        var exploder = new Exploder(selectors, table, bound);
        var dense = DenseSlots.Create(selectors);
        var batches = 0;
        var matched = false;
        while (cursor.MoveNext())
        {
            if ((++batches & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            limits.CheckBucketCount(granularity, buckets.Count);
            if (limitGroups is not null)
            {
                limits.CheckRows(limitGroups, table.Count);
            }

            var batch = cursor.Batch;
            var selected = batch.SelectedOffsets;
            matched |= selected.Length > 0;
            if (selectors.Length == 0)
            {
                var uniform = buckets.Fill(batch, slots);
                Grow(bound, buckets.Count);
                foreach (var aggregator in bound)
                {
                    if (uniform)
                    {
                        aggregator.AggregateInto(batch, slots[0]);
                    }
                    else
                    {
                        aggregator.Aggregate(batch, slots.AsSpan(0, selected.Length));
                    }
                }

                continue;
            }

            buckets.Fill(batch, slots);
            if (selectors.All(s => s.IsSingleValued))
            {
                for (var d = 0; d < selectors.Length; d++)
                {
                    selectors[d].ReadSingle(batch, locals[d]);
                }

                for (var k = 0; k < selected.Length; k++)
                {
                    if (dense is not null)
                    {
                        var combination = 0;
                        for (var d = 0; d < selectors.Length; d++)
                        {
                            combination += locals[d][k] * dense.Strides[d];
                        }

                        slots[k] = dense.SlotOf(slots[k], combination, table, key, selectors.Length);
                        continue;
                    }

                    key[0] = slots[k];
                    for (var d = 0; d < selectors.Length; d++)
                    {
                        key[d + 1] = locals[d][k];
                    }

                    slots[k] = table.GetOrAdd(key);
                }

                Grow(bound, table.Count);
                foreach (var aggregator in bound)
                {
                    aggregator.Aggregate(batch, slots.AsSpan(0, selected.Length));
                }

                continue;
            }

            exploder.Aggregate(batch, slots);
        }

        for (var slot = 0; slot < (selectors.Length == 0 ? buckets.Count : table.Count); slot++)
        {
            long bucket;
            string?[] values;
            if (selectors.Length == 0)
            {
                bucket = buckets.BucketOf(slot);
                values = [];
            }
            else
            {
                var groupKey = table.KeyOf(slot);
                bucket = buckets.BucketOf(groupKey[0]);
                values = new string?[selectors.Length];
                for (var d = 0; d < selectors.Length; d++)
                {
                    values[d] = selectors[d].Values[groupKey[d + 1]];
                }
            }

            var aggregated = new object?[bound.Length];
            for (var a = 0; a < bound.Length; a++)
            {
                aggregated[a] = bound[a].Get(slot);
            }

            groups[new GroupKey(bucket, values)] = aggregated;
        }

        return (groups, matched);
    }

    // Batches carry row timestamps only for what reads them: time buckets, __time dimensions, first/last.
    private bool NeedsTimestamps => granularity != Granularity.All
        || dimensions.Any(d => d.Dimension == DimensionFilter.TimeColumn)
        || aggregators.Any(UsesTimestamps);

    private static bool UsesTimestamps(AggregatorFactory aggregator) => aggregator switch
    {
        CountAggregatorFactory or NumericAggregatorFactory or HyperUniqueAggregatorFactory => false,
        FilteredAggregatorFactory filtered => UsesTimestamps(filtered.Aggregator),
        CardinalityAggregatorFactory cardinality => cardinality.Fields.Any(f => f.Dimension == DimensionFilter.TimeColumn),
        _ => true,
    };

    /// <summary>
    /// Groups batches that hold multi-value rows: each row joins one group per combination of its values, and the
    /// exploded rows are aggregated in batches that repeat a row's offset once per group. Buffers live as long as the scan.
    /// </summary>
    private sealed class Exploder(DimensionSelector[] selectors, GroupTable table, QueryAggregator[] bound)
    {
        private readonly RowBatch _exploded = new();
        private readonly int[] _groupSlots = new int[RowBatch.Capacity];
        private readonly List<int>[] _rowValues = new List<int>[selectors.Length];
        private readonly int[] _positions = new int[selectors.Length];
        private readonly int[] _key = new int[1 + selectors.Length];

        public void Aggregate(RowBatch batch, int[] bucketSlots)
        {
            _exploded.Start = batch.Start;
            _exploded.Length = batch.Length;
            batch.Timestamps.AsSpan(0, batch.Length).CopyTo(_exploded.Timestamps);
            var count = 0;
            var selected = batch.SelectedOffsets;
            for (var k = 0; k < selected.Length; k++)
            {
                var offset = selected[k];
                for (var d = 0; d < selectors.Length; d++)
                {
                    // Each selector's list stays valid until that selector reads its next row.
                    _rowValues[d] = selectors[d].ReadRow(batch.Start + offset, batch.Timestamps[offset]);
                }

                _key[0] = bucketSlots[k];
                Array.Clear(_positions);
                while (true)
                {
                    for (var d = 0; d < selectors.Length; d++)
                    {
                        _key[d + 1] = _rowValues[d][_positions[d]];
                    }

                    if (count == RowBatch.Capacity)
                    {
                        Flush(count);
                        count = 0;
                    }

                    _exploded.Selected[count] = offset;
                    _groupSlots[count++] = table.GetOrAdd(_key);
                    var d2 = selectors.Length - 1;
                    while (d2 >= 0 && ++_positions[d2] == _rowValues[d2].Count)
                    {
                        _positions[d2] = 0;
                        d2--;
                    }

                    if (d2 < 0)
                    {
                        break;
                    }
                }
            }

            Flush(count);
        }

        private void Flush(int count)
        {
            if (count == 0)
            {
                return;
            }

            _exploded.SelectedCount = count;
            Grow(bound, table.Count);
            foreach (var aggregator in bound)
            {
                aggregator.Aggregate(_exploded, _groupSlots.AsSpan(0, count));
            }
        }
    }

    private static void Grow(QueryAggregator[] bound, int slots)
    {
        foreach (var aggregator in bound)
        {
            aggregator.Resize(slots);
        }
    }

    /// <summary>
    /// Group slots by array lookup instead of hashing, when every dimension has a small bounded set of local ids:
    /// each combination of ids is a position in one array per time bucket. New groups are still recorded in the
    /// group table, so slots and keys stay the same as on the hashing path.
    /// </summary>
    private sealed class DenseSlots
    {
        private const int MaxCombinations = 1 << 16;
        private readonly List<int[]?> _byBucket = [];
        private readonly int _combinations;

        private DenseSlots(int[] strides, int combinations)
        {
            Strides = strides;
            _combinations = combinations;
        }

        public int[] Strides { get; }

        public static DenseSlots? Create(DimensionSelector[] selectors)
        {
            var strides = new int[selectors.Length];
            long combinations = 1;
            for (var d = selectors.Length - 1; d >= 0; d--)
            {
                if (selectors[d].MaxLocals is not { } size || !selectors[d].IsSingleValued)
                {
                    return null;
                }

                strides[d] = (int)combinations;
                combinations *= size;
                if (combinations > MaxCombinations)
                {
                    return null;
                }
            }

            return new DenseSlots(strides, (int)combinations);
        }

        public int SlotOf(int bucketSlot, int combination, GroupTable table, int[] key, int dimensions)
        {
            while (_byBucket.Count <= bucketSlot)
            {
                _byBucket.Add(null);
            }

            var slots = _byBucket[bucketSlot];
            if (slots is null)
            {
                slots = new int[_combinations];
                Array.Fill(slots, -1);
                _byBucket[bucketSlot] = slots;
            }

            if (slots[combination] < 0)
            {
                key[0] = bucketSlot;
                for (var d = 0; d < dimensions; d++)
                {
                    key[d + 1] = combination / Strides[d] % (d == 0 ? int.MaxValue : Strides[d - 1] / Strides[d]);
                }

                slots[combination] = table.GetOrAdd(key);
            }

            return slots[combination];
        }
    }

    /// <summary>Maps row timestamps to dense bucket slots, remembering the current bucket for runs of rows in it.</summary>
    private sealed class BucketSlots(Granularity granularity)
    {
        private readonly List<long> _buckets = [];
        private readonly Dictionary<long, int> _slots = [];
        private readonly bool _all = granularity == Granularity.All;
        private long _start = long.MaxValue;
        private long _end = long.MinValue;
        private int _slot;

        public int Count => _buckets.Count;

        public long BucketOf(int slot) => _buckets[slot];

        /// <summary>Fills the bucket slot of each selected row; returns whether all rows share one.</summary>
        public bool Fill(RowBatch batch, int[] slots)
        {
            var selected = batch.SelectedOffsets;
            if (_all)
            {
                slots[0] = SlotOf(AllBucket);
                slots.AsSpan(0, selected.Length).Fill(slots[0]);
                return true;
            }

            var uniform = true;
            for (var k = 0; k < selected.Length; k++)
            {
                var timestamp = batch.Timestamps[selected[k]];
                if (timestamp < _start || timestamp >= _end)
                {
                    var bucket = granularity.BucketStart(timestamp);
                    _start = bucket;
                    _end = granularity.Increment(bucket);
                    _slot = SlotOf(bucket);
                }

                slots[k] = _slot;
                uniform &= _slot == slots[0];
            }

            return uniform;
        }

        private int SlotOf(long bucket)
        {
            if (!_slots.TryGetValue(bucket, out var slot))
            {
                slot = _buckets.Count;
                _buckets.Add(bucket);
                _slots.Add(bucket, slot);
            }

            return slot;
        }
    }
}

/// <summary>The combined groups of a grouping scan, and the time ranges the scanned indexes cover.</summary>
internal sealed class GroupingResult
{
    /// <summary>Aggregated (unfinalized) values per group, in aggregator order.</summary>
    public Dictionary<GroupKey, object?[]> Groups { get; } = [];

    /// <summary>The parts of the query intervals that some index covers, where empty buckets are zero-filled.</summary>
    public List<Interval> Covered { get; } = [];

    /// <summary>
    /// For granularity <c>all</c>: where each segment's cursor starts (the later of an interval's start and the
    /// segment's first row) and whether a row of the segment passed the filter.
    /// </summary>
    public List<(long Start, bool Matched)> CursorStarts { get; } = [];

    /// <summary>
    /// The timestamp of the single bucket of granularity <c>all</c>: the earliest cursor start, of the segments with
    /// matching rows only when empty buckets are skipped; null when there is none.
    /// </summary>
    public long? AllBucketStart(bool skipEmptyBuckets) =>
        CursorStarts.Where(s => s.Matched || !skipEmptyBuckets).Select(s => (long?)s.Start).Min();

    /// <summary>Adds a group's values, combining them with the values already held for <paramref name="key"/>.</summary>
    public void Add(GroupKey key, object?[] values, IReadOnlyList<AggregatorFactory> aggregators)
    {
        if (!Groups.TryGetValue(key, out var existing))
        {
            Groups.Add(key, values);
            return;
        }

        for (var a = 0; a < aggregators.Count; a++)
        {
            existing[a] = aggregators[a].Combine(existing[a], values[a]);
        }
    }
}
