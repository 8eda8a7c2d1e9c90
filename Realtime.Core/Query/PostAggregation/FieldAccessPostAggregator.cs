using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>The <c>fieldAccess</c> post-aggregator: the raw value of an aggregator (a sketch stays a sketch) or earlier post-aggregator.</summary>
public sealed class FieldAccessPostAggregator : PostAggregator
{
    /// <summary>The aggregator, dimension or post-aggregator read.</summary>
    public required string FieldName { get; init; }

    /// <inheritdoc />
    public override IReadOnlySet<string> DependentFields => new HashSet<string>(StringComparer.Ordinal) { FieldName };

    /// <inheritdoc />
    public override void Validate() => Require(FieldName, "fieldName");

    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators) =>
        ValueOf(values, FieldName);
}
