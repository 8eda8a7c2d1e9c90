using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Avro;

/// <summary>
/// The <c>multiple_version</c> decoder (Druid's inline schemas): the spec maps schema ids to schemas, and each message
/// is a version byte <c>1</c>, the 4-byte big-endian schema id and the Avro datum.
/// </summary>
public sealed class MultipleVersionAvroBytesDecoder : AvroBytesDecoder
{
    /// <summary>The writer schemas by id (decimal text), each an Avro schema as JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Schemas { get; init; }

    /// <inheritdoc />
    internal override IRecordDecoder Create(AvroValues values, ILoggerFactory loggerFactory)
    {
        if (Schemas is not { Count: > 0 } schemas)
        {
            throw new ArgumentException("avro_stream parser: parser.avroBytesDecoder.schemas is required for multiple_version and must name at least one schema.");
        }

        var readers = new Dictionary<int, DatumReader>();
        foreach (var (key, schema) in schemas)
        {
            var field = $"parser.avroBytesDecoder.schemas.{key}";
            if (!int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
            {
                throw new ArgumentException($"avro_stream parser: {field}: a schema id must be a 32-bit integer.");
            }

            readers[id] = new DatumReader(ParseSchema(field, schema.ValueKind == JsonValueKind.String ? schema.GetString()! : schema.GetRawText()), values);
        }

        return new Decoder(readers);
    }

    private sealed class Decoder(Dictionary<int, DatumReader> readers) : IRecordDecoder
    {
        public IReadOnlyDictionary<string, object?> Decode(ReadOnlySpan<byte> message)
        {
            var id = SchemaId(message, 1, "multiple_version");
            return readers.TryGetValue(id, out var reader)
                ? reader.Read(message[5..], $"schema id {id}")
                : throw new ParseException($"Avro schema id {id} is not among the multiple_version schemas ({string.Join(", ", readers.Keys.Order())}).");
        }
    }
}
