using Realtime.Core.Aggregation;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// The <c>arithmetic</c> post-aggregator: applies <see cref="Fn"/> to its fields from left to right in floating point.
/// <c>/</c> gives 0 when dividing by 0; <c>quotient</c> is plain division. A null field makes the result null.
/// </summary>
public sealed class ArithmeticPostAggregator : PostAggregator
{
    private static readonly string[] Functions = ["+", "-", "*", "/", "quotient"];

    /// <summary>The function: <c>+</c>, <c>-</c>, <c>*</c>, <c>/</c> or <c>quotient</c>.</summary>
    public required string Fn { get; init; }

    /// <summary>The operands, at least two.</summary>
    public required IReadOnlyList<PostAggregator> Fields { get; init; }

    /// <summary>Null for numeric order, or <c>numericFirst</c>.</summary>
    public string? Ordering { get; init; }

    /// <inheritdoc />
    public override IReadOnlySet<string> DependentFields => DependentFieldsOf(Fields);

    /// <inheritdoc />
    public override IComparer<object?> Comparer => OrderingNamed(Ordering);

    /// <inheritdoc />
    public override void Validate()
    {
        Require(Fn, "fn");
        if (!Functions.Contains(Fn, StringComparer.Ordinal))
        {
            throw UnknownFunction();
        }

        RequireFields(Fields, 2);
        OrderingNamed(Ordering);
    }

    /// <inheritdoc />
    public override object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators)
    {
        var result = 0.0;
        for (var i = 0; i < Fields.Count; i++)
        {
            if (NumberOf(Fields[i].Compute(values, aggregators), $"fields[{i}]") is not { } operand)
            {
                return null;
            }

            result = i == 0 ? operand : Apply(result, operand);
        }

        return result;
    }

    private double Apply(double left, double right) => Fn switch
    {
        "+" => left + right,
        "-" => left - right,
        "*" => left * right,
        "/" => right == 0 ? 0 : left / right,
        "quotient" => left / right,
        _ => throw UnknownFunction(),
    };

    private ArgumentException UnknownFunction() => new($"{Description}: fn '{Fn}' is not one of {string.Join(", ", Functions)}.");
}
