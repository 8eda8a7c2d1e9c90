using System.Buffers;
using System.Collections;
using System.Runtime.InteropServices;
using Realtime.Abstractions.Segments;
using Realtime.Core.Collections;

namespace Realtime.Core.Index;

// The row keys: each source's rows encoded as sortable ints (time, then dimension values) and sorted.
internal sealed partial class MergePlan
{
    /// <summary>
    /// Builds one source's merge keys, a block of rows at a time so that the block's keys stay in the cache while
    /// every column writes its slots.
    /// </summary>
    private int[] BuildKeys(int source)
    {
        const int BlockRows = 4096;
        var index = Sources[source];
        var rows = RowCounts[source];
        var width = _keyWidth;
        var keys = ArrayPool<int>.Shared.Rent(rows * width);
        using var longBuffer = new PooledSpan<long>(Math.Min(rows, BlockRows));
        using var doubleBuffer = new PooledSpan<double>(Math.Min(rows, BlockRows));
        using var idBuffer = new PooledSpan<int>(Math.Min(rows, BlockRows));
        var columns = Dimensions.Select(d => index.GetDimension(d.Schema.Name)).ToArray();
        var mapped = new List<int>();
        for (var first = 0; first < rows; first += BlockRows)
        {
            var count = Math.Min(BlockRows, rows - first);
            var longs = longBuffer.Span[..count];
            var doubles = doubleBuffer.Span[..count];
            index.ReadTimestamps(first, longs);
            for (var i = 0; i < count; i++)
            {
                SortableBits.WriteLong(longs[i], keys, (first + i) * width);
            }

            for (var d = 0; d < Dimensions.Length; d++)
            {
                var dimension = Dimensions[d];
                var column = columns[d];
                var at = first * width + dimension.Slot;
                switch (dimension.Schema.Type)
                {
                    case ColumnType.String when dimension.Multi:
                        var map = dimension.IdMaps[source];
                        var setNumbers = dimension.SetNumbers.GetAlternateLookup<ReadOnlySpan<int>>();
                        for (var i = 0; i < count; i++, at += width)
                        {
                            var ids = column is null ? NullSet : column.GetRowIds(first + i);
                            mapped.Clear();
                            foreach (var id in ids)
                            {
                                mapped.Add(map is null ? 0 : map[id]);
                            }

                            var key = CollectionsMarshal.AsSpan(mapped);
                            if (!setNumbers.TryGetValue(key, out var set))
                            {
                                set = dimension.SetNumbers.Count;
                                setNumbers.TryAdd(key, set);
                            }

                            keys[at] = set;
                        }

                        break;
                    case ColumnType.String:
                        var single = idBuffer.Span[..count];
                        column?.ReadIds(first, single);
                        var idMap = dimension.IdMaps[source];
                        for (var i = 0; i < count; i++, at += width)
                        {
                            keys[at] = idMap is null ? 0 : idMap[single[i]];
                        }

                        break;
                    case ColumnType.Long:
                        ReadOrZero(column, first, longs);
                        for (var i = 0; i < count; i++, at += width)
                        {
                            SortableBits.WriteLong(longs[i], keys, at);
                        }

                        break;
                    case ColumnType.Double:
                        ReadOrZero(column, first, doubles);
                        for (var i = 0; i < count; i++, at += width)
                        {
                            SortableBits.WriteLong(SortableBits.FromDouble(doubles[i]), keys, at);
                        }

                        break;
                    default:
                        ReadOrZero(column, first, doubles);
                        for (var i = 0; i < count; i++, at += width)
                        {
                            keys[at] = SortableBits.FromFloat((float)doubles[i]);
                        }

                        break;
                }
            }
        }

        return keys;
    }

    private static void ReadOrZero(IDimensionColumn? column, int startRow, Span<long> values)
    {
        if (column is null)
        {
            values.Clear();
        }
        else
        {
            column.ReadLongs(startRow, values);
        }
    }

    private static void ReadOrZero(IDimensionColumn? column, int startRow, Span<double> values)
    {
        if (column is null)
        {
            values.Clear();
        }
        else
        {
            column.ReadDoubles(startRow, values);
        }
    }

    /// <summary>
    /// Puts one source's key table in key order (ties by row number) and returns the source row of every position.
    /// A source already in order (a persisted index) is recognised in one pass. Otherwise rows are sorted by time
    /// with a primitive sort, their keys copied in that order, and each run of equal times (now contiguous in
    /// memory) sorted by the remaining key slots.
    /// </summary>
    private int[] SortRows(int source)
    {
        var rows = RowCounts[source];
        var width = _keyWidth;
        var keys = _keys[source];
        var order = ArrayPool<int>.Shared.Rent(rows);
        for (var row = 0; row < rows; row++)
        {
            order[row] = row;
        }

        var sorted = true;
        for (var row = 1; row < rows && sorted; row++)
        {
            sorted = Key(source, row - 1).SequenceCompareTo(Key(source, row)) <= 0;
        }

        if (sorted)
        {
            return order;
        }

        var byTime = ArrayPool<int>.Shared.Rent(rows);
        using var prefixes = new PooledSpan<ulong>(rows);
        for (var row = 0; row < rows; row++)
        {
            prefixes.Span[row] = Prefix(keys, row * width, TimeSlots);
        }

        prefixes.Span.Sort(order.AsSpan(0, rows));
        Permute(keys, width, order.AsSpan(0, rows));
        order.AsSpan(0, rows).CopyTo(byTime);
        var runKeys = new List<int>();
        for (var start = 0; start < rows;)
        {
            var end = start + 1;
            while (end < rows && prefixes.Span[end] == prefixes.Span[start])
            {
                end++;
            }

            var run = order.AsSpan(start, end - start);
            for (var i = 0; i < run.Length; i++)
            {
                run[i] = start + i;
            }

            SortRun(keys, width, run, prefixes.Span[start..end], TimeSlots, byTime);
            runKeys.Clear();
            runKeys.AddRange(keys.AsSpan(start * width, run.Length * width));
            var copied = CollectionsMarshal.AsSpan(runKeys);
            for (var i = 0; i < run.Length; i++)
            {
                copied.Slice((run[i] - start) * width, width).CopyTo(keys.AsSpan((start + i) * width));
                run[i] = byTime[run[i]];
            }

            start = end;
        }

        ArrayPool<int>.Shared.Return(byTime);
        return order;
    }

    /// <summary>
    /// Sorts <paramref name="positions"/> of a key table whose keys agree before slot <paramref name="depth"/>:
    /// by the next two slots with a primitive sort, then each run agreeing on them recursively; positions with
    /// equal keys end up ordered by their source row.
    /// </summary>
    private static void SortRun(int[] keys, int width, Span<int> positions, Span<ulong> prefixes, int depth, int[] rows)
    {
        if (positions.Length < 2)
        {
            return;
        }

        if (depth >= width)
        {
            positions.Sort((x, y) => rows[x].CompareTo(rows[y]));
            return;
        }

        var slots = Math.Min(2, width - depth);
        for (var i = 0; i < positions.Length; i++)
        {
            prefixes[i] = Prefix(keys, positions[i] * width + depth, slots);
        }

        prefixes.Sort(positions);
        for (var start = 0; start < positions.Length;)
        {
            var end = start + 1;
            while (end < positions.Length && prefixes[end] == prefixes[start])
            {
                end++;
            }

            SortRun(keys, width, positions[start..end], prefixes[start..end], depth + 2, rows);
            start = end;
        }
    }

    /// <summary>Packs one or two signed key slots from <paramref name="at"/> into an unsigned number with the same order.</summary>
    private static ulong Prefix(int[] keys, int at, int slots) =>
        ((ulong)(uint)(keys[at] ^ int.MinValue) << 32) | (slots > 1 ? (uint)(keys[at + 1] ^ int.MinValue) : 0u);

    /// <summary>Reorders the rows of a key table in place so that position <c>i</c> holds the row that was at <c>order[i]</c>.</summary>
    private static void Permute(int[] keys, int width, ReadOnlySpan<int> order)
    {
        var done = new BitArray(order.Length);
        Span<int> saved = width <= 64 ? stackalloc int[width] : new int[width];
        for (var first = 0; first < order.Length; first++)
        {
            if (done[first] || order[first] == first)
            {
                continue;
            }

            keys.AsSpan(first * width, width).CopyTo(saved);
            var at = first;
            while (order[at] != first)
            {
                keys.AsSpan(order[at] * width, width).CopyTo(keys.AsSpan(at * width));
                done[at] = true;
                at = order[at];
            }

            saved.CopyTo(keys.AsSpan(at * width));
            done[at] = true;
        }
    }
}
