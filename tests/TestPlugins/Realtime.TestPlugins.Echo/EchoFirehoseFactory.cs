using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.Echo;

[assembly: RealtimeComponent("test-echo", typeof(EchoFirehoseFactory))]

namespace Realtime.TestPlugins.Echo;

/// <summary>A firehose that hands <see cref="Count"/> messages <c>{Prefix}-{i}</c> to the parser, then ends.</summary>
public sealed class EchoFirehoseFactory : IFirehoseFactory
{
    /// <summary>How many messages to emit.</summary>
    public int Count { get; init; } = 3;

    /// <summary>The text before each message's number.</summary>
    public string Prefix { get; init; } = "echo";

    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new MessageFirehose(parser, Enumerable.Range(0, Count).Select(i => $"{Prefix}-{i}")));
}
