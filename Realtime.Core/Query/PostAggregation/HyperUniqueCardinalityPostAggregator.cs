using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// The <c>hyperUniqueCardinality</c> post-aggregator: the estimated distinct count of a <c>hyperUnique</c> sketch.
/// Read straight from an aggregator it is that aggregator's finalized value, so its <c>round</c> setting applies;
/// a sketch from another post-aggregator gives the unrounded estimate.
/// </summary>
public sealed class HyperUniqueCardinalityPostAggregator : FieldPostAggregator
{
    private readonly string _name = "";

    /// <summary>The output name; the field name when not set.</summary>
    public override string Name
    {
        get => string.IsNullOrEmpty(_name) ? FieldName : _name;
        init => _name = value;
    }

    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators)
    {
        var value = values.GetValueOrDefault(FieldName);
        if (aggregators.TryGetValue(FieldName, out var aggregator))
        {
            return aggregator.FinalizeValue(value);
        }

        return value is null ? 0.0 : NumberOf(value, $"field '{FieldName}'");
    }
}
