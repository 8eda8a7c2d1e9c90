using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.CommitGate;

[assembly: RealtimeComponent("test-commit-gate", typeof(CommitGateFirehoseFactory))]

namespace Realtime.TestPlugins.CommitGate;

/// <summary>
/// Reads <see cref="Delegate"/> unchanged, but while <see cref="HoldFile"/> exists a committer about to run writes
/// <c>HoldFile.held</c> and waits: the persist is on disk, its commit has not happened.
/// </summary>
public sealed class CommitGateFirehoseFactory : IFirehoseFactory
{
    /// <summary>The firehose to read.</summary>
    public required IFirehoseFactory Delegate { get; init; }

    /// <summary>While this file exists, committers are held.</summary>
    public required string HoldFile { get; init; }

    /// <inheritdoc />
    public async ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new GatedFirehose(await Delegate.ConnectAsync(parser, context, cancellationToken), HoldFile);

    private sealed class GatedFirehose(IFirehose inner, string holdFile) : IFirehose
    {
        public ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken) => inner.HasMoreAsync(cancellationToken);

        public InputRow? NextRow() => inner.NextRow();

        public ICommitter MakeCommitter()
        {
            var committer = inner.MakeCommitter();
            return Committers.Create(committer.Metadata, () =>
            {
                if (File.Exists(holdFile))
                {
                    File.WriteAllText(holdFile + ".held", "");
                    while (File.Exists(holdFile))
                    {
                        Thread.Sleep(50);
                    }
                }

                committer.Run();
            });
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
