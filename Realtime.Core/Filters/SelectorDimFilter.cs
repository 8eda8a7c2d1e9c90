using System.Text.Json.Serialization;
using Realtime.Core.Values;

namespace Realtime.Core.Filters;

/// <summary>The <c>selector</c> filter: the column equals <see cref="Value"/>; a null or empty value matches rows without a value.</summary>
public sealed class SelectorDimFilter : DimensionFilter
{
    /// <summary>The value to match; null (or empty) matches absent, null and empty-list values.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; init; }

    /// <inheritdoc />
    private protected override string TypeName => "selector";

    /// <inheritdoc />
    public override ValuePredicate CreatePredicate()
    {
        var value = string.IsNullOrEmpty(Value) ? null : Value;
        if (value is null)
        {
            return new ValuePredicate(static v => v is null, static _ => false, static _ => false);
        }

        var isLong = FilterNumbers.TryLong(value, out var asLong);
        var isDouble = FilterNumbers.TryDouble(value, out var asDouble);
        return new ValuePredicate(
            v => string.Equals(v, value, StringComparison.Ordinal),
            l => isLong ? l == asLong : isDouble && l == asDouble,
            d => isDouble && d == asDouble);
    }
}
