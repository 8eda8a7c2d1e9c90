using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Walks the rows of one index that fall in the query intervals and pass the filter, a <see cref="RowBatch"/> at a
/// time. Time-sorted indexes are narrowed to the intervals by binary search; filters resolved from inverted
/// indexes visit only the runs holding matching rows.
/// </summary>
/// <remarks>The caller holds the index's read lock while the cursor is in use.</remarks>
internal sealed class IndexCursor
{
    private readonly IQueryableIndex _index;
    private readonly Interval[] _intervals;
    private readonly RowFilter? _filter;
    private readonly bool[] _mask = new bool[RowBatch.Capacity];
    private readonly bool[] _tested = new bool[RowBatch.Capacity];
    private readonly List<(int Start, int End)> _ranges;
    private readonly int[]? _rows;
    private readonly bool _timeCheck;
    private readonly bool _readTimestamps;
    private int _range;
    private int _position;
    private int _rowCursor;

    /// <summary>Creates the cursor.</summary>
    /// <param name="index">The index read.</param>
    /// <param name="rowCount">The rows counted under the read lock.</param>
    /// <param name="intervals">The query intervals.</param>
    /// <param name="filter">The bound filter, or null for every row.</param>
    /// <param name="needsTimestamps">Whether batches must carry row timestamps; without them, and without a time check, none are read.</param>
    /// <param name="rows">The part of the index to read (by default all of it), so one index can be split between threads.</param>
    public IndexCursor(IQueryableIndex index, int rowCount, IReadOnlyList<Interval> intervals, RowFilter? filter, bool needsTimestamps = true, Range? rows = null)
    {
        _index = index;
        _filter = filter;
        _intervals = intervals.Where(i => i.Overlaps(index.Interval)).ToArray();
        var contained = _intervals.Any(i => i.Contains(index.Interval));
        _timeCheck = !contained && !index.IsTimeSorted;
        _readTimestamps = needsTimestamps || _timeCheck;
        var (first, count) = (rows ?? Range.All).GetOffsetAndLength(rowCount);
        _ranges = (!contained && index.IsTimeSorted ? SortedRanges(index, rowCount, _intervals) : [(0, _intervals.Length == 0 ? 0 : rowCount)])
            .Select(r => (Math.Max(r.Start, first), Math.Min(r.End, first + count)))
            .Where(r => r.Item1 < r.Item2)
            .ToList();
        _rows = filter?.MatchingRows;
        _position = _ranges.Count > 0 ? _ranges[0].Start : 0;
        if (_rows is not null)
        {
            // A cursor over a later row range starts at its first candidate row instead of walking up to it.
            var at = Array.BinarySearch(_rows, _position);
            _rowCursor = at >= 0 ? at : ~at;
        }
    }

    /// <summary>The current batch; valid after <see cref="MoveNext"/> returned true.</summary>
    public RowBatch Batch { get; } = new();

    /// <summary>Whether the cursor can have no rows at all (no interval overlaps the index).</summary>
    public bool IsEmpty => _intervals.Length == 0;

    /// <summary>Advances to the next batch holding at least one selected row.</summary>
    public bool MoveNext()
    {
        while (_range < _ranges.Count)
        {
            var (_, end) = _ranges[_range];
            if (_rows is not null)
            {
                while (_rowCursor < _rows.Length && _rows[_rowCursor] < _position)
                {
                    _rowCursor++;
                }

                if (_rowCursor == _rows.Length)
                {
                    return false;
                }

                _position = Math.Max(_position, _rows[_rowCursor]);
            }

            if (_position >= end)
            {
                if (++_range < _ranges.Count)
                {
                    _position = _ranges[_range].Start;
                }

                continue;
            }

            var length = Math.Min(RowBatch.Capacity, end - _position);
            var batch = Batch;
            batch.Start = _position;
            batch.Length = length;
            _position += length;
            if (_readTimestamps)
            {
                _index.ReadTimestamps(batch.Start, batch.Timestamps.AsSpan(0, length));
            }

            if (_rows is null && _filter is null && !_timeCheck)
            {
                batch.SelectAll();
                return true;
            }

            if (Select(batch))
            {
                return true;
            }
        }

        return false;
    }

    private bool Select(RowBatch batch)
    {
        var length = batch.Length;
        var mask = _mask.AsSpan(0, length);
        if (_rows is not null)
        {
            mask.Clear();
            var cursor = _rowCursor;
            var end = batch.Start + length;
            while (cursor < _rows.Length && _rows[cursor] < end)
            {
                mask[_rows[cursor] - batch.Start] = true;
                cursor++;
            }

            _rowCursor = cursor;
            if (!_filter!.RowsAreExact)
            {
                var tested = _tested.AsSpan(0, length);
                _filter.Match(batch.Start, tested);
                for (var i = 0; i < length; i++)
                {
                    mask[i] &= tested[i];
                }
            }
        }
        else if (_filter is not null)
        {
            _filter.Match(batch.Start, mask);
        }
        else
        {
            mask.Fill(true);
        }

        batch.SelectionIsIdentity = false;

        var timestamps = batch.Timestamps;
        var selected = batch.Selected;
        var count = 0;
        for (var i = 0; i < length; i++)
        {
            if (mask[i] && (!_timeCheck || InIntervals(timestamps[i])))
            {
                selected[count++] = i;
            }
        }

        batch.SelectedCount = count;
        return count > 0;
    }

    private bool InIntervals(long timestamp)
    {
        foreach (var interval in _intervals)
        {
            if (interval.Contains(timestamp))
            {
                return true;
            }
        }

        return false;
    }

    private static List<(int Start, int End)> SortedRanges(IQueryableIndex index, int rowCount, Interval[] intervals)
    {
        var ranges = new List<(int, int)>();
        foreach (var interval in intervals)
        {
            var start = LowerBound(index, rowCount, interval.StartMillis);
            var end = LowerBound(index, rowCount, interval.EndMillis);
            if (start < end)
            {
                ranges.Add((start, end));
            }
        }

        return ranges;
    }

    private static int LowerBound(IQueryableIndex index, int rowCount, long millis)
    {
        Span<long> one = stackalloc long[1];
        int low = 0, high = rowCount;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            index.ReadTimestamps(mid, one);
            if (one[0] < millis)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
