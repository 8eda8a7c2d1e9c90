using System.Runtime.CompilerServices;
using Realtime.Abstractions.Segments;
using Realtime.Core.Aggregation;
using Realtime.Core.Collections;

namespace Realtime.Core.Index;

// A long, float or double dimension on disk, stored raw: its writer and its reader.
internal static partial class SegmentWriter
{
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
}

internal sealed unsafe partial class PersistedIndex
{
    /// <summary>A long, float or double dimension stored raw.</summary>
    private sealed class NumericDimensionColumn : IDimensionColumn
    {
        private readonly NumericValues _values;

        public NumericDimensionColumn(PersistedIndex index, DimensionMetadata meta)
        {
            Schema = new ColumnSchema(meta.Name, meta.Type);
            _values = new NumericValues(index, meta.Type, meta.Values, meta.Name);
        }

        public ColumnSchema Schema { get; }

        public bool HasMultipleValues => false;

        public int Cardinality => 0;

        public bool IsDictionarySorted => false;

        public string? GetValue(int id) => throw NotStrings();

        public int GetId(string? value) => throw NotStrings();

        public void ReadIds(int startRow, Span<int> destination) => throw NotStrings();

        public ReadOnlySpan<int> GetRowIds(int row) => throw NotStrings();

        public void ReadLongs(int startRow, Span<long> destination) => _values.ReadLongs(startRow, destination);

        public void ReadDoubles(int startRow, Span<double> destination) => _values.ReadDoubles(startRow, destination);

        private InvalidOperationException NotStrings() => new($"Dimension '{Schema.Name}' is {Schema.Type}, not a string dimension.");
    }

    /// <summary>A raw little-endian long, float or double column.</summary>
    private sealed class NumericValues
    {
        private readonly PersistedIndex _index;
        private readonly ColumnType _type;
        private readonly Section _section;

        public NumericValues(PersistedIndex index, ColumnType type, Section? section, string column)
        {
            _index = index;
            _type = type;
            _section = index.Check(section, type == ColumnType.Float ? sizeof(float) : sizeof(long), index.RowCount, column);
        }

        public void ReadLongs(int startRow, Span<long> destination)
        {
            switch (_type)
            {
                case ColumnType.Long:
                    _index.Slice<long>(_section, startRow, destination.Length).CopyTo(destination);
                    break;
                case ColumnType.Double:
                    Convert(_index.Slice<double>(_section, startRow, destination.Length), destination, static d => NumericInput.Truncate(d));
                    break;
                default:
                    Convert(_index.Slice<float>(_section, startRow, destination.Length), destination, static f => NumericInput.Truncate(f));
                    break;
            }
        }

        public void ReadDoubles(int startRow, Span<double> destination)
        {
            switch (_type)
            {
                case ColumnType.Long:
                    Convert(_index.Slice<long>(_section, startRow, destination.Length), destination, static l => (double)l);
                    break;
                case ColumnType.Double:
                    _index.Slice<double>(_section, startRow, destination.Length).CopyTo(destination);
                    break;
                default:
                    Convert(_index.Slice<float>(_section, startRow, destination.Length), destination, static f => (double)f);
                    break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> destination, Func<TFrom, TTo> convert)
        {
            for (var i = 0; i < source.Length; i++)
            {
                destination[i] = convert(source[i]);
            }
        }
    }
}
