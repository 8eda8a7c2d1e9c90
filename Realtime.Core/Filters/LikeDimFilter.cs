using System.Text;
using System.Text.RegularExpressions;

namespace Realtime.Core.Filters;

/// <summary>
/// The <c>like</c> filter: SQL <c>LIKE</c>, where <c>%</c> matches any text and <c>_</c> one character; the whole
/// value must match. <see cref="Escape"/> makes the next character literal. A row without a value is matched as "".
/// </summary>
public sealed class LikeDimFilter : DimensionFilter
{
    /// <summary>The pattern, such as <c>D%</c> or <c>___bar</c>.</summary>
    public required string Pattern { get; init; }

    /// <summary>A single escape character, or null for none.</summary>
    public string? Escape { get; init; }

    /// <inheritdoc />
    private protected override string TypeName => "like";

    /// <inheritdoc />
    public override ValuePredicate CreatePredicate()
    {
        if (Escape is { Length: not 1 })
        {
            throw new ArgumentException($"like.escape must be a single character; got '{Escape}'.");
        }

        var regex = new Regex(ToRegex(Pattern ?? throw new ArgumentException("like.pattern is required."), Escape?[0]),
            RegexOptions.CultureInvariant | RegexOptions.Singleline);
        return new ValuePredicate(v => regex.IsMatch(v ?? ""));
    }

    private static string ToRegex(string pattern, char? escape)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == escape && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '%')
            {
                regex.Append(".*");
            }
            else if (c == '_')
            {
                regex.Append('.');
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.Append("\\z").ToString();
    }
}
