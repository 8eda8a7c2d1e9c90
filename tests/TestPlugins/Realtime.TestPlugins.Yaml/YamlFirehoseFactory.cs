using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.Yaml;
using YamlDotNet.Serialization;

[assembly: RealtimeComponent("test-yaml", typeof(YamlFirehoseFactory))]

namespace Realtime.TestPlugins.Yaml;

/// <summary>
/// A firehose that emits two messages: the version of the YamlDotNet assembly the plugin runs with, and
/// <see cref="Count"/> serialized as YAML by it.
/// </summary>
public sealed class YamlFirehoseFactory : IFirehoseFactory
{
    /// <summary>The value serialized into the second message.</summary>
    public int Count { get; init; } = 3;

    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        var version = typeof(ISerializer).Assembly.GetName().Version!.ToString();
        var yaml = new SerializerBuilder().Build().Serialize(new Dictionary<string, int> { ["count"] = Count }).Trim();
        return new(new MessageFirehose(parser, [version, yaml]));
    }
}
