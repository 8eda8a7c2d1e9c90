using Realtime.Abstractions.Components;
using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// A query's post-aggregator: computes a value from a result row's aggregated values (and earlier post-aggregators),
/// after partial results are combined.
/// </summary>
/// <remarks>Instances are immutable once deserialized and may be shared between threads.</remarks>
[ComponentSlot("postAggregator")]
public abstract class PostAggregator
{
    /// <summary>The output name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The aggregator and post-aggregator names the value depends on.</summary>
    public abstract IReadOnlySet<string> DependentFields { get; }

    /// <summary>How values of this post-aggregator sort (numbers ascending by default).</summary>
    public virtual IComparer<object?> Comparer => NumericValueComparer.Instance;

    /// <summary>Computes the value from <paramref name="values"/>, which hold unfinalized aggregator states.</summary>
    /// <param name="values">The row's aggregator values and the post-aggregators computed before this one.</param>
    /// <param name="aggregators">The query's aggregators by name, for finalizing a state.</param>
    public abstract object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators);
}
