using System.Text.Json;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Avro;

/// <summary>
/// Druid's <c>avro_stream</c> parser: each message is one Avro record whose writer schema the
/// <see cref="AvroBytesDecoder"/> finds; the record is read as a map with the parse spec's timestamp, dimensions and
/// flatten rules.
/// </summary>
/// <remarks>A message that cannot be decoded is counted as unparseable; the pipeline goes on.</remarks>
public sealed class AvroStreamInputRowParserFactory : IInputRowParserFactory
{
    /// <summary>How the writer schema of a message is found.</summary>
    public AvroBytesDecoder? AvroBytesDecoder { get; init; }

    /// <summary>The parse spec, format <c>avro</c>: <c>timestampSpec</c>, <c>dimensionsSpec</c> and <c>flattenSpec</c>.</summary>
    public JsonElement? ParseSpec { get; init; }

    /// <summary>Whether <c>bytes</c> and <c>fixed</c> values are read as UTF-8 text rather than base64.</summary>
    public bool BinaryAsString { get; init; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A field of the spec is missing or invalid; the message names it.</exception>
    public IInputRowParser Create(ParserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decoder = AvroBytesDecoder ?? throw new ArgumentException("avro_stream parser: parser.avroBytesDecoder is required.");
        var mapParser = MapParseSpec.CreateParser("avro_stream", ParseSpec, context, "avro");
        var loggerFactory = context.LoggerFactory;
        return new DecodingInputRowParser(decoder.Create(new AvroValues(BinaryAsString), loggerFactory), mapParser);
    }
}
