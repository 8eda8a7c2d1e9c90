using System.Text.RegularExpressions;

namespace Realtime.Core.Parsing;

/// <summary>The <c>regex</c> format: the whole line must match <see cref="Pattern"/>; capture groups become columns.</summary>
/// <remarks>Patterns use .NET regular expression syntax, which agrees with Java's for common constructs.</remarks>
public sealed class RegexParseSpec : ParseSpec
{
    /// <summary>The pattern; it must match the whole line.</summary>
    public string? Pattern { get; init; }

    /// <summary>Names for the capture groups in order; <c>column_1</c>, <c>column_2</c>, … unless set.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Separates several values within one group; Ctrl-A (<c>\u0001</c>) unless set.</summary>
    public string? ListDelimiter { get; init; }

    /// <inheritdoc />
    internal override RecordDecoder CreateTextDecoder(RowAssembler row, FieldNameTable names, FlattenPlan plan, string path)
    {
        if (string.IsNullOrEmpty(Pattern))
        {
            throw new ArgumentException($"{path}.pattern is required for format regex.");
        }

        Regex regex;
        try
        {
            regex = new Regex($"^(?:{Pattern})\\z", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}.pattern '{Pattern}' is not a valid regular expression: {e.Message}", e);
        }

        var groups = regex.GetGroupNumbers().Length - 1;
        var columns = Columns is { Count: > 0 }
            ? TextColumns.Require(Columns, "regex", path)
            : Enumerable.Range(1, groups).Select(i => $"column_{i}").ToArray();
        if (columns.Count != groups)
        {
            throw new ArgumentException($"{path}.columns has {columns.Count} names but {path}.pattern has {groups} capture groups.");
        }

        return new RegexRecordDecoder(regex, columns, ListDelimiter ?? TextColumns.DefaultListDelimiter, row);
    }
}
