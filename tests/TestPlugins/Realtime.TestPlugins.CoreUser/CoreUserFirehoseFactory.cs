using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.TestPlugins.CoreUser;

[assembly: RealtimeComponent("test-core-user", typeof(CoreUserFirehoseFactory))]

namespace Realtime.TestPlugins.CoreUser;

/// <summary>A firehose that emits the firehose type names the node's built-in registry knows, read through Realtime.Core.</summary>
public sealed class CoreUserFirehoseFactory : IFirehoseFactory
{
    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new MessageFirehose(parser, ComponentRegistry.BuiltIn.TypeNames(typeof(IFirehoseFactory))));
}
