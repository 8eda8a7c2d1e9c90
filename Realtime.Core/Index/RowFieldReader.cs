using Realtime.Abstractions.Parsing;
using Realtime.Core.Parsing;

namespace Realtime.Core.Index;

/// <summary>
/// Reads the raw values of a fixed list of columns from input rows. Rows from the built-in parsers that share a field
/// layout share one names array, so the columns' positions are found once per layout and then read by position; any
/// other row is read by name.
/// </summary>
/// <remarks>Used by one writer thread. A column the layout lacks reads as null, as <see cref="InputRow.GetRaw"/> does.</remarks>
internal sealed class RowFieldReader(IReadOnlyList<string> columns)
{
    private readonly string[] _columns = [.. columns];
    private readonly int[] _positions = new int[columns.Count];
    private string[]? _layout;

    /// <summary>The number of columns read.</summary>
    public int Count => _columns.Length;

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
