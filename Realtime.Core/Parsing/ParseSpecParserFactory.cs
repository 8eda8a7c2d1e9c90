using System.Text;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Parsing;

/// <summary>
/// A parser spec built around a <see cref="Parsing.ParseSpec"/> (Druid's <c>string</c> and <c>map</c> parsers).
/// The pipeline reads the timestamp column, the explicit dimensions and the exclusions from <see cref="ParseSpec"/>.
/// </summary>
public abstract class ParseSpecParserFactory : IInputRowParserFactory
{
    /// <summary>The format, timestamp and dimensions of the input.</summary>
    public required ParseSpec ParseSpec { get; init; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The parse spec is invalid; the message names the field.</exception>
    public abstract IInputRowParser Create(ParserContext context);

    /// <summary>Checks the parse spec and builds a parser; <paramref name="nativeText"/> reads bytes in the spec's format rather than as JSON.</summary>
    private protected IInputRowParser Create(ParserContext context, bool nativeText, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(context);
        const string path = "parseSpec";
        if (ParseSpec is null)
        {
            throw new ArgumentException("parser.parseSpec is required.");
        }

        var timestamp = (ParseSpec.TimestampSpec ?? new TimestampSpec()).CreateParser($"{path}.timestampSpec");
        var dimensions = ParseSpec.DimensionsSpec ?? new DimensionsSpec();
        dimensions.Validate($"{path}.dimensionsSpec");
        var row = new RowAssembler(timestamp, dimensions, context.ImplicitExclusions);
        var plan = ParseSpec.CreateFlattenPlan(row, path);
        var names = new FieldNameTable(plan, row);
        var bytes = nativeText ? ParseSpec.CreateTextDecoder(row, names, plan, path) : new JsonRecordDecoder(plan, names);
        return new SpecInputRowParser(bytes, new MapRecordReader(plan, names), row, encoding);
    }
}
