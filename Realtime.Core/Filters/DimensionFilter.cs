using Realtime.Abstractions.Parsing;
using Realtime.Core.Extraction;

namespace Realtime.Core.Filters;

/// <summary>A filter on the values of one column (<c>dimension</c>), which may be <c>__time</c> for the row timestamp.</summary>
public abstract class DimensionFilter : DimFilter
{
    /// <summary>The column name for the row timestamp.</summary>
    public const string TimeColumn = "__time";

    /// <summary>The column whose values are tested.</summary>
    public required string Dimension { get; init; }

    /// <summary>Maps each value before it is tested, as Druid's <c>extractionFn</c>; null tests the values as they are.</summary>
    public ExtractionFn? ExtractionFn { get; init; }

    /// <summary>Builds what the filter accepts for each kind of value, before any <see cref="ExtractionFn"/>.</summary>
    /// <exception cref="ArgumentException">The filter is invalid; the message names the field.</exception>
    public abstract ValuePredicate CreatePredicate();

    /// <summary>
    /// Builds what the filter accepts for each kind of stored value, with <see cref="ExtractionFn"/> applied first:
    /// text, longs (<c>__time</c> as epoch milliseconds) and doubles are mapped, then tested as text. Rows without a
    /// value match when the mapped no-value does.
    /// </summary>
    /// <exception cref="ArgumentException">The filter is invalid; the message names the field.</exception>
    public ValuePredicate CreateMatchingPredicate()
    {
        if (string.IsNullOrEmpty(Dimension))
        {
            throw new ArgumentException($"{TypeName}.dimension is required.");
        }

        var predicate = CreatePredicate();
        if (ExtractionFn is not { } fn)
        {
            return predicate;
        }

        fn.Validate();
        return new ValuePredicate(
            v => predicate.MatchesText(fn.Apply(v)),
            l => predicate.MatchesText(fn.Apply(l)),
            d => predicate.MatchesText(fn.Apply(d)));
    }

    /// <inheritdoc />
    public sealed override Func<InputRow, bool> CreateRowMatcher() => RowValues.Matcher(Dimension, CreateMatchingPredicate());

    /// <summary>The filter's JSON type name, for messages.</summary>
    private protected abstract string TypeName { get; }
}
