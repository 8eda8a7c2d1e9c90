namespace Realtime.Core.Parsing;

/// <summary>The <c>csv</c> format: one comma-separated record per message, cells mapped to <see cref="Columns"/> by position.</summary>
/// <remarks>Header rows are not applied to streamed messages: each message is one record and <see cref="Columns"/> is required.</remarks>
public sealed class CsvParseSpec : ParseSpec
{
    /// <summary>The column names, in the order of the cells.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Separates several values within one cell; Ctrl-A (<c>\u0001</c>) unless set.</summary>
    public string? ListDelimiter { get; init; }

    /// <summary>Accepted for batch specs; streamed messages have no header.</summary>
    public bool HasHeaderRow { get; init; }

    /// <summary>Accepted for batch specs; streamed messages have no header.</summary>
    public int SkipHeaderRows { get; init; }

    /// <inheritdoc />
    internal override RecordDecoder CreateTextDecoder(RowAssembler row, FieldNameTable names, FlattenPlan plan, string path) =>
        new CsvRecordDecoder(TextColumns.Require(Columns, "csv", path), ListDelimiter ?? TextColumns.DefaultListDelimiter, row);
}
