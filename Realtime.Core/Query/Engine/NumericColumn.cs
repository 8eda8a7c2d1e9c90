using System.Globalization;
using Realtime.Abstractions.Segments;
using Realtime.Core.Filters;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Reads any column of an index as numbers, the way numeric aggregators see it: metrics and numeric dimensions as
/// stored, <c>__time</c> as epoch milliseconds, string dimensions parsed (0 when a value is not a number), and a
/// missing column as zeros.
/// </summary>
internal abstract class NumericColumn
{
    /// <summary>Copies values as longs (floating values truncated toward zero).</summary>
    public abstract void ReadLongs(int start, Span<long> destination);

    /// <summary>Copies values as doubles.</summary>
    public abstract void ReadDoubles(int start, Span<double> destination);

    /// <summary>Whether the column holds whole numbers.</summary>
    public abstract bool IsIntegral { get; }

    /// <summary>The reader of column <paramref name="name"/> of <paramref name="index"/>.</summary>
    public static NumericColumn Create(IQueryableIndex index, string name)
    {
        if (name == DimensionFilter.TimeColumn)
        {
            return new TimeColumn(index);
        }

        if (index.GetMetric(name) is { } metric && metric.Schema.Type != ColumnType.Complex)
        {
            return new Stored(metric.ReadLongs, metric.ReadDoubles, metric.Schema.Type == ColumnType.Long);
        }

        if (index.GetDimension(name) is { } dimension)
        {
            return dimension.Schema.Type == ColumnType.String
                ? new ParsedStrings(dimension)
                : new Stored(dimension.ReadLongs, dimension.ReadDoubles, dimension.Schema.Type == ColumnType.Long);
        }

        return Zeros.Instance;
    }

    private sealed class Stored(ColumnReader<long> longs, ColumnReader<double> doubles, bool integral) : NumericColumn
    {
        public override bool IsIntegral => integral;

        public override void ReadLongs(int start, Span<long> destination) => longs(start, destination);

        public override void ReadDoubles(int start, Span<double> destination) => doubles(start, destination);
    }

    private sealed class TimeColumn(IQueryableIndex index) : NumericColumn
    {
        private readonly long[] _scratch = new long[RowBatch.Capacity];

        public override bool IsIntegral => true;

        public override void ReadLongs(int start, Span<long> destination) => index.ReadTimestamps(start, destination);

        public override void ReadDoubles(int start, Span<double> destination)
        {
            var longs = _scratch.AsSpan(0, destination.Length);
            index.ReadTimestamps(start, longs);
            for (var i = 0; i < longs.Length; i++)
            {
                destination[i] = longs[i];
            }
        }
    }

    private sealed class ParsedStrings(IDimensionColumn column) : NumericColumn
    {
        private readonly double[] _byId = Parse(column);
        private readonly int[] _ids = new int[RowBatch.Capacity];
        private readonly double[] _scratch = new double[RowBatch.Capacity];

        public override bool IsIntegral => false;

        public override void ReadLongs(int start, Span<long> destination)
        {
            var doubles = _scratch.AsSpan(0, destination.Length);
            ReadDoubles(start, doubles);
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = (long)doubles[i];
            }
        }

        // A row holding several values reads as its first value.
        public override void ReadDoubles(int start, Span<double> destination)
        {
            if (column.HasMultipleValues)
            {
                for (var i = 0; i < destination.Length; i++)
                {
                    var ids = column.GetRowIds(start + i);
                    destination[i] = ids.Length == 0 ? 0 : _byId[ids[0]];
                }

                return;
            }

            var single = _ids.AsSpan(0, destination.Length);
            column.ReadIds(start, single);
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = _byId[single[i]];
            }
        }

        private static double[] Parse(IDimensionColumn column)
        {
            var values = new double[column.Cardinality];
            for (var id = 0; id < values.Length; id++)
            {
                values[id] = double.TryParse(column.GetValue(id), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
            }

            return values;
        }
    }

    private sealed class Zeros : NumericColumn
    {
        public static readonly Zeros Instance = new();

        public override bool IsIntegral => true;

        public override void ReadLongs(int start, Span<long> destination) => destination.Clear();

        public override void ReadDoubles(int start, Span<double> destination) => destination.Clear();
    }
}
