using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Core.Values;

/// <summary>Reads a filter value written as a string, a number or a boolean (as Druid accepts), keeping it as text.</summary>
internal sealed class LenientStringConverter : JsonConverter<string?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Reads one scalar token as text.</summary>
    /// <exception cref="JsonException">The token is an object or an array.</exception>
    public static string? ReadValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException("A filter value must be a string, a number, a boolean or null."),
    };
}

/// <summary>Reads a list of filter values written as strings, numbers, booleans or nulls.</summary>
internal sealed class LenientStringListConverter : JsonConverter<IReadOnlyList<string?>>
{
    /// <inheritdoc />
    public override IReadOnlyList<string?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of values.");
        }

        var values = new List<string?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(LenientStringConverter.ReadValue(ref reader));
        }

        return values.ToArray();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string?> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(item);
            }
        }

        writer.WriteEndArray();
    }
}
