using System.Globalization;

namespace Realtime.Core.Aggregation;

/// <summary>Druid's coercion of a raw field value to a number, for numeric metrics and typed dimensions.</summary>
internal static class NumericInput
{
    /// <summary>Reads a raw value as a double.</summary>
    /// <returns>Null when the value is a number or absent (<paramref name="present"/> false), else a message naming <paramref name="field"/>.</returns>
    public static string? ReadDouble(object? raw, string field, out double value, out bool present)
    {
        present = true;
        switch (raw)
        {
            case double d:
                value = d;
                return null;
            case long l:
                value = l;
                return null;
            case int i:
                value = i;
                return null;
            case float f:
                value = f;
                return null;
            case string s:
                return ParseText(s, field, out value, out present);
            case null:
                value = 0;
                present = false;
                return null;
            default:
                value = 0;
                present = false;
                return ReadOther(raw, field, ref value, ref present);
        }
    }

    /// <summary>Reads a raw value as a long; fractional inputs are truncated toward zero, as Druid's long aggregators do.</summary>
    /// <returns>Null when the value is a number or absent (<paramref name="present"/> false), else a message naming <paramref name="field"/>.</returns>
    public static string? ReadLong(object? raw, string field, out long value, out bool present)
    {
        switch (raw)
        {
            case long l:
                value = l;
                present = true;
                return null;
            case int i:
                value = i;
                present = true;
                return null;
            case string s when long.TryParse(s.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                value = parsed;
                present = true;
                return null;
        }

        var error = ReadDouble(raw, field, out var d, out present);
        value = Truncate(d);
        return error;
    }

    /// <summary>A double truncated toward zero and clamped to the long range; NaN becomes 0.</summary>
    public static long Truncate(double value) =>
        double.IsNaN(value) ? 0 : value >= 9.2233720368547758E18 ? long.MaxValue : value <= -9.2233720368547758E18 ? long.MinValue : (long)value;

    private static string? ParseText(string text, string field, out double value, out bool present)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            value = 0;
            present = false;
            return null;
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            present = true;
            return null;
        }

        present = false;
        return $"field '{field}': '{Shorten(text)}' is not a number";
    }

    private static string? ReadOther(object raw, string field, ref double value, ref bool present)
    {
        switch (raw)
        {
            case short or byte or sbyte or ushort or uint or ulong or decimal:
                value = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                present = true;
                return null;
            case System.Collections.IEnumerable:
                return $"field '{field}': a list of values cannot be aggregated as a number";
            default:
                return $"field '{field}': '{Shorten(Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "")}' is not a number";
        }
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
