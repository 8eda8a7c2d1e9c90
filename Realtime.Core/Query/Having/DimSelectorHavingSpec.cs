using Realtime.Abstractions.Parsing;
using Realtime.Core.Extraction;

namespace Realtime.Core.Query.Having;

/// <summary>
/// The <c>dimSelector</c> having clause: a value of the dimension (mapped by <see cref="ExtractionFn"/> when set)
/// equals <see cref="Value"/>. Null and empty text are the same; a null <see cref="Value"/> matches rows without a value.
/// </summary>
public sealed class DimSelectorHavingSpec : HavingSpec
{
    /// <summary>The dimension's output name.</summary>
    public required string Dimension { get; init; }

    /// <summary>The value matched.</summary>
    public string? Value { get; init; }

    /// <summary>Maps each value before it is compared, or null.</summary>
    public ExtractionFn? ExtractionFn { get; init; }

    /// <inheritdoc />
    public override bool Matches(ResultRow row)
    {
        var values = DimensionValues.Of(row.Values.GetValueOrDefault(Dimension));
        if (values.Count == 0)
        {
            return string.IsNullOrEmpty(Value);
        }

        foreach (var value in values)
        {
            if (IsMatch(ExtractionFn is null ? value : ExtractionFn.Apply(value)))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(Dimension))
        {
            throw new ArgumentException("dimSelector.dimension is required.");
        }
    }

    private bool IsMatch(string? value) => string.IsNullOrEmpty(value) ? string.IsNullOrEmpty(Value) : value == Value;
}
