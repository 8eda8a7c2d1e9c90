using System.Text.RegularExpressions;
using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>
/// The <c>regex</c> extraction function: the group <see cref="Index"/> of the first match of <see cref="Expr"/> in the
/// value; a value without a match stays as it is, or becomes <see cref="ReplaceMissingValueWith"/> when
/// <see cref="ReplaceMissingValue"/> is set.
/// </summary>
public sealed class RegexExtractionFn : ExtractionFn
{
    private Regex? _regex;

    /// <summary>The regular expression (.NET syntax) searched for in each value.</summary>
    public string? Expr { get; init; }

    /// <summary>The group to return: 1 (the first group) unless set; 0 is the whole match.</summary>
    public int Index { get; init; } = 1;

    /// <summary>Whether a value without a match becomes <see cref="ReplaceMissingValueWith"/> rather than staying as it is.</summary>
    public bool ReplaceMissingValue { get; init; }

    /// <summary>What a value without a match becomes when <see cref="ReplaceMissingValue"/> is set; null unless set.</summary>
    public string? ReplaceMissingValueWith { get; init; }

    private Regex Regex => _regex ??= Compile();

    /// <inheritdoc />
    public override void Validate() => _ = Regex;

    /// <inheritdoc />
    public override string? Apply(string? value)
    {
        // As in Druid, no value is matched as the empty text, so a pattern may still extract something from it.
        var match = Regex.Match(value ?? "");
        if (match.Success)
        {
            return EmptyText.ToNull(match.Groups[Index].Value);
        }

        return EmptyText.ToNull(ReplaceMissingValue ? ReplaceMissingValueWith : value);
    }

    private Regex Compile()
    {
        var regex = Patterns.Compile(Expr, RegexOptions.None, "regex extraction function: expr");
        var groups = regex.GetGroupNumbers().Max();
        if (Index < 0 || Index > groups)
        {
            throw new ArgumentException($"regex extraction function: index {Index} is not a group of expr '{Expr}', which has {groups} group(s).");
        }

        return regex;
    }
}
