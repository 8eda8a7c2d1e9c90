using System.Text.Json;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Protobuf;

/// <summary>
/// Druid's <c>protobuf</c> parser: each message is one protobuf message of <see cref="ProtoMessageType"/>, described by a
/// compiled descriptor set; it is read as a map with the parse spec's timestamp, dimensions and flatten rules.
/// </summary>
/// <remarks>The descriptor is read once when the pipeline starts. A malformed message is counted as unparseable.</remarks>
public sealed class ProtobufInputRowParserFactory : IInputRowParserFactory
{
    /// <summary>The <c>FileDescriptorSet</c> file: a path, a <c>file:</c> URL or an <c>http(s):</c> URL.</summary>
    public string? Descriptor { get; init; }

    /// <summary>The message type, full (<c>pkg.Event</c>) or simple (<c>Event</c>); the first of the set's last file when absent.</summary>
    public string? ProtoMessageType { get; init; }

    /// <summary>The parse spec, format <c>protobuf</c> (or <c>json</c>): <c>timestampSpec</c>, <c>dimensionsSpec</c> and <c>flattenSpec</c>.</summary>
    public JsonElement? ParseSpec { get; init; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A field of the spec is missing or invalid, or the descriptor cannot be read; the message names it.</exception>
    public IInputRowParser Create(ParserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(Descriptor))
        {
            throw new ArgumentException("protobuf parser: parser.descriptor is required.");
        }

        var mapParser = MapParseSpec.CreateParser("protobuf", ParseSpec, context, "protobuf", "json");
        var type = ProtobufDescriptors.Find(ProtobufDescriptors.Load(Descriptor), ProtoMessageType);
        var loggerFactory = context.LoggerFactory;
        FormatsLog.DescriptorLoaded(loggerFactory.CreateLogger<ProtobufInputRowParserFactory>(), type.FullName, Descriptor);
        return new DecodingInputRowParser(new ProtobufMessageDecoder(type), mapParser);
    }
}
