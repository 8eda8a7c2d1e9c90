using System.Buffers;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Index;

/// <summary>
/// The merge of several indexes: merged dictionaries, each source's keys in merged ids (sortable) put in key order,
/// and the output rows as groups of contributing (source, row) pairs in output order.
/// </summary>
internal sealed partial class MergePlan : IDisposable
{
    private const int TimeSlots = 2;

    private static readonly int[] NullSet = [0];

    private readonly int _keyWidth;
    private readonly int[][] _keys;
    private readonly int[] _groupStarts;
    private readonly int[] _contributorSources;
    private readonly int[] _contributorRows;
    private readonly int[] _contributorPositions;

    public MergePlan(IReadOnlyList<IQueryableIndex> sources, IndexSchema schema, CancellationToken cancellationToken)
    {
        Sources = sources;
        RowCounts = sources.Select(s => s.RowCount).ToArray();
        Interval = sources.Count == 0
            ? default
            : new Interval(sources.Min(s => s.Interval.StartMillis), sources.Max(s => s.Interval.EndMillis));
        Dimensions = UnionDimensions(sources);
        _keyWidth = TimeSlots + Dimensions.Sum(d => d.Width);
        foreach (var dimension in Dimensions.Where(d => d.Schema.Type == ColumnType.String))
        {
            MergeDictionaries(dimension);
        }

        _keys = new int[sources.Count][];
        for (var s = 0; s < sources.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _keys[s] = BuildKeys(s);
        }

        RankSets();
        var orders = new int[sources.Count][];
        for (var s = 0; s < sources.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            orders[s] = SortRows(s);
        }

        var total = RowCounts.Sum();
        _contributorSources = ArrayPool<int>.Shared.Rent(total);
        _contributorRows = ArrayPool<int>.Shared.Rent(total);
        _contributorPositions = ArrayPool<int>.Shared.Rent(total);
        _groupStarts = ArrayPool<int>.Shared.Rent(total + 1);
        var groups = 0;
        var positions = new int[sources.Count];
        var queue = new PriorityQueue<int, int>(Comparer<int>.Create((a, b) =>
        {
            var c = Key(a, positions[a]).SequenceCompareTo(Key(b, positions[b]));
            return c != 0 ? c : a.CompareTo(b);
        }));
        for (var s = 0; s < sources.Count; s++)
        {
            if (RowCounts[s] > 0)
            {
                queue.Enqueue(s, s);
            }
        }

        var n = 0;
        while (queue.TryDequeue(out var source, out _))
        {
            // The last source with rows left is drained without going through the queue.
            var drain = queue.Count == 0;
            do
            {
                var position = positions[source];
                if (n == 0 || !schema.Rollup || !Key(source, position).SequenceEqual(Key(_contributorSources[n - 1], _contributorPositions[n - 1])))
                {
                    _groupStarts[groups++] = n;
                }

                _contributorSources[n] = source;
                _contributorRows[n] = orders[source][position];
                _contributorPositions[n] = position;
                n++;
                if ((n & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            while (++positions[source] < RowCounts[source] && drain);

            if (!drain && positions[source] < RowCounts[source])
            {
                queue.Enqueue(source, source);
            }
        }

        _groupStarts[groups] = n;
        OutputRows = groups;
        foreach (var order in orders)
        {
            ArrayPool<int>.Shared.Return(order);
        }
    }

    public IReadOnlyList<IQueryableIndex> Sources { get; }

    public int[] RowCounts { get; }

    public Interval Interval { get; }

    public MergedDimension[] Dimensions { get; }

    public int OutputRows { get; }

    /// <summary>The merge key of output row <paramref name="row"/> (its first contributor's).</summary>
    public ReadOnlySpan<int> FirstKey(int row) => Key(_contributorSources[_groupStarts[row]], _contributorPositions[_groupStarts[row]]);

    /// <summary>Copies key slot <paramref name="slot"/> of every output row's merge key into <paramref name="values"/>.</summary>
    public void ReadSlot(int slot, Span<int> values)
    {
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = FirstKey(row)[slot];
        }
    }

    /// <summary>The (source, row) pairs folded into output row <paramref name="row"/>.</summary>
    public IEnumerable<(int Source, int Row)> Contributors(int row)
    {
        for (var i = _groupStarts[row]; i < _groupStarts[row + 1]; i++)
        {
            yield return (_contributorSources[i], _contributorRows[i]);
        }
    }

    /// <summary>Writes the output row timestamps into <paramref name="times"/> (<see cref="OutputRows"/> long).</summary>
    public void Timestamps(Span<long> times)
    {
        for (var row = 0; row < times.Length; row++)
        {
            times[row] = SortableBits.ReadLong(FirstKey(row), 0);
        }
    }

    /// <summary>Folds per-source column values into the output rows <paramref name="output"/> (<see cref="OutputRows"/> long).</summary>
    public void Combine<T>(T[][] sourceValues, Func<T, T, T> fold, Span<T> output)
    {
        for (var row = 0; row < output.Length; row++)
        {
            var start = _groupStarts[row];
            var value = sourceValues[_contributorSources[start]][_contributorRows[start]];
            for (var i = start + 1; i < _groupStarts[row + 1]; i++)
            {
                value = fold(value, sourceValues[_contributorSources[i]][_contributorRows[i]]);
            }

            output[row] = value;
        }
    }

    /// <summary>Returns the plan's buffers to the shared pool.</summary>
    public void Dispose()
    {
        foreach (var keys in _keys)
        {
            ArrayPool<int>.Shared.Return(keys);
        }

        ArrayPool<int>.Shared.Return(_contributorSources);
        ArrayPool<int>.Shared.Return(_contributorRows);
        ArrayPool<int>.Shared.Return(_contributorPositions);
        ArrayPool<int>.Shared.Return(_groupStarts);
    }

    /// <summary>The merge key at <paramref name="position"/> of a source's keys (in key order once sorted).</summary>
    private ReadOnlySpan<int> Key(int source, int position) => _keys[source].AsSpan(position * _keyWidth, _keyWidth);
}
