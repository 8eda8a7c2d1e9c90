using System.Globalization;

namespace Realtime.Core.Extraction;

/// <summary>The <c>upper</c> and <c>lower</c> extraction functions: the value in one case, with the casing rules of <see cref="Locale"/>.</summary>
public abstract class CaseExtractionFn : ExtractionFn
{
    private CultureInfo? _culture;

    /// <summary>The language whose casing rules apply (a tag such as <c>tr</c>), or null for language-neutral rules.</summary>
    public string? Locale { get; init; }

    /// <summary>The culture of <see cref="Locale"/>.</summary>
    private protected CultureInfo Culture => _culture ??= Locales.Require(Locale, $"{TypeName} extraction function: locale");

    /// <summary>The function's JSON type name, for messages.</summary>
    private protected abstract string TypeName { get; }

    /// <inheritdoc />
    public override void Validate() => _ = Culture;
}

/// <summary>The <c>upper</c> extraction function: the value in upper case.</summary>
public sealed class UpperExtractionFn : CaseExtractionFn
{
    /// <inheritdoc />
    private protected override string TypeName => "upper";

    /// <inheritdoc />
    public override string? Apply(string? value) => string.IsNullOrEmpty(value) ? null : value.ToUpper(Culture);
}

/// <summary>The <c>lower</c> extraction function: the value in lower case.</summary>
public sealed class LowerExtractionFn : CaseExtractionFn
{
    /// <inheritdoc />
    private protected override string TypeName => "lower";

    /// <inheritdoc />
    public override string? Apply(string? value) => string.IsNullOrEmpty(value) ? null : value.ToLower(Culture);
}
