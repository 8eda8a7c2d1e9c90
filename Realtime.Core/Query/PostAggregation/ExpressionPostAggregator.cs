using Realtime.Core.Aggregation;
using Realtime.Core.Expressions;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// The <c>expression</c> post-aggregator: an expression (docs/expressions.md) over the row's aggregators,
/// dimensions and earlier post-aggregators. Aggregators are read finalized, so a <c>hyperUnique</c> is its estimate.
/// </summary>
public sealed class ExpressionPostAggregator : PostAggregator
{
    private Expr? _parsed;

    /// <summary>The expression text.</summary>
    public required string Expression { get; init; }

    /// <summary>Null for the natural order (numbers, then text), or <c>numericFirst</c>.</summary>
    public string? Ordering { get; init; }

    /// <inheritdoc />
    public override IReadOnlySet<string> DependentFields => Parsed.RequiredColumns;

    /// <inheritdoc />
    public override IComparer<object?> Comparer => OrderingNamed(Ordering);

    private Expr Parsed => _parsed ??= Parse();

    /// <inheritdoc />
    public override void Validate()
    {
        Require(Expression, "expression");
        _ = Parsed;
        OrderingNamed(Ordering);
    }

    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators)
    {
        try
        {
            return Parsed.Evaluate(new FinalizedBindings(values, aggregators)).ToObject();
        }
        catch (ExpressionException e)
        {
            throw new ArgumentException($"{Description}: {e.Message}", e);
        }
    }

    private Expr Parse()
    {
        try
        {
            return Expr.Parse(Expression);
        }
        catch (ExpressionException e)
        {
            throw new ArgumentException($"{Description}: {e.Message}", e);
        }
    }

    /// <summary>Reads identifiers from the row's values, finalizing aggregator states.</summary>
    private readonly struct FinalizedBindings(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators)
        : IExpressionBindings
    {
        public ExprValue Get(string name)
        {
            var value = values.GetValueOrDefault(name);
            return ExprValue.FromObject(aggregators.TryGetValue(name, out var aggregator) ? aggregator.FinalizeValue(value) : value);
        }
    }
}
