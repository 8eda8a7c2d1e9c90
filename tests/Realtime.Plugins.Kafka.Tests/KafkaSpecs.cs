using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Tests.Plugins;

namespace Realtime.Plugins.Kafka.Tests;

/// <summary>Spec reading with the plugin's components, the rows the tests produce, and a pipeline's view of a firehose.</summary>
internal static class KafkaSpecs
{
    /// <summary>The event time of every test row.</summary>
    public const string Timestamp = "2013-08-31T01:00:00Z";

    /// <summary>The spec serializer of a node that loaded the Kafka plugin.</summary>
    public static SpecSerializer Serializer { get; } =
        new(new ComponentRegistry.Builder().Add(typeof(KafkaFirehoseFactory).Assembly, "Kafka").Build());

    /// <summary>A test row: <c>{"timestamp":…,"id":id,"value":1}</c>.</summary>
    public static string Row(string id) => $$"""{"timestamp":"{{Timestamp}}","id":"{{id}}","value":1}""";

    /// <summary>Druid's JSON string parser with the dimension <c>id</c>.</summary>
    public static IInputRowParser Parser() =>
        Serializer.Deserialize<IInputRowParserFactory>("""{ "type": "string", "parseSpec": { "format": "json", "dimensionsSpec": { "dimensions": ["id"] } } }""")
            .Create(new ParserContext { Services = new ServiceCollection().BuildServiceProvider() });

    /// <summary>What a pipeline gives a firehose, logging into <paramref name="log"/>.</summary>
    public static FirehoseContext Context(RecordingLogger<KafkaFirehoseFactory> log, JsonElement? lastCommitMetadata = null)
    {
        var loggers = new Mock<ILoggerFactory>();
        loggers.Setup(f => f.CreateLogger(It.IsAny<string>())).Returns(log);
        return new FirehoseContext
        {
            Services = new ServiceCollection().BuildServiceProvider(),
            DataSource = "events",
            LoggerFactory = loggers.Object,
            LastCommitMetadata = lastCommitMetadata,
        };
    }
}
