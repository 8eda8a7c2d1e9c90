using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>The <c>searchQuery</c> extraction function: the value when <see cref="Query"/> matches it, otherwise null.</summary>
public sealed class SearchQueryExtractionFn : ExtractionFn
{
    private Func<string, bool>? _matcher;

    /// <summary>What to look for, as in the <c>search</c> filter (<c>contains</c>, <c>insensitive_contains</c>, <c>fragment</c>, <c>regex</c>).</summary>
    public SearchQuerySpec? Query { get; init; }

    private Func<string, bool> Matcher => _matcher ??=
        (Query ?? throw new ArgumentException("searchQuery extraction function: query is required.")).CreateMatcher();

    /// <inheritdoc />
    public override void Validate() => _ = Matcher;

    /// <inheritdoc />
    public override string? Apply(string? value) => !string.IsNullOrEmpty(value) && Matcher(value) ? value : null;
}
