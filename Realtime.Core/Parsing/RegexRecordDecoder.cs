using System.Text.RegularExpressions;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Parsing;

/// <summary>Decodes a line that the whole pattern must match; capture groups become the columns in order.</summary>
internal sealed class RegexRecordDecoder : TextRecordDecoder
{
    private readonly Regex _pattern;

    public RegexRecordDecoder(Regex pattern, IReadOnlyList<string> columns, string listDelimiter, RowAssembler row)
        : base(columns, listDelimiter, row) => _pattern = pattern;

    /// <inheritdoc />
    protected override void DecodeLine(ReadOnlySpan<char> line, RowAssembler row)
    {
        var text = line.ToString();
        var match = _pattern.Match(text);
        if (!match.Success)
        {
            var input = InputText.Shorten(text);
            throw new ParseException($"The line does not match the regex parseSpec.pattern: '{input}'", input);
        }

        for (var g = 1; g < match.Groups.Count; g++)
        {
            var group = match.Groups[g];
            AddCell(row, g - 1, group.Success ? group.ValueSpan : []);
        }
    }
}
