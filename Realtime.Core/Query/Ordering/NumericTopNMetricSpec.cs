namespace Realtime.Core.Query.Ordering;

/// <summary>The <c>numeric</c> topN metric spec: rows ranked by a metric, highest first.</summary>
public sealed class NumericTopNMetricSpec : TopNMetricSpec
{
    /// <summary>The aggregator or post-aggregator to rank by.</summary>
    public string Metric { get; init; } = "";

    /// <inheritdoc />
    public override string? MetricName => Metric;

    /// <inheritdoc />
    public override IComparer<ResultRow> CreateComparer(string dimension, QueryColumns columns)
    {
        if (!columns.Metrics.TryGetValue(Metric, out var comparer))
        {
            throw new ArgumentException($"metric '{Metric}' is not an aggregator or post-aggregator of the query.");
        }

        return Comparer<ResultRow>.Create((x, y) => comparer.Compare(y.Values.GetValueOrDefault(Metric), x.Values.GetValueOrDefault(Metric)));
    }
}
