using System.Text;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Samples.CustomPlumber;

/// <summary>
/// Writes an index's rows as CSV: a header, then one line per stored row with its time (ISO-8601), dimensions and
/// metrics in column order.
/// </summary>
/// <remarks>
/// UTF-8 without a byte order mark, <c>\n</c> line ends, fields quoted as RFC 4180 says when they hold a comma, a
/// quote or a line break. A row without a value has an empty field; several values of a multi-value dimension are
/// joined with <c>|</c>. Complex metrics (sketches) have no plain value and are left out.
/// </remarks>
internal static class CsvSegmentWriter
{
    /// <summary>The separator of the values of a multi-value dimension within one field.</summary>
    public const char MultiValueSeparator = '|';

    /// <summary>Writes <paramref name="index"/> to <paramref name="path"/> through a temporary file, so a reader never sees half a file.</summary>
    public static void Write(IQueryableIndex index, string path)
    {
        using var read = index.LockForRead();
        var count = index.RowCount;
        var times = new long[count];
        index.ReadTimestamps(0, times);
        var columns = index.Dimensions.Select(d => (d.Name, Values: DimensionCells(index.GetDimension(d.Name)!, count)))
            .Concat(index.Metrics.Where(m => m.Type != ColumnType.Complex).Select(m => (m.Name, Values: MetricCells(index.GetMetric(m.Name)!, count))))
            .ToList();

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.NewLine = "\n";
            writer.WriteLine(string.Join(',', columns.Select(c => c.Name).Prepend("timestamp").Select(Quote)));
            for (var row = 0; row < count; row++)
            {
                writer.WriteLine(string.Join(',', columns.Select(c => Quote(c.Values(row))).Prepend(DateTimes.Format(times[row]))));
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static Func<int, string?> DimensionCells(IDimensionColumn column, int count)
    {
        if (column.Schema.Type != ColumnType.String)
        {
            return NumericCells(column.Schema.Type, count, values => column.ReadLongs(0, values), values => column.ReadDoubles(0, values));
        }

        return row =>
        {
            var values = new List<string?>();
            foreach (var id in column.GetRowIds(row))
            {
                values.Add(column.GetValue(id));
            }

            return string.Join(MultiValueSeparator, values);
        };
    }

    private static Func<int, string?> MetricCells(IMetricColumn column, int count) =>
        NumericCells(column.Schema.Type, count, values => column.ReadLongs(0, values), values => column.ReadDoubles(0, values));

    private static Func<int, string?> NumericCells(ColumnType type, int count, Action<long[]> readLongs, Action<double[]> readDoubles)
    {
        if (type == ColumnType.Long)
        {
            var longs = new long[count];
            readLongs(longs);
            return row => DimensionValues.ToText(longs[row]);
        }

        var doubles = new double[count];
        readDoubles(doubles);
        return type == ColumnType.Float ? row => DimensionValues.ToText((float)doubles[row]) : row => DimensionValues.ToText(doubles[row]);
    }

    private static string Quote(string? field) =>
        field is null ? "" : field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
