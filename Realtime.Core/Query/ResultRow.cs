using Realtime.Core.Expressions;

namespace Realtime.Core.Query;

/// <summary>
/// One row of a query result while it is combined, ordered and post-processed: its bucket timestamp and its
/// named values (dimension output names, aggregator and post-aggregator names).
/// </summary>
/// <remarks>
/// Aggregated values are numbers or aggregator states (for example a HyperLogLog collector) until the result is
/// finalized; a missing dimension value is null.
/// </remarks>
public sealed class ResultRow(long timestampMillis, Dictionary<string, object?> values)
{
    /// <summary>The start of the row's time bucket, in epoch milliseconds.</summary>
    public long TimestampMillis { get; } = timestampMillis;

    /// <summary>The row's values by output name.</summary>
    public Dictionary<string, object?> Values { get; } = values;

    /// <summary>
    /// A value as dimension text: numbers in invariant form, a list of one value as that value, a longer list as
    /// <c>[a, b]</c>; null for no value, an empty list or empty text.
    /// </summary>
    public static string? TextOf(object? value)
    {
        var text = ExprValue.FromObject(value).AsString();
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
