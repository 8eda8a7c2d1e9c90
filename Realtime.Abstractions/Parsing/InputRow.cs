namespace Realtime.Abstractions.Parsing;

/// <summary>One parsed event: a timestamp, the dimensions it carries and its raw field values.</summary>
/// <remarks>Rows are immutable once handed to a plumber; the plumber may keep references to their values.</remarks>
public abstract class InputRow
{
    /// <summary>The event time in UTC epoch milliseconds.</summary>
    public abstract long TimestampMillis { get; }

    /// <summary>The names of the dimensions this row is indexed with, in schema order.</summary>
    public abstract IReadOnlyList<string> Dimensions { get; }

    /// <summary>The raw value of a field (string, long, double, bool, a list of values, or null when absent).</summary>
    public abstract object? GetRaw(string column);

    /// <summary>A field as dimension values: null or missing is no value, a list is a multi-value dimension.</summary>
    public IReadOnlyList<string?> GetDimension(string dimension) => DimensionValues.Of(GetRaw(dimension));
}

/// <summary>Druid's coercion of a raw field to string dimension values.</summary>
public static class DimensionValues
{
    private static readonly string?[] Empty = [];

    /// <summary>Turns a raw value into dimension values: scalars by invariant text, lists element by element.</summary>
    public static IReadOnlyList<string?> Of(object? raw) => raw switch
    {
        null => Empty,
        string s => [s],
        IReadOnlyList<string?> list => list,
        System.Collections.IEnumerable items => items.Cast<object?>().Select(ToText).ToArray(),
        _ => [ToText(raw)],
    };

    /// <summary>The text of a scalar as Druid stores it in a string dimension.</summary>
    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
