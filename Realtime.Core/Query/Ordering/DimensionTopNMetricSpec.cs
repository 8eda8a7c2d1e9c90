using Realtime.Core.Values;

namespace Realtime.Core.Query.Ordering;

/// <summary>
/// The <c>dimension</c> topN metric spec: rows ranked by the dimension value in <see cref="Ordering"/>, ascending,
/// no value first; values up to and including <see cref="PreviousStop"/> are dropped, for paging through values.
/// </summary>
public class DimensionTopNMetricSpec : TopNMetricSpec
{
    /// <summary>Creates the spec with <c>lexicographic</c> ordering unless the JSON names another.</summary>
    public DimensionTopNMetricSpec()
        : this(StringOrdering.Lexicographic)
    {
    }

    /// <summary>Creates the spec with <paramref name="ordering"/> unless the JSON names another.</summary>
    protected DimensionTopNMetricSpec(StringOrdering ordering) => Ordering = ordering;

    /// <summary>How dimension values compare.</summary>
    public StringOrdering Ordering { get; init; }

    /// <summary>The last value of the previous page: only values after it are ranked; null for the first page.</summary>
    public string? PreviousStop { get; init; }

    /// <inheritdoc />
    public override string? MetricName => null;

    /// <inheritdoc />
    public override bool RanksByDimension => true;

    /// <inheritdoc />
    public override IComparer<object?> CreateValueComparer(QueryColumns columns) =>
        Comparer<object?>.Create((x, y) => Ordering.Compare(ResultRow.TextOf(x), ResultRow.TextOf(y)));

    /// <summary>True when there is no <see cref="PreviousStop"/> or the value comes strictly after it in <see cref="Ordering"/>.</summary>
    public override bool Accepts(string? dimensionValue) => PreviousStop is null || Ordering.Compare(dimensionValue, PreviousStop) > 0;
}

/// <summary>The older <c>lexicographic</c> topN metric spec: a <c>dimension</c> spec with lexicographic ordering.</summary>
public sealed class LexicographicTopNMetricSpec : DimensionTopNMetricSpec;

/// <summary>The older <c>alphaNumeric</c> topN metric spec: a <c>dimension</c> spec with alphanumeric ordering.</summary>
public sealed class AlphaNumericTopNMetricSpec : DimensionTopNMetricSpec
{
    /// <summary>Creates the spec with alphanumeric ordering.</summary>
    public AlphaNumericTopNMetricSpec()
        : base(StringOrdering.Alphanumeric)
    {
    }
}
