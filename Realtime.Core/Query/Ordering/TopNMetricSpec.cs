using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;

namespace Realtime.Core.Query.Ordering;

/// <summary>
/// A topN query's <c>metric</c>: how the per-value rows are ranked (<c>numeric</c>, <c>inverted</c>,
/// <c>dimension</c>, and the older <c>lexicographic</c> / <c>alphaNumeric</c>). A plain JSON string is a <c>numeric</c>
/// spec on that metric.
/// </summary>
/// <remarks>Instances are immutable once deserialized and may be shared between threads.</remarks>
[ComponentSlot("topNMetricSpec")]
public abstract class TopNMetricSpec : IShorthandComponent<TopNMetricSpec>
{
    /// <summary>The metric column the ranking reads, or null when it ranks by the dimension value.</summary>
    [JsonIgnore]
    public abstract string? MetricName { get; }

    /// <summary>
    /// Whether rows are ranked by the dimension value, ascending in <see cref="CreateValueComparer"/>'s order;
    /// otherwise by <see cref="MetricName"/>'s value, highest first, ties broken by the dimension value ascending.
    /// </summary>
    [JsonIgnore]
    public abstract bool RanksByDimension { get; }

    /// <summary>Druid's comparator of the ranked values (metric or dimension values), in ascending sense.</summary>
    /// <exception cref="ArgumentException">The spec names a metric the query does not have.</exception>
    public abstract IComparer<object?> CreateValueComparer(QueryColumns columns);

    /// <summary>Orders rows best first; <paramref name="dimension"/> is the output name holding the dimension value.</summary>
    /// <exception cref="ArgumentException">The spec names a metric the query does not have.</exception>
    public IComparer<ResultRow> CreateComparer(string dimension, QueryColumns columns)
    {
        var values = CreateValueComparer(columns);
        if (RanksByDimension)
        {
            return Comparer<ResultRow>.Create((x, y) => values.Compare(x.Values.GetValueOrDefault(dimension), y.Values.GetValueOrDefault(dimension)));
        }

        var metric = MetricName!;
        return Comparer<ResultRow>.Create((x, y) =>
        {
            var result = values.Compare(y.Values.GetValueOrDefault(metric), x.Values.GetValueOrDefault(metric));
            return result != 0 ? result : ValueOrdering.Natural.Compare(x.Values.GetValueOrDefault(dimension), y.Values.GetValueOrDefault(dimension));
        });
    }

    /// <summary>Whether a dimension value may appear at all (<c>previousStop</c> drops values up to it).</summary>
    public virtual bool Accepts(string? dimensionValue) => true;

    /// <summary>The <c>numeric</c> spec ranking by <paramref name="value"/>, highest first.</summary>
    public static TopNMetricSpec FromShorthand(string value) => new NumericTopNMetricSpec { Metric = value };
}
