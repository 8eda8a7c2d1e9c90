using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>The <c>fieldAccess</c> post-aggregator: the raw value of an aggregator (a sketch stays a sketch) or earlier post-aggregator.</summary>
public sealed class FieldAccessPostAggregator : FieldPostAggregator
{
    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators) =>
        values.GetValueOrDefault(FieldName);
}
