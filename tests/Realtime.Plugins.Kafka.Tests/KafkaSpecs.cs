using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Tests.Plugins;
using Realtime.Testing;

namespace Realtime.Plugins.Kafka.Tests;

/// <summary>Spec reading with the plugin's components, the rows the tests produce, and a pipeline's view of a firehose.</summary>
internal static class KafkaSpecs
{
    /// <summary>The event time of every test row.</summary>
    public const string Timestamp = "2013-08-31T01:00:00Z";

    /// <summary>The spec serializer of a node that loaded the Kafka plugin.</summary>
    public static SpecSerializer Serializer { get; } =
        new(new ComponentRegistry.Builder().Add(typeof(KafkaFirehoseFactory).Assembly, "Kafka").Build());

    /// <summary>Where the plugin project builds to: the node's default plugins folder when run from the repository root.</summary>
    public static string PluginsDirectory => Path.Combine(RepositoryPaths.Root, "plugins");

    /// <summary>The arguments that make a node load the plugin from <see cref="PluginsDirectory"/> through the load list.</summary>
    public static string[] PluginArguments => ["--Realtime:Plugins:Directory", PluginsDirectory, "--Realtime:Plugins:LoadList:0", "Kafka"];

    /// <summary>Fails the test unless the plugin has been built into <see cref="PluginsDirectory"/>.</summary>
    public static void AssertPluginBuilt() =>
        Assert.That(File.Exists(Path.Combine(PluginsDirectory, "Kafka", "Kafka.dll")), Is.True, "Build Realtime.Plugins.Kafka first: plugins/Kafka/Kafka.dll is missing.");

    /// <summary>
    /// A <c>kafka</c> firehose spec reading from the earliest offset; <paramref name="assignor"/> makes it a member of the
    /// group's rebalances, otherwise it assigns itself <paramref name="partitions"/> (all when null).
    /// </summary>
    public static string Firehose(string bootstrapServers, string topic, string groupId, bool exactlyOnce, string? assignor = null, IReadOnlyList<int>? partitions = null)
    {
        var assigned = partitions is null ? "" : $"\"partitions\": [{string.Join(", ", partitions)}], ";
        return $$"""
            { "type": "kafka", "bootstrapServers": "{{bootstrapServers}}", "topic": "{{topic}}", "groupId": "{{groupId}}",
              "exactlyOnce": {{(exactlyOnce ? "true" : "false")}}, "assignment": "{{(assignor is null ? "manual" : "group")}}", {{assigned}}
              "consumerProperties": { "auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 500, "fetch.wait.max.ms": 10,
                "partition.assignment.strategy": "{{assignor ?? "range,roundrobin"}}" } }
            """;
    }

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
