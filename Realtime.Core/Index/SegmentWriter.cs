using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
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
    /// <summary>Writes <paramref name="sources"/> into <paramref name="directory"/> (replacing an index there).</summary>
    public static void Write(IReadOnlyList<IQueryableIndex> sources, IndexSchema schema, string directory, JsonElement? commitMetadata, CancellationToken cancellationToken)
    {
        var leases = new List<IDisposable>(sources.Count);
        try
        {
            foreach (var source in sources)
            {
                leases.Add(source.LockForRead());
            }

            var plan = new MergePlan(sources, schema, cancellationToken);
            WriteFiles(plan, schema, directory, commitMetadata, cancellationToken);
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    private static void WriteFiles(MergePlan plan, IndexSchema schema, string directory, JsonElement? commitMetadata, CancellationToken cancellationToken)
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
            metadata.Timestamps = writer.Write<long>(plan.Timestamps());
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
            var ids = new int[rows];
            for (var row = 0; row < rows; row++)
            {
                ids[row] = plan.FirstKey(row)[dimension.Slot];
                counts[ids[row] + 1]++;
            }

            meta.Ids = writer.Write<int>(ids);
            meta.InvertedOffsets = writer.Write<int>(PrefixSums(counts));
            var positions = counts.AsSpan(0, values.Length).ToArray();
            var inverted = new int[counts[values.Length]];
            for (var row = 0; row < rows; row++)
            {
                inverted[positions[ids[row]]++] = row;
            }

            meta.InvertedRows = writer.Write<int>(inverted);
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
                var longs = new long[rows];
                for (var row = 0; row < rows; row++)
                {
                    longs[row] = SortableBits.ReadLong(plan.FirstKey(row), dimension.Slot);
                }

                section = writer.Write<long>(longs);
                break;
            case ColumnType.Double:
                var doubles = new double[rows];
                for (var row = 0; row < rows; row++)
                {
                    doubles[row] = SortableBits.ToDouble(SortableBits.ReadLong(plan.FirstKey(row), dimension.Slot));
                }

                section = writer.Write<double>(doubles);
                break;
            default:
                var floats = new float[rows];
                for (var row = 0; row < rows; row++)
                {
                    floats[row] = SortableBits.ToFloat(plan.FirstKey(row)[dimension.Slot]);
                }

                section = writer.Write<float>(floats);
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
                var longs = columns.Select((c, s) => ReadLongs(c, plan.RowCounts[s])).ToArray();
                meta.Values = writer.Write<long>(plan.Combine(longs, (a, b) => NumericOps.Fold(numeric.Op, a, b)));
                break;
            case NumericAggregatorFactory numeric when aggregator.ColumnType == ColumnType.Float:
                var floats = columns.Select((c, s) => Array.ConvertAll(ReadDoubles(c, plan.RowCounts[s]), d => (float)d)).ToArray();
                meta.Values = writer.Write<float>(plan.Combine(floats, (a, b) => NumericOps.Fold(numeric.Op, a, b)));
                break;
            case NumericAggregatorFactory numeric:
                var doubles = columns.Select((c, s) => ReadDoubles(c, plan.RowCounts[s])).ToArray();
                meta.Values = writer.Write<double>(plan.Combine(doubles, (a, b) => NumericOps.Fold(numeric.Op, a, b)));
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

    private static long[] ReadLongs(IMetricColumn column, int rows)
    {
        var values = new long[rows];
        column.ReadLongs(0, values);
        return values;
    }

    private static double[] ReadDoubles(IMetricColumn column, int rows)
    {
        var values = new double[rows];
        column.ReadDoubles(0, values);
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
/// The merge of several indexes: merged dictionaries, each source row's key in merged ids (sortable), and the
/// output rows as groups of contributing (source, row) pairs in output order.
/// </summary>
internal sealed class MergePlan
{
    private const int TimeSlots = 2;
    private static readonly int[] NullSet = [0];

    private readonly int _keyWidth;
    private readonly int[][] _keys;
    private readonly int[] _groupStarts;
    private readonly int[] _contributorSources;
    private readonly int[] _contributorRows;

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
            var keys = _keys[s];
            var width = _keyWidth;
            var order = Enumerable.Range(0, RowCounts[s]).ToArray();
            Array.Sort(order, (a, b) =>
            {
                var c = keys.AsSpan(a * width, width).SequenceCompareTo(keys.AsSpan(b * width, width));
                return c != 0 ? c : a.CompareTo(b);
            });
            orders[s] = order;
        }

        var total = RowCounts.Sum();
        _contributorSources = new int[total];
        _contributorRows = new int[total];
        var groupStarts = new List<int>();
        var positions = new int[sources.Count];
        var queue = new PriorityQueue<int, int>(Comparer<int>.Create((a, b) =>
        {
            var c = Key(a, orders[a][positions[a]]).SequenceCompareTo(Key(b, orders[b][positions[b]]));
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
            var row = orders[source][positions[source]];
            if (n == 0 || !schema.Rollup || !Key(source, row).SequenceEqual(Key(_contributorSources[n - 1], _contributorRows[n - 1])))
            {
                groupStarts.Add(n);
            }

            _contributorSources[n] = source;
            _contributorRows[n] = row;
            n++;
            if (++positions[source] < RowCounts[source])
            {
                queue.Enqueue(source, source);
            }

            if ((n & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        groupStarts.Add(n);
        _groupStarts = groupStarts.ToArray();
    }

    public IReadOnlyList<IQueryableIndex> Sources { get; }

    public int[] RowCounts { get; }

    public Interval Interval { get; }

    public MergedDimension[] Dimensions { get; }

    public int OutputRows => _groupStarts.Length - 1;

    /// <summary>The merge key of output row <paramref name="row"/> (its first contributor's).</summary>
    public ReadOnlySpan<int> FirstKey(int row) => Key(_contributorSources[_groupStarts[row]], _contributorRows[_groupStarts[row]]);

    /// <summary>The (source, row) pairs folded into output row <paramref name="row"/>.</summary>
    public IEnumerable<(int Source, int Row)> Contributors(int row)
    {
        for (var i = _groupStarts[row]; i < _groupStarts[row + 1]; i++)
        {
            yield return (_contributorSources[i], _contributorRows[i]);
        }
    }

    /// <summary>Output row timestamps.</summary>
    public long[] Timestamps()
    {
        var times = new long[OutputRows];
        for (var row = 0; row < times.Length; row++)
        {
            times[row] = SortableBits.ReadLong(FirstKey(row), 0);
        }

        return times;
    }

    /// <summary>Folds per-source column values into output rows.</summary>
    public T[] Combine<T>(T[][] sourceValues, Func<T, T, T> fold)
    {
        var output = new T[OutputRows];
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

        return output;
    }

    private ReadOnlySpan<int> Key(int source, int row) => _keys[source].AsSpan(row * _keyWidth, _keyWidth);

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

    private int[] BuildKeys(int source)
    {
        var index = Sources[source];
        var rows = RowCounts[source];
        var width = _keyWidth;
        var keys = new int[rows * width];
        var times = new long[rows];
        index.ReadTimestamps(0, times);
        for (var row = 0; row < rows; row++)
        {
            SortableBits.WriteLong(times[row], keys, row * width);
        }

        foreach (var dimension in Dimensions)
        {
            var column = index.GetDimension(dimension.Schema.Name);
            var slot = dimension.Slot;
            switch (dimension.Schema.Type)
            {
                case ColumnType.String when dimension.Multi:
                    var map = dimension.IdMaps[source];
                    for (var row = 0; row < rows; row++)
                    {
                        var ids = column is null ? NullSet : column.GetRowIds(row);
                        var mapped = new int[ids.Length];
                        for (var i = 0; i < ids.Length; i++)
                        {
                            mapped[i] = map is null ? 0 : map[ids[i]];
                        }

                        ref var set = ref CollectionsMarshal.GetValueRefOrAddDefault(dimension.SetNumbers, mapped, out var exists);
                        if (!exists)
                        {
                            set = dimension.SetNumbers.Count - 1;
                        }

                        keys[row * width + slot] = set;
                    }

                    break;
                case ColumnType.String:
                    var single = new int[rows];
                    column?.ReadIds(0, single);
                    var idMap = dimension.IdMaps[source];
                    for (var row = 0; row < rows; row++)
                    {
                        keys[row * width + slot] = idMap is null ? 0 : idMap[single[row]];
                    }

                    break;
                case ColumnType.Long:
                    var longs = new long[rows];
                    column?.ReadLongs(0, longs);
                    for (var row = 0; row < rows; row++)
                    {
                        SortableBits.WriteLong(longs[row], keys, row * width + slot);
                    }

                    break;
                case ColumnType.Double:
                    var doubles = new double[rows];
                    column?.ReadDoubles(0, doubles);
                    for (var row = 0; row < rows; row++)
                    {
                        SortableBits.WriteLong(SortableBits.FromDouble(doubles[row]), keys, row * width + slot);
                    }

                    break;
                default:
                    var floats = new double[rows];
                    column?.ReadDoubles(0, floats);
                    for (var row = 0; row < rows; row++)
                    {
                        keys[row * width + slot] = SortableBits.FromFloat((float)floats[row]);
                    }

                    break;
            }
        }

        return keys;
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

            foreach (var keys in _keys)
            {
                for (var at = dimension.Slot; at < keys.Length; at += _keyWidth)
                {
                    keys[at] = rank[keys[at]];
                }
            }
        }
    }
}

/// <summary>Compares int arrays by their elements.</summary>
internal sealed class IntArrayComparer : IEqualityComparer<int[]>
{
    public static readonly IntArrayComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(int[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
        return hash.ToHashCode();
    }
}
