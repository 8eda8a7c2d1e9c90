using System.Globalization;
using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Query.PostAggregation;

namespace Realtime.Core.Query.Having;

/// <summary>
/// The numeric having clauses (<c>equalTo</c>, <c>greaterThan</c>, <c>lessThan</c>): compare the row's value of an
/// aggregator or post-aggregator with <see cref="Value"/>. A row without the value, or whose value is not a number,
/// does not match.
/// </summary>
public abstract class MetricHavingSpec : HavingSpec
{
    /// <summary>The aggregator or post-aggregator compared.</summary>
    public required string Aggregation { get; init; }

    /// <summary>The number compared with.</summary>
    public required double Value { get; init; }

    /// <inheritdoc />
    public override bool Matches(ResultRow row) =>
        NumberOf(row.Values.GetValueOrDefault(Aggregation)) is { } number && Accepts(NumericValueComparer.Instance.Compare(number, Value));

    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(Aggregation))
        {
            throw new ArgumentException($"{ComponentTypeNames.Of(GetType())}.aggregation is required.");
        }
    }

    /// <summary>Whether the sign of (row value compared with <see cref="Value"/>) matches.</summary>
    private protected abstract bool Accepts(int comparison);

    /// <summary>The value as a long or double: text is parsed, a sketch is its estimate; null when it is no number.</summary>
    private static object? NumberOf(object? value) => value switch
    {
        null => null,
        string text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        string => null,
        HyperLogLogCollector sketch => sketch.Estimate(),
        _ => NumericValueComparer.ToDouble(value) is null ? null : value,
    };
}

/// <summary>The <c>equalTo</c> having clause: the value equals <see cref="MetricHavingSpec.Value"/>.</summary>
public sealed class EqualToHavingSpec : MetricHavingSpec
{
    private protected override bool Accepts(int comparison) => comparison == 0;
}

/// <summary>The <c>greaterThan</c> having clause: the value is greater than <see cref="MetricHavingSpec.Value"/>.</summary>
public sealed class GreaterThanHavingSpec : MetricHavingSpec
{
    private protected override bool Accepts(int comparison) => comparison > 0;
}

/// <summary>The <c>lessThan</c> having clause: the value is less than <see cref="MetricHavingSpec.Value"/>.</summary>
public sealed class LessThanHavingSpec : MetricHavingSpec
{
    private protected override bool Accepts(int comparison) => comparison < 0;
}
