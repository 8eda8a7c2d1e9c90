using Realtime.Core.Values;

namespace Realtime.Core.Filters;

/// <summary>The <c>search</c> filter: the value matches <see cref="Query"/> (partial matches); rows without a value never match.</summary>
public sealed class SearchDimFilter : DimensionFilter
{
    /// <summary>What to look for.</summary>
    public required SearchQuerySpec Query { get; init; }

    /// <inheritdoc />
    private protected override string TypeName => "search";

    /// <inheritdoc />
    public override ValuePredicate CreatePredicate()
    {
        var matcher = (Query ?? throw new ArgumentException("search.query is required.")).CreateMatcher();
        return new ValuePredicate(v => v is not null && matcher(v));
    }
}
