namespace Realtime.Plugins.Formats;

/// <summary>Decodes one binary message into a map of field values.</summary>
/// <remarks>
/// Nested records are nested maps, arrays are lists, enums are their names and timestamps are epoch milliseconds.
/// Used by one ingest thread at a time.
/// </remarks>
internal interface IRecordDecoder
{
    /// <summary>The message's fields.</summary>
    /// <exception cref="Abstractions.Parsing.ParseException">The message is malformed or its schema cannot be found.</exception>
    IReadOnlyDictionary<string, object?> Decode(ReadOnlySpan<byte> message);
}
