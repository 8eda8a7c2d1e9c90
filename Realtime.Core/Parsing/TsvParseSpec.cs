namespace Realtime.Core.Parsing;

/// <summary>The <c>tsv</c> format (Druid's default): delimited text without quoting, cells mapped to <see cref="Columns"/> by position.</summary>
public sealed class TsvParseSpec : ParseSpec
{
    /// <summary>The column names, in the order of the cells.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Separates cells; a tab unless set.</summary>
    public string? Delimiter { get; init; }

    /// <summary>Separates several values within one cell; Ctrl-A (<c>\u0001</c>) unless set.</summary>
    public string? ListDelimiter { get; init; }

    /// <summary>Accepted for batch specs; streamed messages have no header.</summary>
    public bool HasHeaderRow { get; init; }

    /// <summary>Accepted for batch specs; streamed messages have no header.</summary>
    public int SkipHeaderRows { get; init; }

    /// <inheritdoc />
    internal override RecordDecoder CreateTextDecoder(RowAssembler row, FieldNameTable names, FlattenPlan plan, string path)
    {
        var delimiter = Delimiter ?? "\t";
        if (delimiter.Length == 0)
        {
            throw new ArgumentException($"{path}.delimiter must not be empty.");
        }

        var listDelimiter = ListDelimiter ?? TextColumns.DefaultListDelimiter;
        if (listDelimiter == delimiter)
        {
            throw new ArgumentException($"{path}.listDelimiter must differ from {path}.delimiter.");
        }

        return new DelimitedRecordDecoder(TextColumns.Require(Columns, "tsv", path), delimiter, listDelimiter, row);
    }
}
