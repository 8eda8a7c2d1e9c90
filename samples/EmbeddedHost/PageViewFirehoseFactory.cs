using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Samples.EmbeddedHost;

/// <summary>A firehose over the app's <see cref="PageViewStream"/>: each page view becomes a row through the pipeline's parser.</summary>
/// <remarks>
/// The stream lives in memory and cannot replay, so the committer carries no position: page views accepted but not
/// yet persisted are lost if the process dies. A normal shutdown persists them first.
/// </remarks>
public sealed class PageViewFirehoseFactory : IFirehoseFactory
{
    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new PageViewFirehose(parser, context.Services.GetRequiredService<PageViewStream>()));

    private sealed class PageViewFirehose(IInputRowParser parser, PageViewStream stream) : IFirehose
    {
        private (long TimestampMillis, PageView View) _next;

        public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            while (!stream.Reader.TryRead(out _next))
            {
                if (!await stream.Reader.WaitToReadAsync(cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        public InputRow? NextRow() => parser.Parse(new Dictionary<string, object?>
        {
            ["timestamp"] = _next.TimestampMillis,
            ["page"] = _next.View.Page,
            ["country"] = _next.View.Country,
            ["durationMs"] = _next.View.DurationMs,
        });

        public ICommitter MakeCommitter() => Committers.Nil;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
