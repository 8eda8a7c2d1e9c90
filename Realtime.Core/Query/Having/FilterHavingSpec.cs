using Realtime.Abstractions.Parsing;
using Realtime.Core.Filters;

namespace Realtime.Core.Query.Having;

/// <summary>
/// The <c>filter</c> having clause: a query filter over the row's finalized values, with <c>__time</c> the row's
/// timestamp. Numbers compare as numbers, as filters do with numeric columns.
/// </summary>
public sealed class FilterHavingSpec : HavingSpec
{
    private readonly ThreadLocal<Func<InputRow, bool>> _matchers;

    /// <summary>Creates the clause; the filter's matcher is built once per thread that evaluates it.</summary>
    public FilterHavingSpec() => _matchers = new(CreateMatcher);

    /// <summary>The filter.</summary>
    public required DimFilter Filter { get; init; }

    /// <inheritdoc />
    public override bool Matches(ResultRow row) => _matchers.Value!(new MapInputRow(row.TimestampMillis, [], row.Values));

    /// <inheritdoc />
    public override void Validate()
    {
        try
        {
            _ = _matchers.Value;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"filter: {e.Message}", e);
        }
    }

    private Func<InputRow, bool> CreateMatcher() => Filter.CreateRowMatcher();
}
