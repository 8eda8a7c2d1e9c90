using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>
/// The <c>stringFormat</c> extraction function: the value put into <see cref="Format"/>, a Java format string whose
/// <c>%s</c> stands for the value (<c>"[%s]"</c>). <see cref="NullHandling"/> says what no value becomes.
/// </summary>
/// <remarks>
/// Understood: <c>%s</c> and <c>%S</c> (upper case) with an optional <c>1$</c> or <c>&lt;</c> argument index, <c>-</c> flag,
/// width and precision; <c>%%</c> and <c>%n</c>. Other conversions cannot format a text value and are refused.
/// </remarks>
public sealed partial class StringFormatExtractionFn : ExtractionFn
{
    private const string Owner = "stringFormat extraction function";

    private Func<string, string>? _formatter;

    /// <summary>The format, such as <c>[%s]</c>.</summary>
    public string? Format { get; init; }

    /// <summary>What no value becomes: <c>nullString</c> (the text <c>null</c>, the default), <c>emptyString</c> or <c>returnNull</c>.</summary>
    public StringFormatNullHandling NullHandling { get; init; }

    private Func<string, string> Formatter => _formatter ??= Compile(Format);

    /// <inheritdoc />
    public override void Validate() => _ = Formatter;

    /// <inheritdoc />
    public override string? Apply(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            value = NullHandling switch
            {
                StringFormatNullHandling.ReturnNull => null,
                StringFormatNullHandling.EmptyString => "",
                _ => "null",
            };
        }

        return value is null ? null : EmptyText.ToNull(Formatter(value));
    }

    [GeneratedRegex(@"%(?:(\d+)\$|(<))?([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")]
    private static partial Regex Specifier();

    private static Func<string, string> Compile(string? format)
    {
        if (string.IsNullOrEmpty(format))
        {
            throw new ArgumentException($"{Owner}: format is required.");
        }

        var parts = new List<Action<StringBuilder, string>>();
        var position = 0;
        var ordinaryArguments = 0;
        var anyArgument = false;
        foreach (Match specifier in Specifier().Matches(format))
        {
            var literal = format[position..specifier.Index];
            if (literal.Contains('%'))
            {
                throw Invalid(format, $"has a stray '%' in '{literal}'");
            }

            parts.Add((text, _) => text.Append(literal));
            parts.Add(CompileSpecifier(format, specifier, ref ordinaryArguments, ref anyArgument));
            position = specifier.Index + specifier.Length;
        }

        var tail = format[position..];
        if (tail.Contains('%'))
        {
            throw Invalid(format, $"has a stray '%' in '{tail}'");
        }

        parts.Add((text, _) => text.Append(tail));
        return value =>
        {
            var text = new StringBuilder();
            foreach (var part in parts)
            {
                part(text, value);
            }

            return text.ToString();
        };
    }

    private static Action<StringBuilder, string> CompileSpecifier(string format, Match specifier, ref int ordinaryArguments, ref bool anyArgument)
    {
        var conversion = specifier.Groups[6].Value[0];
        var flags = specifier.Groups[3].Value;
        var width = specifier.Groups[4].Success ? int.Parse(specifier.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        int? precision = specifier.Groups[5].Success ? int.Parse(specifier.Groups[5].Value, CultureInfo.InvariantCulture) : null;
        var leftAlign = flags.Contains('-');
        if (flags.Replace("-", "", StringComparison.Ordinal).Length > 0 || (leftAlign && width == 0))
        {
            throw Invalid(format, $"uses the flags '{flags}' in '{specifier.Value}'; only '-' with a width applies to %s");
        }

        switch (conversion)
        {
            case '%':
                return (text, _) => Pad(text, "%", width, leftAlign);
            case 'n' when width == 0 && precision is null && !specifier.Groups[1].Success && !specifier.Groups[2].Success:
                return (text, _) => text.Append('\n');
            case 's' or 'S':
                if (specifier.Groups[1].Success && specifier.Groups[1].Value != "1")
                {
                    throw Invalid(format, $"refers to argument {specifier.Groups[1].Value} in '{specifier.Value}'; there is only the value (1)");
                }

                if (specifier.Groups[2].Success && !anyArgument)
                {
                    throw Invalid(format, $"uses '{specifier.Value}' before any argument");
                }

                anyArgument = true;

                if (!specifier.Groups[1].Success && !specifier.Groups[2].Success && ++ordinaryArguments > 1)
                {
                    throw Invalid(format, "has more than one %s; refer to the value again with %1$s or %<s");
                }

                var upper = conversion == 'S';
                return (text, value) =>
                {
                    var shown = precision is { } p && p < value.Length ? value[..p] : value;
                    Pad(text, upper ? shown.ToUpperInvariant() : shown, width, leftAlign);
                };
            default:
                throw Invalid(format, $"uses '{specifier.Value}', which cannot format a text value (use %s)");
        }
    }

    private static void Pad(StringBuilder text, string value, int width, bool leftAlign)
    {
        if (!leftAlign)
        {
            text.Append(' ', Math.Max(0, width - value.Length));
        }

        text.Append(value);
        if (leftAlign)
        {
            text.Append(' ', Math.Max(0, width - value.Length));
        }
    }

    private static ArgumentException Invalid(string format, string problem) => new($"{Owner}: format '{format}' {problem}.");
}

/// <summary>What the <c>stringFormat</c> extraction function does with no value.</summary>
public enum StringFormatNullHandling
{
    /// <summary>Formats the text <c>null</c>.</summary>
    NullString,

    /// <summary>Formats the empty text.</summary>
    EmptyString,

    /// <summary>Returns null without formatting.</summary>
    ReturnNull,
}
