using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// The <c>finalizingFieldAccess</c> post-aggregator: an aggregator's finalized value (a sketch's estimate); the value
/// of a dimension or post-aggregator unchanged.
/// </summary>
public sealed class FinalizingFieldAccessPostAggregator : PostAggregator
{
    /// <summary>The aggregator, dimension or post-aggregator read.</summary>
    public required string FieldName { get; init; }

    /// <inheritdoc />
    public override IReadOnlySet<string> DependentFields => new HashSet<string>(StringComparer.Ordinal) { FieldName };

    /// <inheritdoc />
    public override void Validate() => Require(FieldName, "fieldName");

    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators)
    {
        var value = ValueOf(values, FieldName);
        return aggregators.TryGetValue(FieldName, out var aggregator) ? aggregator.FinalizeValue(value) : value;
    }
}
