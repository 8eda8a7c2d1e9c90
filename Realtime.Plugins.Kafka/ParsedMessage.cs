using Confluent.Kafka;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Kafka;

/// <summary>A message value parsed on the consume thread: a row, no row (a null value), or why it could not be parsed.</summary>
internal readonly record struct ParsedMessage(InputRow? Row, ParseException? Error);

/// <summary>
/// Parses message values straight from librdkafka's buffer with the pipeline's parser, so no copy of the bytes is made.
/// </summary>
/// <remarks>Used by the consume thread only, which is then the parser's one thread.</remarks>
internal sealed class ParsingDeserializer(IInputRowParser parser) : IDeserializer<ParsedMessage>
{
    /// <inheritdoc />
    public ParsedMessage Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return default;
        }

        try
        {
            return new ParsedMessage(parser.Parse(data), null);
        }
        catch (ParseException e)
        {
            return new ParsedMessage(null, e);
        }
    }
}
