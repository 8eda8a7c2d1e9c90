using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Parsing;

/// <summary>
/// Druid's <c>string</c> parser (the default): decodes each message of bytes in the parse spec's format. Events
/// that arrive as maps get the same timestamp and dimension rules.
/// </summary>
public sealed class StringInputRowParserFactory : ParseSpecParserFactory
{
    /// <summary>The character encoding of messages; UTF-8 unless set.</summary>
    public string? Encoding { get; init; }

    /// <inheritdoc />
    public override IInputRowParser Create(ParserContext context)
    {
        System.Text.Encoding encoding;
        try
        {
            encoding = Encoding is null ? System.Text.Encoding.UTF8 : System.Text.Encoding.GetEncoding(Encoding);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"parser.encoding '{Encoding}' is not a known character encoding.", e);
        }

        return Create(context, nativeText: true, encoding);
    }
}
