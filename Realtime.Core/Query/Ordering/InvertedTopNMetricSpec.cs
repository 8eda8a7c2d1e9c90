namespace Realtime.Core.Query.Ordering;

/// <summary>
/// The <c>inverted</c> topN metric spec: the ranking of <see cref="Metric"/> reversed (lowest metric first, or
/// dimension values descending). Rows without the ranked value come last for a metric, first for a dimension;
/// equal metric values still order by the dimension value ascending.
/// </summary>
public sealed class InvertedTopNMetricSpec : TopNMetricSpec
{
    /// <summary>The spec whose order is reversed.</summary>
    public required TopNMetricSpec Metric { get; init; }

    /// <inheritdoc />
    public override string? MetricName => Metric.MetricName;

    /// <inheritdoc />
    public override bool RanksByDimension => Metric.RanksByDimension;

    /// <inheritdoc />
    public override IComparer<object?> CreateValueComparer(QueryColumns columns)
    {
        var inner = Metric.CreateValueComparer(columns);

        // Druid reverses the delegate with no value ordered last, so no value ends up first.
        return Comparer<object?>.Create((x, y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            _ => inner.Compare(y, x),
        });
    }

    /// <summary>With a <c>dimension</c> spec's <c>previousStop</c>, accepts values before it in that spec's ordering (after it once reversed).</summary>
    public override bool Accepts(string? dimensionValue) => Metric switch
    {
        InvertedTopNMetricSpec twice => twice.Metric.Accepts(dimensionValue),
        DimensionTopNMetricSpec { PreviousStop: { } stop } dimension => dimensionValue is not null && dimension.Ordering.Compare(dimensionValue, stop) < 0,
        _ => Metric.Accepts(dimensionValue),
    };
}
