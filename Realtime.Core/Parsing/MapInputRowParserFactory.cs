using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;

namespace Realtime.Core.Parsing;

/// <summary>
/// Druid's <c>map</c> parser: takes events that are already maps. A message of bytes is read as one JSON object,
/// so a spec with this parser works with any firehose. Text format fields (columns, delimiters) are not used.
/// </summary>
public sealed class MapInputRowParserFactory : ParseSpecParserFactory
{
    /// <inheritdoc />
    public override IInputRowParser Create(ParserContext context) => Create(context, nativeText: false, Encoding.UTF8);

    /// <summary>
    /// The context the node gives parsers: its <see cref="ParserContext.CreateMapParser"/> reads a <c>parseSpec</c>
    /// object with <paramref name="serializer"/> as the <c>json</c> format, whatever its <c>format</c>, and builds a
    /// <c>map</c> parser from it.
    /// </summary>
    public static ParserContext CreateContext(SpecSerializer serializer, IReadOnlyCollection<string> implicitExclusions, IServiceProvider services, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        var logging = loggerFactory ?? NullLoggerFactory.Instance;
        var plain = new ParserContext { ImplicitExclusions = implicitExclusions, Services = services, LoggerFactory = logging };
        return new ParserContext
        {
            ImplicitExclusions = implicitExclusions,
            Services = services,
            LoggerFactory = logging,
            CreateMapParser = parseSpec => ForParseSpec(parseSpec, serializer).Create(plain),
        };
    }

    /// <summary>A <c>map</c> parser spec over the timestamp, dimensions and flatten fields of <paramref name="parseSpec"/>.</summary>
    /// <exception cref="ArgumentException">The parse spec is not an object or a field does not fit; the message names it.</exception>
    internal static MapInputRowParserFactory ForParseSpec(JsonElement parseSpec, SpecSerializer serializer)
    {
        if (parseSpec.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"parser.parseSpec must be an object, not {parseSpec.ValueKind}.");
        }

        var spec = new JsonObject();
        foreach (var property in parseSpec.EnumerateObject())
        {
            if (!string.Equals(property.Name, "format", StringComparison.OrdinalIgnoreCase))
            {
                spec[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        spec["format"] = "json";
        try
        {
            return new MapInputRowParserFactory { ParseSpec = serializer.Deserialize<ParseSpec>(spec.ToJsonString(), "parser.parseSpec") };
        }
        catch (SpecException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }
}
