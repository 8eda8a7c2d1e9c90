using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>The <c>constant</c> post-aggregator: always <see cref="Value"/>.</summary>
public sealed class ConstantPostAggregator : PostAggregator
{
    /// <summary>The number returned.</summary>
    public required double Value { get; init; }

    /// <inheritdoc />
    public override IReadOnlySet<string> DependentFields => new HashSet<string>();

    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators) => Value;
}
