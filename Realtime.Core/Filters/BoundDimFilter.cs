using System.Text.Json.Serialization;
using Realtime.Core.Values;

namespace Realtime.Core.Filters;

/// <summary>
/// The <c>bound</c> filter: the column lies between <see cref="Lower"/> and <see cref="Upper"/> (either may be
/// absent) in the given <see cref="Ordering"/>. With <c>numeric</c> ordering, numeric columns compare by value.
/// </summary>
public sealed class BoundDimFilter : DimensionFilter
{
    /// <summary>The lower bound, or null for none.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Lower { get; init; }

    /// <summary>The upper bound, or null for none.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Upper { get; init; }

    /// <summary>Whether the value must be greater than the lower bound rather than greater or equal.</summary>
    public bool LowerStrict { get; init; }

    /// <summary>Whether the value must be less than the upper bound rather than less or equal.</summary>
    public bool UpperStrict { get; init; }

    /// <summary>How values compare with the bounds; lexicographic unless set.</summary>
    public StringOrdering? Ordering { get; init; }

    /// <summary>Druid's older way to ask for alphanumeric ordering.</summary>
    public bool AlphaNumeric { get; init; }

    /// <inheritdoc />
    private protected override string TypeName => "bound";

    /// <inheritdoc />
    public override ValuePredicate CreatePredicate()
    {
        if (Lower is null && Upper is null)
        {
            throw new ArgumentException($"bound.lower or bound.upper is required (filter on '{Dimension}').");
        }

        var ordering = Ordering ?? (AlphaNumeric ? StringOrdering.Alphanumeric : StringOrdering.Lexicographic);
        var text = TextPredicate(ordering);
        if (ordering != StringOrdering.Numeric
            || (Lower is not null && !FilterNumbers.TryDouble(Lower, out _))
            || (Upper is not null && !FilterNumbers.TryDouble(Upper, out _)))
        {
            return new ValuePredicate(text);
        }

        return NumericPredicate(text);
    }

    private Func<string?, bool> TextPredicate(StringOrdering ordering)
    {
        var lower = string.IsNullOrEmpty(Lower) ? null : Lower;
        var upper = string.IsNullOrEmpty(Upper) ? null : Upper;
        var hasLower = Lower is not null;
        var hasUpper = Upper is not null;
        var lowerStrict = LowerStrict;
        var upperStrict = UpperStrict;
        var nullMatches = (!hasLower || (lower is null && !lowerStrict)) && (!hasUpper || upper is not null || !upperStrict);
        return value =>
        {
            if (value is null)
            {
                return nullMatches;
            }

            if (hasLower)
            {
                var c = ordering.Compare(value, lower);
                if (c < 0 || (c == 0 && lowerStrict))
                {
                    return false;
                }
            }

            if (hasUpper)
            {
                var c = ordering.Compare(upper, value);
                if (c < 0 || (c == 0 && upperStrict))
                {
                    return false;
                }
            }

            return true;
        };
    }

    private ValuePredicate NumericPredicate(Func<string?, bool> text)
    {
        var hasLower = FilterNumbers.TryDouble(Lower, out var lowerDouble);
        var hasUpper = FilterNumbers.TryDouble(Upper, out var upperDouble);
        var exactLower = FilterNumbers.TryDecimal(Lower, out var lowerDecimal);
        var exactUpper = FilterNumbers.TryDecimal(Upper, out var upperDecimal);
        var lowerStrict = LowerStrict;
        var upperStrict = UpperStrict;

        bool InDoubles(double v) =>
            (!hasLower || (lowerStrict ? v > lowerDouble : v >= lowerDouble)) && (!hasUpper || (upperStrict ? v < upperDouble : v <= upperDouble));

        bool InLongs(long v)
        {
            if ((hasLower && !exactLower) || (hasUpper && !exactUpper))
            {
                return InDoubles(v);
            }

            decimal d = v;
            return (!hasLower || (lowerStrict ? d > lowerDecimal : d >= lowerDecimal)) && (!hasUpper || (upperStrict ? d < upperDecimal : d <= upperDecimal));
        }

        return new ValuePredicate(text, InLongs, InDoubles);
    }
}
