using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// The greatest / least post-aggregators: the largest or smallest value of their fields in one row, ignoring
/// null fields; with no value at all the result is the identity (negative or positive infinity, or the long
/// minimum or maximum).
/// </summary>
public abstract class GreatestLeastPostAggregator : PostAggregator
{
    /// <summary>The compared values, at least one.</summary>
    public required IReadOnlyList<PostAggregator> Fields { get; init; }

    /// <inheritdoc />
    public override IReadOnlySet<string> DependentFields => DependentFieldsOf(Fields);

    /// <inheritdoc />
    public override void Validate() => RequireFields(Fields, 1);

    /// <summary>Each field's value as a double, nulls skipped.</summary>
    private protected IEnumerable<double> Doubles(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (NumberOf(Fields[i].Compute(values, aggregators), $"fields[{i}]") is { } number)
            {
                yield return number;
            }
        }
    }

    /// <summary>Each field's value as a long (doubles truncated, longs exact), nulls skipped.</summary>
    private protected IEnumerable<long> Longs(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            var value = Fields[i].Compute(values, aggregators);
            if (value is long exact)
            {
                yield return exact;
            }
            else if (NumberOf(value, $"fields[{i}]") is { } number)
            {
                yield return (long)number;
            }
        }
    }
}

/// <summary>The <c>doubleGreatest</c> post-aggregator: the greatest field value as a double (NaN is the greatest).</summary>
public sealed class DoubleGreatestPostAggregator : GreatestLeastPostAggregator
{
    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators) =>
        Doubles(values, aggregators).Aggregate(double.NegativeInfinity, (best, next) => NumericValueComparer.CompareDoubles(next, best) > 0 ? next : best);
}

/// <summary>The <c>doubleLeast</c> post-aggregator: the least field value as a double.</summary>
public sealed class DoubleLeastPostAggregator : GreatestLeastPostAggregator
{
    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators) =>
        Doubles(values, aggregators).Aggregate(double.PositiveInfinity, (best, next) => NumericValueComparer.CompareDoubles(next, best) < 0 ? next : best);
}

/// <summary>The <c>longGreatest</c> post-aggregator: the greatest field value as a long.</summary>
public sealed class LongGreatestPostAggregator : GreatestLeastPostAggregator
{
    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators) =>
        Longs(values, aggregators).Aggregate(long.MinValue, Math.Max);
}

/// <summary>The <c>longLeast</c> post-aggregator: the least field value as a long.</summary>
public sealed class LongLeastPostAggregator : GreatestLeastPostAggregator
{
    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators) =>
        Longs(values, aggregators).Aggregate(long.MaxValue, Math.Min);
}
