namespace Realtime.Core.Parsing;

/// <summary>Decodes delimited text without quoting or escaping (the <c>tsv</c> format); cells keep any quotes they hold.</summary>
internal sealed class DelimitedRecordDecoder : TextRecordDecoder
{
    private readonly string _delimiter;

    public DelimitedRecordDecoder(IReadOnlyList<string> columns, string delimiter, string listDelimiter, RowAssembler row)
        : base(columns, listDelimiter, row) => _delimiter = delimiter;

    /// <inheritdoc />
    protected override void DecodeLine(ReadOnlySpan<char> line, RowAssembler row)
    {
        var index = 0;
        foreach (var range in line.Split(_delimiter))
        {
            AddCell(row, index++, line[range]);
        }
    }
}
