using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats;

/// <summary>
/// Decodes binary messages into maps and gives them to the node's <c>map</c> parser, which applies the spec's
/// timestamp, dimensions and flatten rules. Events that are already maps go to that parser as they are.
/// </summary>
internal sealed class DecodingInputRowParser(IRecordDecoder decoder, IInputRowParser mapParser) : IInputRowParser
{
    public InputRow? Parse(ReadOnlySpan<byte> utf8) => mapParser.Parse(decoder.Decode(utf8));

    public InputRow? Parse(IReadOnlyDictionary<string, object?> fields) => mapParser.Parse(fields);
}
