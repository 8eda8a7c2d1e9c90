using System.Text;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Parsing;

/// <summary>
/// Decodes one CSV record: comma-separated cells, a cell in double quotes may hold commas, and a doubled quote
/// inside quotes is a quote. Spaces before an opening quote are ignored.
/// </summary>
internal sealed class CsvRecordDecoder : TextRecordDecoder
{
    private readonly StringBuilder _quoted = new();

    public CsvRecordDecoder(IReadOnlyList<string> columns, string listDelimiter, RowAssembler row)
        : base(columns, listDelimiter, row)
    {
    }

    /// <inheritdoc />
    protected override void DecodeLine(ReadOnlySpan<char> line, RowAssembler row)
    {
        var index = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                i = ReadQuoted(line, i + 1, index);
                AddCell(row, index++, _quoted.ToString());
            }
            else
            {
                i = start;
                var comma = line[i..].IndexOf(',');
                var end = comma < 0 ? line.Length : i + comma;
                AddCell(row, index++, line[i..end]);
                i = end;
            }

            if (i >= line.Length)
            {
                return;
            }

            i++;
        }
    }

    /// <summary>Reads a quoted cell into the buffer, plus any text up to the next comma; returns the comma's position.</summary>
    private int ReadQuoted(ReadOnlySpan<char> line, int i, int index)
    {
        _quoted.Clear();
        while (true)
        {
            if (i >= line.Length)
            {
                var column = index < Columns.Length ? Columns[index] : $"#{index + 1}";
                var input = InputText.Shorten(line.ToString());
                throw new ParseException($"Unterminated quoted value in CSV column '{column}': '{input}'", input);
            }

            if (line[i] == '"')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    _quoted.Append('"');
                    i += 2;
                    continue;
                }

                i++;
                break;
            }

            _quoted.Append(line[i++]);
        }

        var comma = line[i..].IndexOf(',');
        var end = comma < 0 ? line.Length : i + comma;
        _quoted.Append(line[i..end]);
        return end;
    }
}
