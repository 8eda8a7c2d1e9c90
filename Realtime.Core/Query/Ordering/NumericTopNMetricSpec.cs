using System.Text.Json.Serialization;

namespace Realtime.Core.Query.Ordering;

/// <summary>
/// The <c>numeric</c> topN metric spec: rows ranked by a metric, highest first; rows with equal values by the
/// dimension value ascending.
/// </summary>
public sealed class NumericTopNMetricSpec : TopNMetricSpec
{
    /// <summary>The aggregator or post-aggregator to rank by.</summary>
    [JsonRequired]
    public string Metric { get; init; } = "";

    /// <inheritdoc />
    public override string? MetricName => Metric;

    /// <inheritdoc />
    public override bool RanksByDimension => false;

    /// <inheritdoc />
    public override IComparer<object?> CreateValueComparer(QueryColumns columns) =>
        columns.Metrics.TryGetValue(Metric, out var comparer)
            ? comparer
            : throw new ArgumentException($"topN metric '{Metric}' is not an aggregator or post-aggregator of the query.");
}
