using Realtime.Abstractions.Parsing;
using Realtime.Core.Parsing;

namespace Realtime.Core.Index;

/// <summary>
/// Reads the raw values of a fixed list of columns from input rows. Rows from the built-in parsers that share a field
/// layout share one names array, so the columns' positions are found once per layout and then read by position; any
/// other row is read by name.
/// </summary>
/// <remarks>Used by one writer thread. A column the layout lacks reads as null, as <see cref="InputRow.GetRaw"/> does.</remarks>
internal sealed class RowFieldReader
{
    private string[] _columns = [];
    private string[]? _layout;
    private int[] _positions = [];

    /// <summary>The columns read, in order.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Replaces the columns read.</summary>
    public void SetColumns(IEnumerable<string> columns)
    {
        _columns = [.. columns];
        _positions = new int[_columns.Length];
        _layout = null;
    }

    /// <summary>Reads every column's raw value of <paramref name="row"/> into <paramref name="values"/>.</summary>
    public void Read(InputRow row, Span<object?> values)
    {
        if (row is not ParsedInputRow parsed)
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                values[i] = row.GetRaw(_columns[i]);
            }

            return;
        }

        if (!ReferenceEquals(parsed.FieldNames, _layout))
        {
            Locate(parsed.FieldNames);
        }

        var positions = _positions;
        for (var i = 0; i < positions.Length; i++)
        {
            var position = positions[i];
            values[i] = position >= 0 ? parsed.GetFieldValue(position) : null;
        }
    }

    private void Locate(string[] names)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            _positions[i] = -1;
            for (var position = 0; position < names.Length; position++)
            {
                if (string.Equals(names[position], _columns[i], StringComparison.Ordinal))
                {
                    _positions[i] = position;
                    break;
                }
            }
        }

        _layout = names;
    }
}
