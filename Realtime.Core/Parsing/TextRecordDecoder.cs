using System.Text;

namespace Realtime.Core.Parsing;

/// <summary>
/// A decoder of one line of text into named columns (CSV, TSV, regex). Empty cells are null; a cell holding the
/// list delimiter becomes several values.
/// </summary>
internal abstract class TextRecordDecoder : RecordDecoder
{
    private readonly string _listDelimiter;

    protected TextRecordDecoder(IReadOnlyList<string> columns, string listDelimiter, RowAssembler row)
    {
        Columns = columns.Select(row.Intern).ToArray();
        _listDelimiter = listDelimiter;
    }

    /// <summary>The interned column names, in the order of the cells.</summary>
    protected string[] Columns { get; }

    /// <inheritdoc />
    public sealed override void Decode(ReadOnlySpan<byte> utf8, RowAssembler row)
    {
        var line = Encoding.UTF8.GetString(utf8);
        DecodeLine(line.AsSpan().TrimEnd("\r\n"), row);
    }

    /// <summary>Adds the cells of one line, without its line break.</summary>
    protected abstract void DecodeLine(ReadOnlySpan<char> line, RowAssembler row);

    /// <summary>Adds the cell of column <paramref name="index"/>; cells beyond the declared columns are ignored.</summary>
    protected void AddCell(RowAssembler row, int index, ReadOnlySpan<char> cell)
    {
        if (index < Columns.Length)
        {
            row.Add(Columns[index], ToValue(cell));
        }
    }

    private object? ToValue(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty)
        {
            return null;
        }

        if (_listDelimiter.Length == 0 || cell.IndexOf(_listDelimiter, StringComparison.Ordinal) < 0)
        {
            return cell.ToString();
        }

        var values = new List<string?>();
        foreach (var range in cell.Split(_listDelimiter))
        {
            var part = cell[range];
            values.Add(part.IsEmpty ? null : part.ToString());
        }

        return values.ToArray();
    }
}
