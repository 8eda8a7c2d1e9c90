using Realtime.Abstractions.Parsing;

namespace Realtime.Abstractions.Sdk;

/// <summary>
/// A message parsed ahead of the ingest loop: its row (null when the parser made none), or the parse error to raise
/// when the loop reaches it, so that the pipeline counts it as unparseable in order; with where it came from.
/// </summary>
/// <typeparam name="TPosition">Where the message came from: a line, an offset.</typeparam>
/// <remarks>Added in contracts 1.2.</remarks>
public readonly record struct ParsedRow<TPosition>(InputRow? Row, ParseException? Error, TPosition Position)
{
    /// <summary>Parses <paramref name="input"/>, keeping a parse error for later.</summary>
    /// <param name="parser">The pipeline's parser.</param>
    /// <param name="input">The raw message.</param>
    /// <param name="position">Where the message came from.</param>
    /// <param name="locate">Prefixes a parse error's message with where the input was (a file and line); null to keep it as it is.</param>
    public static ParsedRow<TPosition> Parse(IInputRowParser parser, ReadOnlySpan<byte> input, TPosition position, Func<TPosition, string>? locate = null)
    {
        try
        {
            return new ParsedRow<TPosition>(parser.Parse(input), null, position);
        }
        catch (ParseException e)
        {
            var error = locate is null ? e : new ParseException($"{locate(position)}: {e.Message}", e.Input, e);
            return new ParsedRow<TPosition>(null, error, position);
        }
    }

    /// <summary>The row, or the parse error thrown on the calling (ingest) thread.</summary>
    /// <exception cref="ParseException">The message could not be parsed.</exception>
    public InputRow? RowOrThrow() => Error is { } error ? throw error : Row;
}
