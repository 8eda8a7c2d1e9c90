using System.Text;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Parsing;

/// <summary>
/// Druid's <c>map</c> parser: takes events that are already maps. A message of bytes is read as one JSON object,
/// so a spec with this parser works with any firehose. Text format fields (columns, delimiters) are not used.
/// </summary>
public sealed class MapInputRowParserFactory : ParseSpecParserFactory
{
    /// <inheritdoc />
    public override IInputRowParser Create(ParserContext context) => Create(context, nativeText: false, Encoding.UTF8);
}
