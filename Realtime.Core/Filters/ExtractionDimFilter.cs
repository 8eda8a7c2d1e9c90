using System.Text.Json.Serialization;
using Realtime.Core.Values;

namespace Realtime.Core.Filters;

/// <summary>
/// Druid's deprecated <c>extraction</c> filter: the column's values, mapped by the required <c>extractionFn</c>, equal
/// <see cref="Value"/>; the same as a <c>selector</c> filter with that <c>extractionFn</c>.
/// </summary>
public sealed class ExtractionDimFilter : DimensionFilter
{
    /// <summary>The value to match after extraction; null (or empty) matches values mapped to null.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; init; }

    /// <inheritdoc />
    private protected override string TypeName => "extraction";

    /// <inheritdoc />
    public override ValuePredicate CreatePredicate()
    {
        if (ExtractionFn is null)
        {
            throw new ArgumentException($"extraction.extractionFn is required (filter on '{Dimension}'); without one, use a selector filter.");
        }

        return new SelectorDimFilter { Dimension = Dimension, Value = Value }.CreatePredicate();
    }
}
