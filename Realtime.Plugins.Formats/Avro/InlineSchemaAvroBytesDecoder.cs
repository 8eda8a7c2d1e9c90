using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Formats.Avro;

/// <summary>The <c>schema_inline</c> decoder: every message is one Avro datum of the schema given in the spec.</summary>
public sealed class InlineSchemaAvroBytesDecoder : AvroBytesDecoder
{
    /// <summary>The writer schema, an Avro schema as JSON.</summary>
    public JsonElement? Schema { get; init; }

    /// <inheritdoc />
    internal override IRecordDecoder Create(AvroValues values, ILoggerFactory loggerFactory)
    {
        if (Schema is not { ValueKind: JsonValueKind.Object or JsonValueKind.String } schema)
        {
            throw new ArgumentException("avro_stream parser: parser.avroBytesDecoder.schema is required for schema_inline.");
        }

        var parsed = ParseSchema("parser.avroBytesDecoder.schema", schema.ValueKind == JsonValueKind.String ? schema.GetString()! : schema.GetRawText());
        return new Decoder(new DatumReader(parsed, values), $"the inline schema {parsed.Fullname}");
    }

    private sealed class Decoder(DatumReader reader, string name) : IRecordDecoder
    {
        public IReadOnlyDictionary<string, object?> Decode(ReadOnlySpan<byte> message) => reader.Read(message, name);
    }
}
