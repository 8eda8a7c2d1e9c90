using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.Future;

[assembly: RealtimeComponent("test-future", typeof(FutureFirehoseFactory))]

namespace Realtime.TestPlugins.Future;

/// <summary>A firehose from a plugin built against contracts version 1.99; it emits nothing.</summary>
public sealed class FutureFirehoseFactory : IFirehoseFactory
{
    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new MessageFirehose(parser, []));
}
