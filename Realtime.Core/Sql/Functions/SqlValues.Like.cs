using System.Text;
using System.Text.RegularExpressions;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Functions;

internal static partial class SqlValues
{
    /// <summary>
    /// Compiles a <c>LIKE</c> pattern: <c>%</c> matches any run of characters, <c>_</c> exactly one, and the
    /// <paramref name="escape"/> character makes the next <c>%</c>, <c>_</c> or escape character literal. Matching is
    /// case-sensitive and covers the whole text.
    /// </summary>
    /// <exception cref="SqlPlanningException">The escape character is followed by anything else, or ends the pattern.</exception>
    public static Func<string, bool> Like(string pattern, char? escape, SqlPosition position)
    {
        var regex = new StringBuilder("^");
        var literal = new StringBuilder();
        var wildcards = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == escape)
            {
                if (i + 1 == pattern.Length || pattern[i + 1] is not ('%' or '_') && pattern[i + 1] != escape)
                {
                    throw SqlPlanningException.Validation(
                        $"LIKE pattern '{pattern}': the escape character '{escape}' must be followed by '%', '_' or itself (at offset {i})", position);
                }

                c = pattern[++i];
                regex.Append(Regex.Escape(c.ToString()));
                literal.Append(c);
            }
            else if (c is '%' or '_')
            {
                regex.Append(c == '%' ? ".*" : ".");
                wildcards = true;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
                literal.Append(c);
            }
        }

        if (!wildcards)
        {
            var exact = literal.ToString();
            return text => string.Equals(text, exact, StringComparison.Ordinal);
        }

        var compiled = new Regex(regex.Append(@"\z").ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
        return compiled.IsMatch;
    }
}
