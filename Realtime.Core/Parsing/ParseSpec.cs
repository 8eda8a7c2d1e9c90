using Realtime.Abstractions.Components;

namespace Realtime.Core.Parsing;

/// <summary>
/// The parser's <c>parseSpec</c>: the message format (chosen by <c>format</c>, <c>tsv</c> when absent), where the
/// timestamp is and which fields are dimensions.
/// </summary>
[ComponentSlot("parseSpec", Discriminator = "format", DefaultType = "tsv")]
public abstract class ParseSpec
{
    /// <summary>Where the event time is and how it is written.</summary>
    public TimestampSpec TimestampSpec { get; init; } = new();

    /// <summary>The dimensions rows are indexed with.</summary>
    public DimensionsSpec DimensionsSpec { get; init; } = new();

    /// <summary>Plans which fields of a JSON object or map become row fields.</summary>
    /// <exception cref="ArgumentException">A field of the spec is invalid; the message names it.</exception>
    internal virtual FlattenPlan CreateFlattenPlan(RowAssembler row, string path) => FlattenPlan.Discovery(lowercaseKeys: false);

    /// <summary>The decoder of messages of bytes in this format; a format without a text form reads each message as one JSON object.</summary>
    /// <exception cref="ArgumentException">A field of the spec is invalid; the message names it.</exception>
    internal virtual RecordDecoder CreateTextDecoder(RowAssembler row, FieldNameTable names, FlattenPlan plan, string path) =>
        new JsonRecordDecoder(plan, names);
}
