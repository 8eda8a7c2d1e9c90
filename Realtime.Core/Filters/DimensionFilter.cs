using System.Text.Json;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>A filter on the values of one column (<c>dimension</c>), which may be <c>__time</c> for the row timestamp.</summary>
public abstract class DimensionFilter : DimFilter
{
    /// <summary>The column name for the row timestamp.</summary>
    public const string TimeColumn = "__time";

    /// <summary>The column whose values are tested.</summary>
    public required string Dimension { get; init; }

    /// <summary>Druid's extraction function; not supported, so a filter that sets it is rejected.</summary>
    public JsonElement? ExtractionFn { get; init; }

    /// <summary>Builds what the filter accepts for each kind of value.</summary>
    /// <exception cref="ArgumentException">The filter is invalid; the message names the field.</exception>
    public abstract ValuePredicate CreatePredicate();

    /// <inheritdoc />
    public sealed override Func<InputRow, bool> CreateRowMatcher()
    {
        if (string.IsNullOrEmpty(Dimension))
        {
            throw new ArgumentException($"{TypeName}.dimension is required.");
        }

        if (ExtractionFn is { ValueKind: not JsonValueKind.Null })
        {
            throw new ArgumentException($"{TypeName}.extractionFn is not supported (filter on '{Dimension}').");
        }

        return RowValues.Matcher(Dimension, CreatePredicate());
    }

    /// <summary>The filter's JSON type name, for messages.</summary>
    private protected abstract string TypeName { get; }
}
