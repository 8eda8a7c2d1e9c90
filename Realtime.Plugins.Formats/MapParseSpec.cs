using System.Text.Json;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats;

/// <summary>Checks a binary parser's <c>parseSpec</c> and builds the node's map parser from it.</summary>
internal static class MapParseSpec
{
    /// <summary>The node's map parser for <paramref name="parseSpec"/>, whose <c>format</c> must be one of <paramref name="formats"/> (the first when absent).</summary>
    /// <exception cref="ArgumentException">The parse spec is missing, not an object or of another format; the message names the field.</exception>
    public static IInputRowParser CreateParser(string parser, JsonElement? parseSpec, ParserContext context, params string[] formats)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (parseSpec is not { ValueKind: JsonValueKind.Object } spec)
        {
            throw new ArgumentException($"{parser} parser: parser.parseSpec is required and must be an object.");
        }

        if (spec.TryGetProperty("format", out var format)
            && (format.ValueKind != JsonValueKind.String || !formats.Contains(format.GetString(), StringComparer.Ordinal)))
        {
            throw new ArgumentException(
                $"{parser} parser: parser.parseSpec.format must be {string.Join(" or ", formats.Select(f => $"'{f}'"))}, not {format.GetRawText()}.");
        }

        return context.CreateMapParser(spec);
    }
}
