using System.Globalization;

namespace Realtime.Core.Extraction;

/// <summary>Resolves the <c>locale</c> fields of extraction functions: IETF language tags such as <c>fr</c> or <c>en-GB</c>.</summary>
internal static class Locales
{
    /// <summary>The culture of <paramref name="tag"/>, or the invariant culture (English names) when none is set.</summary>
    /// <exception cref="ArgumentException">The tag names no known culture; the message names <paramref name="field"/>.</exception>
    public static CultureInfo Require(string? tag, string field)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return CultureInfo.InvariantCulture;
        }

        try
        {
            return CultureInfo.GetCultureInfo(tag, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            throw new ArgumentException($"{field} '{tag}' is not a known locale (use a language tag such as 'en-US' or 'fr').");
        }
    }
}
