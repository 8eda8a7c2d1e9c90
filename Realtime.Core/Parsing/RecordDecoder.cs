namespace Realtime.Core.Parsing;

/// <summary>Decodes one message of bytes into the fields of a row (JSON, CSV, TSV or regex).</summary>
/// <remarks>One per parser, used by one ingest thread at a time.</remarks>
internal abstract class RecordDecoder
{
    /// <summary>Adds the message's fields to <paramref name="row"/>, which has begun a new event.</summary>
    /// <exception cref="Realtime.Abstractions.Parsing.ParseException">The message is malformed.</exception>
    public abstract void Decode(ReadOnlySpan<byte> utf8, RowAssembler row);
}
