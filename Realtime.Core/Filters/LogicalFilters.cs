using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>Builds the matchers of the filters combined by <c>and</c> and <c>or</c>.</summary>
internal static class LogicalFilters
{
    /// <summary>The row matchers of <paramref name="fields"/>, which must not be empty.</summary>
    public static Func<InputRow, bool>[] Matchers(IReadOnlyList<DimFilter> fields, string type)
    {
        if (fields.Count == 0)
        {
            throw new ArgumentException($"{type}.fields must contain at least one filter.");
        }

        var matchers = new Func<InputRow, bool>[fields.Count];
        for (var i = 0; i < matchers.Length; i++)
        {
            matchers[i] = (fields[i] ?? throw new ArgumentException($"{type}.fields[{i}] is null.")).CreateRowMatcher();
        }

        return matchers;
    }
}
