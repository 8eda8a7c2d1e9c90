using System.Text.RegularExpressions;
using Realtime.Abstractions.Components;

namespace Realtime.Core.Values;

/// <summary>What a <c>search</c> filter (and the search query) looks for in a value: <c>contains</c>, <c>insensitive_contains</c>, <c>fragment</c> or <c>regex</c>.</summary>
[ComponentSlot("searchQuerySpec")]
public abstract class SearchQuerySpec
{
    /// <summary>Builds the test of one non-null value.</summary>
    /// <exception cref="ArgumentException">The spec is invalid; the message names the field.</exception>
    public abstract Func<string, bool> CreateMatcher();
}

/// <summary>The value contains <see cref="Value"/>; case-insensitive unless <see cref="CaseSensitive"/>.</summary>
public sealed class ContainsSearchQuerySpec : SearchQuerySpec
{
    /// <summary>The text to find.</summary>
    public required string Value { get; init; }

    /// <summary>Whether case matters; false unless set.</summary>
    public bool CaseSensitive { get; init; }

    /// <inheritdoc />
    public override Func<string, bool> CreateMatcher()
    {
        var value = Value ?? throw new ArgumentException("search.query.value is required.");
        var comparison = CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return v => v.Contains(value, comparison);
    }
}

/// <summary>The value contains <see cref="Value"/>, ignoring case.</summary>
public sealed class InsensitiveContainsSearchQuerySpec : SearchQuerySpec
{
    /// <summary>The text to find.</summary>
    public required string Value { get; init; }

    /// <inheritdoc />
    public override Func<string, bool> CreateMatcher()
    {
        var value = Value ?? throw new ArgumentException("search.query.value is required.");
        return v => v.Contains(value, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The value contains every one of <see cref="Values"/>; case-insensitive unless <see cref="CaseSensitive"/>.</summary>
public sealed class FragmentSearchQuerySpec : SearchQuerySpec
{
    /// <summary>The fragments that must all be found.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Whether case matters; false unless set.</summary>
    public bool CaseSensitive { get; init; }

    /// <inheritdoc />
    public override Func<string, bool> CreateMatcher()
    {
        var values = Values.ToArray();
        var comparison = CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return v =>
        {
            foreach (var fragment in values)
            {
                if (!v.Contains(fragment, comparison))
                {
                    return false;
                }
            }

            return true;
        };
    }
}

/// <summary>The pattern is found in the value.</summary>
public sealed class RegexSearchQuerySpec : SearchQuerySpec
{
    /// <summary>The pattern to find.</summary>
    public required string Pattern { get; init; }

    /// <inheritdoc />
    public override Func<string, bool> CreateMatcher()
    {
        var regex = Patterns.Compile(Pattern, RegexOptions.None, "search.query.pattern");
        return regex.IsMatch;
    }
}
