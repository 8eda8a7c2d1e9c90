using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// The <c>finalizingFieldAccess</c> post-aggregator: an aggregator's finalized value (a sketch's estimate); the value
/// of a dimension or post-aggregator unchanged.
/// </summary>
public sealed class FinalizingFieldAccessPostAggregator : FieldPostAggregator
{
    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators)
    {
        var value = values.GetValueOrDefault(FieldName);
        return aggregators.TryGetValue(FieldName, out var aggregator) ? aggregator.FinalizeValue(value) : value;
    }
}
