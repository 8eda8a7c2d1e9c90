using System.Text.RegularExpressions;

namespace Realtime.Core.Values;

/// <summary>Compiles the regular expressions of filters, turning syntax errors into messages that name the field.</summary>
internal static class Patterns
{
    /// <summary>Compiles <paramref name="pattern"/> culture-invariantly.</summary>
    /// <exception cref="ArgumentException">The pattern is missing or invalid.</exception>
    public static Regex Compile(string? pattern, RegexOptions options, string field)
    {
        if (pattern is null)
        {
            throw new ArgumentException($"{field} is required.");
        }

        try
        {
            return new Regex(pattern, options | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{field} '{pattern}' is not a valid regular expression: {e.Message}", e);
        }
    }
}
