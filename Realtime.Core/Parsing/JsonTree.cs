using System.Text.Json;

namespace Realtime.Core.Parsing;

/// <summary>Reads a JSON value into plain objects (dictionaries, lists, scalars) for path fields to walk.</summary>
internal static class JsonTree
{
    /// <summary>Reads the value starting at the reader's current token, leaving the reader on its last token.</summary>
    public static object? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map[key] = Read(ref reader);
                }

                return map;
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(Read(ref reader));
                }

                return list;
            default:
                return ReadScalar(ref reader);
        }
    }

    /// <summary>Reads a string, number, bool or null token as a row scalar.</summary>
    public static object? ReadScalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var l) ? FieldValues.Box(l) : ReadDouble(ref reader),
        JsonTokenType.True => FieldValues.True,
        JsonTokenType.False => FieldValues.False,
        _ => null,
    };

    /// <summary>Reads a number that is not a 64-bit integer.</summary>
    /// <exception cref="JsonException">The number is outside the range of a double.</exception>
    public static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new JsonException($"The number at byte {reader.TokenStartIndex} is outside the range of a double.");
}
