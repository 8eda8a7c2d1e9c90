using System.Text;
using Moq;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Parsing;

namespace Realtime.Core.Tests.Parsing;

/// <summary>Builds parsers for tests.</summary>
internal static class Parsers
{
    public static readonly SpecSerializer Spec = new(ComponentRegistry.BuiltIn);

    public static ParserContext Context(params string[] implicitExclusions) =>
        new() { Services = Mock.Of<IServiceProvider>(), ImplicitExclusions = implicitExclusions };

    public static IInputRowParser String(ParseSpec spec, params string[] implicitExclusions) =>
        new StringInputRowParserFactory { ParseSpec = spec }.Create(Context(implicitExclusions));

    public static IInputRowParser FromJson(string parserJson, params string[] implicitExclusions) =>
        Spec.Deserialize<IInputRowParserFactory>(parserJson).Create(Context(implicitExclusions));

    public static InputRow Row(this IInputRowParser parser, string message) =>
        parser.Parse(Encoding.UTF8.GetBytes(message)) ?? throw new AssertionException("The parser returned no row.");

    public static long Millis(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    public static DimensionsSpec Dimensions(params string[] names) =>
        new() { Dimensions = names.Select(n => new DimensionSchema { Name = n }).ToArray() };
}
