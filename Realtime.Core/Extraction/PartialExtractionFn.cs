using System.Text.RegularExpressions;
using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>The <c>partial</c> extraction function: the value when <see cref="Expr"/> is found in it, otherwise null.</summary>
public sealed class PartialExtractionFn : ExtractionFn
{
    private Regex? _regex;

    /// <summary>The regular expression (.NET syntax) to find.</summary>
    public string? Expr { get; init; }

    private Regex Regex => _regex ??= Patterns.Compile(Expr, RegexOptions.None, "partial extraction function: expr");

    /// <inheritdoc />
    public override void Validate() => _ = Regex;

    /// <inheritdoc />
    public override string? Apply(string? value) => !string.IsNullOrEmpty(value) && Regex.IsMatch(value) ? value : null;
}
