using System.Globalization;
using System.Text;
using Avro;
using Avro.Generic;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Avro;

/// <summary>Turns values read by Apache.Avro's generic reader into map values the node's map parser reads.</summary>
/// <remarks>
/// Records and maps become dictionaries, arrays lists, enums their symbols, <c>bytes</c> and <c>fixed</c> base64 text
/// (or UTF-8 text with <c>binaryAsString</c>). Timestamps (<c>timestamp-*</c> and <c>local-timestamp-*</c>) become epoch
/// milliseconds, <c>date</c> the epoch milliseconds of its midnight (UTC), <c>time-*</c> milliseconds of the day,
/// <c>decimal</c> a double, <c>uuid</c> text.
/// </remarks>
internal sealed class AvroValues(bool binaryAsString)
{
    /// <summary>The fields of a record.</summary>
    /// <exception cref="ParseException">The datum is not a record.</exception>
    public IReadOnlyDictionary<string, object?> Record(object? datum) => datum is GenericRecord record
        ? ToMap(record)
        : throw new ParseException($"The Avro datum is a {datum?.GetType().Name ?? "null"}, not a record.");

    private Dictionary<string, object?> ToMap(GenericRecord record)
    {
        var map = new Dictionary<string, object?>(record.Schema.Fields.Count, StringComparer.Ordinal);
        foreach (var field in record.Schema.Fields)
        {
            map[field.Name] = ToValue(record.GetValue(field.Pos));
        }

        return map;
    }

    private object? ToValue(object? value) => value switch
    {
        null => null,
        string or int or long or float or double or bool => value,
        GenericRecord record => ToMap(record),
        GenericEnum symbol => symbol.Value,
        GenericFixed fixedBytes => Binary(fixedBytes.Value),
        byte[] bytes => Binary(bytes),
        DateTime time => EpochMillis(time),
        TimeSpan time => time.Ticks / TimeSpan.TicksPerMillisecond,
        AvroDecimal number => (double)number,
        Guid id => id.ToString(),
        IDictionary<string, object> map => map.ToDictionary(e => e.Key, e => ToValue(e.Value), StringComparer.Ordinal),
        System.Collections.IEnumerable items => items.Cast<object?>().Select(ToValue).ToList(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private string Binary(byte[] bytes) => binaryAsString ? Encoding.UTF8.GetString(bytes) : Convert.ToBase64String(bytes);

    private static long EpochMillis(DateTime time) =>
        ((time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time) - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
}
