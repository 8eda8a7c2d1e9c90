namespace Realtime.Core.Parsing;

/// <summary>Checks the <c>columns</c> of the text formats.</summary>
internal static class TextColumns
{
    /// <summary>Druid's list delimiter: Ctrl-A.</summary>
    public const string DefaultListDelimiter = "\u0001";

    /// <summary>The columns, which must be present, non-empty and distinct.</summary>
    /// <exception cref="ArgumentException">They are not; the message names the field.</exception>
    public static IReadOnlyList<string> Require(IReadOnlyList<string>? columns, string format, string path)
    {
        if (columns is null || columns.Count == 0)
        {
            throw new ArgumentException($"{path}.columns is required for format {format}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (string.IsNullOrEmpty(column))
            {
                throw new ArgumentException($"{path}.columns must not contain an empty name.");
            }

            if (!seen.Add(column))
            {
                throw new ArgumentException($"{path}.columns lists '{column}' more than once.");
            }
        }

        return columns;
    }
}
