namespace Realtime.Core.Values;

/// <summary>Druid's default null handling for query values: the empty text and null are the same value, written null.</summary>
internal static class EmptyText
{
    /// <summary>Null for an empty text; any other text unchanged.</summary>
    public static string? ToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
