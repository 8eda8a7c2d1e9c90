using System.Globalization;
using Realtime.Abstractions.Time;
using Realtime.Core.Parsing;
using Realtime.Core.Sql.Syntax;
using Realtime.Core.Time;
using Realtime.Core.Values;

namespace Realtime.Core.Sql.Functions;

internal static partial class SqlValues
{
    /// <summary>
    /// <c>CAST(value AS to)</c> as Druid does it; null stays null and a value that cannot be read gives null.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>To integers (all of BIGINT, INTEGER, SMALLINT, TINYINT are 64-bit, nothing narrows): text is read as an
    /// integer or a decimal number truncated toward zero; a double truncates toward zero (NaN and infinities give null);
    /// a boolean gives 1 or 0; a timestamp its epoch milliseconds.</item>
    /// <item>To DOUBLE, FLOAT, REAL, DECIMAL: text is read as a number; a timestamp gives its milliseconds.</item>
    /// <item>To BOOLEAN: a number is true when not zero; text <c>true</c>/<c>false</c> (any case) or a number.</item>
    /// <item>To VARCHAR: TIMESTAMP prints <c>yyyy-MM-dd HH:mm:ss</c> (with <c>.SSS</c> when there are milliseconds) and
    /// DATE <c>yyyy-MM-dd</c>, in <paramref name="zone"/>; doubles print as Java does (<c>1.0</c>, <c>1.0E10</c>);
    /// booleans print <c>true</c>/<c>false</c>; a multi-value stays multi-value; an array becomes a multi-value of its elements' text.</item>
    /// <item>To TIMESTAMP: text is read as <c>yyyy-MM-dd[ HH:mm:ss[.SSS]]</c> or ISO 8601 in <paramref name="zone"/>
    /// (unless it carries an offset); numbers are epoch milliseconds. To DATE: the same, floored to the day in <paramref name="zone"/>.</item>
    /// <item>A multi-value cast to anything but VARCHAR is its only element, or null when it has none or several.</item>
    /// </list>
    /// </remarks>
    public static object? Cast(object? value, SqlColumnType from, SqlTypeName to, TimeZoneInfo zone)
    {
        var target = TypeOf(to);
        if (value is string?[] many && target != SqlColumnType.Varchar)
        {
            return many.Length == 1 ? Cast(many[0], SqlColumnType.Varchar, to, zone) : null;
        }

        return value is null ? null : target switch
        {
            SqlColumnType.Varchar => ToText(value, from, zone),
            SqlColumnType.Bigint => value switch
            {
                string s => FilterNumbers.TryLong(s.Trim(), out var l) ? l : FilterNumbers.TryDouble(s.Trim(), out var d) ? Truncate(d) : null,
                double d => Truncate(d),
                _ => ToLong(value),
            },
            SqlColumnType.Double or SqlColumnType.Float => value is string s
                ? FilterNumbers.TryDouble(s.Trim(), out var d) ? d : null
                : ToDouble(value),
            SqlColumnType.Boolean => value is string ? ParseBoolean((string)value) : Truth(value),
            SqlColumnType.Timestamp => ToTimestamp(value, zone),
            _ => ToTimestamp(value, zone) is long millis ? FloorToDay(millis, zone) : null,
        };
    }

    /// <summary>
    /// Widens a value of <paramref name="from"/> to <paramref name="to"/> (a type from <see cref="CommonType"/>):
    /// integers and booleans to doubles, booleans to 1 and 0, dates to timestamps (the same milliseconds).
    /// </summary>
    public static object? Coerce(object? value, SqlColumnType from, SqlColumnType to) => value switch
    {
        null => null,
        _ when from == to => value,
        bool b when to == SqlColumnType.Bigint => b ? 1L : 0L,
        long or bool when to is SqlColumnType.Double or SqlColumnType.Float => ToDouble(value),
        _ => value,
    };

    /// <summary>
    /// Reads <c>yyyy-MM-dd</c>, <c>yyyy-MM-dd HH:mm[:ss[.SSS]]</c> or ISO 8601 (<c>T</c> between date and time, an optional
    /// <c>Z</c> or offset) as epoch milliseconds; a text without offset is a wall-clock time in <paramref name="zone"/>.
    /// Null when the text is not such a time.
    /// </summary>
    public static object? ParseTimestamp(string text, TimeZoneInfo zone)
    {
        var trimmed = text.AsSpan().Trim();
        if (!IsoTimestamp.TryParse(trimmed, allowSpace: true, out var millis))
        {
            return null;
        }

        return HasOffset(trimmed) || zone == TimeZoneInfo.Utc
            ? millis
            : TimeZones.LocalToUtcMillis(DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime, zone);
    }

    /// <summary>Prints epoch milliseconds as <c>yyyy-MM-ddTHH:mm:ss.SSSZ</c> in UTC, the result writers' format.</summary>
    public static string FormatTimestamp(long millis) => DateTimes.Format(millis);

    /// <summary>The text of a number, boolean or text value, as <c>CAST(x AS VARCHAR)</c> prints it (a long as digits).</summary>
    internal static string Text(object value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => JavaDouble(d),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    /// <summary>A value as text for a function taking text: TIMESTAMP and DATE printed as <c>CAST</c> prints them, multi-values kept.</summary>
    internal static object ToText(object value, SqlColumnType from, TimeZoneInfo zone) => (value, from) switch
    {
        (string?[], _) => value,
        (object?[] array, _) => array.Select(e => e is null ? null : Text(e)).ToArray(),
        (long millis, SqlColumnType.Timestamp) => PrintTimestamp(millis, zone),
        (long millis, SqlColumnType.Date) => PrintDate(millis, zone),
        _ => Text(value),
    };

    /// <summary>The instant's wall-clock time in <paramref name="zone"/>.</summary>
    internal static DateTime ToLocal(long millis, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime, zone);

    /// <summary>Midnight of the instant's day in <paramref name="zone"/>.</summary>
    internal static long FloorToDay(long millis, TimeZoneInfo zone) => TimeZones.LocalToUtcMillis(ToLocal(millis, zone).Date, zone);

    private static string PrintTimestamp(long millis, TimeZoneInfo zone)
    {
        var local = ToLocal(millis, zone);
        return local.ToString(local.Millisecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
    }

    private static string PrintDate(long millis, TimeZoneInfo zone) => ToLocal(millis, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool HasOffset(ReadOnlySpan<char> text) =>
        text.Length > 10 && (text[^1] is 'Z' or 'z' || text[10..].IndexOfAny('+', '-') >= 0);

    private static object? ToTimestamp(object value, TimeZoneInfo zone) => value switch
    {
        string s => ParseTimestamp(s, zone),
        double d => Truncate(d),
        bool => null,
        _ => ToLong(value),
    };

    private static object? Truncate(double d) => double.IsFinite(d) && d >= long.MinValue && d < 9.2233720368547758E18 ? (long)Math.Truncate(d) : null;

    private static object? ParseBoolean(string text)
    {
        var trimmed = text.Trim();
        if (bool.TryParse(trimmed, out var b))
        {
            return b;
        }

        return FilterNumbers.TryDouble(trimmed, out var d) ? d != 0 : null;
    }

    /// <summary>Java's <c>Double.toString</c>: <c>1.0</c>, <c>0.001</c>, <c>1.0E7</c>, <c>1.0E-4</c>, <c>NaN</c>, <c>Infinity</c>.</summary>
    private static string JavaDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        var magnitude = Math.Abs(d);
        if (magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7))
        {
            var plain = d.ToString("R", CultureInfo.InvariantCulture);
            return plain.Contains('.') ? plain : plain + ".0";
        }

        var scientific = d.ToString("0.################E0", CultureInfo.InvariantCulture);
        var e = scientific.IndexOf('E');
        return scientific.AsSpan(0, e).Contains('.') ? scientific : scientific.Insert(e, ".0");
    }
}
