namespace Realtime.Core.Query.PostAggregation;

/// <summary>A post-aggregator that reads one field of the row: <c>fieldAccess</c>, <c>finalizingFieldAccess</c>, <c>hyperUniqueCardinality</c>.</summary>
public abstract class FieldPostAggregator : PostAggregator
{
    /// <summary>The aggregator, dimension or post-aggregator read.</summary>
    public required string FieldName { get; init; }

    /// <inheritdoc />
    public override IReadOnlySet<string> DependentFields => new HashSet<string>(StringComparer.Ordinal) { FieldName };

    /// <inheritdoc />
    public override void Validate() => Require(FieldName, "fieldName");
}
