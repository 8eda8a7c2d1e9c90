using Realtime.Core.Query.PostAggregation;

namespace Realtime.Core.Query;

/// <summary>
/// Orders result values of any kind: null first, then numbers by value (<see cref="NumericValueComparer"/>), then
/// text ordinally. <see cref="NumericFirst"/> is Druid's <c>numericFirst</c> ordering of post-aggregators.
/// </summary>
public sealed class ValueOrdering : IComparer<object?>
{
    private readonly bool _finiteAfterOtherNumbers;

    private ValueOrdering(string? name, bool finiteAfterOtherNumbers)
    {
        Name = name;
        _finiteAfterOtherNumbers = finiteAfterOtherNumbers;
    }

    /// <summary>The default ordering: null, numbers ascending (NaN last), then text.</summary>
    public static ValueOrdering Natural { get; } = new(null, false);

    /// <summary>
    /// Druid's <c>numericFirst</c>: infinite values and NaN sort before finite numbers, so a ranking from the highest
    /// value down lists finite values first, then NaN, then infinities.
    /// </summary>
    public static ValueOrdering NumericFirst { get; } = new("numericFirst", true);

    /// <summary>The ordering's name in a post-aggregator's <c>ordering</c> field; null for <see cref="Natural"/>.</summary>
    public string? Name { get; }

    /// <summary>The ordering a post-aggregator's <c>ordering</c> field names (null is <see cref="Natural"/>), or null when the name is unknown.</summary>
    public static ValueOrdering? FromName(string? name) => name switch
    {
        null => Natural,
        "numericFirst" => NumericFirst,
        _ => null,
    };

    /// <inheritdoc />
    public int Compare(object? x, object? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var dx = NumericValueComparer.ToDouble(x);
        var dy = NumericValueComparer.ToDouble(y);
        if (dx is { } a && dy is { } b)
        {
            if (_finiteAfterOtherNumbers && double.IsFinite(a) != double.IsFinite(b))
            {
                return double.IsFinite(a) ? 1 : -1;
            }

            return NumericValueComparer.Instance.Compare(x, y);
        }

        if (dx is null && dy is null)
        {
            return string.CompareOrdinal(ResultRow.TextOf(x), ResultRow.TextOf(y));
        }

        return dx is null ? 1 : -1;
    }

    /// <inheritdoc />
    public override string ToString() => Name ?? "natural";
}
