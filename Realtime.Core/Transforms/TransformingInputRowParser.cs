using Realtime.Abstractions.Parsing;
using Realtime.Core.Expressions;

namespace Realtime.Core.Transforms;

/// <summary>A parser whose rows get the fields of a <see cref="TransformSpec"/> and pass its filter, or are dropped.</summary>
/// <remarks>Used by one ingest thread at a time, like the parser it wraps.</remarks>
internal sealed class TransformingInputRowParser(
    IInputRowParser inner, string[] names, Func<InputRow, object?>[] functions, Func<InputRow, bool>? filter) : IInputRowParser
{
    private readonly int _timeIndex = Array.IndexOf(names, TransformSpec.TimeColumn);

    /// <inheritdoc />
    public InputRow? Parse(ReadOnlySpan<byte> utf8) => Apply(inner.Parse(utf8));

    /// <inheritdoc />
    public InputRow? Parse(IReadOnlyDictionary<string, object?> fields) => Apply(inner.Parse(fields));

    private InputRow? Apply(InputRow? row)
    {
        if (row is null)
        {
            return null;
        }

        var transformed = names.Length == 0 ? row : Transform(row);
        return filter is null || filter(transformed) ? transformed : null;
    }

    private TransformedInputRow Transform(InputRow row)
    {
        var values = new object?[names.Length];
        for (var i = 0; i < values.Length; i++)
        {
            try
            {
                values[i] = functions[i](row);
            }
            catch (Exception e) when (e is ExpressionException or ArgumentException or FormatException or InvalidOperationException)
            {
                throw new ParseException($"Transform '{names[i]}' failed: {e.Message}", Parsing.InputText.Shorten(row.ToString() ?? ""), e);
            }
        }

        var timestamp = _timeIndex < 0 ? row.TimestampMillis : TimeOf(values[_timeIndex], row);
        return new TransformedInputRow(row, timestamp, names, values);
    }

    private static long TimeOf(object? value, InputRow row) => value switch
    {
        long l => l,
        double d when double.IsFinite(d) => (long)d,
        string s when ExprValue.TryParseLong(s, out var parsed) => parsed,
        _ => throw new ParseException(
            $"Transform '{TransformSpec.TimeColumn}' must give epoch milliseconds, not '{Parsing.InputText.Shorten(DimensionValues.ToText(value) ?? "null")}'",
            Parsing.InputText.Shorten(row.ToString() ?? "")),
    };
}
