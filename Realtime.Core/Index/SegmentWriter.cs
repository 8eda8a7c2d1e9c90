using System.Buffers;
using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Collections;
using Realtime.Core.Files;
using Realtime.Core.Query.Aggregation;
using Realtime.Core.Storage;

namespace Realtime.Core.Index;

/// <summary>
/// Writes one or more indexes as one persisted index: rows of all sources are sorted by (time, dimension values),
/// merged, and rows with equal keys folded by the combining aggregators (when the schema rolls up). A persist is
/// a merge of one source.
/// </summary>
/// <remarks>
/// Holds every source's read lock while it runs. Files are written under temporary names, flushed, renamed, and
/// the directory flushed, with <c>meta.json</c> last: a directory whose write was interrupted never loads.
/// </remarks>
internal static class SegmentWriter
{
    /// <summary>Writes <paramref name="sources"/> into <paramref name="directory"/> (replacing an index there); returns the metadata written.</summary>
    public static SegmentMetadata Write(IReadOnlyList<IQueryableIndex> sources, IndexSchema schema, string directory, JsonElement? commitMetadata, CancellationToken cancellationToken)
    {
        var leases = new List<IDisposable>(sources.Count);
        try
        {
            foreach (var source in sources)
            {
                leases.Add(source.LockForRead());
            }

            using var plan = new MergePlan(sources, schema, cancellationToken);
            return WriteFiles(plan, schema, directory, commitMetadata, cancellationToken);
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    private static SegmentMetadata WriteFiles(MergePlan plan, IndexSchema schema, string directory, JsonElement? commitMetadata, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var metaPath = Path.Combine(directory, SegmentFormat.MetadataFile);
        var dataPath = Path.Combine(directory, SegmentFormat.DataFile);
        File.Delete(metaPath);
        var metadata = new SegmentMetadata
        {
            FormatVersion = SegmentFormat.Version,
            Interval = plan.Interval.ToString(),
            RowCount = plan.OutputRows,
            Rollup = schema.Rollup,
            Aggregators = new JsonArray(schema.Aggregators.Select(a => (JsonNode)a.ToJson()).ToArray()),
            CommitMetadata = commitMetadata,
        };

        var temporaryData = dataPath + SegmentFormat.TemporarySuffix;
        using (var writer = new DataFileWriter(temporaryData))
        {
            using (var times = new PooledSpan<long>(plan.OutputRows))
            {
                plan.Timestamps(times.Span);
                metadata.Timestamps = writer.Write<long>(times.Span);
            }

            foreach (var dimension in plan.Dimensions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                metadata.Dimensions.Add(dimension.Schema.Type == ColumnType.String
                    ? WriteStringDimension(writer, plan, dimension)
                    : WriteNumericDimension(writer, plan, dimension));
            }

            for (var i = 0; i < schema.Aggregators.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                metadata.Metrics.Add(WriteMetric(writer, plan, schema.Aggregators[i]));
            }

            metadata.DataLength = writer.Length;
            metadata.DataChecksum = writer.Checksum;
            writer.FlushToDisk();
        }

        File.Move(temporaryData, dataPath, overwrite: true);
        DirectorySync.Flush(directory);

        var temporaryMeta = metaPath + SegmentFormat.TemporarySuffix;
        using (var stream = new FileStream(temporaryMeta, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, metadata, SegmentFormat.JsonOptions);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporaryMeta, metaPath, overwrite: true);
        DirectorySync.Flush(directory);
        return metadata;
    }

    private static DimensionMetadata WriteStringDimension(DataFileWriter writer, MergePlan plan, MergedDimension dimension)
    {
        var values = dimension.Values;
        var offsets = new int[values.Length + 1];
        var bytes = new ArrayBufferWriter<byte>();
        for (var id = 0; id < values.Length; id++)
        {
            if (values[id] is { } value)
            {
                Encoding.UTF8.GetBytes(value, bytes);
            }

            offsets[id + 1] = bytes.WrittenCount;
        }

        var meta = new DimensionMetadata
        {
            Name = dimension.Schema.Name,
            Type = ColumnType.String,
            HasMultipleValues = dimension.Multi,
            Cardinality = values.Length,
            HasNull = dimension.HasNull,
            DictionaryOffsets = writer.Write<int>(offsets),
            DictionaryBytes = writer.Write(bytes.WrittenSpan),
        };

        var rows = plan.OutputRows;
        var counts = new int[values.Length + 1];
        if (!dimension.Multi)
        {
            using var ids = new PooledSpan<int>(rows);
            plan.ReadSlot(dimension.Slot, ids.Span);
            foreach (var id in ids.Span)
            {
                counts[id + 1]++;
            }

            meta.Ids = writer.Write<int>(ids.Span);
            meta.InvertedOffsets = writer.Write<int>(PrefixSums(counts));
            var positions = counts.AsSpan(0, values.Length).ToArray();
            using var inverted = new PooledSpan<int>(rows);
            for (var row = 0; row < rows; row++)
            {
                inverted.Span[positions[ids.Span[row]]++] = row;
            }

            meta.InvertedRows = writer.Write<int>(inverted.Span);
            return meta;
        }

        var rowOffsets = new int[rows + 1];
        for (var row = 0; row < rows; row++)
        {
            var set = dimension.Sets[plan.FirstKey(row)[dimension.Slot]];
            rowOffsets[row + 1] = rowOffsets[row] + set.Length;
            for (var i = 0; i < set.Length; i++)
            {
                if (i == 0 || set[i] != set[i - 1])
                {
                    counts[set[i] + 1]++;
                }
            }
        }

        var allIds = new int[rowOffsets[rows]];
        var invertedOffsets = PrefixSums(counts);
        var next = counts.AsSpan(0, values.Length).ToArray();
        var rowsById = new int[counts[values.Length]];
        for (var row = 0; row < rows; row++)
        {
            var set = dimension.Sets[plan.FirstKey(row)[dimension.Slot]];
            set.CopyTo(allIds, rowOffsets[row]);
            for (var i = 0; i < set.Length; i++)
            {
                if (i == 0 || set[i] != set[i - 1])
                {
                    rowsById[next[set[i]]++] = row;
                }
            }
        }

        meta.RowOffsets = writer.Write<int>(rowOffsets);
        meta.Ids = writer.Write<int>(allIds);
        meta.InvertedOffsets = writer.Write<int>(invertedOffsets);
        meta.InvertedRows = writer.Write<int>(rowsById);
        return meta;
    }

    /// <summary>Turns per-id counts (shifted by one) into start offsets in place; returns the same array.</summary>
    private static int[] PrefixSums(int[] counts)
    {
        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] += counts[i - 1];
        }

        return counts;
    }

    private static DimensionMetadata WriteNumericDimension(DataFileWriter writer, MergePlan plan, MergedDimension dimension)
    {
        var rows = plan.OutputRows;
        Section section;
        switch (dimension.Schema.Type)
        {
            case ColumnType.Long:
                using (var longs = new PooledSpan<long>(rows))
                {
                    for (var row = 0; row < rows; row++)
                    {
                        longs.Span[row] = SortableBits.ReadLong(plan.FirstKey(row), dimension.Slot);
                    }

                    section = writer.Write<long>(longs.Span);
                }

                break;
            case ColumnType.Double:
                using (var doubles = new PooledSpan<double>(rows))
                {
                    for (var row = 0; row < rows; row++)
                    {
                        doubles.Span[row] = SortableBits.ToDouble(SortableBits.ReadLong(plan.FirstKey(row), dimension.Slot));
                    }

                    section = writer.Write<double>(doubles.Span);
                }

                break;
            default:
                using (var floats = new PooledSpan<float>(rows))
                {
                    for (var row = 0; row < rows; row++)
                    {
                        floats.Span[row] = SortableBits.ToFloat(plan.FirstKey(row)[dimension.Slot]);
                    }

                    section = writer.Write<float>(floats.Span);
                }

                break;
        }

        return new DimensionMetadata { Name = dimension.Schema.Name, Type = dimension.Schema.Type, Values = section };
    }

    private static MetricMetadata WriteMetric(DataFileWriter writer, MergePlan plan, AggregatorFactory aggregator)
    {
        var meta = new MetricMetadata { Name = aggregator.Name, Type = aggregator.ColumnType, ComplexTypeName = aggregator.ComplexTypeName };
        var columns = plan.Sources.Select(s => s.GetMetric(aggregator.Name)
            ?? throw new InvalidOperationException($"An index being merged has no metric '{aggregator.Name}'.")).ToArray();
        var combining = aggregator.GetCombiningFactory();
        switch (combining)
        {
            case NumericAggregatorFactory numeric when aggregator.ColumnType == ColumnType.Long:
                meta.Values = WriteCombined(writer, plan, columns.Select((c, s) => ReadLongs(c, plan.RowCounts[s])).ToArray(), (a, b) => NumericOps.Fold(numeric.Op, a, b));
                break;
            case NumericAggregatorFactory numeric when aggregator.ColumnType == ColumnType.Float:
                meta.Values = WriteCombined(writer, plan, columns.Select((c, s) => ReadFloats(c, plan.RowCounts[s])).ToArray(), (a, b) => NumericOps.Fold(numeric.Op, a, b));
                break;
            case NumericAggregatorFactory numeric:
                meta.Values = WriteCombined(writer, plan, columns.Select((c, s) => ReadDoubles(c, plan.RowCounts[s])).ToArray(), (a, b) => NumericOps.Fold(numeric.Op, a, b));
                break;
            case HyperUniqueAggregatorFactory:
                meta.Offsets = WriteSketches(writer, plan, columns, out var values);
                meta.Values = values;
                break;
            default:
                throw new NotSupportedException($"Metric '{aggregator.Name}' of type {aggregator.TypeName} cannot be persisted.");
        }

        return meta;
    }

    /// <summary>Folds the sources' values of a metric into output rows and writes them as a section; returns the sources' buffers to the pool.</summary>
    private static Section WriteCombined<T>(DataFileWriter writer, MergePlan plan, T[][] sourceValues, Func<T, T, T> fold)
        where T : unmanaged
    {
        using var output = new PooledSpan<T>(plan.OutputRows);
        plan.Combine(sourceValues, fold, output.Span);
        foreach (var values in sourceValues)
        {
            ArrayPool<T>.Shared.Return(values);
        }

        return writer.Write<T>(output.Span);
    }

    private static long[] ReadLongs(IMetricColumn column, int rows)
    {
        var values = ArrayPool<long>.Shared.Rent(rows);
        column.ReadLongs(0, values.AsSpan(0, rows));
        return values;
    }

    private static double[] ReadDoubles(IMetricColumn column, int rows)
    {
        var values = ArrayPool<double>.Shared.Rent(rows);
        column.ReadDoubles(0, values.AsSpan(0, rows));
        return values;
    }

    private static float[] ReadFloats(IMetricColumn column, int rows)
    {
        using var doubles = new PooledSpan<double>(rows);
        column.ReadDoubles(0, doubles.Span);
        var values = ArrayPool<float>.Shared.Rent(rows);
        for (var row = 0; row < rows; row++)
        {
            values[row] = (float)doubles.Span[row];
        }

        return values;
    }

    private static Section WriteSketches(DataFileWriter writer, MergePlan plan, IMetricColumn[] columns, out Section values)
    {
        var offsets = new long[plan.OutputRows + 1];
        var buffer = new byte[HyperLogLogCollector.RegisterCount + 16];
        var start = writer.BeginSection();
        for (var row = 0; row < plan.OutputRows; row++)
        {
            HyperLogLogCollector? combined = null;
            var owned = false;
            foreach (var (source, sourceRow) in plan.Contributors(row))
            {
                var sketch = columns[source].GetComplex(sourceRow) as HyperLogLogCollector
                    ?? throw new InvalidOperationException($"Metric '{columns[source].Schema.Name}' of an index being merged does not hold hyperUnique sketches.");
                if (combined is null)
                {
                    combined = sketch;
                    continue;
                }

                if (!owned)
                {
                    combined = combined.Clone();
                    owned = true;
                }

                combined.Fold(sketch);
            }

            var length = combined!.SerializedLength;
            combined.WriteTo(buffer);
            writer.Append(buffer.AsSpan(0, length));
            offsets[row + 1] = offsets[row] + length;
        }

        values = writer.EndSection(start);
        return writer.Write<long>(offsets);
    }
}

/// <summary>
/// Order-preserving int encodings of key values: comparing the ints as signed numbers, most significant first,
/// orders the values. Times and longs take two ints, doubles two, floats one.
/// </summary>
internal static class SortableBits
{
    public static void WriteLong(long value, Span<int> slots, int at)
    {
        slots[at] = (int)(value >> 32);
        slots[at + 1] = (int)((uint)value ^ 0x80000000u);
    }

    public static long ReadLong(ReadOnlySpan<int> slots, int at) => ((long)slots[at] << 32) | ((uint)slots[at + 1] ^ 0x80000000u);

    public static long FromDouble(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        return bits ^ ((bits >> 63) & long.MaxValue);
    }

    public static double ToDouble(long sortable) => BitConverter.Int64BitsToDouble(sortable ^ ((sortable >> 63) & long.MaxValue));

    public static int FromFloat(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        return bits ^ ((bits >> 31) & int.MaxValue);
    }

    public static float ToFloat(int sortable) => BitConverter.Int32BitsToSingle(sortable ^ ((sortable >> 31) & int.MaxValue));
}

/// <summary>A dimension of the merged output: its type, its place in the merge key, and for strings the merged sorted dictionary.</summary>
internal sealed class MergedDimension(ColumnSchema schema, int slot)
{
    public ColumnSchema Schema { get; } = schema;

    public int Slot { get; } = slot;

    public int Width => Schema.Type is ColumnType.Long or ColumnType.Double ? 2 : 1;

    public string?[] Values { get; set; } = [];

    public bool HasNull { get; set; }

    public bool Multi { get; set; }

    public int[]?[] IdMaps { get; set; } = [];

    /// <summary>The distinct value sets of a multi-value dimension, by their rank in value order.</summary>
    public List<int[]> Sets { get; } = [];

    /// <summary>While keys are built: each distinct set of merged ids and its number in order of discovery.</summary>
    public Dictionary<int[], int> SetNumbers { get; } = new(IntArrayComparer.Instance);
}

/// <summary>
/// The merge of several indexes: merged dictionaries, each source's keys in merged ids (sortable) put in key order,
/// and the output rows as groups of contributing (source, row) pairs in output order.
/// </summary>
internal sealed class MergePlan : IDisposable
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

    private static MergedDimension[] UnionDimensions(IReadOnlyList<IQueryableIndex> sources)
    {
        var dimensions = new List<MergedDimension>();
        var byName = new Dictionary<string, MergedDimension>(StringComparer.Ordinal);
        var slot = TimeSlots;
        foreach (var source in sources)
        {
            foreach (var schema in source.Dimensions)
            {
                if (byName.TryGetValue(schema.Name, out var existing))
                {
                    if (existing.Schema.Type != schema.Type)
                    {
                        throw new InvalidOperationException(
                            $"Dimension '{schema.Name}' is {existing.Schema.Type} in one index and {schema.Type} in another; they cannot be merged.");
                    }

                    continue;
                }

                var dimension = new MergedDimension(schema, slot);
                slot += dimension.Width;
                dimensions.Add(dimension);
                byName.Add(schema.Name, dimension);
            }
        }

        var result = dimensions.ToArray();
        foreach (var dimension in result)
        {
            dimension.IdMaps = new int[]?[sources.Count];
        }

        return result;
    }

    private void MergeDictionaries(MergedDimension dimension)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var hasNull = false;
        var multi = false;
        for (var s = 0; s < Sources.Count; s++)
        {
            var column = Sources[s].GetDimension(dimension.Schema.Name);
            if (column is null)
            {
                hasNull |= RowCounts[s] > 0;
                continue;
            }

            multi |= column.HasMultipleValues;
            for (var id = 0; id < column.Cardinality; id++)
            {
                if (column.GetValue(id) is { } value)
                {
                    distinct.Add(value);
                }
                else
                {
                    hasNull = true;
                }
            }
        }

        var sorted = distinct.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        string?[] values = hasNull ? [null, .. sorted] : [.. sorted];
        var ids = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (var id = hasNull ? 1 : 0; id < values.Length; id++)
        {
            ids.Add(values[id]!, id);
        }

        for (var s = 0; s < Sources.Count; s++)
        {
            if (Sources[s].GetDimension(dimension.Schema.Name) is { } column)
            {
                var map = new int[column.Cardinality];
                for (var id = 0; id < map.Length; id++)
                {
                    map[id] = column.GetValue(id) is { } value ? ids[value] : 0;
                }

                dimension.IdMaps[s] = map;
            }
        }

        dimension.Values = values;
        dimension.HasNull = hasNull;
        dimension.Multi = multi;
    }

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

    /// <summary>Replaces the set numbers in multi-value slots by the sets' ranks in value order.</summary>
    private void RankSets()
    {
        foreach (var dimension in Dimensions.Where(d => d.SetNumbers.Count > 0))
        {
            var found = new int[dimension.SetNumbers.Count][];
            foreach (var (set, number) in dimension.SetNumbers)
            {
                found[number] = set;
            }

            var order = Enumerable.Range(0, found.Length).ToArray();
            Array.Sort(order, (a, b) => found[a].AsSpan().SequenceCompareTo(found[b]));
            var rank = new int[found.Length];
            for (var i = 0; i < order.Length; i++)
            {
                rank[order[i]] = i;
                dimension.Sets.Add(found[order[i]]);
            }

            for (var s = 0; s < _keys.Length; s++)
            {
                var keys = _keys[s];
                var length = RowCounts[s] * _keyWidth;
                for (var at = dimension.Slot; at < length; at += _keyWidth)
                {
                    keys[at] = rank[keys[at]];
                }
            }
        }
    }
}

/// <summary>Compares int arrays by their elements; spans of ints look them up without an array.</summary>
internal sealed class IntArrayComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
{
    public static readonly IntArrayComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(int[] obj) => GetHashCode((ReadOnlySpan<int>)obj);

    public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<int> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(alternate));
        return hash.ToHashCode();
    }

    public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();
}

/// <summary>A span over an array rented from the shared pool, returned on dispose; its contents start undefined.</summary>
internal readonly struct PooledSpan<T>(int length) : IDisposable
{
    private readonly T[] _array = ArrayPool<T>.Shared.Rent(length);

    /// <summary>The requested length of the rented array.</summary>
    public Span<T> Span => _array.AsSpan(0, length);

    /// <summary>Returns the array to the pool; the span must not be used afterwards.</summary>
    public void Dispose() => ArrayPool<T>.Shared.Return(_array);
}
