using System.Text;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Parsing;

/// <summary>
/// A row made by the built-in parsers: field names and values in parallel arrays, in input order. Rows with the
/// same field layout share one names array and one dimensions list.
/// </summary>
/// <remarks>
/// Values are strings, longs, doubles, bools, <c>string?[]</c> (several values) or null. Field names coming from
/// the spec are the spec's own string instances, so lookups by a spec name usually succeed by reference.
/// </remarks>
public sealed class ParsedInputRow : InputRow
{
    private readonly string[] _names;
    private readonly object?[] _values;

    internal ParsedInputRow(long timestampMillis, string[] names, object?[] values, IReadOnlyList<string> dimensions)
    {
        TimestampMillis = timestampMillis;
        _names = names;
        _values = values;
        Dimensions = dimensions;
    }

    /// <inheritdoc />
    public override long TimestampMillis { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Dimensions { get; }

    /// <summary>The number of fields.</summary>
    public int FieldCount => _values.Length;

    /// <summary>The field names, shared by every row of the same field layout: the array's identity names the layout.</summary>
    internal string[] FieldNames => _names;

    /// <summary>The name of field <paramref name="index"/>.</summary>
    public string GetFieldName(int index) => _names[index];

    /// <summary>The value of field <paramref name="index"/>.</summary>
    public object? GetFieldValue(int index) => _values[index];

    /// <inheritdoc />
    public override object? GetRaw(string column)
    {
        var names = _names;
        for (var i = 0; i < _values.Length; i++)
        {
            if (ReferenceEquals(names[i], column))
            {
                return _values[i];
            }
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (string.Equals(names[i], column, StringComparison.Ordinal))
            {
                return _values[i];
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder("{timestamp=").Append(DateTimes.Format(TimestampMillis));
        for (var i = 0; i < _values.Length; i++)
        {
            text.Append(", ").Append(_names[i]).Append('=');
            text.Append(_values[i] is string?[] list ? $"[{string.Join(", ", list)}]" : DimensionValues.ToText(_values[i]));
        }

        return text.Append('}').ToString();
    }
}
