using System.Globalization;
using System.Text;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Index;

/// <summary>One stored row as plain values, for tests and diagnostics.</summary>
/// <param name="Timestamp">The stored (truncated) time in epoch milliseconds.</param>
/// <param name="Dimensions">Per dimension: a string (or null), a string array for several values, or a long/float/double.</param>
/// <param name="Metrics">Per metric: a long, float or double, or the complex state (a sketch).</param>
internal sealed record IndexRow(long Timestamp, IReadOnlyDictionary<string, object?> Dimensions, IReadOnlyDictionary<string, object?> Metrics)
{
    /// <summary>The row as one line: time, dimensions in column order, then metrics; stable for comparisons.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(DateTimes.Format(Timestamp));
        foreach (var (name, value) in Dimensions)
        {
            text.Append(' ').Append(name).Append('=').Append(Format(value));
        }

        text.Append(" |");
        foreach (var (name, value) in Metrics)
        {
            text.Append(' ').Append(name).Append('=').Append(Format(value));
        }

        return text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string[] values => "[" + string.Join(",", values.Select(v => v ?? "null")) + "]",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>Reads every row of an index as plain values (under its read lock).</summary>
internal static class IndexRows
{
    /// <summary>The rows of <paramref name="index"/> in stored order.</summary>
    public static IReadOnlyList<IndexRow> Read(IQueryableIndex index)
    {
        using var lease = index.LockForRead();
        var count = index.RowCount;
        var times = new long[count];
        index.ReadTimestamps(0, times);
        var dimensions = index.Dimensions.Select(d => (d, ReadDimension(index.GetDimension(d.Name)!, count))).ToArray();
        var metrics = index.Metrics.Select(m => (m, ReadMetric(index.GetMetric(m.Name)!, count))).ToArray();
        var rows = new IndexRow[count];
        for (var row = 0; row < count; row++)
        {
            var dims = new Dictionary<string, object?>(dimensions.Length);
            foreach (var (schema, values) in dimensions)
            {
                dims[schema.Name] = values[row];
            }

            var mets = new Dictionary<string, object?>(metrics.Length);
            foreach (var (schema, values) in metrics)
            {
                mets[schema.Name] = values[row];
            }

            rows[row] = new IndexRow(times[row], dims, mets);
        }

        return rows;
    }

    private static object?[] ReadDimension(IDimensionColumn column, int count)
    {
        var values = new object?[count];
        switch (column.Schema.Type)
        {
            case ColumnType.String:
                for (var row = 0; row < count; row++)
                {
                    var ids = column.GetRowIds(row);
                    values[row] = ids.Length switch
                    {
                        0 => null,
                        1 => column.GetValue(ids[0]),
                        _ => ids.ToArray().Select(column.GetValue).ToArray(),
                    };
                }

                break;
            default:
                ReadNumbers(column.Schema.Type, column.ReadLongs, column.ReadDoubles, values);
                break;
        }

        return values;
    }

    private static object?[] ReadMetric(IMetricColumn column, int count)
    {
        var values = new object?[count];
        switch (column.Schema.Type)
        {
            case ColumnType.Complex:
                for (var row = 0; row < count; row++)
                {
                    values[row] = column.GetComplex(row);
                }

                break;
            default:
                ReadNumbers(column.Schema.Type, column.ReadLongs, column.ReadDoubles, values);
                break;
        }

        return values;
    }

    /// <summary>Reads a numeric column as boxed longs, floats or doubles, by its stored type.</summary>
    private static void ReadNumbers(ColumnType type, ReadSpan<long> readLongs, ReadSpan<double> readDoubles, object?[] values)
    {
        if (type == ColumnType.Long)
        {
            var longs = new long[values.Length];
            readLongs(0, longs);
            for (var row = 0; row < values.Length; row++)
            {
                values[row] = longs[row];
            }

            return;
        }

        var doubles = new double[values.Length];
        readDoubles(0, doubles);
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = type == ColumnType.Float ? (float)doubles[row] : doubles[row];
        }
    }

    private delegate void ReadSpan<T>(int startRow, Span<T> destination);
}
