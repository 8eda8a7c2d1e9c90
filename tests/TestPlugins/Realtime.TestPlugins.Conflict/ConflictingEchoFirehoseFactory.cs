using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.Conflict;

[assembly: RealtimeComponent("test-echo", typeof(ConflictingEchoFirehoseFactory))]

namespace Realtime.TestPlugins.Conflict;

/// <summary>A second firehose named <c>test-echo</c>; it emits nothing.</summary>
public sealed class ConflictingEchoFirehoseFactory : IFirehoseFactory
{
    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new MessageFirehose(parser, []));
}
