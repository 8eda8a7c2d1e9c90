using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Plugins.Http.Receiver;

namespace Realtime.Plugins.Http.Tests;

/// <summary>Spec JSON read the way the node reads it, with the plugin's components registered.</summary>
internal static class Specs
{
    public static readonly SpecSerializer Serializer = new(new ComponentRegistry.Builder().Add(typeof(EventReceiverFirehoseFactory).Assembly, "Http").Build());

    /// <summary>A <c>map</c> parser of <c>{"timestamp", "page", "added"}</c> events with <c>page</c> as dimension.</summary>
    public static IInputRowParser PageParser() =>
        Serializer.Deserialize<IInputRowParserFactory>("""
            { "type": "map", "parseSpec": { "format": "json", "timestampSpec": { "column": "timestamp", "format": "auto" },
              "dimensionsSpec": { "dimensions": ["page"] } } }
            """).Create(new ParserContext { Services = new ServiceCollection().BuildServiceProvider(), ImplicitExclusions = ["added"] });

    public static IFirehoseFactory Firehose(string json) => Serializer.Deserialize<IFirehoseFactory>(json);
}
