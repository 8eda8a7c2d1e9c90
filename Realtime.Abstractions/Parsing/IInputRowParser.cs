using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Realtime.Abstractions.Parsing;

/// <summary>Turns raw messages from a firehose into rows. Created per pipeline from the spec's <c>parser</c>.</summary>
/// <remarks>Implementations are used by one ingest thread at a time.</remarks>
public interface IInputRowParser
{
    /// <summary>Parses one message of bytes (a line, a Kafka record, one JSON object).</summary>
    /// <returns>The row, or null when the message yields no row (counted as thrown away).</returns>
    /// <exception cref="ParseException">The message is malformed; it is counted as unparseable.</exception>
    InputRow? Parse(ReadOnlySpan<byte> utf8);

    /// <summary>Parses an event that is already a map of field values (HTTP push, embedded sources).</summary>
    /// <returns>The row, or null when the event yields no row (counted as thrown away).</returns>
    /// <exception cref="ParseException">The event is malformed; it is counted as unparseable.</exception>
    InputRow? Parse(IReadOnlyDictionary<string, object?> fields);
}

/// <summary>The spec's <c>parser</c> object: Druid's <c>string</c> and <c>map</c> parsers, or a plugin's.</summary>
[Components.ComponentSlot("parser", DefaultType = "string")]
public interface IInputRowParserFactory
{
    /// <summary>Builds the parser for one pipeline.</summary>
    IInputRowParser Create(ParserContext context);
}

/// <summary>What the pipeline tells a parser beyond its own spec.</summary>
public sealed class ParserContext
{
    /// <summary>Fields that schemaless dimension discovery must skip: aggregator inputs and names.</summary>
    public IReadOnlyCollection<string> ImplicitExclusions { get; init; } = [];

    /// <summary>The host's services.</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>Where the parser logs. Added in contracts 1.2; by default nothing is logged.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Builds the node's <c>map</c> parser for a <c>parseSpec</c> object: its <c>timestampSpec</c>,
    /// <c>dimensionsSpec</c> and <c>flattenSpec</c> applied to events that are maps, whatever its <c>format</c> says.
    /// </summary>
    /// <remarks>
    /// A parser that decodes a binary format into maps hands them to this parser. The map may hold nested maps, lists,
    /// strings, numbers and booleans. Hosts that do not set it throw <see cref="NotSupportedException"/>; the node
    /// throws <see cref="ArgumentException"/> naming the field when the parse spec is invalid.
    /// </remarks>
    public Func<JsonElement, IInputRowParser> CreateMapParser { get; init; } = _ =>
        throw new NotSupportedException("This host does not build map parsers for parse specs: set ParserContext.CreateMapParser.");
}
