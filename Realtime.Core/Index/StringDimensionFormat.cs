using System.Buffers;
using System.Text;
using Realtime.Abstractions.Segments;
using Realtime.Core.Collections;

namespace Realtime.Core.Index;

// A string dimension on disk: its writer (sorted dictionary, row ids, inverted index) and its reader.
internal static partial class SegmentWriter
{
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
}

internal sealed unsafe partial class PersistedIndex
{
    /// <summary>A string dimension: sorted UTF-8 dictionary, ids per row (or offsets and ids), and an inverted index.</summary>
    private sealed class StringColumn : IInvertedIndexColumn
    {
        private readonly PersistedIndex _index;
        private readonly Section _dictionaryOffsets;
        private readonly Section _dictionaryBytes;
        private readonly Section _ids;
        private readonly Section? _rowOffsets;
        private readonly Section _invertedOffsets;
        private readonly Section _invertedRows;
        private readonly bool _hasNull;
        private readonly string?[] _decoded;

        public StringColumn(PersistedIndex index, DimensionMetadata meta)
        {
            _index = index;
            Schema = new ColumnSchema(meta.Name, ColumnType.String);
            HasMultipleValues = meta.HasMultipleValues;
            Cardinality = meta.Cardinality;
            _hasNull = meta.HasNull;
            _decoded = new string?[Cardinality];
            _dictionaryOffsets = index.Check(meta.DictionaryOffsets, sizeof(int), Cardinality + 1L, meta.Name);
            _dictionaryBytes = index.Check(meta.DictionaryBytes, 1, -1, meta.Name);
            _invertedOffsets = index.Check(meta.InvertedOffsets, sizeof(int), Cardinality + 1L, meta.Name);
            _invertedRows = index.Check(meta.InvertedRows, sizeof(int), -1, meta.Name);
            if (HasMultipleValues)
            {
                _rowOffsets = index.Check(meta.RowOffsets, sizeof(int), index.RowCount + 1L, meta.Name);
                _ids = index.Check(meta.Ids, sizeof(int), index.Span<int>(_rowOffsets)[index.RowCount], meta.Name);
            }
            else
            {
                _ids = index.Check(meta.Ids, sizeof(int), index.RowCount, meta.Name);
            }

            var offsets = index.Span<int>(_dictionaryOffsets);
            if (offsets[0] != 0 || offsets[Cardinality] != _dictionaryBytes.Length || index.Span<int>(_invertedOffsets)[Cardinality] * 4L != _invertedRows.Length)
            {
                throw new InvalidDataException($"{index._dataPath}: the dictionary or inverted index of column '{meta.Name}' is inconsistent.");
            }
        }

        public ColumnSchema Schema { get; }

        public bool HasMultipleValues { get; }

        public int Cardinality { get; }

        public bool IsDictionarySorted => true;

        public string? GetValue(int id)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)id, (uint)Cardinality, nameof(id));
            if (_hasNull && id == 0)
            {
                return null;
            }

            var cached = Volatile.Read(ref _decoded[id]);
            if (cached is null)
            {
                var offsets = _index.Span<int>(_dictionaryOffsets);
                cached = Encoding.UTF8.GetString(_index.Span<byte>(_dictionaryBytes)[offsets[id]..offsets[id + 1]]);
                Volatile.Write(ref _decoded[id], cached);
            }

            return cached;
        }

        public int GetId(string? value)
        {
            if (value is null)
            {
                return _hasNull ? 0 : -1;
            }

            int low = _hasNull ? 1 : 0, high = Cardinality - 1;
            while (low <= high)
            {
                var mid = (low + high) >>> 1;
                var c = string.CompareOrdinal(GetValue(mid), value);
                if (c == 0)
                {
                    return mid;
                }

                if (c < 0)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return -1;
        }

        public void ReadIds(int startRow, Span<int> destination)
        {
            if (HasMultipleValues)
            {
                throw new InvalidOperationException($"Dimension '{Schema.Name}' has rows with several values; read them with GetRowIds.");
            }

            _index.Slice<int>(_ids, startRow, destination.Length).CopyTo(destination);
        }

        public ReadOnlySpan<int> GetRowIds(int row)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)_index.RowCount, nameof(row));
            if (_rowOffsets is null)
            {
                return _index.Span<int>(_ids).Slice(row, 1);
            }

            var offsets = _index.Span<int>(_rowOffsets);
            return _index.Span<int>(_ids)[offsets[row]..offsets[row + 1]];
        }

        public ReadOnlySpan<int> GetRows(int id)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)id, (uint)Cardinality, nameof(id));
            var offsets = _index.Span<int>(_invertedOffsets);
            return _index.Span<int>(_invertedRows)[offsets[id]..offsets[id + 1]];
        }

        public void ReadLongs(int startRow, Span<long> destination) =>
            throw new InvalidOperationException($"Dimension '{Schema.Name}' is a string dimension; read it by dictionary ids.");

        public void ReadDoubles(int startRow, Span<double> destination) =>
            throw new InvalidOperationException($"Dimension '{Schema.Name}' is a string dimension; read it by dictionary ids.");
    }
}
