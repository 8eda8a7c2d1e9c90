using System.Globalization;
using System.Text;
using Realtime.Core.Sql;

namespace Realtime.Core.Tests.Sql.Differential;

/// <summary>
/// Compares SQL result rows from two evaluations: numbers by value (a long and an integral double are equal, doubles
/// within a relative 1e-9), booleans as 1 and 0, text ordinally, null only with null.
/// </summary>
internal static class SqlRows
{
    private const double RelativeTolerance = 1e-9;

    /// <summary>A value reduced to null, <see cref="string"/>, <see cref="long"/> or <see cref="double"/>.</summary>
    public static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        bool b => b ? 1L : 0L,
        long or string or double => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        float f => (double)f,
        decimal d => (double)d,
        string?[] values => "[" + string.Join(",", values.Select(v => v ?? "null")) + "]",
        _ => value,
    };

    /// <summary>Whether two values are equal as this comparer sees them.</summary>
    public static bool ValuesEqual(object? expected, object? actual)
    {
        expected = Normalize(expected);
        actual = Normalize(actual);
        return (expected, actual) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (long a, long b) => a == b,
            (long or double, long or double) => NumbersClose(Convert.ToDouble(expected, CultureInfo.InvariantCulture), Convert.ToDouble(actual, CultureInfo.InvariantCulture)),
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            _ => Equals(expected, actual),
        };
    }

    /// <summary>Whether two rows are equal value by value.</summary>
    public static bool RowsEqual(IReadOnlyList<object?> expected, IReadOnlyList<object?> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => ValuesEqual(p.First, p.Second));

    /// <summary>
    /// Null when <paramref name="actual"/> holds the rows of <paramref name="expected"/> (in the same order when
    /// <paramref name="ordered"/>, else as multisets); otherwise a description of the first difference.
    /// </summary>
    public static string? Difference(IReadOnlyList<IReadOnlyList<object?>> expected, IReadOnlyList<IReadOnlyList<object?>> actual, bool ordered)
    {
        var e = ordered ? expected : [.. expected.OrderBy(Key, StringComparer.Ordinal)];
        var a = ordered ? actual : [.. actual.OrderBy(Key, StringComparer.Ordinal)];
        for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
        {
            if (!RowsEqual(e[i], a[i]))
            {
                return $"{(ordered ? "" : "sorted ")}row {i} differs: expected {Format(e[i])}, actual {Format(a[i])} ({e.Count} rows expected, {a.Count} actual)";
            }
        }

        if (e.Count != a.Count)
        {
            var extra = e.Count > a.Count ? $"first missing row {Format(e[a.Count])}" : $"first unexpected row {Format(a[e.Count])}";
            return $"{e.Count} rows expected, {a.Count} actual; {extra}";
        }

        return null;
    }

    /// <summary>
    /// Null when every value of <paramref name="result"/> has the .NET type its column's SQL type promises
    /// (VARCHAR text, BIGINT/TIMESTAMP/DATE long, DOUBLE/FLOAT double, BOOLEAN bool); otherwise the first that does not.
    /// </summary>
    public static string? TypeViolation(SqlResult result)
    {
        foreach (var row in result.Rows)
        {
            for (var i = 0; i < result.Columns.Count && i < row.Length; i++)
            {
                var column = result.Columns[i];
                var fits = row[i] switch
                {
                    null => true,
                    string or string?[] => column.Type == SqlColumnType.Varchar,
                    long => column.Type is SqlColumnType.Bigint or SqlColumnType.Timestamp or SqlColumnType.Date,
                    double => column.Type is SqlColumnType.Double or SqlColumnType.Float,
                    bool => column.Type == SqlColumnType.Boolean,
                    _ => column.Type is SqlColumnType.Array or SqlColumnType.Other,
                };
                if (!fits)
                {
                    return $"column {column.Name} is {column.Type.SqlName()} but holds {FormatValue(row[i])} ({row[i]!.GetType().Name}) in row {Format(row)}";
                }
            }
        }

        return null;
    }

    /// <summary>A row as text for messages, with each value's type.</summary>
    public static string Format(IReadOnlyList<object?> row) => "[" + string.Join(", ", row.Select(FormatValue)) + "]";

    /// <summary>The rows as text for messages.</summary>
    public static string FormatRows(IEnumerable<IReadOnlyList<object?>> rows) => string.Join("\n", rows.Select(Format));

    private static string FormatValue(object? value) => value switch
    {
        null or DBNull => "null",
        string s => $"'{s}'",
        string?[] values => "[" + string.Join(",", values.Select(v => v is null ? "null" : $"'{v}'")) + "]",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A sort key that puts equal rows (numbers compared to ten significant digits) next to each other.</summary>
    private static string Key(IReadOnlyList<object?> row)
    {
        var key = new StringBuilder();
        foreach (var value in row.Select(Normalize))
        {
            key.Append(value switch
            {
                null => "\u0000N",
                long l => "\u0001" + ((double)l).ToString("G10", CultureInfo.InvariantCulture),
                double d => "\u0001" + d.ToString("G10", CultureInfo.InvariantCulture),
                string s => "\u0002" + s,
                _ => "\u0003" + value,
            }).Append('\u001f');
        }

        return key.ToString();
    }

    private static bool NumbersClose(double a, double b) =>
        a.Equals(b) || Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));
}
