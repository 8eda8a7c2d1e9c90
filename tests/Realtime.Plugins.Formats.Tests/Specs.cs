using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Parsing;
using Realtime.Plugins.Formats.Avro;

namespace Realtime.Plugins.Formats.Tests;

/// <summary>Parser specs read and built the way the node reads and builds them, with the plugin's components registered.</summary>
internal static class Specs
{
    public static readonly SpecSerializer Serializer = new(new ComponentRegistry.Builder().Add(typeof(AvroStreamInputRowParserFactory).Assembly, "Formats").Build());

    public static IInputRowParserFactory Factory(string json) => Serializer.Deserialize<IInputRowParserFactory>(json);

    public static IInputRowParser Parser(string json) =>
        Factory(json).Create(MapInputRowParserFactory.CreateContext(Serializer, [], new ServiceCollection().BuildServiceProvider()));
}
