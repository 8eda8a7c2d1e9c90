using System.Globalization;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Expressions;

/// <summary>The type of an expression value.</summary>
public enum ExprType
{
    /// <summary>A 64-bit integer.</summary>
    Long,

    /// <summary>A 64-bit floating-point number.</summary>
    Double,

    /// <summary>Text, possibly null (the type of absent values).</summary>
    String,
}

/// <summary>
/// A value of Druid's expression language: a long, a double or a string (which may be null). Conversions follow
/// Druid's default null handling: null and text that is not a number count as 0 in arithmetic.
/// </summary>
public readonly struct ExprValue
{
    private readonly long _long;
    private readonly double _double;
    private readonly string? _string;

    private ExprValue(ExprType type, long l, double d, string? s)
    {
        Type = type;
        _long = l;
        _double = d;
        _string = s;
    }

    /// <summary>The null value (typed as a string).</summary>
    public static ExprValue Null { get; } = new(ExprType.String, 0, 0, null);

    /// <summary>The value's type.</summary>
    public ExprType Type { get; }

    /// <summary>Whether the value is a null string.</summary>
    public bool IsNull => Type == ExprType.String && _string is null;

    /// <summary>A long value.</summary>
    public static ExprValue Of(long value) => new(ExprType.Long, value, 0, null);

    /// <summary>A double value.</summary>
    public static ExprValue Of(double value) => new(ExprType.Double, 0, value, null);

    /// <summary>A string value; null is the null value.</summary>
    public static ExprValue Of(string? value) => new(ExprType.String, 0, 0, value);

    /// <summary>A comparison or logical result: 1 or 0 as a long, or 1.0 or 0.0 when <paramref name="asDouble"/>.</summary>
    public static ExprValue Of(bool value, bool asDouble = false) => asDouble ? Of(value ? 1.0 : 0.0) : Of(value ? 1L : 0L);

    /// <summary>
    /// Converts a raw row value: strings, integers, floating-point numbers and null map to their types; booleans
    /// to the text <c>true</c>/<c>false</c>; a list of one value to that value, an empty list to null, a longer list to text like <c>[a, b]</c>.
    /// </summary>
    public static ExprValue FromObject(object? raw) => raw switch
    {
        null => Null,
        string s => Of(s),
        long l => Of(l),
        int or short or byte or sbyte or uint or ushort => Of(Convert.ToInt64(raw, CultureInfo.InvariantCulture)),
        double d => Of(d),
        float or decimal => Of(Convert.ToDouble(raw, CultureInfo.InvariantCulture)),
        _ => DimensionValues.Of(raw) switch
        {
            { Count: 0 } => Null,
            { Count: 1 } one => Of(one[0]),
            var many => Of($"[{string.Join(", ", many)}]"),
        },
    };

    /// <summary>The value as a row value: a boxed long or double, a string, or null.</summary>
    public object? ToObject() => Type switch
    {
        ExprType.Long => _long,
        ExprType.Double => _double,
        _ => _string,
    };

    /// <summary>True for a positive number or the text <c>true</c> (any case).</summary>
    public bool AsBoolean() => Type switch
    {
        ExprType.Long => _long > 0,
        ExprType.Double => _double > 0,
        _ => string.Equals(_string, "true", StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>The value as a long; doubles are truncated, text is parsed, and null or other text is 0.</summary>
    public long AsLong() => Type switch
    {
        ExprType.Long => _long,
        ExprType.Double => (long)_double,
        _ => TryParseLong(_string, out var l) ? l : 0,
    };

    /// <summary>The value as a double; text is parsed, and null or other text is 0.</summary>
    public double AsDouble() => Type switch
    {
        ExprType.Long => _long,
        ExprType.Double => _double,
        _ => TryParseDouble(_string, out var d) ? d : 0,
    };

    /// <summary>The value as text; numbers in invariant form.</summary>
    public string? AsString() => Type switch
    {
        ExprType.Long => _long.ToString(CultureInfo.InvariantCulture),
        ExprType.Double => DimensionValues.ToText(_double),
        _ => _string,
    };

    /// <inheritdoc />
    public override string ToString() => IsNull ? "null" : Type == ExprType.String ? $"'{_string}'" : AsString()!;

    /// <summary>Parses an integer, or a number with a fraction truncated to an integer.</summary>
    internal static bool TryParseLong(string? text, out long value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (TryParseDouble(text, out var d) && d >= long.MinValue && d <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>Parses a finite number.</summary>
    internal static bool TryParseDouble(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
