using System.Text.Json.Serialization;
using Realtime.Core.Query.Dimensions;
using Realtime.Core.Time;
using Realtime.Core.Values;

namespace Realtime.Core.Query.Model;

/// <summary>The <c>search</c> query: dimension values matching a search spec, with the number of rows holding each.</summary>
public sealed class SearchQuery : Query
{
    /// <summary>How row timestamps are bucketed.</summary>
    public Granularity Granularity { get; init; } = Granularity.All;

    /// <summary>The dimensions searched; all string dimensions when empty.</summary>
    public List<DimensionSpec> SearchDimensions { get; init; } = [];

    /// <summary>What a value must match.</summary>
    [JsonRequired]
    public SearchQuerySpec Query { get; init; } = null!;

    /// <summary>The ordering of the result (<c>lexicographic</c> by default).</summary>
    public SearchSortSpec? Sort { get; init; }

    /// <summary>The most values returned per bucket.</summary>
    public int Limit { get; init; } = 1000;
}

/// <summary>A search query's <c>sort</c>: <c>{"type": "lexicographic" | "alphanumeric" | "strlen" | "numeric"}</c>.</summary>
public sealed class SearchSortSpec
{
    /// <summary>The ordering applied to values (then to dimension names).</summary>
    public StringOrdering Type { get; init; } = StringOrdering.Lexicographic;
}
