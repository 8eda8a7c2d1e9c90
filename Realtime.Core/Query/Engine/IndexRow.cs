using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Filters;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// One stored row of an index seen as an <see cref="InputRow"/>, for the filters that only know how to test rows
/// (for example <c>columnComparison</c>) and for reading raw rows. Move it with <see cref="Row"/>.
/// </summary>
internal sealed class IndexRow(IQueryableIndex index) : InputRow
{
    private readonly long[] _timestamp = new long[1];
    private readonly long[] _long = new long[1];
    private readonly double[] _double = new double[1];
    private readonly int[] _id = new int[1];
    private readonly IReadOnlyList<string> _dimensions = index.Dimensions.Select(d => d.Name).ToArray();
    private int _row;

    /// <summary>The row read.</summary>
    public int Row
    {
        get => _row;
        set
        {
            _row = value;
            index.ReadTimestamps(value, _timestamp);
        }
    }

    /// <inheritdoc />
    public override long TimestampMillis => _timestamp[0];

    /// <inheritdoc />
    public override IReadOnlyList<string> Dimensions => _dimensions;

    /// <inheritdoc />
    public override object? GetRaw(string column)
    {
        if (column == DimensionFilter.TimeColumn)
        {
            return _timestamp[0];
        }

        if (index.GetDimension(column) is { } dimension)
        {
            return ReadDimension(dimension, _row);
        }

        return index.GetMetric(column) is { } metric ? ReadMetric(metric, _row) : null;
    }

    /// <summary>The value of a dimension at a row: text, a list of texts, or a number.</summary>
    public object? ReadDimension(IDimensionColumn dimension, int row)
    {
        if (dimension.Schema.Type != ColumnType.String)
        {
            return ReadNumber(dimension.Schema.Type, dimension.ReadLongs, dimension.ReadDoubles, row);
        }

        if (!dimension.HasMultipleValues)
        {
            dimension.ReadIds(row, _id);
            return Text(dimension, _id[0]);
        }

        var ids = dimension.GetRowIds(row);
        if (ids.Length == 1)
        {
            return Text(dimension, ids[0]);
        }

        var values = new string?[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            values[i] = Text(dimension, ids[i]);
        }

        return values;
    }

    // Queries treat an empty string as no value, as filters and grouping do.
    private static string? Text(IDimensionColumn dimension, int id) => dimension.GetValue(id) is { Length: > 0 } value ? value : null;

    /// <summary>The value of a metric at a row: a number, or an aggregator state for complex metrics.</summary>
    public object? ReadMetric(IMetricColumn metric, int row)
    {
        return metric.Schema.Type == ColumnType.Complex
            ? metric.GetComplex(row)
            : ReadNumber(metric.Schema.Type, metric.ReadLongs, metric.ReadDoubles, row);
    }

    private object ReadNumber(ColumnType type, ColumnReader<long> longs, ColumnReader<double> doubles, int row)
    {
        if (type == ColumnType.Long)
        {
            longs(row, _long);
            return _long[0];
        }

        doubles(row, _double);
        return _double[0];
    }
}
