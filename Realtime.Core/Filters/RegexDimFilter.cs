using System.Text.RegularExpressions;
using Realtime.Core.Values;

namespace Realtime.Core.Filters;

/// <summary>The <c>regex</c> filter: the pattern is found somewhere in the value (.NET regular expression syntax).</summary>
public sealed class RegexDimFilter : DimensionFilter
{
    /// <summary>The pattern to find.</summary>
    public required string Pattern { get; init; }

    /// <inheritdoc />
    private protected override string TypeName => "regex";

    /// <inheritdoc />
    public override ValuePredicate CreatePredicate()
    {
        var regex = Patterns.Compile(Pattern, RegexOptions.None, "regex.pattern");
        return new ValuePredicate(v => v is not null && regex.IsMatch(v));
    }
}
